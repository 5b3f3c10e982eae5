//! Filling a choropleth's polygons into pixels, in the engine: exact-area antialiasing by signed
//! area accumulation (as font rasterisers do it), every class in one pass.
//!
//! Each polygon edge adds, to the cells it crosses, the signed area it leaves to its right, weighted
//! by the colour of its feature (premultiplied RGBA); a running sum along each row then gives every
//! pixel the sum of `coverage × colour` over the polygons that cover it. Neighbouring features that
//! share an edge add up to full coverage, so no background shows through the seams, as it does when
//! each polygon is antialiased on its own (the "conflation" of Canvas2D and SVG renderers). Holes
//! count against their exterior whatever the winding of each ring. A TopoJSON's rings made of its
//! shared borders are not walked: each border is, once, weighted by the difference of its two
//! sides' colours ([`Sides`]). The canvas is processed in
//! bands of 16 rows, so the accumulator stays small (0.5 MB for a 1,920-pixel-wide canvas; bands
//! of 64 rows took four times that, for a fill 5 % faster at most: a ring or a border across two
//! bands is walked by both).
//!
//! In the page this replaces Canvas2D's path filling, whose software rasterisation took 90–160 ms
//! for the 35,000 communes at 960×600.

use crate::carto::projected::{made_of_borders, ring_extent, Lod};
use crate::float::{clamp, max, min};
use crate::geom::layer::RingBorders;
use crate::render::hairline::Pass;
pub use crate::render::hairline::{Coverage, CoverageKey, Strokes};

/// Rows per band.
const BAND: usize = 16;

/// The first and the last band that rows `y0..y1` (pixels, top and bottom) reach in an image `h`
/// rows high, or `None` if they reach none of its rows (or are not numbers): what a fill walks
/// (rings, borders) is ordered and taken by these, two `u16`s an item instead of two `f32`s (the
/// page refuses images over 32,768 rows; past 65,534 bands every item would end in the last).
/// A band takes an item whose top is above its bottom and whose bottom is below its top.
pub(crate) fn bands_of(y0: f32, y1: f32, h: usize) -> Option<(u16, u16)> {
    if !(y0 < h as f32 && y1 > 0.0 && y0 < y1) {
        return None;
    }
    let first = max(y0, 0.0) as usize;
    let last = (min(y1, h as f32).ceil() as usize).saturating_sub(1);
    let cap = u16::MAX as usize - 1;
    Some((
        (first / BAND).min(cap) as u16,
        (last / BAND).min(cap) as u16,
    ))
}

/// Orders `items` by their first band (`first(item)`), in place: an American flag sort (a count
/// per band, then each item swapped into its band's next place), linear, and small in the engine
/// (a comparison sort by band for rings and for borders was 6 KB of Wasm; by their top instead of
/// their band, 35,000 rings took 1.3 ms natively instead of 0.5).
pub(crate) fn sort_by_band<T>(items: &mut [T], first: impl Fn(&T) -> u16, h: usize) {
    let bands = h.div_ceil(BAND).min(u16::MAX as usize);
    let bucket = |t: &T| (first(t) as usize).min(bands);
    // how many in each band, then where each band ends, and its next place to fill
    let mut end = vec![0usize; bands + 1];
    for t in items.iter() {
        end[bucket(t)] += 1;
    }
    let (mut next, mut sum) = (Vec::with_capacity(bands + 1), 0);
    for e in end.iter_mut() {
        next.push(sum);
        sum += *e;
        *e = sum;
    }
    for b in 0..=bands {
        while next[b] < end[b] {
            let i = next[b];
            let k = bucket(&items[i]);
            if k != b {
                items.swap(i, next[k]);
            }
            next[k] += 1;
        }
    }
}

/// What a fill walks band by band (its rings, its borders' pieces): the items, sorted once by
/// their first band ([`sort_by_band`]), then for each band, in turn from the top, those reaching
/// into it. The fill and the borders each keep one; each item knows its bands ([`bands_of`]).
#[derive(Default)]
pub(crate) struct ByBand {
    /// the next item to reach a band, and those reaching into the current one
    next: usize,
    active: Vec<usize>,
}

impl ByBand {
    /// Orders `items` for the bands of an image `h` rows high (see [`sort_by_band`]).
    pub(crate) fn sort<T>(items: &mut [T], bands: impl Fn(&T) -> (u16, u16), h: usize) {
        sort_by_band(items, |t| bands(t).0, h);
    }

    /// The items reaching into band `b`, the next band down: those already taken that reach to it,
    /// and those whose first band it is.
    pub(crate) fn band<T>(
        &mut self,
        items: &[T],
        bands: impl Fn(&T) -> (u16, u16),
        b: u16,
    ) -> &[usize] {
        self.active.retain(|&i| bands(&items[i]).1 >= b);
        while let Some(t) = items.get(self.next) {
            let (first, last) = bands(t);
            if first > b {
                break;
            }
            if last >= b {
                self.active.push(self.next);
            }
            self.next += 1;
        }
        &self.active
    }
}

/// Geometry to fill, as a level of detail hands it out (see `carto::projected::Lod`).
pub struct Fill<'a> {
    /// x, y interleaved (projected units)
    pub coords: &'a [f32],
    /// ring → first vertex (rings + 1)
    pub ring_offsets: &'a [u32],
    /// feature → first ring (features + 1)
    pub feature_rings: &'a [u32],
    /// per ring: 3 for a polygon ring (others are not filled)
    pub ring_kind: &'a [u8],
    /// per ring: 1 for a hole
    pub ring_hole: &'a [u8],
    /// the borders the rings are made of, if they are (a TopoJSON's)
    pub sides: Option<Sides<'a>>,
}

/// A level's shared borders and the rings made of them (a TopoJSON's): a ring whose vertices here
/// are exactly those of its borders is not walked, its colour is added to each of its borders'
/// weights instead (signed by the way it walks them), and each border is accumulated once with
/// the sum — the difference of its two sides' colours, nothing where both are alike. The
/// accumulation is linear in the edges, so the image is the one the rings give (US counties in
/// 7 classes: 83,000 edges walked become 34,000, the borders between counties of one class none).
#[derive(Clone, Copy)]
pub struct Sides<'a> {
    /// per ring: the layer's ring it is (its entry in `rings`), [`NOT_MADE`](crate::carto::projected::NOT_MADE) if its vertices here
    /// are not exactly its borders'
    pub ring_source: &'a [u32],
    pub rings: &'a RingBorders,
    /// the borders at this level: x, y interleaved (projected units), and polyline → first vertex
    pub coords: &'a [f32],
    pub offsets: &'a [u32],
    /// per ring made of its borders, its box and signed area (see `Lod::made_box`)
    pub boxes: &'a [[f32; 5]],
}

impl<'a> Sides<'a> {
    /// Border `k`'s vertices.
    fn line(&self, k: usize) -> Option<&'a [f32]> {
        let (a, z) = (*self.offsets.get(k)?, *self.offsets.get(k + 1)?);
        self.coords.get(a as usize * 2..z as usize * 2)
    }

    /// The bands of rows, signed area and left edge of ring `r`, made of borders `list`, in
    /// pixels (from its box as its level found it, not from its vertices: see [`pixel_box`]), and
    /// its vertices (its borders', the work of walking it).
    fn ring_box(&self, r: usize, list: &[i32], m: [f32; 4], h: usize) -> (Option<RingBox>, usize) {
        let n = list
            .iter()
            .map(|&b| {
                let k = if b < 0 { !b } else { b } as usize;
                let (a, z) = (self.offsets.get(k), self.offsets.get(k + 1));
                z.zip(a).map_or(0, |(z, a)| z.saturating_sub(*a) as usize)
            })
            .sum();
        (self.boxes.get(r).and_then(|&e| pixel_box(e, m, h)), n)
    }

    /// The borders (`!k` walked backwards) ring `r` is made of at this level, if it is (the level
    /// found its vertices exactly its borders': see `Lod::ring_source`).
    fn of_ring(&self, r: usize) -> Option<&'a [i32]> {
        made_of_borders(self.ring_source, self.rings, r)
    }
}

impl Fill<'static> {
    /// No polygons (borders alone are drawn over nothing).
    pub const NONE: Fill<'static> = Fill {
        coords: &[],
        ring_offsets: &[0],
        feature_rings: &[0],
        ring_kind: &[],
        ring_hole: &[],
        sides: None,
    };
}

