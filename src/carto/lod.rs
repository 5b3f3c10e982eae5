//! Level of detail. Each vertex gets an importance once; drawing at a scale keeps the vertices whose
//! importance exceeds a fraction of a pixel.
//!
//! [`douglas_peucker_ring`] (used): the squared distance at which Douglas-Peucker would keep the vertex,
//! made monotonic (never above the vertex that created its segment), so filtering at a tolerance
//! gives exactly the Douglas-Peucker simplification at that tolerance. No heap: 100 ms instead of
//! 250 ms for Visvalingam on the 2.2 M commune vertices (native), which matters for the first map.
//! [`visvalingam`]: effective areas (mapshaper's default), kept for comparison and tests.

use crate::float::min;

/// Effective area of every vertex of every ring, written into `out` (same indexing as vertices).
/// Ring ends get +∞ so a ring never collapses below its closing vertex; each ring keeps at least
/// its 3 most important vertices plus the closing one.
pub fn visvalingam(coords: &[f32], ring_offsets: &[u32], out: &mut Vec<f32>) {
    out.clear();
    out.resize(coords.len() / 2, f32::INFINITY);
    let mut heap = Heap::default();
    let mut prev: Vec<u32> = Vec::new();
    let mut next: Vec<u32> = Vec::new();
    for w in ring_offsets.windows(2) {
        let (a, b) = (w[0] as usize, w[1] as usize);
        let n = b - a;
        if n < 5 {
            continue; // a triangle (4 with closure) keeps every vertex
        }
        let xy = &coords[a * 2..b * 2];
        let area = |i: usize, p: usize, q: usize| -> f32 {
            let (ax, ay) = (xy[p * 2], xy[p * 2 + 1]);
            let (bx, by) = (xy[i * 2], xy[i * 2 + 1]);
            let (cx, cy) = (xy[q * 2], xy[q * 2 + 1]);
            ((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)).abs() * 0.5
        };
        prev.clear();
        next.clear();
        for i in 0..n {
            prev.push(i.saturating_sub(1) as u32);
            next.push((i + 1).min(n - 1) as u32);
        }
        heap.reset(n);
        for i in 1..n - 1 {
            heap.push(i as u32, area(i, i - 1, i + 1));
        }
        let mut max_area = 0f32;
        let res = &mut out[a..b];
        // keep 3 interior vertices at +inf so the ring stays a polygon
        while heap.len() > 3 {
            let (i, mut ar) = heap.pop();
            let i = i as usize;
            if ar < max_area {
                ar = max_area;
            }
            max_area = ar;
            res[i] = ar;
            let (p, q) = (prev[i] as usize, next[i] as usize);
            next[p] = q as u32;
            prev[q] = p as u32;
            if p > 0 {
                heap.update(p as u32, area(p, prev[p] as usize, q));
            }
            if q < n - 1 {
                heap.update(q as u32, area(q, p, next[q] as usize));
            }
        }
    }
}

/// An importance as kept for drawing: one byte, its `f32`'s exponent and first bit of mantissa
/// (the values 1 and 1.5 × 2^e: steps of 1.5 and 4/3), which orders non-negative values as the
/// values do within a step. Ranks 2–253 span 2^-62 to 2^64 projected units² (any projection's
/// units, radians or metres, at any zoom), 1 holds what is under, 254 what is over; 0 is zero,
/// negative or NaN, 255 is +∞ (kept at every scale). A level's threshold is taken at the step
/// above it ([`rank_above`]). One byte a vertex instead of two: 2.2 MB less for the communes'
/// 2.2 million (4.4 MB of `u16` ranks, the page's largest array after the coordinates).
#[inline]
pub fn rank(v: f32) -> Rank {
    if v == f32::INFINITY {
        255
    } else if v > 0.0 {
        ((v.to_bits() >> 22) as i32 - 128).clamp(1, 254) as Rank
    } else {
        0
    }
}

/// The rank of a level's threshold `v`: the least whose values all reach it (`v` rounded up to
/// a step). Rounded down, the page's (0.6 px)² — 0.36 × 4^k, as a pixel is 2^k units — fell to
/// 0.25 × 4^k, 0.5 px: the communes' levels kept 13–15 % more vertices, their first map 20 %
/// slower; rounded up, 0.375 × 4^k: 0.61 px.
#[inline]
pub fn rank_above(v: f32) -> Rank {
    let r = rank(v);
    if r < 255 && least_of(r) < v {
        r + 1
    } else {
        r
    }
}

/// A vertex's importance as kept: see [`rank`].
pub type Rank = u8;

