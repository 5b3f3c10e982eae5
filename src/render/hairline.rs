//! Thin borders (up to two device pixels wide) drawn by the engine over its own fill, band by band:
//! antialiased lines in Xiaolin Wu's manner, a step per pixel column (or row), each step a box of the
//! line's height in that column (its width over the cosine of its angle) whose overlap with each
//! pixel is that pixel's coverage (under a pixel, a box one pixel high holding that much ink: Wu's
//! two pixels, shared as the line passes between them), then blended over the filled pixels.
//!
//! Canvas2D stroked the same borders after the fill: building the path (a JavaScript call per
//! vertex) and rasterising it took 50–85 ms for the 35,000 communes, about as long as the fill.
//! Wider borders (zoomed in on a hi-DPI screen) are still stroked by Canvas2D, with round joins.

use crate::carto::projected::Lod;
use crate::float::{clamp, max, min};
use crate::render::raster::{band_index, bands_of, ByBand};

/// Polylines to stroke, as a level of detail hands them out: the borders of a TopoJSON (each once),
/// or the rings of the polygons (`kinds`: only those of kind 3).
pub struct Strokes<'a> {
    /// x, y interleaved (projected units)
    pub coords: &'a [f32],
    /// polyline → first vertex (polylines + 1)
    pub offsets: &'a [u32],
    /// per polyline, if given: only the polygon rings (kind 3) are stroked
    pub kinds: Option<&'a [u8]>,
    /// 0xRRGGBBAA
    pub colour: u32,
    /// device pixels, at most [`MAX_WIDTH`] (wider is clamped)
    pub width: f32,
}