impl<'a> Fill<'a> {
    /// A level of detail's polygons.
    pub fn of(l: &'a Lod) -> Fill<'a> {
        Fill {
            coords: &l.coords,
            ring_offsets: &l.ring_offsets,
            feature_rings: &l.feature_rings,
            ring_kind: &l.ring_kind,
            ring_hole: &l.ring_hole,
            sides: l
                .ring_borders
                .as_deref()
                .filter(|_| {
                    l.ring_source.len() == l.ring_kind.len()
                        && l.made_box.len() == l.ring_kind.len()
                })
                .map(|rings| Sides {
                    ring_source: &l.ring_source,
                    rings,
                    coords: &l.border_coords,
                    offsets: &l.border_offsets,
                    boxes: &l.made_box,
                }),
        }
    }
}

/// Fills the polygons of `fill` into a `w × h` RGBA image (not premultiplied, as `ImageData`),
/// transparent where nothing is drawn. Feature `f` takes colour `colors[classes[f]]`, or the last
/// colour when its class is out of range (no data). Colours are `0xRRGGBBAA`. The transform maps
/// projected units to pixels: `px = sx·x + tx`, `py = sy·y + ty`.
pub fn fill_polygons(
    fill: &Fill,
    classes: &[i32],
    colors: &[u32],
    w: usize,
    h: usize,
    transform: [f32; 4],
    strokes: Option<&Strokes>,
) -> Vec<u8> {
    let mut out = vec![0u8; w * h * 4];
    fill_polygons_by_band(
        fill,
        classes,
        colors,
        w,
        h,
        transform,
        strokes,
        |y0, rows| {
            out[y0 * w * 4..y0 * w * 4 + rows.len()].copy_from_slice(rows);
        },
    );
    out
}

/// [`fill_polygons`] handing over the image band by band: `sink(first row, RGBA bytes of the
/// band's rows)`, so that the caller puts each band where it wants it (the page's view copies it
/// into the one image it keeps and the page reads in place) and no second whole image is made.
/// Every band is handed over, blank or not, in order from the top.
/// `strokes`, thin borders, are drawn over each band once it is filled (see `render::hairline`).
#[allow(clippy::too_many_arguments)]
pub fn fill_polygons_by_band(
    fill: &Fill,
    classes: &[i32],
    colors: &[u32],
    w: usize,
    h: usize,
    transform: [f32; 4],
    strokes: Option<&Strokes>,
    mut sink: impl FnMut(usize, &[u8]),
) {
    let mut job = FillJob::new(fill, classes, colors, w, h, transform, strokes);
    while job.band(fill, strokes, &mut sink) {}
}

/// A fill in progress, a band at a time ([`FillJob::band`]): what [`fill_polygons_by_band`] does
/// in one call, spread over as many as the caller likes (the page fills a big map over several
/// frames after a gesture, instead of freezing for the whole image). It keeps no reference to the
/// geometry: each call is handed the same `Fill` and `Strokes` again (anything else is drawn as far
/// as it fits, never read out of bounds).
pub struct FillJob {
    w: usize,
    h: usize,
    m: [f32; 4],
    /// the classes' colours, premultiplied (none: borders only)
    premul: Vec<[f32; 4]>,
    /// rings in pixels, by band, with their weight
    rings: Vec<Ring>,
    by_band: ByBand,
    /// the level's shared borders (see [`Sides`]): while the rings are taken, each with the
    /// rings made of it (two sides, a colour each); then those that weigh, by band
    sides: Vec<Side>,
    by_side: ByBand,
    /// premultiplied RGBA per cell of a band, `w + 2` a row (all zeros between bands)
    acc: Vec<[f32; 4]>,
    /// RGBA pixels as words (written whole), handed over as bytes
    image: Vec<u32>,
    lines: Option<Pass>,
    /// the borders' coverage: laid from it (`laying`: their colour), or recorded into it
    coverage: Option<Coverage>,
    laying: Option<u32>,
    /// the next band's first row
    y0: usize,
    /// prepared in steps ([`FillJob::in_steps`]): what is left to take before the first band
    todo: Option<Todo>,
}

/// What a fill prepared in steps has still to take ([`FillJob::prepare`]).
struct Todo {
    /// the features' classes and the next feature, until every ring is taken
    rings: Option<(Vec<i32>, usize)>,
    /// the borders' next polyline (their pieces taken by the `Pass`, if there is one)
    polyline: usize,
}

/// The screen's borders from one fill to the next: what was laid over each pixel ([`Coverage`]),
/// recorded by a fill in other colours at the place of the last one drawn whole (a change of
/// classes, a legend entry hovered) and laid by the next ones there. A map drawn once, drawn again
/// as it is, or moved at every frame, records nothing (the memory is a byte a pixel, and Wasm
/// memory never shrinks).
#[derive(Default)]
pub struct ScreenBorders {
    kept: Option<Coverage>,
    /// the place and colours of the last fill drawn whole
    last: Option<(CoverageKey, u64)>,
}

impl ScreenBorders {
    /// `job` (blank) with the screen's borders `strokes` at `key`, its features' colours hashed
    /// to `colours` ([`colours_hash`]): laid from what is kept, or stroked (and recorded, see
    /// above).
    pub fn onto(
        &mut self,
        job: FillJob,
        strokes: Option<&Strokes>,
        key: CoverageKey,
        colours: u64,
    ) -> FillJob {
        let kept = self.kept.take();
        let again = self.last.is_some_and(|(k, c)| k == key && c != colours);
        job.with_borders(strokes, key, kept, again)
    }

    /// A screen fill at `at` (key and colours) ended: what it laid or recorded whole kept; its
    /// place and colours remembered if it was drawn `whole` (to its last band).
    pub fn ended(&mut self, job: &mut FillJob, at: (CoverageKey, u64), whole: bool) {
        if whole {
            self.last = Some(at);
        }
        if let Some(c) = job.take_coverage() {
            self.kept = Some(c);
        }
    }

    /// Whether borders are kept for the next fill.
    pub fn is_kept(&self) -> bool {
        self.kept.is_some()
    }
}

/// A hash of the colours a fill gives its features (what a change of classes changes).
pub fn colours_hash(classes: &[i32], colors: &[u32]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hash = crate::fxhash::Fx::default();
    (classes, colors).hash(&mut hash);
    hash.finish()
}

/// From how many pieces of 32 segments a fill's borders are recorded ([`FillJob::with_borders`]): the
/// communes' (tens of thousands), not a few hundred départements' (their stroke is quick).
const RECORD_SPANS: usize = 4096;

impl FillJob {
    /// Sorts the rings of `fill` into bands (see [`fill_polygons`] for the arguments).
    pub fn new(
        fill: &Fill,
        classes: &[i32],
        colors: &[u32],
        w: usize,
        h: usize,
        m: [f32; 4],
        strokes: Option<&Strokes>,
    ) -> FillJob {
        FillJob::blank(w, h, m)
            .with_lines(strokes)
            .filling(fill, classes, colors)
    }

    /// Prepared in steps: what comes next (borders, polygons) only counted and given room, its
    /// rings and its borders' pieces taken by [`FillJob::prepare`] a few at a time (or by the first
    /// band): the communes' took 7–15 ms in one go, most of the longest freeze after a gesture.
    pub fn in_steps(mut self) -> FillJob {
        if self.y0 < self.h {
            self.todo = Some(Todo {
                rings: None,
                polyline: 0,
            });
        }
        self
    }

    /// This fill's borders, stroked (see [`FillJob::with_borders`] for borders kept from a fill
    /// before).
    pub fn with_lines(mut self, strokes: Option<&Strokes>) -> FillJob {
        if self.y0 < self.h {
            self.lines = strokes.map(|s| self.pass(s));
        }
        self
    }

    /// The borders' pass: taken whole, or begun (in steps).
    fn pass(&self, s: &Strokes) -> Pass {
        let mut pass = Pass::begin(s, self.m, self.w, self.h);
        if self.todo.is_none() {
            pass.take(s, &mut 0, usize::MAX);
        }
        pass
    }

