//! A small pull reader over JSON text that knows where it is. It is what the GeoJSON reader streams
//! through (so 46 MB of communes never become a tree of values), and it also builds a compact tree
//! ([`Value`]) for small documents such as TopoJSON headers or JSON record arrays.
//!
//! Every error carries the byte offset; [`crate::error::locate`] turns it into line:column.

use crate::error::{locate, Error};
use std::borrow::Cow;

/// Deepest nesting accepted before a clear error (no stack overflow on hostile input).
pub const MAX_DEPTH: usize = 96;

pub struct Reader<'a> {
    /// the text, for O(1) slices at positions known to be character boundaries
    s: &'a str,
    pub b: &'a [u8],
    pub pos: usize,
    pub depth: usize,
}

/// A JSON value. Numbers keep their source text so that ids such as `1001.0` stay exactly as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number and its text as written, kept only when the number would not print back the same
    /// (`1.50`, `1e3`): plain integers (TopoJSON's quantized arcs, most ids) need no copy.
    Num(f64, Option<Box<str>>),
    Str(Box<str>),
    Arr(Vec<Value>),
    Obj(Vec<(Box<str>, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(m) => m.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Num(v, _) => Some(*v),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Arr(a) => Some(a),
            _ => None,
        }
    }
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Num(..) => "number",
            Value::Str(_) => "string",
            Value::Arr(_) => "array",
            Value::Obj(_) => "object",
        }
    }
    /// The value as text for a table cell or an id: strings as they are, numbers as written,
    /// `null` as `None`, nested values as compact JSON.
    pub fn to_cell(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Bool(b) => Some(b.to_string()),
            Value::Num(v, raw) => Some(number_text(*v, raw)),
            Value::Str(s) => Some(s.to_string()),
            other => Some(crate::jsonw::value_to_json(other)),
        }
    }
}

/// A number as it was written (see [`Value::Num`]).
pub fn number_text(v: f64, raw: &Option<Box<str>>) -> String {
    match raw {
        Some(t) => t.to_string(),
        None => crate::decimal::short(v),
    }
}

