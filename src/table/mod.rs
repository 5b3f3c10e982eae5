//! Tables of statistics: typed columns that always keep the original text, so a code such as
//! `01001` or `2A004` never loses its leading zero and any inferred type can be overridden.

pub mod csv;
pub mod derive;
pub mod number;
pub mod records;
pub mod search;
pub mod workbook;
pub mod write;
pub mod xml;
pub mod zip;

use crate::error::{Location, Warnings};
use number::{missing_kind, parse_number, MissingKind, NumStyle};

/// Text cells of one column in one buffer: `data[ends[i-1]..ends[i]]`, with a presence flag.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextCells {
    data: String,
    ends: Vec<u32>,
    present: Vec<bool>,
}

impl TextCells {
    pub fn push(&mut self, v: Option<&str>) {
        if let Some(s) = v {
            self.data.push_str(s);
        }
        self.ends.push(self.data.len() as u32);
        self.present.push(v.is_some());
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The buffer, the end of each cell and whether each is present (for snapshots).
    pub(crate) fn parts(&self) -> (&str, &[u32], &[bool]) {
        (&self.data, &self.ends, &self.present)
    }
    /// Rebuilds cells from [`TextCells::parts`], checking that every cell is a valid slice.
    pub(crate) fn from_parts(data: String, ends: Vec<u32>, present: Vec<bool>) -> Option<Self> {
        let mut prev = 0usize;
        for &e in &ends {
            let e = e as usize;
            if e < prev || e > data.len() || !data.is_char_boundary(e) {
                return None;
            }
            prev = e;
        }
        (ends.len() == present.len()).then_some(TextCells {
            data,
            ends,
            present,
        })
    }
    /// Appends the cells of `other` after these.
    pub fn append(&mut self, other: &TextCells) {
        let base = self.data.len() as u32;
        // (exactly: see `Layer::append`)
        self.data.reserve_exact(other.data.len());
        self.ends.reserve_exact(other.ends.len());
        self.present.reserve_exact(other.present.len());
        self.data.push_str(&other.data);
        self.ends.extend(other.ends.iter().map(|&e| e + base));
        self.present.extend_from_slice(&other.present);
    }
    /// Every cell in order (`None` where absent).
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
    pub fn get(&self, i: usize) -> Option<&str> {
        if !*self.present.get(i)? {
            return None;
        }
        let a = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.data[a..self.ends[i] as usize])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An identifier: compared as text, never as a number.
    Key,
    Number,
    Text,
    /// No value at all.
    Empty,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Key => "key",
            Kind::Number => "number",
            Kind::Text => "text",
            Kind::Empty => "empty",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "key" => Some(Kind::Key),
            "number" => Some(Kind::Number),
            "text" => Some(Kind::Text),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    pub cells: TextCells,
    pub kind: Kind,
    /// One value per row for number columns (NaN where missing); empty otherwise.
    pub numbers: Vec<f64>,
    pub style: NumStyle,
    pub percent: bool,
    /// Every present value was a JSON number (not text).
    pub json_numbers: bool,
}

impl Column {
    pub fn new(name: &str) -> Self {
        Column {
            name: name.to_string(),
            cells: TextCells::default(),
            kind: Kind::Text,
            numbers: Vec::new(),
            style: NumStyle::En,
            percent: false,
            json_numbers: false,
        }
    }
    pub fn text(&self, row: usize) -> Option<&str> {
        self.cells.get(row)
    }
    pub fn len(&self) -> usize {
        self.cells.len()
    }
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
    /// Value of a row as a number, if the column is numeric and the cell present.
    pub fn number(&self, row: usize) -> Option<f64> {
        self.numbers.get(row).copied().filter(|v| !v.is_nan())
    }

