//! Excel (.xlsx) and OpenDocument (.ods) workbooks, with a choice of sheet. Cells keep their text;
//! cells stored as numbers are numbers; error cells (`#N/A`, `#DIV/0!`) become missing values with a
//! warning naming the row. Written on our small ZIP and XML readers: `calamine` measured +331 KB
//! gzip in the Wasm, beyond the whole engine's budget.

use super::xml::{attr, Event, Xml};
use super::zip::Zip;
use super::{Column, Table};
use crate::error::{Error, Location, Warnings};

/// A cell: its text and whether the workbook stored it as a number.
type Cell = Option<(String, bool)>;

/// A sheet's columns, A to XFD, as Excel and LibreOffice have them: a cell past it is no cell.
const MAX_COLUMNS: usize = 16_384;
/// The cells a sheet may hold here (~300 MB of them at most, far more than any table to map: the
/// communes' is 35,000 rows of 8): a cell at column XFD pads its row to 16,384, an OpenDocument
/// cell or row repeats itself, so a few bytes of XML can ask for gigabytes — the engine would die
/// asking for them, the page with it.
const MAX_CELLS: usize = 1 << 23;

/// The bytes of text a sheet's cells may hold here (128 MiB; the communes' table is 1.4 MB): a
/// shared string is copied into each cell that names it, an OpenDocument cell into each column
/// and row it repeats over, so a string of a megabyte named a hundred thousand times in a few KB
/// of zipped XML asked for 100 GB.
const MAX_TEXT: usize = 1 << 27;

/// The cells a sheet's reading has made so far and the bytes of their text, against
/// [`MAX_CELLS`] and [`MAX_TEXT`].
#[derive(Default)]
struct Cells(usize, usize);

impl Cells {
    /// Counts `n` more cells holding `text` bytes in all, made at row `row`: an error once past
    /// [`MAX_CELLS`] or [`MAX_TEXT`].
    fn add(&mut self, n: usize, text: usize, row: u32) -> Result<(), Error> {
        self.0 = self.0.saturating_add(n);
        self.1 = self.1.saturating_add(text);
        if self.0 > MAX_CELLS || self.1 > MAX_TEXT {
            let what = if self.0 > MAX_CELLS {
                format!("{MAX_CELLS} cells")
            } else {
                format!("{MAX_TEXT} bytes of text in its cells")
            };
            return Err(Error::new(
                "workbook",
                format!("the sheet holds more than {what} (at row {row}): too large to read"),
            ));
        }
        Ok(())
    }
}

/// The bytes of a cell's text.
fn text_of(c: &Cell) -> usize {
    c.as_ref().map_or(0, |c| c.0.len())
}

struct Sheet {
    name: String,
    rows: Vec<(u32, Vec<Cell>)>,
}

fn text(z: &Zip, name: &str) -> Result<Option<String>, Error> {
    Ok(z.read(name)?
        .map(|b| String::from_utf8_lossy(&b).into_owned()))
}

/// Sheet names, in order.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let z = Zip::open(bytes)?;
    if let Some(wb) = text(&z, "xl/workbook.xml")? {
        return Ok(xlsx_sheets(&wb).into_iter().map(|s| s.0).collect());
    }
    if let Some(c) = text(&z, "content.xml")? {
        return Ok(Xml::new(&c)
            .filter_map(|e| match e {
                Event::Start {
                    name: "table:table",
                    attrs,
                    ..
                } => attr(attrs, "table:name").map(|n| n.into_owned()),
                _ => None,
            })
            .collect());
    }
    Err(Error::new(
        "workbook",
        "neither an Excel nor an OpenDocument workbook",
    ))
}

fn xlsx_sheets(wb: &str) -> Vec<(String, String)> {
    Xml::new(wb)
        .filter_map(|e| match e {
            Event::Start {
                name: "sheet",
                attrs,
                ..
            } => Some((
                attr(attrs, "name")?.into_owned(),
                attr(attrs, "r:id")?.into_owned(),
            )),
            _ => None,
        })
        .collect()
}

