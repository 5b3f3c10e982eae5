//! A small XML pull tokenizer for workbook parts: start and end tags with attributes, text with
//! entities decoded. No DTDs or namespaces processing (names keep their prefix).

use std::borrow::Cow;

pub enum Event<'a> {
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    End(&'a str),
    Text(Cow<'a, str>),
}

pub struct Xml<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Xml<'a> {
    pub fn new(s: &'a str) -> Self {
        Xml { s, pos: 0 }
    }
}

impl<'a> Iterator for Xml<'a> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let rest = self.s.get(self.pos..)?;
            if rest.is_empty() {
                return None;
            }
            if let Some(body) = rest.strip_prefix('<') {
                if body.starts_with('?') || body.starts_with('!') {
                    let end = if body.starts_with("!--") {
                        rest.find("-->").map(|e| e + 3)
                    } else if body.starts_with("![CDATA[") {
                        let e = rest.find("]]>")?;
                        let text = &rest[9..e];
                        self.pos += e + 3;
                        return Some(Event::Text(Cow::Borrowed(text)));
                    } else {
                        rest.find('>').map(|e| e + 1)
                    };
                    self.pos += end?;
                    continue;
                }
                let end = rest.find('>')?;
                let tag = &rest[1..end];
                self.pos += end + 1;
                if let Some(name) = tag.strip_prefix('/') {
                    return Some(Event::End(name.trim()));
                }
                let empty = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let (name, attrs) = match tag.find(|c: char| c.is_whitespace()) {
                    Some(i) => (&tag[..i], &tag[i..]),
                    None => (tag, ""),
                };
                return Some(Event::Start { name, attrs, empty });
            }
            let end = rest.find('<').unwrap_or(rest.len());
            self.pos += end;
            return Some(Event::Text(unescape(&rest[..end])));
        }
    }
}

/// The value of an attribute in a tag's attribute text.
pub fn attr<'a>(attrs: &'a str, key: &str) -> Option<Cow<'a, str>> {
    let mut rest = attrs;
    while let Some(i) = rest.find(key) {
        let before_ok = i == 0 || rest[..i].ends_with(char::is_whitespace);
        let after = rest[i + key.len()..].trim_start();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let end = v[1..].find(q)?;
                    return Some(unescape(&v[1..1 + end]));
                }
            }
        }
        rest = &rest[i + key.len()..];
    }
    None
}

pub fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let ent = &rest[1..end];
        let ch = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