    /// A `w` × `h` image at transform `m`, nothing in it yet: borders ([`FillJob::with_borders`]),
    /// then polygons ([`FillJob::filling`]). (In that order, as `new` allocates: the other way
    /// round, 35,000 cells' first map took 1 MB more of Wasm memory, which never shrinks.)
    pub fn blank(w: usize, h: usize, m: [f32; 4]) -> FillJob {
        let mut job = FillJob {
            w,
            h,
            m,
            premul: Vec::new(),
            rings: Vec::new(),
            by_band: ByBand::default(),
            sides: Vec::new(),
            by_side: ByBand::default(),
            acc: Vec::new(),
            image: Vec::new(),
            lines: None,
            coverage: None,
            laying: None,
            y0: 0,
            todo: None,
        };
        if w == 0 || h == 0 {
            job.y0 = h; // nothing to hand over
        } else {
            job.image = vec![0u32; w * BAND];
        }
        job
    }

    /// The polygons of `fill`, feature `f` in `colors[classes[f]]` (see [`fill_polygons`]); in
    /// steps ([`FillJob::in_steps`]), their rings taken by [`FillJob::prepare`].
    pub fn filling(mut self, fill: &Fill, classes: &[i32], colors: &[u32]) -> FillJob {
        if self.y0 >= self.h || colors.is_empty() {
            return self;
        }
        self.premul = colors
            .iter()
            .map(|&c| {
                let a = (c & 0xff) as f32 / 255.0;
                [
                    (c >> 24) as f32 * a,
                    ((c >> 16) & 0xff) as f32 * a,
                    ((c >> 8) & 0xff) as f32 * a,
                    a,
                ]
            })
            .collect();
        self.rings = Vec::with_capacity(fill.ring_kind.len());
        if let Some(sides) = &fill.sides {
            let n = sides.offsets.len().saturating_sub(1).min(u32::MAX as usize);
            self.sides = (0..n as u32)
                .map(|border| Side {
                    border,
                    bands: (0, 0),
                    slots: [0; 2],
                })
                .collect();
        }
        if let Some(todo) = &mut self.todo {
            todo.rings = Some((classes.to_vec(), 0));
        } else {
            self.take_rings(fill, classes, &mut 0, usize::MAX);
        }
        self
    }

    /// Takes the rings of features from `*next` on into bands, whole features until `budget`
    /// vertices are walked; true (the rings sorted, the accumulator made) once every feature is.
    fn take_rings(
        &mut self,
        fill: &Fill,
        classes: &[i32],
        next: &mut usize,
        budget: usize,
    ) -> bool {
        let (w, h, m) = (self.w, self.h, self.m);
        let last = self.premul.len().saturating_sub(1);
        let n = fill.feature_rings.len().saturating_sub(1);
        let mut walked = 0usize;
        // rings in pixels, with their weight: the colour, signed so that the inside of an exterior
        // counts +1 and the inside of a hole −1 whatever the ring's winding
        while *next < n && walked < budget {
            let f = *next;
            *next += 1;
            let c = classes.get(f).copied().unwrap_or(-1);
            let colour = if c >= 0 && (c as usize) < last {
                c as usize
            } else {
                last
            } as u16;
            let (ra, rb) = (
                fill.feature_rings[f] as usize,
                fill.feature_rings[f + 1] as usize,
            );
            for r in ra..rb.min(fill.ring_kind.len()) {
                if fill.ring_kind[r] != 3 {
                    continue;
                }
                let (Some(&a), Some(&b)) = (fill.ring_offsets.get(r), fill.ring_offsets.get(r + 1))
                else {
                    continue;
                };
                let Some(xy) = fill.coords.get(a as usize * 2..b as usize * 2) else {
                    continue;
                };
                // a ring made of its borders here keeps no vertices of its own: its box, area and
                // work are its borders'
                let made = fill.sides.as_ref().and_then(|s| Some((s, s.of_ring(r)?)));
                let (boxed, n) = match made {
                    Some((s, list)) => s.ring_box(r, list, m, h),
                    None => (ring_box(xy, m, h), xy.len() / 2),
                };
                walked += n;
                let Some((bands, area, left)) = boxed else {
                    continue;
                };
                let Ok(ring) = u32::try_from(r) else { continue };
                if left >= w as f32 {
                    continue; // off the canvas
                }
                let hole = fill.ring_hole.get(r).copied().unwrap_or(0) != 0;
                // signed area in pixels (y down): positive for a clockwise ring on screen
                let negative = (area > 0.0) == hole;
                if let Some((_, list)) = made {
                    self.add_sides(list, colour, negative, bands);
                    continue;
                }
                self.rings.push(Ring {
                    ring,
                    bands,
                    colour,
                    negative,
                    border: false,
                });
            }
        }
        if *next < n {
            return false;
        }
        ByBand::sort(&mut self.rings, Ring::bands, h);
        self.take_sides();
        self.acc = vec![[0f32; 4]; (w + 2) * BAND];
        true
    }

    /// A ring made of borders `list` (see [`Sides`]), in `colour`, its inside counted negative
    /// or not, reaching `bands`: its colour on a side of each; a border whose two sides are
    /// already taken (or a colour past a side's) walked for this ring on its own, as a piece of it.
    /// A border reaches no band its first side does not (it is on that ring).
    fn add_sides(&mut self, list: &[i32], colour: u16, negative: bool, bands: (u16, u16)) {
        for &e in list {
            let (k, negative) = (if e < 0 { !e } else { e }, (e < 0) != negative);
            match (self.sides.get_mut(k as usize), side(colour, negative)) {
                (Some(s), Some(code)) if s.slots[0] == 0 => (s.slots[0], s.bands) = (code, bands),
                (Some(s), Some(code)) if s.slots[1] == 0 => s.slots[1] = code,
                _ => self.rings.push(Ring {
                    ring: k as u32,
                    bands,
                    colour,
                    negative,
                    border: true,
                }),
            }
        }
    }

    /// The level's shared borders that weigh (the rings made of them taken), by band.
    fn take_sides(&mut self) {
        let premul = &self.premul;
        self.sides
            .retain(|s| s.slots != [0; 2] && weight(premul, s.slots) != [0.0; 4]);
        ByBand::sort(&mut self.sides, Side::bands, self.h);
    }

    /// Prepares a fill made in steps ([`FillJob::in_steps`]): its rings, then its borders'
    /// pieces, whole features and polylines until about `budget` vertices are walked (the same
    /// `fill` and `strokes` as at every call); true once it is ready to fill (at once for one not
    /// made in steps). The first band prepares what is left.
    pub fn prepare(&mut self, fill: &Fill, strokes: Option<&Strokes>, budget: usize) -> bool {
        let Some(mut todo) = self.todo.take() else {
            return true;
        };
        let mut done = true;
        if let Some((classes, next)) = &mut todo.rings {
            done = self.take_rings(fill, classes, next, budget);
            if done {
                todo.rings = None; // (the classes given back)
            }
        }
        if let (true, Some(pass), Some(s)) = (done, &mut self.lines, strokes) {
            done = pass.take(s, &mut todo.polyline, budget);
        }
        if !done {
            self.todo = Some(todo);
        }
        done
    }

    /// This fill's borders (`strokes`, for a blank one): laid from `kept` if it holds them (`key`:
    /// see [`Coverage::key`]) instead of stroked again; else stroked and, if `record` and they are
    /// many, recorded (in `kept`'s memory) for the next fill: [`FillJob::take_coverage`] once
    /// complete (see [`ScreenBorders`], which asks).
    pub fn with_borders(
        mut self,
        strokes: Option<&Strokes>,
        key: CoverageKey,
        kept: Option<Coverage>,
        record: bool,
    ) -> FillJob {
        let Some(s) = strokes else { return self };
        if kept.as_ref().is_some_and(|c| c.is_for(&key)) {
            self.laying = Some(s.colour);
            self.coverage = kept;
            return self;
        }
        let lines = self.pass(s);
        if record && lines.pieces() >= RECORD_SPANS {
            self.coverage = Some(Coverage::recording(key, kept));
        }
        self.lines = Some(lines);
        self
    }

    /// The borders' coverage, once this fill laid or recorded all of it (for the next fill).
    pub fn take_coverage(&mut self) -> Option<Coverage> {
        if self.coverage.as_ref().is_some_and(Coverage::is_complete) {
            self.coverage.take()
        } else {
            None
        }
    }