/// `-?[0-9]{1,15}`: an integer that an f64 holds exactly and prints back as written.
fn prints_back(t: &str) -> bool {
    let d = t.strip_prefix('-').unwrap_or(t);
    !d.is_empty()
        && d.len() <= 15
        && d.bytes().all(|b| b.is_ascii_digit())
        && (d == "0" || !d.starts_with('0'))
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            s: text,
            b: text.as_bytes(),
            pos: 0,
            depth: 0,
        }
    }

    pub fn err(&self, code: &'static str, msg: impl Into<String>) -> Error {
        self.err_at(self.pos, code, msg)
    }

    pub fn err_at(&self, pos: usize, code: &'static str, msg: impl Into<String>) -> Error {
        Error::new(code, msg).at(locate(self.b, pos))
    }

    #[inline]
    pub fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            if c == b' ' || c == b'\n' || c == b'\r' || c == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Next non-blank byte, without consuming it. `None` at end of input.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.b.get(self.pos).copied()
    }

    pub fn eof_error(&self) -> Error {
        self.err_at(
            self.b.len(),
            "json-eof",
            "unexpected end of input: the file is truncated",
        )
    }

    fn unexpected(&self, expected: &str) -> Error {
        match self.b.get(self.pos) {
            None => self.eof_error(),
            Some(&c) => {
                let found = describe_token(&self.b[self.pos..]);
                let hint = match c {
                    b'/' => " (comments are not allowed in JSON)",
                    b'\'' => " (JSON strings use double quotes)",
                    b'N' | b'I' => " (NaN and Infinity are not valid JSON; write null)",
                    b'-' if self.b[self.pos..].starts_with(b"-Infinity") => {
                        " (NaN and Infinity are not valid JSON; write null)"
                    }
                    _ => "",
                };
                self.err(
                    "json-syntax",
                    format!("expected {expected}, found {found}{hint}"),
                )
            }
        }
    }

    /// Consumes `c` (after blanks) or fails saying what was expected.
    #[inline]
    pub fn expect(&mut self, c: u8, what: &str) -> Result<(), Error> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    /// After an element of an array or object: `,` then more (true), or the closing byte (false).
    /// A trailing comma before the closing byte is an error.
    #[inline]
    pub fn next_or_close(&mut self, close: u8) -> Result<bool, Error> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                if self.peek() == Some(close) {
                    return Err(
                        self.err("json-syntax", "trailing comma before the closing bracket")
                    );
                }
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(self.unexpected(if close == b']' {
                "',' or ']'"
            } else {
                "',' or '}'"
            })),
        }
    }

    /// Opens an array: true if it has a first element, false if it is `[]`.
    pub fn begin_array(&mut self) -> Result<bool, Error> {
        self.expect(b'[', "'['")?;
        self.enter()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// Opens an object: true if it has a first member.
    pub fn begin_object(&mut self) -> Result<bool, Error> {
        self.expect(b'{', "'{'")?;
        self.enter()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        Ok(true)
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                "json-depth",
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    /// Continues an array after an element; closes it (depth) when done.
    pub fn array_next(&mut self) -> Result<bool, Error> {
        let more = self.next_or_close(b']')?;
        if !more {
            self.depth -= 1;
        }
        Ok(more)
    }

    pub fn object_next(&mut self) -> Result<bool, Error> {
        let more = self.next_or_close(b'}')?;
        if !more {
            self.depth -= 1;
        }
        Ok(more)
    }

    /// Reads a member name and the `:` after it. Returns the key and its byte offset.
    pub fn key(&mut self) -> Result<(Cow<'a, str>, usize), Error> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a member name in double quotes"));
        }
        let at = self.pos;
        let k = self.string()?;
        self.expect(b':', "':'")?;
        Ok((k, at))
    }

    /// Reads a string (the reader must be on its opening quote).
    pub fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.skip_ws();
        let start = self.pos;
        if self.b.get(self.pos) != Some(&b'"') {
            return Err(self.unexpected("a string"));
        }
        self.pos += 1;
        let body = self.pos;
        // fast path: no escapes
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'"' => {
                    // the text is valid UTF-8 and both ends are ASCII quotes: character
                    // boundaries, so this slice is O(1) and never fails
                    let s = self.s.get(body..self.pos);
                    self.pos += 1;
                    return s.map(Cow::Borrowed).ok_or_else(|| {
                        self.err_at(body, "json-syntax", "invalid UTF-8 in string")
                    });
                }
                b'\\' => break,
                0..=0x1F => {
                    return Err(self.err("json-syntax", "control character inside a string"));
                }
                _ => self.pos += 1,
            }
        }
        if self.pos >= self.b.len() {
            return Err(self.err_at(
                start,
                "json-eof",
                "string never closed: the file is truncated",
            ));
        }
        // slow path with escapes
        let mut out: Vec<u8> = self.b[body..self.pos].to_vec();
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'"' => {
                    self.pos += 1;
                    return String::from_utf8(out)
                        .map(Cow::Owned)
                        .map_err(|_| self.err_at(start, "json-syntax", "invalid UTF-8 in string"));
                }
                b'\\' => {
                    let e = *self.b.get(self.pos + 1).ok_or_else(|| self.eof_error())?;
                    self.pos += 2;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                if self.b.get(self.pos) == Some(&b'\\')
                                    && self.b.get(self.pos + 1) == Some(&b'u')
                                {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                    } else {
                                        return Err(self
                                            .err("json-syntax", "invalid UTF-16 surrogate pair"));
                                    }
                                } else {
                                    return Err(self.err(
                                        "json-syntax",
                                        "lone UTF-16 surrogate in \\u escape",
                                    ));
                                }
                            }
                            let ch = char::from_u32(cp)
                                .ok_or_else(|| self.err("json-syntax", "invalid \\u escape"))?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => {
                            return Err(self.err_at(
                                self.pos - 2,
                                "json-syntax",
                                "invalid escape in string",
                            ))
                        }
                    }
                }
                0..=0x1F => {
                    return Err(self.err("json-syntax", "control character inside a string"))
                }
                _ => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
        Err(self.err_at(
            start,
            "json-eof",
            "string never closed: the file is truncated",
        ))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let s = self
            .b
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.eof_error())?;
        let mut v = 0u32;
        for &c in s {
            let d = (c as char)
                .to_digit(16)
                .ok_or_else(|| self.err("json-syntax", "invalid \\u escape"))?;
            v = v * 16 + d;
        }
        self.pos += 4;
        Ok(v)
    }

    /// Reads a number; returns its value and its source text. Out-of-range numbers such as `1e400`
    /// come back as ±infinity: callers decide whether that is an error.
    #[inline]
    pub fn number(&mut self) -> Result<(f64, &'a str), Error> {
        self.skip_ws();
        let start = self.pos;
        let b = self.b;
        let mut i = self.pos;
        let neg = b.get(i) == Some(&b'-');
        if neg {
            i += 1;
        }
        let mut mant: u64 = 0;
        let mut digits = 0u32;
        let int_start = i;
        while let Some(&c) = b.get(i) {
            if c.is_ascii_digit() {
                mant = mant.wrapping_mul(10).wrapping_add((c - b'0') as u64);
                digits += 1;
                i += 1;
            } else {
                break;
            }
        }
        if i == int_start {
            return Err(self.unexpected("a number"));
        }
        if b[int_start] == b'0' && i - int_start > 1 {
            return Err(self.err_at(
                start,
                "json-syntax",
                "numbers may not have leading zeros in JSON",
            ));
        }
        let mut frac_digits = 0u32;
        let mut simple = true;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let fs = i;
            while let Some(&c) = b.get(i) {
                if c.is_ascii_digit() {
                    mant = mant.wrapping_mul(10).wrapping_add((c - b'0') as u64);
                    digits += 1;
                    i += 1;
                } else {
                    break;
                }
            }
            frac_digits = (i - fs) as u32;
            if frac_digits == 0 {
                return Err(self.err_at(i, "json-syntax", "a digit must follow the decimal point"));
            }
        }
        if matches!(b.get(i), Some(b'e') | Some(b'E')) {
            simple = false;
            i += 1;
            if matches!(b.get(i), Some(b'+') | Some(b'-')) {
                i += 1;
            }
            let es = i;
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            if i == es {
                return Err(self.err_at(i, "json-syntax", "a digit must follow the exponent"));
            }
        }
        self.pos = i;
        // ASCII digits: the ends are character boundaries, so this slice is O(1)
        let text = self.s.get(start..i).unwrap_or("0");
        // Exact fast path (Clinger): mantissa < 2^53 and a power of ten that is exact in f64.
        if simple && digits <= 15 && frac_digits <= 22 {
            let v = mant as f64 / POW10[frac_digits as usize];
            return Ok((if neg { -v } else { v }, text));
        }
        let v: f64 = text
            .parse()
            .map_err(|_| self.err_at(start, "json-syntax", "invalid number"))?;
        Ok((v, text))
    }

    /// A plain decimal (`-12.345`, at most 15 digits, no exponent, after optional blanks), exactly
    /// as [`Reader::number`] would read it; `None` for anything else, leaving the position to the
    /// caller, who then takes the general path (which reports errors).
    #[inline]
    pub fn simple_number(&mut self) -> Option<f64> {
        let b = self.b;
        let mut i = self.pos;
        while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            i += 1;
        }
        let (v, mut i) = plain_number(b, i)?;
        while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            i += 1;
        }
        self.pos = i;
        Some(v)
    }

    /// The usual position `x, y]` after its `[`, in plain decimals: the pair, and the reader past
    /// the `]`; `None` (the reader where it was) for anything else, which the general path reads.
    #[inline]
    pub fn simple_pair(&mut self) -> Option<(f64, f64)> {
        let save = self.pos;
        let pair = self.simple_number().and_then(|x| {
            (self.b.get(self.pos) == Some(&b',')).then_some(())?;
            self.pos += 1;
            let y = self.simple_number()?;
            (self.b.get(self.pos) == Some(&b']')).then_some((x, y))
        });
        match pair {
            Some(p) => {
                self.pos += 1;
                Some(p)
            }
            None => {
                self.pos = save;
                None
            }
        }
    }

    /// Skips one value of any kind (used for members we do not need).
    pub fn skip_value(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'{') => {
                if self.begin_object()? {
                    loop {
                        self.key()?;
                        self.skip_value()?;
                        if !self.object_next()? {
                            break;
                        }
                    }
                }
                Ok(())
            }
            Some(b'[') => {
                if self.begin_array()? {
                    loop {
                        self.skip_value()?;
                        if !self.array_next()? {
                            break;
                        }
                    }
                }
                Ok(())
            }
            Some(b'"') => self.string().map(|_| ()),
            // a number skipped is only checked: no value, no copy of its text
            Some(c) if c == b'-' || c.is_ascii_digit() => self.number().map(|_| ()),
            _ => self.scalar().map(|_| ()),
        }
    }

    /// Reads a number, `true`, `false` or `null`.
    pub fn scalar(&mut self) -> Result<Value, Error> {
        match self.peek() {
            Some(b't') if self.b[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Ok(Value::Bool(true))
            }
            Some(b'f') if self.b[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Ok(Value::Bool(false))
            }
            Some(b'n') if self.b[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Ok(Value::Null)
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let (v, t) = self.number()?;
                Ok(Value::Num(v, (!prints_back(t)).then(|| t.into())))
            }
            None => Err(self.eof_error()),
            _ => Err(self.unexpected("a value")),
        }
    }

    /// Reads any value into a tree.
    pub fn value(&mut self) -> Result<Value, Error> {
        match self.peek() {
            Some(b'{') => {
                let mut m: Vec<(Box<str>, Value)> = Vec::new();
                if self.begin_object()? {
                    loop {
                        let (k, _) = self.key()?;
                        let v = self.value()?;
                        m.push((k.into(), v));
                        if !self.object_next()? {
                            break;
                        }
                    }
                }
                Ok(Value::Obj(m))
            }
            Some(b'[') => {
                let mut a = Vec::new();
                if self.begin_array()? {
                    loop {
                        a.push(self.value()?);
                        if !self.array_next()? {
                            break;
                        }
                    }
                }
                Ok(Value::Arr(a))
            }
            Some(b'"') => Ok(Value::Str(self.string()?.into())),
            _ => self.scalar(),
        }
    }

    /// After the top-level value: only blanks may follow.
    pub fn end(&mut self) -> Result<(), Error> {
        if self.peek().is_some() {
            return Err(self.err(
                "json-syntax",
                "unexpected data after the end of the JSON document",
            ));
        }
        Ok(())
    }
}

