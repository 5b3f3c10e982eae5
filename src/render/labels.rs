//! Labels placed without overlaps: the largest features first (the callers order them), each at
//! its anchor (a pole of inaccessibility), moved in from the map's four edges — a point's beside
//! it, on its right or else its left (see [`Candidate`]) —, left out if it would
//! cover a label already placed or an obstacle (the scale bar). No label crosses an inset's
//! frame (France's overseas départements, the United States' insets with the territories): one
//! for a feature in an inset stays inside its frame, moved in from its edges as from the map's,
//! the others outside every frame. The screen and its exports
//! (www/api.js, text measured by the browser) and the CLI (text measured by an estimate) place them
//! here, as marks.

use crate::carto::Projected;
use crate::render::sheet::{Mark, INK};
use crate::render::svg::View;

/// The labels' font size (pixels), and half the height of the box a label of one line keeps clear.
pub const SIZE: f64 = 11.0;
const HALF_H: f64 = 8.0;
/// From one line of a label to the next (pixels): a name, and its value under it.
pub const LINE: f64 = 13.0;
/// The lines a label may have (`\n` between them); text past them is left out.
pub const MAX_LINES: usize = 3;
/// Room around a label's text, left and right together.
const PAD: f64 = 4.0;
/// How far a label's box may pass its area's edge (pixels): the rounding of its moves.
const EPS: f64 = 1e-6;
/// From a label's middle to its baseline (a third of the font's size: the text centred on its anchor).
const BASELINE: f64 = 4.0;

/// A feature that may take a label: its anchor and the width of its text (pixels: its widest
/// line's); `beside` 0 for a label centred on its anchor, else (a point) the room its dot or symbol
/// takes from the anchor: the label goes beside it, on its right, on its left where the right is
/// off the map or taken; `lines`: how many lines its text has (see [`lines`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub beside: f64,
    pub lines: usize,
}

/// A label's lines: its text cut at each `\n` (a name, and under it its value), [`MAX_LINES`] at
/// most.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').take(MAX_LINES)
}

/// Half the height of the box a label of `lines` lines keeps clear.
fn half_height(lines: usize) -> f64 {
    HALF_H + (lines.clamp(1, MAX_LINES) - 1) as f64 * LINE / 2.0
}

/// A label placed: which candidate, and the box it keeps clear `[x0, y0, x1, y1]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    pub candidate: usize,
    pub bbox: [f64; 4],
}

fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]
}

/// At most `max` labels on a map `size` = `[width, height]` pixels, the candidates taken in their order (the
/// largest features first: the callers order them, and a sort here was 4–5 KB more of the engine),
/// none over another or over an obstacle, none across one of the insets' `frames` (`[x0, y0, x1,
/// y1]` each, pixels): a candidate whose anchor is in a frame is placed inside it, any other
/// outside all of them.
pub fn place(
    cands: &[Candidate],
    obstacles: &[[f64; 4]],
    frames: &[[f64; 4]],
    size: [f64; 2],
    max: usize,
) -> Vec<Placed> {
    let mut taken: Vec<[f64; 4]> = obstacles.to_vec();
    let mut out = Vec::new();
    for (i, &c) in cands.iter().enumerate() {
        if out.len() >= max {
            break;
        }
        if !(c.x.is_finite() && c.y.is_finite()) {
            continue;
        }
        // where it may go: its inset's frame, else the map (and none of the frames)
        let area = frames
            .iter()
            .copied()
            .find(|f| c.x >= f[0] && c.x <= f[2] && c.y >= f[1] && c.y <= f[3])
            .unwrap_or([0.0, 0.0, size[0], size[1]]);
        let w = c.width.max(0.0) + PAD;
        let half = half_height(c.lines);
        let y = c.y.min(area[3] - half).max(area[1] + half);
        let (y0, y1) = (y - half, y + half);
        // (within a millionth of a pixel: a box moved in to an edge is the edge give or take the
        // rounding of its width added and taken away)
        let fits = |b: &[f64; 4]| {
            b[0] >= area[0] - EPS
                && b[2] <= area[2] + EPS
                && b[1] >= area[1] - EPS
                && b[3] <= area[3] + EPS
                && !taken.iter().any(|t| overlap(b, t))
                && frames.iter().all(|f| *f == area || !overlap(b, f))
        };
        let b = if c.beside > 0.0 {
            // beside its point, never moved in over it: right, else left
            let right = [c.x + c.beside, y0, c.x + c.beside + w, y1];
            let left = [c.x - c.beside - w, y0, c.x - c.beside, y1];
            [right, left].into_iter().find(fits)
        } else {
            // a label at an edge is moved in, not cut
            let x = c.x.min(area[2] - w / 2.0).max(area[0] + w / 2.0);
            Some([x - w / 2.0, y0, x + w / 2.0, y1]).filter(fits)
        };
        let Some(b) = b else { continue };
        taken.push(b);
        out.push(Placed {
            candidate: i,
            bbox: b,
        });
    }
    out
}

