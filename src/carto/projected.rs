//! A layer projected once into a plane (f32, relative to an origin, y up), with what drawing needs:
//! vertex importance for level of detail, feature boxes and an R-tree for hit testing. Panning and
//! zooming only change the screen transform; the projected coordinates never move.

use super::fast::Fast;
use super::index::RTree;
use super::lod::{douglas_peucker_arcs, douglas_peucker_ring, rank_above, ranks, Rank};
use super::projection::Projection;
use crate::float::{clamp, max, min};
use crate::geom::layer::{point_in_rings, Layer, Polylines, RingBorders, POINT, POLYGON};
use crate::geom::packed::Packed;
use crate::geom::{union, EMPTY};
use std::sync::Arc;

/// A projected layer: what the projection computed ([`ProjectedCore`], which a worker can hand over)
/// and what is derived from it in a few milliseconds (ring kinds, boxes, the R-tree).
#[derive(Clone, Debug)]
pub struct Projected {
    pub core: ProjectedCore,
    pub ring_offsets: Vec<u32>,
    /// feature → first ring (n + 1 entries)
    pub feature_rings: Vec<u32>,
    /// kind of the part each ring belongs to
    pub ring_kind: Vec<u8>,
    /// ring is the exterior (first) ring of its part
    pub ring_exterior: Vec<bool>,
    pub bbox: Option<[f32; 4]>,
    pub index: RTree,
    /// offsets of the shared borders' polylines (their coordinates are in the core)
    pub border_offsets: Option<Vec<u32>>,
    /// the borders each ring is made of (with `border_offsets`: a TopoJSON's), which its levels
    /// hand to the fill
    ring_borders: Option<Arc<RingBorders>>,
    /// The meridian the layer is centred on (degrees east; 0 unless recentred: see
    /// [`crate::carto::recentre`]), whose graticule keeps round longitudes.
    pub centre: f64,
    /// Set when the vertices are not kept (`core.coords` empty) but projected when needed from
    /// the packed layer: what the page does, 8 bytes per vertex less.
    on_demand: Option<OnDemand>,
    /// [`Projected::typical_size`], found as the view is made
    typical: f32,
}

/// What projecting a vertex of a packed layer again needs: the very arithmetic of
/// [`Projected::compute`], so the values are the same `f32`s.
#[derive(Clone, Debug)]
struct OnDemand {
    packed: Arc<Packed>,
    fast: Option<Fast>,
}

impl OnDemand {
    /// A vertex of feature `f`, projected as `compute` did it (in the piece it chose).
    #[inline(always)]
    fn project(&self, core: &ProjectedCore, f: usize, lon: f64, lat: f64) -> Option<(f32, f32)> {
        let piece = core.pieces.get(f).copied().unwrap_or(0);
        project_xy(
            &core.projection,
            self.fast.as_ref(),
            piece,
            core.origin,
            lon,
            lat,
        )
        .or_else(|| on_rim(&core.projection, core.origin, lon, lat))
    }
}

/// The box of feature `f` (its rings', through `feature_rings`) if it is drawn.
#[inline]
fn feature_box(
    visible: &[bool],
    ring_bbox: &[[f32; 4]],
    feature_rings: &[u32],
    f: usize,
) -> Option<[f32; 4]> {
    if !*visible.get(f)? {
        return None;
    }
    let rings =
        ring_bbox.get(*feature_rings.get(f)? as usize..*feature_rings.get(f + 1)? as usize)?;
    Some(rings.iter().fold(EMPTY, |a, b| union(a, *b)))
}

/// What a ring becomes in a level of detail ([`Projected::ring_at`]).
enum RingAt {
    /// a point's one vertex
    Point,
    /// a polygon smaller than a pixel: a dot, a one-pixel square in its box
    Dot([f32; 4]),
    /// a hole smaller than a pixel: nothing
    Gone,
    /// its vertices important enough at that scale
    Kept,
}

/// A level of detail being prepared (see [`Projected::lod_begin`]).
pub struct LodJob {
    out: Lod,
    px: f32,
    key: Rank,
    window: Option<[f32; 4]>,
    /// the next feature to prepare
    next: usize,
    scratch: Scratch,
}

/// Buffers for vertices decoded and projected on demand.
#[derive(Default)]
pub struct Scratch {
    xy: Vec<f64>,
    out: Vec<f32>,
    /// the vertex of its ring each vertex a level kept for it comes from
    src: Vec<u32>,
}

/// One vertex, projected as [`Projected::compute`] does it: through the fast tables where they
/// cover it (they are the main piece's), else the formula of its piece.
#[inline(always)]
fn project_xy(
    projection: &Projection,
    fast: Option<&Fast>,
    piece: u8,
    origin: [f64; 2],
    lon: f64,
    lat: f64,
) -> Option<(f32, f32)> {
    let fast = if piece == 0 { fast } else { None };
    let p = match fast.and_then(|f| f.forward(lon, lat)) {
        Some(p) => Some(p),
        None => projection.forward_piece(lon, lat, piece),
    };
    p.map(|(x, y)| ((x - origin[0]) as f32, (y - origin[1]) as f32))
}

/// A ring's vertex the projection does not show, on the edge of what it shows ([`Projection::rim`]).
fn on_rim(projection: &Projection, origin: [f64; 2], lon: f64, lat: f64) -> Option<(f32, f32)> {
    let (x, y) = projection.rim(lon, lat)?;
    Some(((x - origin[0]) as f32, (y - origin[1]) as f32))
}

/// Projects one feature's vertices into `coords`, in `piece` of a composite (see
/// [`feature_piece`]); false if it is not drawn: a vertex not shown, but on the orthographic's far
/// side, where the near side of a polygon across the horizon is drawn bounded by the rim (unless
/// the feature is wholly behind, or around the antipode). A function per
/// feature: V8 runs a Wasm function in its baseline tier for the whole of a call, so a loop over
/// 2 million vertices in one call would never be optimised.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn project_feature(
    layer: &Layer,
    (f, piece): (usize, u8),
    projection: &Projection,
    fast: Option<&Fast>,
    origin: [f64; 2],
    shared: Option<&Shared>,
    (coords, v0): (&mut [f32], usize),
    scratch: &mut Vec<f64>,
) -> bool {
    let (mut near, mut far) = (false, false);
    for r in layer.feature_rings(f) {
        let base = (layer.ring_offsets[r] as usize - v0) * 2;
        let end = (layer.ring_offsets[r + 1] as usize - v0) * 2;
        if shared.is_some_and(|s| s.take(r, piece, &mut coords[base..end])) {
            near = true;
            continue; // the vertices of the borders it is made of, already projected
        }
        let ring = layer.ring(r, scratch);
        let out = &mut coords[base..base + ring.len()];
        for (xy, o) in ring.chunks_exact(2).zip(out.chunks_exact_mut(2)) {
            let p = match project_xy(projection, fast, piece, origin, xy[0], xy[1]) {
                Some(p) => {
                    near = true;
                    p
                }
                None => {
                    far = true;
                    match on_rim(projection, origin, xy[0], xy[1]) {
                        Some(p) => p,
                        None => return false,
                    }
                }
            };
            (o[0], o[1]) = p;
        }
    }
    if !far {
        return true;
    }
    // partly behind: drawn unless it goes around the antipode (its rim would be the whole globe's)
    let Some((x, y)) = projection.antipode() else {
        return false;
    };
    let around = layer.feature_rings(f).fold(false, |inside, r| {
        inside ^ point_in_rings(x, y, std::iter::once(layer.ring(r, scratch)))
    });
    near && !around
}

/// The piece of a composite projection feature `f` is drawn in (Alaska, an overseas département),
/// chosen by a vertex of the feature, not by the centre of its box: the Aleutians' box spans the
/// antimeridian and its centre falls in the Atlantic. `None` without geometry or outside every piece.
fn feature_piece(layer: &Layer, f: usize, projection: &Projection) -> Option<u8> {
    let (x, y) = layer.feature_rings(f).find_map(|r| layer.first_xy(r))?;
    projection.piece_for(x, y)
}

/// Border vertices, each placed in its piece by itself (NaN where not shown), and that piece
/// (`NO_PIECE` where none); a function per slice, as everywhere a loop runs over millions of vertices.
#[inline(never)]
fn project_border_slice(
    projection: &Projection,
    fast: Option<&Fast>,
    origin: [f64; 2],
    xy: &[f64],
    out: &mut Vec<f32>,
    pieces: &mut Vec<u8>,
) {
    for v in xy.chunks_exact(2) {
        let piece = projection.piece_for(v[0], v[1]);
        let p = piece.and_then(|piece| project_xy(projection, fast, piece, origin, v[0], v[1]));
        let (x, y) = p.unwrap_or((f32::NAN, f32::NAN));
        out.push(x);
        out.push(y);
        pieces.push(piece.unwrap_or(NO_PIECE));
    }
}

const NO_PIECE: u8 = u8::MAX;

/// A TopoJSON layer's projected and ranked borders, for the rings made of them.
struct Shared<'a> {
    rings: &'a RingBorders,
    lines: &'a Polylines,
    /// the borders' vertices, projected
    xy: &'a [f32],
    /// their importance, as its [`rank`]
    imp: &'a [Rank],
    /// the piece each was projected in
    pieces: &'a [u8],
}