/// The least importance of rank `r` (ranked again, `r`).
#[inline]
pub fn least_of(r: Rank) -> f32 {
    match r {
        255 => f32::INFINITY,
        0 => 0.0,
        r => f32::from_bits((u32::from(r) + 128) << 22),
    }
}

/// [`rank`] over a slice (a function per slice, so V8 optimises it early).
#[inline(never)]
pub fn ranks(values: &[f32], out: &mut Vec<Rank>) {
    out.extend(values.iter().map(|&v| rank(v)));
}

/// Stack of spans to split, as [`split`] takes them.
pub type Stack = Vec<(usize, usize, f32)>;

/// Douglas-Peucker importance (squared distance, in projected units²) of every vertex of one ring
/// (`imp`: one value per vertex of `xy`). Ring ends, the vertex farthest from the start (the second
/// anchor of a closed ring) and the next most important one are +∞, so a ring never collapses
/// below a triangle; under five vertices, every vertex stays (+∞).
pub fn douglas_peucker_ring(xy: &[f32], imp: &mut [f32], stack: &mut Stack) {
    if imp.len() >= 5 && xy.len() == imp.len() * 2 {
        // one call per ring: V8 optimises a Wasm function after a few calls, never during one
        dp_ring(xy, imp, stack);
    } else {
        imp.fill(f32::INFINITY);
    }
}

/// Douglas-Peucker importance of polylines that are pieces of rings (TopoJSON's arcs, shared by the
/// rings on both sides): an open one keeps its two ends only (+∞), its other vertices ranked
/// between them, so a ring made of several keeps no more than its joints at the coarsest scales;
/// a closed one (an island, a ring by itself) is ranked as a ring.
pub fn douglas_peucker_arcs(coords: &[f32], offsets: &[u32], out: &mut Vec<f32>) {
    out.clear();
    out.resize(coords.len() / 2, f32::INFINITY);
    let mut stack = Stack::new();
    for w in offsets.windows(2) {
        let (a, b) = (w[0] as usize, w[1] as usize);
        let (xy, imp) = (&coords[a * 2..b * 2], &mut out[a..b]);
        let closed = xy.len() >= 4 && xy[..2] == xy[xy.len() - 2..];
        if closed {
            douglas_peucker_ring(xy, imp, &mut stack);
        } else if imp.len() >= 3 {
            dp_open(xy, imp, &mut stack);
        }
    }
}

/// [`dp_ring`] without its second and third anchors: between the two ends only.
#[inline(never)]
fn dp_open(xy: &[f32], imp: &mut [f32], stack: &mut Stack) {
    stack.clear();
    stack.push((0, imp.len() - 1, f32::INFINITY));
    split(xy, imp, stack);
    imp[0] = f32::INFINITY;
    imp[imp.len() - 1] = f32::INFINITY;
}

#[inline(never)]
fn dp_ring(xy: &[f32], imp: &mut [f32], stack: &mut Stack) {
    let n = imp.len();
    // second anchor: the vertex farthest from the first
    let (x0, y0) = (xy[0], xy[1]);
    let mut far = 1;
    let mut best = -1.0f32;
    for i in 1..n - 1 {
        let d = (xy[2 * i] - x0).powi(2) + (xy[2 * i + 1] - y0).powi(2);
        if d > best {
            best = d;
            far = i;
        }
    }
    stack.clear();
    stack.push((0, far, f32::INFINITY));
    stack.push((far, n - 1, f32::INFINITY));
    split(xy, imp, stack);
    imp[0] = f32::INFINITY;
    imp[far] = f32::INFINITY;
    imp[n - 1] = f32::INFINITY;
    // a third vertex so that a polygon stays a triangle
    let mut third = None;
    let mut tv = -1.0f32;
    for (i, &v) in imp.iter().enumerate() {
        if v.is_finite() && v > tv {
            tv = v;
            third = Some(i);
        }
    }
    if let Some(t) = third {
        imp[t] = f32::INFINITY;
    }
}

