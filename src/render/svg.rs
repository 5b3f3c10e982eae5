//! The map's own SVG elements at a view, from the same projected geometry and classes as the
//! screen: one path per class (even-odd fill, so winding never matters), borders once where the
//! layer knows them (TopoJSON), lines and points; only what the view shows, at the detail of its
//! scale. The sheet around it (title, legend, symbols, labels, source) is [`super::sheet`].

use crate::carto::Projected;
use crate::color::hex;
use crate::decimal::Fixed;
use crate::geom::{LINE, POINT, POLYGON};
use std::fmt::Write;

/// A coordinate to a tenth of a pixel.
fn f1(v: impl Into<f64>) -> Fixed {
    Fixed(v.into(), 1)
}

/// A view of the projected layer: `k` pixels per projected unit, screen = (x·k + tx, ty − y·k), in
/// a `w` × `h` pixel map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub k: f64,
    pub tx: f64,
    pub ty: f64,
    pub w: f64,
    pub h: f64,
}

impl View {
    /// A projected point in the map's pixels.
    #[inline]
    pub fn screen(&self, x: f32, y: f32) -> (f64, f64) {
        (x as f64 * self.k + self.tx, self.ty - y as f64 * self.k)
    }

    /// The projected box fitted into a `w` × `h` map with `pad` pixels around it.
    pub fn fit(b: [f32; 4], w: f64, h: f64, pad: f64) -> View {
        let (bw, bh) = ((b[2] - b[0]) as f64, (b[3] - b[1]) as f64);
        let (iw, ih) = ((w - 2.0 * pad).max(1.0), (h - 2.0 * pad).max(1.0));
        let k = (iw / bw.max(1e-12)).min(ih / bh.max(1e-12));
        let tx = pad + (iw - bw * k) / 2.0 - b[0] as f64 * k;
        let ty = pad + (ih - bh * k) / 2.0 + b[3] as f64 * k;
        View { k, tx, ty, w, h }
    }

    /// The frames around the insets of `p` (France's DROM, the United States' with the
    /// territories: [`Projected::inset_frames`]) in the map's pixels, `[x0, y0, x1, y1]` each: drawn over the map, and no label crosses them.
    pub fn inset_frames(&self, p: &Projected) -> Vec<[f64; 4]> {
        p.inset_frames()
            .iter()
            .map(|b| {
                let ((x0, y0), (x1, y1)) = (self.screen(b[0], b[3]), self.screen(b[2], b[1]));
                [x0, y0, x1, y1]
            })
            .collect()
    }
}

/// The width of the borders between features (CSS pixels) when their median size on screen is
/// `typical_px`: none under 2 pixels (borders would hide the fill), then a sixteenth of it, at most
/// 0.6. The screen (www/api.js) and the exports draw them alike.
pub fn border_width(typical_px: f64) -> f64 {
    if typical_px.is_nan() || typical_px < 2.0 {
        0.0
    } else {
        (typical_px / 16.0).min(0.6)
    }
}

/// How a map's features are painted.
pub struct Paint<'a> {
    /// class per feature (-1, or past the colours: no data)
    pub classes: &'a [i32],
    pub colors: &'a [[u8; 3]],
    pub no_data: [u8; 3],
}

/// Appends ring `r` of `lod` as path data at the view (`buf`: room for a ring made of its
/// borders, see [`crate::carto::projected::Lod::ring_xy`]).
fn ring_path(
    d: &mut String,
    lod: &crate::carto::projected::Lod,
    r: usize,
    v: &View,
    buf: &mut Vec<f32>,
) {
    let xy = lod.ring_xy(r, buf);
    for (i, p) in xy.chunks_exact(2).enumerate() {
        let (x, y) = v.screen(p[0], p[1]);
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { " " }, f1(x), f1(y));
        if i == 0 && xy.len() > 2 {
            d.push('L');
        }
    }
}

/// The sphere under a world map: its fill, its graticule, its outline (see `carto::sphere`); the
/// screen (www/api.js `_drawSphere`) paints the same in the same colours.
pub const SPHERE_FILL: &str = "#eaf0f6";
pub const SPHERE_GRATICULE: &str = "#d3dde8";
pub const SPHERE_OUTLINE: &str = "#9aabbb";

