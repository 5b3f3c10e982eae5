//! From a joined indicator to what is drawn: values per feature, classification, colours, the class
//! of every feature and the legend. Shared by the page (through the Wasm binding) and the CLI.

use crate::color::{self, hex, Family, NO_DATA};
use crate::error::Error;
use crate::format::Locale;
use crate::join::JoinReport;
use crate::jsonw::{self, Obj};
use crate::render::histogram::histogram_marks;
use crate::render::legend;
use crate::render::sheet::{self, Legend, PageSpec, Sheet};
use crate::render::svg::{self, Paint};
use crate::stats::{classify, Classification, Method};
use crate::table::{Kind, Table};

/// Per-feature values of a table column through a join (NaN where a feature has no value).
pub fn joined_values(report: &JoinReport, table: &Table, col: usize) -> Vec<f64> {
    let c = &table.columns[col];
    report
        .feature_row
        .iter()
        .map(|r| r.and_then(|r| c.number(r as usize)).unwrap_or(f64::NAN))
        .collect()
}

/// Per-feature text of a table column through a join.
pub fn joined_text<'t>(report: &JoinReport, table: &'t Table, col: usize) -> Vec<Option<&'t str>> {
    let c = &table.columns[col];
    report
        .feature_row
        .iter()
        .map(|r| r.and_then(|r| cell_text(c, r as usize)))
        .collect()
}

/// A cell's text, trimmed; none if it is empty.
pub fn cell_text(c: &crate::table::Column, row: usize) -> Option<&str> {
    c.text(row).map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Clone, Debug)]
pub struct Spec {
    pub method: Method,
    pub k: usize,
    pub palette: String,
    pub reverse: bool,
    /// Diverging schemes: the value that gets the neutral colour (0, the national mean…).
    pub pivot: Option<f64>,
    pub locale: Locale,
    /// how the legend shows the values (scaled, with a suffix)
    pub unit: crate::format::Unit,
}

#[derive(Clone, Debug)]
pub struct Choropleth {
    pub classification: Option<Classification>,
    pub colors: Vec<[u8; 3]>,
    /// class per feature, -1 for no data
    pub classes: Vec<i32>,
    pub legend_json: String,
    /// (label, colour, count) of every legend entry: the classes, then no data
    pub legend: Vec<(String, [u8; 3], usize)>,
    pub no_data: usize,
    /// the values classified, per feature (empty for categories)
    pub values: Vec<f64>,
}

impl Choropleth {
    /// The export's sheet of `page` (the map's size and view, what is over it, the symbols' key):
    /// title, the map's frame, legend with counts, histogram, key, source (see
    /// [`crate::render::sheet`]). The page's exports (SVG and PNG) and `sealed-atlas render` all
    /// come through here.
    pub fn sheet(&self, page: PageSpec) -> Sheet {
        const HIST: (f64, f64) = (190.0, 70.0);
        let histogram = self.classification.as_ref().map(|c| {
            let m = histogram_marks(&self.values, &c.breaks, &self.colors, HIST.0, HIST.1, 40);
            (m, HIST.1)
        });
        sheet::compose(
            page,
            Legend {
                entries: &self.legend,
                histogram,
            },
        )
    }

    /// `sheet` as SVG, the layer drawn in its frame at the sheet's view: its features in their
    /// classes' colours, or all in the sheet's `plain` colour (symbols coloured by class over them).
    pub fn svg(&self, p: &crate::carto::Projected, sheet: &Sheet) -> String {
        let view = sheet.view();
        let plain: Vec<[u8; 3]>;
        let paint = match sheet.page.plain {
            Some(c) => {
                plain = vec![[c[0], c[1], c[2]]; self.colors.len()];
                Paint {
                    classes: &self.classes,
                    colors: &plain,
                    no_data: [c[0], c[1], c[2]],
                }
            }
            None => Paint {
                classes: &self.classes,
                colors: &self.colors,
                no_data: NO_DATA,
            },
        };
        sheet.svg(&svg::map_elements(p, &view, &paint))
    }
}

pub fn numeric(values: &[f64], spec: &Spec) -> Result<Choropleth, Error> {
    let c = classify(values, &spec.method, spec.k)?;
    let scheme = color::scheme(&spec.palette)
        .ok_or_else(|| Error::new("palette", format!("unknown palette '{}'", spec.palette)))?;
    let pivot_class = match (scheme.family, spec.pivot) {
        (Family::Diverging, Some(p)) => {
            // (`f64::clamp` asserts its bounds in order, and its message would bring the
            // standard library's float printing into the engine)
            let last = *c.breaks.last().unwrap_or(&p);
            c.class_of(crate::float::clamp(p, c.breaks[0], last))
        }
        (Family::Diverging, None) => None,
        _ => None,
    };
    let colors = scheme.colors(c.k, spec.reverse, pivot_class);
    let classes: Vec<i32> = values
        .iter()
        .map(|&v| c.class_of(v).map(|x| x as i32).unwrap_or(-1))
        .collect();
    let no_data = classes.iter().filter(|&&x| x < 0).count();
    let items = legend::items(&c, &colors, spec.locale, &spec.unit);
    let legend_json = legend::to_json(&items, no_data, NO_DATA, spec.locale);
    let legend = items
        .iter()
        .map(|it| (it.label.clone(), it.color, it.count))
        .chain([(
            legend::no_data_label(spec.locale).to_string(),
            NO_DATA,
            no_data,
        )])
        .collect();
    Ok(Choropleth {
        classification: Some(c),
        colors,
        classes,
        legend_json,
        legend,
        no_data,
        values: values.to_vec(),
    })
}