/// The splits of Douglas-Peucker from the stacked spans: each span's farthest vertex takes its
/// distance (squared, at most its parent's), then both halves are split in turn.
#[inline(always)]
fn split(xy: &[f32], imp: &mut [f32], stack: &mut Stack) {
    while let Some((i, j, parent)) = stack.pop() {
        if j <= i + 1 {
            continue;
        }
        let (ax, ay, bx, by) = (xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1]);
        let (dx, dy) = (bx - ax, by - ay);
        let l2 = dx * dx + dy * dy;
        let mut k = i + 1;
        let mut dmax = -1.0f32;
        if l2 > 0.0 {
            // distance to the line through the span's ends, as Ramer-Douglas-Peucker has it: the
            // cross product, squared, is that distance squared times |ab|² (the same for the whole
            // span, divided out once): three operations a vertex
            for m in i + 1..j {
                let c = (xy[2 * m] - ax) * dy - (xy[2 * m + 1] - ay) * dx;
                let d = c * c;
                if d > dmax {
                    dmax = d;
                    k = m;
                }
            }
            dmax /= l2;
        } else {
            // both ends on one point: the distance to it
            for m in i + 1..j {
                let d = (xy[2 * m] - ax).powi(2) + (xy[2 * m + 1] - ay).powi(2);
                if d > dmax {
                    dmax = d;
                    k = m;
                }
            }
        }
        let v = min(dmax, parent);
        imp[k] = v;
        stack.push((i, k, v));
        stack.push((k, j, v));
    }
}

