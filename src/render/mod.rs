//! What a map looks like, independent of where it is drawn: the fill, legend, symbols, the export's
//! sheet as SVG and (natively, for the CLI) its PNG rasterisation.
pub mod hairline;
pub mod histogram;
pub mod labels;
pub mod legend;
#[cfg(not(target_arch = "wasm32"))]
pub mod png;
pub mod raster;
pub mod sheet;
pub mod svg;
pub mod symbols;