impl Shared<'_> {
    /// Ring `r` of a feature drawn in `piece`, from the borders it is made of, into `out`: true if
    /// every vertex was projected in that same piece (so the values are the very ones projecting
    /// the ring would give) and shown; else false and `out` is for the caller to fill.
    fn take(&self, r: usize, piece: u8, out: &mut [f32]) -> bool {
        let Some(vertices) = self.rings.vertices(r, self.lines, out.len() / 2) else {
            return false;
        };
        for (o, v) in out.chunks_exact_mut(2).zip(vertices) {
            match (self.pieces.get(v), self.xy.get(2 * v..2 * v + 2)) {
                (Some(&p), Some(xy)) if p == piece && xy[0].is_finite() && xy[1].is_finite() => {
                    o.copy_from_slice(xy)
                }
                _ => return false,
            }
        }
        true
    }

    /// Ring `r`'s importance taken from the borders it is made of (ranked once per border, so two
    /// neighbours keep the same vertices along the border they share, at every scale, and the
    /// borders drawn over them follow their edges exactly): its `n` vertices' ranks, as they are,
    /// after `out`'s. False, and `out` as it was, when the ring is not made of borders or one of
    /// its border vertices is not drawn (outside the projection's pieces): then it is simplified
    /// on its own. A function per ring, as everywhere (V8 optimises a Wasm function between
    /// calls, never during one).
    #[inline(never)]
    fn importance(&self, r: usize, n: usize, out: &mut Vec<Rank>) -> bool {
        let Some(vertices) = self.rings.vertices(r, self.lines, n) else {
            return false;
        };
        let at = out.len();
        for v in vertices {
            match (self.imp.get(v), self.xy.get(2 * v)) {
                (Some(&i), Some(x)) if x.is_finite() => out.push(i),
                _ => {
                    out.truncate(at);
                    return false;
                }
            }
        }
        true
    }
}

#[inline(never)]
fn ring_box(xy: &[f32]) -> [f32; 4] {
    xy.chunks_exact(2)
        .fold(EMPTY, |b, p| union(b, [p[0], p[1], p[0], p[1]]))
}

/// What projecting a layer costs: projected vertices (f32, relative to `origin`), which features
/// are drawn, and the importance of every vertex; borders likewise.
#[derive(Clone, Debug)]
pub struct ProjectedCore {
    pub projection: Projection,
    pub origin: [f64; 2],
    pub coords: Vec<f32>,
    pub visible: Vec<bool>,
    /// the piece of a composite projection each feature is drawn in ([`feature_piece`], 0 for a
    /// feature without one); none for a projection of one piece. Handed over with the rest: the
    /// page projecting vertices on demand needs it, and finding it again decoded the first vertex
    /// of every feature (~5 ms natively for the communes, scattered over 10 MB of packed bytes)
    pub pieces: Vec<u8>,
    /// Douglas-Peucker importance of every vertex as its [`rank`] (one byte instead of four)
    pub importance: Vec<Rank>,
    /// box of every ring (so the page need not walk every vertex again)
    pub ring_bbox: Vec<[f32; 4]>,
    /// a TopoJSON's shared borders: their vertices projected, and each one's importance as its
    /// [`rank`] (as `importance`)
    pub borders: Option<(Vec<f32>, Vec<Rank>)>,
    /// The edges along the antimeridian, each as its ring (of this part) and its first vertex in
    /// that ring, ascending (by ring: parts joined renumber their rings by the rings before):
    /// where a ring was cut at ±180 and closed along it, by the engine or by the file's maker
    /// (Natural Earth's Russia, Fiji, Antarctica). Such an edge is no coast nor border: the
    /// outlines leave it out (on a globe it crossed the pieces' joined fill as a hairline). Found
    /// for a layer without shared borders reaching ±180 only (a TopoJSON strokes its arcs).
    pub meridian: Vec<[u32; 2]>,
}

impl ProjectedCore {
    /// This part of a layer followed by the next one (both from [`Projected::compute_part`] with
    /// the same projection and box); an error if they were not projected alike.
    pub fn join(mut self, next: ProjectedCore) -> Result<ProjectedCore, String> {
        let alike = self.projection == next.projection
            && self.origin.map(f64::to_bits) == next.origin.map(f64::to_bits)
            && self.borders.is_none()
            && next.borders.is_none();
        if !alike {
            return Err("the parts of a layer were not projected alike".into());
        }
        self.coords.extend_from_slice(&next.coords);
        self.visible.extend_from_slice(&next.visible);
        self.pieces.extend_from_slice(&next.pieces);
        // (by rings, not vertices: a core read in two halves holds both halves' importance)
        let shift = self.ring_bbox.len() as u32;
        self.importance.extend_from_slice(&next.importance);
        self.ring_bbox.extend_from_slice(&next.ring_bbox);
        self.meridian
            .extend(next.meridian.iter().map(|&[r, v]| [r + shift, v]));
        Ok(self)
    }
}

/// Geometry at one level of detail, ready to hand to the drawing code.
#[derive(Clone, Debug, Default)]
pub struct Lod {
    /// the rings' own vertices (x, y interleaved); a ring made of its borders here keeps none
    /// (see [`Lod::ring_source`], [`Lod::ring_xy`])
    pub coords: Vec<f32>,
    pub ring_offsets: Vec<u32>,
    /// feature → first ring in this LOD (n + 1 entries)
    pub feature_rings: Vec<u32>,
    /// 1 point, 2 line, 3 polygon: per ring
    pub ring_kind: Vec<u8>,
    /// 1 for a hole (a polygon ring after its part's first), per ring
    pub ring_hole: Vec<u8>,
    pub border_coords: Vec<f32>,
    pub border_offsets: Vec<u32>,
    /// With `ring_borders`: the layer's ring each ring is, or [`NOT_MADE`] where its vertices here
    /// are not exactly its borders' (found once for the level, as it is made). A ring made of its
    /// borders keeps no vertices of its own: they are its borders' (the counties' whole map, 0.37
    /// MB of the level's 0.72, whose buffer found no room among the holes the reading left and
    /// grew the page's memory for good, at each new level).
    pub ring_source: Vec<u32>,
    /// With `ring_borders`: per ring made of its borders, its box and signed area (projected
    /// units: `[min x, min y, max x, max y, area]`, found as it was made), which a fill asks of it
    /// instead of walking its borders (zeros for the others).
    pub made_box: Vec<[f32; 5]>,
    /// A TopoJSON's rings as the borders they are made of (`border_offsets` are those borders at
    /// this level): the fill accumulates a border once for both its sides where its rings are
    /// made of it here (see `render::raster`).
    pub ring_borders: Option<Arc<RingBorders>>,
}

/// The box and signed area of ring `xy` (x, y interleaved; closed: from its last vertex to its
/// first too): `[min x, min y, max x, max y, area]` (see [`Lod::made_box`]; the fill's box of a
/// ring, `render::raster`). The area is taken about its first vertex: a ring of a few pixels far
/// from the origin, deep in a zoom, keeps its sign (about the origin, products of whole units
/// drown its millionths).
#[inline(never)]
pub(crate) fn ring_extent(xy: &[f32]) -> [f32; 5] {
    let mut e = [
        f32::INFINITY,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NEG_INFINITY,
        0.0,
    ];
    let m = xy.len() / 2;
    if m == 0 {
        return e;
    }
    let (ox, oy) = (xy[0], xy[1]);
    let (mut qx, mut qy) = (xy[2 * m - 2] - ox, xy[2 * m - 1] - oy);
    for p in xy.chunks_exact(2) {
        let (x, y) = (p[0] - ox, p[1] - oy);
        e = [
            min(e[0], p[0]),
            min(e[1], p[1]),
            max(e[2], p[0]),
            max(e[3], p[1]),
            e[4] + (qx * y - x * qy),
        ];
        (qx, qy) = (x, y);
    }
    e
}

/// A level's ring not made of its borders there (see [`Lod::ring_source`]).
pub const NOT_MADE: u32 = u32::MAX;

/// The borders (`!k` walked backwards) ring `r` of a level is made of there, if it is: its entry
/// in `ring_source` ([`Lod::ring_source`]) and the layer's `rings`. What the level and its fill
/// ask.
pub(crate) fn made_of_borders<'a>(
    ring_source: &[u32],
    rings: &'a RingBorders,
    r: usize,
) -> Option<&'a [i32]> {
    let s = *ring_source.get(r).filter(|&&s| s != NOT_MADE)?;
    Some(rings.of(s as usize)).filter(|list| !list.is_empty())
}

/// A ring's or a border's vertices (`offsets[i]..offsets[i + 1]` of `coords`) as bits (a compare
/// of words: these are the very `f32`s or not), none if out of reach.
fn vertex_bits<'v>(offsets: &[u32], coords: &'v [f32], i: usize) -> &'v [[u32; 2]] {
    let (a, z) = match offsets.get(i..i + 2) {
        Some(&[a, z]) => (a as usize * 2, z as usize * 2),
        _ => (0, 0),
    };
    bytemuck::try_cast_slice(coords.get(a..z).unwrap_or(&[])).unwrap_or(&[])
}

impl Lod {
    /// Whether vertices `ring` (x, y interleaved) are exactly those of borders `list` (`!k`
    /// walked backwards) at this level: closed, each border's vertices in turn, bit for bit, a
    /// border starting where the one before ends — then filling its borders fills it. (A ring
    /// simplified or projected on its own, a dot, is not.)
    fn made_of(&self, ring: &[f32], list: &[i32]) -> bool {
        let ring: &[[u32; 2]] = bytemuck::try_cast_slice(ring).unwrap_or(&[]);
        if list.is_empty() || ring.len() < 2 || ring[0] != ring[ring.len() - 1] {
            return false;
        }
        // the ring's vertex where the next border starts
        let mut at = 0usize;
        for &e in list {
            let rev = e < 0;
            let k = if rev { !e } else { e } as usize;
            let line = vertex_bits(&self.border_offsets, &self.border_coords, k);
            let Some(part) = ring.get(at..at + line.len()).filter(|p| !p.is_empty()) else {
                return false;
            };
            let same = if rev {
                (0..part.len()).all(|i| part[i] == line[line.len() - 1 - i])
            } else {
                line == part
            };
            if !same {
                return false;
            }
            at += part.len() - 1;
        }
        at == ring.len() - 1
    }

