//! A histogram of the values with the class breaks drawn over it, as SVG: the shape of the
//! distribution tells whether quantiles, Jenks or a geometric progression suits it. Drawn from the
//! same classification as the map, so page, export and CLI agree.

use crate::decimal::Short;
use crate::render::sheet::{Mark, Pen, INK};
use std::fmt::Write;

/// `values` (NaN ignored), `breaks` (k + 1 bounds) and the class colours, as marks from (0, 0) in a
/// `width` × `height` box: equal-width bins, each in the colour of the class its centre falls in, a
/// dashed line at each break, the base line.
pub fn histogram_marks(
    values: &[f64],
    breaks: &[f64],
    colors: &[[u8; 3]],
    width: f64,
    height: f64,
    bins: usize,
) -> Vec<Mark> {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let mut out = Vec::new();
    if v.is_empty() || breaks.len() < 2 || colors.is_empty() {
        return out;
    }
    let (vmin, vmax) = (
        v.iter().copied().fold(f64::INFINITY, f64::min),
        v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    // a skewed distribution of positive values (the communes' populations: median ~450, Paris
    // 2.1 million) on a log axis, else its bulk is one bar at the left: log10(1 + x/c), which
    // takes the zeros, c the smallest positive value (at least a thousandth of the median)
    let mut sorted = v.clone();
    let median = crate::sort::median(&mut sorted).unwrap_or(f64::NAN);
    let log = (vmin >= 0.0 && median > 0.0 && vmax / median > SKEWED).then(|| {
        let smallest = v
            .iter()
            .copied()
            .filter(|&x| x > 0.0)
            .fold(f64::INFINITY, f64::min);
        smallest.max(median / 1000.0)
    });
    let tr = |x: f64| log.map_or(x, |c| (1.0 + x.max(0.0) / c).log10());
    let untr = |t: f64| log.map_or(t, |c| (10f64.powf(t) - 1.0) * c);
    let (lo, hi) = (
        tr(breaks[0].min(vmin)),
        tr(breaks[breaks.len() - 1].max(vmax)),
    );
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let bins = bins.max(1);
    let mut counts = vec![0usize; bins];
    for &x in &v {
        let i = (((tr(x) - lo) / span) * bins as f64) as usize;
        counts[i.min(bins - 1)] += 1;
    }
    let max = *counts.iter().max().unwrap_or(&1) as f64;
    let (pad, base) = (2.0, height - 12.0);
    let bw = (width - 2.0 * pad) / bins as f64;
    let x_of = |val: f64| pad + (val - lo) / span * (width - 2.0 * pad);
    for (i, &c) in counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let centre = untr(lo + (i as f64 + 0.5) / bins as f64 * span);
        let cls = crate::stats::classify::class_of(breaks, centre).unwrap_or(0);
        let h = (c as f64 / max).sqrt() * (base - 4.0); // square-root scale: the long tail stays visible
        let c = colors[cls.min(colors.len() - 1)];
        out.push(Mark::Rect {
            x: pad + i as f64 * bw,
            y: base - h,
            w: (bw - 0.5).max(0.5),
            h,
            fill: [c[0], c[1], c[2], 255],
            pen: Some(Pen {
                color: [0x8a, 0x93, 0xa0, 255],
                width: 0.3,
            }),
        });
    }
    for b in breaks {
        let x = x_of(tr(*b));
        out.push(Mark::Line {
            x1: x,
            y1: 2.0,
            x2: x,
            y2: base,
            pen: Pen {
                color: INK,
                width: 1.0,
            },
            dash: true,
        });
    }
    out.push(Mark::Line {
        x1: pad,
        y1: base,
        x2: width - pad,
        y2: base,
        pen: Pen {
            color: [0x5b, 0x64, 0x72, 255],
            width: 1.0,
        },
        dash: false,
    });
    if log.is_some() {
        out.push(Mark::Text {
            x: width - pad - 14.0,
            y: height - 1.0,
            text: "log".into(),
            size: 9.0,
            bold: false,
            centred: false,
            fill: [0x5b, 0x64, 0x72, 255],
            halo: false,
        });
    }
    out
}

/// How skewed positive values must be (largest over median) for a log axis.
const SKEWED: f64 = 50.0;

/// A histogram's marks ([`histogram_marks`]) as an SVG element of its own, `width` × `height` (the
/// page's legend shows it).
pub fn histogram_svg(marks: &[Mark], width: f64, height: f64) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="histogram">"#,
        w = Short(width),
        h = Short(height)
    );
    for m in marks {
        m.svg(&mut out);
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn histogram_draws_one_dashed_line_per_break_and_bars_for_the_values() {
        let v: Vec<f64> = (0..100).map(|x| x as f64).chain([f64::NAN]).collect();
        let m = histogram_marks(
            &v,
            &[0.0, 50.0, 99.0],
            &[[255, 0, 0], [0, 0, 255]],
            200.0,
            60.0,
            10,
        );
        let s = histogram_svg(&m, 200.0, 60.0);
        assert_eq!(s.matches("stroke-dasharray").count(), 3);
        assert_eq!(s.matches("<rect").count(), 10);
        assert!(s.contains("#ff0000") && s.contains("#0000ff"));
        assert!(!s.contains(">log<"));
    }

    #[test]
    fn skewed_positive_values_get_a_log_axis() {
        // populations: zeros, a bulk of tens to thousands, a few cities of a million
        let v: Vec<f64> = (0..1000)
            .map(|i| {
                if i < 5 {
                    0.0
                } else {
                    10f64.powf(1.0 + 3.0 * i as f64 / 1000.0)
                }
            })
            .chain([1e6, 2e6])
            .collect();
        let breaks = [0.0, 200.0, 400.0, 2e6];
        let colors = [[255, 0, 0], [0, 255, 0], [0, 0, 255]];
        let m = histogram_marks(&v, &breaks, &colors, 200.0, 60.0, 40);
        let bars = m.iter().filter(|m| matches!(m, Mark::Rect { .. })).count();
        // on a linear axis the bulk would be one bar and the cities two
        assert!(bars >= 10, "{bars} bars");
        assert!(m
            .iter()
            .any(|m| matches!(m, Mark::Text { text, .. } if text == "log")));
        // the breaks in order along the axis, the middle ones apart
        let xs: Vec<f64> = m
            .iter()
            .filter_map(|m| match m {
                Mark::Line { x1, dash: true, .. } => Some(*x1),
                _ => None,
            })
            .collect();
        assert_eq!(xs.len(), 4);
        assert!(xs.windows(2).all(|w| w[1] > w[0] + 5.0), "{xs:?}");
        // the bars in their classes' colours, the red class the first
        let first = m.iter().find_map(|m| match m {
            Mark::Rect { fill, .. } => Some(*fill),
            _ => None,
        });
        assert_eq!(first, Some([255, 0, 0, 255]));
        // not skewed, or not positive: linear
        let lin = histogram_marks(
            &[1.0, 2.0, 3.0, 100.0],
            &[1.0, 2.0, 100.0],
            &colors,
            200.0,
            60.0,
            10,
        );
        assert!(!lin.iter().any(|m| matches!(m, Mark::Text { .. })));
        let neg = histogram_marks(
            &[-1.0, 2.0, 3.0, 1e6],
            &[-1.0, 2.0, 1e6],
            &colors,
            200.0,
            60.0,
            10,
        );
        assert!(!neg.iter().any(|m| matches!(m, Mark::Text { .. })));
    }
}
