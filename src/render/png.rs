//! PNG from the same scene as the SVG export: the SVG text is rasterised natively by resvg (pure
//! Rust). Only the CLI uses it; nothing of it is compiled into the Wasm engine.

use crate::error::Error;
use resvg::{tiny_skia, usvg};

pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// font faces found on the system; with none, the PNG has no text
    pub font_faces: usize,
}

/// Families tried, in order, for the SVG's generic `sans-serif`.
const SANS: [&str; 6] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arial",
    "Helvetica",
    "FreeSans",
];

/// Rasterises an SVG at `scale` (1, 2, 3…) on white.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Png, Error> {
    if !(scale > 0.0 && scale <= 8.0) {
        return Err(Error::new("usage", "--scale must be between 0 and 8"));
    }
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_system_fonts();
    let font_faces = db.len();
    let installed = SANS.iter().find(|fam| {
        db.faces()
            .any(|f| f.families.iter().any(|(name, _)| name == *fam))
    });
    if let Some(fam) = installed {
        db.set_sans_serif_family(*fam);
    }
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| Error::new("render", format!("SVG not rasterisable: {e}")))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| Error::new("render", "image too large"))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| Error::new("render", "image too large"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| Error::new("render", format!("PNG encoding failed: {e}")))?;
    Ok(Png {
        bytes,
        width: size.width(),
        height: size.height(),
        font_faces,
    })
}
