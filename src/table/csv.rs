//! Delimited text (CSV, TSV, `;` from French Excel, `|`): RFC 4180 quotes with embedded newlines,
//! delimiter detection, physical line numbers in every message, ragged rows reported per line.

use super::{Column, Table};
use crate::error::{line_col, Error, Location, Warnings};

/// Candidates, in order of preference on a tie.
const DELIMS: [u8; 4] = [b'\t', b';', b',', b'|'];

/// One record: the byte ranges of its fields, and the physical line it starts on.
struct Record {
    fields: Vec<(usize, usize, bool)>, // start, end, quoted (quoted fields are unescaped later)
    line: u32,
}

/// Splits the text into records. Errors on an unterminated quote, naming where it opened.
fn records(text: &str, delim: u8) -> Result<Vec<Record>, Error> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line: u32 = 1;
    while i < b.len() {
        let rec_line = line;
        let mut fields = Vec::new();
        loop {
            // one field
            if b.get(i) == Some(&b'"') {
                let open = i;
                let open_line = line;
                i += 1;
                let start = i;
                loop {
                    match b.get(i) {
                        None => {
                            let (_, col) = line_col(b, open);
                            return Err(Error::new(
                                "csv-quote",
                                format!("unterminated quoted field starting at line {open_line}, column {col}: the quote is never closed, so it swallows the rest of the file"),
                            )
                            .at(Location { line: Some(open_line), column: Some(col), byte: Some(open), feature: None }));
                        }
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => break,
                        Some(b'\n') => {
                            line += 1;
                            i += 1
                        }
                        _ => i += 1,
                    }
                }
                let end = i;
                i += 1; // closing quote
                        // tolerate junk between the closing quote and the delimiter: keep it out
                while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                fields.push((start, end, true));
            } else {
                let start = i;
                while i < b.len() && b[i] != delim && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                fields.push((start, i, false));
            }
            match b.get(i) {
                Some(&c) if c == delim => {
                    i += 1;
                }
                Some(b'\r') => {
                    i += 1;
                    if b.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    line += 1;
                    break;
                }
                Some(b'\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        // a blank line is one empty unquoted field: skip it
        let blank = fields.len() == 1 && !fields[0].2 && fields[0].0 == fields[0].1;
        if !blank {
            out.push(Record {
                fields,
                line: rec_line,
            });
        }
    }
    Ok(out)
}

fn field_text<'a>(text: &'a str, f: (usize, usize, bool)) -> std::borrow::Cow<'a, str> {
    let s = &text[f.0..f.1];
    if f.2 && s.contains("\"\"") {
        std::borrow::Cow::Owned(s.replace("\"\"", "\""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Counts candidate delimiters outside quotes in the first line(s) and picks the most consistent.
pub fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect();
    let count = |l: &str, d: u8| {
        let mut q = false;
        l.bytes()
            .filter(|&c| {
                if c == b'"' {
                    q = !q;
                }
                !q && c == d
            })
            .count()
    };
    let mut best = b',';
    let mut best_score = 0usize;
    for d in DELIMS {
        let head = lines.first().map(|l| count(l, d)).unwrap_or(0);
        if head == 0 {
            continue;
        }
        // consistency: how many of the next lines have the same count
        let same = lines.iter().skip(1).filter(|l| count(l, d) == head).count();
        let score = head * 10 + same * 100;
        if score > best_score {
            best_score = score;
            best = d;
        }
    }
    best
}

pub fn read_delimited(text: &str, name: &str, warnings: &mut Warnings) -> Result<Table, Error> {
    if text.trim().is_empty() {
        return Err(Error::new(
            "empty-input",
            "empty input: the table has no content",
        ));
    }
    let delim = detect_delimiter(text);
    let recs = records(text, delim)?;
    let mut it = recs.into_iter();
    let header = it
        .next()
        .ok_or_else(|| Error::new("empty-input", "the table has no header line"))?;
    // (rows shorter than the header are padded: cells the text does not hold)
    super::check_cells(
        it.len(),
        header.fields.len(),
        text.len(),
        ["rows", "columns"],
    )
    .map_err(|m| {
        let hint =
            "is this a table? a file of one long line read as one has a column per delimiter";
        Error::new("table-size", format!("{m} ({hint})")).at(Location::line_col(header.line, 1))
    })?;
    let mut names: Vec<String> = header
        .fields
        .iter()
        .map(|f| field_text(text, *f).trim().to_string())
        .collect();
    super::name_apart(&mut names, header.line, warnings);
    let ncol = names.len();
    let mut columns: Vec<Column> = names.iter().map(|n| Column::new(n)).collect();
    let mut lines = Vec::new();
    let dname = match delim {
        b'\t' => "tab".to_string(),
        d => format!("'{}'", d as char),
    };
    for rec in it {
        let nf = rec.fields.len();
        if nf != ncol {
            let trailing = nf == ncol + 1 && rec.fields[ncol].0 == rec.fields[ncol].1;
            let msg = if trailing {
                format!("line {}: {} fields, expected {} (a trailing delimiter; the empty last field is ignored)", rec.line, nf, ncol)
            } else if nf < ncol {
                format!("line {}: {} field{}, expected {} (delimiter {} detected from the header); missing cells are left empty", rec.line, nf, if nf == 1 { "" } else { "s" }, ncol, dname)
            } else {
                format!("line {}: {} fields, expected {} (delimiter {} detected from the header); extra cells are ignored", rec.line, nf, ncol, dname)
            };
            warnings.push(
                "ragged-row",
                msg,
                Location {
                    line: Some(rec.line),
                    ..Default::default()
                },
            );
        }
        for (k, col) in columns.iter_mut().enumerate() {
            match rec.fields.get(k) {
                Some(&f) => col.cells.push(Some(&field_text(text, f))),
                None => col.cells.push(None),
            }
        }
        lines.push(rec.line);
    }
    let rows = lines.len();
    let mut t = Table {
        name: name.to_string(),
        columns,
        rows,
        lines,
        delimiter: Some(delim as char),
    };
    t.infer_all(warnings);
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_newlines_keep_physical_line_numbers() {
        let text = "a,b,c\n\"x\ny\",2,3\n\"q\"\"q\",\"1,5\",\n\"m\",4,5\n";
        let mut w = Warnings::default();
        let t = read_delimited(text, "t", &mut w).unwrap();
        assert_eq!(t.rows, 3);
        assert_eq!(t.lines, vec![2, 4, 5]);
        assert_eq!(t.columns[0].text(0), Some("x\ny"));
        assert_eq!(t.columns[0].text(1), Some("q\"q"));
        assert_eq!(t.columns[1].text(1), Some("1,5"));
        assert!(w.is_empty(), "{:?}", w);
    }

    #[test]
    fn semicolon_is_detected_and_french_numbers_read() {
        let mut w = Warnings::default();
        let t =
            read_delimited("code;pop;dens\r\n01;1 234;5,5\r\n2A;99;7\r\n", "t", &mut w).unwrap();
        assert_eq!(t.delimiter, Some(';'));
        assert_eq!(t.columns[0].text(0), Some("01"));
        assert_eq!(t.columns[2].number(0), Some(5.5));
        assert_eq!(t.columns[1].number(0), Some(1234.0));
    }

    #[test]
    fn unterminated_quote_is_an_error_at_its_opening() {
        let e =
            read_delimited("a,b\nx,1\n\"y,2\nz,3\n", "t", &mut Warnings::default()).unwrap_err();
        assert_eq!(e.code, "csv-quote");
        assert_eq!((e.at.line, e.at.column), (Some(3), Some(1)));
    }
}