impl<'a> Strokes<'a> {
    /// The borders of a level of detail: a TopoJSON's shared borders, each once, or else the rings
    /// of its polygons.
    pub fn outlines(l: &'a Lod, colour: u32, width: f32) -> Strokes<'a> {
        let (coords, offsets, kinds) = if l.border_coords.is_empty() {
            (&l.coords, &l.ring_offsets, Some(&l.ring_kind[..]))
        } else {
            (&l.border_coords, &l.border_offsets, None)
        };
        Strokes {
            coords,
            offsets,
            kinds,
            colour,
            width,
        }
    }
}

/// A piece of a polyline: its vertices and the bands of rows a stroke of it may colour (8 bytes:
/// there are as many as a level has rings, or more — 12 with its last band as a `u16`, 0.4 MB more
/// at the 100,000 cells' first map, whose peak the page's memory keeps).
#[derive(Clone, Copy)]
struct Span {
    /// its first vertex's x in the coordinates
    start: u32,
    /// the first band it reaches ([`bands_of`], within [`REACH`] of its vertices)
    first: u16,
    /// how many more it reaches, [`THROUGH`] for that many or more: to the image's last (a piece
    /// of 32 segments over 4,000 pixels tall, deep in a zoom, is walked in bands it is not in)
    more: u8,
    /// its coordinates (x, y interleaved: at most `2 · (PIECE + 1)`)
    len: u8,
}

/// [`Span::more`] for a piece reaching that many bands or more.
const THROUGH: u8 = u8::MAX;

impl Span {
    /// The bands a stroke of it may colour (see [`ByBand`]).
    fn bands(&self) -> (u16, u16) {
        let last = match self.more {
            THROUGH => u16::MAX,
            m => self.first.saturating_add(u16::from(m)),
        };
        (self.first, last)
    }
}

/// Segments per piece of a polyline.
const PIECE: usize = 32;
/// The widest border drawn here, device pixels.
pub const MAX_WIDTH: f32 = 2.0;
/// How far from its centre line a border may colour a pixel (half of the widest border's height at
/// 45°, and half a pixel), in pixels.
const REACH: f32 = 2.0;

/// The span of vertices `xy` (the first at vertex `first`), or `None` if it is off the canvas or
/// not finite.
fn span(xy: &[f32], [sx, sy, tx, ty]: [f32; 4], w: usize, h: usize, first: usize) -> Option<Span> {
    let (mut x0, mut x1) = (f32::INFINITY, f32::NEG_INFINITY);
    let (mut y0, mut y1) = (f32::INFINITY, f32::NEG_INFINITY);
    let mut finite = true;
    for p in xy.chunks_exact(2) {
        let (x, y) = (sx * p[0] + tx, sy * p[1] + ty);
        finite &= x.is_finite() && y.is_finite();
        x0 = min(x, x0);
        x1 = max(x, x1);
        y0 = min(y, y0);
        y1 = max(y, y1);
    }
    if !finite || x1 < -REACH || x0 > w as f32 + REACH {
        return None;
    }
    let (a, z) = bands_of(y0 - REACH, y1 + REACH, h)?;
    Some(Span {
        start: u32::try_from(first * 2).ok()?,
        first: a,
        more: u8::try_from(z.saturating_sub(a)).unwrap_or(THROUGH),
        len: u8::try_from(xy.len()).ok()?,
    })
}

/// The strokes of one fill: polylines in pieces taken band by band, as the fill takes its rings
/// ([`ByBand`]: a piece reaches [`REACH`] pixels above and below its vertices). The vertices are read where they are, handed to
/// each band (the same as `new` was given), and put in pixels as a band walks them (a copy in
/// pixels was 8 bytes a vertex of Wasm memory at the first map's peak, which never shrinks: 1.8 MB
/// for 35,000 Voronoi cells).
pub(crate) struct Pass {
    /// projected units to pixels: `px = m[0]·x + m[2]`, `py = m[1]·y + m[3]`
    m: [f32; 4],
    w: usize,
    h: usize,
    /// the pieces of every polyline, counted before any is taken, and whether all are taken
    room: usize,
    taken: bool,
    spans: Vec<Span>,
    by_band: ByBand,
    rgb: [f32; 3],
    /// the colour's alpha
    opacity: f32,
    /// device pixels
    width: f32,
    /// the band's coverage by the strokes, per pixel
    cov: Vec<f32>,
    /// the band's pixels with coverage, each once: what is blended (a hairline covers a few
    /// pixels of a band; reading all of them for it took most of the borders' time)
    touched: Vec<u32>,
}

impl Pass {
    /// Its pieces counted and given room, none taken yet ([`Pass::take`]); `m` maps projected
    /// units to pixels: `px = m[0]·x + m[2]`, `py = m[1]·y + m[3]`.
    pub(crate) fn begin(s: &Strokes, m: [f32; 4], w: usize, h: usize) -> Pass {
        let n = s.offsets.len().saturating_sub(1);
        // the room of every piece first (grown by doubling, 35,000 cells' spans took 1 MB at 0.56
        // used, and 1.5 MB of Wasm memory while they moved)
        let pieces = (0..n)
            .filter(|&i| s.kinds.is_none_or(|k| k.get(i).copied() == Some(3)))
            .map(|i| (s.offsets[i + 1].saturating_sub(s.offsets[i]) as usize).saturating_sub(1))
            .map(|segments| segments.div_ceil(PIECE))
            .sum();
        let c = s.colour;
        let a = (c & 0xff) as f32 / 255.0;
        Pass {
            m,
            w,
            h,
            room: pieces,
            taken: false,
            spans: Vec::with_capacity(pieces),
            by_band: ByBand::default(),
            rgb: [
                (c >> 24) as f32,
                ((c >> 16) & 0xff) as f32,
                ((c >> 8) & 0xff) as f32,
            ],
            opacity: a,
            width: clamp(s.width, 0.0, MAX_WIDTH),
            cov: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Takes the pieces of polylines from `*next` on, whole polylines until `budget` vertices are
    /// walked; true (the pieces sorted by band) once every polyline is.
    pub(crate) fn take(&mut self, s: &Strokes, next: &mut usize, budget: usize) -> bool {
        let n = s.offsets.len().saturating_sub(1);
        let (m, w, h) = (self.m, self.w, self.h);
        let mut walked = 0usize;
        while *next < n && walked < budget {
            let i = *next;
            *next += 1;
            if s.kinds.is_some_and(|k| k.get(i).copied() != Some(3)) {
                continue;
            }
            let (a, b) = (s.offsets[i] as usize, s.offsets[i + 1] as usize);
            if s.coords.get(a * 2..b * 2).is_none() {
                continue;
            }
            walked += b.saturating_sub(a);
            // long polylines (a coast) in pieces: each band walks only the pieces that reach it
            let mut c = a;
            while c + 1 < b {
                let e = (c + PIECE + 1).min(b);
                if let Some(span) = span(&s.coords[c * 2..e * 2], m, w, h, c) {
                    self.spans.push(span);
                }
                c = e - 1;
            }
        }
        if *next < n {
            return false;
        }
        ByBand::sort(&mut self.spans, Span::bands, h);
        self.taken = true;
        true
    }

    /// How many pieces of polylines it strokes: those on the image once all are taken, else all
    /// there are (those off it included).
    pub(crate) fn pieces(&self) -> usize {
        if self.taken {
            self.spans.len()
        } else {
            self.room
        }
    }

    /// Strokes the polylines (`coords`: the vertices `new` was given) over rows `y0..y0 + bh`
    /// (RGBA pixels, not premultiplied, `w` each); `keep`: those rows of a [`Coverage`], to record
    /// in what was laid over each pixel. (One call per band: V8 optimises it after the first few.)
    #[inline(never)]
    pub(crate) fn band(
        &mut self,
        coords: &[f32],
        y0: usize,
        bh: usize,
        rows: &mut [u32],
        mut keep: Option<&mut [u8]>,
    ) {
        if let Some(k) = keep.as_deref_mut() {
            k.fill(0);
        }
        let bottom = (y0 + bh) as f32;
        let spans = &self.spans;
        let active = self.by_band.band(spans, Span::bands, band_index(y0));
        if self.opacity * self.width <= 0.0 || active.is_empty() {
            return;
        }
        let w = self.w;
        // zeros once: each band leaves it at zero as it reads it (no clearing of it a band)
        if self.cov.len() < w * bh {
            self.cov.resize(w * bh, 0.0);
        }
        let mut band = Band {
            cov: &mut self.cov,
            touched: &mut self.touched,
            w,
            r0: y0 as f32,
            r1: bottom,
        };
        let [sx, sy, tx, ty] = self.m;
        for &i in active {
            let s = spans[i];
            let Some(xy) = coords.get(s.start as usize..s.start as usize + s.len as usize) else {
                continue; // (not the polylines it was made for)
            };
            let (mut ax, mut ay) = (sx * xy[0] + tx, sy * xy[1] + ty);
            for p in xy[2..].chunks_exact(2) {
                let (bx, by) = (sx * p[0] + tx, sy * p[1] + ty);
                band.segment(ax, ay, bx, by, self.width, self.opacity);
                (ax, ay) = (bx, by);
            }
        }
        // the colour over the pixels touched, in proportion to the coverage (in 256ths)
        for &i in self.touched.iter() {
            let i = i as usize;
            let (Some(c), Some(px)) = (self.cov.get_mut(i), rows.get_mut(i)) else {
                continue;
            };
            if *c > 0.0 {
                // (255 and up: all of it, so that a byte holds every step)
                let k = (min(*c, 1.0) * 256.0) as u8;
                *px = over(*px, self.rgb, k);
                if let Some(keep) = keep.as_deref_mut() {
                    keep[i] = k;
                }
            }
            *c = 0.0; // (a NaN too: it must not reach the next band)
        }
        self.touched.clear();
    }
}

/// What a [`Coverage`] was recorded for: the level, the transform, the image's size, the
/// stroke's colour and width (see [`Coverage::key`]).
pub type CoverageKey = (u32, [u32; 4], usize, usize, u32, u32);

/// What a level's borders laid over each pixel of an image (in 256ths of their colour), kept by
/// the page's view from one fill to the next: a change of classes fills the polygons again at the
/// same place, and the borders, the same, are then laid from here instead of stroked again (on
/// the 35,000 communes at 960 × 600 they were ~40 % of a redraw). A byte a pixel.
pub struct Coverage {
    /// the level, transform, size and stroke it was recorded for
    key: CoverageKey,
    k: Vec<u8>,
    /// rows recorded so far: complete at the image's height
    rows: usize,
}

impl Coverage {
    /// The key of the borders of level `lod` at transform `m` in a `w` × `h` image, in `colour`,
    /// `width` device pixels wide.
    pub fn key(lod: u32, m: [f32; 4], w: usize, h: usize, colour: u32, width: f32) -> CoverageKey {
        (lod, m.map(f32::to_bits), w, h, colour, width.to_bits())
    }

    /// Whether it holds its whole image.
    pub(crate) fn is_complete(&self) -> bool {
        self.rows == self.key.3
    }

    /// Whether it holds the whole image of borders of `key`.
    pub fn is_for(&self, key: &CoverageKey) -> bool {
        self.key == *key && self.is_complete()
    }

    /// An empty one for `key`, in the memory of `old` if there is one.
    pub(crate) fn recording(key: CoverageKey, old: Option<Coverage>) -> Coverage {
        let mut k = old.map(|c| c.k).unwrap_or_default();
        k.clear();
        k.resize(key.2 * key.3, 0);
        Coverage { key, k, rows: 0 }
    }

    /// Rows `y0..y0 + bh`, to record (each band in turn, from the top).
    pub(crate) fn rows_mut(&mut self, y0: usize, bh: usize) -> Option<&mut [u8]> {
        let w = self.key.2;
        if y0 != self.rows {
            return None; // (out of turn: left incomplete)
        }
        self.rows = y0 + bh;
        self.k.get_mut(y0 * w..(y0 + bh) * w)
    }

    /// Lays rows `y0..y0 + bh` of borders in `colour` (0xRRGGBBAA) over `rows`.
    pub(crate) fn lay(&self, y0: usize, bh: usize, colour: u32, rows: &mut [u32]) {
        let w = self.key.2;
        let rgb = [
            (colour >> 24) as f32,
            ((colour >> 16) & 0xff) as f32,
            ((colour >> 8) & 0xff) as f32,
        ];
        if let Some(ks) = self.k.get(y0 * w..(y0 + bh) * w) {
            for (&k, px) in ks.iter().zip(rows.iter_mut()) {
                if k != 0 {
                    *px = over(*px, rgb, k);
                }
            }
        }
    }
}

/// `rgb` at opacity `k`/256 over a pixel (RGBA bytes in memory order, not premultiplied), 255
/// counting as 256 (all of it).
#[inline(always)]
fn over(px: u32, rgb: [f32; 3], k: u8) -> u32 {
    let d = px.to_ne_bytes();
    let k = if k == 255 { 256 } else { k as u32 };
    if d[3] == 255 {
        // over an opaque pixel (inside the map: most of them), in integers
        let ch = |s: f32, d: u8| ((s as u32 * k + d as u32 * (256 - k)) >> 8) as u8;
        return u32::from_ne_bytes([ch(rgb[0], d[0]), ch(rgb[1], d[1]), ch(rgb[2], d[2]), 255]);
    }
    let a = k as f32 / 256.0;
    let t = d[3] as f32 / 255.0 * (1.0 - a);
    let ao = a + t;
    if ao <= 0.0 {
        return px;
    }
    let inv = 1.0 / ao;
    let ch = |s: f32, d: u8| min((s * a + d as f32 * t) * inv + 0.5, 255.0) as u8;
    u32::from_ne_bytes([
        ch(rgb[0], d[0]),
        ch(rgb[1], d[1]),
        ch(rgb[2], d[2]),
        min(ao * 255.0 + 0.5, 255.0) as u8,
    ])
}

/// One step of a line across a column (or a row): a box `height` pixels high (at least one) holding
/// `ink` of coverage, spread over the pixels it overlaps.
#[derive(Clone, Copy)]
struct Step {
    half: f32,
    density: f32,
}

impl Step {
    /// `height`: the line's width over the cosine of its angle; `opacity`: its colour's alpha.
    #[inline(always)]
    fn new(height: f32, opacity: f32) -> Step {
        let box_h = max(height, 1.0);
        Step {
            half: box_h / 2.0,
            density: height / box_h * opacity,
        }
    }

    /// The box centred on `at` (pixel centres on integers): `plot(pixel, coverage)` for each pixel
    /// it overlaps (two for a box one pixel high, at most four: counted, so that a position too
    /// large for `+ 1.0` to change it cannot loop).
    #[inline(always)]
    fn spread(self, at: f32, mut plot: impl FnMut(f32, f32)) {
        if self.half == 0.5 {
            // one pixel high (every border up to 0.7 px wide): the two pixels it straddles
            let p = at.floor();
            let f = at - p;
            plot(p, (1.0 - f) * self.density);
            plot(p + 1.0, f * self.density);
            return;
        }
        let (top, bottom) = (at - self.half, at + self.half);
        let first = (top + 0.5).floor();
        for k in 0..4 {
            let p = first + k as f32;
            if p - 0.5 >= bottom {
                break;
            }
            let overlap = min(bottom, p + 0.5) - max(top, p - 0.5);
            if overlap > 0.0 {
                plot(p, overlap * self.density);
            }
        }
    }
}

/// One band's coverage as a line sees it.
struct Band<'a> {
    cov: &'a mut [f32],
    /// the cells given coverage, each once (see [`Band::plot`])
    touched: &'a mut Vec<u32>,
    w: usize,
    /// the band's rows: r0 ≤ row < r1
    r0: f32,
    r1: f32,
}

impl Band<'_> {
    /// One segment (pixels): a step per column if it is closer to horizontal (per row if not),
    /// from the first pixel centre past its start to the last before its end, so that the
    /// segments of a polyline share no step.
    #[inline(always)]
    fn segment(&mut self, ax: f32, ay: f32, bx: f32, by: f32, width: f32, opacity: f32) {
        // pixel centres on integers
        let (ax, ay, bx, by) = (ax - 0.5, ay - 0.5, bx - 0.5, by - 0.5);
        let (r0, r1) = (self.r0, self.r1);
        if max(ay, by) <= r0 - REACH || min(ay, by) >= r1 + REACH {
            return; // above or below the band (most segments of a polyline that crosses bands)
        }
        let (dx, dy) = (bx - ax, by - ay);
        if (dx == 0.0 && dy == 0.0) || !(dx.is_finite() && dy.is_finite()) {
            return;
        }
        if dx.abs() >= dy.abs() {
            let (ax, ay, bx) = if dx > 0.0 { (ax, ay, bx) } else { (bx, by, ax) };
            let slope = dy / dx;
            // columns [i0, i1), narrowed to where the line is within reach of the band's rows
            let (mut lo, mut hi) = (ax.ceil(), bx.ceil());
            if slope != 0.0 {
                let (ya, yb) = (
                    ax + (r0 - REACH - ay) / slope,
                    ax + (r1 + REACH - ay) / slope,
                );
                lo = max(lo, min(ya, yb).floor());
                hi = min(hi, max(ya, yb).ceil() + 1.0);
            } else if ay <= r0 - REACH || ay >= r1 + REACH {
                return;
            }
            let (lo, hi) = (clamp(lo, 0.0, self.w as f32), clamp(hi, 0.0, self.w as f32));
            let step = Step::new(width * (1.0 + slope * slope).sqrt(), opacity);
            for i in lo as usize..hi as usize {
                let y = ay + (i as f32 - ax) * slope;
                step.spread(y, |j, c| self.plot(i as f32, j, c));
            }
        } else {
            let (ax, ay, by) = if dy > 0.0 { (ax, ay, by) } else { (bx, by, ay) };
            let slope = dx / dy;
            let (lo, hi) = (clamp(ay.ceil(), r0, r1), clamp(by.ceil(), r0, r1));
            let step = Step::new(width * (1.0 + slope * slope).sqrt(), opacity);
            for j in lo as usize..hi as usize {
                let x = ax + (j as f32 - ay) * slope;
                step.spread(x, |i, c| self.plot(i, j as f32, c));
            }
        }
    }