/// "B12" → column index 1.
fn col_of(r: &str) -> usize {
    let mut c = 0usize;
    for b in r.bytes().take_while(|b| b.is_ascii_alphabetic()) {
        c = c
            .saturating_mul(26)
            .saturating_add((b.to_ascii_uppercase() - b'A' + 1) as usize);
    }
    c.saturating_sub(1)
}

fn read_xlsx(z: &Zip, sheet: Option<&str>) -> Result<(Sheet, Vec<String>), Error> {
    let wb = text(z, "xl/workbook.xml")?
        .ok_or_else(|| Error::new("workbook", "xl/workbook.xml is missing"))?;
    let sheets = xlsx_sheets(&wb);
    let names: Vec<String> = sheets.iter().map(|s| s.0.clone()).collect();
    let (sname, rid) = match sheet {
        Some(want) => sheets
            .iter()
            .find(|s| s.0 == want)
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    "workbook",
                    format!(
                        "no sheet named '{want}'; the sheets are: {}",
                        names.join(", ")
                    ),
                )
            })?,
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::new("workbook", "the workbook has no sheet"))?,
    };
    let rels = text(z, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let target = Xml::new(&rels)
        .find_map(|e| match e {
            Event::Start {
                name: "Relationship",
                attrs,
                ..
            } if attr(attrs, "Id").as_deref() == Some(rid.as_str()) => {
                attr(attrs, "Target").map(|t| t.into_owned())
            }
            _ => None,
        })
        .ok_or_else(|| Error::new("workbook", format!("sheet '{sname}' has no part")))?;
    let path = if let Some(abs) = target.strip_prefix('/') {
        abs.to_string()
    } else {
        format!("xl/{target}")
    };
    // shared strings (rich text runs concatenated)
    let mut shared: Vec<String> = Vec::new();
    if let Some(ss) = text(z, "xl/sharedStrings.xml")? {
        let mut cur: Option<String> = None;
        let mut in_t = false;
        let mut in_rph = false;
        for e in Xml::new(&ss) {
            match e {
                Event::Start { name: "si", .. } => cur = Some(String::new()),
                Event::End("si") => shared.push(cur.take().unwrap_or_default()),
                Event::Start { name: "rPh", .. } => in_rph = true,
                Event::End("rPh") => in_rph = false,
                Event::Start {
                    name: "t",
                    empty: false,
                    ..
                } => in_t = true,
                Event::End("t") => in_t = false,
                Event::Text(t) if in_t && !in_rph => {
                    if let Some(c) = cur.as_mut() {
                        c.push_str(&t)
                    }
                }
                _ => {}
            }
        }
    }
    let xml =
        text(z, &path)?.ok_or_else(|| Error::new("workbook", format!("{path} is missing")))?;
    let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
    let (mut col, mut typ, mut val, mut in_v) = (0usize, String::new(), String::new(), false);
    let (mut row_no, mut cells) = (0u32, Cells::default());
    for e in Xml::new(&xml) {
        match e {
            Event::Start {
                name: "row", attrs, ..
            } => {
                row_no = attr(attrs, "r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(row_no + 1);
                rows.push((row_no, Vec::new()));
            }
            Event::Start {
                name: "c",
                attrs,
                empty,
            } => {
                let at = attr(attrs, "r");
                col = at
                    .as_deref()
                    .map(col_of)
                    .unwrap_or_else(|| rows.last().map(|r| r.1.len()).unwrap_or(0));
                if col >= MAX_COLUMNS {
                    let at = at
                        .as_deref()
                        .unwrap_or("")
                        .chars()
                        .take(24)
                        .collect::<String>();
                    return Err(Error::new(
                        "workbook",
                        format!("cell {at} (row {row_no}) is past the last column a sheet can have, XFD"),
                    ));
                }
                typ = attr(attrs, "t").map(|t| t.into_owned()).unwrap_or_default();
                val.clear();
                if empty {
                    continue;
                }
            }
            Event::Start { name: "v", .. }
            | Event::Start {
                name: "t",
                empty: false,
                ..
            } => in_v = true,
            Event::End("v") | Event::End("t") => in_v = false,
            Event::Text(t) if in_v => val.push_str(&t),
            Event::End("c") => {
                let cell: Cell = match typ.as_str() {
                    "s" => val
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| shared.get(i))
                        .map(|s| (s.clone(), false)),
                    "b" => Some((
                        if val.trim() == "1" { "true" } else { "false" }.to_string(),
                        false,
                    )),
                    "str" | "inlineStr" | "e" => Some((val.clone(), false)),
                    _ if val.is_empty() => None,
                    _ => Some((val.clone(), true)),
                };
                if let Some(r) = rows.last_mut() {
                    let n = (col + 1).saturating_sub(r.1.len());
                    cells.add(n, text_of(&cell), row_no)?;
                    if n > 0 {
                        r.1.resize(col + 1, None);
                    }
                    r.1[col] = cell;
                }
            }
            _ => {}
        }
    }
    Ok((Sheet { name: sname, rows }, names))
}

