//! sealed-atlas: statistical maps and atlases that run entirely in the browser.
//!
//! Bytes → [`io::sniff`] → [`io::geojson`] / [`io::topojson`] / [`table`] → [`join`] →
//! [`stats::classify`] → [`color`] → [`carto`] (projection, level of detail, index) → drawing.
//! Everything here is pure Rust; the browser binding is [`wasm`], compiled only for `wasm32`.

pub mod atlas;
pub mod carto;
pub mod case;
pub mod choropleth;
pub mod color;
pub mod decimal;
pub mod error;
pub mod float;
pub mod format;
pub mod fxhash;
pub mod geom;
pub mod info;
pub mod io;
pub mod join;
pub mod jsonw;
pub mod memstats;
pub mod render;
pub mod sort;
pub mod stats;
pub mod table;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Warning, Warnings};