impl Placed {
    /// The label's text as marks, a line each, centred on its box, with a halo.
    pub fn marks(&self, text: &str) -> Vec<Mark> {
        let b = self.bbox;
        let n = lines(text).count();
        let top = (b[1] + b[3]) / 2.0 + BASELINE - (n - 1) as f64 * LINE / 2.0;
        lines(text)
            .enumerate()
            .map(|(i, line)| Mark::Text {
                x: (b[0] + b[2]) / 2.0,
                y: top + i as f64 * LINE,
                text: line.to_string(),
                size: SIZE,
                bold: false,
                centred: true,
                fill: INK,
                halo: true,
            })
            .collect()
    }
}

/// The candidates of a map at `view` (where no page chooses them: the CLI), as the page chooses
/// them (www/api.js `_labelMarks`): every feature with a name whose box is at least 24 × 10 pixels
/// and meets the map, at its symbol's anchor ([`crate::render::symbols::anchor`]) if that is on
/// the map; with the feature each is for, the largest first — by the area drawn
/// ([`Projected::feature_area`]), by the box's for a feature without any (points, lines) — ties in
/// the features' order.
pub fn candidates(
    p: &Projected,
    view: &View,
    names: &[Option<&str>],
    width_of: impl Fn(&str) -> f64,
) -> Vec<(Candidate, usize)> {
    let mut out = Vec::new();
    for (f, name) in names.iter().enumerate().take(p.len()) {
        let (Some(name), Some(b)) = (name, p.feature_bbox(f)) else {
            continue;
        };
        let (w, h) = ((b[2] - b[0]) as f64 * view.k, (b[3] - b[1]) as f64 * view.k);
        let (x0, y0) = view.screen(b[0], b[3]);
        let point = b[0] == b[2] && b[1] == b[3];
        if (w < 24.0 || h < 10.0) && !point
            || x0 > view.w
            || y0 > view.h
            || x0 + w < 0.0
            || y0 + h < 0.0
        {
            continue;
        }
        let Some((ax, ay)) = crate::render::symbols::anchor(p, f, view.k) else {
            continue;
        };
        let (x, y) = view.screen(ax, ay);
        if x < 0.0 || y < 0.0 || x > view.w || y > view.h {
            continue;
        }
        let c = Candidate {
            x,
            y,
            width: lines(name).map(&width_of).fold(0.0, f64::max),
            beside: if point { point_gap(0.0) } else { 0.0 },
            lines: lines(name).count(),
        };
        out.push((rank(p.feature_area(f) * view.k * view.k, w, h), c, f));
    }
    crate::sort::by(out, &|a, b| b.0.total_cmp(&a.0))
        .into_iter()
        .map(|(_, c, f)| (c, f))
        .collect()
}