    /// Fills the next band and hands it to `sink(first row, RGBA bytes)`; false once every band
    /// was (then nothing is done).
    pub fn band(
        &mut self,
        fill: &Fill,
        strokes: Option<&Strokes>,
        mut sink: impl FnMut(usize, &[u8]),
    ) -> bool {
        let (w, y0) = (self.w, self.y0);
        if y0 >= self.h {
            return false;
        }
        self.prepare(fill, strokes, usize::MAX);
        let bh = BAND.min(self.h - y0);
        self.y0 += bh;
        let rows = &mut self.image[..bh * w];
        if self.premul.is_empty() {
            rows.fill(0);
        } else {
            // (the accumulator is all zeros here: `resolve_band` clears what it reads)
            let rings = &self.rings;
            for &i in self.by_band.band(rings, Ring::bands, band_index(y0)) {
                let ring = &rings[i];
                let Some(xy) = ring.of(fill) else {
                    continue; // (not the fill it was made for)
                };
                let c = self.premul[ring.colour as usize];
                let weight = if ring.negative { c.map(|v| -v) } else { c };
                let mut band = Band {
                    cells: &mut self.acc,
                    w,
                    rows: bh,
                    weight,
                };
                accumulate(xy, self.m, &mut band, y0, !ring.border);
            }
            let sides = &self.sides;
            for &i in self.by_side.band(sides, Side::bands, band_index(y0)) {
                let side = &sides[i];
                let Some(xy) = fill.sides.and_then(|s| s.line(side.border as usize)) else {
                    continue; // (not the fill it was made for)
                };
                let mut band = Band {
                    cells: &mut self.acc,
                    w,
                    rows: bh,
                    weight: weight(&self.premul, side.slots),
                };
                accumulate(xy, self.m, &mut band, y0, false);
            }
            resolve_band(&mut self.acc, w, bh, rows);
        }
        if let (Some(colour), Some(c)) = (self.laying, &self.coverage) {
            c.lay(y0, bh, colour, rows);
        } else if let (Some(l), Some(s)) = (&mut self.lines, strokes) {
            let keep = self.coverage.as_mut().and_then(|c| c.rows_mut(y0, bh));
            l.band(s.coords, y0, bh, rows, keep);
        }
        sink(y0, bytemuck::cast_slice(rows));
        true
    }

    /// The image's width, pixels.
    pub fn width(&self) -> usize {
        self.w
    }

    /// What the fill walks, once its rings are taken: rings on their own (and borders walked as
    /// a piece of a ring, their two sides taken: see [`FillJob::add_sides`]), shared borders for
    /// the rings made of them ([`Sides`]).
    pub fn walks(&self) -> (usize, usize) {
        (self.rings.len(), self.sides.len())
    }

    /// Bands left to hand over.
    pub fn bands_left(&self) -> usize {
        (self.h - self.y0.min(self.h)).div_ceil(BAND)
    }
}

/// A ring to fill (12 bytes: there are as many as the level has rings, and 100,000 cells' took
/// 2 MB of the memory a fill takes at 20 bytes, their rows as two `f32`s and their vertices' range).
#[derive(Clone, Copy)]
struct Ring {
    /// its number in the level (its vertices through the level's `ring_offsets`)
    ring: u32,
    /// the bands of rows it reaches, first and last ([`bands_of`])
    bands: (u16, u16),
    colour: u16,
    /// its inside counts −colour (see `fill_polygons`)
    negative: bool,
    /// `ring` is a shared border, walked as a piece of a ring made of it (see
    /// [`FillJob::add_sides`])
    border: bool,
}

impl Ring {
    /// The bands it reaches (see [`ByBand`]).
    fn bands(&self) -> (u16, u16) {
        self.bands
    }

    /// Its vertices in `fill` (x, y interleaved), if it holds them.
    fn of<'a>(&self, fill: &Fill<'a>) -> Option<&'a [f32]> {
        let r = self.ring as usize;
        if self.border {
            return fill.sides?.line(r);
        }
        let (a, b) = (*fill.ring_offsets.get(r)?, *fill.ring_offsets.get(r + 1)?);
        fill.coords.get(a as usize * 2..b as usize * 2)
    }
}

/// A shared border to accumulate once for its sides ([`Sides`]) (12 bytes).
#[derive(Clone, Copy)]
struct Side {
    border: u32,
    bands: (u16, u16),
    /// the colours of its sides ([`side`])
    slots: [u16; 2],
}

/// A border's weight from its sides ([`side`]): the sum of their colours (premultiplied RGBA,
/// `premul`), signed.
fn weight(premul: &[[f32; 4]], slots: [u16; 2]) -> [f32; 4] {
    let mut w = [0f32; 4];
    for code in slots.into_iter().filter(|&c| c != 0) {
        let Some(c) = premul.get(((code & 0x7fff) - 1) as usize) else {
            continue;
        };
        let sign = if code & 0x8000 != 0 { -1.0 } else { 1.0 };
        for ch in 0..4 {
            w[ch] += sign * c[ch];
        }
    }
    w
}

/// A ring's colour on a side of a border, counted negative or not: `colour + 1`, the sign in the
/// top bit (0 is no side); `None` for a colour past 32,766.
fn side(colour: u16, negative: bool) -> Option<u16> {
    (colour < 0x7fff).then(|| (colour + 1) | (u16::from(negative) << 15))
}

impl Side {
    fn bands(&self) -> (u16, u16) {
        self.bands
    }
}

/// The band row `y0` (a band's first) is in.
pub(crate) fn band_index(y0: usize) -> u16 {
    (y0 / BAND).min(u16::MAX as usize - 1) as u16
}

/// A ring's bands of rows, signed area and left edge, in pixels (see [`ring_box`]).
type RingBox = ((u16, u16), f32, f32);

/// The bands of rows a ring reaches in an image `h` rows high, its signed area and its left
/// edge, in pixels; `None` if it has no area to fill (fewer than three vertices, not finite) or
/// reaches no row. Its vertices are transformed again as they are drawn: no copy.
fn ring_box(xy: &[f32], m: [f32; 4], h: usize) -> Option<RingBox> {
    if xy.len() < 6 {
        return None;
    }
    pixel_box(ring_extent(xy), m, h)
}

/// A ring's box and signed area in projected units ([`ring_extent`]) at transform `m`: its bands
/// of rows in an image `h` rows high, its signed area and its left edge, in pixels; `None` if one
/// is not finite (a vertex that is not leaves its area so) or it reaches no row.
fn pixel_box(
    [x0, y0, x1, y1, area]: [f32; 5],
    [sx, sy, tx, ty]: [f32; 4],
    h: usize,
) -> Option<RingBox> {
    let (xa, xb, ya, yb) = (sx * x0 + tx, sx * x1 + tx, sy * y0 + ty, sy * y1 + ty);
    let area = area * sx * sy;
    if !(xa + xb + ya + yb + area).is_finite() {
        return None;
    }
    Some((bands_of(min(ya, yb), max(ya, yb), h)?, area, min(xa, xb)))
}

/// Every edge of one ring (closed implicitly: from its last vertex to its first too), or of an
/// open polyline (a shared border), into the band's accumulator. (One function for both: the
/// edge's code inlined twice was 3 KB of engine.)
#[inline(never)]
fn accumulate(xy: &[f32], [sx, sy, tx, ty]: [f32; 4], band: &mut Band, y0: usize, closed: bool) {
    let m = xy.len() / 2;
    if m == 0 {
        return;
    }
    let ty = ty - y0 as f32;
    let (from, rest) = if closed { (m - 1, xy) } else { (0, &xy[2..]) };
    let (mut ax, mut ay) = (sx * xy[2 * from] + tx, sy * xy[2 * from + 1] + ty);
    for p in rest.chunks_exact(2) {
        let (bx, by) = (sx * p[0] + tx, sy * p[1] + ty);
        band.edge(ax, ay, bx, by);
        (ax, ay) = (bx, by);
    }
}

/// One band's accumulator as a ring's edges see it: `(w + 2) × rows` cells of premultiplied RGBA,
/// and the ring's weight (its colour, signed).
struct Band<'a> {
    cells: &'a mut [[f32; 4]],
    w: usize,
    rows: usize,
    weight: [f32; 4],
}

