//! A fast hash for the engine's own maps: property names while reading, join keys, distinct values.
//!
//! The standard library's SipHash resists hash flooding by a remote adversary; here keys come from
//! the files the user opens in their own page, and SipHash took half of a 35,000-commune join's
//! time in Wasm. This is the multiply-rotate hash of Firefox and rustc (FxHash), eight bytes a step,
//! with its high bits folded into the low ones at the end.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
pub type FxSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    #[inline(always)]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(K);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            // the last 1–7 bytes read by two loads that may overlap (4 + 4, or first, middle and
            // last byte), not copied into a zeroed word: that copy was a call to `memcpy` and a
            // stalled load per key, a quarter of a 35,000-commune join's time natively. With the
            // length in the top bits, two tails of the same length are equal only if their bytes
            // are.
            let v = if n >= 4 {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                lo | (hi as u64) << 32
            } else {
                rest[0] as u64 | (rest[n / 2] as u64) << 8 | (rest[n - 1] as u64) << 16
            };
            self.add(v ^ ((n as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// Multiplication only carries upwards: keys alike in their last bytes (`01001`, `02001`…)
    /// would share the low bits the table indexes by, so the high bits are folded down.
    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 32);
        h ^ (h >> 16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_differ_by_a_byte_or_a_length_hash_apart() {
        let h = |s: &str| {
            let mut f = Fx::default();
            f.write(s.as_bytes());
            f.finish()
        };
        let keys = [
            "01001",
            "01002",
            "1001",
            "2A004",
            "2B004",
            "",
            "a",
            "a\0",
            "abcdefgh",
            "abcdefgh\0",
        ];
        let hashes: FxSet<u64> = keys.iter().map(|k| h(k)).collect();
        assert_eq!(hashes.len(), keys.len());
        let mut m: FxMap<String, usize> = FxMap::default();
        for (i, k) in keys.iter().enumerate() {
            m.insert(k.to_string(), i);
        }
        assert!(keys.iter().enumerate().all(|(i, k)| m[*k] == i));
    }

    #[test]
    fn every_byte_of_a_key_counts_whatever_its_length() {
        // the tail is read by loads that overlap: a byte they missed would hash two keys alike
        let h = |b: &[u8]| {
            let mut f = Fx::default();
            f.write(b);
            f.finish()
        };
        for n in 1..=17 {
            let base: Vec<u8> = (0..n).map(|i| b'0' + (i % 10) as u8).collect();
            let mut seen: FxSet<u64> = FxSet::default();
            seen.insert(h(&base));
            for i in 0..n {
                let mut k = base.clone();
                k[i] = b'A';
                assert!(
                    seen.insert(h(&k)),
                    "length {n}: byte {i} changed, same hash"
                );
            }
            assert!(
                seen.insert(h(&base[..n - 1])),
                "length {n}: a byte less, same hash"
            );
        }
    }
}
