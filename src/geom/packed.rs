//! Coordinates packed without loss: the numbers of a GeoJSON file are decimals (the communes have
//! five: about a metre), so each one is an integer on a grid of 10^-k, and consecutive vertices of
//! a ring are close. A ring is stored as its first vertex then the differences to the previous
//! vertex, as zigzag LEB128 varints: about 4.5 bytes per vertex for the communes instead of 16.
//!
//! Packing is exact or refused: a layer is packed only if every coordinate decodes to the very same
//! `f64` (the reader turned the decimal text into the correctly rounded double; `q / 10^k` is the
//! correctly rounded double of the same decimal).
//!
//! Coordinates that are not short decimals (a TopoJSON transform, computed or reprojected values,
//! a Voronoi tessellation's) keep their `f64`s, each distinct vertex once: neighbouring polygons
//! repeat the vertices of the border they share (a Voronoi cell's vertex is in three cells), so a
//! ring is stored as its vertices' numbers in that table, the first as it is and the next ones as
//! differences, zigzag varints — 35,000 Voronoi cells in 1.6 MB instead of 3.9.

/// Packed ring coordinates of a layer (see the module).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Packed {
    /// grid step 10^-decimals
    pub decimals: u8,
    /// per ring: first vertex, then differences, x and y interleaved, zigzag varints
    pub bytes: Vec<u8>,
    /// byte offset of each ring in `bytes` (rings + 1 entries)
    pub ring_bytes: Vec<u32>,
    /// box of every vertex, as computed from the `f64` coordinates
    pub bbox: Option<[f64; 4]>,
    /// Coordinates that are not short decimals, kept as they are (then `bytes` is empty and
    /// `ring_bytes` holds vertex offsets): such a layer is shared with its views all the same.
    pub plain: Option<Vec<f64>>,
    /// Coordinates that are not short decimals, each distinct vertex once (x, y interleaved): then
    /// `bytes` hold each ring's vertices as their numbers in it (see the module), `decimals` is 0.
    /// (a TopoJSON's: its borders' vertices, shared with them, see [`Packed::of_borders`])
    pub distinct: Option<std::sync::Arc<Vec<f64>>>,
}

/// Finest grid tried: 10^-9 (a tenth of a millimetre in degrees).
const MAX_DECIMALS: usize = 9;
const POW10: [f64; MAX_DECIMALS + 1] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
/// Integers beyond 2^53 are no longer exact in an `f64`.
const LIMIT: f64 = 9_007_199_254_740_992.0;

#[inline]
fn exact(x: f64, k: usize) -> bool {
    let q = (x * POW10[k]).round_ties_even();
    q.abs() < LIMIT && q / POW10[k] == x
}

/// The coarsest decimal grid every value lies on, if any (a function per slice: see `bbox_of`).
#[inline(never)]
fn grid_slice(values: &[f64], mut k: usize) -> Option<usize> {
    for &x in values {
        while !exact(x, k) {
            if k == MAX_DECIMALS {
                return None;
            }
            k += 1;
        }
    }
    Some(k)
}

#[inline(always)]
fn put(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    while z >= 0x80 {
        out.push(z as u8 | 0x80);
        z >>= 7;
    }
    out.push(z as u8);
}

/// Encodes one ring on the grid 10^-k, widening the integer box `bb`; false (and `out` left
/// longer) if a value is not on that grid.
#[inline(never)]
fn pack_ring(xy: &[f64], k: usize, out: &mut Vec<u8>, bb: &mut [i64; 4]) -> bool {
    let p = POW10[k];
    let (mut px, mut py) = (0i64, 0i64);
    out.reserve(xy.len() * 10); // a varint takes at most 10 bytes
    for v in xy.chunks_exact(2) {
        let (fx, fy) = ((v[0] * p).round_ties_even(), (v[1] * p).round_ties_even());
        if !(fx.abs() < LIMIT && fy.abs() < LIMIT && fx / p == v[0] && fy / p == v[1]) {
            return false;
        }
        let (qx, qy) = (fx as i64, fy as i64);
        bb[0] = bb[0].min(qx);
        bb[1] = bb[1].min(qy);
        bb[2] = bb[2].max(qx);
        bb[3] = bb[3].max(qy);
        put(out, qx - px);
        put(out, qy - py);
        (px, py) = (qx, qy);
    }
    true
}

