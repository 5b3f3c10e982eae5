//! Fast projection of many vertices for conic projections (Lambert-93, the main piece of the France
//! composite, the lower 48 of Albers USA). Their expensive part is separable: ρ depends only on latitude and the angle only on
//! longitude. Tabulating ρ(φ) and sin/cos(nλ) over the layer's extent and interpolating linearly is
//! exact to well under a millimetre (error ≤ h²/8 · |f″|) and avoids millions of software `powf`,
//! `tan` and `sin` calls, which are several times slower in Wasm than natively.

use super::projection::{
    albers_conus_nc, albers_conus_origin, albers_conus_rho_theta, conic_equal_area_rho,
    lambert93_origin, lambert93_rho_theta, lambert93_theta, Projection,
};

const N: usize = 16_384;
/// Entries between two exact sines in [`sin_cos`] (rotated in between).
const BLOCK: usize = 256;

/// sin and cos of `a0 + i·da` for `i` in `0..N`: computed exactly every [`BLOCK`] entries and by
/// rotation through `da` in between (four products instead of two software sines: Wasm has no
/// sine instruction, and the tables' 50,000 sines were 3–5 ms of a first map of the US counties).
/// A rotation's rounding (a few units in the last place) grows to ~1e-13 over a block.
fn sin_cos(a0: f64, da: f64) -> (Vec<f64>, Vec<f64>) {
    let (sd, cd) = da.sin_cos();
    let (mut sin, mut cos) = (Vec::with_capacity(N), Vec::with_capacity(N));
    let (mut s, mut c) = (0.0, 0.0);
    for i in 0..N {
        if i % BLOCK == 0 {
            (s, c) = (a0 + da * i as f64).sin_cos();
        }
        sin.push(s);
        cos.push(c);
        (s, c) = (s * cd + c * sd, c * cd - s * sd);
    }
    (sin, cos)
}

#[derive(Clone, Debug)]
struct Table {
    lo: f64,
    inv_step: f64,
    v: Vec<f64>,
}

impl Table {
    /// The grid's step over `lo..=hi`.
    fn step(lo: f64, hi: f64) -> f64 {
        ((hi - lo) / (N - 1) as f64).max(1e-12)
    }
    /// `v[i]` = f(lo + i·step) (N values).
    fn of(lo: f64, hi: f64, v: Vec<f64>) -> Table {
        Table {
            lo,
            inv_step: 1.0 / Table::step(lo, hi),
            v,
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
                |lat, _| lambert93_rho_theta(0.0, lat).0,
                lambert93_theta,
                lambert93_origin(),
            ),
            // the main piece only (`compute` uses it for piece 0, the lower 48 chosen by a first
            // vertex in 23…50°N, 125…66°W): tables over that region with a margin for the features
            // that reach past it, finer than over the layer's whole box (which spans the Aleutians
            // and Guam); anything outside takes the exact path
            Projection::AlbersUsa | Projection::AlbersUsaTerritories => {
                let (n, c) = albers_conus_nc();
                Fast::conic(
                    ((b[1] - pad).max(20.0), (b[3] + pad).min(53.0)),
                    ((b[0] - pad).max(-130.0), (b[2] + pad).min(-60.0)),
                    |_, sin_lat| conic_equal_area_rho(n, c, sin_lat),
                    |lon| albers_conus_rho_theta(lon, 0.0).1,
                    albers_conus_origin(),
                )
            }
            _ => None,
        }
    }

    /// Tables of ρ over `lat` and of sin/cos θ over `lon` for a conic split as
    /// `(ρ(lat, sin lat), θ(lon))`, θ linear in the longitude, with its `(x0, y0, ρ0)`. (θ is asked
    /// alone: computing ρ along with it for the two longitude tables took two thirds of the tables'
    /// time, 10 ms in the page; its sine and cosine, and the latitude's sine, come from [`sin_cos`].)
    fn conic(
        (lat_lo, lat_hi): (f64, f64),
        (lon_lo, lon_hi): (f64, f64),
        rho: impl Fn(f64, f64) -> f64,
        theta: fn(f64) -> f64,
        (x0, y0, rho0): (f64, f64, f64),
    ) -> Option<Fast> {
        if !(lat_lo < lat_hi && lon_lo < lon_hi) {
            return None;
        }
        let step = Table::step(lat_lo, lat_hi);
        let (sin_lat, _) = sin_cos(lat_lo.to_radians(), step.to_radians());
        let rho = (0..N)
            .map(|i| rho(lat_lo + step * i as f64, sin_lat[i]))
            .collect();
        let t0 = theta(lon_lo);
        let (sin, cos) = sin_cos(t0, theta(lon_lo + Table::step(lon_lo, lon_hi)) - t0);
        Some(Fast {
            rho: Table::of(lat_lo, lat_hi, rho),
            sin: Table::of(lon_lo, lon_hi, sin),
            cos: Table::of(lon_lo, lon_hi, cos),
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
