//! Cartography: projections, the projected (screen-ready) copy of a layer, its spatial index and its
//! levels of detail.
pub mod coarse;
pub mod fast;
pub mod index;
pub mod lod;
pub mod projected;
pub mod projection;
pub mod recentre;
pub mod snapshot;
pub mod sphere;
pub mod suggest;

pub use projected::Projected;
pub use projection::Projection;
