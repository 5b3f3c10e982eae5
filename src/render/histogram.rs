//! A histogram of the values with the class breaks drawn over it, as SVG: the shape of the
//! distribution tells whether quantiles, Jenks or a geometric progression suits it. Drawn from the
//! same classification as the map, so page, export and CLI agree.

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
    let (lo, hi) = (
        breaks[0].min(v.iter().copied().fold(f64::INFINITY, f64::min)),
        breaks[breaks.len() - 1].max(v.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
    );
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let bins = bins.max(1);
    let mut counts = vec![0usize; bins];
    for x in &v {
        let i = (((x - lo) / span) * bins as f64) as usize;
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
        let centre = lo + (i as f64 + 0.5) / bins as f64 * span;
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
        let x = x_of(*b);
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
    out
}

/// A histogram's marks ([`histogram_marks`]) as an SVG element of its own, `width` × `height` (the
/// page's legend shows it).
pub fn histogram_svg(marks: &[Mark], width: f64, height: f64) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="histogram">"#
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
    }
}