    /// The borders ring `r` is made of here (`!k` walked backwards), if it is: then it keeps no
    /// vertices of its own.
    pub fn made(&self, r: usize) -> Option<&[i32]> {
        made_of_borders(&self.ring_source, self.ring_borders.as_deref()?, r)
    }

    /// Ring `r`'s vertices (x, y interleaved): its own, or those of the borders it is made of in
    /// turn (each joint once, as it was), written into `buf`.
    pub fn ring_xy<'a>(&'a self, r: usize, buf: &'a mut Vec<f32>) -> &'a [f32] {
        let Some(list) = self.made(r) else {
            let (a, z) = match self.ring_offsets.get(r..r + 2) {
                Some(&[a, z]) => (a as usize * 2, z as usize * 2),
                _ => (0, 0),
            };
            return self.coords.get(a..z).unwrap_or(&[]);
        };
        buf.clear();
        for &e in list {
            let k = if e < 0 { !e } else { e } as usize;
            let line = vertex_bits(&self.border_offsets, &self.border_coords, k);
            let skip = usize::from(!buf.is_empty());
            let mut put = |v: &[u32; 2]| buf.extend(v.map(f32::from_bits));
            if e < 0 {
                line.iter().rev().skip(skip).for_each(&mut put);
            } else {
                line.iter().skip(skip).for_each(&mut put);
            }
        }
        buf
    }

    /// The level with every ring's vertices its own (those made of their borders written out, as
    /// [`Lod::ring_xy`] gives them): for what walks rings alone (the page's paths).
    pub fn expanded(&self) -> (Vec<f32>, Vec<u32>) {
        let (mut coords, mut offsets, mut buf) = (Vec::new(), vec![0u32], Vec::new());
        for r in 0..self.ring_kind.len() {
            coords.extend_from_slice(self.ring_xy(r, &mut buf));
            offsets.push((coords.len() / 2) as u32);
        }
        (coords, offsets)
    }
}

/// How much a view's scale may change across it for a scale bar to be shown: 25 % (Mercator over
/// metropolitan France, 42° to 51° N, changes by 18 %; Equal Earth's whole world by far more).
pub const VARIES: f64 = 1.25;

impl Projected {
    pub fn new(layer: &Layer, projection: Projection) -> Projected {
        Projected::assemble(layer, Projected::compute(layer, projection))
    }

    /// The costly half of [`Projected::new`]: every vertex projected and ranked. What a worker
    /// computes and hands over; [`Projected::assemble`] derives the rest in a few milliseconds.
    pub fn compute(layer: &Layer, projection: Projection) -> ProjectedCore {
        // one walk over the vertices for the box, which gives both the origin and the fast tables
        Projected::compute_part(layer, projection, layer.bbox(), 0..layer.len())
    }

