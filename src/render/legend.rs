//! The legend of a classified map: honest intervals with explicit closure (`[a ; b]`, `]b ; c]`),
//! labels rounded to what the breaks need and formatted for the locale, a count per class and a
//! no-data entry with its count.

use crate::color::hex;
use crate::format::{decimals_for, format_number, Locale, Unit};
use crate::jsonw::{self, Obj};
use crate::stats::Classification;

#[derive(Clone, Debug)]
pub struct LegendItem {
    pub label: String,
    pub color: [u8; 3],
    pub count: usize,
    pub lo: f64,
    pub hi: f64,
}

/// Each class's interval, in `loc`'s way, its bounds shown in `unit` (scaled, rounded to what the
/// scaled breaks need, the suffix after each).
pub fn interval_labels(breaks: &[f64], loc: Locale, unit: &Unit) -> Vec<String> {
    let shown: Vec<f64> = breaks.iter().map(|b| b * unit.scale).collect();
    let breaks = &shown[..];
    let d = decimals_for(breaks);
    let f = |v: f64| format_number(v, d, loc) + &unit.suffix;
    (0..breaks.len().saturating_sub(1))
        .map(|i| {
            let (a, b) = (f(breaks[i]), f(breaks[i + 1]));
            match (loc, i) {
                (Locale::Fr, 0) => format!("[{a} ; {b}]"),
                (Locale::Fr, _) => format!("]{a} ; {b}]"),
                (Locale::En, 0) => format!("[{a} – {b}]"),
                (Locale::En, _) => format!("({a} – {b}]"),
            }
        })
        .collect()
}

pub fn no_data_label(loc: Locale) -> &'static str {
    match loc {
        Locale::Fr => "Pas de données",
        Locale::En => "No data",
    }
}

pub fn items(c: &Classification, colors: &[[u8; 3]], loc: Locale, unit: &Unit) -> Vec<LegendItem> {
    let labels = interval_labels(&c.breaks, loc, unit);
    labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| LegendItem {
            label,
            color: colors[i % colors.len().max(1)],
            count: c.counts[i],
            lo: c.breaks[i],
            hi: c.breaks[i + 1],
        })
        .collect()
}

/// The whole legend as JSON for the page: classes, then the no-data entry.
pub fn to_json(
    items: &[LegendItem],
    no_data_count: usize,
    no_data_color: [u8; 3],
    loc: Locale,
) -> String {
    Obj::new()
        .raw(
            "classes",
            &jsonw::arr(items.iter().map(|it| {
                Obj::new()
                    .s("label", &it.label)
                    .s("color", &hex(it.color))
                    .n("count", it.count as f64)
                    .n("lo", it.lo)
                    .n("hi", it.hi)
                    .done()
            })),
        )
        .raw(
            "noData",
            &Obj::new()
                .s("label", no_data_label(loc))
                .s("color", &hex(no_data_color))
                .n("count", no_data_count as f64)
                .done(),
        )
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn labels_show_closure_and_locale() {
        let none = Unit::default();
        let l = interval_labels(&[0.0, 1500.5, 30000.0], Locale::Fr, &none);
        assert_eq!(l[0], "[0 ; 1\u{202F}500]");
        assert!(l[1].starts_with("]1\u{202F}500"), "{:?}", l);
        let l = interval_labels(&[0.02, 0.05, 0.1], Locale::En, &none);
        assert_eq!(l, vec!["[0.02 – 0.05]", "(0.05 – 0.10]"]);
        // rates as percentages: scaled, rounded to what the scaled breaks need, the suffix after
        // each bound
        let pct = Unit::new(Some(100.0), Some("%"));
        let l = interval_labels(&[0.011, 0.056, 0.3], Locale::En, &pct);
        assert_eq!(l, vec!["[1.1% – 5.6%]", "(5.6% – 30.0%]"]);
        let l = interval_labels(&[0.02, 0.05, 0.1], Locale::Fr, &pct);
        assert_eq!(l, vec!["[2,00% ; 5,00%]", "]5,00% ; 10,00%]"]);
    }
}