/// One varint at `*at`; `None` past the end or for more than 64 bits.
#[inline(always)]
fn get(bytes: &[u8], at: &mut usize) -> Option<i64> {
    let unzig = |z: u64| (z >> 1) as i64 ^ -((z & 1) as i64);
    // most differences take one or two bytes
    let b0 = *bytes.get(*at)?;
    if b0 < 0x80 {
        *at += 1;
        return Some(unzig(b0 as u64));
    }
    let b1 = *bytes.get(*at + 1)?;
    if b1 < 0x80 {
        *at += 2;
        return Some(unzig((b0 & 0x7f) as u64 | (b1 as u64) << 7));
    }
    let mut z = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        z |= ((b & 0x7f) as u64) << shift;
        if b < 0x80 {
            return Some(unzig(z));
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

impl Packed {
    /// Packs `coords` (rings given by `ring_offsets`, in vertices), or `None` when some value is
    /// not a decimal of at most nine places (or not finite): those stay as they are.
    pub fn pack(coords: &[f64], ring_offsets: &[u32]) -> Option<Packed> {
        // the grid guessed from the first values, then one pass that encodes and checks every
        // value; only a file whose later values have more decimals pays a second pass
        let mut k = grid_slice(&coords[..coords.len().min(4096)], 0)?;
        loop {
            if let Some(p) = Packed::pack_on(coords, ring_offsets, k) {
                return Some(p);
            }
            let all = coords
                .chunks(8192)
                .try_fold(k, |k, chunk| grid_slice(chunk, k))?;
            if all == k {
                return None; // not on the grid for another reason (offsets past the coordinates)
            }
            k = all;
        }
    }

    /// A part of a layer's packed rings followed by the next part's, when both are on the same
    /// grid: then the very bytes packing the whole layer gives (its grid is the finer of the two);
    /// `None` otherwise.
    pub fn join(mut self, next: Packed) -> Option<Packed> {
        if !self.on_grid() || !next.on_grid() || self.decimals != next.decimals {
            return None;
        }
        let shifted = rings_after(&next.ring_bytes, self.bytes.len())?;
        self.bytes.extend_from_slice(&next.bytes);
        self.ring_bytes.extend(shifted);
        self.bbox = union_box(self.bbox, next.bbox);
        Some(self)
    }

    /// Whether the coordinates are on a decimal grid (neither kept as they are nor as a table of
    /// distinct vertices).
    pub fn on_grid(&self) -> bool {
        self.plain.is_none() && self.distinct.is_none()
    }

    /// Every vertex (x, y interleaved) of the rings of `ring_offsets`; `None` if the bytes do not
    /// make them.
    pub fn unpack(&self, ring_offsets: &[u32]) -> Option<Vec<f64>> {
        let mut out = Vec::with_capacity(ring_offsets.last().map_or(0, |&v| v as usize) * 2);
        for (r, w) in ring_offsets.windows(2).enumerate() {
            let n = w[1].checked_sub(w[0])? as usize;
            if !self.decode_ring(r, n, &mut out) {
                return None;
            }
        }
        Some(out)
    }

    fn pack_on(coords: &[f64], ring_offsets: &[u32], k: usize) -> Option<Packed> {
        // a little more than the communes' 3.8 bytes per vertex, so that most layers never grow
        let mut bytes = Vec::with_capacity(coords.len() * 2 + 16);
        let mut ring_bytes = Vec::with_capacity(ring_offsets.len());
        ring_bytes.push(0);
        let mut bb = [i64::MAX, i64::MAX, i64::MIN, i64::MIN];
        for w in ring_offsets.windows(2) {
            let xy = coords.get(w[0] as usize * 2..w[1] as usize * 2)?;
            if !pack_ring(xy, k, &mut bytes, &mut bb) {
                return None;
            }
            ring_bytes.push(u32::try_from(bytes.len()).ok()?);
        }
        bytes.shrink_to_fit();
        let p = POW10[k];
        Some(Packed {
            decimals: k as u8,
            bytes,
            ring_bytes,
            plain: None,
            distinct: None,
            // the box of the decoded values is the box of the values: q / p is monotonic
            bbox: (bb[0] <= bb[2]).then(|| {
                [
                    bb[0] as f64 / p,
                    bb[1] as f64 / p,
                    bb[2] as f64 / p,
                    bb[3] as f64 / p,
                ]
            }),
        })
    }

    /// Coordinates kept as they are (see [`Packed::plain`]): what a layer whose numbers are not short
    /// decimals shares with its views.
    pub fn plain(coords: Vec<f64>, ring_offsets: &[u32]) -> Packed {
        Packed {
            decimals: 0,
            bytes: Vec::new(),
            ring_bytes: ring_offsets.to_vec(),
            bbox: super::layer::bbox_of(&coords),
            plain: Some(coords),
            distinct: None,
        }
    }

    /// Coordinates that are not short decimals, each distinct vertex once (see the module), when
    /// that takes fewer bytes than keeping them as they are; else `None`. Exact: vertices are the
    /// same when their bits are.
    pub fn distinct(coords: &[f64], ring_offsets: &[u32]) -> Option<Packed> {
        let mut seen = Vertices::with_room(coords.len() / 2);
        let mut table = Vec::with_capacity(coords.len() / 2);
        let mut bytes = Vec::with_capacity(coords.len() + 16);
        let mut ring_bytes = Vec::with_capacity(ring_offsets.len());
        ring_bytes.push(0);
        for w in ring_offsets.windows(2) {
            let xy = coords.get(w[0] as usize * 2..w[1] as usize * 2)?;
            let mut last = 0i64;
            for v in xy.chunks_exact(2) {
                let i = match seen.find(&table, v) {
                    Ok(i) => i,
                    Err(slot) => {
                        let i = u32::try_from(table.len() / 2).ok()?;
                        seen.put(slot, i);
                        table.extend_from_slice(v);
                        i
                    }
                } as i64;
                put(&mut bytes, i - last);
                last = i;
            }
            ring_bytes.push(u32::try_from(bytes.len()).ok()?);
        }
        if (table.len() + ring_bytes.len()) * 8 + bytes.len() >= coords.len() * 8 {
            return None;
        }
        table.shrink_to_fit();
        bytes.shrink_to_fit();
        Some(Packed {
            decimals: 0,
            bbox: super::layer::bbox_of(coords),
            bytes,
            ring_bytes,
            plain: None,
            distinct: Some(table.into()),
        })
    }

    /// A TopoJSON's rings, each made of the borders `rings` lists (of `borders`, its arcs): their
    /// vertices are the borders' own, numbered in them (a run along a border is a difference of
    /// ±1: a byte a vertex), the table shared with the borders rather than copied — the US
    /// counties' rings in 0.07 MB instead of 1.1, and none of their vertices copied as the file is
    /// read. A ring whose entries do not fit its length gets no bytes ([`Packed::check`] refuses
    /// it; the reader counts them as this walks them).
    pub fn of_borders(
        borders: &super::layer::Polylines,
        rings: &super::layer::RingBorders,
        ring_offsets: &[u32],
    ) -> Packed {
        let mut bytes = Vec::with_capacity(*ring_offsets.last().unwrap_or(&0) as usize + 16);
        let mut ring_bytes = Vec::with_capacity(ring_offsets.len());
        let (mut bbox, mut boxed) = (None, vec![false; borders.offsets.len().saturating_sub(1)]);
        ring_bytes.push(0);
        for (r, w) in ring_offsets.windows(2).enumerate() {
            let mut last = 0i64;
            let vs = rings.vertices(r, borders, (w[1] - w[0]) as usize);
            let whole = vs.is_some();
            if let Some(vs) = vs {
                for v in vs {
                    put(&mut bytes, v as i64 - last);
                    last = v as i64;
                }
            }
            // (the box of the rings' vertices: each ring walks its borders whole; a border shared
            // by two rings boxed once)
            let xy = &borders.coords;
            for &e in rings.of(r).iter().filter(|_| whole) {
                let k = if e < 0 { !e } else { e } as usize;
                if std::mem::replace(&mut boxed[k], true) {
                    continue;
                }
                let o = &borders.offsets[k..k + 2];
                bbox = union_box(
                    bbox,
                    super::layer::bbox_of(&xy[o[0] as usize * 2..o[1] as usize * 2]),
                );
            }
            // (the reader counts each ring as this walks it)
            debug_assert!(whole, "ring {r} does not fit its borders");
            ring_bytes.push(bytes.len() as u32);
        }
        bytes.shrink_to_fit();
        Packed {
            decimals: 0,
            bytes,
            ring_bytes,
            bbox,
            plain: None,
            distinct: Some(borders.coords.clone()),
        }
    }

    /// Walks the `n` vertices of ring `r`, calling `f(x, y)` for those `keep(i)` selects; the others
    /// are decoded as integers only. False if the ring's bytes are not exactly `n` vertices (only for
    /// packs rebuilt from bytes: [`Packed::check`] refuses them).
    #[inline(always)]
    fn walk(
        &self,
        r: usize,
        n: usize,
        keep: impl Fn(usize) -> bool,
        mut f: impl FnMut(f64, f64),
    ) -> bool {
        let (Some(&a), Some(&b)) = (self.ring_bytes.get(r), self.ring_bytes.get(r + 1)) else {
            return false;
        };
        if let Some(plain) = &self.plain {
            let Some(xy) = plain
                .get(a as usize * 2..b as usize * 2)
                .filter(|s| s.len() == 2 * n)
            else {
                return false;
            };
            for (i, p) in xy.chunks_exact(2).enumerate() {
                if keep(i) {
                    f(p[0], p[1]);
                }
            }
            return true;
        }
        let Some(bytes) = self.bytes.get(a as usize..b as usize) else {
            return false;
        };
        if let Some(table) = &self.distinct {
            // every vertex takes at least a byte
            if n > bytes.len() {
                return false;
            }
            let (mut v, mut at) = (0i64, 0usize);
            for i in 0..n {
                let Some(d) = get(bytes, &mut at) else {
                    return false;
                };
                v = v.wrapping_add(d);
                if keep(i) {
                    let Some(p) = usize::try_from(v)
                        .ok()
                        .and_then(|v| table.get(v.checked_mul(2)?..v * 2 + 2))
                    else {
                        return false;
                    };
                    f(p[0], p[1]);
                }
            }
            return at == bytes.len();
        }
        // every vertex takes at least two bytes: a corrupt count cannot make us reserve memory
        if n > bytes.len() / 2 {
            return false;
        }
        let p = POW10[(self.decimals as usize).min(MAX_DECIMALS)];
        let (mut x, mut y, mut at) = (0i64, 0i64, 0usize);
        for i in 0..n {
            let (Some(dx), Some(dy)) = (get(bytes, &mut at), get(bytes, &mut at)) else {
                return false;
            };
            x = x.wrapping_add(dx);
            y = y.wrapping_add(dy);
            if keep(i) {
                f(x as f64 / p, y as f64 / p);
            }
        }
        at == bytes.len()
    }

    /// Appends the `n` vertices of ring `r` to `out` (x, y interleaved); false if its bytes are not
    /// exactly `n` vertices.
    #[inline(never)]
    pub fn decode_ring(&self, r: usize, n: usize, out: &mut Vec<f64>) -> bool {
        // (two pushes: a copy call per vertex, as `extend_from_slice` is in Wasm, costs more)
        self.walk(
            r,
            n,
            |_| true,
            |x, y| {
                out.push(x);
                out.push(y);
            },
        )
    }

    /// Calls `f(x, y)` for the vertices of ring `r` (`imp.len()` of them) whose rank in `imp`
    /// reaches `key`: what a level of detail needs (every difference must be read, few vertices
    /// kept, and only those are converted). False as [`Packed::decode_ring`].
    #[inline]
    pub fn for_kept(
        &self,
        r: usize,
        imp: &[crate::carto::lod::Rank],
        key: crate::carto::lod::Rank,
        f: impl FnMut(f64, f64),
    ) -> bool {
        self.walk(r, imp.len(), |i| imp[i] >= key, f)
    }

    /// The first vertex of ring `r` (which the composite projections and the projection
    /// suggestion place a feature by).
    pub fn first(&self, r: usize) -> Option<(f64, f64)> {
        let a = *self.ring_bytes.get(r)? as usize;
        if let Some(plain) = &self.plain {
            return Some((*plain.get(2 * a)?, *plain.get(2 * a + 1)?));
        }
        let mut at = a;
        if let Some(table) = &self.distinct {
            let v = usize::try_from(get(&self.bytes, &mut at)?).ok()?;
            let p = table.get(v.checked_mul(2)?..v * 2 + 2)?;
            return Some((p[0], p[1]));
        }
        let (x, y) = (get(&self.bytes, &mut at)?, get(&self.bytes, &mut at)?);
        let p = POW10[(self.decimals as usize).min(MAX_DECIMALS)];
        Some((x as f64 / p, y as f64 / p))
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.len()
            + self.ring_bytes.len() * 4
            + self.plain.as_ref().map_or(0, |p| p.len() * 8)
            + self.distinct.as_ref().map_or(0, |p| p.len() * 8)
    }

    /// That the pack fits rings of `ring_offsets` vertices, byte for byte (for packs rebuilt from
    /// bytes: afterwards no ring can decode short or run into the next).
    pub fn check(&self, ring_offsets: &[u32]) -> Result<(), String> {
        if let Some(plain) = &self.plain {
            let ok = self.bytes.is_empty()
                && self.distinct.is_none()
                && self.ring_bytes == ring_offsets
                && ring_offsets.last().map(|&v| v as usize * 2) == Some(plain.len());
            return ok
                .then_some(())
                .ok_or_else(|| "plain coordinates do not match their rings".into());
        }
        if self.decimals as usize > MAX_DECIMALS
            || self.ring_bytes.len() != ring_offsets.len()
            || self.ring_bytes.first() != Some(&0)
            || self.ring_bytes.windows(2).any(|w| w[0] > w[1])
            || self.ring_bytes.last().map(|&l| l as usize) != Some(self.bytes.len())
        {
            return Err("packed coordinates do not match their rings".into());
        }
        for (r, w) in ring_offsets.windows(2).enumerate() {
            let n = w[1].saturating_sub(w[0]) as usize;
            if self.distinct.is_some() {
                // (every number decoded and looked up: none may point past the table)
                if self.decimals != 0 || !self.walk(r, n, |_| true, |_, _| {}) {
                    return Err(format!("packed ring {r} is corrupt"));
                }
                continue;
            }
            let bytes = &self.bytes[self.ring_bytes[r] as usize..self.ring_bytes[r + 1] as usize];
            if !varints_fit(bytes, 2 * n) {
                return Err(format!("packed ring {r} is corrupt"));
            }
        }
        Ok(())
    }
}

/// A set of vertices by their bits, as numbers into a table of them (x, y interleaved): open
/// addressing over 4-byte slots, twice as many as it may hold (a map of the keys themselves took
/// five times the memory, and was slower).
struct Vertices {
    slots: Vec<u32>,
    mask: usize,
}

impl Vertices {
    const EMPTY: u32 = u32::MAX;

    /// Room for `n` vertices.
    fn with_room(n: usize) -> Vertices {
        let size = n.saturating_mul(2).next_power_of_two().max(16);
        Vertices {
            slots: vec![Vertices::EMPTY; size],
            mask: size - 1,
        }
    }

    /// The number of vertex `v` (its two coordinates) in `table` if the set holds it, else the
    /// slot where to put it.
    #[inline]
    fn find(&self, table: &[f64], v: &[f64]) -> Result<u32, usize> {
        use std::hash::Hasher;
        let (x, y) = (v[0].to_bits(), v[1].to_bits());
        let mut h = crate::fxhash::Fx::default();
        h.write_u64(x);
        h.write_u64(y);
        let mut s = h.finish() as usize & self.mask;
        loop {
            match self.slots[s] {
                Vertices::EMPTY => return Err(s),
                i => {
                    let t = table.get(2 * i as usize..2 * i as usize + 2);
                    if t.is_some_and(|t| t[0].to_bits() == x && t[1].to_bits() == y) {
                        return Ok(i);
                    }
                }
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Puts vertex number `i` at `slot` (from [`Vertices::find`]).
    #[inline]
    fn put(&mut self, slot: usize, i: u32) {
        self.slots[slot] = i;
    }
}

/// Joins a second pack of distinct vertices to a first (what the page does with the two workers'
/// halves of a file): `table` holds the first pack's vertices (`first` numbers) then the second's,
/// `bytes` the first pack's bytes then, from `at`, the second's rings (`tail_rings`). A vertex of
/// the second table already in the first is not kept twice — the halves of a file whose features
/// are in no spatial order share most of their vertices (100,000 Voronoi cells: 350,000 vertices
/// in the two tables, 200,000 distinct) — and the second pack's rings are written again with the
/// joined table's numbers. Returns their ends in `bytes`; `None` if they are not such rings.
pub(crate) fn join_distinct(
    table: &mut Vec<f64>,
    first: usize,
    bytes: &mut Vec<u8>,
    at: usize,
    tail_rings: &[u32],
) -> Option<Vec<u32>> {
    let (na, nb) = (first / 2, table.len().checked_sub(first)? / 2);
    let mut seen = Vertices::with_room(na);
    for i in 0..na {
        if let Err(slot) = seen.find(&table[..2 * na], &table[2 * i..2 * i + 2]) {
            seen.put(slot, i as u32);
        }
    }
    // each vertex of the second table: its number in the first, or moved down to the next free one
    let mut renumber = Vec::with_capacity(nb);
    let mut next = na;
    for j in 0..nb {
        let at = 2 * (na + j);
        renumber.push(match seen.find(&table[..2 * na], &table[at..at + 2]) {
            Ok(i) => i,
            Err(_) => {
                table.copy_within(at..at + 2, 2 * next);
                next += 1;
                u32::try_from(next - 1).ok()?
            }
        });
    }
    drop(seen);
    table.truncate(2 * next);
    table.shrink_to_fit();
    // the second pack's rings with the joined numbers
    let tail = bytes.get(at..)?;
    // (renumbered against the first table, deltas are longer: 100,000 cells' second pack grew by
    // 23 %; room for half as much again, so that neither buffer moves while it grows, leaving its
    // old place a hole in the page's memory)
    let mut out = Vec::with_capacity(tail.len() + tail.len() / 2);
    let mut ends = Vec::with_capacity(tail_rings.len().saturating_sub(1));
    for w in tail_rings.windows(2) {
        let ring = tail.get(w[0] as usize..w[1] as usize)?;
        let (mut pos, mut old, mut last) = (0usize, 0i64, 0i64);
        while pos < ring.len() {
            old = old.checked_add(get(ring, &mut pos)?)?;
            let now = *renumber.get(usize::try_from(old).ok()?)? as i64;
            put(&mut out, now - last);
            last = now;
        }
        ends.push(u32::try_from(at + out.len()).ok()?);
    }
    bytes.truncate(at);
    bytes.extend_from_slice(&out);
    bytes.shrink_to_fit();
    Some(ends)
}

/// Whether `bytes` hold exactly `count` varints that [`get`] reads (each at most nine continuation
/// bytes then a final byte), which is when [`Packed::decode_ring`] succeeds, checked without
/// decoding, eight bytes at a time: a snapshot's 8 MB are checked in a few milliseconds instead of 60.
fn varints_fit(bytes: &[u8], count: usize) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (mut ends, mut run) = (0usize, 0u32);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        // a high bit marks a continuation byte; final bytes are the others
        let fin = !u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]) & HIGH;
        if fin == 0 {
            run += 8;
        } else {
            // continuation bytes before the word's first final byte extend the run so far; within
            // a word no run can pass nine
            run += fin.trailing_zeros() / 8;
            if run > 9 {
                return false;
            }
            ends += fin.count_ones() as usize;
            run = fin.leading_zeros() / 8;
        }
        if run > 9 {
            return false;
        }
    }
    for &b in words.remainder() {
        if b < 0x80 {
            ends += 1;
            run = 0;
        } else {
            run += 1;
            if run > 9 {
                return false;
            }
        }
    }
    ends == count && run == 0
}

/// The ring offsets of a pack whose bytes follow `base` bytes of another's: its first (0) left out,
/// the others shifted; `None` on an overflow (offsets as they came: checked one by one, a corrupted
/// one is no overflow).
pub(crate) fn rings_after(ring_bytes: &[u32], base: usize) -> Option<Vec<u32>> {
    let base = u32::try_from(base).ok()?;
    ring_bytes[1.min(ring_bytes.len())..]
        .iter()
        .map(|&o| o.checked_add(base))
        .collect()
}

/// The box around both (either may be missing).
pub(crate) fn union_box(a: Option<[f64; 4]>, b: Option<[f64; 4]>) -> Option<[f64; 4]> {
    match (a, b) {
        (Some(a), Some(b)) => Some([
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of `n` unit squares (each sharing an edge with the next) at coordinates that are no
    /// short decimals, rings closed: 5 vertices a ring, 2 n + 2 distinct.
    fn squares(n: usize) -> (Vec<f64>, Vec<u32>) {
        let x = |i: usize| i as f64 * std::f64::consts::PI / 7.0;
        let (mut c, mut o) = (Vec::new(), vec![0u32]);
        for i in 0..n {
            let (a, b) = (x(i), x(i + 1));
            c.extend_from_slice(&[a, 0.1, b, 0.1, b, 1.0 / 3.0, a, 1.0 / 3.0, a, 0.1]);
            o.push(o[i] + 5);
        }
        (c, o)
    }

    #[test]
    fn numbers_that_are_no_short_decimals_keep_each_distinct_vertex_once_and_their_bits() {
        let (mut c, o) = squares(50);
        // -0 and 0 are not the same number: each kept as written
        c[0] = -0.0;
        c[8] = -0.0;
        c[10] = 0.0;
        assert!(Packed::pack(&c, &o).is_none(), "no decimal grid");
        let p = Packed::distinct(&c, &o).unwrap();
        // (2 × 51 corners, and the first square's -0 corner besides its 0 one, shared with the next)
        assert_eq!(p.distinct.as_ref().unwrap().len(), 2 * 103);
        let plain = Packed::plain(c.clone(), &o).heap_bytes();
        assert!(
            p.heap_bytes() * 10 < plain * 6,
            "{} bytes, {plain}",
            p.heap_bytes()
        );
        p.check(&o).unwrap();
        let back = p.unpack(&o).unwrap();
        assert_eq!(back.len(), c.len());
        assert!(back.iter().zip(&c).all(|(a, b)| a.to_bits() == b.to_bits()));
        assert_eq!(p.first(3), Some((c[30], c[31])));
        assert_eq!(p.bbox, crate::geom::layer::bbox_of(&c));
        // a level of detail's vertices: those ranked high enough, in order
        let mut kept = Vec::new();
        assert!(p.for_kept(7, &[3, 0, 3, 0, 3], 2, |x, y| kept.push((x, y))));
        assert_eq!(kept, [(c[70], c[71]), (c[74], c[75]), (c[78], c[79])]);
        // no halves joined as they are (their numbers would point into the other's table)
        assert!(p.clone().join(p.clone()).is_none());
        // a number past the table is refused, not read past it
        let mut bad = p.clone();
        std::sync::Arc::make_mut(bad.distinct.as_mut().unwrap()).truncate(2 * 50);
        assert!(bad.check(&o).is_err());
        assert!(
            bad.decode_ring(0, 5, &mut Vec::new()),
            "its first square's corners"
        );
        assert!(!bad.decode_ring(30, 5, &mut Vec::new()));
        // vertices that no ring shares: as they are (a table would be larger)
        let lone: Vec<f64> = (0..40).map(|i| i as f64 / 3.0).collect();
        assert!(Packed::distinct(&lone, &[0, 10, 20]).is_none());
    }

    #[test]
    fn two_packs_of_distinct_vertices_join_into_one_table_each_vertex_once() {
        // the squares in no spatial order: the halves share most of their vertices
        let (c, o) = squares(40);
        let order: Vec<usize> = (0..40).map(|i| (i * 17) % 40).collect();
        let mut shuffled = Vec::new();
        for &i in &order {
            shuffled.extend_from_slice(&c[i * 10..i * 10 + 10]);
        }
        let (a, b) = (
            Packed::distinct(&shuffled[..200], &o[..=20]).unwrap(),
            Packed::distinct(&shuffled[200..], &o[..=20]).unwrap(),
        );
        let (ta, tb) = (a.distinct.clone().unwrap(), b.distinct.clone().unwrap());
        assert!(
            ta.len() + tb.len() > 2 * 82 + 40,
            "halves that share vertices"
        );
        let mut table = ta.to_vec();
        table.extend_from_slice(&tb);
        // (as the page reads the parts: room for the second's rings to grow, see `read_two`)
        let (na, nb) = (a.bytes.len(), b.bytes.len());
        let mut bytes = Vec::with_capacity(na + nb + nb / 2);
        bytes.extend_from_slice(&a.bytes);
        bytes.extend_from_slice(&b.bytes);
        let at = bytes.as_ptr();
        let mut rings = a.ring_bytes.clone();
        rings.extend(
            join_distinct(
                &mut table,
                ta.len(),
                &mut bytes,
                a.bytes.len(),
                &b.ring_bytes,
            )
            .unwrap(),
        );
        // what packing the whole gives: 82 corners, each once
        assert_eq!(table.len(), 2 * 82);
        // the second's rings written again with the joined numbers, longer, in the room they had:
        // the buffer did not move (its old place would be a hole in the page's memory)
        assert!(bytes.len() > na + nb, "{} {}", bytes.len(), na + nb);
        assert_eq!((bytes.as_ptr(), bytes.capacity()), (at, bytes.len()));
        let joined = Packed {
            bytes,
            ring_bytes: rings,
            distinct: Some(table.into()),
            ..a.clone()
        };
        joined.check(&o).unwrap();
        let back = joined.unpack(&o).unwrap();
        assert!(back
            .iter()
            .zip(&shuffled)
            .all(|(x, y)| x.to_bits() == y.to_bits()));
        assert_eq!(back.len(), shuffled.len());
        // numbers past the second table, or bytes that are not rings: refused
        let (mut t, mut by) = (vec![0.5, 0.5, 1.5, 1.5], vec![0x02, 0x04]);
        assert!(join_distinct(&mut t, 2, &mut by, 0, &[0, 2]).is_none());
        assert!(join_distinct(&mut vec![0.5, 0.5], 0, &mut vec![0x80], 0, &[0, 1]).is_none());
    }

    #[test]
    fn halves_join_only_on_one_grid_and_corrupted_offsets_are_refused() {
        let a = Packed::pack(&[1.5, 2.25, 3.0, 4.0, 5.5, 6.0], &[0, 3]).unwrap();
        let b = Packed::pack(&[7.5, 8.25, 9.0, 10.0, 11.5, 12.0], &[0, 3]).unwrap();
        let whole = Packed::pack(
            &[
                1.5, 2.25, 3.0, 4.0, 5.5, 6.0, 7.5, 8.25, 9.0, 10.0, 11.5, 12.0,
            ],
            &[0, 3, 6],
        )
        .unwrap();
        assert_eq!(a.clone().join(b.clone()), Some(whole));
        // another grid: not joined (the whole is packed again on the finer one)
        let finer = Packed::pack(&[7.125, 8.0, 9.0, 10.0, 11.0, 12.0], &[0, 3]).unwrap();
        assert!(a.clone().join(finer).is_none());
        // offsets past what 32 bits hold (found by fuzzing: an overflow): refused, no panic
        let mut bad = b;
        bad.ring_bytes = vec![0, u32::MAX];
        assert!(a.join(bad).is_none());
    }

    #[test]
    fn the_quick_check_agrees_with_decoding() {
        // every byte string of up to 4 bytes over a few telling values, and vertex counts 0–2
        let vals = [0x00u8, 0x01, 0x7f, 0x80, 0xff];
        let mut cases: Vec<Vec<u8>> = vec![vec![]];
        for len in 1..=4 {
            let mut next = Vec::new();
            for c in cases.iter().filter(|c| c.len() == len - 1) {
                for &v in &vals {
                    let mut d = c.clone();
                    d.push(v);
                    next.push(d);
                }
            }
            cases.extend(next);
        }
        // and long varints around the ten-byte limit
        for k in 8..12 {
            let mut b = vec![0x80u8; k];
            b.push(0x01);
            b.push(0x02);
            cases.push(b);
        }
        // and longer strings (the check goes eight bytes at a time) against the decoder itself
        let one_ring = |b: &[u8]| Packed {
            decimals: 0,
            bytes: b.to_vec(),
            ring_bytes: vec![0, b.len() as u32],
            bbox: None,
            plain: None,
            distinct: None,
        };
        let decodes = |b: &[u8], n: usize| one_ring(b).decode_ring(0, n, &mut Vec::new());
        let mut seed = 12345u32;
        for len in 0..200 {
            for _ in 0..20 {
                let b: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        // mostly continuation bytes, so that long runs happen
                        if seed >> 28 < 3 {
                            (seed >> 16) as u8 & 0x7f
                        } else {
                            0x80 | (seed >> 16) as u8
                        }
                    })
                    .collect();
                let ends = b.iter().filter(|&&x| x < 0x80).count();
                for n in [ends / 2, ends / 2 + 1, (ends / 2).saturating_sub(1)] {
                    assert_eq!(varints_fit(&b, 2 * n), decodes(&b, n), "{b:?} {n}");
                }
            }
        }
        for bytes in &cases {
            for n in 0..3 {
                let p = one_ring(bytes);
                let decoded = p.decode_ring(0, n, &mut Vec::new());
                assert_eq!(varints_fit(bytes, 2 * n), decoded, "{bytes:?} n={n}");
                assert_eq!(p.check(&[0, n as u32]).is_ok(), decoded, "{bytes:?} n={n}");
            }
        }
    }

    fn unpack(p: &Packed, ring_offsets: &[u32]) -> Vec<f64> {
        let mut out = Vec::new();
        for (r, w) in ring_offsets.windows(2).enumerate() {
            assert!(p.decode_ring(r, (w[1] - w[0]) as usize, &mut out));
        }
        out
    }

    #[test]
    fn decimals_come_back_bit_for_bit_on_the_coarsest_grid() {
        let coords = [
            4.90936, 46.12916, 4.90894, 46.13251, -61.5, 16.25, 0.0, -0.1,
        ];
        let rings = [0, 2, 4];
        let p = Packed::pack(&coords, &rings).unwrap();
        assert_eq!(p.decimals, 5);
        assert_eq!(unpack(&p, &rings), coords);
        assert_eq!(p.first(1), Some((-61.5, 16.25)));
        assert_eq!(p.bbox, Some([-61.5, -0.1, 4.90936, 46.13251]));
        p.check(&rings).unwrap();
        // a second vertex one grid step away costs a byte per coordinate
        let q = Packed::pack(&[1.0, 2.0, 1.00001, 2.00001], &[0, 2]).unwrap();
        assert_eq!(q.bytes.len(), 3 + 3 + 1 + 1);
    }

    #[test]
    fn values_off_every_decimal_grid_are_not_packed() {
        assert!(Packed::pack(&[1.0 / 3.0, 0.0], &[0, 1]).is_none());
        assert!(Packed::pack(&[f64::NAN, 0.0], &[0, 1]).is_none());
        assert!(Packed::pack(&[1e300, 0.0], &[0, 1]).is_none());
        // a metre grid in projected coordinates is fine
        let p = Packed::pack(&[652_381.25, 6_862_227.5], &[0, 1]).unwrap();
        assert_eq!(p.decimals, 2);
    }

    #[test]
    fn plain_coordinates_are_shared_as_they_are() {
        let coords = vec![1.0 / 3.0, 0.5, 2.0, 1e-12, 7.0, 8.0];
        let rings = [0, 2, 3];
        let p = Packed::plain(coords.clone(), &rings);
        p.check(&rings).unwrap();
        assert_eq!(unpack(&p, &rings), coords);
        assert_eq!(p.first(1), Some((7.0, 8.0)));
        let mut kept = Vec::new();
        assert!(p.for_kept(0, &[5, 1], 3, |x, y| kept.push((x, y))));
        assert_eq!(kept, [(1.0 / 3.0, 0.5)]);
        assert!(p.check(&[0, 1, 3]).is_err());
        assert!(!p.decode_ring(0, 3, &mut Vec::new()), "wrong vertex count");
    }

    #[test]
    fn corrupt_packs_are_refused_not_decoded_past_their_ring() {
        let coords = [1.5, 2.5, 1.75, 2.25, 3.0, 3.0];
        let rings = [0, 2, 3];
        let p = Packed::pack(&coords, &rings).unwrap();
        for i in 0..p.bytes.len() {
            for flip in [0x80u8, 0x7f, 0xff] {
                let mut q = p.clone();
                q.bytes[i] ^= flip;
                // either refused or decoding to exactly the ring sizes: never a panic
                if q.check(&rings).is_ok() {
                    assert_eq!(unpack(&q, &rings).len(), coords.len());
                }
            }
        }
        let mut q = p.clone();
        q.bytes.pop();
        assert!(q.check(&rings).is_err());
        assert!(p.check(&[0, 1, 3]).is_err(), "rings of other sizes");
        let mut q = p.clone();
        q.decimals = 40;
        assert!(q.check(&rings).is_err());
    }
}