    /// [`Projected::compute`] of features `part` only (their vertices, rings and visibility), the
    /// origin and fast tables set by `bbox`, the box of the whole layer they belong to: two workers
    /// each project a half of a layer, and the halves [joined](ProjectedCore::join) are byte for
    /// byte what one worker computes. A TopoJSON's borders come with the whole layer only.
    pub fn compute_part(
        layer: &Layer,
        projection: Projection,
        bbox: Option<[f64; 4]>,
        part: std::ops::Range<usize>,
    ) -> ProjectedCore {
        let n = layer.len();
        let part = part.start.min(n)..part.end.min(n).max(part.start.min(n));
        let whole = part == (0..n);
        // first ring of feature f (f ≤ n)
        let ring_at = |f: usize| layer.part_offsets[layer.feature_offsets[f] as usize] as usize;
        let rings = ring_at(part.start)..ring_at(part.end);
        let origin = bbox
            .and_then(|b| projection.forward((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0))
            .map(|(x, y)| [x, y])
            .unwrap_or([0.0, 0.0]);
        // the part's vertices only (from v0)
        let vertices =
            layer.ring_offsets[rings.start] as usize..layer.ring_offsets[rings.end] as usize;
        let v0 = vertices.start;
        let mut coords = vec![0f32; vertices.len() * 2];
        let fast = bbox.and_then(|b| Fast::new(&projection, b));
        // the borders first: a TopoJSON ring made of them takes their vertices and importance
        let borders = layer.borders.as_ref().filter(|_| whole).map(|b| {
            let (mut bc, mut pieces) = (Vec::with_capacity(b.coords.len()), Vec::new());
            for chunk in b.coords.chunks(8192) {
                project_border_slice(
                    &projection,
                    fast.as_ref(),
                    origin,
                    chunk,
                    &mut bc,
                    &mut pieces,
                );
            }
            let (mut imp, mut ranked) = (Vec::new(), Vec::new());
            douglas_peucker_arcs(&bc, &b.offsets, &mut imp);
            // kept as ranks, as the rings' importance (a byte a vertex instead of four)
            ranked.reserve_exact(imp.len());
            ranks(&imp, &mut ranked);
            (bc, ranked, pieces)
        });
        let shared = match (&layer.ring_borders, &layer.borders, &borders) {
            (Some(rings), Some(lines), Some((xy, imp, pieces))) => Some(Shared {
                rings,
                lines,
                xy,
                imp,
                pieces,
            }),
            _ => None,
        };
        let mut visible = vec![true; part.len()];
        let composite = projection.is_composite();
        let mut pieces = Vec::with_capacity(if composite { part.len() } else { 0 });
        let mut scratch = Vec::new();
        for (f, vis) in part.clone().zip(visible.iter_mut()) {
            // (none: no geometry, or outside the composite's pieces)
            let piece = feature_piece(layer, f, &projection);
            if composite {
                pieces.push(piece.unwrap_or(0));
            }
            *vis = piece.is_some_and(|piece| {
                project_feature(
                    layer,
                    (f, piece),
                    &projection,
                    fast.as_ref(),
                    origin,
                    shared.as_ref(),
                    (&mut coords, v0),
                    &mut scratch,
                )
            });
        }
        // ring by ring, ranked as it goes (the importance of every vertex as `f32`s first was 4
        // bytes a vertex more at the view's peak: the counties' 273 KB grew the page's memory)
        let (mut importance, mut dp, mut stack) =
            (Vec::with_capacity(vertices.len()), Vec::new(), Vec::new());
        for r in rings.clone() {
            let (a, z) = (
                layer.ring_offsets[r] as usize - v0,
                layer.ring_offsets[r + 1] as usize - v0,
            );
            // (a ring made of its borders takes their ranks as they are)
            if !shared
                .as_ref()
                .is_some_and(|s| s.importance(r, z - a, &mut importance))
            {
                dp.clear();
                dp.resize(z - a, f32::INFINITY);
                douglas_peucker_ring(&coords[a * 2..z * 2], &mut dp, &mut stack);
                ranks(&dp, &mut importance);
            }
        }
        let ring_bbox = layer.ring_offsets[rings.start..=rings.end]
            .windows(2)
            .map(|w| ring_box(&coords[(w[0] as usize - v0) * 2..(w[1] as usize - v0) * 2]))
            .collect();
        // (a layer reaching ±180, or recentred, only: the others need no walk)
        let reaches = bbox.is_some_and(|b| b[0] <= -180.0 || b[2] >= 180.0);
        let meridian = if (reaches || layer.seam.is_some()) && layer.borders.is_none() {
            meridian_edges(layer, rings.clone())
        } else {
            Vec::new()
        };
        ProjectedCore {
            projection,
            origin,
            coords,
            visible,
            pieces,
            importance,
            ring_bbox,
            borders: borders.map(|(bc, imp, _)| (bc, imp)),
            meridian,
        }
    }

    /// Checks that a core fits a layer (for cores rebuilt from bytes), then assembles it.
    pub fn try_assemble(layer: &Layer, core: ProjectedCore) -> Result<Projected, String> {
        let vertices = layer.vertex_count();
        // a worker leaves the vertices out for a packed layer: they are projected on demand
        let on_demand = core.coords.is_empty() && vertices > 0 && layer.packed.is_some();
        let ok = (core.coords.len() == vertices * 2 || on_demand)
            && core.importance.len() == vertices
            && core.visible.len() == layer.len()
            && (core.pieces.is_empty() || core.pieces.len() == layer.len())
            && core.ring_bbox.len() == layer.ring_count()
            && core.meridian.windows(2).all(|w| w[0] < w[1])
            && core.meridian.iter().all(|&[r, v]| {
                let r = r as usize;
                r < layer.ring_count()
                    && (v as usize) + 1
                        < (layer.ring_offsets[r + 1] - layer.ring_offsets[r]) as usize
            })
            && match (&layer.borders, &core.borders) {
                (None, None) => true,
                (Some(b), Some((bc, imp))) => {
                    bc.len() == b.coords.len() && imp.len() == b.coords.len() / 2
                }
                _ => false,
            };
        if !ok {
            return Err("projected geometry does not match its layer".into());
        }
        let mut p = Projected::assemble(layer, core);
        if on_demand && !p.project_on_demand(layer) {
            return Err("projected geometry does not match its layer".into());
        }
        Ok(p)
    }

    /// Drops the projected vertices and projects them when needed from the layer's packed
    /// coordinates instead (false, and nothing changed, if the layer is not packed). Drawing a level
    /// of detail then decodes every ring and projects the vertices it keeps.
    pub fn project_on_demand(&mut self, layer: &Layer) -> bool {
        let Some(packed) = &layer.packed else {
            return false;
        };
        // (a TopoJSON's rings are their borders' vertices, which the view keeps projected: each
        // level would project the rings' again for a few bytes a vertex)
        if layer.rings_of_borders() {
            return false;
        }
        if packed.ring_bytes.len() != self.ring_offsets.len()
            || layer.ring_offsets != self.ring_offsets
            || layer.len() != self.len()
        {
            return false;
        }
        let projection = self.core.projection;
        // as `compute` chooses them: fast tables over the layer's box, a piece per feature (found
        // again only if the core came without them)
        let fast = layer.bbox().and_then(|b| Fast::new(&projection, b));
        if projection.is_composite() && self.core.pieces.len() != layer.len() {
            self.core.pieces = (0..layer.len())
                .map(|f| feature_piece(layer, f, &projection).unwrap_or(0))
                .collect();
        }
        self.on_demand = Some(OnDemand {
            packed: packed.clone(),
            fast,
        });
        self.core.coords = Vec::new();
        true
    }

    /// Whether vertices are projected on demand (see [`Projected::project_on_demand`]).
    pub fn is_on_demand(&self) -> bool {
        self.on_demand.is_some()
    }

    /// Ring kinds, boxes and the spatial index, derived from the projected coordinates.
    pub fn assemble(layer: &Layer, core: ProjectedCore) -> Projected {
        let n = layer.len();
        let (visible, ring_bbox) = (&core.visible, &core.ring_bbox);
        let mut ring_kind = vec![0u8; layer.ring_count()];
        let mut ring_exterior = vec![false; layer.ring_count()];
        let mut feature_rings = Vec::with_capacity(n + 1);
        for f in 0..n {
            feature_rings.push(layer.feature_rings(f).start as u32);
            for p in layer.parts(f) {
                for r in layer.rings(p) {
                    ring_kind[r] = layer.part_kind[p];
                    ring_exterior[r] = r == layer.part_offsets[p] as usize;
                }
            }
        }
        feature_rings.push(layer.ring_count() as u32);
        // the index of the drawn features' boxes (their rings'), and the layer's box (the index's)
        let index = RTree::build(n, |f| feature_box(visible, ring_bbox, &feature_rings, f));
        let bbox = index.bbox();
        // (found here, where the index's sort has just given back as much as it takes: found
        // at the first map, it took 8 bytes a feature above the level, and the page's memory
        // grew for good — 0.7 MB more for 100,000 cells after a zoom)
        let mut sizes: Vec<f64> = Vec::with_capacity(n);
        sizes.extend(
            (0..n)
                .filter_map(|f| feature_box(visible, ring_bbox, &feature_rings, f))
                .map(|b| max(b[2] - b[0], b[3] - b[1]) as f64),
        );
        let typical = crate::sort::median(&mut sizes).unwrap_or(0.0) as f32;
        drop(sizes);
        let border_offsets = match (&core.borders, &layer.borders) {
            (Some(_), Some(b)) => Some(b.offsets.clone()),
            _ => None,
        };
        let ring_borders = layer
            .ring_borders
            .clone()
            .filter(|rb| border_offsets.is_some() && rb.offsets.len() == layer.ring_offsets.len());
        Projected {
            core,
            ring_offsets: layer.ring_offsets.clone(),
            feature_rings,
            ring_kind,
            ring_exterior,
            bbox,
            index,
            border_offsets,
            ring_borders,
            centre: layer
                .seam
                .map_or(0.0, |s| super::projection::wrap(180.0 - s)),
            on_demand: None,
            typical,
        }
    }

    pub fn len(&self) -> usize {
        self.core.visible.len()
    }
    /// The box of feature `f` if it is drawn (its rings' boxes: not kept apart, 20 bytes a
    /// feature).
    pub fn feature_bbox(&self, f: usize) -> Option<[f32; 4]> {
        feature_box(
            &self.core.visible,
            &self.core.ring_bbox,
            &self.feature_rings,
            f,
        )
    }
    /// Features that have a geometry but are not drawn (outside a composite's pieces, the far side
    /// of the globe): the page says how many.
    pub fn hidden_count(&self) -> usize {
        (0..self.len())
            .filter(|&f| !self.core.visible[f] && self.feature_rings[f + 1] > self.feature_rings[f])
            .count()
    }
    pub fn is_empty(&self) -> bool {
        self.core.visible.is_empty()
    }

    /// The projected vertices of ring `r` of feature `f`: kept ones, or projected into `s`.
    fn ring<'a>(&'a self, f: usize, r: usize, s: &'a mut Scratch) -> &'a [f32] {
        let (a, b) = (
            self.ring_offsets[r] as usize,
            self.ring_offsets[r + 1] as usize,
        );
        let Some(od) = &self.on_demand else {
            return &self.core.coords[a * 2..b * 2];
        };
        s.xy.clear();
        s.out.clear();
        if od.packed.decode_ring(r, b - a, &mut s.xy) {
            for xy in s.xy.chunks_exact(2) {
                let (x, y) = od
                    .project(&self.core, f, xy[0], xy[1])
                    .unwrap_or((f32::NAN, f32::NAN));
                s.out.push(x);
                s.out.push(y);
            }
        }
        &s.out
    }

    /// Geometry for drawing at a scale where one pixel is `px` projected units: vertices that
    /// deviate less than `px * tolerance` are left out, and polygons smaller than a pixel
    /// become one-pixel dots instead of disappearing.
    pub fn lod(&self, px: f32, tolerance: f32) -> Lod {
        self.lod_window(px, tolerance, None)
    }

    /// [`Projected::lod`] for the features whose box meets `window` ([min x, min y, max x, max y],
    /// projected units) only; the others have no rings. Deep in a zoom, where nearly every vertex
    /// is kept, this is what the page draws: a few screens around the view, not the whole layer.
    pub fn lod_window(&self, px: f32, tolerance: f32, window: Option<[f32; 4]>) -> Lod {
        let mut job = self.lod_begin(px, tolerance, window);
        self.lod_features(&mut job, usize::MAX);
        self.lod_end(job)
    }

    /// [`Projected::lod_window`] in steps: sized here, its features prepared by
    /// [`Projected::lod_features`] a number at a time, finished by [`Projected::lod_end`] (the page
    /// prepares a big map's level over several frames after a zoom instead of freezing for it).
    pub fn lod_begin(&self, px: f32, tolerance: f32, window: Option<[f32; 4]>) -> LodJob {
        let min_area = (px * tolerance) * (px * tolerance);
        let key = rank_above(min_area);
        let mut out = Lod::default();
        out.ring_offsets.push(0);
        // the exact room the level takes, so that the page's memory does not keep a guess's peak
        // (Wasm memory never shrinks; five vertices a ring for the dots it might have been took
        // 1.4 MB more than needed for 35,000 Voronoi cells)
        let (mut vertices, mut rings, mut made) = (0, 0, 0);
        for f in (0..self.len()).filter(|&f| self.drawn(f, window)) {
            let (v, r, m) = self.kept_room(f, px, key);
            (vertices, rings, made) = (vertices + v, rings + r, made.max(m));
        }
        // (a ring that may be made of its borders is written, compared with them, and taken back
        // if it is: room for the largest such, and more only for those that are not)
        out.coords.reserve_exact((vertices + made) * 2);
        out.ring_offsets.reserve_exact(rings);
        out.ring_kind.reserve_exact(rings);
        out.ring_hole.reserve_exact(rings);
        out.feature_rings.reserve_exact(self.len() + 1);
        if self.outlined() {
            out.border_offsets.push(0);
        }
        if self.ring_borders.is_some() {
            out.ring_source.reserve_exact(rings);
            out.made_box.reserve_exact(rings);
        }
        self.lod_borders(&mut out, key);
        LodJob {
            out,
            px,
            key,
            window,
            next: 0,
            scratch: Scratch::default(),
        }
    }

    /// Prepares up to `features` more features of `job`; true once every feature is.
    pub fn lod_features(&self, job: &mut LodJob, features: usize) -> bool {
        let end = job.next.saturating_add(features).min(self.len());
        for f in job.next..end {
            let out = &mut job.out;
            out.feature_rings.push((out.ring_offsets.len() - 1) as u32);
            if self.drawn(f, job.window) {
                self.lod_feature(f, job.px, job.key, out, &mut job.scratch);
            }
        }
        job.next = job.next.max(end);
        job.next >= self.len()
    }

    /// The level `job` prepared (its features not prepared yet are, first).
    pub fn lod_end(&self, mut job: LodJob) -> Lod {
        self.lod_features(&mut job, usize::MAX);
        let mut out = job.out;
        out.feature_rings.push((out.ring_offsets.len() - 1) as u32);
        // (the room of the largest ring made of its borders, taken back: in place)
        out.coords.shrink_to_fit();
        out
    }

    /// A TopoJSON's shared borders at rank `key`, into level `out` (first: its rings are
    /// compared with them as they are made).
    fn lod_borders(&self, out: &mut Lod, key: Rank) {
        if let (Some((bc, imp)), Some(bo)) = (&self.core.borders, &self.border_offsets) {
            out.ring_borders = self.ring_borders.clone();
            // by rank, as the rings: a ring along a border keeps what the border keeps
            let kept = |v: usize| bc[2 * v].is_finite() && imp[v] >= key;
            // counted first: grown by doubling, the counties' borders (264 KB at the whole map)
            // took a buffer of 512 KB, and the page's memory 0.6 MB more for good
            let n = (0..imp.len().min(bc.len() / 2))
                .filter(|&v| kept(v))
                .count();
            out.border_coords.reserve_exact(n * 2);
            out.border_offsets.reserve_exact(bo.len());
            out.border_offsets.push(0);
            for w in bo.windows(2) {
                let (a, b) = (w[0] as usize, w[1] as usize);
                for v in a..b {
                    if kept(v) {
                        out.border_coords.push(bc[2 * v]);
                        out.border_coords.push(bc[2 * v + 1]);
                    }
                }
                out.border_offsets
                    .push((out.border_coords.len() / 2) as u32);
            }
        }
    }

    /// Whether the levels' outlines are drawn from polylines of their own, the rings' edges along
    /// the antimeridian left out (see [`ProjectedCore::meridian`]), not from the rings.
    fn outlined(&self) -> bool {
        !self.core.meridian.is_empty() && self.core.borders.is_none()
    }

    /// Ring `r`'s edges along the antimeridian ([`ProjectedCore::meridian`]: by their first
    /// vertex in the ring), none for most.
    fn ring_meridian(&self, r: usize) -> &[[u32; 2]] {
        let (m, r) = (&self.core.meridian, r as u32);
        &m[m.partition_point(|x| x[0] < r)..m.partition_point(|x| x[0] <= r)]
    }

    /// The outline of ring `r`, which a level just kept from vertex `start` on, as polylines into
    /// the level's borders: the whole ring, or (`src`: the vertex of the ring each kept vertex
    /// comes from; only asked of a ring with edges along the antimeridian) its runs between those
    /// edges (an edge kept over several of the ring's is one if they all are).
    fn outline(&self, out: &mut Lod, start: usize, r: usize, src: &[u32]) {
        let m = out.coords.len() / 2 - start;
        // the ring whole (closed: its last vertex is its first)
        let whole = |out: &mut Lod| {
            out.border_coords
                .extend_from_slice(&out.coords[start * 2..]);
            out.border_offsets
                .push((out.border_coords.len() / 2) as u32);
        };
        let along_ring = self.ring_meridian(r);
        if m < 2 {
            return;
        }
        if along_ring.is_empty() || src.len() != m {
            return whole(out);
        }
        let along = |e: usize| {
            let (a, b) = (src[e], src[e + 1]);
            let flagged = |v: u32| along_ring.partition_point(|x| x[1] < v);
            b > a && (flagged(b) - flagged(a)) as u32 == b - a
        };
        // the walk starts after an edge along the meridian, so that no run is split where the
        // ring starts
        let edges = m - 1;
        let Some(first) = (0..edges).find(|&e| along(e)) else {
            return whole(out);
        };
        let xy = |out: &Lod, e: usize| {
            let v = start + e % edges;
            [out.coords[2 * v], out.coords[2 * v + 1]]
        };
        let mut open = false;
        for k in 0..edges {
            let e = (first + 1 + k) % edges;
            if along(e) {
                if open {
                    out.border_offsets
                        .push((out.border_coords.len() / 2) as u32);
                    open = false;
                }
                continue;
            }
            if !open {
                let p = xy(out, e);
                out.border_coords.extend_from_slice(&p);
                open = true;
            }
            let q = xy(out, e + 1);
            out.border_coords.extend_from_slice(&q);
        }
        if open {
            out.border_offsets
                .push((out.border_coords.len() / 2) as u32);
        }
    }

    /// Whether feature `f` is drawn in a level of detail for `window` (see [`Projected::lod_window`]).
    fn drawn(&self, f: usize, window: Option<[f32; 4]>) -> bool {
        // (its box, derived from its rings', only asked for a window)
        self.core.visible[f]
            && window.is_none_or(|w| {
                self.feature_bbox(f)
                    .is_none_or(|b| b[0] <= w[2] && b[2] >= w[0] && b[1] <= w[3] && b[3] >= w[1])
            })
    }

    /// What ring `r` becomes in a level of detail where a pixel is `px` (see [`RingAt`]): what
    /// [`Projected::kept_room`] counts and [`Projected::lod_feature`] writes.
    #[inline(always)]
    fn ring_at(&self, r: usize, px: f32) -> RingAt {
        let b = self.core.ring_bbox[r];
        match self.ring_kind[r] {
            POINT => RingAt::Point,
            POLYGON if max(b[2] - b[0], b[3] - b[1]) < px => {
                if self.ring_exterior[r] {
                    RingAt::Dot(b)
                } else {
                    RingAt::Gone
                }
            }
            _ => RingAt::Kept,
        }
    }

    /// Vertices and rings feature `f` keeps at rank `key` where a pixel is `px` (at most: a vertex
    /// the projection refuses is left out), as [`Projected::lod_feature`] writes them (see
    /// [`Projected::ring_at`]).
    #[inline(never)]
    fn kept_room(&self, f: usize, px: f32, key: Rank) -> (usize, usize, usize) {
        let (ra, rb) = (
            self.feature_rings[f] as usize,
            self.feature_rings[f + 1] as usize,
        );
        let (mut n, mut rings, mut made) = (0, 0, 0);
        for r in ra..rb {
            let (va, vb) = (
                self.ring_offsets[r] as usize,
                self.ring_offsets[r + 1] as usize,
            );
            let at = self.ring_at(r, px);
            let kept = match at {
                RingAt::Gone => continue,
                RingAt::Point => (vb - va).min(1),
                RingAt::Dot(_) => 5,
                RingAt::Kept => self.core.importance[va..vb]
                    .iter()
                    .filter(|&&i| i >= key)
                    .count(),
            };
            rings += 1;
            // (a ring that may be made of its borders, as most of a TopoJSON's: taken back)
            if matches!(at, RingAt::Kept) && self.may_be_made(r) {
                made = made.max(kept);
            } else {
                n += kept;
            }
        }
        (n, rings, made)
    }

    /// Whether ring `r` may be made of its borders at a level (a polygon's ring along borders).
    fn may_be_made(&self, r: usize) -> bool {
        self.ring_kind[r] == POLYGON
            && self
                .ring_borders
                .as_ref()
                .is_some_and(|rb| !rb.of(r).is_empty())
    }

    /// One feature's rings at a level of detail (a function per feature, so V8 optimises it early).
    #[inline(never)]
    fn lod_feature(&self, f: usize, px: f32, key: Rank, out: &mut Lod, s: &mut Scratch) {
        let (ra, rb) = (
            self.feature_rings[f] as usize,
            self.feature_rings[f + 1] as usize,
        );
        for r in ra..rb {
            let kind = self.ring_kind[r];
            let base = self.ring_offsets[r] as usize;
            let (at, start) = (self.ring_at(r, px), out.coords.len() / 2);
            let kept = matches!(at, RingAt::Kept);
            match at {
                RingAt::Gone => continue, // a hole smaller than a pixel
                RingAt::Point => {
                    // one vertex (as the readers write points); nothing for a malformed empty ring
                    let ring = self.ring(f, r, s);
                    out.coords.extend_from_slice(&ring[..ring.len().min(2)]);
                }
                RingAt::Dot(b) => {
                    // a one-pixel square at the ring's centre
                    let (cx, cy, h) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0, px / 2.0);
                    out.coords.extend_from_slice(&[
                        cx - h,
                        cy - h,
                        cx + h,
                        cy - h,
                        cx + h,
                        cy + h,
                        cx - h,
                        cy + h,
                        cx - h,
                        cy - h,
                    ]);
                    if self.outlined() {
                        // its outline, the square whole
                        let sq = &out.coords[out.coords.len() - 10..];
                        out.border_coords.extend_from_slice(sq);
                        out.border_offsets
                            .push((out.border_coords.len() / 2) as u32);
                    }
                }
                RingAt::Kept => {
                    let outline = kind == POLYGON && self.outlined();
                    // (a ring with edges along the antimeridian: where each vertex kept comes from)
                    let sources = outline && !self.ring_meridian(r).is_empty();
                    let mut src = std::mem::take(&mut s.src);
                    src.clear();
                    match &self.on_demand {
                        Some(od) => {
                            // decode the ring, project only the vertices this scale keeps
                            let n = self.ring_offsets[r + 1] as usize - base;
                            let imp = &self.core.importance[base..base + n];
                            let at = out.coords.len();
                            let mut next = 0;
                            let whole = od.packed.for_kept(r, imp, key, |lon, lat| {
                                if sources {
                                    while imp.get(next).is_some_and(|&i| i < key) {
                                        next += 1;
                                    }
                                    next += 1;
                                }
                                if let Some((x, y)) = od.project(&self.core, f, lon, lat) {
                                    out.coords.push(x);
                                    out.coords.push(y);
                                    if sources {
                                        src.push((next - 1) as u32);
                                    }
                                }
                            });
                            if !whole {
                                out.coords.truncate(at); // a checked layer never gets here
                                src.clear();
                            }
                        }
                        None => {
                            // (two values pushed: `extend_from_slice` of one vertex is a call in Wasm)
                            let ring = self.ring(f, r, s);
                            for (i, xy) in ring.chunks_exact(2).enumerate() {
                                if self.core.importance[base + i] >= key {
                                    out.coords.push(xy[0]);
                                    out.coords.push(xy[1]);
                                    if sources {
                                        src.push(i as u32);
                                    }
                                }
                            }
                        }
                    }
                    if outline {
                        self.outline(out, start, r, &src);
                    }
                    s.src = src;
                }
            }
            if let Some(rb) = &self.ring_borders {
                // made of its borders here: its vertices are theirs, not kept twice
                let made =
                    kept && self.may_be_made(r) && out.made_of(&out.coords[start * 2..], rb.of(r));
                let mut e = [0.0; 5];
                if made {
                    e = ring_extent(&out.coords[start * 2..]);
                    out.coords.truncate(start * 2);
                }
                out.made_box.push(e);
                out.ring_source.push(if made { r as u32 } else { NOT_MADE });
            }
            out.ring_offsets.push((out.coords.len() / 2) as u32);
            out.ring_kind.push(kind);
            out.ring_hole
                .push((kind == POLYGON && !self.ring_exterior[r]) as u8);
        }
    }