/// Appends the sphere's elements (nothing for a projection without an outline).
fn sphere_elements(p: &Projected, view: &View, out: &mut String) {
    let (proj, origin) = (&p.core.projection, p.core.origin);
    let outline = crate::carto::sphere::outline(proj, origin);
    if outline.len() < 6 {
        return;
    }
    // polylines as path data, a NaN pair ending each
    let path = |xy: &[f32], close: bool| {
        let mut d = String::new();
        let mut start = true;
        for v in xy.chunks_exact(2) {
            if v[0].is_nan() {
                start = true;
                continue;
            }
            let (x, y) = view.screen(v[0], v[1]);
            let _ = write!(d, "{}{} {}", if start { "M" } else { "L" }, f1(x), f1(y));
            start = false;
        }
        if close {
            d.push('Z');
        }
        d
    };
    let d = path(&outline, true);
    let g = path(
        &crate::carto::sphere::graticule(proj, origin, p.centre),
        false,
    );
    let _ = write!(
        out,
        r#"<path fill="{SPHERE_FILL}" d="{d}"/><path fill="none" stroke="{SPHERE_GRATICULE}" stroke-width="0.5" d="{g}"/><path fill="none" stroke="{SPHERE_OUTLINE}" stroke-width="0.8" d="{d}"/>"#
    );
}

/// The map's elements at `view` (in its pixels): the sphere under a world map, fills by class,
/// borders, lines, points.
pub fn map_elements(p: &Projected, view: &View, paint: &Paint) -> String {
    let mut out = String::new();
    // (a view that places nothing: a box fitted whose width is nothing beside its distance from
    // the origin gives an offset of ∞ − ∞; its frames were written at NaN, found by fuzzing)
    if p.bbox.is_none()
        || !(view.k > 0.0 && [view.k, view.tx, view.ty].iter().all(|v| v.is_finite()))
    {
        return out;
    }
    // what the view shows, and a little around it (a border's stroke at the edge)
    let m = 4.0 / view.k;
    let window = [
        (-view.tx / view.k - m) as f32,
        ((view.ty - view.h) / view.k - m) as f32,
        ((view.w - view.tx) / view.k + m) as f32,
        (view.ty / view.k + m) as f32,
    ];
    sphere_elements(p, view, &mut out);
    // the insets' frames (France's DROM, the US territories'; the screen draws them too: www/api.js
    // `_drawFrames`)
    for [x0, y0, x1, y1] in view.inset_frames(p) {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{INSET_FRAME}" stroke-width="0.75"/>"#,
            f1(x0),
            f1(y0),
            f1(x1 - x0),
            f1(y1 - y0)
        );
    }
    // half a pixel's detail: a vector export is looked at closer than the screen
    let lod = p.lod_window((0.5 / view.k) as f32, 0.7, Some(window));
    let k = paint.colors.len();
    let mut fills: Vec<String> = vec![String::new(); k + 1];
    let mut buf = Vec::new();
    // lines and points by class too, in its colour (grey on a map without classes)
    let (mut lines, mut points) = (vec![String::new(); k + 1], vec![String::new(); k + 1]);
    let radius = point_radius(&lod, view);
    for f in 0..p.len() {
        let c = paint.classes.get(f).copied().unwrap_or(-1);
        let slot = if c >= 0 && (c as usize) < k {
            c as usize
        } else {
            k
        };
        for r in lod.feature_rings[f] as usize..lod.feature_rings[f + 1] as usize {
            match lod.ring_kind[r] {
                POLYGON => {
                    ring_path(&mut fills[slot], &lod, r, view, &mut buf);
                    fills[slot].push('Z');
                }
                LINE => ring_path(&mut lines[slot], &lod, r, view, &mut buf),
                POINT => {
                    let i = lod.ring_offsets[r] as usize;
                    let (x, y) = view.screen(lod.coords[2 * i], lod.coords[2 * i + 1]);
                    let _ = write!(
                        points[slot],
                        r#"<circle cx="{}" cy="{}" r="{}"/>"#,
                        f1(x),
                        f1(y),
                        f1(radius)
                    );
                }
                _ => {}
            }
        }
    }
    // shared borders once where the layer has them (TopoJSON arcs), else each fill's outline; as
    // wide as on the screen
    let bw = border_width(p.typical_size() as f64 * view.k);
    let borders = bw > 0.0 && lod.border_offsets.len() > 1;
    let stroke = if borders || bw == 0.0 {
        String::new()
    } else {
        format!(
            r##" stroke="#ffffff" stroke-width="{}" stroke-linejoin="round""##,
            Fixed(bw, 2)
        )
    };
    for (i, d) in fills.iter().enumerate() {
        if d.is_empty() {
            continue;
        }
        let fill = if i < k {
            paint.colors[i]
        } else {
            paint.no_data
        };
        let _ = write!(
            out,
            r#"<path fill="{}" fill-rule="evenodd"{stroke} d="{d}"/>"#,
            hex(fill)
        );
    }
    if borders {
        let mut d = String::new();
        for b in 0..lod.border_offsets.len() - 1 {
            let (a, z) = (
                lod.border_offsets[b] as usize,
                lod.border_offsets[b + 1] as usize,
            );
            let seen = (a..z).any(|i| {
                let (x, y) = (lod.border_coords[2 * i], lod.border_coords[2 * i + 1]);
                x >= window[0] && x <= window[2] && y >= window[1] && y <= window[3]
            });
            if !seen {
                continue;
            }
            for i in a..z {
                let (x, y) = view.screen(lod.border_coords[2 * i], lod.border_coords[2 * i + 1]);
                let _ = write!(d, "{}{} {}", if i == a { "M" } else { "L" }, f1(x), f1(y));
            }
        }
        if !d.is_empty() {
            let _ = write!(
                out,
                r##"<path fill="none" stroke="#ffffff" stroke-width="{}" stroke-linejoin="round" d="{d}"/>"##,
                Fixed(bw, 2)
            );
        }
    }
    let colour = |i: usize| {
        hex(if i < k {
            paint.colors[i]
        } else {
            paint.no_data
        })
    };
    for (i, d) in lines.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        let (c, w) = if k == 0 {
            ("#555555".to_string(), 1)
        } else {
            (colour(i), LINE_W)
        };
        let _ = write!(
            out,
            r#"<path fill="none" stroke="{c}" stroke-width="{w}" d="{d}"/>"#
        );
    }
    for (i, dots) in points.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        if k == 0 {
            let _ = write!(out, r#"<g fill="{POINT_EDGE}">{dots}</g>"#);
        } else if radius < 3.0 {
            let _ = write!(out, r#"<g fill="{}">{dots}</g>"#, colour(i));
        } else {
            let _ = write!(
                out,
                r#"<g fill="{}" stroke="{POINT_EDGE}" stroke-width="0.75">{dots}</g>"#,
                colour(i)
            );
        }
    }
    out
}

