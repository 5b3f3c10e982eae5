//! Geometry in memory: the columnar layer and the few planar algorithms the rest needs.
pub mod antimeridian;
pub mod area;
pub mod layer;
pub mod packed;
pub mod polylabel;

pub use layer::{Layer, Polylines, LINE, POINT, POLYGON};

/// The empty box: `[x0, y0, x1, y1]` that any [`union`] replaces.
pub(crate) const EMPTY: [f32; 4] = [
    f32::INFINITY,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NEG_INFINITY,
];

/// The box `acc` grown to take in `b`; a NaN side of `b` (a vertex the projection does not show)
/// leaves `acc` as it is.
#[inline(always)]
pub(crate) fn union(acc: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    use crate::float::{max, min};
    [
        min(b[0], acc[0]),
        min(b[1], acc[1]),
        max(b[2], acc[2]),
        max(b[3], acc[3]),
    ]
}
