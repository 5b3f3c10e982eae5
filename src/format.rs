//! Numbers for people: `1 234,5` in French, `1,234.5` in English, rounded to what the breaks need.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    Fr,
    En,
}

impl Locale {
    pub fn parse(s: &str) -> Locale {
        if s.to_ascii_lowercase().starts_with("fr") {
            Locale::Fr
        } else {
            Locale::En
        }
    }
}

/// Formats with `decimals` digits after the separator and grouped thousands.
pub fn format_number(v: f64, decimals: usize, loc: Locale) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = crate::decimal::fixed(v.abs(), decimals);
    let (int, frac) = match s.find('.') {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (&s[..], None),
    };
    let (group, dec) = match loc {
        Locale::Fr => ('\u{202F}', ','),
        Locale::En => (',', '.'),
    };
    let mut out = String::new();
    let neg = v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    if neg {
        out.push('−');
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(f);
    }
    out
}

/// How an indicator's values are shown: multiplied by `scale` (a rate of 0.097 shown as 9.7 with
/// 100), then `suffix` after the number (`%`, ` €`, ` hab./km²`, as given); the values themselves
/// (classes, breaks, the CSV) unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub scale: f64,
    pub suffix: String,
}

impl Default for Unit {
    fn default() -> Self {
        Unit {
            scale: 1.0,
            suffix: String::new(),
        }
    }
}

impl Unit {
    /// A unit of `scale` (1 unless finite and above zero) and `suffix` (none by default).
    pub fn new(scale: Option<f64>, suffix: Option<&str>) -> Unit {
        Unit {
            scale: scale.filter(|s| s.is_finite() && *s > 0.0).unwrap_or(1.0),
            suffix: suffix.unwrap_or("").to_string(),
        }
    }

    /// A value shown as [`value_text`] shows it, scaled, with the suffix; `None` for no value.
    pub fn value_text(&self, v: f64, loc: Locale) -> Option<String> {
        value_text(v * self.scale, loc).map(|t| t + &self.suffix)
    }
}

/// One feature's value as the page shows it (its tooltip, table and labels: www/demo.js `fmt`):
/// no decimals from 100 up, two from 1, three under; `None` for no value.
pub fn value_text(v: f64, loc: Locale) -> Option<String> {
    v.is_finite()
        .then(|| format_number(v, shown_decimals(v), loc))
}

/// The decimals [`value_text`] shows `v` with.
fn shown_decimals(v: f64) -> usize {
    let a = v.abs();
    if a >= 100.0 {
        0
    } else if a >= 1.0 {
        2
    } else {
        3
    }
}

/// Decimals for a legend's breaks: enough that distinct breaks stay distinct (at most 6), and as
/// many as the values themselves are shown with ([`value_text`]: the tooltip, the table), unless
/// fewer print every break exactly — a quantile's or Jenks's breaks are values of the data, and a
/// county's rate shown as 0,084 must not be in a class that reads `]0,06 ; 0,08]`.
pub fn decimals_for(breaks: &[f64]) -> usize {
    // (a bound of 0 is exact at any precision: it asks for none)
    let shown = breaks
        .iter()
        .filter(|&&b| b != 0.0)
        .map(|&b| shown_decimals(b))
        .max()
        .unwrap_or(0);
    let exact = (0..shown)
        .find(|&e| {
            // (to a rounding's noise: 0.011 × 100 is 1.0999999999999999)
            breaks.iter().all(|&b| {
                let r: f64 = crate::decimal::fixed(b, e).parse().unwrap_or(f64::NAN);
                (r - b).abs() <= b.abs() * 1e-12
            })
        })
        .unwrap_or(shown);
    distinct_decimals(breaks).max(exact)
}