impl Band<'_> {
    /// An edge cut at x = 0 and x = w: what lies left of the canvas still covers every pixel to its
    /// right, so it becomes a vertical edge at x = 0; what lies right of it covers nothing visible.
    #[inline(always)]
    fn edge(&mut self, ax: f32, ay: f32, bx: f32, by: f32) {
        let (w, bh) = (self.w, self.rows);
        if (ay < 0.0 && by < 0.0) || (ay >= bh as f32 && by >= bh as f32) || ay == by {
            return;
        }
        let wf = w as f32;
        if ax >= wf && bx >= wf {
            return;
        }
        if ax >= 0.0 && bx >= 0.0 && ax <= wf && bx <= wf {
            return self.line(ax, ay, bx, by);
        }
        // split where the edge crosses x = 0 and x = w, clamp each piece
        let mut ts = [0.0f32, 1.0, 1.0, 1.0];
        let mut k = 1;
        for edge in [0.0, wf] {
            if (ax - edge) * (bx - edge) < 0.0 {
                ts[k] = (edge - ax) / (bx - ax);
                k += 1;
            }
        }
        ts[k] = 1.0;
        // (at most two crossings, in order)
        if k == 3 && ts[2] < ts[1] {
            ts.swap(1, 2);
        }
        for i in 0..k {
            let (t0, t1) = (ts[i], ts[i + 1]);
            let (x0, y0) = (ax + (bx - ax) * t0, ay + (by - ay) * t0);
            let (x1, y1) = (ax + (bx - ax) * t1, ay + (by - ay) * t1);
            let mid = (x0 + x1) / 2.0;
            if mid >= wf {
                continue;
            }
            let (x0, x1) = if mid <= 0.0 {
                (0.0, 0.0)
            } else {
                (clamp(x0, 0.0, wf), clamp(x1, 0.0, wf))
            };
            self.line(x0, y0, x1, y1);
        }
    }

    /// One edge with 0 ≤ x ≤ w into the accumulator (font-rs's `draw_line`, weighted by a colour).
    #[inline(always)]
    fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        let (w, bh, weight) = (self.w, self.rows, self.weight);
        let stride = w + 2;
        let acc = &mut *self.cells;
        let add = |acc: &mut [[f32; 4]], i: usize, d: f32| {
            if let Some(cell) = acc.get_mut(i) {
                for c in 0..4 {
                    cell[c] += weight[c] * d;
                }
            }
        };
        let (dir, (ax, ay), (bx, by)) = if y0 < y1 {
            (1.0f32, (x0, y0), (x1, y1))
        } else {
            (-1.0, (x1, y1), (x0, y0))
        };
        let dxdy = (bx - ax) / (by - ay);
        let wf = w as f32;
        // kept within the canvas: an edge a few ulps from horizontal has an infinite slope, and x must
        // never leave [0, w] (found by fuzzing: the cells between two infinite x never ended)
        let inside = |x: f32| clamp(x, 0.0, wf);
        let mut x = ax;
        if ay < 0.0 {
            x = inside(x - ay * dxdy);
        }
        let ystart = max(ay, 0.0) as usize;
        let yend = (max(by.ceil(), 0.0) as usize).min(bh);
        for y in ystart..yend {
            let row = y * stride;
            let dy = min(by, (y + 1) as f32) - max(ay, y as f32);
            let xnext = inside(x + dxdy * dy);
            let d = dy * dir;
            let (l, r) = if x < xnext { (x, xnext) } else { (xnext, x) };
            let lf = l.floor();
            let li = lf as usize;
            let rc = r.ceil();
            let ri = rc as usize;
            if ri <= li + 1 {
                // within one cell
                let xm = 0.5 * (x + xnext) - lf;
                add(acc, row + li, d - d * xm);
                add(acc, row + li + 1, d * xm);
            } else {
                let s = (r - l).recip();
                let lfr = l - lf;
                let a0 = 0.5 * s * (1.0 - lfr) * (1.0 - lfr);
                let rfr = r - rc + 1.0;
                let am = 0.5 * s * rfr * rfr;
                add(acc, row + li, d * a0);
                if ri == li + 2 {
                    add(acc, row + li + 1, d * (1.0 - a0 - am));
                } else {
                    let a1 = s * (1.5 - lfr);
                    add(acc, row + li + 1, d * (a1 - a0));
                    for xi in li + 2..ri - 1 {
                        add(acc, row + xi, d * s);
                    }
                    let a2 = a1 + (ri - li - 3) as f32 * s;
                    add(acc, row + ri - 1, d * (1.0 - a2 - am));
                }
                add(acc, row + ri, d * am);
            }
            x = xnext;
        }
    }
}