    /// Adds coverage `c` to pixel (i, j), if it is in the band. A cell given coverage for the first
    /// time is noted (coverage is never negative: a cell holding some never goes back to zero,
    /// and none is noted twice).
    #[inline(always)]
    fn plot(&mut self, i: f32, j: f32, c: f32) {
        if !(i >= 0.0 && i < self.w as f32 && j >= self.r0 && j < self.r1) || c == 0.0 {
            return;
        }
        let at = (j - self.r0) as usize * self.w + i as usize;
        if let Some(v) = self.cov.get_mut(at) {
            if *v == 0.0 {
                self.touched.push(at as u32);
            }
            *v += c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::raster::{fill_polygons, Fill};

    /// Strokes alone (nothing filled) on a transparent `w × h` image, pixels 1:1.
    fn draw(
        coords: &[f32],
        offsets: &[u32],
        kinds: Option<&[u8]>,
        width: f32,
        w: usize,
        h: usize,
    ) -> Vec<u8> {
        let none = Fill::NONE;
        let s = Strokes {
            coords,
            offsets,
            kinds,
            colour: 0xffffffff,
            width,
        };
        fill_polygons(&none, &[], &[], w, h, [1.0, 1.0, 0.0, 0.0], Some(&s))
    }

    fn alpha(img: &[u8], w: usize, x: usize, y: usize) -> u8 {
        img[(y * w + x) * 4 + 3]
    }

    #[test]
    fn a_line_covers_its_width_per_pixel_and_nothing_else() {
        // horizontal, on row 5's centre, half a pixel wide
        let img = draw(&[2.5, 5.5, 17.5, 5.5], &[0, 2], None, 0.5, 20, 10);
        for x in 3..17 {
            assert_eq!(alpha(&img, 20, x, 5), 128, "x {x}");
            assert_eq!(alpha(&img, 20, x, 4), 0);
            assert_eq!(alpha(&img, 20, x, 6), 0);
        }
        assert_eq!(alpha(&img, 20, 0, 5), 0);
        assert_eq!(alpha(&img, 20, 19, 5), 0);
        // white over transparent stays white
        assert_eq!(
            &img[(5 * 20 + 8) * 4..(5 * 20 + 8) * 4 + 3],
            &[255, 255, 255]
        );
        // wider than a pixel: the rows it overlaps, by how much (1.5 px on row 5's centre; 2 px on
        // the line between rows 4 and 5)
        let img = draw(&[2.5, 5.5, 17.5, 5.5], &[0, 2], None, 1.5, 20, 10);
        let col: Vec<u8> = (3..8).map(|y| alpha(&img, 20, 9, y)).collect();
        assert_eq!(col, vec![0, 64, 255, 64, 0]);
        let img = draw(&[2.5, 5.0, 17.5, 5.0], &[0, 2], None, 2.0, 20, 10);
        let col: Vec<u8> = (2..8).map(|y| alpha(&img, 20, 9, y)).collect();
        assert_eq!(col, vec![0, 0, 255, 255, 0, 0]);
    }

    #[test]
    fn borders_are_taken_by_their_bands_in_any_order_down_to_the_last_row() {
        // the first row of the second band
        let band = (1..).find(|&b| band_index(b) == 1).unwrap();
        let h = 2 * band + 5;
        // horizontal borders: on the last row, in the last band, within reach of the image's
        // bottom and just out of it, mixed with others higher up; in two orders
        let ys = [
            h as f32 + 2.0,
            1.5,
            h as f32 - 0.5,
            h as f32 + 1.0,
            band as f32 + 0.5,
            6.5,
        ];
        let (w, mut imgs) = (12, Vec::new());
        for order in [ys.to_vec(), ys.iter().rev().copied().collect()] {
            let (mut c, mut o) = (Vec::new(), vec![0u32]);
            for y in order {
                c.extend([1.5, y, 10.5, y]);
                o.push((c.len() / 2) as u32);
            }
            imgs.push(draw(&c, &o, None, 1.0, w, h));
        }
        assert!(imgs[0] == imgs[1], "the same pixels whatever the order");
        for y in [1, 6, band, h - 1] {
            assert_eq!(alpha(&imgs[0], w, 5, y), 255, "row {y} stroked");
        }
        assert_eq!(alpha(&imgs[0], w, 5, h - 2), 0);
    }

    #[test]
    fn a_piece_taller_than_its_bands_can_count_is_stroked_to_its_end() {
        // one segment across more bands than a span counts (255 and more: to the image's last),
        // with short ones in the same image that end where they end
        let h = (1..).find(|&b| band_index(b) == 300).unwrap() + 7;
        let w = 8;
        let c = [2.5, 0.5, 2.5, h as f32 - 0.5, 5.5, 3.5, 5.5, 20.5];
        let img = draw(&c, &[0, 2, 4], None, 1.0, w, h);
        for y in 1..h - 1 {
            assert_eq!(alpha(&img, w, 2, y), 255, "row {y} of the tall one");
        }
        for y in 4..20 {
            assert_eq!(alpha(&img, w, 5, y), 255, "row {y} of the short one");
        }
        for y in 22..h {
            assert_eq!(alpha(&img, w, 5, y), 0, "row {y} past the short one");
        }
    }

    #[test]
    fn ink_is_width_times_length_whatever_the_direction_and_the_bands() {
        // a closed diagonal zigzag 300 px tall: it crosses several bands of rows
        let pts: [f32; 8] = [10.0, 10.0, 90.0, 310.0, 170.0, 10.0, 10.0, 10.0];
        let len: f32 = pts
            .chunks(2)
            .zip(pts.chunks(2).skip(1))
            .map(|(a, b)| ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt())
            .sum();
        let img = draw(&pts, &[0, 4], None, 0.4, 200, 330);
        let ink: f32 = img.chunks(4).map(|p| p[3] as f32 / 255.0).sum();
        assert!(
            (ink / (0.4 * len) - 1.0).abs() < 0.03,
            "ink {ink} for {}",
            0.4 * len
        );
        // every row the steep sides cross gets the same ink (no seam between bands)
        for y in [60, 63, 64, 65, 127, 128, 129, 200] {
            let row: f32 = (0..200)
                .map(|x| alpha(&img, 200, x, y) as f32 / 255.0)
                .sum();
            let expect = 2.0 * 0.4 * (1.0f32 + (80.0f32 / 300.0).powi(2)).sqrt();
            assert!((row - expect).abs() < 0.03, "row {y}: {row} vs {expect}");
        }
    }

    #[test]
    fn a_long_polyline_drawn_in_pieces_has_the_ink_of_its_length() {
        // a circle of 400 vertices across five bands: pieces of 32 segments share no step
        let (r, n) = (140.0f32, 400);
        let pts: Vec<f32> = (0..=n)
            .flat_map(|i| {
                let t = std::f32::consts::TAU * i as f32 / n as f32;
                [150.5 + r * t.cos(), 160.5 + r * t.sin()]
            })
            .collect();
        let img = draw(&pts, &[0, n as u32 + 1], None, 0.5, 300, 320);
        let ink: f32 = img.chunks(4).map(|p| p[3] as f32 / 255.0).sum();
        let expect = 0.5 * std::f32::consts::TAU * r;
        assert!((ink / expect - 1.0).abs() < 0.02, "ink {ink} for {expect}");
    }

    #[test]
    fn only_polygon_rings_are_stroked_and_bad_coordinates_do_no_harm() {
        let c = [
            1.0,
            1.0,
            9.0,
            1.0, // a line (kind 2): not stroked
            1.0,
            5.0,
            9.0,
            5.0, // a ring (kind 3)
            f32::NAN,
            3.0,
            4.0,
            3.0, // not finite: skipped
            -1e30,
            7.0,
            1e30,
            7.0, // huge: clipped to the canvas
        ];
        let img = draw(&c, &[0, 2, 4, 6, 8], Some(&[2, 3, 3, 3]), 1.0, 10, 10);
        assert_eq!(alpha(&img, 10, 5, 1), 0);
        assert_eq!(alpha(&img, 10, 5, 0), 0);
        assert!(alpha(&img, 10, 5, 4) > 100 || alpha(&img, 10, 5, 5) > 100);
        assert_eq!(alpha(&img, 10, 5, 3), 0);
        assert!(alpha(&img, 10, 5, 6) > 100 || alpha(&img, 10, 5, 7) > 100);
        for (w, h) in [(0, 5), (5, 0), (1, 1)] {
            assert_eq!(draw(&c, &[0, 2, 4, 6, 8], None, 1.0, w, h).len(), w * h * 4);
        }
        // offsets past the coordinates: nothing drawn, no panic
        assert!(draw(&c, &[0, 40], None, 1.0, 10, 10)
            .iter()
            .all(|&b| b == 0));
    }

    #[test]
    fn a_band_blends_each_pixel_its_strokes_touch_once_whatever_their_number() {
        // 300 times the same zigzag across 40 rows: each pixel blended once, at full coverage, and
        // each noted once
        let (w, h, rows) = (30, 40, 16);
        let one: Vec<f32> = (0..8)
            .flat_map(|i| [2.5 + 3.0 * i as f32, if i % 2 == 0 { 1.5 } else { 38.5 }])
            .collect();
        let coords: Vec<f32> = (0..300).flat_map(|_| one.iter().copied()).collect();
        let offsets: Vec<u32> = (0..=300).map(|k| k * 8).collect();
        let s = Strokes {
            coords: &coords,
            offsets: &offsets,
            kinds: None,
            colour: 0x000000ff,
            width: 0.5,
        };
        let mut pass = Pass::begin(&s, [1.0, 1.0, 0.0, 0.0], w, h);
        assert!(pass.take(&s, &mut 0, usize::MAX));
        let white = u32::from_ne_bytes([255, 255, 255, 255]);
        let mut most = 0;
        let mut image = Vec::new();
        for y0 in (0..h).step_by(rows) {
            let bh = rows.min(h - y0);
            let mut band = vec![white; w * bh];
            pass.band(&coords, y0, bh, &mut band, None);
            most = most.max(pass.touched.capacity());
            assert!(pass.touched.is_empty() && pass.cov.iter().all(|&c| c == 0.0));
            image.extend(band);
        }
        // (the list's room grows by doubling: under twice the band's pixels; noting each plot, 300
        // strokes over the same pixels, would take hundreds of times more)
        assert!(
            most < 2 * w * rows,
            "room for {most} noted in a band of {} pixels",
            w * rows
        );
        // a pixel a stroke crosses is black (its coverage capped at all of it), others white
        let dark = image.iter().filter(|&&p| p != white).count();
        assert!(dark > 200, "{dark}");
        let px = image[20 * w + 4].to_ne_bytes(); // (a steep segment crosses row 20 at x ≈ 4)
        assert!(px[0] < 80, "{px:?}");
    }
}
