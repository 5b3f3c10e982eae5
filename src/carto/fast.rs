//! Fast projection of many vertices for conic projections (Lambert-93, the main piece of the France
//! composite, the lower 48 of Albers USA). Their expensive part is separable: ρ depends only on latitude and the angle only on
//! longitude. Tabulating ρ(φ) and sin/cos(nλ) over the layer's extent and interpolating linearly is
//! exact to well under a millimetre (error ≤ h²/8 · |f″|) and avoids millions of software `powf`,
//! `tan` and `sin` calls, which are several times slower in Wasm than natively.

use super::projection::{
    albers_conus_origin, albers_conus_rho_theta, lambert93_origin, lambert93_rho_theta,
    lambert93_theta, Projection,
};

const N: usize = 16_384;

#[derive(Clone, Debug)]
struct Table {
    lo: f64,
    inv_step: f64,
    v: Vec<f64>,
}

impl Table {
    fn new(lo: f64, hi: f64, f: impl Fn(f64) -> f64) -> Table {
        let step = ((hi - lo) / (N - 1) as f64).max(1e-12);
        Table {
            lo,
            inv_step: 1.0 / step,
            v: (0..N).map(|i| f(lo + step * i as f64)).collect(),
        }
    }
    /// Cell index and position inside it (a multiplication, not a division, per vertex).
    #[inline]
    fn locate(&self, x: f64) -> Option<(usize, f64)> {
        let p = (x - self.lo) * self.inv_step;
        if !(0.0..=(N - 1) as f64).contains(&p) {
            return None;
        }
        let i = (p as usize).min(N - 2);
        Some((i, p - i as f64))
    }
    #[inline]
    fn at(&self, (i, t): (usize, f64)) -> f64 {
        let (a, b) = (self.v[i], self.v[i + 1]);
        a + (b - a) * t
    }
}

#[derive(Clone, Debug)]
pub struct Fast {
    rho: Table,
    sin: Table,
    cos: Table,
    x0: f64,
    y0: f64,
    rho0: f64,
}

impl Fast {
    /// A fast path for `projection` over a lon/lat box, when the projection has one.
    pub fn new(projection: &Projection, b: [f64; 4]) -> Option<Fast> {
        let pad = 1e-9;
        match projection {
            Projection::Lambert93 | Projection::FranceInsets => Fast::conic(
                ((b[1] - pad).max(-90.0), (b[3] + pad).min(90.0)),
                (b[0] - pad, b[2] + pad),
                |lat| lambert93_rho_theta(0.0, lat).0,
                lambert93_theta,
                lambert93_origin(),
            ),
            // the main piece only (`compute` uses it for piece 0, the lower 48 chosen by a first
            // vertex in 23…50°N, 125…66°W): tables over that region with a margin for the features
            // that reach past it, finer than over the layer's whole box (which spans the Aleutians
            // and Guam); anything outside takes the exact path
            Projection::AlbersUsa => Fast::conic(
                ((b[1] - pad).max(20.0), (b[3] + pad).min(53.0)),
                ((b[0] - pad).max(-130.0), (b[2] + pad).min(-60.0)),
                |lat| albers_conus_rho_theta(0.0, lat).0,
                |lon| albers_conus_rho_theta(lon, 0.0).1,
                albers_conus_origin(),
            ),
            _ => None,
        }
    }

    /// Tables of ρ over `lat` and of sin/cos θ over `lon` for a conic split as
    /// `(ρ(lat), θ(lon))`, with its `(x0, y0, ρ0)`. (θ is asked alone: computing ρ along with it
    /// for the two longitude tables took two thirds of the tables' time, 10 ms in the page.)
    fn conic(
        (lat_lo, lat_hi): (f64, f64),
        (lon_lo, lon_hi): (f64, f64),
        rho: fn(f64) -> f64,
        theta: fn(f64) -> f64,
        (x0, y0, rho0): (f64, f64, f64),
    ) -> Option<Fast> {
        if !(lat_lo < lat_hi && lon_lo < lon_hi) {
            return None;
        }
        Some(Fast {
            rho: Table::new(lat_lo, lat_hi, rho),
            sin: Table::new(lon_lo, lon_hi, |lon| theta(lon).sin()),
            cos: Table::new(lon_lo, lon_hi, |lon| theta(lon).cos()),
            x0,
            y0,
            rho0,
        })
    }

    #[inline]
    pub fn forward(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        let rho = self.rho.at(self.rho.locate(lat)?);
        // sin and cos share their grid: one lookup for both
        let cell = self.sin.locate(lon)?;
        let (s, c) = (self.sin.at(cell), self.cos.at(cell));
        let p = (self.x0 + rho * s, self.y0 + self.rho0 - rho * c);
        // as Projection::forward_piece: a non-finite point is not drawable (near a pole)
        (p.0.is_finite() && p.1.is_finite()).then_some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::projection::lambert93;

    #[test]
    fn tabulated_lambert93_is_within_a_millimetre_of_the_exact_formula() {
        let b = [-5.5, 41.0, 10.0, 51.5];
        let f = Fast::new(&Projection::Lambert93, b).unwrap();
        let mut seed = 7u64;
        let mut rnd = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..100_000 {
            let lon = b[0] + rnd() * (b[2] - b[0]);
            let lat = b[1] + rnd() * (b[3] - b[1]);
            let (x, y) = f.forward(lon, lat).unwrap();
            let (ex, ey) = lambert93(lon, lat);
            assert!(
                (x - ex).abs() < 1e-3 && (y - ey).abs() < 1e-3,
                "{lon} {lat}: {x} {y} vs {ex} {ey}"
            );
        }
        assert!(
            f.forward(b[0] - 1.0, 45.0).is_none(),
            "outside the table: the exact path is used"
        );
    }

    #[test]
    fn tabulated_albers_usa_is_within_a_centimetre_of_the_exact_formula_over_the_lower_48() {
        // US counties' box spans the antimeridian and Guam: the tables cover the lower 48 with a
        // margin, the rest goes the exact way
        let b = [-179.2, -14.6, 179.8, 71.4];
        let f = Fast::new(&Projection::AlbersUsa, b).unwrap();
        let mut seed = 11u64;
        let mut rnd = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let metre = 1.0 / 6_371_008.8; // unit sphere
        let mut tabulated = 0;
        for _ in 0..100_000 {
            let lon = -135.0 + rnd() * 80.0;
            let lat = 15.0 + rnd() * 43.0;
            let exact = Projection::AlbersUsa.forward_piece(lon, lat, 0).unwrap();
            match f.forward(lon, lat) {
                Some((x, y)) => {
                    tabulated += 1;
                    assert!(
                        (x - exact.0).abs() < 0.01 * metre && (y - exact.1).abs() < 0.01 * metre,
                        "{lon} {lat}: {x} {y} vs {exact:?}"
                    );
                }
                None => assert!(!(-130.0..=-60.0).contains(&lon) || !(20.0..=53.0).contains(&lat)),
            }
        }
        assert!(tabulated > 50_000);
    }
}
