//! A small binary codec for handing parsed data between threads (the page and its
//! worker). Writing appends to a `Vec<u8>`; reading pulls from any [`Source`] through a 64 KB buffer,
//! so a source that lives outside Wasm memory (a JS `Uint8Array`) is never copied in whole first.
//! Scalars are little-endian; arrays of numbers are their memory image (one copy each way, no
//! per-value conversion), so a snapshot is read by the build that wrote it — page and worker
//! run the same engine.
//! Every length is checked against what is left before anything is allocated: a truncated or
//! corrupted snapshot is an error, never a panic or a huge allocation.

use crate::error::Error;

pub const MAGIC: &[u8; 4] = b"SAT1";

#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn with_capacity(n: usize) -> Self {
        Writer {
            buf: Vec::with_capacity(n),
        }
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn bool(&mut self, v: bool) {
        self.buf.push(v as u8);
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn count(&mut self, n: usize) {
        self.u32(n as u32);
    }
    pub fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.count(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// `None` is written as length 0xFFFF_FFFF.
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.u32(u32::MAX),
        }
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.count(b.len());
        self.buf.extend_from_slice(b);
    }
    pub fn bools(&mut self, b: &[bool]) {
        self.count(b.len());
        self.buf.extend(b.iter().map(|&x| x as u8));
    }
    pub fn u32s(&mut self, v: &[u32]) {
        self.count(v.len());
        self.buf.extend_from_slice(bytemuck::cast_slice(v));
    }
    pub fn u16s(&mut self, v: &[u16]) {
        self.count(v.len());
        self.buf.extend_from_slice(bytemuck::cast_slice(v));
    }
    pub fn f32s(&mut self, v: &[f32]) {
        self.count(v.len());
        self.buf.extend_from_slice(bytemuck::cast_slice(v));
    }
    pub fn f64s(&mut self, v: &[f64]) {
        self.count(v.len());
        self.buf.extend_from_slice(bytemuck::cast_slice(v));
    }
}

/// Random-access bytes to read from.
pub trait Source {
    fn size(&self) -> usize;
    /// Copies `out.len()` bytes starting at `at` (the caller stays within `size`).
    fn copy(&mut self, at: usize, out: &mut [u8]);
}

impl Source for &[u8] {
    fn size(&self) -> usize {
        self.len()
    }
    fn copy(&mut self, at: usize, out: &mut [u8]) {
        out.copy_from_slice(&self[at..at + out.len()]);
    }
}

const CHUNK: usize = 64 * 1024;

pub struct Reader<S: Source> {
    src: S,
    /// position in the source of `buf[0]`
    base: usize,
    buf: Vec<u8>,
    /// read position inside `buf`
    at: usize,
}

fn truncated() -> Error {
    Error::new(
        "snapshot",
        "internal data snapshot is truncated or corrupted",
    )
}

