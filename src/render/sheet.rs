//! An exported map as one sheet: the title, the map in its frame with what the screen draws over it
//! (proportional symbols, labels, the scale bar), the legend (classes with their counts, the
//! histogram, the symbols' nested sizes) and the source, as a list of marks. The engine writes the
//! list as SVG (the page's export and `sealed-atlas render`), the page paints the same list on a
//! canvas for PNG: both exports are one scene, laid out once.
//!
//! Marks are in CSS pixels; text is placed at its alphabetic baseline. What goes over the map
//! (`over`) is in the map's own pixels, clipped to its frame.

use crate::decimal::Short;
use crate::error::Error;
use crate::io::json::Value;
use crate::jsonw;
use crate::render::svg::View;
use std::fmt::Write;

/// A colour with its opacity.
pub type Rgba = [u8; 4];

/// A stroke: colour and width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pen {
    pub color: Rgba,
    pub width: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Rgba,
        pen: Option<Pen>,
    },
    Circle {
        x: f64,
        y: f64,
        r: f64,
        fill: Rgba,
        pen: Option<Pen>,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        pen: Pen,
        dash: bool,
    },
    /// Text from `x` (or centred on it), its baseline at `y`; a halo is a white outline under it,
    /// so that a label stays legible over any fill.
    Text {
        x: f64,
        y: f64,
        text: String,
        size: f64,
        bold: bool,
        centred: bool,
        fill: Rgba,
        halo: bool,
    },
}

pub const INK: Rgba = [0x1d, 0x24, 0x30, 255];
const MUTED: Rgba = [0x55, 0x55, 0x55, 255];
const NONE: Rgba = [0, 0, 0, 0];

/// `#rgb`, `#rrggbb` or `#rrggbbaa`.
pub fn parse_color(s: &str) -> Option<Rgba> {
    let h = s.strip_prefix('#')?;
    if !h.is_ascii() {
        return None;
    }
    let d = |i: usize, n: usize| u8::from_str_radix(&h[i..i + n], 16).ok();
    match h.len() {
        3 => Some([d(0, 1)? * 17, d(1, 1)? * 17, d(2, 1)? * 17, 255]),
        6 => Some([d(0, 2)?, d(2, 2)?, d(4, 2)?, 255]),
        8 => Some([d(0, 2)?, d(2, 2)?, d(4, 2)?, d(6, 2)?]),
        _ => None,
    }
}

/// `#rrggbbaa`.
pub fn color_text(c: Rgba) -> String {
    format!("#{:02x}{:02x}{:02x}{:02x}", c[0], c[1], c[2], c[3])
}

