//! First look at a file's bytes: compression, encoding, format. Users do not pass flags: a gzip
//! without `.gz`, a UTF-16 "Unicode text" export or a Windows-1252 CSV from French Excel all just work,
//! each with a warning that says what was done; binary files are refused in plain words.

use crate::error::{line_col, Error, Location, Warnings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    TopoJson,
    /// CSV, TSV or any delimited text.
    Delimited,
    /// A JSON array of records.
    JsonRecords,
    Xlsx,
    Ods,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::TopoJson => "topojson",
            Format::Delimited => "csv",
            Format::JsonRecords => "json-records",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
        }
    }
    pub fn is_geo(self) -> bool {
        matches!(self, Format::GeoJson | Format::TopoJson)
    }
}

/// Bytes after decompression, as text when the format is textual.
pub struct Sniffed {
    pub format: Format,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1252`, or `binary` for workbooks.
    pub encoding: &'static str,
    pub gzip: bool,
    pub text: String,
    /// Raw bytes, kept only for binary formats (workbooks).
    pub bytes: Vec<u8>,
    pub warnings: Warnings,
}

pub fn sniff(bytes: &[u8]) -> Result<Sniffed, Error> {
    sniff_owned(bytes.to_vec())
}

/// Like [`sniff`], taking the bytes by value so that UTF-8 text becomes a `String` without a copy
/// (46 MB of communes must not be held twice).
pub fn sniff_owned(bytes: Vec<u8>) -> Result<Sniffed, Error> {
    let mut warnings = Warnings::default();
    if bytes.is_empty() {
        return Err(Error::new(
            "empty-input",
            "empty input: the file has no content (0 bytes)",
        ));
    }
    let mut gzip = false;
    let mut data = bytes;
    if data.starts_with(&[0x1F, 0x8B]) {
        data = gunzip(&data)?;
        gzip = true;
        warnings.push(
            "gzip",
            "the file is gzip-compressed; it was decompressed",
            Location::default(),
        );
        if data.is_empty() {
            return Err(Error::new(
                "empty-input",
                "empty input: the gzip file holds no content",
            ));
        }
    }
    if data.starts_with(b"PK\x03\x04") {
        let format = if contains(
            &data,
            b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
        ) {
            Format::Ods
        } else if contains(&data, b"xl/") {
            Format::Xlsx
        } else {
            return Err(Error::new("binary-input", "this is a ZIP archive but not an Excel (.xlsx) or OpenDocument (.ods) workbook; extract the file you want first"));
        };
        return Ok(Sniffed {
            format,
            encoding: "binary",
            gzip,
            text: String::new(),
            bytes: data,
            warnings,
        });
    }
    if let Some(kind) = binary_signature(&data) {
        return Err(Error::new(
            "binary-input",
            format!("not a map or table file: binary data ({kind} signature)"),
        ));
    }
    let (text, encoding) = decode_text_owned(data, &mut warnings)?;
    let format = detect_format(&text);
    Ok(Sniffed {
        format,
        encoding,
        gzip,
        text,
        bytes: Vec::new(),
        warnings,
    })
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn binary_signature(d: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"GIF8", "GIF image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"%PDF", "PDF document"),
        (b"\xD0\xCF\x11\xE0", "old Excel .xls / OLE"),
        (b"BZh", "bzip2"),
        (b"\xFD7zXZ", "xz"),
        (b"7z\xBC\xAF", "7-Zip"),
        (b"\x00\x00\x27\x0A", "ESRI shapefile (.shp)"),
        (b"SQLite format 3", "SQLite / GeoPackage"),
    ];
    for (sig, name) in SIGS {
        if d.starts_with(sig) {
            return Some(name);
        }
    }
    None
}

/// Decompresses a gzip member (RFC 1952).
pub fn gunzip(d: &[u8]) -> Result<Vec<u8>, Error> {
    if d.len() < 18 || d[2] != 8 {
        return Err(broken_gzip("header too short or not deflate"));
    }
    let flags = d[3];
    let byte = |i: usize| {
        d.get(i)
            .map(|&b| b as usize)
            .ok_or_else(|| broken_gzip("truncated header"))
    };
    let mut p = 10usize;
    if flags & 4 != 0 {
        p += 2 + (byte(p)? | byte(p + 1)? << 8);
    }
    for flag in [8u8, 16] {
        if flags & flag != 0 {
            while byte(p)? != 0 {
                p += 1;
            }
            p += 1;
        }
    }
    if flags & 2 != 0 {
        p += 2;
    }
    if p >= d.len() {
        return Err(broken_gzip("truncated header"));
    }
    // the trailer gives the size (modulo 4 GiB): the text is inflated straight into a buffer of that
    // size, instead of one doubled as it fills (46 MB of communes: 27, then 54 MB zeroed and copied)
    // and copied once more (see `inflate`)
    let expected = u32::from_le_bytes([
        d[d.len() - 4],
        d[d.len() - 3],
        d[d.len() - 2],
        d[d.len() - 1],
    ]) as usize;
    inflate(&d[p..], expected, MAX_TEXT)
}

/// A gzip's error: `m` says what is broken.
fn broken_gzip(m: &str) -> Error {
    Error::new("gzip", format!("broken gzip data: {m}"))
}

/// The most text a gzip is inflated to (what the engine can read after it is ~2× more).
pub(crate) const MAX_TEXT: usize = 1 << 30;

/// Inflates raw deflate data, `claimed` bytes by what holds it (a gzip's trailer, a ZIP's
/// directory), into a buffer of that size when it can be trusted — as far as deflate can go (1,032
/// to 1) and no more than `max`: a small file claiming gigabytes must not make the engine ask for
/// them — one call then filling it; else one doubled as it fills, up to `max`. Its memory is asked
/// for with `try_reserve`: a file that inflates past what the engine can have (a bomb: a few MB
/// making gigabytes) is an error, not the engine's end.
pub(crate) fn inflate(body: &[u8], claimed: usize, max: usize) -> Result<Vec<u8>, Error> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    let too_big = || {
        Error::new(
            "gzip",
            format!(
                "the file inflates to more than {} MB: more than can be read here",
                max >> 20
            ),
        )
    };
    let grow = |out: &mut Vec<u8>, more: usize| -> Result<(), Error> {
        out.try_reserve_exact(more).map_err(|_| too_big())?;
        out.resize(out.len() + more, 0);
        Ok(())
    };
    let trusted = claimed <= body.len().saturating_mul(1032).min(max);
    let mut out = Vec::new();
    grow(&mut out, if trusted { claimed } else { 0 }.max(1 << 16))?;
    let mut r = DecompressorOxide::new();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (mut read, mut done) = (0usize, 0usize);
    loop {
        let (status, used, n) = decompress(&mut r, &body[read..], &mut out, done, flags);
        read += used;
        done += n;
        match status {
            TINFLStatus::Done => {
                out.truncate(done);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput if out.len() < max => {
                let more = out.len().min(max - out.len());
                grow(&mut out, more)?;
            }
            TINFLStatus::HasMoreOutput => return Err(too_big()),
            s => return Err(broken_gzip(&format!("{s:?} (the file may be truncated)"))),
        }
    }
}

/// [`decode_text`] without copying valid UTF-8.
pub fn decode_text_owned(
    mut d: Vec<u8>,
    warnings: &mut Warnings,
) -> Result<(String, &'static str), Error> {
    let bom = d.starts_with(b"\xEF\xBB\xBF");
    let utf16 = d.starts_with(b"\xFF\xFE") || d.starts_with(b"\xFE\xFF");
    if !utf16 && !d[..d.len().min(512)].contains(&0) {
        if bom {
            d.drain(..3);
        }
        // validated once, kept without a copy (46 MB of communes: each pass is a walk over them)
        match String::from_utf8(d) {
            Ok(s) => return Ok((s, if bom { "utf-8-bom" } else { "utf-8" })),
            Err(e) => {
                d = e.into_bytes();
                if bom {
                    d.splice(..0, *b"\xEF\xBB\xBF");
                }
            }
        }
    }
    decode_text(&d, warnings)
}

/// Decodes text: UTF-8 (BOM optional), UTF-16 with a BOM, otherwise Windows-1252 with a warning.
pub fn decode_text(d: &[u8], warnings: &mut Warnings) -> Result<(String, &'static str), Error> {
    if let Some(rest) = d.strip_prefix(b"\xEF\xBB\xBF") {
        let s = utf8(rest, warnings, 3)?;
        return Ok((s.0, if s.1 == "utf-8" { "utf-8-bom" } else { s.1 }));
    }
    if let Some(rest) = d.strip_prefix(b"\xFF\xFE") {
        return Ok((utf16(rest, true)?, "utf-16le"));
    }
    if let Some(rest) = d.strip_prefix(b"\xFE\xFF") {
        return Ok((utf16(rest, false)?, "utf-16be"));
    }
    // UTF-16 without BOM: NULs at every other byte of ASCII text
    let head = &d[..d.len().min(512)];
    let nul_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let nul_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    if head.len() >= 8 && nul_odd * 2 > head.len() / 2 && nul_even == 0 {
        warnings.push(
            "encoding",
            "no byte-order mark, but the text looks like UTF-16LE; decoded as such",
            Location::default(),
        );
        return Ok((utf16(d, true)?, "utf-16le"));
    }
    if head.len() >= 8 && nul_even * 2 > head.len() / 2 && nul_odd == 0 {
        warnings.push(
            "encoding",
            "no byte-order mark, but the text looks like UTF-16BE; decoded as such",
            Location::default(),
        );
        return Ok((utf16(d, false)?, "utf-16be"));
    }
    if head.contains(&0) {
        return Err(Error::new(
            "binary-input",
            "not a text file: it holds NUL bytes (binary data)",
        ));
    }
    utf8(d, warnings, 0)
}

fn utf8(d: &[u8], warnings: &mut Warnings, offset: usize) -> Result<(String, &'static str), Error> {
    match std::str::from_utf8(d) {
        Ok(s) => Ok((s.to_string(), "utf-8")),
        Err(e) => {
            let at = e.valid_up_to();
            let (line, column) = line_col(d, at);
            let loc = Location {
                line: Some(line),
                column: Some(column),
                byte: Some(at + offset),
                feature: None,
            };
            // an incomplete sequence at the very end, in otherwise valid UTF-8: the file was cut
            if e.error_len().is_none() {
                return Err(Error::new(
                    "truncated-utf8",
                    format!("invalid UTF-8: the input ends in the middle of a character at byte {} (unexpected end of file: the file is truncated)", at + offset),
                )
                .at(loc));
            }
            let byte = d[at];
            warnings.push(
                "encoding",
                format!("invalid UTF-8 at line {line}, column {column} (byte 0x{byte:02X}); decoded as Windows-1252"),
                loc,
            );
            Ok((windows_1252(d), "windows-1252"))
        }
    }
}

/// Windows-1252 to UTF-8. Bytes 0x80–0x9F map to typographic characters (œ, €, ’…), unlike ISO-8859-1.
pub fn windows_1252(d: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    d.iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

fn utf16(d: &[u8], le: bool) -> Result<String, Error> {
    if !d.len().is_multiple_of(2) {
        return Err(Error::new(
            "truncated-utf16",
            format!(
                "UTF-16 text with an odd number of bytes ({}): the file is truncated",
                d.len()
            ),
        ));
    }
    let units = d.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut s = String::with_capacity(d.len() / 2);
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => s.push(c),
            Err(_) => {
                return Err(Error::new(
                    "encoding",
                    format!("invalid UTF-16 (unpaired surrogate) at byte {}", i * 2 + 2),
                ))
            }
        }
    }
    Ok(s)
}

/// Guesses the format of decoded text from its first characters.
pub fn detect_format(text: &str) -> Format {
    let mut t = text.trim_start();
    // JSON with comments (JSONC/JSON5) is still meant as JSON: let the JSON reader say what is wrong
    while t.starts_with("//") || t.starts_with("/*") {
        let rest = if t.starts_with("//") {
            t.find('\n').map(|i| &t[i..])
        } else {
            t.find("*/").map(|i| &t[i + 2..])
        };
        match rest {
            Some(r) => t = r.trim_start(),
            None => break,
        }
    }
    if t.starts_with('{') {
        let head = &t.as_bytes()[..t.len().min(4096)];
        if contains(head, b"\"Topology\"") {
            return Format::TopoJson;
        }
        return Format::GeoJson;
    }
    if t.starts_with('[') {
        return Format::JsonRecords;
    }
    Format::Delimited
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_maps_oe_ligature_and_euro() {
        assert_eq!(windows_1252(&[0x9C, 0x8C, 0xFF, 0x80, 0xE9]), "œŒÿ€é");
    }

    #[test]
    fn gzip_round_trip_through_miniz() {
        let raw = b"{\"type\":\"FeatureCollection\",\"features\":[]}";
        let deflated = miniz_oxide::deflate::compress_to_vec(raw, 6);
        let mut gz = vec![0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3];
        gz.extend_from_slice(&deflated);
        gz.extend_from_slice(&[0; 4]);
        gz.extend_from_slice(&(raw.len() as u32).to_le_bytes());
        let s = sniff(&gz).unwrap();
        assert!(s.gzip);
        assert_eq!(s.text.as_bytes(), raw);
        assert_eq!(s.format, Format::GeoJson);
    }

    #[test]
    fn a_gzip_bomb_is_an_error_not_the_engines_end() {
        // 8 MB of zeros in 8 KB: past what is read (here 1 MB), an error; the memory asked for in
        // steps, each with try_reserve (an allocation that fails is an error too, not an abort)
        let zeros = vec![0u8; 8 << 20];
        let body = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
        assert!(body.len() < 16 << 10);
        let e = inflate(&body, 0, 1 << 20).unwrap_err();
        assert_eq!(
            e.message,
            "the file inflates to more than 1 MB: more than can be read here"
        );
        assert_eq!(inflate(&body, 0, 8 << 20).unwrap().len(), 8 << 20);
        assert_eq!(inflate(&body, 8 << 20, 8 << 20).unwrap().len(), 8 << 20);
    }

    #[test]
    fn a_lying_size_in_the_gzip_trailer_changes_nothing_and_asks_for_nothing() {
        let raw: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("[{i},{}],", i * 7 % 1000).into_bytes())
            .collect();
        let deflated = miniz_oxide::deflate::compress_to_vec(&raw, 6);
        let gz = |size: u32| {
            let mut g = vec![0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3];
            g.extend_from_slice(&deflated);
            g.extend_from_slice(&[0; 4]);
            g.extend_from_slice(&size.to_le_bytes());
            g
        };
        let n = raw.len() as u32;
        // the right size, one too few, one too many, far too many (4 GiB: never allocated), zero
        for size in [n, n - 1, n + 1, u32::MAX, 0] {
            assert_eq!(gunzip(&gz(size)).unwrap(), raw, "trailer says {size}");
        }
        // cut short: an error, whatever the trailer says
        let mut cut = gz(n);
        cut.drain(40..60);
        assert!(gunzip(&cut).is_err());
    }
}