/// A typology map: one colour per category, most frequent first (at most 12, the rest "other").
pub fn categorical(texts: &[Option<&str>], palette: &str, locale: Locale) -> Choropleth {
    // counted through a hash map: 35,000 commune names must not cost 35,000² comparisons
    let mut index: crate::fxhash::FxMap<&str, usize> = Default::default();
    let mut cats: Vec<(&str, usize)> = Vec::new();
    for t in texts.iter().flatten() {
        match index.get(t) {
            Some(&i) => cats[i].1 += 1,
            None => {
                index.insert(t, cats.len());
                cats.push((t, 1));
            }
        }
    }
    let cats = crate::sort::by(cats, &|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown = cats.len().min(12);
    let colors = color::category_colors(palette, shown);
    let rank: crate::fxhash::FxMap<&str, usize> =
        cats.iter().enumerate().map(|(i, c)| (c.0, i)).collect();
    let classes: Vec<i32> = texts
        .iter()
        .map(|t| match t {
            Some(t) => rank.get(t).map(|&i| i.min(shown - 1) as i32).unwrap_or(-1),
            None => -1,
        })
        .collect();
    let no_data = classes.iter().filter(|&&x| x < 0).count();
    let mut counts = vec![0usize; shown];
    for &c in &classes {
        if c >= 0 {
            counts[c as usize] += 1;
        }
    }
    let mut legend: Vec<(String, [u8; 3], usize)> = (0..shown)
        .map(|i| {
            let label = if i == shown - 1 && cats.len() > shown {
                if locale == Locale::Fr {
                    "Autres".to_string()
                } else {
                    "Other".to_string()
                }
            } else {
                cats[i].0.to_string()
            };
            (label, colors[i], counts[i])
        })
        .collect();
    let items = legend.iter().map(|(label, color, count)| {
        Obj::new()
            .s("label", label)
            .s("color", &hex(*color))
            .n("count", *count as f64)
            .done()
    });
    let legend_json = Obj::new()
        .raw("classes", &jsonw::arr(items))
        .raw(
            "noData",
            &Obj::new()
                .s("label", legend::no_data_label(locale))
                .s("color", &hex(NO_DATA))
                .n("count", no_data as f64)
                .done(),
        )
        .b("categorical", true)
        .done();
    legend.push((legend::no_data_label(locale).to_string(), NO_DATA, no_data));
    Choropleth {
        classification: None,
        colors,
        classes,
        legend_json,
        legend,
        no_data,
        values: Vec::new(),
    }
}

/// Numeric columns get classes; text columns get categories.
pub fn for_column(
    report: &JoinReport,
    table: &Table,
    col: usize,
    spec: &Spec,
) -> Result<Choropleth, Error> {
    match table.columns[col].kind {
        Kind::Number => numeric(&joined_values(report, table, col), spec),
        _ => {
            let texts = joined_text(report, table, col);
            let pal =
                if color::scheme(&spec.palette).is_some_and(|s| s.family == Family::Qualitative) {
                    spec.palette.as_str()
                } else {
                    "Tableau10"
                };
            Ok(categorical(&texts, pal, spec.locale))
        }
    }
}

pub fn classification_json(c: &Classification) -> String {
    Obj::new()
        .s("method", &c.method)
        .n("k", c.k as f64)
        .raw("breaks", &jsonw::nums(&c.breaks))
        .raw(
            "counts",
            &jsonw::arr(c.counts.iter().map(|x| x.to_string())),
        )
        .n("missing", c.missing as f64)
        .n("gvf", c.gvf)
        .n("tai", c.tai)
        .n("adcm", c.adcm)
        .raw("notes", &jsonw::strs(&c.notes))
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_categories_keep_the_eleven_most_frequent_and_group_the_rest() {
        // 200 distinct names (like commune names) and one frequent value
        let names: Vec<String> = (0..200).map(|i| format!("commune {i:03}")).collect();
        let mut texts: Vec<Option<&str>> = names.iter().map(|s| Some(s.as_str())).collect();
        texts.extend(std::iter::repeat_n(Some("Paris"), 30));
        texts.push(None);
        let c = categorical(&texts, "Set3", Locale::En);
        assert_eq!(c.legend.len(), 13, "12 categories, then no data");
        assert_eq!(c.legend[12].2, 1);
        assert_eq!(c.legend[0].0, "Paris");
        assert_eq!(c.legend[0].2, 30);
        // the next ten by frequency (all 1), in text order
        assert_eq!(c.legend[1].0, "commune 000");
        assert_eq!(c.legend[10].0, "commune 009");
        assert_eq!(c.legend[11].0, "Other");
        assert_eq!(c.legend[11].2, 190);
        assert_eq!(c.no_data, 1);
        assert_eq!(c.classes[200], 0, "Paris");
        assert_eq!(c.classes[0], 1, "commune 000");
        assert_eq!(c.classes[199], 11, "grouped as other");
        assert_eq!(c.classes[230], -1, "no value");
    }
}
