//! Joining a table to a layer by code, without lying: keys are normalised the way people expect
//! (trim, case, accents, zero-padding to the width the geometry side uses: `1001` → `01001`), and
//! the report lists what matched, what did not on either side, and every duplicate key. A key that
//! appears on several table rows is ambiguous: its feature gets no value rather than an arbitrary one.

use crate::geom::Layer;
use crate::jsonw::{self, Obj};
use crate::table::Table;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug)]
pub struct JoinOptions {
    pub trim: bool,
    pub ignore_case: bool,
    pub ignore_accents: bool,
    pub pad_zeros: bool,
}

impl Default for JoinOptions {
    fn default() -> Self {
        JoinOptions {
            trim: true,
            ignore_case: true,
            ignore_accents: true,
            pad_zeros: true,
        }
    }
}

/// Where the geometry side's key comes from.
#[derive(Clone, Debug)]
pub enum GeoKey {
    /// The feature `id`.
    Id,
    /// A property column.
    Column(usize),
}

#[derive(Clone, Debug, Default)]
pub struct JoinReport {
    pub features: usize,
    pub rows: usize,
    /// features that received exactly one row
    pub matched: usize,
    /// (key, row, physical line)
    pub unmatched_rows: Vec<(String, usize, Option<u32>)>,
    /// (feature, key)
    pub unmatched_features: Vec<(usize, Option<String>)>,
    /// (key, rows, lines) for keys on several table rows
    pub duplicate_rows: Vec<(String, Vec<usize>, Vec<Option<u32>>)>,
    /// (key, features) for keys on several features
    pub duplicate_features: Vec<(String, Vec<usize>)>,
    /// Width numeric codes were padded to, if any.
    pub padded_to: Option<usize>,
    /// Table row joined to each feature (`None`: no row, or an ambiguous key).
    pub feature_row: Vec<Option<u32>>,
    /// Rows left out by a filter.
    pub filtered_out: usize,
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'Ç' => 'C',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'Ñ' => 'N',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'Ý' | 'Ÿ' => 'Y',
        '’' | '‘' => '\'',
        c => c,
    }
}

/// The key as compared. `width`: pad all-digit keys to this many digits.
pub fn normalize(s: &str, o: &JoinOptions, width: Option<usize>) -> String {
    let mut t: String = if o.trim {
        s.trim().to_string()
    } else {
        s.to_string()
    };
    // Excel writes codes as floats: 1001.0
    if let Some(p) = t.find('.') {
        if p > 0
            && t[..p].bytes().all(|b| b.is_ascii_digit())
            && t[p + 1..].bytes().all(|b| b == b'0')
            && p + 1 < t.len()
        {
            t.truncate(p);
        }
    }
    if t.is_ascii() {
        // codes are nearly always ASCII: no accent to fold, and lower case in place (one allocation
        // per key instead of four: a join of 35,000 communes on both sides)
        if o.ignore_case {
            t.make_ascii_lowercase();
        }
    } else {
        if o.ignore_accents {
            t = t.chars().map(fold_accent).collect();
            t = t.replace(['œ', 'Œ'], "oe");
        }
        if o.ignore_case {
            t = t.to_lowercase();
        }
    }
    if let Some(w) = width {
        if o.pad_zeros && !t.is_empty() && t.len() < w && t.bytes().all(|b| b.is_ascii_digit()) {
            t = format!("{}{}", "0".repeat(w - t.len()), t);
        }
    }
    t
}

/// The most common length of the all-digit keys on the geometry side (`01`…`95` → 2).
fn pad_width(keys: &[Option<&str>]) -> Option<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for k in keys.iter().flatten() {
        let t = k.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            *counts.entry(t.len()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(len, n)| (n, len))
        .map(|(len, _)| len)
        .filter(|&l| l > 1)
}

