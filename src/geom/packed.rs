//! Coordinates packed without loss: the numbers of a GeoJSON file are decimals (the communes have
//! five: about a metre), so each one is an integer on a grid of 10^-k, and consecutive vertices of
//! a ring are close. A ring is stored as its first vertex then the differences to the previous
//! vertex, as zigzag LEB128 varints: about 4.5 bytes per vertex for the communes instead of 16.
//!
//! Packing is exact or refused: a layer is packed only if every coordinate decodes to the very same
//! `f64` (the reader turned the decimal text into the correctly rounded double; `q / 10^k` is the
//! correctly rounded double of the same decimal). Coordinates that are not short decimals (a
//! TopoJSON transform, computed values) keep their `f64`.

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
        if self.plain.is_some() || next.plain.is_some() || self.decimals != next.decimals {
            return None;
        }
        let shifted = rings_after(&next.ring_bytes, self.bytes.len())?;
        self.bytes.extend_from_slice(&next.bytes);
        self.ring_bytes.extend(shifted);
        self.bbox = union_box(self.bbox, next.bbox);
        Some(self)
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
    pub fn for_kept(&self, r: usize, imp: &[u16], key: u16, f: impl FnMut(f64, f64)) -> bool {
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
        let (x, y) = (get(&self.bytes, &mut at)?, get(&self.bytes, &mut at)?);
        let p = POW10[(self.decimals as usize).min(MAX_DECIMALS)];
        Some((x as f64 / p, y as f64 / p))
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.len()
            + self.ring_bytes.len() * 4
            + self.plain.as_ref().map_or(0, |p| p.len() * 8)
    }

    /// That the pack fits rings of `ring_offsets` vertices, byte for byte (for packs rebuilt from
    /// bytes: afterwards no ring can decode short or run into the next).
    pub fn check(&self, ring_offsets: &[u32]) -> Result<(), String> {
        if let Some(plain) = &self.plain {
            let ok = self.bytes.is_empty()
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
            let bytes = &self.bytes[self.ring_bytes[r] as usize..self.ring_bytes[r + 1] as usize];
            if !varints_fit(bytes, 2 * n) {
                return Err(format!("packed ring {r} is corrupt"));
            }
        }
        Ok(())
    }
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