impl<S: Source> Reader<S> {
    pub fn new(src: S) -> Self {
        Reader {
            src,
            base: 0,
            buf: Vec::new(),
            at: 0,
        }
    }
    fn pos(&self) -> usize {
        self.base + self.at
    }
    fn left(&self) -> usize {
        self.src.size() - self.pos()
    }
    /// Makes at least `n` (≤ CHUNK) bytes available in `buf[at..]`.
    fn need(&mut self, n: usize) -> Result<(), Error> {
        if self.buf.len() - self.at >= n {
            return Ok(());
        }
        if self.left() < n {
            return Err(truncated());
        }
        let pos = self.pos();
        let take = self.left().min(CHUNK.max(n));
        self.buf.resize(take, 0);
        self.src.copy(pos, &mut self.buf[..take]);
        self.base = pos;
        self.at = 0;
        Ok(())
    }
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        self.need(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(&self.buf[self.at..self.at + N]);
        self.at += N;
        Ok(a)
    }
    pub fn expect_magic(&mut self) -> Result<(), Error> {
        if &self.take::<4>()? != MAGIC {
            return Err(Error::new(
                "snapshot",
                "not a data snapshot of this engine version",
            ));
        }
        Ok(())
    }
    pub fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take::<1>()?[0])
    }
    pub fn bool(&mut self) -> Result<bool, Error> {
        Ok(self.u8()? != 0)
    }
    pub fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    pub fn f64(&mut self) -> Result<f64, Error> {
        Ok(f64::from_le_bytes(self.take()?))
    }
    /// A length of `n` items of `size` bytes each, checked against what is left.
    fn len(&mut self, size: usize) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.left() {
            return Err(truncated());
        }
        Ok(n)
    }
    /// Fills `dst`: from the buffer first, then straight from the source (one copy, no buffer).
    fn read_exact(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        if dst.len() > self.left() {
            return Err(truncated());
        }
        let have = (self.buf.len() - self.at).min(dst.len());
        dst[..have].copy_from_slice(&self.buf[self.at..self.at + have]);
        self.at += have;
        let rest = &mut dst[have..];
        if !rest.is_empty() {
            let pos = self.pos();
            self.src.copy(pos, rest);
            self.base = pos + rest.len();
            self.buf.clear();
            self.at = 0;
        }
        Ok(())
    }
    fn array<T: bytemuck::Pod>(&mut self) -> Result<Vec<T>, Error> {
        let n = self.len(std::mem::size_of::<T>())?;
        let mut out = vec![T::zeroed(); n];
        self.read_exact(bytemuck::cast_slice_mut(&mut out))?;
        Ok(out)
    }
    pub fn bytes(&mut self) -> Result<Vec<u8>, Error> {
        self.array()
    }
    /// The length of the array of `T` that comes next (checked against what is left), for a
    /// caller that then [fills](Reader::fill) a buffer of its own with it (two parts' arrays read
    /// into one, never both held beside the joined one).
    pub fn array_len<T: bytemuck::Pod>(&mut self) -> Result<usize, Error> {
        self.len(std::mem::size_of::<T>())
    }
    /// Reads exactly `dst.len()` values into `dst`.
    pub fn fill<T: bytemuck::Pod>(&mut self, dst: &mut [T]) -> Result<(), Error> {
        self.read_exact(bytemuck::cast_slice_mut(dst))
    }
    pub fn str(&mut self) -> Result<String, Error> {
        String::from_utf8(self.bytes()?).map_err(|_| truncated())
    }
    pub fn opt_str(&mut self) -> Result<Option<String>, Error> {
        self.need(4)?;
        let peek = u32::from_le_bytes([
            self.buf[self.at],
            self.buf[self.at + 1],
            self.buf[self.at + 2],
            self.buf[self.at + 3],
        ]);
        if peek == u32::MAX {
            self.at += 4;
            return Ok(None);
        }
        self.str().map(Some)
    }
    pub fn bools(&mut self) -> Result<Vec<bool>, Error> {
        Ok(self.bytes()?.into_iter().map(|b| b != 0).collect())
    }
    pub fn u32s(&mut self) -> Result<Vec<u32>, Error> {
        self.array()
    }
    pub fn u16s(&mut self) -> Result<Vec<u16>, Error> {
        self.array()
    }
    pub fn f32s(&mut self) -> Result<Vec<f32>, Error> {
        self.array()
    }
    pub fn f64s(&mut self) -> Result<Vec<f64>, Error> {
        self.array()
    }
    /// Nothing may follow the last field.
    pub fn finish(&self) -> Result<(), Error> {
        if self.pos() != self.src.size() {
            return Err(truncated());
        }
        Ok(())
    }
}

/// Tests that make snapshots hand them to `tests/fuzz.sh` as seeds for the snapshot fuzz target,
/// when it asks (`SNAPSHOT_SEEDS=dir`).
#[cfg(test)]
pub(crate) fn write_fuzz_seed(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("SNAPSHOT_SEEDS") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_every_field_kind_across_chunk_boundaries() {
        let mut w = Writer::default();
        w.buf.extend_from_slice(MAGIC);
        let big: Vec<f64> = (0..20_000).map(|i| i as f64 * 0.5 - 3.25).collect();
        let f32s: Vec<f32> = (0..30_001).map(|i| i as f32 / 7.0).collect();
        w.u8(7);
        w.f64s(&big);
        w.opt_str(None);
        w.opt_str(Some("Saint-Étienne"));
        w.f32s(&f32s);
        w.u32s(&[0, 1, u32::MAX - 1]);
        w.bools(&[true, false, true]);
        w.str("");
        let mut r = Reader::new(&w.buf[..]);
        r.expect_magic().unwrap();
        assert_eq!(r.u8().unwrap(), 7);
        assert_eq!(r.f64s().unwrap(), big);
        assert_eq!(r.opt_str().unwrap(), None);
        assert_eq!(r.opt_str().unwrap().as_deref(), Some("Saint-Étienne"));
        assert_eq!(r.f32s().unwrap(), f32s);
        assert_eq!(r.u32s().unwrap(), vec![0, 1, u32::MAX - 1]);
        assert_eq!(r.bools().unwrap(), vec![true, false, true]);
        assert_eq!(r.str().unwrap(), "");
        r.finish().unwrap();
    }

    #[test]
    fn truncation_and_lying_lengths_are_errors_not_panics() {
        let mut w = Writer::default();
        w.buf.extend_from_slice(MAGIC);
        w.f64s(&[1.0, 2.0, 3.0]);
        for cut in 0..w.buf.len() {
            let mut r = Reader::new(&w.buf[..cut]);
            let res = r.expect_magic().and_then(|_| r.f64s());
            assert!(res.is_err(), "cut at {cut}");
        }
        // a length announcing 4 billion items must not allocate
        let mut lie = MAGIC.to_vec();
        lie.extend_from_slice(&u32::MAX.to_le_bytes());
        let mut r = Reader::new(&lie[..]);
        r.expect_magic().unwrap();
        assert_eq!(r.f64s().unwrap_err().code, "snapshot");
        let mut r = Reader::new(&b"XXXX"[..]);
        assert!(r.expect_magic().is_err());
    }
}
