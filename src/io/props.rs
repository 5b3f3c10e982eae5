//! A layer's properties as they are read, feature after feature, straight into columns (one per
//! name, in order of first appearance): no tree of values per feature. GeoJSON's `properties` and
//! TopoJSON's read the same way.

use crate::error::Error;
use crate::fxhash::FxMap;
use crate::io::json::{Reader, Value};
use crate::table::Column;

/// What a layer's rows and columns are called in messages.
const WORDS: [&str; 2] = ["features", "properties"];

#[derive(Default)]
pub(crate) struct Props {
    index: FxMap<String, usize>,
    cols: Vec<Column>,
    /// per column: every value so far a JSON number (or null)
    all_num: Vec<bool>,
    /// the size of the text the properties come from (see [`crate::table::SPARE_CELLS`])
    bytes: usize,
}

impl Props {
    /// Sets `key` of row `row`; false when it was already set for this row (a duplicate member:
    /// the first value is kept), an error when a new column makes the rows so far more cells than
    /// their text may (see [`crate::table::SPARE_CELLS`]).
    pub(crate) fn set(
        &mut self,
        row: usize,
        key: &str,
        val: Option<&str>,
        is_num: bool,
    ) -> Result<bool, String> {
        let ci = match self.index.get(key) {
            Some(&i) => i,
            None => {
                // (the rows before, and those after without it, are padded)
                crate::table::check_cells(row + 1, self.cols.len() + 1, self.bytes, WORDS)?;
                self.cols.push(Column::new(key));
                self.all_num.push(true);
                self.index.insert(key.to_string(), self.cols.len() - 1);
                self.cols.len() - 1
            }
        };
        let c = &mut self.cols[ci];
        // (rows before without this member, a new column's too: no value)
        while c.len() < row {
            c.cells.push(None);
        }
        if c.len() > row {
            return Ok(false);
        }
        if val.is_some() && !is_num {
            self.all_num[ci] = false;
        }
        c.cells.push(val);
        Ok(true)
    }

    /// The object at the reader (its `{` next) as row `row`: strings as they are, numbers as
    /// written, `null` as no value, nested values as compact JSON. Returns the members set twice
    /// (name and offset), usually none.
    pub(crate) fn read_object(
        &mut self,
        r: &mut Reader,
        row: usize,
    ) -> Result<Vec<(String, usize)>, Error> {
        let mut dups = Vec::new();
        self.bytes = r.b.len();
        if r.begin_object()? {
            loop {
                let (k, at) = r.key()?;
                let ok = match r.peek() {
                    Some(b'"') => {
                        let s = r.string()?;
                        self.set(row, &k, Some(&s), false)
                    }
                    Some(b'{') | Some(b'[') => {
                        let v = r.value()?;
                        self.set(row, &k, v.to_cell().as_deref(), false)
                    }
                    _ => {
                        let v = r.scalar()?;
                        let is_num = matches!(v, Value::Num(..));
                        self.set(row, &k, v.to_cell().as_deref(), is_num)
                    }
                }
                .map_err(|m| r.err_at(at, "table-size", format!("feature {row}: {m}")))?;
                if !ok {
                    dups.push((k.into_owned(), at));
                }
                if !r.object_next()? {
                    break;
                }
            }
        }
        Ok(dups)
    }

    /// The columns, each `rows` long, those of JSON numbers flagged so; an error if that is more
    /// cells than their text may make (see [`crate::table::SPARE_CELLS`]).
    pub(crate) fn into_columns(self, rows: usize) -> Result<Vec<Column>, Error> {
        crate::table::check_cells(rows, self.cols.len(), self.bytes, WORDS)
            .map_err(|m| Error::new("table-size", m))?;
        let mut cols = self.cols;
        for (c, num) in cols.iter_mut().zip(self.all_num) {
            while c.len() < rows {
                c.cells.push(None);
            }
            c.json_numbers = num;
        }
        Ok(cols)
    }
}