    /// The feature under a point (projected units), through the R-tree; polygons by even-odd
    /// containment (holes and multipolygons), points and lines within `tol`.
    pub fn feature_at(&self, x: f32, y: f32, tol: f32) -> Option<usize> {
        let mut cands = Vec::new();
        self.index
            .query_point(x, y, tol, |f| self.feature_bbox(f), &mut cands);
        // prefer the smallest feature when several boxes match (enclaves)
        let mut best: Option<(usize, f32, f32)> = None;
        let mut s = Scratch::default();
        for &c in &cands {
            let f = c as usize;
            let (ra, rb) = (
                self.feature_rings[f] as usize,
                self.feature_rings[f + 1] as usize,
            );
            // (the distance to its nearest point or line within `tol`; 0 inside a polygon)
            let mut hit: Option<f32> = None;
            let mut inside = false;
            for r in ra..rb {
                let ring = self.ring(f, r, &mut s);
                match self.ring_kind[r] {
                    POLYGON => {
                        if crossings(x, y, ring) {
                            inside = !inside;
                        }
                    }
                    _ => {
                        if let Some(d) = near(x, y, ring, tol) {
                            hit = Some(hit.map_or(d, |h| h.min(d)));
                        }
                    }
                }
            }
            let dist = if inside { Some(0.0) } else { hit };
            if let Some(d) = dist {
                let b = self.feature_bbox(f).unwrap_or([0.0; 4]);
                let area = (b[2] - b[0]) * (b[3] - b[1]);
                // the smallest feature (an enclave in its surroundings), then the nearest (of
                // points close together, the one under the pointer, not the first found)
                if best.is_none_or(|(_, a, bd)| area < a || (area == a && d < bd)) {
                    best = Some((f, area, d));
                }
            }
        }
        best.map(|b| b.0)
    }