/// A plain decimal at `i` (no blanks around it: see [`Reader::simple_number`]) and where it ends.
#[inline(always)]
pub fn plain_number(b: &[u8], mut i: usize) -> Option<(f64, usize)> {
    let neg = b.get(i) == Some(&b'-');
    i += neg as usize;
    let int_start = i;
    let mut mant = 0u64;
    i = digit_run(b, i, &mut mant);
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return None;
    }
    let mut frac = 0usize;
    if b.get(i) == Some(&b'.') {
        let fs = i + 1;
        i = digit_run(b, fs, &mut mant);
        frac = i - fs;
        if frac == 0 {
            return None;
        }
    }
    // past 15 digits the mantissa may not be exact (or may have wrapped): the general path
    if int_len + frac > 15 || matches!(b.get(i), Some(b'e' | b'E')) {
        return None;
    }
    // an integer (TopoJSON's quantized arcs) needs no division
    let v = if frac == 0 {
        mant as f64
    } else {
        mant as f64 / POW10[frac]
    };
    Some((if neg { -v } else { v }, i))
}

/// Where [`plain_positions`] stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// past the `]` closing the positions' array (its depth is for the caller to close)
    Closed,
    /// just after a position, at a `,` not followed by another position written plainly
    After,
    /// in front of an element (or anything else) it leaves to the general path
    Before,
}

