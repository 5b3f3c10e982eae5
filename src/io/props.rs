//! A layer's properties as they are read, feature after feature, straight into columns (one per
//! name, in order of first appearance): no tree of values per feature. GeoJSON's `properties` and
//! TopoJSON's read the same way.

use crate::error::Error;
use crate::fxhash::FxMap;
use crate::io::json::{Reader, Value};
use crate::table::Column;

#[derive(Default)]
pub(crate) struct Props {
    index: FxMap<String, usize>,
    cols: Vec<Column>,
    /// per column: every value so far a JSON number (or null)
    all_num: Vec<bool>,
}

impl Props {
    /// Sets `key` of row `row`; false when it was already set for this row (a duplicate member:
    /// the first value is kept).
    pub(crate) fn set(&mut self, row: usize, key: &str, val: Option<&str>, is_num: bool) -> bool {
        let ci = match self.index.get(key) {
            Some(&i) => i,
            None => {
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
            return false;
        }
        if val.is_some() && !is_num {
            self.all_num[ci] = false;
        }
        c.cells.push(val);
        true
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
                };
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

    /// The columns, each `rows` long, those of JSON numbers flagged so.
    pub(crate) fn into_columns(self, rows: usize) -> Vec<Column> {
        let mut cols = self.cols;
        for (c, num) in cols.iter_mut().zip(self.all_num) {
            while c.len() < rows {
                c.cells.push(None);
            }
            c.json_numbers = num;
        }
        cols
    }
}