/// A number for SVG or JSON: two decimals at most, no trailing zeros.
fn num(v: f64) -> String {
    let s = crate::decimal::fixed(v, 2);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// ` fill="#rrggbb"` (and its opacity) under the attribute `name`.
fn paint(out: &mut String, name: &str, c: Rgba) {
    if c[3] == 0 {
        let _ = write!(out, r#" {name}="none""#);
        return;
    }
    let _ = write!(out, r##" {name}="#{:02x}{:02x}{:02x}""##, c[0], c[1], c[2]);
    if c[3] < 255 {
        let _ = write!(out, r#" {name}-opacity="{}""#, num(c[3] as f64 / 255.0));
    }
}

fn pen_svg(out: &mut String, pen: Option<Pen>) {
    if let Some(p) = pen {
        paint(out, "stroke", p.color);
        let _ = write!(out, r#" stroke-width="{}""#, num(p.width));
    }
}

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Mark {
    /// The mark moved by (dx, dy).
    pub fn moved(mut self, dx: f64, dy: f64) -> Mark {
        match &mut self {
            Mark::Rect { x, y, .. } | Mark::Circle { x, y, .. } | Mark::Text { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Mark::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }

    /// As an SVG element: its numbers under the attribute names of its kind, its colours and
    /// stroke, its flags as what they turn on.
    pub fn svg(&self, out: &mut String) {
        const HALO: &str = r##" stroke="#ffffff" stroke-opacity="0.85" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##;
        let (kind, fields) = self.fields();
        let (tag, names, flags): (&str, &[&str], &[&str]) = match kind {
            "r" => ("rect", &["x", "y", "width", "height"], &[]),
            "c" => ("circle", &["cx", "cy", "r"], &[]),
            "l" => (
                "line",
                &["x1", "y1", "x2", "y2"],
                &[r#" stroke-dasharray="2 2""#],
            ),
            _ => (
                "text",
                &["x", "y", "font-size"],
                &[r#" font-weight="bold""#, r#" text-anchor="middle""#, HALO],
            ),
        };
        let _ = write!(out, "<{tag}");
        let (mut names, mut flags, mut text) = (names.iter(), flags.iter(), None);
        for f in fields {
            match f {
                Field::N(v) => {
                    let _ = write!(out, r#" {}="{}""#, names.next().unwrap_or(&"n"), num(v));
                }
                Field::C(c) => paint(out, "fill", c),
                Field::P(p) => pen_svg(out, p),
                Field::S(t) => text = Some(t),
                Field::F(on) => {
                    let attr = flags.next().unwrap_or(&"");
                    if on {
                        out.push_str(attr);
                    }
                }
            }
        }
        match text {
            Some(t) => {
                let _ = write!(out, ">{}</text>", esc(t));
            }
            None => out.push_str("/>"),
        }
    }

    /// What the mark holds, in the order of its JSON array after its kind (see [`SHAPES`]).
    fn fields(&self) -> (&'static str, Vec<Field<'_>>) {
        use Field::*;
        match self {
            Mark::Rect {
                x,
                y,
                w,
                h,
                fill,
                pen,
            } => ("r", vec![N(*x), N(*y), N(*w), N(*h), C(*fill), P(*pen)]),
            Mark::Circle { x, y, r, fill, pen } => {
                ("c", vec![N(*x), N(*y), N(*r), C(*fill), P(*pen)])
            }
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                pen,
                dash,
            } => (
                "l",
                vec![N(*x1), N(*y1), N(*x2), N(*y2), P(Some(*pen)), F(*dash)],
            ),
            Mark::Text {
                x,
                y,
                text,
                size,
                bold,
                centred,
                fill,
                halo,
            } => (
                "t",
                vec![
                    N(*x),
                    N(*y),
                    S(text),
                    N(*size),
                    F(*bold),
                    F(*centred),
                    C(*fill),
                    F(*halo),
                ],
            ),
        }
    }

    /// As JSON for the page's painter (www/api.js, `paintMarks`): an array, its kind first, then
    /// its fields (a stroke as its colour, or null, and its width; a flag as 0 or 1).
    pub fn json(&self) -> String {
        let (kind, fields) = self.fields();
        let mut out = format!(r#"["{kind}""#);
        for f in fields {
            out.push(',');
            match f {
                Field::N(v) => out.push_str(&num(v)),
                Field::C(c) => out.push_str(&jsonw::str(&color_text(c))),
                Field::P(Some(p)) => {
                    let _ = write!(out, "{},{}", jsonw::str(&color_text(p.color)), num(p.width));
                }
                Field::P(None) => out.push_str("null,0"),
                Field::S(t) => out.push_str(&jsonw::str(t)),
                Field::F(b) => out.push(if b { '1' } else { '0' }),
            }
        }
        out.push(']');
        out
    }

    /// A mark as [`Mark::json`] writes it; `i`, its place in the list, names it in errors.
    pub fn from_json(v: &Value, i: usize) -> Result<Mark, Error> {
        let a = v.as_array().unwrap_or(&[]);
        let kind = a.first().and_then(|x| x.as_str()).unwrap_or("");
        let Some(&(_, shape)) = SHAPES.iter().find(|(k, _)| *k == kind) else {
            return Err(Error::new(
                "sheet",
                format!("mark {i}: not [kind, ...] with a kind r, c, l or t"),
            ));
        };
        let (mut n, mut c, mut pen, mut text) = (Vec::new(), Vec::new(), None, "");
        let mut k = 1;
        for want in shape.bytes() {
            let x = a.get(k).unwrap_or(&Value::Null);
            let ok = match want {
                b'n' | b'f' => x.as_f64().filter(|v| v.is_finite()).map(|v| n.push(v)),
                b'c' => x.as_str().and_then(parse_color).map(|v| c.push(v)),
                b's' => x.as_str().map(|v| text = v),
                _ => match (x, a.get(k + 1).and_then(|w| w.as_f64())) {
                    (Value::Null, _) => Some(()),
                    (_, Some(w)) if w.is_finite() => {
                        x.as_str().and_then(parse_color).map(|color| {
                            pen = Some(Pen { color, width: w });
                        })
                    }
                    _ => None,
                },
            };
            if ok.is_none() {
                let what = match want {
                    b'n' | b'f' => "a finite number",
                    b's' => "a text",
                    _ => "a colour (#rgb, #rrggbb, #rrggbbaa)",
                };
                return Err(Error::new(
                    "sheet",
                    format!("mark {i} ('{kind}'): item {k} is not {what}"),
                ));
            }
            k += 1 + (want == b'p') as usize;
        }
        Ok(match kind {
            "r" => Mark::Rect {
                x: n[0],
                y: n[1],
                w: n[2],
                h: n[3],
                fill: c[0],
                pen,
            },
            "c" => Mark::Circle {
                x: n[0],
                y: n[1],
                r: n[2],
                fill: c[0],
                pen,
            },
            "l" => Mark::Line {
                x1: n[0],
                y1: n[1],
                x2: n[2],
                y2: n[3],
                pen: pen.ok_or_else(|| {
                    Error::new("sheet", format!("mark {i} ('l'): a line needs a stroke"))
                })?,
                dash: n[4] != 0.0,
            },
            _ => Mark::Text {
                x: n[0],
                y: n[1],
                text: text.to_string(),
                size: n[2],
                bold: n[3] != 0.0,
                centred: n[4] != 0.0,
                fill: c[0],
                halo: n[5] != 0.0,
            },
        })
    }
}

/// A mark's fields (see [`Mark::fields`]).
enum Field<'a> {
    N(f64),
    C(Rgba),
    P(Option<Pen>),
    S(&'a str),
    F(bool),
}

/// What each kind of mark holds after its name, as [`Mark::fields`] gives it: n a number, c a
/// colour, p a stroke (a colour or null, then its width), s a text, f a flag.
const SHAPES: [(&str, &str); 4] = [
    ("r", "nnnncp"),
    ("c", "nnncp"),
    ("l", "nnnnpf"),
    ("t", "nnsnffcf"),
];

/// Marks from a JSON array of them.
pub fn marks_from_json(v: &Value) -> Result<Vec<Mark>, Error> {
    let a = v
        .as_array()
        .ok_or_else(|| Error::new("sheet", "marks: not an array"))?;
    a.iter()
        .enumerate()
        .map(|(i, m)| Mark::from_json(m, i))
        .collect()
}

/// The key of proportional symbols: their shape and paint, what they measure, and a few sizes
/// (radius in pixels, value as written), largest first, drawn nested.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolKey {
    pub square: bool,
    pub fill: Rgba,
    pub title: String,
    pub sizes: Vec<(f64, String)>,
    /// where values have both signs (or are all negative): each sign's fill and what it says
    /// (`> 0`, `< 0`), under the sizes
    pub signs: Vec<(Rgba, String)>,
}

/// What a sheet shows beside the map of a [`PageSpec`]: its classes and their histogram.
pub struct Legend<'a> {
    /// (label, colour, count) per legend entry
    pub entries: &'a [(String, [u8; 3], usize)],
    /// the histogram's marks, from (0, 0), and its height
    pub histogram: Option<(Vec<Mark>, f64)>,
}

/// A sheet laid out: what it shows (`page`: its title, the map's view and what is over the map),
/// its size, the map's frame (x, y, width, height) and the marks around the map.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub page: PageSpec,
    pub width: f64,
    pub height: f64,
    pub frame: [f64; 4],
    pub marks: Vec<Mark>,
    /// runs of `marks` that are one thing (the legend, the histogram, the symbols' key): an SVG
    /// group each, named for readers of the file and assistive technology
    pub parts: Vec<(std::ops::Range<usize>, &'static str)>,
}

const MARGIN: f64 = 16.0;
/// The title's line height: the map begins under its last line.
const TITLE_LINE: f64 = 26.0;
/// Mean advance of a character (pixels) in the sheet's sans-serif: the title's 20 px bold, the
/// source's 11 px (on the demo's export in Chromium, DejaVu Sans: 12.4 px for the title's, 5.7 for
/// the source's; rounded up). The page measures text in the browser; the sheet is laid out by the
/// engine, which has no fonts, so long lines are wrapped by this estimate.
const TITLE_CHAR: f64 = 12.5;
const SOURCE_CHAR: f64 = 6.6;
/// (the legend's 12 px)
const LEGEND_CHAR: f64 = 7.0;

/// `text` in lines of at most `chars` characters, broken at spaces (a word longer than a line
/// stands alone on its line).
fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= chars => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn text(x: f64, y: f64, s: &str, size: f64, fill: Rgba) -> Mark {
    Mark::Text {
        x,
        y,
        text: s.to_string(),
        size,
        bold: false,
        centred: false,
        fill,
        halo: false,
    }
}

/// The sheet's layout: the title above the map, the legend on its right (classes, histogram,
/// symbols), the source under it.
pub fn compose(page: PageSpec, legend: Legend) -> Sheet {
    let (mw, mh) = (page.width.max(1.0), page.height.max(1.0));
    // the legend's width, for its longest line (about 7 px a character at 12 px)
    let chars = legend
        .entries
        .iter()
        .map(|(l, _, n)| l.chars().count() + n.to_string().len() + 3)
        .chain([page.legend_title.chars().count()])
        .chain(page.symbols.iter().flat_map(|s| {
            let r = s.sizes.first().map_or(0.0, |z| z.0);
            s.sizes
                .iter()
                .map(move |z| z.1.chars().count() + (2.0 * r / 7.0) as usize + 3)
                .chain([s.title.chars().count()])
        }))
        .max()
        .unwrap_or(0);
    let lw = (26.0 + LEGEND_CHAR * chars as f64 + 12.0).clamp(200.0, 420.0);
    let lx = MARGIN + mw + 24.0;
    let width = (lx + lw + MARGIN).ceil();
    // the title over the sheet's width, on as many lines as it takes
    let per_line = |ch: f64| (((width - 2.0 * MARGIN) / ch) as usize).max(8);
    let mut marks = Vec::new();
    let title = wrap(&page.title, per_line(TITLE_CHAR));
    for (i, line) in title.iter().enumerate() {
        marks.push(Mark::Text {
            x: MARGIN,
            y: 30.0 + TITLE_LINE * i as f64,
            text: line.clone(),
            size: 20.0,
            bold: true,
            centred: false,
            fill: INK,
            halo: false,
        });
    }
    let top = 48.0 + TITLE_LINE * (title.len() - 1) as f64;
    // the map's frame, a hairline just outside it
    marks.push(Mark::Rect {
        x: MARGIN - 0.5,
        y: top - 0.5,
        w: mw + 1.0,
        h: mh + 1.0,
        fill: NONE,
        pen: Some(Pen {
            color: [0xc8, 0xcd, 0xd4, 255],
            width: 1.0,
        }),
    });
    let mut parts = Vec::new();
    let mut y = top + 2.0;
    let start = marks.len();
    // what the classes measure, in bold over them
    let legend_title = wrap(
        &page.legend_title,
        (((lw - 4.0) / LEGEND_CHAR) as usize).max(8),
    );
    for line in legend_title.into_iter().filter(|l| !l.is_empty()) {
        marks.push(Mark::Text {
            x: lx,
            y: y + 12.0,
            text: line,
            size: 12.0,
            bold: true,
            centred: false,
            fill: INK,
            halo: false,
        });
        y += 18.0;
    }
    for (label, c, n) in legend.entries {
        marks.push(Mark::Rect {
            x: lx,
            y,
            w: 18.0,
            h: 14.0,
            fill: [c[0], c[1], c[2], 255],
            pen: Some(Pen {
                color: [0x66, 0x66, 0x66, 255],
                width: 0.5,
            }),
        });
        // (a long label, a category's name, on as many lines as the legend's width takes)
        let lines = wrap(
            &format!("{label} ({n})"),
            (((lw - 26.0) / LEGEND_CHAR) as usize).max(8),
        );
        for (i, line) in lines.iter().enumerate() {
            marks.push(text(lx + 26.0, y + 11.5 + 15.0 * i as f64, line, 12.0, INK));
        }
        y += 20.0 + 15.0 * (lines.len() - 1) as f64;
    }
    parts.push((start..marks.len(), "legend"));
    if let Some((h, hh)) = legend.histogram {
        let start = marks.len();
        marks.extend(h.into_iter().map(|m| m.moved(lx, y + 8.0)));
        parts.push((start..marks.len(), "histogram"));
        y += 8.0 + hh + 12.0;
    }
    if let Some(s) = &page.symbols {
        if let Some(&(big, _)) = s.sizes.first() {
            let start = marks.len();
            marks.push(Mark::Text {
                x: lx,
                y: y + 12.0,
                text: s.title.clone(),
                size: 12.0,
                bold: true,
                centred: false,
                fill: INK,
                halo: false,
            });
            y += 20.0;
            let (cx, base) = (lx + big + 2.0, y + 2.0 * big + 2.0);
            let pen = Some(Pen {
                color: [s.fill[0], s.fill[1], s.fill[2], 255],
                width: 1.0,
            });
            for (r, label) in &s.sizes {
                let top = base - 2.0 * r;
                marks.push(if s.square {
                    Mark::Rect {
                        x: cx - r,
                        y: top,
                        w: 2.0 * r,
                        h: 2.0 * r,
                        fill: s.fill,
                        pen,
                    }
                } else {
                    Mark::Circle {
                        x: cx,
                        y: base - r,
                        r: *r,
                        fill: s.fill,
                        pen,
                    }
                });
                marks.push(Mark::Line {
                    x1: cx,
                    y1: top,
                    x2: cx + big + 8.0,
                    y2: top,
                    pen: Pen {
                        color: [0x5b, 0x64, 0x72, 255],
                        width: 1.0,
                    },
                    dash: false,
                });
                marks.push(text(cx + big + 12.0, top + 4.0, label, 11.0, INK));
            }
            y = base + 8.0;
            // which colour is which sign: a small symbol of each, side by side
            if !s.signs.is_empty() {
                let mut x = lx + 2.0;
                for (fill, label) in &s.signs {
                    let pen = Some(Pen {
                        color: [fill[0], fill[1], fill[2], 255],
                        width: 1.0,
                    });
                    marks.push(if s.square {
                        Mark::Rect {
                            x,
                            y: y + 2.0,
                            w: 12.0,
                            h: 12.0,
                            fill: *fill,
                            pen,
                        }
                    } else {
                        Mark::Circle {
                            x: x + 6.0,
                            y: y + 8.0,
                            r: 6.0,
                            fill: *fill,
                            pen,
                        }
                    });
                    marks.push(text(x + 17.0, y + 12.0, label, 11.0, INK));
                    x += 17.0 + 7.0 * label.chars().count() as f64 + 14.0;
                }
                y += 22.0;
            }
            parts.push((start..marks.len(), "symbols key"));
        }
    }
    // the source under everything, wrapped as the title
    let source = wrap(&page.source, per_line(SOURCE_CHAR));
    let height = (top + mh).max(y) + 18.0 + 14.0 * source.len() as f64;
    for (i, line) in source.iter().enumerate() {
        let from_end = (source.len() - 1 - i) as f64;
        marks.push(text(
            MARGIN,
            height - 12.0 - 14.0 * from_end,
            line,
            11.0,
            MUTED,
        ));
    }
    Sheet {
        page,
        width,
        height: height.ceil(),
        frame: [MARGIN, top, mw, mh],
        marks,
        parts,
    }
}

impl Sheet {
    /// The sheet for the page's painter: `{width, height, frame, marks}` (what goes over the map
    /// is the page's own: it is not sent back).
    pub fn json(&self) -> String {
        jsonw::Obj::new()
            .n("width", self.width)
            .n("height", self.height)
            .raw("frame", &jsonw::nums(&self.frame))
            .raw("marks", &jsonw::arr(self.marks.iter().map(Mark::json)))
            .done()
    }

    /// The map's view in its frame.
    pub fn view(&self) -> View {
        let [k, tx, ty] = self.page.view;
        View {
            k,
            tx,
            ty,
            w: self.frame[2],
            h: self.frame[3],
        }
    }

    /// The sheet as SVG, `map` (the map's own elements, in its pixels) in its frame.
    pub fn svg(&self, map: &str) -> String {
        let (w, h) = (num(self.width), num(self.height));
        let [fx, fy, fw, fh] = self.frame.map(num);
        let mut out = String::with_capacity(map.len() + 4096);
        let _ = write!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" role="img"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/>"##,
            esc(&self.page.title)
        );
        for (i, m) in self.marks.iter().enumerate() {
            if let Some((_, name)) = self
                .parts
                .iter()
                .find(|p| p.0.start == i && !p.0.is_empty())
            {
                let _ = write!(out, r#"<g aria-label="{name}">"#);
            }
            m.svg(&mut out);
            if self
                .parts
                .iter()
                .any(|p| p.0.end == i + 1 && !p.0.is_empty())
            {
                out.push_str("</g>");
            }
        }
        let _ = write!(
            out,
            r#"<defs><clipPath id="sa-map"><rect x="{fx}" y="{fy}" width="{fw}" height="{fh}"/></clipPath></defs><g clip-path="url(#sa-map)"><g transform="translate({fx} {fy})" aria-label="map">"#
        );
        out.push_str(map);
        for m in &self.page.over {
            m.svg(&mut out);
        }
        out.push_str("</g></g></svg>");
        out
    }
}

/// What the page describes for an export (www/api.js, `_sheetSpec`), as JSON: `{title, source,
/// width, height, view: [k, tx, ty], over: [marks], symbols: {square, fill, title, sizes: [[r,
/// label]]} | null}`: the map's size in pixels and its view (pixels a projected unit, then where
/// the projected origin is), what is over it, the symbols' key.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSpec {
    pub title: String,
    pub source: String,
    /// what the classes measure, over the legend (none if empty)
    pub legend_title: String,
    pub width: f64,
    pub height: f64,
    pub view: [f64; 3],
    pub over: Vec<Mark>,
    pub symbols: Option<SymbolKey>,
    /// the features in this one colour, their classes' on the symbols over them (proportional
    /// symbols coloured by class); `None`: the features in their classes' colours
    pub plain: Option<Rgba>,
}

impl PageSpec {
    /// The description read, or an error naming what is wrong in it.
    pub fn from_json(text: &str) -> Result<PageSpec, Error> {
        let v = crate::io::json::parse(text)?;
        let bad = |what: &str| Error::new("sheet", what.to_string());
        let num = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_f64())
                .filter(|x| x.is_finite() && *x > 0.0)
                .ok_or_else(|| bad(&format!("'{k}' is not a positive number")))
        };
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let t: Vec<f64> = v
            .get("view")
            .and_then(|x| x.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_f64()).collect())
            .unwrap_or_default();
        let view = match t[..] {
            [k, tx, ty] if k > 0.0 && k.is_finite() && tx.is_finite() && ty.is_finite() => {
                [k, tx, ty]
            }
            _ => return Err(bad("'view' is not [k > 0, tx, ty], all finite")),
        };
        let symbols = match v.get("symbols") {
            None | Some(Value::Null) => None,
            Some(s) => Some(SymbolKey {
                square: s.get("square").and_then(|x| x.as_f64()).unwrap_or(0.0) != 0.0,
                fill: s
                    .get("fill")
                    .and_then(|x| x.as_str())
                    .and_then(parse_color)
                    .ok_or_else(|| bad("symbols: 'fill' is not a colour"))?,
                title: s
                    .get("title")
                    .and_then(|x| x.as_str())
                    .unwrap_or("")
                    .to_string(),
                // (a key's radius as large as a map's at most: 10,000 px)
                sizes: labelled(s, "sizes", |r| {
                    r.as_f64().filter(|r| (0.0..=1e4).contains(r))
                })
                .ok_or_else(|| bad("symbols: a size is not [radius, label]"))?,
                signs: labelled(s, "signs", |c| c.as_str().and_then(parse_color))
                    .ok_or_else(|| bad("symbols: a sign is not [colour, label]"))?,
            }),
        };
        Ok(PageSpec {
            title: text("title"),
            source: text("source"),
            legend_title: text("legendTitle"),
            width: num("width")?,
            height: num("height")?,
            view,
            over: match v.get("over") {
                Some(m) => marks_from_json(m)?,
                None => Vec::new(),
            },
            symbols,
            plain: match v.get("plain") {
                None | Some(Value::Null) => None,
                Some(c) => Some(
                    c.as_str()
                        .and_then(parse_color)
                        .ok_or_else(|| bad("'plain' is not a colour"))?,
                ),
            },
        })
    }
}

/// The `[x, label]` pairs under `key` of `v` (none if it has none), each `x` read by `first`;
/// `None` if any pair is not one.
fn labelled<T>(
    v: &Value,
    key: &str,
    first: impl Fn(&Value) -> Option<T>,
) -> Option<Vec<(T, String)>> {
    v.get(key)
        .and_then(|x| x.as_array())
        .unwrap_or(&[])
        .iter()
        .map(|z| {
            let a = z.as_array()?;
            Some((first(a.first()?)?, a.get(1)?.as_str()?.to_string()))
        })
        .collect()
}

/// A scale bar: a round length (1, 2 or 5 times a power of ten metres) near 100 pixels, and how it
/// is drawn at the bottom left of a map (its marks, in the map's pixels).
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleBar {
    pub metres: f64,
    pub px: f64,
    pub text: String,
    pub marks: Vec<Mark>,
    /// what it covers, its text's width estimated (the page measures it: `scaleBarBox`), which
    /// labels keep clear of
    pub bbox: [f64; 4],
}

/// The scale bar's plate: white at 80 %.
const PLATE: Rgba = [255, 255, 255, 204];

/// Where the bar starts, from the map's left and bottom edges.
const BAR_X: f64 = 12.0;
const BAR_Y: f64 = 14.0;

/// The scale bar of a map `h` pixels high where a pixel is `mpp` metres on the ground (None where
/// that is not a positive number: a projection with no scale there).
pub fn scale_bar(mpp: f64, h: f64) -> Option<ScaleBar> {
    if !(mpp > 0.0 && mpp.is_finite()) {
        return None;
    }
    let target = 100.0 * mpp;
    let p = 10f64.powf(target.log10().floor());
    let metres = [1.0, 2.0, 5.0, 10.0]
        .map(|m| m * p)
        .into_iter()
        .rfind(|l| *l <= target * (1.0 + 1e-12))
        .unwrap_or(p);
    let px = metres / mpp;
    let label = if metres >= 1000.0 {
        format!("{} km", Short(metres / 1000.0))
    } else {
        format!("{} m", Short(metres))
    };
    let (x, y) = (BAR_X, h - BAR_Y);
    let pen = Pen {
        color: INK,
        width: 1.5,
    };
    let line = |x1, y1, x2, y2| Mark::Line {
        x1,
        y1,
        x2,
        y2,
        pen,
        dash: false,
    };
    let tw = crate::render::labels::estimated_width(&label);
    let bbox = [x - 2.0, y - 17.0, x + px.max(4.0 + tw) + 2.0, y + 2.0];
    // on a light plate, so that it reads over any fill and under any symbol (it was lost over
    // the darker classes and the symbols around it)
    let plate = Mark::Rect {
        x: bbox[0] - 2.0,
        y: bbox[1] - 1.0,
        w: bbox[2] - bbox[0] + 4.0,
        h: bbox[3] - bbox[1] + 3.0,
        fill: PLATE,
        pen: None,
    };
    let marks = vec![
        plate,
        line(x, y - 5.0, x, y),
        line(x, y, x + px, y),
        line(x + px, y, x + px, y - 5.0),
        text(x + 4.0, y - 5.0, &label, 11.0, INK),
    ];
    Some(ScaleBar {
        metres,
        px,
        text: label,
        marks,
        bbox,
    })
}

impl ScaleBar {
    pub fn json(&self) -> String {
        jsonw::Obj::new()
            .n("metres", self.metres)
            .n("px", self.px)
            .s("text", &self.text)
            .raw("marks", &jsonw::arr(self.marks.iter().map(Mark::json)))
            .done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet around a 400 × 300 map.
    fn sheet(
        title: &str,
        source: &str,
        legend: &[(String, [u8; 3], usize)],
        over: Vec<Mark>,
        symbols: Option<SymbolKey>,
    ) -> Sheet {
        let page = PageSpec {
            title: title.into(),
            source: source.into(),
            legend_title: String::new(),
            width: 400.0,
            height: 300.0,
            view: [1.0, 0.0, 0.0],
            over,
            symbols,
            plain: None,
        };
        compose(
            page,
            Legend {
                entries: legend,
                histogram: None,
            },
        )
    }

    fn spec(over: Vec<Mark>, symbols: Option<SymbolKey>) -> Sheet {
        let legend = vec![
            ("[0 ; 10]".to_string(), [255, 0, 0], 3),
            ("Pas de données".to_string(), [217, 217, 217], 1),
        ];
        sheet(
            "Titre & <sous-titre>",
            "Source : INSEE",
            &legend,
            over,
            symbols,
        )
    }

    #[test]
    fn every_mark_survives_json_and_bad_marks_are_named() {
        let marks = vec![
            Mark::Rect {
                x: 1.0,
                y: 2.5,
                w: 3.0,
                h: 4.0,
                fill: [1, 2, 3, 255],
                pen: None,
            },
            Mark::Circle {
                x: -1.25,
                y: 2.0,
                r: 3.0,
                fill: [31, 95, 168, 140],
                pen: Some(Pen {
                    color: [255, 255, 255, 255],
                    width: 0.8,
                }),
            },
            Mark::Line {
                x1: 0.0,
                y1: 0.0,
                x2: 5.0,
                y2: 5.0,
                pen: Pen {
                    color: INK,
                    width: 1.5,
                },
                dash: true,
            },
            Mark::Text {
                x: 3.0,
                y: 4.0,
                text: "Saint-Étienne \"42\"".into(),
                size: 11.0,
                bold: false,
                centred: true,
                fill: INK,
                halo: true,
            },
        ];
        let json = format!(
            "[{}]",
            marks.iter().map(Mark::json).collect::<Vec<_>>().join(",")
        );
        let back = marks_from_json(&crate::io::json::parse(&json).unwrap()).unwrap();
        assert_eq!(back, marks);
        for (bad, says) in [
            (
                r#"[["c",1,2,3,"blue"]]"#,
                "mark 0 ('c'): item 4 is not a colour",
            ),
            (
                r##"[["r",1,2,3,4,"#fff"],["t",1,2]]"##,
                "mark 1 ('t'): item 3 is not a text",
            ),
            (r#"[["x"]]"#, "mark 0: not [kind, ...]"),
            (
                r#"[["l",0,0,1,1,null,0,0]]"#,
                "mark 0 ('l'): a line needs a stroke",
            ),
            (
                r##"[["c",1,"2",3,"#fff"]]"##,
                "mark 0 ('c'): item 2 is not a finite number",
            ),
            (
                r##"[["c",1,2,3,"#fff","#000"]]"##,
                "mark 0 ('c'): item 5 is not a colour",
            ),
        ] {
            let e = marks_from_json(&crate::io::json::parse(bad).unwrap()).unwrap_err();
            assert!(e.message.contains(says), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn colours_read_in_three_forms() {
        assert_eq!(parse_color("#fff"), Some([255, 255, 255, 255]));
        assert_eq!(parse_color("#1f5fa8"), Some([31, 95, 168, 255]));
        assert_eq!(parse_color("#1f5fa88c"), Some([31, 95, 168, 140]));
        for bad in ["1f5fa8", "#1f5fa", "#zzzzzz", "#é12"] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_map_sits_in_its_frame_with_the_legend_on_its_right_and_the_source_under_it() {
        let over = vec![Mark::Circle {
            x: 390.0,
            y: 10.0,
            r: 20.0,
            fill: [31, 95, 168, 140],
            pen: None,
        }];
        let s = spec(over, None);
        assert_eq!(s.frame, [16.0, 48.0, 400.0, 300.0]);
        assert!(s.width >= 16.0 + 400.0 + 24.0 + 200.0 + 16.0);
        let svg = s.svg("<path d=\"M0 0L1 1\"/>");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(
            svg.contains("<title>Titre &amp; &lt;sous-titre&gt;</title>"),
            "named"
        );
        assert!(
            svg.contains(">Titre &amp; &lt;sous-titre&gt;</text>"),
            "escaped"
        );
        // the legend right of the map, the source under it
        let swatch = s
            .marks
            .iter()
            .find_map(|m| match m {
                Mark::Rect { x, fill, .. } if *fill == [255, 0, 0, 255] => Some(*x),
                _ => None,
            })
            .unwrap();
        assert!(swatch > 16.0 + 400.0);
        assert!(svg.contains("[0 ; 10] (3)") && svg.contains("Pas de données (1)"));
        let src = s
            .marks
            .iter()
            .find_map(|m| match m {
                Mark::Text { y, text, .. } if text.starts_with("Source") => Some(*y),
                _ => None,
            })
            .unwrap();
        assert!(src > 48.0 + 300.0 && src < s.height);
        // what is over the map: in the map's group, clipped to the frame, after the map itself
        let g = svg.find("clip-path=\"url(#sa-map)\"").unwrap();
        let (map_at, circle_at) = (svg.find("<path").unwrap(), svg.find("<circle").unwrap());
        assert!(g < map_at && map_at < circle_at);
        assert!(
            svg.contains(r#"<clipPath id="sa-map"><rect x="16" y="48" width="400" height="300"/>"#)
        );
        assert!(svg.contains(r##"fill="#1f5fa8" fill-opacity="0.55""##));
        assert!(svg.contains(r#"<g aria-label="legend"><rect"#));
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
        // with a legend title: in bold over the swatches, in the legend's group, which it pushes down
        let mut page = s.page.clone();
        page.legend_title = "Population légale (habitants)".into();
        let legend = vec![("[0 ; 10]".to_string(), [255, 0, 0], 3)];
        let t = compose(
            page,
            Legend {
                entries: &legend,
                histogram: None,
            },
        );
        let svg = t.svg("");
        assert!(svg.contains(r#"<g aria-label="legend"><text"#));
        let (title_y, swatch_y) = (
            t.marks.iter().find_map(|m| match m {
                Mark::Text {
                    y,
                    text,
                    bold: true,
                    ..
                } if text.starts_with("Population") => Some(*y),
                _ => None,
            }),
            t.marks.iter().find_map(|m| match m {
                Mark::Rect { y, fill, .. } if *fill == [255, 0, 0, 255] => Some(*y),
                _ => None,
            }),
        );
        assert!(title_y.unwrap() < swatch_y.unwrap() && swatch_y.unwrap() > 48.0 + 10.0);
    }

    #[test]
    fn a_symbol_key_nests_its_sizes_on_one_base_line() {
        for square in [false, true] {
            let key = SymbolKey {
                square,
                fill: [31, 95, 168, 140],
                title: "Population".into(),
                sizes: vec![
                    (28.0, "2 000 000".into()),
                    (14.0, "500 000".into()),
                    (5.0, "60 000".into()),
                ],
                signs: vec![],
            };
            let s = spec(vec![], Some(key));
            let shapes: Vec<(f64, f64)> = s
                .marks
                .iter()
                .filter_map(|m| match (m, square) {
                    (Mark::Circle { y, r, .. }, false) => Some((*y + *r, *r)),
                    (Mark::Rect { y, h, fill, .. }, true) if fill[3] == 140 => {
                        Some((*y + *h, *h / 2.0))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(shapes.len(), 3, "square {square}");
            assert!(
                shapes.windows(2).all(|w| (w[0].0 - w[1].0).abs() < 1e-9),
                "one base line: {shapes:?}"
            );
            assert_eq!(
                shapes.iter().map(|s| s.1).collect::<Vec<_>>(),
                vec![28.0, 14.0, 5.0],
                "largest first"
            );
            assert!(s
                .marks
                .iter()
                .any(|m| matches!(m, Mark::Text { text, .. } if text == "500 000")));
            // the sheet grows to hold the key
            assert!(s.height > 48.0 + 300.0 || shapes[0].0 < s.height - 32.0);
            assert!(shapes[0].0 < s.height - 20.0, "the key above the source");
        }
    }

    #[test]
    fn a_symbol_key_of_both_signs_shows_each_signs_colour_under_the_sizes() {
        let (gain, loss) = ([31, 95, 168, 179], [106, 61, 154, 179]);
        let key = SymbolKey {
            square: false,
            fill: gain,
            title: "Solde".into(),
            sizes: vec![(28.0, "4 000".into()), (14.0, "1 000".into())],
            signs: vec![(gain, "> 0".into()), (loss, "< 0".into())],
        };
        let s = spec(vec![], Some(key));
        let (at, _) = s
            .parts
            .iter()
            .find(|p| p.1 == "symbols key")
            .unwrap()
            .clone();
        let key = &s.marks[at];
        let circles: Vec<(f64, Rgba)> = key
            .iter()
            .filter_map(|m| match m {
                Mark::Circle { y, r, fill, .. } => Some((*y + *r, *fill)),
                _ => None,
            })
            .collect();
        // the sizes in the gains' colour, then a swatch of each sign below them, the losses' too
        assert_eq!(circles.len(), 4, "{circles:?}");
        assert_eq!(circles[3].1, loss);
        assert!(circles[2].0 > circles[0].0, "the signs under the sizes");
        let texts: Vec<&str> = key
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.ends_with(&["> 0", "< 0"]), "{texts:?}");
        // read back from the page's description
        let json = r##"{"width":400,"height":300,"view":[1,0,0],"symbols":{"fill":"#1f5fa8b3","title":"t","sizes":[[10,"1"]],"signs":[["#1f5fa8b3","> 0"],["#6a3d9ab3","< 0"]]}}"##;
        let p = PageSpec::from_json(json).unwrap();
        assert_eq!(p.symbols.unwrap().signs[1], (loss, "< 0".to_string()));
        let bad = r##"{"width":400,"height":300,"view":[1,0,0],"symbols":{"fill":"#1f5fa8b3","sizes":[],"signs":[["nope","> 0"]]}}"##;
        assert!(PageSpec::from_json(bad).is_err());
        // the features plain under symbols coloured by class
        let plain = r##"{"width":400,"height":300,"view":[1,0,0],"plain":"#e6e8eb"}"##;
        assert_eq!(
            PageSpec::from_json(plain).unwrap().plain,
            Some([0xe6, 0xe8, 0xeb, 255])
        );
        assert!(PageSpec::from_json(&plain.replace("#e6e8eb", "grey?")).is_err());
        assert_eq!(PageSpec::from_json(json).unwrap().plain, None);
    }

    #[test]
    fn a_scale_bar_is_a_round_length_near_100_pixels_at_the_bottom_left() {
        // 1 km a pixel: 100 km; 3.7 m a pixel: 200 m (370 would be 100 px: 200 is the round one under it)
        let b = scale_bar(1000.0, 600.0).unwrap();
        assert_eq!((b.metres, b.text.as_str()), (100_000.0, "100 km"));
        assert!((b.px - 100.0).abs() < 1e-9);
        let b = scale_bar(3.7, 600.0).unwrap();
        assert_eq!(b.text, "200 m");
        assert!((b.px - 200.0 / 3.7).abs() < 1e-9 && b.px <= 100.0 && b.px > 40.0);
        assert!(b.marks[1..].iter().all(|m| match m {
            Mark::Line { y1, y2, .. } => *y1 <= 586.0 && *y2 <= 586.0 && *y1 >= 580.0,
            Mark::Text { y, .. } => *y < 586.0,
            _ => false,
        }));
        // first, a light plate under the rest, around what it covers
        let [x0, y0, x1, y1] = b.bbox;
        assert!(
            matches!(b.marks[0], Mark::Rect { x, y, w, h, fill, pen: None }
            if x <= x0 && y <= y0 && x + w >= x1 && y + h >= y1 && fill[..3] == [255; 3] && fill[3] >= 128 && y + h <= 600.0)
        );
        assert!(b.bbox[2] >= b.bbox[0] + b.px);
        let b = scale_bar(0.004, 600.0).unwrap();
        assert_eq!(b.text, "0.2 m");
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(scale_bar(bad, 600.0).is_none());
        }
    }

    #[test]
    fn the_page_description_is_read_whole_or_refused_with_what_is_wrong() {
        let ok = r##"{"title":"T","source":"S","width":400,"height":300,"view":[0.5,-10,400],
            "over":[["c",1,2,3,"#1f5fa88c",null,0]],
            "symbols":{"square":1,"fill":"#1f5fa88c","title":"Pop.","sizes":[[28,"2 000"],[14,"500"]]}}"##;
        let s = PageSpec::from_json(ok).unwrap();
        assert_eq!(
            (s.width, s.height, s.view),
            (400.0, 300.0, [0.5, -10.0, 400.0])
        );
        assert_eq!(s.legend_title, "");
        let titled = ok.replacen(
            r#""title":"T","#,
            r#""title":"T","legendTitle":"Population (hab.)","#,
            1,
        );
        assert_eq!(
            PageSpec::from_json(&titled).unwrap().legend_title,
            "Population (hab.)"
        );
        assert_eq!(s.over.len(), 1);
        let key = s.symbols.unwrap();
        assert!(key.square);
        assert_eq!(
            key.sizes,
            vec![(28.0, "2 000".to_string()), (14.0, "500".to_string())]
        );
        for (bad, says) in [
            (
                r#"{"width":400,"height":300,"view":[1,0,0],"over":[["c",1,2]]}"#,
                "mark 0 ('c'): item 3",
            ),
            (r#"{"width":-1,"height":300,"view":[1,0,0]}"#, "'width'"),
            (r#"{"width":400,"height":300,"view":[0,0,0]}"#, "'view'"),
            (r#"{"width":400,"height":300,"view":[1,0]}"#, "'view'"),
            (r#"{"width":400,"height":300,"view":[1,0,1e999]}"#, "'view'"),
            (
                r#"{"width":400,"height":300,"view":[1,0,0],"symbols":{"fill":"blue"}}"#,
                "'fill'",
            ),
            (
                r##"{"width":400,"height":300,"view":[1,0,0],"symbols":{"fill":"#fff","sizes":[[-1,"x"]]}}"##,
                "a size",
            ),
            (r#"{"width":400,"height":300"#, ""),
        ] {
            let e = PageSpec::from_json(bad).unwrap_err();
            assert!(e.message.contains(says), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn a_long_title_and_source_wrap_at_spaces_and_the_sheet_makes_room() {
        assert_eq!(wrap("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("  ", 6), vec![""]);
        assert_eq!(
            wrap("abcdefghij k", 4),
            vec!["abcdefghij", "k"],
            "a long word alone"
        );
        let legend = vec![("[0 ; 10]".to_string(), [255, 0, 0], 3)];
        let long = "Population légale des communes de France métropolitaine et des départements d'outre-mer au 1er janvier 2018";
        let source = "Sources : INSEE population légale via Etalab découpage-administratif 6.0.0 ; contours IGN Admin Express COG 2018 via france-geojson — Licence Ouverte ; traitement sealed-atlas";
        let short = sheet("T", "S", &legend, vec![], None);
        let s = sheet(long, source, &legend, vec![], None);
        let lines = |s: &Sheet, size: f64| -> Vec<(f64, String)> {
            s.marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Text {
                        y, text, size: z, ..
                    } if *z == size => Some((*y, text.clone())),
                    _ => None,
                })
                .collect()
        };
        let (t, src) = (lines(&s, 20.0), lines(&s, 11.0));
        assert!(t.len() >= 2 && src.len() >= 2, "{t:?} {src:?}");
        // every word kept, in order; no line wider than the sheet by the estimate
        assert_eq!(
            t.iter().map(|l| l.1.as_str()).collect::<Vec<_>>().join(" "),
            long
        );
        assert_eq!(
            src.iter()
                .map(|l| l.1.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            source
        );
        assert!(t
            .iter()
            .all(|l| l.1.chars().count() as f64 * TITLE_CHAR <= s.width - 32.0));
        assert!(src
            .iter()
            .all(|l| l.1.chars().count() as f64 * SOURCE_CHAR <= s.width - 32.0));
        // the map under the title's last line, the source's lines under everything, in the sheet
        assert_eq!(
            s.frame[1] - short.frame[1],
            TITLE_LINE * (t.len() - 1) as f64
        );
        assert!(t.last().unwrap().0 < s.frame[1]);
        assert!(src[0].0 > s.frame[1] + s.frame[3] && src.last().unwrap().0 < s.height);
        assert!(src.windows(2).all(|w| w[1].0 > w[0].0));
    }

    #[test]
    fn a_long_category_wraps_inside_the_legend() {
        let name = "Communauté d'agglomération du Grand Besançon Métropole et des communes associées de la vallée";
        let legend = vec![
            (name.to_string(), [255, 0, 0], 12),
            ("Autre".to_string(), [0, 0, 255], 3),
        ];
        let s = sheet("T", "S", &legend, vec![], None);
        let texts: Vec<(f64, f64, String)> = s
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    x, y, text, size, ..
                } if *size == 12.0 => Some((*x, *y, text.clone())),
                _ => None,
            })
            .collect();
        assert!(texts.len() >= 3, "{texts:?}");
        let joined: Vec<&str> = texts[..texts.len() - 1]
            .iter()
            .map(|t| t.2.as_str())
            .collect();
        assert_eq!(joined.join(" "), format!("{name} (12)"));
        // inside the sheet by the estimate, the next entry under the last line
        assert!(texts
            .iter()
            .all(|t| t.0 + t.2.chars().count() as f64 * LEGEND_CHAR <= s.width));
        let swatches: Vec<f64> = s
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { y, w, .. } if *w == 18.0 => Some(*y),
                _ => None,
            })
            .collect();
        assert!(
            swatches[1] > texts[texts.len() - 2].1,
            "{swatches:?} {texts:?}"
        );
    }
}
