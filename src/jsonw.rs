//! A tiny JSON writer: the CLI prints JSON and the Wasm binding hands JSON to the page, so both share
//! this instead of pulling serde into the Wasm.

use crate::io::json::Value;
use std::fmt::Write;

pub fn escape(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            // keep the output safe to inline in an HTML <script>
            '<' => out.push_str("\\u003c"),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    escape(s, &mut o);
    o
}

/// A finite number as JSON; NaN and infinities become `null` (JSON has no such numbers).
pub fn num(v: f64) -> String {
    if v.is_finite() {
        crate::decimal::short(v)
    } else {
        "null".into()
    }
}

/// An object built member by member: `Obj::new().s("k", "v").n("x", 1.0).done()`.
#[derive(Default)]
pub struct Obj(String);

impl Obj {
    pub fn new() -> Self {
        Obj(String::from("{"))
    }
    fn k(&mut self, k: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        escape(k, &mut self.0);
        self.0.push(':');
    }
    pub fn s(mut self, k: &str, v: &str) -> Self {
        self.k(k);
        escape(v, &mut self.0);
        self
    }
    pub fn n(mut self, k: &str, v: f64) -> Self {
        self.k(k);
        self.0.push_str(&num(v));
        self
    }
    pub fn b(mut self, k: &str, v: bool) -> Self {
        self.k(k);
        self.0.push_str(if v { "true" } else { "false" });
        self
    }
    /// A member whose value is already JSON.
    pub fn raw(mut self, k: &str, json: &str) -> Self {
        self.k(k);
        self.0.push_str(json);
        self
    }
    pub fn opt_s(self, k: &str, v: Option<&str>) -> Self {
        match v {
            Some(v) => self.s(k, v),
            None => self.raw(k, "null"),
        }
    }
    pub fn done(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON array from already-encoded items.
pub fn arr<I: IntoIterator<Item = String>>(items: I) -> String {
    let mut s = String::from("[");
    for (i, it) in items.into_iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&it);
    }
    s.push(']');
    s
}

pub fn nums(v: &[f64]) -> String {
    arr(v.iter().map(|x| num(*x)))
}

pub fn strs<S: AsRef<str>>(v: &[S]) -> String {
    arr(v.iter().map(|x| str(x.as_ref())))
}

pub fn value_to_json(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Num(v, raw) => crate::io::json::number_text(*v, raw),
        Value::Str(s) => str(s),
        Value::Arr(a) => arr(a.iter().map(value_to_json)),
        Value::Obj(m) => {
            let mut o = Obj::new();
            for (k, v) in m {
                o = o.raw(k, &value_to_json(v));
            }
            o.done()
        }
    }
}

pub fn location(at: &crate::error::Location) -> String {
    let mut o = Obj::new();
    if let Some(l) = at.line {
        o = o.n("line", l as f64);
    }
    if let Some(c) = at.column {
        o = o.n("column", c as f64);
    }
    if let Some(b) = at.byte {
        o = o.n("byte", b as f64);
    }
    if let Some(f) = &at.feature {
        o = o.s("feature", f);
    }
    o.done()
}

pub fn error(e: &crate::error::Error) -> String {
    Obj::new()
        .s("code", e.code)
        .s("message", &e.to_string())
        .raw("at", &location(&e.at))
        .done()
}

pub fn warnings(w: &crate::error::Warnings) -> String {
    arr(w
        .list
        .iter()
        .map(|w| {
            Obj::new()
                .s("code", w.code)
                .s("message", &w.to_string())
                .raw("at", &location(&w.at))
                .done()
        })
        .chain(w.suppressed.iter().map(|(code, n)| {
            Obj::new()
                .s("code", code)
                .s("message", &format!("… and {n} more warnings of this kind"))
                .raw("at", "{}")
                .done()
        })))
}