/// Decimals needed so that distinct breaks stay distinct when printed (at most 6).
fn distinct_decimals(breaks: &[f64]) -> usize {
    let mut d = 0;
    while d < 6 {
        let printed: Vec<String> = breaks
            .iter()
            .map(|&b| crate::decimal::fixed(b, d))
            .collect();
        // (breaks of equal values, as all values equal make, need no decimals to tell apart)
        let distinct = breaks
            .windows(2)
            .zip(printed.windows(2))
            .all(|(b, p)| b[0] == b[1] || p[0] != p[1]);
        let span = breaks.last().unwrap_or(&0.0) - breaks.first().unwrap_or(&0.0);
        // (no span: the value as it is, up to two decimals)
        let whole = span == 0.0 && printed.iter().zip(breaks).all(|(p, b)| p.parse() == Ok(*b));
        if distinct && (span.abs() >= 10f64.powi(2 - d as i32) || d >= 2 || whole) {
            break;
        }
        d += 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn french_and_english_grouping() {
        assert_eq!(format_number(1234.5, 1, Locale::Fr), "1\u{202F}234,5");
        assert_eq!(format_number(12345.5, 1, Locale::Fr), "12\u{202F}345,5");
        assert_eq!(format_number(1234.5, 1, Locale::En), "1,234.5");
        assert_eq!(format_number(2103778.0, 0, Locale::En), "2,103,778");
        assert_eq!(format_number(-0.25, 2, Locale::Fr), "−0,25");
    }
    #[test]
    fn breaks_of_one_value_take_its_own_decimals() {
        // (every value 100: not "100.000000")
        assert_eq!(decimals_for(&[100.0, 100.0]), 0);
        assert_eq!(decimals_for(&[0.25, 0.25]), 2);
        assert_eq!(decimals_for(&[1.0, 1.0, 3.0]), 2);
        assert_eq!(decimals_for(&[0.0, 250.0, 1000.0]), 0);
    }
    #[test]
    fn a_value_shown_has_the_decimals_its_size_needs() {
        assert_eq!(
            value_text(1175623.0, Locale::Fr).unwrap(),
            "1\u{202F}175\u{202F}623"
        );
        assert_eq!(value_text(12.345, Locale::Fr).unwrap(), "12,35");
        assert_eq!(value_text(-0.1234, Locale::En).unwrap(), "−0.123");
        assert_eq!(value_text(f64::NAN, Locale::En), None);
    }
    #[test]
    fn a_unit_scales_and_names_what_it_shows() {
        let pct = Unit::new(Some(100.0), Some("\u{202F}%"));
        assert_eq!(pct.value_text(0.097, Locale::Fr).unwrap(), "9,70\u{202F}%");
        assert_eq!(pct.value_text(f64::NAN, Locale::Fr), None);
        assert_eq!(Unit::new(Some(-3.0), None), Unit::default());
        assert_eq!(Unit::new(Some(f64::INFINITY), Some("x")).scale, 1.0);
    }
    #[test]
    fn decimals_keep_breaks_distinct() {
        assert_eq!(decimals_for(&[0.02, 0.05, 0.1]), 2);
        assert_eq!(decimals_for(&[100.0, 5000.0, 2_000_000.0]), 0);
    }
    #[test]
    fn breaks_have_the_decimals_their_values_are_shown_with_or_all_their_own() {
        // the counties' unemployment in quantiles: the data's three decimals, as shown
        assert_eq!(decimals_for(&[0.012, 0.058, 0.072, 0.085, 0.104, 0.3]), 3);
        // breaks computed between densities: two decimals, as a density under 100 is shown
        assert_eq!(decimals_for(&[14.78, 262.7734, 1024.5, 21000.0]), 2);
        // fewer where they print every break exactly: rates in percent, populations
        assert_eq!(decimals_for(&[1.2, 5.8, 30.0]), 1);
        assert_eq!(decimals_for(&[76486.0, 257973.0, 2615635.0]), 0);
        assert_eq!(decimals_for(&[0.0, 1500.5, 30000.0]), 0);
    }
}
