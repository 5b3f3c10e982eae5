//! Joining a table to a layer by code, without lying: keys are normalised the way people expect
//! (trim, case, accents, zero-padding to the width the geometry side uses: `1001` → `01001`), and
//! the report lists what matched, what did not on either side, and every duplicate key. A key that
//! appears on several table rows is ambiguous: its feature gets no value rather than an arbitrary one.

use crate::fxhash::FxMap;
use crate::geom::Layer;
use crate::jsonw::{self, Obj};
use crate::table::Table;
use std::collections::hash_map::Entry;

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

pub(crate) fn fold_accent(c: char) -> char {
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
    let mut out = String::new();
    normalize_into(s, o, width, &mut out);
    out
}

/// [`normalize`], appended to `out` (a join writes all its keys into one buffer).
fn normalize_into(s: &str, o: &JoinOptions, width: Option<usize>, out: &mut String) {
    let mut t = if o.trim { s.trim() } else { s };
    // Excel writes codes as floats: 1001.0
    if let Some(p) = t.find('.') {
        if p > 0
            && t[..p].bytes().all(|b| b.is_ascii_digit())
            && t[p + 1..].bytes().all(|b| b == b'0')
            && p + 1 < t.len()
        {
            t = &t[..p];
        }
    }
    let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(w) = width.filter(|&w| o.pad_zeros && digits && t.len() < w) {
        out.extend(std::iter::repeat_n('0', w - t.len()));
    }
    if t.is_ascii() {
        // codes are nearly always ASCII: no accent to fold, and lower case in place
        let start = out.len();
        out.push_str(t);
        if o.ignore_case {
            out[start..].make_ascii_lowercase();
        }
    } else {
        let mut u: String = t.to_string();
        if o.ignore_accents {
            u = u.chars().map(fold_accent).collect();
            u = u.replace(['œ', 'Œ'], "oe");
        }
        if o.ignore_case {
            u = crate::case::lower_str(&u);
        }
        out.push_str(&u);
    }
}

/// Keys in one buffer, grouped: every distinct key once (in order of first appearance) with the
/// items that carry it chained through `next`. No string nor vector per key: a join of 35,000
/// communes on both sides made 140,000 small allocations and took 150 ms in Wasm.
struct Groups<'a> {
    /// key of each group
    keys: Vec<&'a str>,
    /// first and last item of each group, and how many
    first: Vec<u32>,
    last: Vec<u32>,
    count: Vec<u32>,
    /// next item in the same group (`u32::MAX`: none)
    next: Vec<u32>,
    index: FxMap<&'a str, u32>,
}

impl<'a> Groups<'a> {
    /// `spans[i]`: item i's key in `text`, or `None` for an item without one.
    fn new(text: &'a str, spans: &[Option<(u32, u32)>]) -> Self {
        let mut g = Groups {
            keys: Vec::new(),
            first: Vec::new(),
            last: Vec::new(),
            count: Vec::new(),
            next: vec![u32::MAX; spans.len()],
            index: FxMap::default(),
        };
        g.index.reserve(spans.len());
        for (i, span) in spans.iter().enumerate() {
            let Some((a, b)) = *span else { continue };
            let k = &text[a as usize..b as usize];
            // (one hash per item: the entry, not a look-up then an insertion)
            match g.index.entry(k) {
                Entry::Occupied(e) => {
                    let gi = *e.get() as usize;
                    g.next[g.last[gi] as usize] = i as u32;
                    g.last[gi] = i as u32;
                    g.count[gi] += 1;
                }
                Entry::Vacant(e) => {
                    e.insert(g.keys.len() as u32);
                    g.keys.push(k);
                    g.first.push(i as u32);
                    g.last.push(i as u32);
                    g.count.push(1);
                }
            }
        }
        g
    }
    /// The items of group `gi`, in order.
    fn items(&self, gi: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.first[gi];
        std::iter::from_fn(move || {
            (at != u32::MAX).then(|| {
                let i = at as usize;
                at = self.next[i];
                i
            })
        })
    }
}

/// The most common length of the all-digit keys on the geometry side (`01`…`95` → 2), if codes
/// are that long: 2 to [`MAX_PAD`] digits.
fn pad_width(keys: &[Option<&str>]) -> Option<usize> {
    let mut counts: FxMap<usize, usize> = FxMap::default();
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
        .filter(|&l| l > 1 && l <= MAX_PAD)
}

