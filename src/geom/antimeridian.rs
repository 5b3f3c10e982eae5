//! Geometry cut at the antimeridian (±180°), as RFC 7946 asks of GeoJSON and as d3's
//! `geoClipAntimeridian` does when it draws: a ring whose longitude jumps from 179.9 to −179.9
//! (Russia's Chukotka, Fiji, Antarctica in world-atlas) was drawn as a band across the whole world
//! in every world projection. Each such ring is cut into its pieces on either side, closed along
//! the meridian (with a vertex every degree of latitude: that meridian is curved in Equal Earth or
//! Natural Earth), a ring around a pole closed through it (Antarctica reaches the pole, as d3 draws
//! it); a line is cut into two lines; a TopoJSON arc likewise, so that its border is not stroked
//! across the world either. The conic projections wrap longitudes around their central meridian,
//! so the pieces of a ring across the antimeridian meet again there (the Aleutians in Albers USA).

use crate::geom::layer::{point_in_rings, ring_area, Layer, Polylines, RingBorders};
use crate::geom::{LINE, POLYGON};

/// Latitude between two vertices added along a cut, degrees.
const STEP: f64 = 1.0;
/// The most strips of 360° a ring may span to be cut (past that it is left as it is: a spiral of
/// garbage, not a ring across the antimeridian).
const MAX_STRIPS: f64 = 3.0;

/// Whether a ring (or a line) must be cut: a jump of more than 180° of longitude between two
/// vertices (a ring's closing edge included), or (`past`) a longitude past ±180; never for one that
/// is not finite (such a file is refused or reported elsewhere). One walk over the vertices: every
/// ring of every file read comes through here.
fn crosses(xy: &[f64], closed: bool, past: bool) -> bool {
    let n = xy.len() / 2;
    if n < 2 {
        return false;
    }
    let (mut found, mut prev) = (false, xy[2 * n - 2]);
    for (i, p) in xy.chunks_exact(2).enumerate() {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return false;
        }
        found |= ((i > 0 || closed) && (p[0] - prev).abs() > 180.0) || (past && p[0].abs() > 180.0);
        prev = p[0];
    }
    found
}

/// The longitude `x` moved by whole turns to within 180° of `prev`.
fn near(x: f64, prev: f64) -> f64 {
    x - 360.0 * ((x - prev) / 360.0).round()
}

/// The ring's vertices with continuous longitudes (the first as it is, each next within 180° of the
/// one before), its closing vertex (equal to the first) left out; around a pole, closed through it.
fn unwrap_ring(xy: &[f64]) -> Vec<[f64; 2]> {
    let mut pts: Vec<[f64; 2]> = xy.chunks_exact(2).map(|p| [p[0], p[1]]).collect();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    for i in 1..pts.len() {
        pts[i][0] = near(pts[i][0], pts[i - 1][0]);
    }
    let (Some(&first), Some(&last)) = (pts.first(), pts.last()) else {
        return pts;
    };
    // where the first vertex comes again after the last: a turn away if the ring goes around a pole
    let again = near(first[0], last[0]);
    if (again - first[0]).abs() > 180.0 {
        let mean = pts.iter().map(|p| p[1]).sum::<f64>() / pts.len() as f64;
        let pole = if mean < 0.0 { -90.0 } else { 90.0 };
        let edge = [again, first[1]];
        pts.extend([edge, [again, pole], [first[0], pole]]);
    }
    pts
}

/// The part of a polygon on one side of the meridian `x0` (Sutherland–Hodgman): `keep_right`, the
/// side x ≥ x0, else x ≤ x0. A polygon that leaves and comes back is one ring joined along the
/// meridian (edges there both ways: no area, and the fill adds up the same).
fn clip(pts: &[[f64; 2]], x0: f64, keep_right: bool) -> Vec<[f64; 2]> {
    let inside = |p: [f64; 2]| if keep_right { p[0] >= x0 } else { p[0] <= x0 };
    let cross = |a: [f64; 2], b: [f64; 2]| {
        let t = (x0 - a[0]) / (b[0] - a[0]);
        [x0, a[1] + t * (b[1] - a[1])]
    };
    let mut out = Vec::with_capacity(pts.len() + 4);
    let Some(&last) = pts.last() else {
        return out;
    };
    let mut a = last;
    for &b in pts {
        match (inside(a), inside(b)) {
            (true, true) => out.push(b),
            (true, false) => out.push(cross(a, b)),
            (false, true) => {
                out.push(cross(a, b));
                out.push(b);
            }
            (false, false) => {}
        }
        a = b;
    }
    out
}