/// Positions `[x,y]` written without blanks, each followed by `,` or by the `]` that closes their
/// array, read from `i` (just after that array's `[` or a `,`) into `out` while they come: where
/// the reading stopped, and how ([`Stop`]). What it leaves, the general path reads and reports as
/// it would have (a trailing comma, a third number, blanks, an exponent, a 16th digit).
#[inline(never)]
pub fn plain_positions(b: &[u8], mut i: usize, out: &mut Vec<f64>) -> (usize, Stop) {
    loop {
        if b.get(i) != Some(&b'[') {
            return (i, Stop::Before);
        }
        let Some((x, j)) = plain_number(b, i + 1) else {
            return (i, Stop::Before);
        };
        if b.get(j) != Some(&b',') {
            return (i, Stop::Before);
        }
        let Some((y, k)) = plain_number(b, j + 1) else {
            return (i, Stop::Before);
        };
        if b.get(k) != Some(&b']') {
            return (i, Stop::Before);
        }
        let stop = match b.get(k + 1) {
            Some(b']') => Some((k + 2, Stop::Closed)),
            Some(b',') if b.get(k + 2) == Some(&b'[') => None,
            Some(b',') => Some((k + 1, Stop::After)),
            _ => return (i, Stop::Before),
        };
        out.push(x);
        out.push(y);
        match stop {
            None => i = k + 2,
            Some(s) => return s,
        }
    }
}

