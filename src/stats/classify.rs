//! Classification of a numeric indicator into classes, with the conventions of PySAL mapclassify
//! (our reference): `breaks` holds k + 1 bounds `[min, b1, …, max]`; class 0 is `[min ; b1]` and
//! class i > 0 is `]b_i ; b_{i+1}]` (right-closed), so a value equal to a break belongs to the lower
//! class, exactly as mapclassify's `bins`. Missing values (NaN) never enter the breaks.

use super::jenks::fisher_jenks;
use crate::decimal::Short;
use crate::error::Error;

#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    EqualInterval,
    Quantile,
    FisherJenks,
    JenksCaspall,
    /// Mean ± multiples of the standard deviation; `anchor`: breaks at every whole multiple.
    StdMean {
        anchor: bool,
    },
    /// Box plot with a hinge (1.5 or 3).
    BoxPlot {
        hinge: f64,
    },
    Percentiles(Vec<f64>),
    MaximumBreaks,
    HeadTail,
    NestedMeans,
    Q6,
    GeometricProgression,
    ArithmeticProgression,
    Pretty,
    Manual(Vec<f64>),
}

pub const METHOD_NAMES: [&str; 15] = [
    "equal-interval",
    "quantile",
    "fisher-jenks",
    "jenks-caspall",
    "std-mean",
    "box-plot",
    "percentiles",
    "maximum-breaks",
    "head-tail",
    "nested-means",
    "q6",
    "geometric-progression",
    "arithmetic-progression",
    "pretty",
    "manual",
];

