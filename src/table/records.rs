//! JSON arrays of records (`[{"id": 1, "rate": 0.3}, …]`), as exported by many tools and APIs.

use super::{Column, Table};
use crate::error::{Error, Warnings};
use crate::fxhash::FxMap;
use crate::io::json::{self, Value};

pub fn read_records(text: &str, name: &str, warnings: &mut Warnings) -> Result<Table, Error> {
    let v = json::parse(text)?;
    let arr = v
        .as_array()
        .ok_or_else(|| Error::new("format", "expected a JSON array of records"))?;
    let mut columns: Vec<Column> = Vec::new();
    let mut is_num: Vec<bool> = Vec::new();
    // a member's column by its name (looked up among all the columns, a record of thousands of
    // members took seconds)
    let mut index: FxMap<&str, usize> = FxMap::default();
    for (row, rec) in arr.iter().enumerate() {
        let Value::Obj(members) = rec else {
            return Err(Error::new(
                "format",
                format!("record {row} is a {}, not an object", rec.kind()),
            ));
        };
        for (k, val) in members {
            let ci = match index.get(&**k) {
                Some(&i) => i,
                None => {
                    // (records without this member are padded: cells the text does not hold)
                    super::check_cells(
                        arr.len(),
                        columns.len() + 1,
                        text.len(),
                        ["records", "members"],
                    )
                    .map_err(|m| Error::new("table-size", format!("record {row}: {m}")))?;
                    index.insert(k, columns.len());
                    let mut c = Column::new(k);
                    for _ in 0..row {
                        c.cells.push(None);
                    }
                    columns.push(c);
                    is_num.push(true);
                    columns.len() - 1
                }
            };
            let col = &mut columns[ci];
            if col.len() > row {
                continue; // duplicate member: first wins
            }
            if !matches!(val, Value::Num(..) | Value::Null) {
                is_num[ci] = false;
            }
            col.cells.push(val.to_cell().as_deref());
        }
        for c in columns.iter_mut() {
            if c.len() <= row {
                c.cells.push(None);
            }
        }
    }
    for (c, n) in columns.iter_mut().zip(is_num) {
        c.json_numbers = n;
    }
    let mut t = Table {
        name: name.to_string(),
        columns,
        rows: arr.len(),
        lines: Vec::new(),
        delimiter: None,
    };
    t.infer_all(warnings);
    Ok(t)
}