    /// Infers the kind of the column from its values.
    /// `prefer_fr` breaks ties between `1,234` read French or English (a `;`-separated file).
    /// `line_of(row)` and `col_no` locate warnings.
    pub fn infer(
        &mut self,
        prefer_fr: bool,
        warnings: &mut Warnings,
        line_of: &dyn Fn(usize) -> Option<u32>,
        col_no: u32,
    ) {
        let n = self.len();
        // the cells walked twice, once for what decides a key and once for the numbers, without
        // gathering them in lists (two took 2.5 MB for 35,000 rows at a load's peak, which the
        // page's memory keeps) nor walking them once per question (a CSV's load 38 → 52 ms)
        let cells = &self.cells;
        let values = || {
            (0..n)
                .filter_map(|i| cells.get(i))
                .filter(|s| missing_kind(s) != Some(MissingKind::Empty))
        };
        let (mut count, mut leading_zero, mut code_like) = (0usize, false, 0usize);
        for s in values() {
            count += 1;
            leading_zero = leading_zero || has_leading_zero(s);
            code_like += is_code_like(s) as usize;
        }
        if count == 0 {
            self.kind = Kind::Empty;
            return;
        }
        // (the decimals walked for a column whose name says key only)
        let decimals = || values().any(is_fraction);
        if leading_zero || code_like * 2 > count || (name_says_key(&self.name) && !decimals()) {
            self.kind = Kind::Key;
            return;
        }
        // whether every value reads as a number written in English, in French: a column is text
        // from its first value that reads as neither (a column of names at its first cell, not
        // every name asked both ways)
        let json_numbers = self.json_numbers;
        let (mut real, mut en, mut fr) = (0usize, true, !json_numbers);
        for s in (0..n)
            .filter_map(|i| cells.get(i))
            .filter(|s| missing_kind(s).is_none())
        {
            real += 1;
            if !json_numbers {
                en = en && parse_number(s, NumStyle::En).is_some();
                fr = fr && parse_number(s, NumStyle::Fr).is_some();
                if !en && !fr {
                    break;
                }
            }
        }
        if real == 0 || !(en || fr) {
            self.kind = Kind::Text;
            return;
        }
        self.style = if fr && (!en || prefer_fr) {
            NumStyle::Fr
        } else {
            NumStyle::En
        };
        self.kind = Kind::Number;
        self.compute_numbers(Some((warnings, line_of, col_no)));
    }

    /// Forces a kind (the user's override), recomputing numbers.
    pub fn set_kind(&mut self, kind: Kind) {
        self.kind = kind;
        if kind == Kind::Number {
            // choose the style that reads the most cells
            let count = |st| {
                (0..self.len())
                    .filter(|&i| self.text(i).and_then(|s| parse_number(s, st)).is_some())
                    .count()
            };
            self.style = if count(NumStyle::Fr) > count(NumStyle::En) {
                NumStyle::Fr
            } else {
                NumStyle::En
            };
            self.compute_numbers(None);
        } else {
            self.numbers.clear();
        }
    }

