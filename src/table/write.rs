//! A map's data written as CSV, as the spreadsheet of its reader's language opens it: in French,
//! `;` between cells and a decimal comma (Excel in French reads `1234.5` as text and splits a
//! line at `,` into nothing useful); in English, `,` and a decimal point. UTF-8 with a byte-order
//! mark, so that Excel does not read `Île-de-France` as `ÃŽle-de-France`; lines end in CRLF.
//!
//! Numbers are written whole (`1234.5`, the shortest text that reads back as the same number, no
//! thousands separator), not as the legend rounds them; a missing one is an empty cell. Text is
//! written as it is, quoted where it holds the separator, a quote or a line break, and a text that
//! a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first: a name from a file cannot
//! run `=HYPERLINK(…)` in the analyst's Excel) is written after an apostrophe, as OWASP advises.
//! Codes are text: `01001` keeps its zero. Header cells are text, as the others.

use crate::error::Error;
use crate::format::Locale;

/// The table `header` × columns as CSV text for `locale`. `kinds` gives each column in turn:
/// `t`, text (the next `rows` cells of `texts`), or `n`, numbers (the next `rows` of `numbers`,
/// NaN for none); an error if they are not there.
pub fn csv<S: AsRef<str>>(
    header: &[S],
    kinds: &[u8],
    texts: &[S],
    numbers: &[f64],
    rows: usize,
    locale: Locale,
) -> Result<String, Error> {
    let (sep, point) = match locale {
        Locale::Fr => (';', ','),
        Locale::En => (',', '.'),
    };
    // each column: numbers or not, and where its cells start
    let (mut t, mut n) = (0, 0);
    let mut columns = Vec::with_capacity(kinds.len());
    for &k in kinds {
        let (at, all) = if k == b'n' {
            (&mut n, numbers.len())
        } else {
            (&mut t, texts.len())
        };
        if !matches!(k, b't' | b'n') || *at + rows > all {
            return Err(Error::new(
                "usage",
                format!(
                    "CSV column {} is not {rows} cells of its kind",
                    columns.len() + 1
                ),
            ));
        }
        columns.push((k == b'n', *at));
        *at += rows;
    }
    let mut out = String::from("\u{feff}");
    for (i, h) in header.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        text(&mut out, h.as_ref(), sep);
    }
    for r in 0..rows {
        out.push_str("\r\n");
        for (i, &(number, at)) in columns.iter().enumerate() {
            if i > 0 {
                out.push(sep);
            }
            if !number {
                text(&mut out, texts[at + r].as_ref(), sep);
            } else if numbers[at + r].is_finite() {
                // (the shortest text that reads back as the same number, never an exponent)
                let v = crate::decimal::short(numbers[at + r]);
                let (int, frac) = v.split_once('.').unwrap_or((&v, ""));
                out.push_str(int);
                if !frac.is_empty() {
                    out.push(point);
                    out.push_str(frac);
                }
            }
        }
    }
    out.push_str("\r\n");
    Ok(out)
}

/// A text cell: as it is, or quoted (quotes doubled); after an apostrophe if a spreadsheet would
/// read it as a formula.
fn text(out: &mut String, t: &str, sep: char) {
    let formula = matches!(
        t.bytes().next(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let quoted = t
        .bytes()
        .any(|b| b == sep as u8 || matches!(b, b'"' | b'\n' | b'\r'));
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for (i, part) in t.split('"').enumerate() {
        out.push_str(if i > 0 { "\"\"" } else { "" });
        out.push_str(part);
    }
    if quoted {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{load, Data, Options};

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn french_cells_take_semicolons_and_a_decimal_comma_english_ones_commas_and_a_point() {
        let header = s(&["code", "nom", "valeur"]);
        let codes = s(&["01001", "2A004"]);
        let names = s(&["L'Abergement-Clémenciat", "Ajaccio; centre"]);
        let values = [1234.5, f64::NAN];
        let texts = [codes, names].concat();
        let table = |loc| csv(&header, b"ttn", &texts, &values, 2, loc).unwrap();
        assert_eq!(
            table(Locale::Fr),
            "\u{feff}code;nom;valeur\r\n01001;L'Abergement-Clémenciat;1234,5\r\n2A004;\"Ajaccio; centre\";\r\n"
        );
        assert_eq!(
            table(Locale::En),
            "\u{feff}code,nom,valeur\r\n01001,L'Abergement-Clémenciat,1234.5\r\n2A004,Ajaccio; centre,\r\n"
        );
    }

    #[test]
    fn quotes_line_breaks_and_formulas_are_written_so_that_a_spreadsheet_reads_text() {
        let header = s(&["a"]);
        let cells = s(&[
            "say \"hi\"",
            "two\nlines",
            "=HYPERLINK(\"x\")",
            "-3",
            "@SUM(A1)",
            "ok",
        ]);
        let out = csv(&header, b"t", &cells, &[], 6, Locale::En).unwrap();
        assert_eq!(
            out,
            "\u{feff}a\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n'-3\r\n'@SUM(A1)\r\nok\r\n"
        );
    }

    #[test]
    fn what_is_written_reads_back_as_the_same_table_with_codes_and_numbers_intact() {
        let header = s(&["code", "name", "value"]);
        let codes = s(&["06", "2A004", "01001", "x"]);
        let names = s(&["Alpes; \"Maritimes\"", "Île\r\nde, France", "", "Zoë"]);
        let values = [0.1 + 0.2, -1e-7, 123456789.125, f64::NAN];
        let texts = [codes.clone(), names.clone()].concat();
        for loc in [Locale::Fr, Locale::En] {
            let text = csv(&header, b"ttn", &texts, &values, 4, loc).unwrap();
            let Data::Table(t) = load(text.as_bytes(), "data.csv", &Options::default())
                .unwrap()
                .data
            else {
                panic!("not a table")
            };
            assert_eq!(t.rows, 4);
            let col = |n: &str| &t.columns[t.column_index(n).unwrap()];
            for r in 0..4 {
                assert_eq!(col("code").text(r).unwrap_or(""), codes[r], "{loc:?}");
                assert_eq!(col("name").text(r).unwrap_or(""), names[r], "{loc:?}");
                let v = col("value").number(r);
                match v {
                    Some(v) => assert_eq!(v.to_bits(), values[r].to_bits(), "{loc:?} row {r}"),
                    None => assert!(values[r].is_nan(), "{loc:?} row {r}"),
                }
            }
        }
    }

    #[test]
    fn columns_that_are_not_there_are_an_error_not_a_slice_past_the_end() {
        let header = s(&["a", "b"]);
        let texts = s(&["x", "y", "z"]);
        assert!(csv(&header, b"tt", &texts, &[], 2, Locale::En).is_err());
        assert!(csv(&header, b"tn", &texts, &[1.0], 2, Locale::En).is_err());
        assert!(csv(&header, b"tx", &texts, &[1.0, 2.0], 1, Locale::En).is_err());
        let ok = csv(&header, b"tn", &texts, &[1.0], 1, Locale::En).unwrap();
        assert_eq!(ok, "\u{feff}a,b\r\nx,1\r\n");
    }
}