impl Method {
    pub fn parse(name: &str, manual: &[f64]) -> Result<Method, Error> {
        Ok(match name {
            "equal-interval" | "equal" => Method::EqualInterval,
            "quantile" | "quantiles" => Method::Quantile,
            "fisher-jenks" | "jenks" => Method::FisherJenks,
            "jenks-caspall" => Method::JenksCaspall,
            "std-mean" => Method::StdMean { anchor: false },
            "std-mean-anchored" => Method::StdMean { anchor: true },
            "box-plot" => Method::BoxPlot { hinge: 1.5 },
            "box-plot-3" => Method::BoxPlot { hinge: 3.0 },
            "percentiles" => Method::Percentiles(if manual.is_empty() {
                vec![1.0, 10.0, 50.0, 90.0, 99.0, 100.0]
            } else if let Some(p) = manual.iter().find(|p| !(0.0..=100.0).contains(*p)) {
                return Err(Error::new(
                    "method",
                    format!("a percentile is between 0 and 100, not {}", Short(*p)),
                ));
            } else {
                manual.to_vec()
            }),
            "maximum-breaks" => Method::MaximumBreaks,
            "head-tail" => Method::HeadTail,
            "nested-means" => Method::NestedMeans,
            "q6" => Method::Q6,
            "geometric-progression" => Method::GeometricProgression,
            "arithmetic-progression" => Method::ArithmeticProgression,
            "pretty" => Method::Pretty,
            "manual" => Method::Manual(manual.to_vec()),
            other => {
                return Err(Error::new(
                    "method",
                    format!(
                        "unknown classification method '{other}'; use one of: {}",
                        METHOD_NAMES.join(", ")
                    ),
                ))
            }
        })
    }
    pub fn name(&self) -> &'static str {
        match self {
            Method::EqualInterval => "equal-interval",
            Method::Quantile => "quantile",
            Method::FisherJenks => "fisher-jenks",
            Method::JenksCaspall => "jenks-caspall",
            Method::StdMean { .. } => "std-mean",
            Method::BoxPlot { .. } => "box-plot",
            Method::Percentiles(_) => "percentiles",
            Method::MaximumBreaks => "maximum-breaks",
            Method::HeadTail => "head-tail",
            Method::NestedMeans => "nested-means",
            Method::Q6 => "q6",
            Method::GeometricProgression => "geometric-progression",
            Method::ArithmeticProgression => "arithmetic-progression",
            Method::Pretty => "pretty",
            Method::Manual(_) => "manual",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Classification {
    pub method: String,
    pub k: usize,
    /// k + 1 bounds
    pub breaks: Vec<f64>,
    pub counts: Vec<usize>,
    pub missing: usize,
    /// goodness of variance fit, tabular accuracy index, absolute deviation around class medians
    pub gvf: f64,
    pub tai: f64,
    pub adcm: f64,
    /// what the method had to do (fewer classes than asked, values left out…)
    pub notes: Vec<String>,
}

impl Classification {
    /// Class of a value (`None` for missing).
    pub fn class_of(&self, v: f64) -> Option<usize> {
        class_of(&self.breaks, v)
    }
}

pub fn class_of(breaks: &[f64], v: f64) -> Option<usize> {
    if !v.is_finite() || breaks.len() < 2 {
        return None;
    }
    let k = breaks.len() - 1;
    // first upper bound ≥ v
    let ub = &breaks[1..];
    let i = ub.partition_point(|&b| b < v);
    Some(i.min(k - 1))
}

/// Linear-interpolated percentile of sorted values, p in 0..=100, computed exactly as
/// `scipy.stats.scoreatpercentile` (which mapclassify uses), so that a value lying on a break falls
/// in the same class as in mapclassify, to the last bit.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    // (p past 0…100, or not a number, taken as its bound: found by fuzzing, p = 1e300 read past
    // the values)
    let idx = (p / 100.0 * (n.max(1) - 1) as f64)
        .max(0.0)
        .min((n.max(1) - 1) as f64);
    let i = idx as usize;
    if i as f64 == idx || i + 1 >= n {
        return sorted[i.min(n - 1)];
    }
    let j = i + 1;
    let (wa, wb) = (j as f64 - idx, idx - i as f64);
    (sorted[i] * wa + sorted[j] * wb) / (wa + wb)
}

/// The k quantile percentiles as mapclassify builds them (`np.arange(w, 100 + w, w)`, w = 100/k).
fn quantile_percents(k: usize) -> Vec<f64> {
    let w = 100.0 / k as f64;
    (0..k).map(|i| (w + i as f64 * w).min(100.0)).collect()
}

/// Sample standard deviation (n − 1), as mapclassify's StdMean.
fn std_sample(v: &[f64], m: f64) -> f64 {
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len().max(2) - 1) as f64).sqrt()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Classifies `values` (NaN = missing) into `k` classes.
pub fn classify(values: &[f64], method: &Method, k: usize) -> Result<Classification, Error> {
    let mut notes = Vec::new();
    // (room for every value at once: grown by doubling, 35,000 values took 0.8 MB more at their
    // peak, a hole in the page's Wasm memory, which never shrinks, below the map drawn next)
    let mut sorted: Vec<f64> = Vec::with_capacity(values.len());
    sorted.extend(values.iter().copied().filter(|v| !v.is_nan()));
    let infinite = sorted.iter().filter(|v| v.is_infinite()).count();
    if infinite > 0 {
        sorted.retain(|v| v.is_finite());
        notes.push(format!(
            "{infinite} infinite value(s) left out of the breaks and shown as no data"
        ));
    }

    if sorted.is_empty() {
        return Err(Error::new(
            "no-values",
            "no values to classify: every value is missing",
        ));
    }
    crate::sort::numbers(&mut sorted);
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    let needs_k = !matches!(
        method,
        Method::Manual(_)
            | Method::Percentiles(_)
            | Method::BoxPlot { .. }
            | Method::Q6
            | Method::StdMean { .. }
            | Method::HeadTail
    );
    if needs_k && !(2..=12).contains(&k) && !matches!(method, Method::NestedMeans) {
        return Err(Error::new(
            "classes",
            format!("the number of classes must be between 2 and 12, not {k}"),
        ));
    }
    let distinct = {
        let mut d = 1;
        for w in sorted.windows(2) {
            if w[1] != w[0] {
                d += 1;
            }
        }
        d
    };
    if min == max {
        notes.push("all values are equal: one class".to_string());
        return Ok(finish(&sorted, values.len(), method, vec![min, max], notes));
    }
    let mut k = k;
    if needs_k && distinct < k {
        notes.push(format!(
            "only {distinct} distinct values: {distinct} classes instead of {k}"
        ));
        k = distinct;
    }
    let upper: Vec<f64> = match method {
        Method::EqualInterval => equal_breaks(min, max, k),
        Method::Quantile => quantile_percents(k)
            .into_iter()
            .map(|p| percentile(&sorted, p))
            .collect(),
        Method::FisherJenks => fisher_jenks(&sorted, k),
        Method::JenksCaspall => jenks_caspall(&sorted, k),
        Method::StdMean { anchor } => {
            let m = mean(&sorted);
            let sd = std_sample(&sorted, m);
            // (values of 1e-300 have a spread whose square is below the smallest f64, values of
            // 1e300 a sum past the largest: found by fuzzing, the anchored multiples from −∞ to
            // +∞ were a vector too large to make)
            if !(m.is_finite() && sd.is_finite() && sd > 0.0) {
                return Err(Error::new(
                    "method",
                    format!("the mean and standard deviation of values from {} to {} cannot be computed in double precision: choose another method", Short(min), Short(max)),
                ));
            }
            if *anchor {
                // mapclassify: every whole multiple from int((min − m)/s) to int((max − m)/s)
                // (at most (n − 1)/√n standard deviations from the mean; rounding can add one)
                let reach = (sorted.len() as f64).sqrt() + 2.0;
                let lo = ((min - m) / sd).trunc().max(-reach) as i64;
                let hi = ((max - m) / sd).trunc().min(reach) as i64;
                let mut b: Vec<f64> = (lo..=hi).map(|j| m + sd * j as f64).collect();
                if *b.last().unwrap_or(&max) < max {
                    b.push(max);
                }
                b
            } else {
                let mut b: Vec<f64> = [-2.0, -1.0, 1.0, 2.0].iter().map(|j| m + sd * j).collect();
                if max > b[3] {
                    b.push(max);
                }
                b
            }
        }
        Method::BoxPlot { hinge } => {
            let (q1, q2, q3) = (
                percentile(&sorted, 25.0),
                percentile(&sorted, 50.0),
                percentile(&sorted, 75.0),
            );
            let iqr = q3 - q1;
            let mut b = vec![q1 - hinge * iqr, q1, q2, q3, q3 + hinge * iqr];
            if max > b[4] {
                b.push(max);
            }
            b
        }
        Method::Percentiles(p) => p.iter().map(|&p| percentile(&sorted, p)).collect(),
        Method::MaximumBreaks => {
            let mut u: Vec<f64> = sorted.clone();
            u.dedup();
            let gaps: Vec<(f64, usize)> = u
                .windows(2)
                .enumerate()
                .map(|(i, w)| (w[1] - w[0], i))
                .collect();
            let gaps = crate::sort::by(gaps, &|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut b: Vec<f64> = gaps
                .iter()
                .take(k - 1)
                .map(|&(_, i)| (u[i] + u[i + 1]) / 2.0)
                .collect();
            crate::sort::numbers(&mut b);
            b.push(max);
            b
        }
        Method::HeadTail => {
            let mut b = Vec::new();
            let mut cur: Vec<f64> = sorted.clone();
            loop {
                let m = mean(&cur);
                b.push(m);
                let first = cur[0];
                if cur.iter().all(|&v| v == first) {
                    break;
                }
                cur.retain(|&v| v > m);
                if cur.is_empty() || b.len() > 64 {
                    break;
                }
            }
            if *b.last().unwrap_or(&max) < max {
                b.push(max);
            }
            b
        }
        Method::NestedMeans => {
            if !k.is_power_of_two() || k < 2 {
                return Err(Error::new(
                    "classes",
                    format!("nested means needs a power of two classes (2, 4, 8), not {k}"),
                ));
            }
            let mut b = vec![max];
            let mut ranges = vec![(0usize, sorted.len())];
            let mut levels = k.trailing_zeros();
            while levels > 0 {
                let mut next = Vec::new();
                for &(a, z) in &ranges {
                    let m = mean(&sorted[a..z]);
                    b.push(m);
                    let cut = a + sorted[a..z].partition_point(|&v| v <= m);
                    next.push((a, cut));
                    next.push((cut, z));
                }
                ranges = next.into_iter().filter(|(a, z)| z > a).collect();
                levels -= 1;
            }
            crate::sort::numbers(&mut b);
            b
        }
        Method::Q6 => [5.0, 25.0, 50.0, 75.0, 95.0, 100.0]
            .iter()
            .map(|&p| percentile(&sorted, p))
            .collect(),
        Method::GeometricProgression => {
            if min <= 0.0 {
                return Err(Error::new(
                    "method",
                    format!(
                        "geometric progression needs values above zero; the smallest is {}",
                        Short(min)
                    ),
                ));
            }
            let r = (max / min).powf(1.0 / k as f64);
            (1..k)
                .map(|i| min * r.powi(i as i32))
                .chain([max])
                .collect()
        }
        Method::ArithmeticProgression => {
            let step = (max - min) / (k * (k + 1) / 2) as f64;
            let mut acc = min;
            (1..=k)
                .map(|i| {
                    acc += step * i as f64;
                    acc
                })
                .map(|b| b.min(max))
                .collect()
        }
        Method::Pretty => pretty(min, max, k),
        Method::Manual(b) => {
            if b.is_empty() {
                return Err(Error::new(
                    "method",
                    "manual breaks need at least one break",
                ));
            }
            if b.windows(2).any(|w| w[1] <= w[0]) {
                return Err(Error::new(
                    "method",
                    "manual breaks must be strictly increasing",
                ));
            }
            let mut v: Vec<f64> = b.iter().copied().filter(|&x| x < max).collect();
            v.push(max.max(*b.last().unwrap_or(&max)));
            v
        }
    };
    let mut breaks = vec![min.min(upper[0])];
    for b in upper {
        if b > *breaks.last().unwrap_or(&f64::NEG_INFINITY) || breaks.len() == 1 && b >= breaks[0] {
            breaks.push(b);
        }
    }
    if breaks.len() < 2 {
        breaks.push(max);
    }
    Ok(finish(&sorted, values.len(), method, breaks, notes))
}

/// Pooled breaks: one classification over several indicators or years together, so that the maps
/// of an atlas share their classes and can be compared.
pub fn classify_pooled(
    series: &[&[f64]],
    method: &Method,
    k: usize,
) -> Result<Classification, Error> {
    let all: Vec<f64> = series.iter().flat_map(|s| s.iter().copied()).collect();
    classify(&all, method, k)
}

/// The upper bounds of `k` equal intervals from `min` to `max` (`max` last), each once: where the
/// width of the range is past the largest double (−1.7e308 to 1.7e308: the bounds were ∞) each is
/// taken between the two ends instead of added to the first; below a double's steps some are one.
fn equal_breaks(min: f64, max: f64, k: usize) -> Vec<f64> {
    let k = k.max(1);
    let w = (max - min) / k as f64;
    let at = |i: usize| {
        if w.is_finite() {
            min + w * i as f64
        } else {
            let t = i as f64 / k as f64;
            min * (1.0 - t) + max * t
        }
    };
    let mut b: Vec<f64> = (1..k).map(at).chain([max]).collect();
    b.dedup();
    b
}

/// Rounded breaks: a step of 1, 2 or 5 × 10ⁿ giving about k classes.
pub fn pretty(min: f64, max: f64, k: usize) -> Vec<f64> {
    let raw = (max - min) / k as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|&s| ((max - min) / s).ceil() as usize <= k)
        .unwrap_or(10.0 * mag);
    let start = (min / step).floor() * step;
    if !(step > 0.0 && step.is_finite() && start.is_finite()) {
        // values whose range a double cannot hold (past 1e308) or divide (below 1e-308): no
        // round step, equal intervals (found by fuzzing: a step of 0 and breaks of NaN)
        return equal_breaks(min, max, k);
    }
    // breaks by their number, not by adding the step again and again: far from zero a step can
    // be below the precision of the values (1e20 and the next f64: a step of 5,000 added to 1e20
    // gives 1e20, and the loop never ended); the step gives at most k + 1 of them
    let mut b: Vec<f64> = (1..=k + 1)
        .map(|i| start + step * i as f64)
        .take_while(|&x| x < max - step * 1e-9)
        .map(|x| round_to(x, step))
        .collect();
    b.push(round_to((max / step).ceil() * step, step));
    b.dedup();
    b
}

