//! Statistics for maps: classification (every method cartographers use) and its goodness of fit.
pub mod classify;
pub mod jenks;

pub use classify::{classify, classify_pooled, Classification, Method};
