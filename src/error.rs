//! Errors and warnings as values: each names *where* (line:column, byte offset, feature index or id)
//! and *what*, in plain words. The engine never panics on user data; every reader returns these.

use std::fmt;

/// Where something happened in an input file. Every field is optional: a CSV error has a line and a
/// column, a geometry error a feature, a join problem a row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Location {
    /// 1-based physical line.
    pub line: Option<u32>,
    /// 1-based column, counted in characters.
    pub column: Option<u32>,
    /// 0-based byte offset in the (decoded) input.
    pub byte: Option<usize>,
    /// Feature index and, when it has one, its id: `feature 3 (id "75")`.
    pub feature: Option<String>,
}

impl Location {
    pub fn line_col(line: u32, column: u32) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            ..Default::default()
        }
    }
    pub fn feature(desc: String) -> Self {
        Location {
            feature: Some(desc),
            ..Default::default()
        }
    }
    pub fn is_empty(&self) -> bool {
        self.line.is_none() && self.byte.is_none() && self.feature.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        match (self.line, self.column) {
            (Some(l), Some(c)) => parts.push(format!("line {l}, column {c}")),
            (Some(l), None) => parts.push(format!("line {l}")),
            _ => {
                if let Some(b) = self.byte {
                    parts.push(format!("byte {b}"))
                }
            }
        }
        if let Some(feat) = &self.feature {
            parts.push(feat.clone());
        }
        write!(f, "{}", parts.join(", "))
    }
}

/// A failure that stops a load. `code` is stable and machine-readable (`json-syntax`, `empty-input`,
/// `binary-input`, `geometry`, `crs`, `csv-quote`, ...); `message` is for people.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: &'static str,
    pub message: String,
    pub at: Location,
}

impl Error {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            at: Location::default(),
        }
    }
    pub fn at(mut self, at: Location) -> Self {
        self.at = at;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} ({})", self.message, self.at)
        }
    }
}

impl std::error::Error for Error {}

/// Something the reader accepted but the user should know about.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub at: Location,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} ({})", self.message, self.at)
        }
    }
}

/// Collects warnings, keeping the first few of each code and counting the rest, so that a file with
/// 30,000 identical problems does not produce 30,000 messages.
#[derive(Clone, Debug, Default)]
pub struct Warnings {
    pub list: Vec<Warning>,
    /// (code, how many were not kept)
    pub suppressed: Vec<(&'static str, usize)>,
}

const KEEP_PER_CODE: usize = 20;

impl Warnings {
    pub fn push(&mut self, code: &'static str, message: impl Into<String>, at: Location) {
        let kept = self.list.iter().filter(|w| w.code == code).count();
        if kept < KEEP_PER_CODE {
            self.list.push(Warning {
                code,
                message: message.into(),
                at,
            });
        } else if let Some(s) = self.suppressed.iter_mut().find(|s| s.0 == code) {
            s.1 += 1;
        } else {
            self.suppressed.push((code, 1));
        }
    }
    pub fn extend(&mut self, other: Warnings) {
        for w in other.list {
            self.push(w.code, w.message, w.at);
        }
        for (code, n) in other.suppressed {
            if let Some(s) = self.suppressed.iter_mut().find(|s| s.0 == code) {
                s.1 += n;
            } else {
                self.suppressed.push((code, n));
            }
        }
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn has(&self, code: &str) -> bool {
        self.list.iter().any(|w| w.code == code)
    }
    /// Every message, with a closing line per code that had more than were kept.
    pub fn messages(&self) -> Vec<String> {
        let mut out: Vec<String> = self.list.iter().map(|w| w.to_string()).collect();
        for (code, n) in &self.suppressed {
            out.push(format!("… and {n} more warnings of kind {code}"));
        }
        out
    }
}

/// 1-based line and column (in characters) of a byte offset in a text.
pub fn line_col(text: &[u8], byte: usize) -> (u32, u32) {
    let byte = byte.min(text.len());
    let before = &text[..byte];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    // count characters, not bytes: skip UTF-8 continuation bytes
    let col = before[start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count() as u32
        + 1;
    (line, col)
}

/// A location from a byte offset in a text.
pub fn locate(text: &[u8], byte: usize) -> Location {
    let (line, column) = line_col(text, byte);
    Location {
        line: Some(line),
        column: Some(column),
        byte: Some(byte),
        feature: None,
    }
}