/// Reads a run of ASCII digits into `mant` (wrapping past 19 digits: the caller counts them) and
/// returns where it ends.
#[inline(always)]
fn digit_run(b: &[u8], mut i: usize, mant: &mut u64) -> usize {
    while let Some(&c) = b.get(i) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        *mant = mant.wrapping_mul(10).wrapping_add(d as u64);
        i += 1;
    }
    i
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A short, printable description of what starts at `rest` (never dumps binary).
fn describe_token(rest: &[u8]) -> String {
    let tok: String = rest
        .iter()
        .take(12)
        .take_while(|&&c| c.is_ascii_graphic())
        .map(|&c| c as char)
        .collect();
    if tok.is_empty() {
        match rest.first() {
            // (as `{:?}` writes a char, without the standard library's tables of printable
            // characters it would bring into the engine)
            Some(&c) if c.is_ascii() => match c {
                b'\t' => "character '\\t'".into(),
                b'\n' => "character '\\n'".into(),
                b'\r' => "character '\\r'".into(),
                b' ' => "character ' '".into(),
                0 => "character '\\0'".into(),
                _ => format!("character '\\u{{{c:x}}}'"),
            },
            _ => "a non-ASCII character".to_string(),
        }
    } else {
        format!("'{tok}'")
    }
}