fn round_to(x: f64, step: f64) -> f64 {
    if step.is_nan() || step < 1e-290 {
        return x; // (10^d past the largest double)
    }
    let d = (-step.log10().floor()).max(0.0) as i32 + 1;
    let p = 10f64.powi(d);
    let r = (x * p).round() / p;
    if r.is_finite() {
        r
    } else {
        x
    }
}

/// Jenks-Caspall as mapclassify: quantile classes first, then every value moves to the class whose
/// median is nearest (the first on a tie), medians are recomputed, until no value moves.
fn jenks_caspall(sorted: &[f64], k: usize) -> Vec<f64> {
    let mut q: Vec<f64> = quantile_percents(k)
        .into_iter()
        .map(|p| percentile(sorted, p))
        .collect();
    q.dedup();
    let nc = q.len();
    let mut class: Vec<usize> = sorted
        .iter()
        .map(|&v| q.partition_point(|&b| b < v).min(nc - 1))
        .collect();
    let medians = |class: &[usize]| -> Vec<f64> {
        (0..nc)
            .map(|c| {
                let members: Vec<f64> = sorted
                    .iter()
                    .zip(class)
                    .filter(|(_, &k)| k == c)
                    .map(|(&v, _)| v)
                    .collect();
                if members.is_empty() {
                    f64::NAN
                } else {
                    median(&members)
                }
            })
            .collect()
    };
    let mut centres = medians(&class);
    for _ in 0..1000 {
        let next: Vec<usize> = sorted
            .iter()
            .map(|&v| {
                let mut best = 0;
                for c in 1..nc {
                    if centres[best].is_nan() || (v - centres[c]).abs() < (v - centres[best]).abs()
                    {
                        best = c;
                    }
                }
                best
            })
            .collect();
        let done = next == class;
        class = next;
        centres = medians(&class);
        if done {
            break;
        }
    }
    let mut upper: Vec<f64> = (0..nc)
        .filter_map(|c| {
            sorted
                .iter()
                .zip(&class)
                .filter(|(_, &k)| k == c)
                .map(|(&v, _)| v)
                .reduce(f64::max)
        })
        .collect();
    crate::sort::numbers(&mut upper);
    upper
}