    #[allow(clippy::type_complexity)]
    fn compute_numbers(
        &mut self,
        mut warn: Option<(&mut Warnings, &dyn Fn(usize) -> Option<u32>, u32)>,
    ) {
        let n = self.len();
        let mut nums = Vec::with_capacity(n);
        let mut percent = false;
        for i in 0..n {
            let v = match self.cells.get(i) {
                None => f64::NAN,
                Some(s) => match missing_kind(s) {
                    Some(k) => {
                        if k != MissingKind::Empty {
                            if let Some((w, line_of, col)) = warn.as_mut() {
                                let at = Location {
                                    line: line_of(i),
                                    column: Some(*col),
                                    ..Default::default()
                                };
                                let what = if k == MissingKind::ExcelError {
                                    "Excel error value"
                                } else {
                                    "missing-value marker"
                                };
                                w.push(
                                    "missing-value",
                                    format!(
                                        "{what} '{}' in column '{}' read as missing",
                                        s.trim(),
                                        self.name
                                    ),
                                    at,
                                );
                            }
                        }
                        f64::NAN
                    }
                    None => match parse_number(s, self.style) {
                        Some((v, p)) => {
                            percent |= p;
                            v
                        }
                        None => f64::NAN,
                    },
                },
            };
            nums.push(v);
        }
        self.numbers = nums;
        self.percent = percent;
    }
}

/// Identifier columns stay text: leading zeros (`01`, `06`), letters among digits (`2A004`), or a
/// name that says so (`code`, `id`, `insee`, `fips`, `iso`…) unless the values have decimals (see
/// [`Column::infer`]).
fn name_says_key(name: &str) -> bool {
    let lname = crate::case::lower_str(name);
    let key_names = [
        "code",
        "id",
        "insee",
        "fips",
        "iso",
        "iso_alpha",
        "iso_num",
        "geoid",
        "key",
        "cle",
        "clé",
        "codgeo",
        "com",
        "dep",
        "reg",
        "siren",
        "district_id",
        "a3",
    ];
    let tokens: Vec<&str> = lname
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    key_names.contains(&lname.as_str())
        || tokens
            .first()
            .is_some_and(|t| *t == "code" || *t == "id" || *t == "cod")
        || tokens
            .last()
            .is_some_and(|t| *t == "id" || *t == "code" || *t == "insee" || *t == "fips")
}

/// `01`, `06`: digits after a leading zero (a code, not a number).
fn has_leading_zero(s: &str) -> bool {
    let t = s.trim();
    t.len() > 1 && t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit())
}

/// A measurement with decimals (`12.5`), not a code.
fn is_fraction(s: &str) -> bool {
    s.contains('.')
        && s.trim()
            .parse::<f64>()
            .map(|v| v.fract() != 0.0)
            .unwrap_or(false)
}

fn is_code_like(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 2
        && t.len() <= 12
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes().any(|b| b.is_ascii_alphabetic())
        && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The cells a table may hold beyond one per byte of its text. A missing cell takes no byte (a
/// row shorter than the header, a property only some features have), so a few hundred KB can ask
/// for billions of them (100,000 columns of 100,000 rows, each row one character): the engine
/// would die asking for the memory, the page with it. A table's cells present in its text are at
/// most one per byte; 8 million more, ~40 MB of empty cells, is far more than any table to map.
pub const SPARE_CELLS: usize = 1 << 23;

/// `Err` with the message's end when `rows` (features, records) of `columns` (properties,
/// members) are more cells than a text of `bytes` bytes may make (see [`SPARE_CELLS`]), as
/// "4000 rows of 2109 columns would be …" with `[rows, columns]` the words.
pub fn check_cells(
    rows: usize,
    columns: usize,
    bytes: usize,
    words: [&str; 2],
) -> Result<(), String> {
    let cells = rows.saturating_mul(columns);
    if cells <= bytes.saturating_add(SPARE_CELLS) {
        return Ok(());
    }
    let [r, c] = words;
    // (grouped, as 2,400,000,000: ten digits in a row are hard to read)
    let n = |x: usize| crate::format::format_number(x as f64, 0, crate::format::Locale::En);
    Err(format!(
        "{} {r} of {} {c} would be {} cells, most of them empty, from {} bytes: too large to read",
        n(rows),
        n(columns),
        n(cells),
        n(bytes)
    ))
}

/// Every column named, and apart: an empty name becomes `column k` (1-based), a name taken
/// before becomes `name (2)`, `name (3)`…, with a warning at its place in the header (line
/// `line`): two columns of one name were one to choose from, the second never read. Each name is
/// looked up once (a file of one long line read as a table has thousands of columns: each
/// searched for among all those before it took seconds).
pub fn name_apart(names: &mut [String], line: u32, warnings: &mut Warnings) {
    // every name taken, with the next number to try after it (the same map as a layer's
    // properties', for the engine's size)
    type Taken = crate::fxhash::FxMap<String, usize>;
    // (one lookup, not inlined at each use: the engine's size)
    #[inline(never)]
    fn find<'t>(taken: &'t mut Taken, name: &str) -> Option<&'t mut usize> {
        taken.get_mut(name)
    }
    let mut taken = Taken::default();
    for (k, n) in names.iter_mut().enumerate() {
        if n.is_empty() {
            *n = format!("column {}", k + 1);
        }
        let base = n.clone();
        let mut next = find(&mut taken, n).map(|j| *j);
        while let Some(j) = next {
            *n = format!("{base} ({j})");
            // (the next to try after the base)
            if let Some(b) = find(&mut taken, &base) {
                *b = j + 1;
            }
            next = find(&mut taken, n).map(|_| j + 1);
        }
        if *n != base {
            warnings.push(
                "duplicate-column",
                format!("column name '{base}' appears twice; the second is called '{n}'"),
                Location::line_col(line, k as u32 + 1),
            );
        }
        taken.insert(n.clone(), 2);
    }
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: usize,
    /// Physical line where each row starts (CSV), for messages. Empty when it does not apply.
    pub lines: Vec<u32>,
    /// The delimiter detected, for delimited text.
    pub delimiter: Option<char>,
}

