//! What a map looks like, independent of where it is drawn: legend, and the SVG export.
pub mod histogram;
pub mod legend;
pub mod svg;