    /// The scale of a map's view whose middle is at (x, y) and which reaches `reach` projected units
    /// from it: metres a projected unit at the place in its middle (an inset's own scale when the
    /// middle is in an inset; Mercator's at that latitude), or `None` where that place is no place
    /// or the scale changes by more than [`VARIES`] across the view (a world map, Mercator over
    /// 25° of latitude: a scale bar would be wrong over much of it; only places in the middle's
    /// piece count).
    pub fn view_scale(&self, x: f64, y: f64, reach: f64) -> Option<f64> {
        let [ox, oy] = self.core.origin;
        let pr = &self.core.projection;
        let scale_at = |x: f64, y: f64| {
            let (lon, lat, piece) = pr.locate(x + ox, y + oy)?;
            Some((pr.metres_per_unit(lon, lat, piece)?, piece))
        };
        let (m, piece) = scale_at(x, y)?;
        let (mut lo, mut hi) = (m, m);
        // (in four directions, at a fifth of the reach and every fifth on: a world's whole view
        // reaches past its outline, where no place is)
        for f in [0.2, 0.4, 0.6, 0.8, 1.0] {
            for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
                if let Some((e, p)) = scale_at(x + dx * f * reach, y + dy * f * reach) {
                    if p == piece {
                        lo = lo.min(e);
                        hi = hi.max(e);
                    }
                }
            }
        }
        (hi <= VARIES * lo).then_some(m)
    }

    /// The median size of the drawn features (the longer side of each box, projected units; the upper
    /// median for an even count), 0 without any: what the page scales its borders by. The layer's box
    /// says nothing when features are spread (the communes with the overseas départements).
    pub fn typical_size(&self) -> f32 {
        self.typical
    }

    /// An anchor for every feature (NaN for features not drawn): the pole of inaccessibility of the
    /// largest polygon, at a precision of 2 % of the feature's size.
    pub fn anchors(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.len() * 2);
        for f in 0..self.len() {
            match self.anchor(f) {
                Some((x, y)) => out.extend_from_slice(&[x, y]),
                None => out.extend_from_slice(&[f32::NAN, f32::NAN]),
            }
        }
        out
    }

    /// The area feature `f` covers as drawn (projected units²): each polygon's exterior less its
    /// holes, whatever their winding; 0 for points and lines and a feature not drawn. What ranks
    /// labels: an archipelago's box spans an ocean (Kiribati's, 4,000 km across, ranked above
    /// France's), its islands do not.
    pub fn feature_area(&self, f: usize) -> f64 {
        self.parts(f).iter().map(|p| p.2).sum()
    }

    /// Feature `f`'s parts (none if it is not drawn): rings `start..end` (an exterior ring starts
    /// a part) and the area a polygon covers as the fill draws it — its exterior's less its holes',
    /// as a magnitude (world-atlas's Antarctica is an exterior along the South Pole, a line in
    /// Equal Earth, around a "hole" that is the continent: the fill's even-odd rule draws the
    /// continent), 0 for a point or a line and from a ring the projection refused a vertex of.
    fn parts(&self, f: usize) -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        if !self.core.visible.get(f).copied().unwrap_or(false) {
            return out;
        }
        let (ra, rb) = (
            self.feature_rings[f] as usize,
            self.feature_rings[f + 1] as usize,
        );
        let mut s = Scratch::default();
        let mut r = ra;
        while r < rb {
            let start = r;
            let mut area = 0.0;
            r += 1;
            while r < rb && !self.ring_exterior[r] {
                r += 1;
            }
            if self.ring_kind[start] == POLYGON {
                for k in start..r {
                    let a = crate::geom::layer::ring_area(self.ring(f, k, &mut s)).abs();
                    if a.is_finite() {
                        area += if k == start { a } else { -a };
                    }
                }
            }
            out.push((start, r, f64::abs(area)));
        }
        out
    }

    /// The box a map of it is fitted to: its features' (a world's whole sphere: see
    /// [`crate::carto::sphere::fit_box`]) and its insets' frames; `None` if nothing is drawn.
    pub fn fit_box(&self) -> Option<[f32; 4]> {
        let b = crate::carto::sphere::fit_box(&self.core.projection, self.core.origin, self.bbox?);
        Some(self.inset_frames().into_iter().fold(b, crate::geom::union))
    }

    /// The frames around the insets its features are drawn in, `[x0, y0, x1, y1]` in projected
    /// units, around what each inset draws: France's DROM boxed as official French maps show them,
    /// 12 km out, all as wide as the widest (a column of boxes); the United States' insets with
    /// the territories (Alaska, Hawaii, Puerto Rico, American Samoa, Guam: the last three a few
    /// specks at a map's scale, which a box says are places) as Census maps box them, a 250th of
    /// the unit out; none for another projection (d3's Albers USA draws none), nor for an inset no
    /// visible feature is in.
    pub fn inset_frames(&self) -> Vec<[f32; 4]> {
        let (margin, column) = match self.core.projection {
            Projection::FranceInsets => (12_000.0, true), // (Lambert-93's metres)
            Projection::AlbersUsaTerritories => (0.004, false),
            _ => return Vec::new(),
        };
        let mut boxes: [Option<[f32; 4]>; 6] = [None; 6];
        for (f, &piece) in self.core.pieces.iter().enumerate() {
            let (Some(slot), Some(b)) = (boxes.get_mut(piece as usize), self.feature_bbox(f))
            else {
                continue;
            };
            if piece == 0 || self.core.visible.get(f) != Some(&true) {
                continue;
            }
            *slot = Some(crate::geom::union(slot.unwrap_or(crate::geom::EMPTY), b));
        }
        let mut frames: Vec<[f32; 4]> = boxes.iter().flatten().copied().collect();
        let (x0, x1) = frames
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, z), b| {
                (a.min(b[0]), z.max(b[2]))
            });
        for b in &mut frames {
            let (l, r) = if column { (x0, x1) } else { (b[0], b[2]) };
            *b = [l - margin, b[1] - margin, r + margin, b[3] + margin];
        }
        frames
    }

    /// A point well inside the feature's largest polygon (pole of inaccessibility), in projected units.
    pub fn anchor(&self, f: usize) -> Option<(f32, f32)> {
        // the first part, or the polygon covering the most
        let mut best: Option<(f64, usize, usize)> = None;
        for (start, end, area) in self.parts(f) {
            if best.is_none_or(|b| self.ring_kind[start] == POLYGON && area > b.0) {
                best = Some((area, start, end));
            }
        }
        let mut s = Scratch::default();
        let (_, a, b) = best?;
        if self.ring_kind[a] != POLYGON {
            let ring = self.ring(f, a, &mut s);
            return Some((*ring.first()?, *ring.get(1)?));
        }
        let rings: Vec<Vec<f64>> = (a..b)
            .map(|r| self.ring(f, r, &mut s).iter().map(|&v| v as f64).collect())
            .collect();
        let refs: Vec<&[f64]> = rings.iter().map(|v| v.as_slice()).collect();
        let bb = self.feature_bbox(f)?;
        let precision = ((bb[2] - bb[0]).max(bb[3] - bb[1]) as f64 / 50.0).max(1e-9);
        crate::geom::polylabel::polylabel(&refs, precision).map(|(x, y, _)| (x as f32, y as f32))
    }
}

/// The edges of polygon rings `rings` of `layer` that run along the antimeridian (or the seam of a
/// recentred layer: see [`Layer::seam`]), as (ring counted
/// from the first of `rings`, its vertex where the edge starts) (see [`ProjectedCore::meridian`]).
fn meridian_edges(layer: &Layer, rings: std::ops::Range<usize>) -> Vec<[u32; 2]> {
    let mut out = Vec::new();
    let mut s = Vec::new();
    for p in 0..layer.part_kind.len() {
        if layer.part_kind[p] != POLYGON {
            continue;
        }
        for r in layer.rings(p).filter(|r| rings.contains(r)) {
            let xy = layer.ring(r, &mut s);
            for i in 1..xy.len() / 2 {
                if crate::geom::antimeridian::along(xy[2 * i - 2], xy[2 * i], layer.seam) {
                    out.push([(r - rings.start) as u32, (i - 1) as u32]);
                }
            }
        }
    }
    out
}