impl Table {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| {
                let l = crate::case::lower_str(name.trim());
                self.columns
                    .iter()
                    .position(|c| crate::case::lower_str(c.name.trim()) == l)
            })
    }
    /// Every column has one cell per row (and one number per row if it has numbers).
    pub fn check(&self) -> Result<(), String> {
        for c in &self.columns {
            if c.len() != self.rows || !(c.numbers.is_empty() || c.numbers.len() == self.rows) {
                return Err(format!(
                    "column '{}' does not have one cell per row",
                    c.name
                ));
            }
        }
        Ok(())
    }
    pub fn line_of(&self, row: usize) -> Option<u32> {
        self.lines.get(row).copied()
    }
    /// Infers every column's kind.
    pub fn infer_all(&mut self, warnings: &mut Warnings) {
        let prefer_fr = self.delimiter == Some(';');
        let lines = self.lines.clone();
        let line_of = move |r: usize| lines.get(r).copied();
        for (i, c) in self.columns.iter_mut().enumerate() {
            c.infer(prefer_fr, warnings, &line_of, i as u32 + 1);
        }
    }
    /// The first numeric columns, for defaults.
    pub fn numeric_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.columns[i].kind == Kind::Number)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, vals: &[&str]) -> Column {
        let mut c = Column::new(name);
        for v in vals {
            c.cells.push(Some(v));
        }
        let mut w = Warnings::default();
        c.infer(true, &mut w, &|r| Some(r as u32 + 2), 1);
        c
    }

    #[test]
    fn codes_with_leading_zeros_or_letters_stay_keys() {
        assert_eq!(col("dep", &["01", "2A", "971"]).kind, Kind::Key);
        assert_eq!(col("x", &["01001", "2A004", "75056"]).kind, Kind::Key);
        assert_eq!(col("id", &["1001", "1003"]).kind, Kind::Key);
        assert_eq!(col("population", &["1001", "1003"]).kind, Kind::Number);
    }

    #[test]
    fn french_column_reads_decimal_comma_and_excel_errors_as_missing() {
        let c = col("densité", &["117,42", "1 234,5", "#N/A", "-"]);
        assert_eq!(c.kind, Kind::Number);
        assert_eq!(c.style, NumStyle::Fr);
        assert_eq!(c.number(0), Some(117.42));
        assert_eq!(c.number(1), Some(1234.5));
        assert_eq!(c.number(2), None);
        assert_eq!(c.text(0), Some("117,42"), "original text kept");
    }

    #[test]
    fn override_turns_a_key_into_numbers() {
        let mut c = col("id", &["1001", "01003"]);
        assert_eq!(c.kind, Kind::Key);
        c.set_kind(Kind::Number);
        assert_eq!(c.number(1), Some(1003.0));
    }
}
