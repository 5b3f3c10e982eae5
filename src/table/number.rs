//! Numbers as people write them in tables: `1 234,5` (French Excel, thousands by space, NBSP or
//! U+202F), `1,234.5`, `.097`, `12,5 %`. The style is chosen per column, never per cell, so that a
//! column cannot silently mix `1,234` read as 1234 and as 1.234.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumStyle {
    /// `1,234.5`
    En,
    /// `1 234,5` or `1.234,5`
    Fr,
}

/// Cells that mean "no value". Excel error values (English and French) included.
pub fn missing_kind(s: &str) -> Option<MissingKind> {
    let t = s.trim();
    match t {
        "" => Some(MissingKind::Empty),
        "-" | "–" | "—" | ".." | "NA" | "N/A" | "n/a" | "na" | "NaN" | "nan" | "null" | "NULL"
        | "s" | "nd" | "n.d." | "secret" => Some(MissingKind::Marker),
        _ if t.starts_with('#')
            && (t.ends_with('!') || t.ends_with('?') || t == "#N/A" || t == "#N/D") =>
        {
            Some(MissingKind::ExcelError)
        }
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingKind {
    Empty,
    /// `-`, `NA`, `..`: a deliberate "no value"
    Marker,
    /// `#N/A`, `#DIV/0!`, `#VALEUR!`…
    ExcelError,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{A0}' || c == '\u{202F}' || c == '\u{2009}'
}

/// Parses one cell in a given style. Returns the value and whether it carried a `%` (already divided).
pub fn parse_number(s: &str, style: NumStyle) -> Option<(f64, bool)> {
    let mut t = s.trim_matches(|c: char| c.is_whitespace() || is_space(c));
    let mut percent = false;
    if let Some(r) = t.strip_suffix('%') {
        t = r.trim_end_matches(is_space);
        percent = true;
    }
    if t.is_empty() {
        return None;
    }
    let (dec, thou) = match style {
        NumStyle::En => ('.', ','),
        NumStyle::Fr => (',', '.'),
    };
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    if let Some(&c) = chars.peek() {
        if c == '-' || c == '+' || c == '−' {
            if c != '+' {
                out.push('-');
            }
            chars.next();
        }
    }
    // integer part with optional grouping, checked: groups after the first must have 3 digits
    let mut group_len = 0usize;
    let mut grouped = false;
    let mut int_digits = 0usize;
    let mut seen_dec = false;
    let mut seen_exp = false;
    let mut frac_digits = 0usize;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            out.push(c);
            if seen_dec || seen_exp {
                frac_digits += 1;
            } else {
                int_digits += 1;
                group_len += 1;
            }
        } else if !seen_dec && !seen_exp && (c == thou || is_space(c)) {
            // a group separator: the group before must be 1–3 digits (first) or exactly 3
            if int_digits == 0 || group_len > 3 || (grouped && group_len != 3) {
                return None;
            }
            grouped = true;
            group_len = 0;
        } else if c == dec && !seen_dec && !seen_exp {
            if grouped && group_len != 3 {
                return None;
            }
            seen_dec = true;
            out.push('.');
        } else if (c == 'e' || c == 'E') && !seen_exp && (int_digits + frac_digits) > 0 {
            seen_exp = true;
            out.push('e');
            if let Some(&n) = chars.peek() {
                if n == '-' || n == '+' {
                    out.push(n);
                    chars.next();
                }
            }
        } else {
            return None;
        }
    }
    if grouped && !seen_dec && group_len != 3 {
        return None;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    let v: f64 = out.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some((if percent { v / 100.0 } else { v }, percent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumStyle::*;

    #[test]
    fn french_excel_numbers() {
        assert_eq!(parse_number("5785,5", Fr), Some((5785.5, false)));
        assert_eq!(parse_number("1\u{A0}234,5", Fr), Some((1234.5, false)));
        assert_eq!(
            parse_number("1\u{202F}234\u{202F}567", Fr),
            Some((1234567.0, false))
        );
        assert_eq!(parse_number("1 234", Fr), Some((1234.0, false)));
        assert_eq!(parse_number("1.234,5", Fr), Some((1234.5, false)));
        assert_eq!(parse_number("12,5 %", Fr), Some((0.125, true)));
        assert_eq!(parse_number("-3,2", Fr), Some((-3.2, false)));
    }

    #[test]
    fn english_numbers_and_leading_dot() {
        assert_eq!(parse_number(".097", En), Some((0.097, false)));
        assert_eq!(parse_number("1,234.5", En), Some((1234.5, false)));
        assert_eq!(parse_number("1e3", En), Some((1000.0, false)));
        assert_eq!(
            parse_number("12%", En),
            Some((0.12, false).0).map(|v| (v, true))
        );
    }

    #[test]
    fn malformed_grouping_and_text_are_not_numbers() {
        assert_eq!(parse_number("12,34,5", En), None);
        assert_eq!(parse_number("1 23", Fr), None);
        assert_eq!(parse_number("2A004", En), None);
        assert_eq!(parse_number("abc", Fr), None);
        assert_eq!(parse_number("1.2.3", En), None);
        assert_eq!(parse_number("", En), None);
    }

    #[test]
    fn excel_errors_are_missing() {
        for s in ["#N/A", "#DIV/0!", "#VALEUR!", "#NOM?"] {
            assert_eq!(missing_kind(s), Some(MissingKind::ExcelError), "{s}");
        }
        assert_eq!(missing_kind("-"), Some(MissingKind::Marker));
        assert_eq!(missing_kind("0"), None);
    }
}