/// Whether an edge between longitudes `a` and `b` runs along the antimeridian (a cut's closing
/// edge, the engine's or a file's: no coast), or along `seam`, where a recentred layer's first cut
/// lies (see [`Layer::seam`]).
pub fn along(a: f64, b: f64, seam: Option<f64>) -> bool {
    a == b && (a.abs() == 180.0 || Some(a) == seam)
}

/// A closed ring (x, y interleaved, its first vertex repeated at the end) from a piece, with a
/// vertex every [`STEP`] degrees along its edges on the meridian ±180.
fn close(piece: &[[f64; 2]]) -> Vec<f64> {
    let mut out = Vec::with_capacity(piece.len() * 2 + 2);
    for (i, &a) in piece.iter().enumerate() {
        out.extend(a);
        let b = piece[(i + 1) % piece.len()];
        if along(a[0], b[0], None) {
            let steps = ((b[1] - a[1]).abs() / STEP).ceil().min(180.0) as usize;
            for s in 1..steps {
                out.extend([a[0], a[1] + (b[1] - a[1]) * s as f64 / steps as f64]);
            }
        }
    }
    out.extend([out[0], out[1]]);
    out
}

/// A ring across the antimeridian cut into its pieces on either side, each in −180…180 and closed;
/// `None` if it need not (or cannot) be cut.
pub fn cut_ring(xy: &[f64]) -> Option<Vec<Vec<f64>>> {
    if !crosses(xy, true, true) {
        return None;
    }
    let pts = unwrap_ring(xy);
    let (lo, hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[0]), hi.max(p[0]))
        });
    // (and none far out of the world: at 1e63 degrees a turn is below the precision of an `f64`,
    // so its strips would never end — found by fuzzing)
    let reach = 180.0 + 360.0 * MAX_STRIPS;
    if !(hi - lo <= 360.0 * MAX_STRIPS && lo >= -reach && hi <= reach) {
        return None;
    }
    let mut pieces = Vec::new();
    // the strips of 360° it meets: turn k spans −180 + 360k … 180 + 360k
    let (k0, k1) = (
        ((lo + 180.0) / 360.0).floor(),
        ((hi - 180.0) / 360.0).ceil(),
    );
    let mut k = k0;
    while k <= k1 {
        let shift = 360.0 * k;
        let piece = clip(&clip(&pts, shift - 180.0, true), shift + 180.0, false);
        let piece: Vec<[f64; 2]> = piece.into_iter().map(|p| [p[0] - shift, p[1]]).collect();
        if piece.len() >= 3 {
            let ring = close(&piece);
            if ring_area(&ring).abs() > 1e-12 {
                pieces.push(ring);
            }
        }
        k += 1.0;
    }
    Some(pieces)
}

/// A line (or an arc) cut where it crosses the antimeridian: its pieces, each ending on the
/// meridian where the next begins; `None` if it need not be cut.
pub fn cut_line(xy: &[f64]) -> Option<Vec<Vec<f64>>> {
    let n = xy.len() / 2;
    // (a line past ±180 without a jump is left as it is: nothing is drawn across the world)
    if !crosses(xy, false, false) {
        return None;
    }
    let mut pieces = vec![vec![xy[0], xy[1]]];
    for i in 1..n {
        let (a, b) = ([xy[2 * i - 2], xy[2 * i - 1]], [xy[2 * i], xy[2 * i + 1]]);
        if (b[0] - a[0]).abs() > 180.0 {
            // the meridian on a's side, and b's longitude on that side of it
            let m = if a[0] > 0.0 { 180.0 } else { -180.0 };
            let bx = near(b[0], a[0]);
            let t = (m - a[0]) / (bx - a[0]);
            let y = if t.is_finite() {
                a[1] + t * (b[1] - a[1])
            } else {
                a[1]
            };
            if let Some(p) = pieces.last_mut() {
                p.extend([m, y]);
            }
            pieces.push(vec![-m, y]);
        }
        if let Some(p) = pieces.last_mut() {
            p.extend(b);
        }
    }
    Some(pieces)
}

/// Ring `r`'s coordinates in a layer that is not packed.
fn ring(l: &Layer, r: usize) -> &[f64] {
    let (a, b) = (l.ring_offsets[r] as usize, l.ring_offsets[r + 1] as usize);
    &l.coords[a * 2..b * 2]
}

