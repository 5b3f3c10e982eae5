//! Fast projection of many vertices for conic projections (Lambert-93, the main piece of the France
//! composite). Their expensive part is separable: ρ depends only on latitude and the angle only on
//! longitude. Tabulating ρ(φ) and sin/cos(nλ) over the layer's extent and interpolating linearly is
//! exact to well under a millimetre (error ≤ h²/8 · |f″|) and avoids millions of software `powf`,
//! `tan` and `sin` calls, which are several times slower in Wasm than natively.

use super::projection::{lambert93_origin, lambert93_rho_theta, Projection};

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
        match projection {
            Projection::Lambert93 | Projection::FranceInsets => {
                let (x0, y0, rho0) = lambert93_origin();
                let pad = 1e-9;
                Some(Fast {
                    rho: Table::new((b[1] - pad).max(-90.0), (b[3] + pad).min(90.0), |lat| {
                        lambert93_rho_theta(0.0, lat).0
                    }),
                    sin: Table::new(b[0] - pad, b[2] + pad, |lon| {
                        lambert93_rho_theta(lon, 0.0).1.sin()
                    }),
                    cos: Table::new(b[0] - pad, b[2] + pad, |lon| {
                        lambert93_rho_theta(lon, 0.0).1.cos()
                    }),
                    x0,
                    y0,
                    rho0,
                })
            }
            _ => None,
        }
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
}