/// Joins `table` to `layer`. `filter`: keep only rows whose column has this text (one year of a
/// long table, say).
pub fn join(
    layer: &Layer,
    geo_key: &GeoKey,
    table: &Table,
    table_key: usize,
    o: &JoinOptions,
    filter: Option<(usize, &str)>,
) -> JoinReport {
    let col = match geo_key {
        GeoKey::Id => None,
        GeoKey::Column(c) => Some(*c),
    };
    let n = layer.len();
    let geo_keys: Vec<Option<&str>> = (0..n).map(|f| layer.key(col, f)).collect();
    let width = if o.pad_zeros {
        pad_width(&geo_keys)
    } else {
        None
    };
    let mut rep = JoinReport {
        features: n,
        rows: table.rows,
        padded_to: width,
        feature_row: vec![None; n],
        ..Default::default()
    };
    // table side
    let mut rows_by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let tk = &table.columns[table_key];
    for r in 0..table.rows {
        if let Some((fc, fv)) = filter {
            if table.columns[fc].text(r).map(|s| s.trim()) != Some(fv.trim()) {
                rep.filtered_out += 1;
                continue;
            }
        }
        let Some(k) = tk.text(r) else {
            rep.unmatched_rows
                .push((String::new(), r, table.line_of(r)));
            continue;
        };
        let nk = normalize(k, o, width);
        if nk.is_empty() {
            rep.unmatched_rows
                .push((String::new(), r, table.line_of(r)));
            continue;
        }
        let e = rows_by_key.entry(nk.clone()).or_default();
        if e.is_empty() {
            order.push(nk);
        }
        e.push(r);
    }
    // geometry side
    let mut feats_by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut forder = Vec::new();
    for (f, k) in geo_keys.iter().enumerate() {
        match k.map(|k| normalize(k, o, width)).filter(|k| !k.is_empty()) {
            Some(nk) => {
                let e = feats_by_key.entry(nk.clone()).or_default();
                if e.is_empty() {
                    forder.push(nk);
                }
                e.push(f);
            }
            None => rep.unmatched_features.push((f, None)),
        }
    }
    for k in &forder {
        let feats = &feats_by_key[k];
        if feats.len() > 1 {
            rep.duplicate_features.push((
                layer.key(col, feats[0]).unwrap_or(k).to_string(),
                feats.clone(),
            ));
        }
        match rows_by_key.get(k) {
            Some(rows) if rows.len() == 1 => {
                for &f in feats {
                    rep.feature_row[f] = Some(rows[0] as u32);
                    rep.matched += 1;
                }
            }
            Some(_) => {} // ambiguous: reported below, no value given
            None => {
                for &f in feats {
                    rep.unmatched_features
                        .push((f, layer.key(col, f).map(|s| s.to_string())));
                }
            }
        }
    }
    for k in &order {
        let rows = &rows_by_key[k];
        let original = tk.text(rows[0]).unwrap_or(k).to_string();
        if rows.len() > 1 {
            rep.duplicate_rows.push((
                original.clone(),
                rows.clone(),
                rows.iter().map(|&r| table.line_of(r)).collect(),
            ));
        }
        if !feats_by_key.contains_key(k) {
            for &r in rows {
                rep.unmatched_rows
                    .push((original.clone(), r, table.line_of(r)));
            }
        }
    }
    rep.unmatched_features.sort_by_key(|x| x.0);
    rep.unmatched_rows.sort_by_key(|x| x.1);
    rep
}

const LIST_MAX: usize = 200;

impl JoinReport {
    /// Features whose key is on several table rows (they get no value).
    pub fn ambiguous_features(&self) -> usize {
        self.features - self.matched - self.unmatched_features.len()
    }

    pub fn to_json(&self) -> String {
        let line = |l: &Option<u32>| l.map(|l| l.to_string()).unwrap_or_else(|| "null".into());
        Obj::new()
            .n("features", self.features as f64)
            .n("rows", self.rows as f64)
            .n("matched", self.matched as f64)
            .n("ambiguousFeatures", self.ambiguous_features() as f64)
            .n("filteredOut", self.filtered_out as f64)
            .raw(
                "paddedTo",
                &self
                    .padded_to
                    .map(|w| w.to_string())
                    .unwrap_or_else(|| "null".into()),
            )
            .n("unmatchedRowCount", self.unmatched_rows.len() as f64)
            .raw(
                "unmatchedRows",
                &jsonw::arr(self.unmatched_rows.iter().take(LIST_MAX).map(|(k, r, l)| {
                    Obj::new()
                        .s("key", k)
                        .n("row", *r as f64)
                        .raw("line", &line(l))
                        .done()
                })),
            )
            .n(
                "unmatchedFeatureCount",
                self.unmatched_features.len() as f64,
            )
            .raw(
                "unmatchedFeatures",
                &jsonw::arr(self.unmatched_features.iter().take(LIST_MAX).map(|(f, k)| {
                    Obj::new()
                        .n("feature", *f as f64)
                        .opt_s("key", k.as_deref())
                        .done()
                })),
            )
            .n("duplicateRowKeyCount", self.duplicate_rows.len() as f64)
            .raw(
                "duplicateRowKeys",
                &jsonw::arr(
                    self.duplicate_rows
                        .iter()
                        .take(LIST_MAX)
                        .map(|(k, rows, lines)| {
                            Obj::new()
                                .s("key", k)
                                .raw("rows", &jsonw::arr(rows.iter().map(|r| r.to_string())))
                                .raw("lines", &jsonw::arr(lines.iter().map(line)))
                                .done()
                        }),
                ),
            )
            .n(
                "duplicateFeatureKeyCount",
                self.duplicate_features.len() as f64,
            )
            .raw(
                "duplicateFeatureKeys",
                &jsonw::arr(
                    self.duplicate_features
                        .iter()
                        .take(LIST_MAX)
                        .map(|(k, fs)| {
                            Obj::new()
                                .s("key", k)
                                .raw("features", &jsonw::arr(fs.iter().map(|f| f.to_string())))
                                .done()
                        }),
                ),
            )
            .done()
    }
}

/// A layer "joined" to its own properties: feature i ↔ row i.
pub fn identity(n: usize) -> JoinReport {
    JoinReport {
        features: n,
        rows: n,
        matched: n,
        feature_row: (0..n as u32).map(Some).collect(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_pads_folds_case_and_accents() {
        let o = JoinOptions::default();
        assert_eq!(normalize(" 1001 ", &o, Some(5)), "01001");
        assert_eq!(normalize("1001.0", &o, Some(5)), "01001");
        assert_eq!(normalize("2A004", &o, Some(5)), "2a004");
        assert_eq!(normalize("Côte-d'Or", &o, None), "cote-d'or");
        assert_eq!(normalize("971", &o, Some(2)), "971");
    }

    #[test]
    fn pad_width_is_the_most_common_digit_length() {
        assert_eq!(
            pad_width(&[Some("01"), Some("02"), Some("2A"), Some("971")]),
            Some(2)
        );
        assert_eq!(pad_width(&[Some("FRA"), None]), None);
    }
}
