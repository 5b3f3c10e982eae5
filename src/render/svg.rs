//! SVG export of a map from the same projected geometry and classes as the screen: one path per
//! class (even-odd fill, so winding never matters), borders once, title, legend and source.

use crate::carto::Projected;
use crate::color::hex;
use std::fmt::Write;

pub struct SvgSpec<'a> {
    pub width: f64,
    pub height: f64,
    pub title: &'a str,
    pub source: &'a str,
    /// (label, colour, count) per legend entry, no-data last
    pub legend: Vec<(String, [u8; 3], usize)>,
    pub classes: &'a [i32],
    pub colors: &'a [[u8; 3]],
    pub no_data: [u8; 3],
    /// the histogram of the values with the breaks (an `<svg>` element), under the legend
    pub histogram: Option<String>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Fits the projected bbox into a box; returns (scale, tx, ty) so that screen = (x*s+tx, ty-y*s).
pub fn fit(b: [f32; 4], x0: f64, y0: f64, w: f64, h: f64) -> (f64, f64, f64) {
    let (bw, bh) = ((b[2] - b[0]) as f64, (b[3] - b[1]) as f64);
    let s = (w / bw.max(1e-12)).min(h / bh.max(1e-12));
    let tx = x0 + (w - bw * s) / 2.0 - b[0] as f64 * s;
    let ty = y0 + (h - bh * s) / 2.0 + b[3] as f64 * s;
    (s, tx, ty)
}

pub fn render(p: &Projected, spec: &SvgSpec) -> String {
    let (w, h) = (spec.width, spec.height);
    // wide enough for the longest label (about 7 px per character at 12 px), at least 210 px
    let longest = spec
        .legend
        .iter()
        .map(|(l, _, n)| l.chars().count() + n.to_string().len() + 3)
        .max()
        .unwrap_or(0);
    let legend_w = (26.0 + 7.0 * longest as f64 + 12.0).clamp(210.0, w / 3.0);
    let top = 48.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">"#
    );
    let _ = write!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/><text x="16" y="30" font-size="20" font-weight="bold">{}</text>"##,
        esc(spec.title)
    );
    if let Some(b) = p.bbox {
        let (s, tx, ty) = fit(b, 16.0, top, w - legend_w - 32.0, h - top - 40.0);
        let px = (1.0 / s) as f32;
        let lod = p.lod(px, 0.7);
        let k = spec.colors.len();
        let mut paths: Vec<String> = vec![String::new(); k + 1];
        for f in 0..p.len() {
            let c = spec.classes.get(f).copied().unwrap_or(-1);
            let slot = if c >= 0 && (c as usize) < k {
                c as usize
            } else {
                k
            };
            let d = &mut paths[slot];
            for r in lod.feature_rings[f] as usize..lod.feature_rings[f + 1] as usize {
                if lod.ring_kind[r] != crate::geom::POLYGON {
                    continue;
                }
                let (a, z) = (
                    lod.ring_offsets[r] as usize,
                    lod.ring_offsets[r + 1] as usize,
                );
                for v in a..z {
                    let x = lod.coords[2 * v] as f64 * s + tx;
                    let y = ty - lod.coords[2 * v + 1] as f64 * s;
                    let _ = write!(d, "{}{:.1} {:.1}", if v == a { "M" } else { "L" }, x, y);
                }
                d.push('Z');
            }
        }
        for (i, d) in paths.iter().enumerate() {
            if d.is_empty() {
                continue;
            }
            let fill = if i < k { spec.colors[i] } else { spec.no_data };
            let _ = write!(
                out,
                r##"<path fill="{}" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round" d="{}"/>"##,
                hex(fill),
                d
            );
        }
    }
    // legend
    let lx = w - legend_w;
    let mut y = top + 10.0;
    for (label, c, n) in &spec.legend {
        let _ = write!(
            out,
            r##"<rect x="{lx}" y="{y}" width="18" height="14" fill="{}" stroke="#666" stroke-width="0.5"/><text x="{}" y="{}" font-size="12">{} ({n})</text>"##,
            hex(*c),
            lx + 26.0,
            y + 11.5,
            esc(label)
        );
        y += 20.0;
    }
    if let Some(hist) = &spec.histogram {
        // placed under the legend
        let _ = write!(
            out,
            r#"<g transform="translate({lx} {})">{}</g>"#,
            y + 8.0,
            hist
        );
    }
    let _ = write!(
        out,
        r##"<text x="16" y="{}" font-size="11" fill="#555">{}</text></svg>"##,
        h - 12.0,
        esc(spec.source)
    );
    out
}