/// The dots' radius, pixels: [`POINT_R`] where there is room, down to 1.5 where the points in the
/// view are dense, each about a third of their mean spacing (as the screen: www/api.js
/// `_pointRadius`); outlined from 3 pixels.
fn point_radius(lod: &crate::carto::projected::Lod, view: &View) -> f64 {
    let n = (0..lod.ring_kind.len())
        .filter(|&r| lod.ring_kind[r] == POINT)
        .map(|r| lod.ring_offsets[r] as usize)
        .filter(|&i| {
            let (x, y) = view.screen(lod.coords[2 * i], lod.coords[2 * i + 1]);
            (0.0..=view.w).contains(&x) && (0.0..=view.h).contains(&y)
        })
        .count();
    if n == 0 {
        return POINT_R;
    }
    (0.35 * (view.w * view.h / n as f64).sqrt()).clamp(1.5, POINT_R)
}

/// The colour of the frames around insets (www/api.js `INSET_FRAME`).
const INSET_FRAME: &str = "#9aabbb";

/// A point feature's dot (largest radius, pixels) and outline, a line's width on a map of classes
/// (as the screen draws them: www/api.js `POINT_R`, `POINT_EDGE`, `LINE_W`).
pub const POINT_R: f64 = 4.0;
const POINT_EDGE: &str = "#333333";
const LINE_W: u32 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_that_places_nothing_writes_nothing() {
        // Guadeloupe in France's insets (a frame) at a view whose offset is not a number (a box
        // fitted whose width is nothing beside its distance from the origin): no NaN written
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-61.8,16.0],[-61.2,16.0],[-61.2,16.5],[-61.8,16.0]]]}}]}"#;
        let mut w = crate::error::Warnings::default();
        let layer = crate::io::geojson::read_geojson(text, "t", &mut w).unwrap();
        let p = Projected::new(&layer, crate::carto::Projection::FranceInsets);
        assert_eq!(p.inset_frames().len(), 1);
        let paint = Paint {
            classes: &[0],
            colors: &[[255, 0, 0]],
            no_data: [200; 3],
        };
        let fit = View::fit(p.bbox.unwrap(), 200.0, 200.0, 10.0);
        assert!(map_elements(&p, &fit, &paint).contains("<rect"));
        for (k, tx) in [
            (fit.k, f64::NAN),
            (f64::INFINITY, fit.tx),
            (fit.k, f64::INFINITY),
        ] {
            let view = View { k, tx, ..fit };
            assert_eq!(map_elements(&p, &view, &paint), "", "{k} {tx}");
        }
    }

    #[test]
    fn points_and_lines_take_their_class_colour_grey_without_classes() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[2,46]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[3,47]}},
            {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[2,47],[3,46]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[2.5,46.5]}}]}"#;
        let mut w = crate::error::Warnings::default();
        let layer = crate::io::geojson::read_geojson(text, "t", &mut w).unwrap();
        let p = Projected::new(&layer, crate::carto::Projection::Lambert93);
        let view = View::fit(p.bbox.unwrap(), 200.0, 200.0, 10.0);
        let (red, blue, grey) = ([255, 0, 0], [0, 0, 255], [200, 200, 200]);
        let paint = Paint {
            classes: &[0, 1, 1, -1],
            colors: &[red, blue],
            no_data: grey,
        };
        let svg = map_elements(&p, &view, &paint);
        let group = |fill: &str| {
            let at = svg.find(&format!(r##"<g fill="{fill}" stroke="#333333""##));
            at.map(|a| {
                svg[a..]
                    .split("</g>")
                    .next()
                    .unwrap()
                    .matches("<circle")
                    .count()
            })
        };
        // a dot in each class's colour (the third point has no data), outlined
        assert_eq!(
            (group("#ff0000"), group("#0000ff"), group("#c8c8c8")),
            (Some(1), Some(1), Some(1)),
            "{svg}"
        );
        assert!(
            svg.contains(r##"<path fill="none" stroke="#0000ff" stroke-width="2""##),
            "{svg}"
        );
        assert!(
            svg.contains(r#" r="4.0"/>"#),
            "a few points: dots of 4 px {svg}"
        );
        // dense points (2,500 on 200 × 200 pixels): small dots, not outlined
        let grid: Vec<String> = (0..2500)
            .map(|i| format!(r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}}"#, i % 50, i / 50))
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            grid.join(",")
        );
        let layer = crate::io::geojson::read_geojson(&text, "t", &mut w).unwrap();
        let dense = Projected::new(&layer, crate::carto::Projection::Equirectangular);
        let dense_view = View::fit(dense.bbox.unwrap(), 200.0, 200.0, 0.0);
        let svg = map_elements(
            &dense,
            &dense_view,
            &Paint {
                classes: &[0; 2500],
                colors: &[red],
                no_data: grey,
            },
        );
        assert_eq!(
            svg.matches(r#" r="1.5"/>"#).count(),
            2500,
            "{}",
            &svg[..300.min(svg.len())]
        );
        assert!(svg.contains(r##"<g fill="#ff0000"><circle"##));
        // without classes: dark dots, a grey line
        let plain = map_elements(
            &p,
            &view,
            &Paint {
                classes: &[],
                colors: &[],
                no_data: grey,
            },
        );
        assert_eq!(plain.matches("<circle").count(), 3);
        assert!(plain.contains(r##"<g fill="#333333"><circle"##), "{plain}");
        assert!(
            plain.contains(r##"stroke="#555555" stroke-width="1""##),
            "{plain}"
        );
    }

    #[test]
    fn borders_thin_out_with_the_features_and_vanish_under_two_pixels() {
        assert_eq!(border_width(1.9), 0.0);
        assert_eq!(border_width(f64::NAN), 0.0);
        assert_eq!(border_width(4.0), 0.25);
        assert_eq!(border_width(100.0), 0.6);
    }
}