/// Running sums along each row of the band: premultiplied colour and coverage, then RGBA pixels
/// (bytes in memory order, as `ImageData` wants them). Inside a polygon most cells hold nothing
/// (only the cells its edges cross do): such a pixel is the one before it, copied. A cell is tested
/// by its bits (a `-0.0` takes the full path, which gives the same pixel). Every cell is left at
/// zero for the next band (the cells an edge touched, as they are read: no clearing of the whole
/// accumulator, a quarter of a MB per band at 960 pixels).
#[inline(never)]
fn resolve_band(acc: &mut [[f32; 4]], w: usize, bh: usize, out: &mut [u32]) {
    let stride = w + 2;
    for y in 0..bh {
        let mut sum = [0f32; 4];
        let mut last = 0u32;
        let row = &mut acc[y * stride..(y + 1) * stride];
        // the two cells past the right edge take what an edge at x = w adds: never drawn
        row[w..].fill([0.0; 4]);
        let o = &mut out[y * w..(y + 1) * w];
        for (cell, px) in row[..w].iter_mut().zip(o.iter_mut()) {
            let bits: [u64; 2] = bytemuck::cast(*cell);
            if bits[0] | bits[1] == 0 {
                *px = last;
                continue;
            }
            for c in 0..4 {
                sum[c] += cell[c];
            }
            *cell = [0.0; 4];
            let a = min(sum[3].abs(), 1.0);
            last = if a > 1.0 / 512.0 {
                let k = 1.0 / max(sum[3].abs(), a);
                // (+ 0.5 and truncation: `round` is a library call on some targets)
                u32::from_ne_bytes([
                    min(sum[0].abs() * k + 0.5, 255.0) as u8,
                    min(sum[1].abs() * k + 0.5, 255.0) as u8,
                    min(sum[2].abs() * k + 0.5, 255.0) as u8,
                    (a * 255.0 + 0.5) as u8,
                ])
            } else {
                0
            };
            *px = last;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(coords: &mut Vec<f32>, x: f32, y: f32, s: f32, clockwise: bool) {
        let mut v = vec![x, y, x + s, y, x + s, y + s, x, y + s, x, y];
        if clockwise {
            v = v.chunks(2).rev().flatten().copied().collect();
        }
        coords.extend(v);
    }

    fn at(img: &[u8], w: usize, x: usize, y: usize) -> [u8; 4] {
        let i = (y * w + x) * 4;
        [img[i], img[i + 1], img[i + 2], img[i + 3]]
    }

    #[test]
    fn sorted_by_band_every_item_once_in_the_order_of_the_bands() {
        let h = 7 * BAND + 3;
        let mut s = 7u32;
        // first bands as rows give them (a row range each), some past the image or not numbers
        let mut keys: Vec<u16> = (0..2000)
            .filter_map(|_| {
                s = s.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let top = (s >> 8) as f32 / 16_777_216.0 * (h as f32 + 40.0) - 20.0;
                bands_of(top, top + 3.0, h).map(|b| b.0)
            })
            .collect();
        assert!(keys.len() > 1000 && keys.len() < 2000, "{}", keys.len());
        keys.extend([0, 7, 7, 0]);
        let mut items: Vec<(usize, u16)> = keys.iter().copied().enumerate().collect();
        sort_by_band(&mut items, |t| t.1, h);
        let sorted: Vec<u16> = items.iter().map(|t| t.1).collect();
        assert!(
            sorted.windows(2).all(|k| k[0] <= k[1]),
            "in the order of the bands"
        );
        let mut seen: Vec<usize> = items.iter().map(|t| t.0).collect();
        seen.sort_unstable();
        assert!(seen.iter().copied().eq(0..keys.len()), "each item once");
        assert_eq!((sorted[0], *sorted.last().unwrap()), (0, 7));
        sort_by_band(&mut Vec::<u16>::new(), |&t| t, h);
        sort_by_band(&mut [1u16], |&t| t, 0);
    }

    #[test]
    fn an_item_reaches_the_bands_of_the_rows_it_covers() {
        let h = 2 * BAND + 5;
        let b = BAND as f32;
        assert_eq!(bands_of(-3.0, 1.0, h), Some((0, 0)));
        assert_eq!(
            bands_of(b - 0.01, b, h),
            Some((0, 0)),
            "down to row {}",
            BAND - 1
        );
        assert_eq!(bands_of(b - 0.01, b + 0.01, h), Some((0, 1)));
        assert_eq!(bands_of(b, 2.0 * b, h), Some((1, 1)));
        assert_eq!(bands_of(-1e30, 1e30, h), Some((0, 2)));
        assert_eq!(bands_of(h as f32 - 0.5, h as f32 + 3.0, h), Some((2, 2)));
        for none in [
            (h as f32, h as f32 + 1.0),
            (-5.0, 0.0),
            (3.0, 3.0),
            (f32::NAN, 1.0),
            (0.0, f32::NAN),
        ] {
            assert_eq!(bands_of(none.0, none.1, h), None, "{none:?}");
        }
        assert_eq!(
            (band_index(0), band_index(BAND), band_index(3 * BAND)),
            (0, 1, 3)
        );
    }

    /// Polygons to fill, and their outlines in white 0.6 px wide (`kinds`: every ring's, as a
    /// GeoJSON's; none: each polyline once, as a TopoJSON's borders).
    fn polygons<'a>(
        c: &'a [f32],
        offsets: &'a [u32],
        feats: &'a [u32],
        kinds: &'a [u8],
        holes: &'a [u8],
        outlines: Option<&'a [u8]>,
    ) -> (Fill<'a>, Strokes<'a>) {
        let fill = Fill {
            coords: c,
            ring_offsets: offsets,
            feature_rings: feats,
            ring_kind: kinds,
            ring_hole: holes,
            sides: None,
        };
        let strokes = Strokes {
            coords: c,
            offsets,
            kinds: outlines,
            colour: 0xffffffff,
            width: 0.6,
        };
        (fill, strokes)
    }

    /// Runs a fill job to its end: the image.
    fn run(
        job: &mut FillJob,
        fill: &Fill,
        strokes: Option<&Strokes>,
        w: usize,
        h: usize,
    ) -> Vec<u8> {
        let mut out = vec![0u8; w * h * 4];
        while job.band(fill, strokes, |y0, rows| {
            out[y0 * w * 4..y0 * w * 4 + rows.len()].copy_from_slice(rows)
        }) {}
        out
    }

    #[test]
    fn many_borders_are_kept_and_laid_again_at_the_same_place_the_same_pixels() {
        // 80 × 60 squares of 2.5 px (4,800 rings: over the count from which borders are kept)
        let (w, h) = (210, 160);
        let mut c = Vec::new();
        for j in 0..60 {
            for i in 0..80 {
                square(
                    &mut c,
                    3.0 + i as f32 * 2.5,
                    3.0 + j as f32 * 2.5,
                    2.5,
                    (i + j) % 2 == 0,
                );
            }
        }
        let n = 4800;
        let offsets: Vec<u32> = (0..=n as u32).map(|r| r * 5).collect();
        let (kinds, holes, feats) = (
            vec![3u8; n],
            vec![0u8; n],
            (0..=n as u32).collect::<Vec<_>>(),
        );
        let (fill, strokes) = polygons(&c, &offsets, &feats, &kinds, &holes, None);
        let colors = [0xff0000ff, 0x0000ffff, 0xd9d9d9ff];
        let a: Vec<i32> = (0..n).map(|f| (f % 2) as i32).collect();
        let b: Vec<i32> = (0..n).map(|f| ((f / 3) % 2) as i32).collect();
        let m = [1.0, 1.0, 0.0, 0.0];
        let key = Coverage::key(7, m, w, h, strokes.colour, strokes.width);
        // a fill of these squares in `classes` at `m`, given what was kept, asked to record or not
        let keeping = |classes: &[i32], m, key, kept, record| {
            FillJob::blank(w, h, m)
                .with_borders(Some(&strokes), key, kept, record)
                .filling(&fill, classes, &colors)
        };
        let fresh =
            |classes: &[i32], m| fill_polygons(&fill, classes, &colors, w, h, m, Some(&strokes));
        // a first fill at a place, not asked to record: nothing kept
        let mut job = keeping(&a, m, key, None, false);
        run(&mut job, &fill, Some(&strokes), w, h);
        assert!(job.take_coverage().is_none());
        // the next strokes and records them
        let mut job = keeping(&a, m, key, None, true);
        let first = run(&mut job, &fill, Some(&strokes), w, h);
        assert_eq!(first, fresh(&a, m));
        let kept = job.take_coverage().expect("kept");
        // other classes at the same place: laid from the record, the pixels of a fill from scratch
        let mut job = keeping(&b, m, key, Some(kept), false);
        assert!(
            job.lines.is_none() && job.laying.is_some(),
            "laid, not stroked"
        );
        let again = run(&mut job, &fill, Some(&strokes), w, h);
        assert_eq!(again, fresh(&b, m));
        assert_ne!(again, first, "other classes");
        // elsewhere (moved by a pixel): stroked again, recorded anew
        let kept = job.take_coverage().expect("still kept");
        let m2 = [1.0, 1.0, 1.0, 0.0];
        let key2 = Coverage::key(7, m2, w, h, strokes.colour, strokes.width);
        let mut job = keeping(&b, m2, key2, Some(kept), true);
        assert!(job.laying.is_none());
        assert_eq!(run(&mut job, &fill, Some(&strokes), w, h), fresh(&b, m2));
        let kept = job.take_coverage().expect("recorded");
        assert!(kept.is_for(&key2) && !kept.is_for(&key));
        // given up half way: nothing kept
        let mut job = keeping(&b, m, key, Some(kept), true);
        job.band(&fill, Some(&strokes), |_, _| {});
        assert!(job.take_coverage().is_none());
        // the screen's policy: a first fill, or one again in the same colours, records nothing;
        // one in other colours at the last whole fill's place records, the next lays
        let mut screen = ScreenBorders::default();
        let fill_at = |screen: &mut ScreenBorders, classes: &[i32], m, whole: bool| {
            let key = Coverage::key(7, m, w, h, strokes.colour, strokes.width);
            let colours = colours_hash(classes, &colors);
            let blank = FillJob::blank(w, h, m);
            let mut job = screen
                .onto(blank, Some(&strokes), key, colours)
                .filling(&fill, classes, &colors);
            let laid = job.laying.is_some();
            let image = if whole {
                run(&mut job, &fill, Some(&strokes), w, h)
            } else {
                Vec::new()
            };
            screen.ended(&mut job, (key, colours), whole);
            (laid, image)
        };
        assert!(!fill_at(&mut screen, &a, m, true).0);
        assert!(
            !fill_at(&mut screen, &a, m, true).0 && !screen.is_kept(),
            "the same again: nothing kept"
        );
        assert!(
            !fill_at(&mut screen, &b, m, false).0 && !screen.is_kept(),
            "given up: nothing kept"
        );
        assert!(
            !fill_at(&mut screen, &b, m, true).0 && screen.is_kept(),
            "other colours: recorded"
        );
        let (laid, image) = fill_at(&mut screen, &a, m, true);
        assert!(laid && screen.is_kept(), "then laid");
        assert_eq!(image, fresh(&a, m));
        assert!(
            !fill_at(&mut screen, &a, m2, true).0 && !screen.is_kept(),
            "moved: none kept"
        );
        // a few borders: not kept (a byte a pixel for a quick stroke)
        let few = Fill {
            ring_kind: &kinds[..10],
            ..fill
        };
        let few_strokes = Strokes {
            offsets: &offsets[..11],
            ..strokes
        };
        let mut job = FillJob::blank(w, h, m)
            .with_borders(Some(&few_strokes), key, None, true)
            .filling(&few, &b, &colors);
        run(&mut job, &few, Some(&few_strokes), w, h);
        assert!(job.take_coverage().is_none());
    }

    #[test]
    fn a_fill_prepared_in_steps_is_the_fill_prepared_at_once_byte_for_byte() {
        // 80 × 60 squares (4,800 features, 7,200 rings: enough for borders to be kept), every
        // other one with a hole, stroked: prepared a few vertices at a time, or in part then
        // filled, or with its borders recorded and laid again
        let (w, h) = (210, 160);
        let mut c = Vec::new();
        let (mut offsets, mut feats, mut holes) = (vec![0u32], vec![0u32], Vec::new());
        for j in 0..60 {
            for i in 0..80 {
                let (x, y) = (3.0 + i as f32 * 2.5, 3.0 + j as f32 * 2.5);
                square(&mut c, x, y, 2.5, (i + j) % 2 == 0);
                offsets.push((c.len() / 2) as u32);
                holes.push(0u8);
                if (i + j) % 2 == 1 {
                    square(&mut c, x + 0.8, y + 0.8, 0.9, false);
                    offsets.push((c.len() / 2) as u32);
                    holes.push(1);
                }
                feats.push((offsets.len() - 1) as u32);
            }
        }
        let kinds = vec![3u8; holes.len()];
        let (fill, strokes) = polygons(&c, &offsets, &feats, &kinds, &holes, Some(&kinds));
        let colors = [0xff0000ff, 0x0000ffff, 0xd9d9d9ff];
        let classes: Vec<i32> = (0..4800).map(|f| f % 3 - 1).collect();
        let m = [1.0, 1.0, 0.5, 0.0];
        let at_once = fill_polygons(&fill, &classes, &colors, w, h, m, Some(&strokes));
        for budget in [1, 7, 400, usize::MAX] {
            let mut job = FillJob::blank(w, h, m)
                .in_steps()
                .with_lines(Some(&strokes))
                .filling(&fill, &classes, &colors);
            assert!(job.rings.is_empty(), "nothing taken before it is asked");
            let mut steps = 1;
            while !job.prepare(&fill, Some(&strokes), budget) {
                steps += 1;
            }
            assert!(
                job.prepare(&fill, Some(&strokes), budget),
                "ready stays ready"
            );
            if budget == 1 {
                // a feature at a time, then a ring's outline at a time (some off the image)
                assert!(steps > 4000, "{steps} steps");
            }
            assert_eq!(
                run(&mut job, &fill, Some(&strokes), w, h),
                at_once,
                "budget {budget}"
            );
        }
        // prepared in part, then filled: the first band takes the rest
        let mut job = FillJob::blank(w, h, m)
            .in_steps()
            .with_lines(Some(&strokes))
            .filling(&fill, &classes, &colors);
        assert!(!job.prepare(&fill, Some(&strokes), 2000));
        assert_eq!(run(&mut job, &fill, Some(&strokes), w, h), at_once);
        // the screen's borders recorded by a fill in steps, then laid by the next one in steps
        let key = Coverage::key(3, m, w, h, strokes.colour, strokes.width);
        let other: Vec<i32> = classes.iter().map(|c| (c + 2) % 3 - 1).collect();
        let mut job = FillJob::blank(w, h, m)
            .in_steps()
            .with_borders(Some(&strokes), key, None, true)
            .filling(&fill, &classes, &colors);
        while !job.prepare(&fill, Some(&strokes), 50) {}
        assert_eq!(run(&mut job, &fill, Some(&strokes), w, h), at_once);
        let kept = job.take_coverage().expect("recorded");
        let mut job = FillJob::blank(w, h, m)
            .in_steps()
            .with_borders(Some(&strokes), key, Some(kept), false)
            .filling(&fill, &other, &colors);
        assert!(job.laying.is_some(), "laid");
        while !job.prepare(&fill, Some(&strokes), 50) {}
        let fresh = fill_polygons(&fill, &other, &colors, w, h, m, Some(&strokes));
        assert_eq!(run(&mut job, &fill, Some(&strokes), w, h), fresh);
    }

    #[test]
    fn a_fill_in_bands_handed_other_geometry_draws_what_fits_and_never_reads_past_it() {
        // made for a square and its borders, then handed nothing (not what it was made for: the
        // page's level of detail is looked up again at each step)
        let mut c = Vec::new();
        square(&mut c, 2.0, 2.0, 100.0, false);
        let (offsets, kinds) = ([0u32, 5], [3u8]);
        let fill = Fill {
            coords: &c,
            ring_offsets: &offsets,
            feature_rings: &[0, 1],
            ring_kind: &kinds,
            ring_hole: &[0],
            sides: None,
        };
        let strokes = Strokes {
            coords: &c,
            offsets: &offsets,
            kinds: Some(&kinds),
            colour: 0xffffffff,
            width: 1.0,
        };
        let (w, h) = (120, 2 * BAND + 6);
        let mut job = FillJob::new(
            &fill,
            &[0],
            &[0xff0000ff, 0x808080ff],
            w,
            h,
            [1.0, 1.0, 0.0, 0.0],
            Some(&strokes),
        );
        assert_eq!(job.bands_left(), 3);
        let mut rows = Vec::new();
        assert!(job.band(&fill, Some(&strokes), |y0, b| rows.push((y0, b.len()))));
        let none = Fill::NONE;
        let no_lines = Strokes {
            coords: &[],
            offsets: &[0],
            kinds: None,
            colour: 0xffffffff,
            width: 1.0,
        };
        let mut painted = 0;
        while job.band(&none, Some(&no_lines), |y0, b| {
            rows.push((y0, b.len()));
            painted += b.chunks(4).filter(|p| p[3] > 0).count();
        }) {}
        assert_eq!(
            rows,
            [
                (0, w * BAND * 4),
                (BAND, w * BAND * 4),
                (2 * BAND, w * 6 * 4)
            ]
        );
        assert_eq!(
            painted, 0,
            "nothing drawn from geometry it was not made for"
        );
        assert_eq!(job.bands_left(), 0);
        assert!(!job.band(&fill, None, |_, _| panic!("no band after the last")));
    }

    #[test]
    fn squares_holes_and_neighbours_get_exact_coverage_whatever_the_winding() {
        // feature 0: a 10×10 square with a 4×4 hole (both wound the same way); feature 1: its
        // neighbour sharing the edge x = 10, wound the other way; feature 2 (no data): a square
        // half off the canvas on the left
        let mut c = Vec::new();
        square(&mut c, 0.0, 0.0, 10.0, true);
        square(&mut c, 3.0, 3.0, 4.0, true);
        square(&mut c, 10.0, 0.0, 10.0, false);
        square(&mut c, -5.0, 12.0, 10.0, false);
        let ring_offsets = [0, 5, 10, 15, 20];
        let fill = Fill {
            coords: &c,
            ring_offsets: &ring_offsets,
            feature_rings: &[0, 2, 3, 4],
            ring_kind: &[3, 3, 3, 3],
            ring_hole: &[0, 1, 0, 0],
            sides: None,
        };
        let colors = [0xff0000ffu32, 0x0000ffff, 0x808080ff];
        let (w, h) = (24, 24);
        // shifted by half a pixel: the shared edge x = 10.5 splits pixel 10 between the features
        let img = fill_polygons(&fill, &[0, 1, 5], &colors, w, h, [1.0, 1.0, 0.5, 0.0], None);
        assert_eq!(
            at(&img, w, 1, 1),
            [255, 0, 0, 255],
            "inside the first square"
        );
        assert_eq!(at(&img, w, 5, 5)[3], 0, "inside the hole");
        assert_eq!(at(&img, w, 15, 5), [0, 0, 255, 255], "the neighbour");
        // the seam: half red, half blue, fully opaque (no background through it)
        let seam = at(&img, w, 10, 5);
        assert_eq!(seam[3], 255);
        assert!(
            (126..=129).contains(&seam[0]) && (126..=129).contains(&seam[2]),
            "{seam:?}"
        );
        // the hole's edges are half covered
        assert_eq!(at(&img, w, 3, 5)[3], 128, "{:?}", at(&img, w, 3, 5));
        // no-data colour for a class out of range; clipped at x = 0 and still filled
        assert_eq!(at(&img, w, 0, 15), [128, 128, 128, 255]);
        assert_eq!(
            at(&img, w, 5, 15),
            [128, 128, 128, 128],
            "half a pixel at x = 5.5"
        );
        assert_eq!(at(&img, w, 6, 15)[3], 0);
        assert_eq!(at(&img, w, 22, 22)[3], 0, "outside everything");
    }

    #[test]
    fn an_edge_a_few_ulps_from_horizontal_ends() {
        // found by the snapshot fuzz target: a vertex at -1.4e39 squeezed by the fit into a ring
        // whose y differ by 1e-38 made the slope infinite and the row's cells endless
        let c = [
            -0.0076492825f32,
            -0.008726757,
            -0.00980401,
            -0.008726757,
            -2.3756213e37,
            0.008727439,
            -0.0076492825,
            -0.008726757,
        ];
        let fill = Fill {
            coords: &c,
            ring_offsets: &[0, 4],
            feature_rings: &[0, 1],
            ring_kind: &[3],
            ring_hole: &[0],
            sides: None,
        };
        let k = 1.347_016_1e-36_f32;
        let img = fill_polygons(
            &fill,
            &[0],
            &[0xff0000ff],
            33,
            17,
            [k, -k, 2.375_621_3e37 * k, 0.008727439 * k],
            None,
        );
        assert_eq!(img.len(), 33 * 17 * 4);
    }

    #[test]
    fn rings_off_the_canvas_or_degenerate_do_nothing_harmful() {
        let mut c = Vec::new();
        square(&mut c, -100.0, -100.0, 1000.0, false); // covers the canvas and beyond
        c.extend([f32::NAN, 0.0, 1.0, 1.0, 2.0, 0.0, f32::NAN, 0.0]);
        c.extend([1.0, 1.0, 1.0, 1.0]); // two vertices
        let fill = Fill {
            coords: &c,
            ring_offsets: &[0, 5, 9, 11],
            feature_rings: &[0, 1, 2, 3],
            ring_kind: &[3, 3, 3],
            ring_hole: &[0, 0, 0],
            sides: None,
        };
        for (w, h) in [(7, 40), (40, 7), (1, 1), (0, 5)] {
            let img = fill_polygons(
                &fill,
                &[0, 0, 0],
                &[0x102030ff],
                w,
                h,
                [1.0, 1.0, 0.0, 0.0],
                None,
            );
            assert_eq!(img.len(), w * h * 4);
            assert!(
                img.chunks(4).all(|p| p == [0x10, 0x20, 0x30, 0xff]),
                "{w}×{h}"
            );
        }
        // far beyond on every side: nothing
        let img = fill_polygons(
            &fill,
            &[0, 0, 0],
            &[0x102030ff],
            8,
            8,
            [1.0, 1.0, 5000.0, 0.0],
            None,
        );
        assert!(img.iter().all(|&b| b == 0));
    }

    #[test]
    fn a_border_made_ring_is_filled_through_its_borders_each_once_for_both_sides() {
        // A (with a hole) and B side by side in one class, C in A's hole, D whose ring here is
        // not its border's (simplified on its own: marked so by its level), E on B: A's and B's
        // shared edge weighs nothing and is not walked, C's outline is walked once for A's hole
        // and C, D is walked as a ring, E's edge shared with A and B (both its sides taken) on
        // its own as a piece of E. The rings made of their borders keep no vertices of their own
        // (as a level makes them): the image is the one of every ring walked whole.
        let xy = |pts: &[(f32, f32)]| pts.iter().flat_map(|&(x, y)| [x, y]).collect::<Vec<f32>>();
        let lines = [
            xy(&[(10.0, 0.0), (0.0, 0.0), (0.0, 10.0), (10.0, 10.0)]),
            xy(&[(10.0, 10.0), (10.0, 0.0)]),
            xy(&[(10.0, 10.0), (20.0, 10.0), (20.0, 0.0), (10.0, 0.0)]),
            xy(&[(2.0, 2.0), (6.0, 2.0), (6.0, 6.0), (2.0, 6.0), (2.0, 2.0)]),
            xy(&[
                (30.0, 0.0),
                (34.0, 0.0),
                (34.0, 4.0),
                (30.0, 4.0),
                (30.0, 0.0),
            ]),
        ];
        let rings = [
            xy(&[
                (10.0, 0.0),
                (0.0, 0.0),
                (0.0, 10.0),
                (10.0, 10.0),
                (10.0, 0.0),
            ]),
            lines[3].clone(),
            xy(&[
                (10.0, 10.0),
                (20.0, 10.0),
                (20.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
            ]),
            xy(&[(2.0, 2.0), (2.0, 6.0), (6.0, 6.0), (6.0, 2.0), (2.0, 2.0)]),
            xy(&[
                (30.0, 0.0),
                (34.0, 0.0),
                (34.0, 4.5),
                (30.0, 4.0),
                (30.0, 0.0),
            ]),
        ];
        // E: B again (a malformed topology): its shared edge has both its sides already
        let rings = [&rings[..], &rings[2..3]].concat();
        let offsets = |v: &[Vec<f32>]| {
            std::iter::once(0)
                .chain(v.iter().scan(0, |n, l| {
                    *n += l.len() as u32 / 2;
                    Some(*n)
                }))
                .collect::<Vec<u32>>()
        };
        let (coords, ring_offsets) = (rings.concat(), offsets(&rings));
        let (border_coords, border_offsets) = (lines.concat(), offsets(&lines));
        let made = RingBorders {
            offsets: vec![0, 2, 3, 5, 6, 7, 9],
            borders: vec![0, 1, 3, 2, !1, !3, 4, 2, !1],
        };
        let kept: Vec<Vec<f32>> = (0..rings.len())
            .map(|r| if r == 4 { rings[r].clone() } else { Vec::new() })
            .collect();
        let (own, own_offsets) = (kept.concat(), offsets(&kept));
        let boxes: Vec<[f32; 5]> = rings.iter().map(|r| ring_extent(r)).collect();
        let fill = Fill {
            coords: &own,
            ring_offsets: &own_offsets,
            feature_rings: &[0, 2, 3, 4, 5, 6],
            ring_kind: &[3; 6],
            ring_hole: &[0, 1, 0, 0, 0, 0],
            sides: Some(Sides {
                // (D: its level found it not made of its border, see `Lod::made_of`)
                ring_source: &[0, 1, 2, 3, crate::carto::projected::NOT_MADE, 5],
                rings: &made,
                coords: &border_coords,
                offsets: &border_offsets,
                boxes: &boxes,
            }),
        };
        let (w, h, m) = (80, 24, [2.0, 2.0, 1.5, 1.25]);
        let (classes, colors) = (
            [0, 0, 1, 2, 1],
            [0x336699ff, 0xcc6600ff, 0x22aa44c0, 0xccccccff],
        );
        let image = |fill: &Fill| {
            let mut job = FillJob::new(fill, &classes, &colors, w, h, m, None);
            let mut img = vec![0u8; w * h * 4];
            while job.band(fill, None, |y0, rows| {
                img[y0 * w * 4..y0 * w * 4 + rows.len()].copy_from_slice(rows)
            }) {}
            (img, job.walks())
        };
        let (once, walks) = image(&fill);
        assert_eq!(walks, (2, 3), "D's ring, E's piece; A's outline, B's, C's");
        let (each, walks) = image(&Fill {
            coords: &coords,
            ring_offsets: &ring_offsets,
            sides: None,
            ..fill
        });
        assert_eq!(walks, (6, 0));
        assert!(once.iter().zip(&each).all(|(a, b)| a.abs_diff(*b) <= 1));
        // pixels: A, B, C (in A's hole), D (translucent), nothing
        let px = |x: f32, y: f32| {
            at(
                &once,
                w,
                (2.0 * x + 1.5) as usize,
                (2.0 * y + 1.25) as usize,
            )
        };
        assert_eq!(px(1.0, 8.0), [0x33, 0x66, 0x99, 255]);
        assert_eq!(px(4.0, 4.0), [0xcc, 0x66, 0x00, 255]);
        assert_eq!(px(32.0, 2.0), [0x22, 0xaa, 0x44, 0xc0]);
        assert_eq!(px(25.0, 5.0), [0, 0, 0, 0]);
    }
}
