//! Pole of inaccessibility (Mapbox's polylabel algorithm): the interior point farthest from the
//! outline. Labels sit there, and tests use it to find a pixel surely inside a feature.

use super::layer::point_in_rings;
use std::collections::BinaryHeap;

#[derive(PartialEq)]
struct Cell {
    x: f64,
    y: f64,
    h: f64,
    d: f64,
    max: f64,
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Cell {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.max.total_cmp(&o.max)
    }
}

/// Signed distance from (x, y) to the rings' outline: positive inside.
fn signed_distance(x: f64, y: f64, rings: &[&[f64]]) -> f64 {
    let mut min_sq = f64::INFINITY;
    for ring in rings {
        let n = ring.len() / 2;
        if n < 2 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (ax, ay, bx, by) = (ring[2 * j], ring[2 * j + 1], ring[2 * i], ring[2 * i + 1]);
            min_sq = min_sq.min(seg_dist_sq(x, y, ax, ay, bx, by));
            j = i;
        }
    }
    let d = min_sq.sqrt();
    if point_in_rings(x, y, rings.iter().copied()) {
        d
    } else {
        -d
    }
}

fn seg_dist_sq(px: f64, py: f64, ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let (mut x, mut y) = (ax, ay);
    let (dx, dy) = (bx - ax, by - ay);
    if dx != 0.0 || dy != 0.0 {
        let t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
        if t > 1.0 {
            x = bx;
            y = by;
        } else if t > 0.0 {
            x += dx * t;
            y += dy * t;
        }
    }
    (px - x).powi(2) + (py - y).powi(2)
}

/// The pole of inaccessibility of a polygon given as rings (first exterior), within `precision`.
/// Returns the point and its distance to the outline. Searched over the box of every ring: a
/// polygon's holes are within its exterior, except where a file draws the exterior as a line and
/// the land as its "hole" (world-atlas's Antarctica: its exterior runs along the South Pole, a
/// line in Equal Earth), which the fill draws by the same even-odd rule as this.
pub fn polylabel(rings: &[&[f64]], precision: f64) -> Option<(f64, f64, f64)> {
    let b = rings
        .iter()
        .filter_map(|r| super::layer::bbox_of(r))
        .reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })?;
    if b.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    if w.min(h) <= 0.0 {
        return Some((b[0], b[1], 0.0));
    }
    // cells of the shorter side, but never more than 64 along the longer one (sliver polygons)
    let size = w.min(h).max(w.max(h) / 64.0);
    let mut half = size / 2.0;
    let mut heap = BinaryHeap::new();
    let cell = |x: f64, y: f64, h: f64| {
        let d = signed_distance(x, y, rings);
        Cell {
            x,
            y,
            h,
            d,
            max: d + h * std::f64::consts::SQRT_2,
        }
    };
    let mut x = b[0];
    while x < b[2] {
        let mut y = b[1];
        while y < b[3] {
            heap.push(cell(x + half, y + half, half));
            y += size;
        }
        x += size;
    }
    // start from the bbox centre (and the centroid-ish middle) as the first best guess
    let mut best = cell(b[0] + w / 2.0, b[1] + h / 2.0, 0.0);
    let mut iterations = 0;
    while let Some(c) = heap.pop() {
        iterations += 1;
        if c.d > best.d {
            best = Cell {
                x: c.x,
                y: c.y,
                h: 0.0,
                d: c.d,
                max: c.d,
            };
        }
        if c.max - best.d <= precision || iterations > 10_000 || !c.max.is_finite() {
            continue;
        }
        half = c.h / 2.0;
        for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            heap.push(cell(c.x + dx * half, c.y + dy * half, half));
        }
    }
    Some((best.x, best.y, best.d))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pole_of_a_square_with_a_hole_avoids_the_hole() {
        let outer = [0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 10.0, 0.0, 0.0, 0.0];
        let hole = [4.0, 4.0, 6.0, 4.0, 6.0, 6.0, 4.0, 6.0, 4.0, 4.0];
        let (x, y, d) = polylabel(&[&outer, &hole], 0.01).unwrap();
        assert!(d > 1.0, "{x} {y} {d}");
        assert!(!((4.0..=6.0).contains(&x) && (4.0..=6.0).contains(&y)));
        let (x, y, _) = polylabel(&[&outer], 0.01).unwrap();
        assert!((x - 5.0).abs() < 0.1 && (y - 5.0).abs() < 0.1);
    }
}