/// The longest codes padded with zeros (SIRET's 14 digits, an EAN's 13, with room). A map of one
/// feature whose id is a million digits long padded every key of the table to it: gigabytes of
/// zeros from a few bytes, and the engine dead asking for them.
const MAX_PAD: usize = 24;

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
    // table side: every row's normalised key into one buffer
    let tk = &table.columns[table_key];
    let (mut ttext, mut tspans) = (String::new(), Vec::with_capacity(table.rows));
    for r in 0..table.rows {
        if let Some((fc, fv)) = filter {
            if table.columns[fc].text(r).map(|s| s.trim()) != Some(fv.trim()) {
                rep.filtered_out += 1;
                tspans.push(None);
                continue;
            }
        }
        let start = ttext.len();
        if let Some(k) = tk.text(r) {
            normalize_into(k, o, width, &mut ttext);
        }
        if ttext.len() == start {
            rep.unmatched_rows
                .push((String::new(), r, table.line_of(r)));
            tspans.push(None);
        } else {
            tspans.push(Some((start as u32, ttext.len() as u32)));
        }
    }
    let rows = Groups::new(&ttext, &tspans);
    // geometry side
    let (mut ftext, mut fspans) = (String::new(), Vec::with_capacity(n));
    for (f, k) in geo_keys.iter().enumerate() {
        let start = ftext.len();
        if let Some(k) = k {
            normalize_into(k, o, width, &mut ftext);
        }
        if ftext.len() == start {
            rep.unmatched_features.push((f, None));
            fspans.push(None);
        } else {
            fspans.push(Some((start as u32, ftext.len() as u32)));
        }
    }
    let feats = Groups::new(&ftext, &fspans);
    // the row groups some feature has the key of (a look-up in the features' table each was a
    // fifth of the communes' join: its time is memory latency)
    let mut row_hit = vec![false; rows.keys.len()];
    for (gi, k) in feats.keys.iter().enumerate() {
        let first = feats.first[gi] as usize;
        if feats.count[gi] > 1 {
            rep.duplicate_features.push((
                layer.key(col, first).unwrap_or(k).to_string(),
                feats.items(gi).collect(),
            ));
        }
        match rows.index.get(k).map(|&ri| ri as usize) {
            Some(ri) => {
                row_hit[ri] = true;
                // (a key on several rows is ambiguous: reported below, no value given)
                if rows.count[ri] == 1 {
                    for f in feats.items(gi) {
                        rep.feature_row[f] = Some(rows.first[ri]);
                        rep.matched += 1;
                    }
                }
            }
            None => {
                for f in feats.items(gi) {
                    rep.unmatched_features
                        .push((f, layer.key(col, f).map(|s| s.to_string())));
                }
            }
        }
    }
    for (ri, k) in rows.keys.iter().enumerate() {
        let original = tk.text(rows.first[ri] as usize).unwrap_or(k);
        if rows.count[ri] > 1 {
            let all: Vec<usize> = rows.items(ri).collect();
            let lines = all.iter().map(|&r| table.line_of(r)).collect();
            rep.duplicate_rows.push((original.to_string(), all, lines));
        }
        if !row_hit[ri] {
            for r in rows.items(ri) {
                rep.unmatched_rows
                    .push((original.to_string(), r, table.line_of(r)));
            }
        }
    }
    rep.unmatched_features =
        crate::sort::by(std::mem::take(&mut rep.unmatched_features), &|a, b| {
            a.0.cmp(&b.0)
        });
    rep.unmatched_rows = crate::sort::by(std::mem::take(&mut rep.unmatched_rows), &|a, b| {
        a.1.cmp(&b.1)
    });
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
        // lower case beyond ASCII, accents kept or folded (crate::case)
        let keep = JoinOptions {
            ignore_accents: false,
            ..JoinOptions::default()
        };
        assert_eq!(normalize("ÎLE-DE-FRANCE", &keep, None), "île-de-france");
        assert_eq!(normalize("ÎLE-DE-FRANCE", &o, None), "ile-de-france");
        assert_eq!(normalize("ŒUVRE", &o, None), "oeuvre");
        assert_eq!(normalize("ΑΤΤΙΚΗ", &o, None), normalize("Αττικη", &o, None));
        assert_eq!(normalize("ОДЕССА", &o, None), "одесса");
    }

    #[test]
    fn each_side_reports_what_the_other_lacks_and_an_ambiguous_key_gives_no_value() {
        let o = crate::io::Options::default();
        let feature =
            |k: &str| format!(r#"{{"type":"Feature","properties":{{"k":"{k}"}},"geometry":null}}"#);
        let geo = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            ["a", "b", "b", "c"].map(feature).join(",")
        );
        let crate::io::Data::Layer(layer) = crate::io::load(geo.as_bytes(), "m.geojson", &o)
            .unwrap()
            .data
        else {
            panic!()
        };
        let csv = b"k,v\na,1\na,2\nb,3\nd,4\n,5\n";
        let crate::io::Data::Table(table) = crate::io::load(csv, "t.csv", &o).unwrap().data else {
            panic!()
        };
        let key = GeoKey::Column(layer.props.column_index("k").unwrap());
        let r = join(&layer, &key, &table, 0, &JoinOptions::default(), None);
        // a: on two rows, no value; b: two features, one row; c: no row
        assert_eq!(r.feature_row, [None, Some(2), Some(2), None]);
        assert_eq!(r.matched, 2);
        assert_eq!(r.ambiguous_features(), 1);
        assert_eq!(r.unmatched_features, [(3, Some("c".to_string()))]);
        // rows whose key the map has (even on several rows) are not unmatched: d and the empty one
        let rows: Vec<usize> = r.unmatched_rows.iter().map(|x| x.1).collect();
        assert_eq!(rows, [3, 4]);
        assert_eq!(r.duplicate_rows.len(), 1);
        assert_eq!(r.duplicate_features.len(), 1);
    }

    #[test]
    fn pad_width_is_the_most_common_digit_length() {
        assert_eq!(
            pad_width(&[Some("01"), Some("02"), Some("2A"), Some("971")]),
            Some(2)
        );
        assert_eq!(pad_width(&[Some("FRA"), None]), None);
        // no code is that long: nothing padded to it
        let long = "7".repeat(MAX_PAD + 1);
        assert_eq!(pad_width(&[Some(&long), Some(&long), Some("01")]), None);
        let long = "7".repeat(MAX_PAD);
        assert_eq!(
            pad_width(&[Some(&long), Some(&long), Some("01")]),
            Some(MAX_PAD)
        );
    }
}