/// Whether a border of `b` crosses the antimeridian (then [`cut`] cuts it).
pub(crate) fn arcs_cross(b: &Polylines) -> bool {
    b.offsets.windows(2).any(|w| {
        crosses(
            &b.coords[w[0] as usize * 2..w[1] as usize * 2],
            false,
            false,
        )
    })
}

/// Cuts every ring, line and border of `layer` that crosses the antimeridian (see the module) and
/// returns the features cut. Rings cut are no longer made of the borders (their pieces are
/// simplified on their own); the others keep theirs. A packed layer is left as it is.
pub fn cut(layer: &mut Layer) -> Vec<usize> {
    if layer.packed.is_some() {
        return Vec::new();
    }
    let part_crosses = |l: &Layer, p: usize| match l.part_kind[p] {
        POLYGON => l.rings(p).any(|r| crosses(ring(l, r), true, true)),
        LINE => l.rings(p).any(|r| crosses(ring(l, r), false, false)),
        _ => false,
    };
    let parts_cut = (0..layer.part_kind.len()).any(|p| part_crosses(layer, p));
    let arcs_cut = layer.borders.as_ref().is_some_and(arcs_cross);
    if !parts_cut && !arcs_cut {
        return Vec::new();
    }
    // the borders first: each arc's first piece's number, for the rings that keep their borders
    let mut border_of = Vec::new();
    if let Some(b) = layer.borders.as_mut() {
        let (mut coords, mut offsets) = (Vec::with_capacity(b.coords.len() + 64), vec![0]);
        for w in b.offsets.windows(2) {
            let xy = &b.coords[w[0] as usize * 2..w[1] as usize * 2];
            border_of.push((offsets.len() - 1) as i32);
            for piece in cut_line(xy).unwrap_or_else(|| vec![xy.to_vec()]) {
                coords.extend(piece);
                offsets.push((coords.len() / 2) as u32);
            }
        }
        *b = Polylines {
            coords: coords.into(),
            offsets,
        };
    }
    let name = layer.name.clone();
    let old = std::mem::replace(layer, Layer::new(&name));
    let mut rb_out = old.ring_borders.as_ref().map(|_| RingBorders {
        offsets: vec![0],
        borders: Vec::new(),
    });
    // a ring copied with its borders' entries, or a new one (a piece) with none
    let push =
        |l: &mut Layer, xy: &[f64], rb_out: &mut Option<RingBorders>, from: Option<usize>| {
            for p in xy.chunks_exact(2) {
                l.push_xy(p[0], p[1]);
            }
            l.end_ring();
            if let (Some(out), Some(rb)) = (rb_out.as_mut(), old.ring_borders.as_ref()) {
                let entries = from.and_then(|r| {
                    let (a, b) = (
                        *rb.offsets.get(r)? as usize,
                        *rb.offsets.get(r + 1)? as usize,
                    );
                    rb.borders.get(a..b)
                });
                if let Some(entries) = entries {
                    out.borders.extend(entries.iter().map(|&e| {
                        let k = if e < 0 { !e } else { e } as usize;
                        let m = border_of.get(k).copied().unwrap_or(k as i32);
                        if e < 0 {
                            !m
                        } else {
                            m
                        }
                    }));
                }
                out.offsets.push(out.borders.len() as u32);
            }
        };
    let mut cut_features = Vec::new();
    for f in 0..old.len() {
        let mut cut_here = false;
        for p in old.parts(f) {
            let kind = old.part_kind[p];
            if !part_crosses(&old, p) {
                for r in old.rings(p) {
                    push(layer, ring(&old, r), &mut rb_out, Some(r));
                }
                layer.end_part(kind);
                continue;
            }
            cut_here = true;
            if kind == LINE {
                for r in old.rings(p) {
                    for piece in
                        cut_line(ring(&old, r)).unwrap_or_else(|| vec![ring(&old, r).to_vec()])
                    {
                        push(layer, &piece, &mut rb_out, None);
                        layer.end_part(LINE);
                    }
                }
                continue;
            }
            // a polygon: a part for each piece of its exterior, each hole (or piece of one) with
            // the exterior piece it lies in
            let mut rings = old.rings(p);
            let Some(ext) = rings.next() else { continue };
            let exteriors: Vec<(Vec<f64>, Option<usize>)> = match cut_ring(ring(&old, ext)) {
                Some(pieces) => pieces.into_iter().map(|e| (e, None)).collect(),
                None => vec![(ring(&old, ext).to_vec(), Some(ext))],
            };
            let mut holes: Vec<Vec<(Vec<f64>, Option<usize>)>> = vec![Vec::new(); exteriors.len()];
            for r in rings {
                let pieces = match cut_ring(ring(&old, r)) {
                    Some(pieces) => pieces.into_iter().map(|h| (h, None)).collect(),
                    None => vec![(ring(&old, r).to_vec(), Some(r))],
                };
                for (h, from) in pieces {
                    let (x, y) = (h.first().copied(), h.get(1).copied());
                    let at = exteriors
                        .iter()
                        .position(|(e, _)| match (x, y) {
                            (Some(x), Some(y)) => point_in_rings(x, y, std::iter::once(&e[..])),
                            _ => false,
                        })
                        .unwrap_or(0);
                    if let Some(list) = holes.get_mut(at) {
                        list.push((h, from));
                    }
                }
            }
            for ((e, from), hs) in exteriors.iter().zip(&holes) {
                push(layer, e, &mut rb_out, *from);
                for (h, from) in hs {
                    push(layer, h, &mut rb_out, *from);
                }
                layer.end_part(POLYGON);
            }
        }
        layer
            .feature_offsets
            .push((layer.part_offsets.len() - 1) as u32);
        if cut_here {
            cut_features.push(f);
        }
    }
    let Layer {
        name: _,
        coords: _,
        ring_offsets: _,
        part_offsets: _,
        part_kind: _,
        feature_offsets: _,
        ids,
        props,
        borders,
        ring_borders: _,
        packed: _,
        seam,
    } = old;
    layer.ids = ids;
    layer.props = props;
    layer.borders = borders;
    layer.seam = seam;
    layer.ring_borders = rb_out.map(std::sync::Arc::new);
    cut_features
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_jump(xy: &[f64]) -> f64 {
        xy.chunks_exact(2)
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| (w[1][0] - w[0][0]).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn a_ring_across_is_cut_into_two_closed_pieces_of_the_same_area() {
        // 179.2 → −179.8 at latitudes −16 … −17.2 (the corpus's Fiji)
        let ring = [
            179.2, -16.0, -179.8, -16.0, -179.8, -17.2, 179.2, -17.2, 179.2, -16.0,
        ];
        let pieces = cut_ring(&ring).unwrap();
        assert_eq!(pieces.len(), 2);
        let area: f64 = pieces.iter().map(|p| ring_area(p).abs()).sum();
        assert!((area - 1.0 * 1.2).abs() < 1e-9, "{area}");
        for p in &pieces {
            assert_eq!(p[..2], p[p.len() - 2..], "closed");
            assert!(p.chunks_exact(2).all(|q| q[0].abs() <= 180.0));
            assert!(max_jump(p) <= 1.0);
            // one side each
            let (lo, hi) = p.chunks_exact(2).fold((f64::MAX, f64::MIN), |(lo, hi), q| {
                (lo.min(q[0]), hi.max(q[0]))
            });
            assert!(lo >= 179.2 - 1e-9 || hi <= -179.8 + 1e-9, "{lo} {hi}");
        }
        // the same area written past 180 gives the same pieces
        let beyond = [
            179.2, -16.0, 180.2, -16.0, 180.2, -17.2, 179.2, -17.2, 179.2, -16.0,
        ];
        let b = cut_ring(&beyond).unwrap();
        let area_b: f64 = b.iter().map(|p| ring_area(p).abs()).sum();
        assert!((area_b - area).abs() < 1e-9);
        // not across: left alone
        assert!(cut_ring(&[1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 1.0, 1.0]).is_none());
        assert!(cut_ring(&[179.0, 0.0, f64::NAN, 0.0, -179.0, 1.0, 179.0, 0.0]).is_none());
    }

    #[test]
    fn a_ring_around_the_pole_is_closed_through_it_and_cut_along_the_meridian_every_degree() {
        // a coast once around the pole, from −180 to 180 at latitudes −70 … −71, its closing edge
        // jumping from 180 back to −180 (as world-atlas writes Antarctica)
        let mut ring = Vec::new();
        for i in 0..=36 {
            ring.extend([-180.0 + 10.0 * i as f64, -70.0 - (i % 2) as f64]);
        }
        ring.extend([-180.0, -70.0]);
        let pieces = cut_ring(&ring).unwrap();
        let area: f64 = pieces.iter().map(|p| ring_area(p).abs()).sum();
        // from the coast (−70/−71) down to the pole, all the way round
        assert!(area > 360.0 * 19.0 && area < 360.0 * 20.0, "{area}");
        assert!(pieces.iter().all(|p| p
            .chunks_exact(2)
            .all(|q| q[0].abs() <= 180.0 && q[1] >= -90.0)));
        assert!(
            pieces
                .iter()
                .any(|p| p.chunks_exact(2).any(|q| q[1] == -90.0)),
            "reaches the pole"
        );
        // (the one edge across the world is the pole itself)
        for p in &pieces {
            for w in p.chunks_exact(2).collect::<Vec<_>>().windows(2) {
                assert!(
                    (w[1][0] - w[0][0]).abs() <= 180.0 || (w[0][1] == -90.0 && w[1][1] == -90.0),
                    "{w:?}"
                );
            }
        }
    }

    #[test]
    fn a_ring_far_out_of_the_world_is_left_as_it_is_at_once() {
        // (found by fuzzing: a longitude of 8.9e63 made strips of 360° a turn below the precision
        // of an f64, and the loop over them never ended)
        for x in [8.9e63, -8.9e63, 1e17, 1441.0] {
            let ring = [x, -17.5, 178.6, -17.5, 178.6, -17.9, 177.2, -17.9, x, -17.5];
            assert!(cut_ring(&ring).is_none(), "{x}");
        }
        // a ring written past 180 within the strips it may span is still cut
        let ring = [
            179.2, -16.0, 180.2, -16.0, 180.2, -17.2, 179.2, -17.2, 179.2, -16.0,
        ];
        assert_eq!(cut_ring(&ring).map(|p| p.len()), Some(2));
    }

    #[test]
    fn a_line_across_is_cut_where_it_meets_the_meridian() {
        let line = [178.0, 10.0, 179.0, 10.0, -179.0, 12.0, -178.0, 12.0];
        let pieces = cut_line(&line).unwrap();
        assert_eq!(
            pieces,
            vec![
                vec![178.0, 10.0, 179.0, 10.0, 180.0, 11.0],
                vec![-180.0, 11.0, -179.0, 12.0, -178.0, 12.0]
            ]
        );
        assert!(cut_line(&[1.0, 1.0, 2.0, 2.0]).is_none());
    }

    #[test]
    fn a_layer_keeps_its_features_and_the_borders_of_the_rings_not_cut() {
        let mut l = Layer::new("t");
        // feature 0: a square away from the antimeridian; feature 1: across, with a hole on each side
        for &(x, y) in &[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)] {
            l.push_xy(x, y);
        }
        l.end_ring();
        l.end_part(POLYGON);
        l.end_feature(Some("a".into()));
        for &(x, y) in &[
            (170.0, 0.0),
            (-170.0, 0.0),
            (-170.0, 10.0),
            (170.0, 10.0),
            (170.0, 0.0),
        ] {
            l.push_xy(x, y);
        }
        l.end_ring();
        for &(x, y) in &[(172.0, 2.0), (174.0, 2.0), (174.0, 4.0), (172.0, 2.0)] {
            l.push_xy(x, y);
        }
        l.end_ring();
        for &(x, y) in &[(-174.0, 2.0), (-172.0, 2.0), (-172.0, 4.0), (-174.0, 2.0)] {
            l.push_xy(x, y);
        }
        l.end_ring();
        l.end_part(POLYGON);
        l.end_feature(Some("b".into()));
        l.props.rows = l.len();
        let cut_features = cut(&mut l);
        assert_eq!(cut_features, vec![1]);
        assert_eq!(l.len(), 2);
        assert_eq!(l.ids.get(1), Some("b"));
        assert!(l.check().is_ok(), "{:?}", l.check());
        assert_eq!(l.parts(0).len(), 1);
        assert_eq!(l.parts(1).len(), 2, "a part a side");
        // each side: its exterior and the hole that lies in it
        for p in l.parts(1) {
            let rings: Vec<_> = l.rings(p).collect();
            assert_eq!(rings.len(), 2);
            let e = ring_of(&l, rings[0]);
            let h = ring_of(&l, rings[1]);
            assert!(point_in_rings(h[0], h[1], std::iter::once(&e[..])));
            assert!(max_jump(&e) <= 180.0);
        }
        // the area: 20° × 10° less two holes of 2
        let total: f64 = l
            .parts(1)
            .map(|p| {
                let mut rs = l.rings(p);
                let e = ring_area(&ring_of(&l, rs.next().unwrap())).abs();
                e - rs.map(|r| ring_area(&ring_of(&l, r)).abs()).sum::<f64>()
            })
            .sum();
        assert!((total - 196.0).abs() < 1e-9, "{total}");
    }

    fn ring_of(l: &Layer, r: usize) -> Vec<f64> {
        l.ring(r, &mut Vec::new()).to_vec()
    }
}
