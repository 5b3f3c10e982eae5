//! Geometry in memory: the columnar layer and the few planar algorithms the rest needs.
pub mod layer;
pub mod packed;
pub mod polylabel;

pub use layer::{Layer, Polylines, LINE, POINT, POLYGON};