/// Parses a whole document into a tree.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut r = Reader::new(text);
    if r.peek().is_none() {
        return Err(Error::new(
            "empty-input",
            "empty input: the file has no content",
        ));
    }
    let v = r.value()?;
    r.end()?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_is_described_as_rust_writes_it() {
        for c in (0u8..=b' ').chain([0x7f]) {
            assert_eq!(describe_token(&[c]), format!("character {:?}", c as char));
        }
    }

    #[test]
    fn numbers_parse_exactly_like_std() {
        for t in [
            "0",
            "-0",
            "2.41634",
            "48.849240000000002",
            "1e400",
            "-1e-7",
            "4.9e-324",
            "123456789012345678901234567890",
            "0.1",
            "-179.99999",
        ] {
            let mut r = Reader::new(t);
            let (v, raw) = r.number().unwrap();
            assert_eq!(raw, t);
            let expect: f64 = t.parse().unwrap();
            assert_eq!(v.to_bits(), expect.to_bits(), "{t}");
        }
    }

    #[test]
    fn numbers_keep_their_written_text_without_copying_plain_integers() {
        let v = parse("[1001, -0, 0, 1.50, 1e3, -12, 123456789012345, 1234567890123456, 2.41634]")
            .unwrap();
        let cells: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.to_cell().unwrap())
            .collect();
        assert_eq!(
            cells,
            [
                "1001",
                "-0",
                "0",
                "1.50",
                "1e3",
                "-12",
                "123456789012345",
                "1234567890123456",
                "2.41634"
            ]
        );
        let copies = v
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| matches!(x, Value::Num(_, Some(_))))
            .count();
        assert_eq!(
            copies, 4,
            "1.50, 1e3, the 16-digit integer and 2.41634 keep their text"
        );
    }

    #[test]
    fn plain_positions_read_what_the_general_path_reads_and_leave_the_rest_to_it() {
        for (text, read, stop, at) in [
            ("[[1,2],[3.5,-4]]", 2, Stop::Closed, 16),
            ("[[1,2], [3,4]]", 1, Stop::After, 6),
            ("[[1,2],]", 1, Stop::After, 6),
            ("[[1,2],[3e1,4],[5,6]]", 1, Stop::Before, 7),
            ("[[1,2,3],[4,5]]", 0, Stop::Before, 1),
            ("[[1,2] ,[3,4]]", 0, Stop::Before, 1),
            ("[[1,2],[1234567890123456,1]]", 1, Stop::Before, 7),
            ("[[-0,0.0],[01,2]]", 1, Stop::Before, 10),
            ("[[1,2]", 0, Stop::Before, 1),
            ("[]", 0, Stop::Before, 1),
            ("[[-74.0059,40.7128]]", 1, Stop::Closed, 20),
        ] {
            let mut out = Vec::new();
            let (i, s) = plain_positions(text.as_bytes(), 1, &mut out);
            assert_eq!((out.len() / 2, s, i), (read, stop, at), "{text}");
            // what it read is what the general reader gives, to the bit
            let mut r = Reader::new(text);
            r.begin_array().unwrap();
            for (k, p) in out.chunks(2).enumerate() {
                if k > 0 {
                    r.array_next().unwrap();
                }
                let Value::Arr(v) = r.value().unwrap() else {
                    panic!()
                };
                for (a, b) in p.iter().zip(&v) {
                    assert_eq!(Some(a.to_bits()), b.as_f64().map(f64::to_bits), "{text}");
                }
            }
        }
    }

    #[test]
    fn simple_number_agrees_with_number_or_declines() {
        for t in [
            "0",
            "-0",
            "2.41634",
            "48.84924",
            "-179.99999",
            "123456789012345",
            "1234567890123456",
            "1e5",
            "01",
            "-",
            "1.",
            ".5",
            "12.5 ",
            " 7",
        ] {
            let mut a = Reader::new(t);
            let fast = a.simple_number();
            let mut b = Reader::new(t);
            let slow = b.number().ok().map(|x| x.0);
            if let Some(v) = fast {
                assert_eq!(Some(v.to_bits()), slow.map(|s| s.to_bits()), "{t}");
            }
        }
        let mut r = Reader::new(" 1.5 ,2]");
        assert_eq!(r.simple_number(), Some(1.5));
        assert_eq!(r.b[r.pos], b',');
    }

    #[test]
    fn truncated_input_reports_end_of_file_position() {
        let e = parse("{\"a\": [1, 2").unwrap_err();
        assert_eq!(e.code, "json-eof");
        assert_eq!(e.at.column, Some(12));
    }

    #[test]
    fn nan_token_error_names_line_and_column_and_hints() {
        let e = parse("{\n \"a\": NaN}").unwrap_err();
        assert_eq!((e.at.line, e.at.column), (Some(2), Some(7)));
        assert!(e.message.contains("NaN"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let s = "[".repeat(100_000);
        let e = parse(&s).unwrap_err();
        assert_eq!(e.code, "json-depth");
    }

    #[test]
    fn escapes_and_surrogates_decode() {
        let v = parse(r#""a\u00e9\ud83d\ude00\n""#).unwrap();
        assert_eq!(v.as_str(), Some("aé😀\n"));
    }
}