/// An indexed binary min-heap over vertex indexes (decrease/increase key in O(log n)).
#[derive(Default)]
struct Heap {
    items: Vec<(f32, u32)>,
    pos: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Heap {
    fn reset(&mut self, n: usize) {
        self.items.clear();
        self.pos.clear();
        self.pos.resize(n, NONE);
    }
    fn len(&self) -> usize {
        self.items.len()
    }
    fn push(&mut self, id: u32, key: f32) {
        self.items.push((key, id));
        let i = self.items.len() - 1;
        self.pos[id as usize] = i as u32;
        self.up(i);
    }
    fn pop(&mut self) -> (u32, f32) {
        let (key, id) = self.items[0];
        let last = self.items.pop().unwrap_or((0.0, 0));
        self.pos[id as usize] = NONE;
        if !self.items.is_empty() {
            self.items[0] = last;
            self.pos[last.1 as usize] = 0;
            self.down(0);
        }
        (id, key)
    }
    fn update(&mut self, id: u32, key: f32) {
        let i = self.pos[id as usize];
        if i == NONE {
            return;
        }
        let i = i as usize;
        let old = self.items[i].0;
        self.items[i].0 = key;
        if key < old {
            self.up(i)
        } else {
            self.down(i)
        }
    }
    fn up(&mut self, mut i: usize) {
        while i > 0 {
            let p = (i - 1) / 2;
            if self.items[p].0 <= self.items[i].0 {
                break;
            }
            self.swap(i, p);
            i = p;
        }
    }
    fn down(&mut self, mut i: usize) {
        let n = self.items.len();
        loop {
            let (l, r) = (2 * i + 1, 2 * i + 2);
            let mut m = i;
            if l < n && self.items[l].0 < self.items[m].0 {
                m = l;
            }
            if r < n && self.items[r].0 < self.items[m].0 {
                m = r;
            }
            if m == i {
                break;
            }
            self.swap(i, m);
            i = m;
        }
    }
    fn swap(&mut self, a: usize, b: usize) {
        self.items.swap(a, b);
        self.pos[self.items[a].1 as usize] = a as u32;
        self.pos[self.items[b].1 as usize] = b as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_keep_every_vertex_the_full_importance_kept_and_at_most_a_step_more() {
        // ranks order values as the values do, within a step (at most 1.5); and what
        // `Projected::lod` relies on: rank(imp) >= rank_above(t) keeps every vertex at least a
        // step above the threshold, and none below it
        let mut s = 7u32;
        let mut next = || {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            f32::from_bits(s >> 2) // non-negative, from denormals to ~1e38
        };
        let span = 2f32.powf(-62.0)..2f32.powi(63);
        for _ in 0..100_000 {
            let (imp, t) = (next(), next());
            if imp >= t {
                assert!(rank(imp) >= rank(t), "{imp} {t}");
            }
            if rank(imp) >= rank(t) && span.contains(&imp) && span.contains(&t) {
                assert!(imp >= t / 1.5, "{imp} {t}");
            }
            if span.contains(&imp) && span.contains(&t) {
                if imp >= t * 1.5 {
                    assert!(rank(imp) >= rank_above(t), "kept: {imp} {t}");
                }
                if rank(imp) >= rank_above(t) {
                    assert!(imp >= t, "not below: {imp} {t}");
                }
            }
        }
        // the whole range: a pixel of the world in radians deep in a zoom (~1e-12), of France
        // in metres (~1e6), a whole map (~1e12), each in a rank of its own
        let (fine, metres, whole) = (rank(1e-12), rank(1e6), rank(1e12));
        assert!(0 < fine && fine < metres && metres < whole && whole < 254);
        assert_eq!(rank(f32::INFINITY), 255);
        assert!(rank(f32::INFINITY) > rank(f32::MAX));
        assert_eq!(rank(f32::NAN), 0);
        assert_eq!(rank(0.0), 0);
        assert_eq!(rank(-1.0), 0);
        assert_eq!(rank(f32::MIN_POSITIVE), 1);
        assert_eq!((rank(2f32.powi(-62)), rank(2f32.powi(-62) * 0.99)), (2, 1));
        assert_eq!(
            (rank(2f32.powi(64)), rank(2f32.powi(64) * 0.99)),
            (254, 253)
        );
        assert_eq!(rank(f32::MAX), 254);
        // the page's threshold, (0.6 px)² with a pixel of 2^k units, at 0.375 × 4^k: 0.61 px
        for k in [-20, -3, 0, 5, 12] {
            let t = (0.6 * 2f32.powi(k)).powi(2);
            assert_eq!(least_of(rank_above(t)), 0.375 * 4f32.powi(k), "{k}");
        }
        assert_eq!(rank_above(least_of(77)), 77);
        assert_eq!(rank_above(f32::INFINITY), 255);
        assert_eq!(rank_above(0.0), 0);
        // the least value of a rank ranks the same, and is the least
        for r in 0..=255u8 {
            let v = least_of(r);
            assert_eq!(rank(v), r, "{r}");
            if (2..255).contains(&r) {
                assert_eq!(rank(v * (1.0 - 1e-6)), r - 1, "{r}");
            }
        }
    }

    #[test]
    fn douglas_peucker_keeps_corners_drops_collinear_and_is_monotonic() {
        let ring: Vec<f32> = vec![
            0., 0., 0., 5., 0., 10., 5., 10., 10., 10., 10., 5., 10., 0., 5., 0., 0., 0.,
        ];
        let dp = |ring: &[f32]| {
            let mut imp = vec![0.0; ring.len() / 2];
            douglas_peucker_ring(ring, &mut imp, &mut Stack::new());
            imp
        };
        let imp = dp(&ring);
        for i in [1, 3, 5, 7] {
            assert_eq!(imp[i], 0.0, "collinear vertex {i}");
        }
        for i in [0, 2, 4, 6, 8] {
            assert!(imp[i] > 0.0, "corner {i}: {:?}", imp);
        }
        // a wiggle of 1 unit on a long edge: kept at tolerance 0.5, dropped at 2
        let ring: Vec<f32> = vec![0., 0., 5., 1., 10., 0., 10., 10., 0., 10., 0., 0.];
        let imp = dp(&ring);
        assert!(imp[1] >= 0.25 && imp[1] < 4.0, "{:?}", imp);
    }

    #[test]
    fn an_open_arc_keeps_its_ends_and_a_closed_one_stays_a_triangle() {
        // an open arc: a bump of 2 units between two ends; a closed arc: a square (an island)
        let open = [0., 0., 5., 0., 10., 2., 15., 0., 20., 0.];
        let square = [0., 0., 0., 10., 10., 10., 10., 0., 0., 0., 0., 0.];
        let coords: Vec<f32> = open.iter().chain(&square[..10]).copied().collect();
        let mut imp = Vec::new();
        douglas_peucker_arcs(&coords, &[0, 5, 10], &mut imp);
        assert_eq!(imp.len(), 10);
        assert!(imp[0].is_infinite() && imp[4].is_infinite(), "{imp:?}");
        assert!(imp[1..4].iter().all(|v| v.is_finite()), "{imp:?}");
        assert_eq!(imp[2], 4.0, "the bump, 2 units from the chord");
        // the island keeps at least three distinct corners at any scale
        let kept = (5..10).filter(|&i| imp[i].is_infinite()).count();
        assert!(kept >= 4, "{imp:?}");
    }

    #[test]
    fn collinear_vertices_are_least_important_and_corners_survive() {
        // a square with extra collinear points on each side
        let ring: Vec<f32> = vec![
            0., 0., 0., 5., 0., 10., 5., 10., 10., 10., 10., 5., 10., 0., 5., 0., 0., 0.,
        ];
        let mut imp = Vec::new();
        visvalingam(&ring, &[0, 9], &mut imp);
        assert_eq!(imp[0], f32::INFINITY);
        assert_eq!(imp[8], f32::INFINITY);
        for i in [1, 3, 5, 7] {
            assert_eq!(imp[i], 0.0, "collinear vertex {i}");
        }
        let corners = [2, 4, 6].iter().filter(|&&i| imp[i] > 0.0).count();
        assert_eq!(corners, 3);
    }
}