fn read_ods(z: &Zip, sheet: Option<&str>) -> Result<(Sheet, Vec<String>), Error> {
    let c =
        text(z, "content.xml")?.ok_or_else(|| Error::new("workbook", "content.xml is missing"))?;
    let mut names = Vec::new();
    let mut chosen: Option<Sheet> = None;
    let mut cur: Option<Sheet> = None;
    let (mut cell_text, mut in_p, mut cell_val, mut repeat) =
        (String::new(), false, None::<String>, 1usize);
    let mut row_repeat = 1usize;
    let (mut row_no, mut cells) = (0u32, Cells::default());
    for e in Xml::new(&c) {
        match e {
            Event::Start {
                name: "table:table",
                attrs,
                ..
            } => {
                let n = attr(attrs, "table:name")
                    .map(|n| n.into_owned())
                    .unwrap_or_default();
                names.push(n.clone());
                let want = match sheet {
                    Some(s) => s == n,
                    None => chosen.is_none(),
                };
                cur = want.then(|| Sheet {
                    name: n,
                    rows: Vec::new(),
                });
                row_no = 0;
            }
            Event::End("table:table") => {
                if let Some(s) = cur.take() {
                    chosen = Some(s);
                }
            }
            Event::Start {
                name: "table:table-row",
                attrs,
                empty,
            } => {
                row_repeat = attr(attrs, "table:number-rows-repeated")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(1);
                row_no += 1;
                if let Some(s) = cur.as_mut() {
                    s.rows.push((row_no, Vec::new()));
                }
                if empty {
                    row_no += row_repeat as u32 - 1;
                }
            }
            Event::End("table:table-row") => {
                // repeated rows are copies (usually empty padding): keep one non-empty copy at most 1000 times
                if let Some(s) = cur.as_mut() {
                    if let Some(last) = s.rows.last().cloned() {
                        if last.1.iter().any(|c| c.is_some()) {
                            let text = last.1.iter().map(text_of).sum();
                            for k in 1..row_repeat.min(1000) {
                                cells.add(last.1.len(), text, row_no)?;
                                s.rows.push((last.0 + k as u32, last.1.clone()));
                            }
                        }
                    }
                }
                row_no += row_repeat as u32 - 1;
            }
            Event::Start {
                name: n @ ("table:table-cell" | "table:covered-table-cell"),
                attrs,
                empty,
            } => {
                repeat = attr(attrs, "table:number-columns-repeated")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(1);
                let vt = attr(attrs, "office:value-type")
                    .map(|v| v.into_owned())
                    .unwrap_or_default();
                let cell_num = matches!(vt.as_str(), "float" | "percentage" | "currency");
                cell_val = if cell_num {
                    attr(attrs, "office:value").map(|v| v.into_owned())
                } else {
                    None
                };
                cell_text.clear();
                if n == "table:covered-table-cell" {
                    cells.add(push_cell(cur.as_mut(), None, repeat), 0, row_no)?;
                } else if empty {
                    // (a number may be its attribute alone, with no text to show it: ODF allows
                    // it, and it is the cell's value)
                    let cell = cell_val.take().map(|v| (v, true));
                    let len = text_of(&cell);
                    let n = push_cell(cur.as_mut(), cell, repeat);
                    cells.add(n, n.saturating_mul(len), row_no)?;
                }
            }
            Event::Start { name: "text:p", .. } => {
                if !cell_text.is_empty() {
                    cell_text.push('\n');
                }
                in_p = true;
            }
            Event::End("text:p") => in_p = false,
            Event::Start {
                name: "text:s",
                attrs,
                ..
            } if in_p => {
                let n: usize = attr(attrs, "text:c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1);
                cell_text.push_str(&" ".repeat(n.min(1000)));
            }
            Event::Text(t) if in_p => cell_text.push_str(&t),
            Event::End("table:table-cell") => {
                let cell = match (&cell_val, cell_text.is_empty()) {
                    (Some(v), _) => Some((v.clone(), true)),
                    (None, false) => Some((cell_text.clone(), false)),
                    (None, true) => None,
                };
                let len = text_of(&cell);
                let n = push_cell(cur.as_mut(), cell, repeat);
                cells.add(n, n.saturating_mul(len), row_no)?;
            }
            _ => {}
        }
    }
    let sheet_name = sheet.map(|s| s.to_string());
    let s = chosen.ok_or_else(|| match sheet_name {
        Some(w) => Error::new(
            "workbook",
            format!("no sheet named '{w}'; the sheets are: {}", names.join(", ")),
        ),
        None => Error::new("workbook", "the workbook has no sheet"),
    })?;
    Ok((s, names))
}

/// Adds `cell` `repeat` times (within bounds) to the sheet's last row: how many it added.
fn push_cell(s: Option<&mut Sheet>, cell: Cell, repeat: usize) -> usize {
    let Some(s) = s else { return 0 };
    let Some(row) = s.rows.last_mut() else {
        return 0;
    };
    // trailing empty repeats (a row padded to 1024 columns) are not materialised
    let n = if cell.is_none() {
        repeat.min(64)
    } else {
        repeat.min(1024)
    };
    for _ in 0..n {
        row.1.push(cell.clone());
    }
    n
}

/// Reads a sheet; with no sheet named, the first one that holds numbers (a workbook often opens on
/// a notes or sources sheet).
pub fn read_workbook(
    bytes: &[u8],
    name: &str,
    sheet: Option<&str>,
    w: &mut Warnings,
) -> Result<Table, Error> {
    let z = Zip::open(bytes)?;
    let is_xlsx = z.names().any(|n| n == "xl/workbook.xml");
    let read = |sheet: Option<&str>| {
        if is_xlsx {
            read_xlsx(&z, sheet)
        } else {
            read_ods(&z, sheet)
        }
    };
    let (first, names) = read(sheet)?;
    if sheet.is_none() && names.len() > 1 {
        for n in &names {
            let mut scratch = Warnings::default();
            let (s, _) = read(Some(n))?;
            if let Ok(t) = sheet_table(s, name, &names, &mut scratch) {
                if t.columns.iter().any(|c| c.kind == super::Kind::Number) {
                    w.extend(scratch);
                    return Ok(t);
                }
            }
        }
    }
    sheet_table(first, name, &names, w)
}

fn sheet_table(s: Sheet, name: &str, names: &[String], w: &mut Warnings) -> Result<Table, Error> {
    let mut rows = s.rows.into_iter().filter(|r| {
        r.1.iter()
            .any(|c| c.as_ref().is_some_and(|c| !c.0.trim().is_empty()))
    });
    let Some((header_row, header)) = rows.next() else {
        return Err(Error::new(
            "empty-input",
            format!("sheet '{}' is empty", s.name),
        ));
    };
    let width = header
        .iter()
        .rposition(|c| c.is_some())
        .map(|i| i + 1)
        .unwrap_or(0);
    let mut heads: Vec<String> = (0..width)
        .map(|k| match header.get(k) {
            Some(Some(c)) => c.0.trim().to_string(),
            _ => String::new(),
        })
        .collect();
    super::name_apart(&mut heads, header_row, w);
    let mut columns: Vec<Column> = heads.iter().map(|n| Column::new(n)).collect();
    let mut all_num = vec![true; width];
    let mut lines = Vec::new();
    for (line, cells) in rows {
        for (k, col) in columns.iter_mut().enumerate() {
            let c = cells.get(k).cloned().flatten();
            if let Some((t, num)) = &c {
                if !num && super::number::missing_kind(t).is_none() {
                    all_num[k] = false;
                }
            }
            col.cells.push(c.as_ref().map(|c| c.0.as_str()));
        }
        lines.push(line);
    }
    for (c, n) in columns.iter_mut().zip(all_num) {
        c.json_numbers = n;
    }
    if names.len() > 1 {
        w.push(
            "workbook",
            format!(
                "read sheet '{}' of {}: {}",
                s.name,
                names.len(),
                names.join(", ")
            ),
            Location::default(),
        );
    }
    let mut t = Table {
        name: name.to_string(),
        rows: lines.len(),
        columns,
        lines,
        delimiter: None,
    };
    t.infer_all(w);
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP of stored members (what [`Zip`] reads; no checksum is checked).
    fn zip(members: &[(&str, String)]) -> Vec<u8> {
        let m: Vec<(&str, Vec<u8>, u16, u32)> = members
            .iter()
            .map(|(n, b)| (*n, b.clone().into_bytes(), 0, b.len() as u32))
            .collect();
        zip_of(&m)
    }

    /// A ZIP of members as given: name, bytes, method (0 stored, 8 deflated), the size it says.
    fn zip_of(members: &[(&str, Vec<u8>, u16, u32)]) -> Vec<u8> {
        let (mut out, mut dir) = (Vec::new(), Vec::new());
        for (name, body, method, size) in members {
            let local = out.len() as u32;
            let (n, b) = (name.len() as u16, body.len() as u32);
            out.extend(0x0403_4b50u32.to_le_bytes());
            out.extend([20, 0, 0, 0]);
            out.extend(method.to_le_bytes());
            out.extend([0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend(b.to_le_bytes());
            out.extend(size.to_le_bytes());
            out.extend(n.to_le_bytes());
            out.extend([0, 0]);
            out.extend(name.as_bytes());
            out.extend(body);
            dir.extend(0x0201_4b50u32.to_le_bytes());
            dir.extend([20, 0, 20, 0, 0, 0]);
            dir.extend(method.to_le_bytes());
            dir.extend([0, 0, 0, 0, 0, 0, 0, 0]);
            dir.extend(b.to_le_bytes());
            dir.extend(size.to_le_bytes());
            dir.extend(n.to_le_bytes());
            dir.extend([0; 12]);
            dir.extend(local.to_le_bytes());
            dir.extend(name.as_bytes());
        }
        let at = out.len() as u32;
        let count = members.len() as u16;
        out.extend(&dir);
        out.extend(0x0605_4b50u32.to_le_bytes());
        out.extend([0, 0, 0, 0]);
        out.extend(count.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend((dir.len() as u32).to_le_bytes());
        out.extend(at.to_le_bytes());
        out.extend([0, 0]);
        out
    }

    fn xlsx(rows: &str) -> Vec<u8> {
        zip(&[
            ("xl/workbook.xml", r#"<workbook><sheets><sheet name="S" r:id="r1"/></sheets></workbook>"#.into()),
            ("xl/_rels/workbook.xml.rels", r#"<Relationships><Relationship Id="r1" Target="worksheets/sheet1.xml"/></Relationships>"#.into()),
            ("xl/worksheets/sheet1.xml", format!("<worksheet><sheetData>{rows}</sheetData></worksheet>")),
        ])
    }

    fn ods(rows: &str) -> Vec<u8> {
        zip(&[(
            "content.xml",
            format!(
                r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
            ),
        )])
    }

    fn read(bytes: &[u8]) -> Result<Table, Error> {
        read_workbook(bytes, "t", None, &mut Warnings::default())
    }

    #[test]
    fn a_small_sheet_reads_from_both_kinds_of_workbook() {
        let x = xlsx(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>v</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>01</t></is></c><c r="B2"><v>2.5</v></c></row>"#,
        );
        let o = ods(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>code</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>v</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>01</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2.5"><text:p>2,5</text:p></table:table-cell></table:table-row>"#,
        );
        for t in [read(&x).unwrap(), read(&o).unwrap()] {
            assert_eq!(t.columns.len(), 2);
            assert_eq!(t.columns[0].text(0), Some("01"));
            assert_eq!(t.columns[1].number(0), Some(2.5));
        }
    }

    #[test]
    fn columns_of_one_name_are_named_apart_and_reported_as_in_delimited_text() {
        // (two columns "pop" were one to choose from: the second was never read; the ODS's
        // numbers are their attributes alone, which were read as no cell)
        let cell = |t: &str| format!(r#"<c t="inlineStr"><is><t>{t}</t></is></c>"#);
        let x = xlsx(&format!(
            r#"<row r="3">{}{}{}{}</row><row r="4"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row>"#,
            cell("pop"),
            cell("pop"),
            cell(" "),
            cell("pop")
        ));
        let ocell = |t: &str| {
            format!(
                r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
            )
        };
        let o = ods(&format!(
            r#"<table:table-row>{}{}{}{}</table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell office:value-type="float" office:value="2"/><table:table-cell office:value-type="float" office:value="3"/><table:table-cell office:value-type="float" office:value="4"/></table:table-row>"#,
            ocell("pop"),
            ocell("pop"),
            ocell(" "),
            ocell("pop")
        ));
        for (bytes, row) in [(x, 3), (o, 1)] {
            let mut w = Warnings::default();
            let t = read_workbook(&bytes, "t", None, &mut w).unwrap();
            let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, ["pop", "pop (2)", "column 3", "pop (3)"]);
            assert_eq!(
                t.columns[3].text(0),
                Some("4"),
                "row {row}: {:?}",
                t.columns.iter().map(|c| c.text(0)).collect::<Vec<_>>()
            );
            let dup: Vec<_> = w
                .list
                .iter()
                .filter(|x| x.code == "duplicate-column")
                .collect();
            assert_eq!(dup.len(), 2, "{w:?}");
            assert_eq!((dup[1].at.line, dup[1].at.column), (Some(row), Some(4)));
            assert!(dup[1].message.contains("'pop (3)'"), "{}", dup[1].message);
        }
    }

    #[test]
    fn a_long_text_copied_into_many_cells_is_an_error_not_gigabytes() {
        // a shared string of 2 MB named by 100 cells: 200 MB of cells from a few KB of sheet
        let big = "x".repeat(2 << 20);
        let rows: String = (1..=100)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
            .collect();
        let x = zip(&[
            ("xl/workbook.xml", r#"<workbook><sheets><sheet name="S" r:id="r1"/></sheets></workbook>"#.into()),
            ("xl/_rels/workbook.xml.rels", r#"<Relationships><Relationship Id="r1" Target="worksheets/sheet1.xml"/></Relationships>"#.into()),
            ("xl/sharedStrings.xml", format!("<sst><si><t>{big}</t></si></sst>")),
            ("xl/worksheets/sheet1.xml", format!("<worksheet><sheetData>{rows}</sheetData></worksheet>")),
        ]);
        let Err(e) = read(&x) else { panic!("read") };
        // (64 copies fit in 128 MiB, the 65th does not)
        assert_eq!(e.message, "the sheet holds more than 134217728 bytes of text in its cells (at row 65): too large to read");
        // an OpenDocument cell of 1 MB repeated over 1,024 columns: 1 GB
        let o = ods(&format!(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1024" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            "y".repeat(1 << 20)
        ));
        let Err(e) = read(&o) else { panic!("read") };
        assert!(
            e.message.contains("bytes of text in its cells (at row 1)"),
            "{}",
            e.message
        );
        // cells of 2 MB that are the file's own text (no copy): read
        let rows: String = (1..=3)
            .map(|r| {
                format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{big}</t></is></c></row>"#)
            })
            .collect();
        assert_eq!(read(&xlsx(&rows)).unwrap().rows, 2);
    }

    #[test]
    fn a_member_that_inflates_past_what_it_says_is_an_error() {
        // (a ZIP bomb: 8 MB of zeros in a few KB, said to be 100 bytes)
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 8 << 20], 9);
        let sheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
        let mut members = vec![
            ("xl/workbook.xml", br#"<workbook><sheets><sheet name="S" r:id="r1"/></sheets></workbook>"#.to_vec(), 0, 66),
            ("xl/_rels/workbook.xml.rels", br#"<Relationships><Relationship Id="r1" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec(), 0, 89),
            ("xl/worksheets/sheet1.xml", bomb, 8, 100),
        ];
        for m in members.iter_mut().take(2) {
            m.3 = m.1.len() as u32;
        }
        let e = read(&zip_of(&members)).unwrap_err();
        assert_eq!(
            e.message,
            "broken workbook (ZIP): xl/worksheets/sheet1.xml: cannot inflate"
        );
        // deflated and saying its size: read
        let deflated = miniz_oxide::deflate::compress_to_vec(sheet.as_bytes(), 6);
        members[2] = ("xl/worksheets/sheet1.xml", deflated, 8, sheet.len() as u32);
        assert_eq!(read(&zip_of(&members)).unwrap().columns.len(), 1);
    }

    #[test]
    fn a_cell_past_xfd_or_more_cells_than_a_table_can_hold_is_an_error_not_gigabytes() {
        // (a reference like ZZZZZZZZ2 padded its row to 6.9 TB of cells: the engine died asking)
        for r in ["XFE2", "ZZZZZZZZ2", "ZZZZZZZZZZZZZZZZZZZZ2"] {
            let x = xlsx(&format!(
                r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="{r}"><v>2</v></c></row>"#
            ));
            let Err(e) = read(&x) else { panic!("{r}") };
            assert_eq!(
                e.message,
                format!("t: cell {r} (row 2) is past the last column a sheet can have, XFD")
                    .replace("t: ", "")
            );
        }
        // the last column is one
        let x = xlsx(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1" t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>"#,
        );
        assert_eq!(read(&x).unwrap().columns.len(), 16_384);
        // rows that each reach column XFD: 16,384 cells a row
        let row = |r: u32| format!(r#"<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>"#);
        let many: String = (1..=600).map(row).collect();
        let Err(e) = read(&xlsx(&many)) else {
            panic!("read")
        };
        assert!(
            e.message
                .starts_with("the sheet holds more than 8388608 cells (at row 513)"),
            "{}",
            e.message
        );
        // an OpenDocument cell repeated in a row repeated: a million cells a row element
        let cell = r#"<table:table-cell table:number-columns-repeated="1024" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;
        let rows: String = (0..12)
            .map(|_| format!(r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>{cell}</table:table-row>"#))
            .collect();
        let Err(e) = read(&ods(&rows)) else {
            panic!("read")
        };
        assert!(
            e.message.contains("more than 8388608 cells"),
            "{}",
            e.message
        );
    }
}