fn median(sorted_members: &[f64]) -> f64 {
    let n = sorted_members.len();
    if n % 2 == 1 {
        sorted_members[n / 2]
    } else {
        (sorted_members[n / 2 - 1] + sorted_members[n / 2]) / 2.0
    }
}

fn finish(
    sorted: &[f64],
    total: usize,
    method: &Method,
    breaks: Vec<f64>,
    notes: Vec<String>,
) -> Classification {
    let k = breaks.len() - 1;
    // each class's values: a run of the sorted values, as `class_of` places them (breaks going
    // up: values up to the first upper break in the first class, above the last in the last),
    // found by a search per break (copied apart, 35,000 values took 0.5 MB more, grown by doubling)
    let mut classes: Vec<&[f64]> = Vec::with_capacity(k);
    let mut start = 0;
    for c in 0..k {
        let end = match breaks.get(c + 1) {
            Some(&b) if c + 1 < k => sorted.partition_point(|&v| v <= b).max(start),
            _ => sorted.len(),
        };
        classes.push(&sorted[start..end]);
        start = end;
    }
    let counts: Vec<usize> = classes.iter().map(|c| c.len()).collect();
    let m = mean(sorted);
    let sdam: f64 = sorted.iter().map(|v| (v - m).powi(2)).sum();
    let sdcm: f64 = classes
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| {
            let cm = mean(c);
            c.iter().map(|v| (v - cm).powi(2)).sum::<f64>()
        })
        .sum();
    let abs_all: f64 = sorted.iter().map(|v| (v - m).abs()).sum();
    let abs_cls: f64 = classes
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| {
            let cm = mean(c);
            c.iter().map(|v| (v - cm).abs()).sum::<f64>()
        })
        .sum();
    let adcm: f64 = classes
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| {
            let med = percentile(c, 50.0);
            c.iter().map(|v| (v - med).abs()).sum::<f64>()
        })
        .sum();
    Classification {
        method: method.name().to_string(),
        k,
        breaks,
        counts,
        missing: total - sorted.len(),
        gvf: if sdam > 0.0 { 1.0 - sdcm / sdam } else { 1.0 },
        tai: if abs_all > 0.0 {
            1.0 - abs_cls / abs_all
        } else {
            1.0
        },
        adcm,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn std_mean_of_values_whose_spread_a_double_cannot_hold_is_an_error_not_a_crash() {
        // (found by fuzzing: the anchored multiples of a standard deviation of 0 were a range from
        // −2^63 to 2^63, a vector too large to make)
        let tiny = [0.0, 0.0, 0.0, 0.0, 0.0, 2e-323];
        let huge = [7e307, 1.7e308, 1.6e308, -1e308];
        for m in [
            Method::StdMean { anchor: true },
            Method::StdMean { anchor: false },
        ] {
            for v in [&tiny[..], &huge[..]] {
                let e = classify(v, &m, 5).unwrap_err();
                assert!(e.to_string().contains("standard deviation"), "{e}");
            }
        }
        // the ordinary case unchanged: multiples of s around the mean
        let c = classify(
            &[1.0, 2.0, 3.0, 4.0, 5.0],
            &Method::StdMean { anchor: true },
            5,
        )
        .unwrap();
        assert!(c.breaks.windows(2).all(|w| w[0] < w[1]), "{:?}", c.breaks);
        assert_eq!(c.counts.iter().sum::<usize>(), 5);
    }

    #[test]
    fn percentiles_outside_0_to_100_are_refused_and_never_read_past_the_values() {
        // (found by fuzzing: a percentile of 1e300 read past the end of the values)
        for p in [1e300, -5.0, 100.5, f64::NAN] {
            let e = Method::parse("percentiles", &[10.0, p]).unwrap_err();
            assert!(e.to_string().contains("between 0 and 100"), "{e}");
        }
        let sorted = [1.0, 2.0, 3.0];
        assert_eq!(percentile(&sorted, 1e300), 3.0);
        assert_eq!(percentile(&sorted, -1e300), 1.0);
        assert_eq!(percentile(&sorted, 50.0), 2.0);
        assert_eq!(percentile(&sorted, f64::NAN), 1.0);
        let c = classify(&sorted, &Method::Percentiles(vec![f64::NAN, 1e300]), 2).unwrap();
        assert!(c.breaks.iter().all(|b| b.is_finite()), "{:?}", c.breaks);
    }

    #[test]
    fn pretty_breaks_are_round_and_end_even_where_a_step_is_below_the_values_precision() {
        assert_eq!(pretty(0.0, 97.0, 5), vec![20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(pretty(3.2, 7.9, 4), vec![4.0, 6.0, 8.0]);
        // (found in review: 1e20 and the next f64, a step of 5,000 that adding never moved)
        let (min, max) = (1e20, 1e20 + 16384.0);
        let b = pretty(min, max, 5);
        assert!(!b.is_empty() && b.len() <= 6, "{b:?}");
        assert!(b.windows(2).all(|w| w[0] < w[1]), "{b:?}");
        assert!(*b.last().unwrap() >= max, "{b:?}");
        // (found by fuzzing: a range below the smallest normal double, or past the largest)
        for (min, max) in [(0.0, 2e-323), (-1.7e308, 1.7e308), (1e-310, 3e-310)] {
            // (equal intervals too, whose breaks reached ∞ on the widest range: found in review)
            let c = classify(&[min, max], &Method::EqualInterval, 4).unwrap();
            assert!(c.breaks.iter().all(|x| x.is_finite()), "{:?}", c.breaks);
            assert!(c.breaks.windows(2).all(|w| w[0] < w[1]), "{:?}", c.breaks);
            let b = pretty(min, max, 4);
            assert!(b.iter().all(|x| x.is_finite()), "{b:?}");
            assert!(b.windows(2).all(|w| w[0] < w[1]), "{b:?}");
            assert!(*b.last().unwrap() >= max, "{b:?}");
        }
    }

    #[test]
    fn class_statistics_from_runs_of_the_sorted_values() {
        // 1..=100 in four classes, each read as a run of the sorted values (breaks going up, as
        // `classify` makes them); breaks out of order (never made): still every value once
        let sorted: Vec<f64> = (1..=100).map(f64::from).collect();
        let m = Method::Quantile;
        let runs = finish(&sorted, 100, &m, vec![1.0, 25.0, 50.0, 75.0, 100.0], vec![]);
        assert_eq!(runs.counts, vec![25, 25, 25, 25]);
        // (SDAM = n(n² − 1)/12 = 83,325; each class of 25 consecutive values, 25 · 624/12 = 1,300)
        assert!(
            (runs.gvf - (1.0 - 4.0 * 1300.0 / 83325.0)).abs() < 1e-12,
            "{}",
            runs.gvf
        );
        let shuffled = finish(&sorted, 100, &m, vec![1.0, 50.0, 25.0, 75.0, 100.0], vec![]);
        assert_eq!(
            shuffled.counts.iter().sum::<usize>(),
            100,
            "every value once"
        );
        assert!(shuffled.gvf.is_finite() && shuffled.gvf <= 1.0);
    }

    #[test]
    fn equal_interval_and_quantile_match_mapclassify_conventions() {
        let v: Vec<f64> = (1..=10).map(|x| x as f64).collect();
        let c = classify(&v, &Method::EqualInterval, 3).unwrap();
        assert_eq!(c.breaks, vec![1.0, 4.0, 7.0, 10.0]);
        assert_eq!(
            c.counts,
            vec![4, 3, 3],
            "right-closed: 4 falls in the first class"
        );
        let q = classify(&v, &Method::Quantile, 2).unwrap();
        assert_eq!(q.breaks, vec![1.0, 5.5, 10.0]);
        assert_eq!(q.counts, vec![5, 5]);
    }

    #[test]
    fn missing_values_are_excluded_and_counted() {
        let v = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY];
        let c = classify(&v, &Method::EqualInterval, 2).unwrap();
        assert_eq!(c.missing, 2);
        assert_eq!(c.counts.iter().sum::<usize>(), 3);
        assert!(!c.notes.is_empty());
    }

    #[test]
    fn all_equal_gives_one_class_and_few_distinct_reduce_k() {
        let c = classify(&[5.0, 5.0, 5.0], &Method::Quantile, 5).unwrap();
        assert_eq!((c.k, c.counts.clone()), (1, vec![3]));
        let c = classify(&[1.0, 1.0, 2.0, 3.0], &Method::FisherJenks, 5).unwrap();
        assert_eq!(c.k, 3);
        assert_eq!(c.counts, vec![2, 1, 1]);
    }

    #[test]
    fn geometric_progression_refuses_zero_and_negative() {
        let e = classify(&[0.0, 1.0, 10.0], &Method::GeometricProgression, 3).unwrap_err();
        assert!(e.message.contains("above zero"));
        let c = classify(
            &[1.0, 10.0, 100.0, 1000.0],
            &Method::GeometricProgression,
            3,
        )
        .unwrap();
        for (a, b) in c.breaks.iter().zip([1.0, 10.0, 100.0, 1000.0]) {
            assert!((a - b).abs() < 1e-9);
        }
    }

    #[test]
    fn q6_and_nested_means_follow_their_definitions() {
        let v: Vec<f64> = (0..=100).map(|x| x as f64).collect();
        let c = classify(&v, &Method::Q6, 6).unwrap();
        assert_eq!(c.breaks, vec![0.0, 5.0, 25.0, 50.0, 75.0, 95.0, 100.0]);
        let c = classify(
            &[1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0],
            &Method::NestedMeans,
            4,
        )
        .unwrap();
        // overall mean 13.75; lower half [1,2,3,4,10] mean 4; upper half [20,30,40] mean 30
        assert_eq!(c.breaks, vec![1.0, 4.0, 13.75, 30.0, 40.0]);
    }

    #[test]
    fn ties_on_a_break_stay_in_one_class() {
        let v = [1.0, 2.0, 2.0, 2.0, 3.0, 9.0];
        let c = classify(&v, &Method::Quantile, 2).unwrap();
        let cls: Vec<_> = v.iter().map(|&x| c.class_of(x)).collect();
        assert_eq!(cls[1], cls[2]);
        assert_eq!(cls[2], cls[3]);
    }
}

#[cfg(test)]
mod pooled_tests {
    use super::*;
    #[test]
    fn pooled_breaks_cover_every_series_with_one_set_of_classes() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [10.0, 20.0, 30.0, 40.0];
        let p = classify_pooled(&[&a, &b], &Method::Quantile, 2).unwrap();
        assert_eq!(p.breaks, vec![1.0, 7.0, 40.0]);
        assert_eq!(p.counts, vec![4, 4]);
        // each series alone would have had its own median: not comparable
        assert_ne!(classify(&a, &Method::Quantile, 2).unwrap().breaks, p.breaks);
    }
}