fn crossings(x: f32, y: f32, ring: &[f32]) -> bool {
    let n = ring.len() / 2;
    let mut inside = false;
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi, xj, yj) = (ring[2 * i], ring[2 * i + 1], ring[2 * j], ring[2 * j + 1]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// The distance from (x, y) to a point or polyline, if within `tol`.
fn near(x: f32, y: f32, ring: &[f32], tol: f32) -> Option<f32> {
    let n = ring.len() / 2;
    if n == 1 {
        let d = (ring[0] - x).hypot(ring[1] - y);
        return (d <= tol).then_some(d);
    }
    let mut best: Option<f32> = None;
    for i in 1..n {
        let (ax, ay, bx, by) = (
            ring[2 * i - 2],
            ring[2 * i - 1],
            ring[2 * i],
            ring[2 * i + 1],
        );
        let (dx, dy) = (bx - ax, by - ay);
        let l2 = dx * dx + dy * dy;
        let t = if l2 > 0.0 {
            clamp(((x - ax) * dx + (y - ay) * dy) / l2, 0.0, 1.0)
        } else {
            0.0
        };
        let d = (ax + t * dx - x).hypot(ay + t * dy - y);
        if d <= tol && best.is_none_or(|b| d < b) {
            best = Some(d);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn of_points_close_together_the_one_under_the_pointer_is_hit_not_the_first_found() {
        // (found by mapping 35,000 points: a tolerance of a dot's radius took the first point
        // within it, often a neighbour of the one under the pointer)
        let mut l = Layer::new("t");
        for x in [2.0, 2.001, 2.002] {
            l.push_xy(x, 46.0);
            l.end_ring();
            l.end_part(crate::geom::layer::POINT);
            l.end_feature(None);
        }
        let p = Projected::new(&l, Projection::Equirectangular);
        let at = |f: usize| p.anchor(f).unwrap();
        let tol = 3.0 * (at(1).0 - at(0).0); // (every point within reach of every other)
        for f in 0..3 {
            let (x, y) = at(f);
            assert_eq!(p.feature_at(x, y, tol), Some(f));
            // a third of the way to a neighbour: still this one
            let (nx, _) = at(if f == 2 { 1 } else { f + 1 });
            assert_eq!(p.feature_at(x + (nx - x) / 3.0, y, tol), Some(f));
        }
    }

    #[test]
    fn a_polygon_between_null_geometries_is_drawn_and_hit() {
        // null-geometry.geojson: feature 0 and 2 have no geometry, feature 1 is Paris. Ring starts
        // used to be 0 for null features, so Paris's ring range came out empty: never drawn.
        let mut l = Layer::new("t");
        l.end_feature(None);
        for (x, y) in [
            (2.2, 48.8),
            (2.2, 48.9),
            (2.5, 48.9),
            (2.5, 48.8),
            (2.2, 48.8),
        ] {
            l.push_xy(x, y);
        }
        l.end_ring();
        l.end_part(POLYGON);
        l.end_feature(Some("75".into()));
        l.end_feature(None);
        let p = Projected::new(&l, Projection::Lambert93);
        let lod = p.lod(1.0, 0.6);
        assert_eq!(lod.feature_rings, vec![0, 0, 1, 1]);
        assert_eq!(lod.ring_offsets, vec![0, 5]);
        let (x, y) = p.anchor(1).unwrap();
        assert_eq!(p.feature_at(x, y, 0.0), Some(1));
        assert!(
            p.feature_bbox(1).is_some()
                && p.feature_bbox(0).is_none()
                && p.feature_bbox(2).is_none()
        );
    }

    #[test]
    fn outlines_leave_out_the_edges_along_the_antimeridian_where_a_ring_was_cut() {
        // an island across ±180 (cut into a piece a side, each closed along the meridian), one
        // beside it, and a ring a file closed along the meridian itself
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[179.6,-16.8],[180.6,-16.8],[180.6,-15.8],[179.6,-15.8],[179.6,-16.8]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[178,-18],[179,-18],[179,-17],[178,-17],[178,-18]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-180,-20],[-179,-20],[-179,-19],[-180,-19],[-180,-20]]]}}]}"#;
        let mut w = crate::error::Warnings::default();
        let l = crate::io::geojson::read_geojson(text, "t", &mut w).unwrap();
        assert_eq!(l.feature_rings(0).len(), 2, "cut in two");
        let globe = Projection::Orthographic {
            lon0: 180.0,
            lat0: -17.0,
        };
        let p = Projected::new(&l, globe);
        // the pieces' edges along the meridian (a vertex a degree: one edge each) and the third
        // ring's; none elsewhere
        assert_eq!(p.core.meridian.len(), 3, "{:?}", p.core.meridian);
        let lod = p.lod(1e-6, 0.6);
        let lines: Vec<&[f32]> = lod
            .border_offsets
            .windows(2)
            .map(|w| &lod.border_coords[w[0] as usize * 2..w[1] as usize * 2])
            .collect();
        // a line a piece and for the third ring, open (the meridian's edge left out), the whole
        // ring beside them, closed
        assert_eq!(lines.len(), 4);
        let closed = |l: &[f32]| l[..2] == l[l.len() - 2..];
        assert_eq!(lines.iter().filter(|l| closed(l)).count(), 1);
        assert!(lines.iter().all(|l| l.len() >= 6));
        // every vertex of a ring is on its outline, and no outline edge runs along the meridian
        // (the globe's centre meridian, x = −origin, there)
        let x180 = -p.core.origin[0] as f32;
        for l in &lines {
            for e in l.chunks_exact(2).collect::<Vec<_>>().windows(2) {
                let on = |v: &[f32]| (v[0] - x180).abs() < 1e-6;
                assert!(!(on(e[0]) && on(e[1])), "{e:?}");
            }
        }
        assert_eq!(
            lines.iter().map(|l| l.len() / 2).sum::<usize>(),
            lod.coords.len() / 2 - 3,
            "each ring's vertices, closed (its last is its first) or open where the edge left out was"
        );
        // a layer not reaching ±180 keeps its rings as its outlines
        let q = Projected::new(&l, Projection::Lambert93);
        let mut away = l.clone();
        for v in away.coords.iter_mut().step_by(2) {
            *v /= 2.0;
        }
        let a = Projected::new(&away, Projection::Equirectangular);
        assert!(a.core.meridian.is_empty() && a.lod(1e-6, 0.6).border_coords.is_empty());
        assert_eq!(q.core.meridian, p.core.meridian, "whatever the projection");
        // the same outlines from a packed layer projected on demand (the page's), from a core
        // handed over as bytes (a worker's), and from two halves projected apart and joined
        let mut packed = l.clone();
        assert!(packed.pack());
        let mut od = Projected::new(&packed, globe);
        assert!(od.project_on_demand(&packed));
        assert_eq!(od.lod(1e-6, 0.6).border_coords, lod.border_coords);
        let bytes = crate::carto::snapshot::write_core(&p.core);
        let back = crate::carto::snapshot::read_core(&bytes[..]).unwrap();
        assert_eq!(back.meridian, p.core.meridian);
        let b = l.bbox();
        let (h1, h2) = (
            Projected::compute_part(&l, globe, b, 0..1),
            Projected::compute_part(&l, globe, b, 1..3),
        );
        let (w1, w2) = (
            crate::carto::snapshot::write_core(&h1),
            crate::carto::snapshot::write_core(&h2),
        );
        let joined = h1.join(h2).unwrap();
        assert_eq!(joined.meridian, p.core.meridian);
        // (read as the page reads two halves: each array of both into one buffer) the same
        let read = crate::carto::snapshot::read_core_two(&w1[..], &w2[..]).unwrap();
        assert_eq!(read.meridian, p.core.meridian);
        assert_eq!(
            (&read.coords, &read.visible, &read.pieces),
            (&joined.coords, &joined.visible, &joined.pieces)
        );
        assert_eq!(
            (&read.importance, &read.ring_bbox, read.projection),
            (&joined.importance, &joined.ring_bbox, joined.projection)
        );
        assert!(Projected::try_assemble(&l, read).is_ok());
        // halves not projected alike are refused
        let other = Projected::compute_part(&l, Projection::WebMercator, b, 1..3);
        let w3 = crate::carto::snapshot::write_core(&other);
        assert!(crate::carto::snapshot::read_core_two(&w1[..], &w3[..]).is_err());
        assert!(crate::carto::snapshot::read_core_two(&w1[..], &w2[..w2.len() - 1]).is_err());
        // a core whose edges are not ascending, or past the vertices, is refused
        let mut bad = p.core.clone();
        bad.meridian.reverse();
        assert!(Projected::try_assemble(&l, bad).is_err());
        let mut bad = p.core.clone();
        bad.meridian.push([l.ring_count() as u32 - 1, 4]); // (its last ring has 5 vertices)
        assert!(Projected::try_assemble(&l, bad).is_err());
    }

    #[test]
    fn neighbours_keep_the_same_vertices_along_the_border_they_share() {
        // two squares side by side in TopoJSON, their shared side a zigzag of 40 vertices (arc 0),
        // walked upwards by the left one and downwards (~0) by the right one
        let x = |i: i32| 1000 + (i % 2) * (1 + i % 7) * 3;
        let zig: Vec<String> = (1..=40)
            .map(|i| format!("[{},25]", x(i) - x(i - 1)))
            .collect();
        let t = format!(
            r#"{{"type":"Topology","transform":{{"scale":[0.001,0.001],"translate":[2,45]}},
            "objects":{{"o":{{"type":"GeometryCollection","geometries":[
              {{"type":"Polygon","arcs":[[0,1]]}},{{"type":"Polygon","arcs":[[-1,2]]}}]}}}},
            "arcs":[[[1000,0],{}],[[1000,1000],[-1000,0],[0,-1000],[1000,0]],
                    [[1000,0],[1000,0],[0,1000],[-1000,0]]]}}"#,
            zig.join(",")
        );
        let mut w = crate::error::Warnings::default();
        let l = crate::io::topojson::read_topojson(&t, "t", None, &mut w).unwrap();
        assert!(l.ring_borders.is_some());
        let p = Projected::new(&l, Projection::Lambert93);
        let (bc, bimp) = p.core.borders.clone().unwrap();
        assert_eq!(bc.len(), 2 * (41 + 4 + 4));
        // the left ring's first 41 vertices are border 0 forwards; the right ring's first 41 are
        // border 0 backwards: the same importance, vertex for vertex
        let (l0, r0) = (0, l.ring_offsets[1] as usize);
        for i in 0..41 {
            assert_eq!(p.core.importance[l0 + i], bimp[i], "left {i}");
            assert_eq!(p.core.importance[r0 + i], bimp[40 - i], "right {i}");
        }
        // at every scale the two fills and the border drawn over them keep the same points
        let finite = bimp
            .iter()
            .filter(|&&v| v < crate::carto::lod::rank(f32::INFINITY))
            .count();
        assert!(finite > 20, "the zigzag is simplified ({finite} ranked)");
        for px in [1.0f32, 30.0, 100.0, 300.0, 1000.0] {
            let lod = p.lod(px, 0.6);
            let pts = |xy: &[f32]| -> Vec<(u32, u32)> {
                let mut v: Vec<_> = xy
                    .chunks_exact(2)
                    .map(|q| (q[0].to_bits(), q[1].to_bits()))
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let border = pts(&lod.border_coords[..lod.border_offsets[1] as usize * 2]);
            // a ring's points on the shared side (within the zigzag's columns)
            let (x0, x1) = bc[..82]
                .chunks_exact(2)
                .fold((f32::MAX, f32::MIN), |(a, b), q| (a.min(q[0]), b.max(q[0])));
            let on = |ring: &[f32]| {
                pts(ring)
                    .into_iter()
                    .filter(|q| (x0..=x1).contains(&f32::from_bits(q.0)))
                    .collect::<Vec<_>>()
            };
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let (left, right) = (on(lod.ring_xy(0, &mut a)), on(lod.ring_xy(1, &mut b)));
            assert_eq!(left, border, "left ring at {px}");
            assert_eq!(right, border, "right ring at {px}");
            // both made of their borders bit for bit, found as the level was made: they keep no
            // vertices of their own
            assert!(lod.made(0).is_some() && lod.made(1).is_some(), "at {px}");
            assert!(lod.coords.is_empty(), "at {px}");
        }
    }

    #[test]
    fn a_small_ring_far_from_the_origin_keeps_its_area_and_sign() {
        // a square of 0.002 units at (300, 300), clockwise then counterclockwise, closed: its
        // area about the origin is products of 90,000 whose rounding (~0.005) is a thousand
        // times the square's 0.000004
        let (x, y, d) = (300.0f32, 300.0f32, 0.001953125f32);
        let cw = [x, y, x, y + d, x + d, y + d, x + d, y, x, y];
        let ccw = [x, y, x + d, y, x + d, y + d, x, y + d, x, y];
        for (ring, sign) in [(&cw[..], -1.0f32), (&ccw[..], 1.0)] {
            let e = ring_extent(ring);
            assert_eq!(e[..4], [x, y, x + d, y + d]);
            // (twice the area, as the fill takes it)
            assert!((e[4] * sign - 2.0 * d * d).abs() < 1e-3 * d * d, "{e:?}");
        }
        // unclosed, it is closed all the same; nothing, and not finite, are no area
        assert_eq!(ring_extent(&ccw[..8])[4], ring_extent(&ccw)[4]);
        assert_eq!(ring_extent(&[])[4], 0.0);
        assert!(!ring_extent(&[0.0, 0.0, f32::NAN, 1.0, 1.0, 1.0])[4].is_finite());
    }

    #[test]
    fn typical_size_is_the_median_of_the_drawn_features() {
        // squares of 1, 2, 3 and 10 units (equirectangular: degrees), and a null geometry
        let mut l = Layer::new("t");
        for s in [3.0, 1.0, 10.0, 2.0] {
            for (x, y) in [(0.0, 0.0), (0.0, s), (s, s), (s, 0.0), (0.0, 0.0)] {
                l.push_xy(x, y);
            }
            l.end_ring();
            l.end_part(POLYGON);
            l.end_feature(None);
        }
        l.end_feature(None);
        let p = Projected::new(&l, Projection::Equirectangular);
        let one = p.feature_bbox(1).unwrap();
        let unit = one[2] - one[0];
        assert!(
            (p.typical_size() / unit - 3.0).abs() < 1e-4,
            "{}",
            p.typical_size() / unit
        );
        assert_eq!(
            Projected::new(&Layer::new("e"), Projection::Lambert93).typical_size(),
            0.0
        );
    }

    #[test]
    fn scale_is_measured_on_the_ground() {
        // Lambert-93 is in metres (scale factor within 0.1 % of 1 in France); the ground distance is
        // spherical, 0.3 % off the GRS80 ellipsoid at 45°N: plenty for a scale bar
        let m = Projection::Lambert93.metres_per_unit(3.0, 45.0, 0).unwrap();
        assert!((m - 1.0).abs() < 5e-3, "{m}");
        // unit-sphere Mercator at 45°N: R·cos 45°
        let m = Projection::WebMercator
            .metres_per_unit(3.0, 45.0, 0)
            .unwrap();
        assert!(
            (m / (6_371_008.8 * 45f64.to_radians().cos()) - 1.0).abs() < 1e-3,
            "{m}"
        );
    }

    #[test]
    fn a_view_s_scale_is_the_one_at_its_middle_and_none_where_it_varies_too_much() {
        // a square around Paris and one around Cayenne
        let mut l = Layer::new("t");
        for (cx, cy) in [(2.35, 48.86), (-53.0, 4.9)] {
            for (dx, dy) in [
                (-1.0, -1.0),
                (-1.0, 1.0),
                (1.0, 1.0),
                (1.0, -1.0),
                (-1.0, -1.0),
            ] {
                l.push_xy(cx + dx, cy + dy);
            }
            l.end_ring();
            l.end_part(POLYGON);
            l.end_feature(None);
        }
        let at = |p: &Projected, lon: f64, lat: f64| {
            let pr = p.core.projection;
            let (x, y) = pr
                .forward_piece(lon, lat, pr.piece_for(lon, lat).unwrap())
                .unwrap();
            (x - p.core.origin[0], y - p.core.origin[1])
        };
        let p = Projected::new(&l, Projection::FranceInsets);
        // Paris: Lambert-93's metres; zoomed in on Guyane's inset, drawn at 0.35: its own scale
        let (x, y) = at(&p, 2.35, 48.86);
        let paris = p.view_scale(x, y, 50_000.0).unwrap();
        assert!((paris - 1.0).abs() < 5e-3, "{paris}");
        let (x, y) = at(&p, -53.0, 4.9);
        let guyane = p.view_scale(x, y, 20_000.0).unwrap();
        assert!((guyane * 0.35 - 1.0).abs() < 0.01, "{guyane}");
        // (the layer's centre is in the Atlantic: what the bar showed before, whatever the view)
        assert!(p.view_scale(1e9, 1e9, 1.0).is_none());
        // Mercator: the scale of the view's latitude; over 60° of latitude, none
        let p = Projected::new(&l, Projection::WebMercator);
        let (x, y) = at(&p, 2.35, 48.86);
        let m = p.view_scale(x, y, 0.05).unwrap();
        assert!(
            (m / (6_371_008.8 * 48.86f64.to_radians().cos()) - 1.0).abs() < 1e-3,
            "{m}"
        );
        let (x, y) = at(&p, 0.0, 30.0);
        assert!(p.view_scale(x, y, 0.6).is_none());
        // metropolitan France in Mercator (42° to 51° N around 46.5°): one
        let (x, y) = at(&p, 2.5, 46.5);
        let (_, top) = at(&p, 2.5, 51.0);
        assert!(p.view_scale(x, y, top - y).is_some());
        // Equal Earth's whole world, its view reaching past the outline: none
        let p = Projected::new(&l, Projection::EqualEarth);
        let (x, y) = at(&p, 0.0, 0.0);
        let (right, _) = at(&p, 180.0, 0.0);
        assert!(p.view_scale(x, y, right - x).is_none());
    }

    #[test]
    fn a_polygon_reaching_the_pole_gets_finite_answers_instead_of_hanging() {
        // found by cargo-fuzz: latitude −90 sends Lambert-93 ~1e18 m away and polylabel's grid
        // over that sliver never ended
        let mut l = Layer::new("t");
        for (x, y) in [(2.0, 48.0), (3.0, -90.0), (4.0, 48.0), (2.0, 48.0)] {
            l.push_xy(x, y);
        }
        l.end_ring();
        l.end_part(POLYGON);
        l.end_feature(None);
        let p = Projected::new(&l, Projection::Lambert93);
        if let Some((x, y)) = p.anchor(0) {
            assert!(x.is_finite() && y.is_finite());
        }
        let _ = p.feature_at(0.0, 0.0, 1.0);
        let lod = p.lod(1.0, 0.6);
        assert!(lod.coords.iter().all(|v| v.is_finite()));
    }
}
