//! Just enough ZIP to open workbooks (.xlsx, .ods): the central directory, stored and deflated
//! members. Deflate is miniz_oxide, already in the engine for gzip.

use crate::error::Error;

pub struct Zip<'a> {
    data: &'a [u8],
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    method: u16,
    compressed: usize,
    size: usize,
    local: usize,
}

fn u16le(d: &[u8], p: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*d.get(p)?, *d.get(p + 1)?]))
}
fn u32le(d: &[u8], p: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *d.get(p)?,
        *d.get(p + 1)?,
        *d.get(p + 2)?,
        *d.get(p + 3)?,
    ]))
}

fn bad(m: &str) -> Error {
    Error::new("workbook", format!("broken workbook (ZIP): {m}"))
}

impl<'a> Zip<'a> {
    pub fn open(data: &'a [u8]) -> Result<Zip<'a>, Error> {
        // end of central directory: last 22 bytes, or earlier if there is a comment
        let min = data.len().saturating_sub(22 + 65_535);
        let eocd = (min..data.len().saturating_sub(21))
            .rev()
            .find(|&p| u32le(data, p) == Some(0x0605_4b50))
            .ok_or_else(|| bad("no central directory (truncated file?)"))?;
        let count = u16le(data, eocd + 10).ok_or_else(|| bad("truncated"))? as usize;
        let mut p = u32le(data, eocd + 16).ok_or_else(|| bad("truncated"))? as usize;
        if count == 0xFFFF || p == 0xFFFF_FFFF {
            return Err(Error::new(
                "workbook",
                "ZIP64 workbooks (over 4 GB or 65,535 parts) are not supported",
            ));
        }
        let mut entries = Vec::with_capacity(count);
        for _ in 0..count {
            if u32le(data, p) != Some(0x0201_4b50) {
                return Err(bad("central directory entry expected"));
            }
            let g = |o: usize| {
                u16le(data, p + o)
                    .ok_or_else(|| bad("truncated"))
                    .map(|v| v as usize)
            };
            let h = |o: usize| {
                u32le(data, p + o)
                    .ok_or_else(|| bad("truncated"))
                    .map(|v| v as usize)
            };
            let (method, compressed, size) = (g(10)? as u16, h(20)?, h(24)?);
            let (nlen, xlen, clen) = (g(28)?, g(30)?, g(32)?);
            let local = h(42)?;
            let name = data
                .get(p + 46..p + 46 + nlen)
                .ok_or_else(|| bad("truncated name"))?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                method,
                compressed,
                size,
                local,
            });
            p += 46 + nlen + xlen + clen;
        }
        Ok(Zip { data, entries })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// A member's bytes, or `None` if there is no such member.
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(e) = self.entries.iter().find(|e| e.name == name) else {
            return Ok(None);
        };
        let d = self.data;
        if u32le(d, e.local) != Some(0x0403_4b50) {
            return Err(bad(&format!("{name}: local header expected")));
        }
        let start = e.local
            + 30
            + u16le(d, e.local + 26).unwrap_or(0) as usize
            + u16le(d, e.local + 28).unwrap_or(0) as usize;
        let raw = d
            .get(start..start + e.compressed)
            .ok_or_else(|| bad(&format!("{name}: truncated data")))?;
        match e.method {
            0 => Ok(Some(raw.to_vec())),
            8 => {
                // (up to twice the size it says, and what a gzip may make: a member that inflates
                // past it, a ZIP bomb, is an error, its memory asked for with try_reserve)
                let max = e
                    .size
                    .saturating_mul(2)
                    .saturating_add(1024)
                    .min(crate::io::sniff::MAX_TEXT);
                crate::io::sniff::inflate(raw, e.size, max)
                    .map(Some)
                    .map_err(|_| bad(&format!("{name}: cannot inflate")))
            }
            m => Err(Error::new(
                "workbook",
                format!("{name}: ZIP compression method {m} is not supported"),
            )),
        }
    }
}
