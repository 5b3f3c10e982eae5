//! What a map looks like, independent of where it is drawn: legend, the SVG export and (natively,
//! for the CLI) its PNG rasterisation.
pub mod hairline;
pub mod histogram;
pub mod legend;
#[cfg(not(target_arch = "wasm32"))]
pub mod png;
pub mod raster;
pub mod svg;