/// From a point to its name: its dot's radius, or its symbol's where that is larger (`symbol`:
/// pixels, 0 for none), and 3 pixels (as the page: www/api.js `_labelMarks`).
pub fn point_gap(symbol: f64) -> f64 {
    symbol.max(crate::render::svg::POINT_R) + 3.0
}

/// What orders label candidates, the largest first: a feature's area on screen (pixels²), or its
/// box's `w × h` if it covers none (the page ranks them by the same rule: www/api.js `_labelMarks`).
pub fn rank(area: f64, w: f64, h: f64) -> f64 {
    if area > 0.0 {
        area
    } else {
        w * h
    }
}

/// The width of `text` at the labels' size by the mean advance of a sans-serif (where no browser
/// measures it: the CLI).
pub fn estimated_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64, width: f64) -> Candidate {
        Candidate {
            x,
            y,
            width,
            beside: 0.0,
            lines: 1,
        }
    }

    #[test]
    fn the_first_come_first_and_none_overlaps_another_or_an_obstacle() {
        let cands = [
            c(110.0, 105.0, 40.0), // placed first
            c(300.0, 100.0, 40.0),
            c(30.0, 290.0, 40.0),  // on the obstacle
            c(100.0, 100.0, 40.0), // over the first
            c(f64::NAN, 100.0, 40.0),
            c(500.0, 200.0, 40.0),
        ];
        let bar = [[0.0, 280.0, 120.0, 300.0]];
        let p = place(&cands, &bar, &[], [800.0, 600.0], 10);
        assert_eq!(
            p.iter().map(|p| p.candidate).collect::<Vec<_>>(),
            vec![0, 1, 5]
        );
        for (i, a) in p.iter().enumerate() {
            assert!(!overlap(&a.bbox, &bar[0]));
            for b in &p[i + 1..] {
                assert!(!overlap(&a.bbox, &b.bbox));
            }
        }
        assert_eq!(
            place(&cands, &bar, &[], [800.0, 600.0], 2).len(),
            2,
            "at most max"
        );
    }

    #[test]
    fn candidates_rank_by_the_area_drawn_not_the_box_an_archipelago_spans() {
        // an archipelago of four 0.2° islands 10° apart, a 3° island, a 4° square with a 3.6° hole
        let sq = |x: f64, y: f64, d: f64| {
            format!(
                "[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]",
                x + d,
                x + d,
                y + d,
                y + d
            )
        };
        let f =
            |geom: String| format!(r#"{{"type":"Feature","properties":{{}},"geometry":{geom}}}"#);
        let islands: Vec<String> = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)]
            .iter()
            .map(|&(x, y)| format!("[{}]", sq(x, y, 0.2)))
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
            f(format!(
                r#"{{"type":"MultiPolygon","coordinates":[{}]}}"#,
                islands.join(",")
            )),
            f(format!(
                r#"{{"type":"Polygon","coordinates":[{}]}}"#,
                sq(20.0, 0.0, 3.0)
            )),
            f(format!(
                r#"{{"type":"Polygon","coordinates":[{},{}]}}"#,
                sq(30.0, 0.0, 4.0),
                sq(30.2, 0.2, 3.6)
            )),
        );
        let mut w = crate::error::Warnings::default();
        let l = crate::io::geojson::read_geojson(&text, "t", &mut w).unwrap();
        let p = Projected::new(&l, crate::carto::Projection::Equirectangular);
        let deg = std::f64::consts::PI / 180.0; // (equirectangular: radians)
        let area = |f: usize| p.feature_area(f) / (deg * deg);
        assert!((area(0) - 4.0 * 0.04).abs() < 1e-3, "{}", area(0));
        assert!((area(1) - 9.0).abs() < 1e-3, "{}", area(1));
        assert!((area(2) - (16.0 - 12.96)).abs() < 1e-3, "{}", area(2));
        // the whole layer on 800 px: every box is wide enough to take a label
        let b = p.bbox.unwrap();
        let k = 800.0 / (b[2] - b[0]) as f64;
        let view = View {
            k,
            tx: -b[0] as f64 * k,
            ty: 400.0 + b[1] as f64 * k,
            w: 800.0,
            h: 600.0,
        };
        let names = [Some("archipelago"), Some("island"), Some("holed")];
        let order: Vec<usize> = candidates(&p, &view, &names, estimated_width)
            .iter()
            .map(|c| c.1)
            .collect();
        // by box the archipelago (10.2° square) came first and the holed square before the island
        assert_eq!(order, vec![1, 2, 0]);
        // points and lines have no area: their boxes rank them
        assert_eq!(rank(0.0, 30.0, 20.0), 600.0);
        assert_eq!(rank(50.0, 30.0, 20.0), 50.0);
    }

    #[test]
    fn a_point_is_named_beside_its_dot_on_its_left_at_the_maps_right_edge() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[10,0]}}]}"#;
        let mut w = crate::error::Warnings::default();
        let l = crate::io::geojson::read_geojson(text, "t", &mut w).unwrap();
        let p = Projected::new(&l, crate::carto::Projection::Equirectangular);
        let view = View::fit(p.bbox.unwrap(), 400.0, 200.0, 10.0);
        let names = [Some("West"), Some("East")];
        let got = candidates(&p, &view, &names, estimated_width);
        assert_eq!(
            got.len(),
            2,
            "points are named (they have no box of 24 × 10)"
        );
        for (c, f) in got {
            let (ax, ay) = p.anchor(f).unwrap();
            let (x, y) = view.screen(ax, ay);
            assert_eq!((c.x, c.y, c.beside), (x, y, point_gap(0.0)));
            // placed beside its dot, never moved in over it
            let b = place(&[c], &[], &[], [view.w, view.h], 1)[0].bbox;
            assert_eq!(b[3] - b[1], 2.0 * HALF_H);
            if f == 0 {
                assert!(b[0] >= x + 4.0, "West on the right of its dot");
            } else {
                assert!(b[2] <= x - 4.0, "East, at the edge, on its left");
            }
        }
        // its right taken (by a label placed before, an obstacle): on its left
        let c = Candidate {
            x: 200.0,
            y: 100.0,
            width: 30.0,
            beside: point_gap(0.0),
            lines: 1,
        };
        let b = place(&[c], &[[210.0, 95.0, 260.0, 105.0]], &[], [400.0, 200.0], 1)[0].bbox;
        assert!(b[2] <= 200.0 - point_gap(0.0), "{b:?}");
        // both sides taken: none
        assert!(place(&[c], &[[150.0, 95.0, 250.0, 105.0]], &[], [400.0, 200.0], 1).is_empty());
    }

    #[test]
    fn no_label_crosses_an_insets_frame() {
        // an inset's frame at the map's left (Guyane's, 68 pixels wide) and the metropole beside it
        let frame = [16.0, 150.0, 84.0, 230.0];
        let size = [800.0, 600.0];
        // a name wider than half the frame at its left edge: moved in, inside the frame
        let p = place(&[c(30.0, 200.0, 58.0)], &[], &[frame], size, 5);
        assert_eq!(p[0].bbox, [16.0, 192.0, 78.0, 208.0]);
        // near its top: moved down inside it
        assert_eq!(
            place(&[c(50.0, 152.0, 20.0)], &[], &[frame], size, 5)[0].bbox[1],
            150.0
        );
        // wider than the frame: none (it would cross the frame's lines)
        assert!(place(&[c(50.0, 200.0, 70.0)], &[], &[frame], size, 5).is_empty());
        // the metropole's label next to the frame: not over it (none where it would be), and
        // placed where it is clear of it
        assert!(place(&[c(100.0, 200.0, 60.0)], &[], &[frame], size, 5).is_empty());
        let p = place(&[c(120.0, 200.0, 60.0)], &[], &[frame], size, 5);
        assert_eq!(p[0].bbox, [88.0, 192.0, 152.0, 208.0]);
        // a point's beside it, inside its frame: on its left where its right would cross the line
        let dot = Candidate {
            x: 70.0,
            y: 200.0,
            width: 20.0,
            beside: point_gap(0.0),
            lines: 1,
        };
        let b = place(&[dot], &[], &[frame], size, 5)[0].bbox;
        assert!(b[0] >= frame[0] && b[2] <= 70.0 - point_gap(0.0), "{b:?}");
        // without frames, as before: the metropole's label where the frame was
        assert_eq!(place(&[c(100.0, 200.0, 60.0)], &[], &[], size, 5).len(), 1);
    }

    #[test]
    fn a_label_at_the_edge_is_moved_in_and_its_mark_centred_on_it() {
        let p = place(&[c(3.0, 50.0, 36.0)], &[], &[], [400.0, 300.0], 5);
        assert_eq!(p[0].bbox, [0.0, 42.0, 40.0, 58.0]);
        // the top and bottom edges too
        assert_eq!(
            place(&[c(50.0, 2.0, 36.0)], &[], &[], [400.0, 300.0], 5)[0].bbox[1],
            0.0
        );
        assert_eq!(
            place(&[c(50.0, 297.0, 36.0)], &[], &[], [400.0, 300.0], 5)[0].bbox[3],
            300.0
        );
        let p = place(&[c(399.0, 50.0, 36.0)], &[], &[], [400.0, 300.0], 5);
        assert_eq!(p[0].bbox[2], 400.0);
        match &p[0].marks("Lozère")[..] {
            [Mark::Text {
                x,
                y,
                centred,
                halo,
                size,
                ..
            }] => {
                assert_eq!(
                    (*x, *y, *centred, *halo, *size),
                    (380.0, 54.0, true, true, SIZE)
                )
            }
            m => panic!("{m:?}"),
        }
    }

    #[test]
    fn a_name_and_its_value_take_two_lines_a_box_as_high_and_a_mark_each() {
        let two = Candidate {
            lines: 2,
            ..c(200.0, 100.0, 50.0)
        };
        let p = place(&[two], &[], &[], [400.0, 300.0], 5);
        // the box: one line's and a line more, centred on the anchor
        assert_eq!(p[0].bbox, [173.0, 100.0 - 14.5, 227.0, 100.0 + 14.5]);
        let texts = |m: &[Mark]| -> Vec<(String, f64, f64)> {
            m.iter()
                .map(|m| match m {
                    Mark::Text { text, x, y, .. } => (text.clone(), *x, *y),
                    m => panic!("{m:?}"),
                })
                .collect()
        };
        // a line each, a line apart, the pair centred as one line is
        assert_eq!(
            texts(&p[0].marks("Hérault\n1 175 623")),
            vec![
                ("Hérault".to_string(), 200.0, 104.0 - 6.5),
                ("1 175 623".to_string(), 200.0, 104.0 + 6.5)
            ]
        );
        // moved in from the map's top by its whole height
        let p = place(&[Candidate { y: 3.0, ..two }], &[], &[], [400.0, 300.0], 5);
        assert_eq!(p[0].bbox[1], 0.0);
        assert_eq!(p[0].bbox[3], 29.0);
        // a label below it, clear of its second line: not placed where one line would have been
        let under = c(200.0, 122.0, 50.0);
        assert_eq!(place(&[two, under], &[], &[], [400.0, 300.0], 5).len(), 1);
        assert_eq!(
            place(&[c(200.0, 100.0, 50.0), under], &[], &[], [400.0, 300.0], 5).len(),
            2
        );
        // lines past the third are left out; candidates count and measure their lines
        assert_eq!(lines("a\nb\nc\nd").collect::<Vec<_>>(), vec!["a", "b", "c"]);
        assert_eq!(half_height(9), half_height(3));
        assert_eq!(half_height(0), HALF_H);
    }
}
