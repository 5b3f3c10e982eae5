//! The whole sphere's outline and a graticule under a world map, as d3 maps draw `{type:
//! "Sphere"}` and `geoGraticule`: without them a world in Equal Earth or on a globe has no edge,
//! only the coasts that happen to reach it. For the projections that show the whole world with an
//! edge (equirectangular, Equal Earth, Natural Earth, orthographic); none for Web Mercator (its
//! poles are at infinity: the canvas is its sphere) nor for the regional ones.

use super::projection::Projection;

/// Degrees between the graticule's lines.
pub const STEP: f64 = 30.0;
/// Degrees between the vertices along a line (or along the outline).
const FINE: f64 = 2.0;

/// Whether the projection draws the sphere's outline (see the module).
pub fn has_outline(p: &Projection) -> bool {
    matches!(
        p,
        Projection::Equirectangular
            | Projection::EqualEarth
            | Projection::NaturalEarth
            | Projection::Orthographic { .. }
    )
}

/// A place projected relative to `origin`, as the layer's vertices are (`None` if not shown).
fn at(p: &Projection, origin: [f64; 2], lon: f64, lat: f64) -> Option<[f32; 2]> {
    let (x, y) = p.forward(lon, lat)?;
    Some([(x - origin[0]) as f32, (y - origin[1]) as f32])
}

/// `from` to `to` by about [`FINE`] degrees, both ends in.
fn steps(from: f64, to: f64) -> impl Iterator<Item = f64> {
    let n = ((to - from).abs() / FINE).ceil().max(1.0) as usize;
    (0..=n).map(move |i| from + (to - from) * i as f64 / n as f64)
}

/// The sphere's outline in projected units relative to `origin` (x, y interleaved, closed), empty
/// for a projection without one: the meridians ±180 for the world projections, the rim of the
/// globe (radius 1 around its centre) for the orthographic.
pub fn outline(p: &Projection, origin: [f64; 2]) -> Vec<f32> {
    let mut out = Vec::new();
    match p {
        Projection::Orthographic { .. } => {
            for i in 0..=180 {
                let a = i as f64 * std::f64::consts::PI / 90.0;
                out.extend([(a.cos() - origin[0]) as f32, (a.sin() - origin[1]) as f32]);
            }
        }
        _ if has_outline(p) => {
            let edge = steps(-90.0, 90.0)
                .map(|lat| (180.0, lat))
                .chain(steps(90.0, -90.0).map(|lat| (-180.0, lat)));
            out.extend(
                edge.filter_map(|(lon, lat)| at(p, origin, lon, lat))
                    .flatten(),
            );
            if out.len() >= 2 {
                out.extend([out[0], out[1]]);
            }
        }
        _ => {}
    }
    out
}

/// The box a map of a layer whose box is `b` is fitted to: a world's (its box more than half the
/// sphere's either way) takes in the whole sphere, drawn under it; a region keeps its own. (The
/// page's `fit` does the same.)
pub fn fit_box(p: &Projection, origin: [f64; 2], b: [f32; 4]) -> [f32; 4] {
    let o = outline(p, origin);
    if o.len() < 6 {
        return b;
    }
    let s = o.chunks_exact(2).fold(crate::geom::EMPTY, |acc, v| {
        crate::geom::union(acc, [v[0], v[1], v[0], v[1]])
    });
    if b[2] - b[0] > (s[2] - s[0]) / 2.0 || b[3] - b[1] > (s[3] - s[1]) / 2.0 {
        crate::geom::union(b, s)
    } else {
        b
    }
}

/// The longitudes, in the frame of a layer centred on `centre` (degrees east, see
/// [`crate::carto::recentre`]), of the graticule's meridians: every [`STEP`]° of real longitude
/// (so that they stay round on a map centred on 10° E), but the one on the frame's ±180, which is
/// the outline's (on the globe, one of the meridians).
pub fn meridians(centre: f64, globe: bool) -> Vec<f64> {
    let n = (360.0 / STEP) as i32;
    (0..n)
        .map(|i| super::projection::wrap(-180.0 + STEP * i as f64 - centre))
        .filter(|lon| globe || lon.abs() != 180.0)
        .collect()
}

/// The graticule in projected units relative to `origin`, for a layer centred on `centre`
/// (degrees east; 0 unless recentred): meridians and parallels every [`STEP`]° (parallels up to
/// ±60°), as polylines one after the other, a NaN pair between two; on the globe, their near side
/// only. Empty for a projection without an outline.
pub fn graticule(p: &Projection, origin: [f64; 2], centre: f64) -> Vec<f32> {
    let mut out = Vec::new();
    if !has_outline(p) {
        return out;
    }
    let globe = matches!(p, Projection::Orthographic { .. });
    let mut line = |points: &mut dyn Iterator<Item = (f64, f64)>| {
        let mut open = false;
        for (lon, lat) in points {
            match at(p, origin, lon, lat) {
                Some(xy) => {
                    out.extend(xy);
                    open = true;
                }
                None if open => {
                    out.extend([f32::NAN, f32::NAN]);
                    open = false;
                }
                None => {}
            }
        }
        if open {
            out.extend([f32::NAN, f32::NAN]);
        }
    };
    for lon in meridians(centre, globe) {
        line(&mut steps(-90.0, 90.0).map(|lat| (lon, lat)));
    }
    let mut lat = -90.0 + STEP;
    while lat < 90.0 {
        line(&mut steps(-180.0, 180.0).map(|lon| (lon, lat)));
        lat += STEP;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_follows_the_edge_of_each_world_projection_and_none_for_the_others() {
        for name in ["equal-earth", "natural-earth", "equirectangular"] {
            let p = Projection::parse(name).unwrap();
            let o = outline(&p, [0.0, 0.0]);
            assert!(o.len() > 100, "{name}");
            assert_eq!(o[..2], o[o.len() - 2..], "{name}: closed");
            // every vertex on the meridian ±180, and the outline's box the world's
            let (x180, _) = p.forward(180.0, 0.0).unwrap();
            let (_, y90) = p.forward(0.0, 90.0).unwrap();
            let xmax = o.chunks_exact(2).map(|v| v[0].abs()).fold(0.0f32, f32::max);
            let ymax = o.chunks_exact(2).map(|v| v[1].abs()).fold(0.0f32, f32::max);
            assert!(
                (xmax as f64 - x180).abs() < 1e-6 && (ymax as f64 - y90).abs() < 1e-6,
                "{name}"
            );
            // its area (shoelace) is the world's: 4π on Equal Earth (equal-area, unit sphere)
            if name == "equal-earth" {
                let ring: Vec<f64> = o.iter().map(|&v| v as f64).collect();
                let area = crate::geom::layer::ring_area(&ring).abs();
                assert!((area - 4.0 * std::f64::consts::PI).abs() < 0.01, "{area}");
            }
            let g = graticule(&p, [0.0, 0.0], 0.0);
            // 11 meridians and 5 parallels, each a polyline ended by a NaN pair
            assert_eq!(
                g.chunks_exact(2).filter(|v| v[0].is_nan()).count(),
                16,
                "{name}"
            );
        }
        // a layer centred on 10° E: its meridians at round longitudes of the world (20° in its frame
        // is 30° E), twelve of them (none on its frame's ±180, 170° E and W are meridians); on 150°
        // E, eleven (its ±180 is 30° W, the outline's)
        let round = |m: &[f64], c: f64| {
            m.iter()
                .all(|l| ((l + c).rem_euclid(30.0)).min(30.0 - (l + c).rem_euclid(30.0)) < 1e-9)
        };
        let (ten, pacific) = (meridians(10.0, false), meridians(150.0, false));
        assert_eq!(ten.len(), 12);
        assert!(round(&ten, 10.0) && ten.contains(&20.0) && ten.contains(&-10.0));
        assert_eq!(pacific.len(), 11);
        assert!(round(&pacific, 150.0) && !pacific.iter().any(|l| l.abs() == 180.0));
        assert_eq!(meridians(0.0, false).len(), 11);
        assert_eq!(meridians(0.0, true).len(), 12);
        let p = Projection::EqualEarth;
        assert_eq!(
            graticule(&p, [0.0, 0.0], 10.0)
                .chunks_exact(2)
                .filter(|v| v[0].is_nan())
                .count(),
            17
        );
        let globe = Projection::parse("orthographic").unwrap();
        let o = outline(&globe, [0.5, 0.25]);
        for v in o.chunks_exact(2) {
            let r = (v[0] as f64 + 0.5).hypot(v[1] as f64 + 0.25);
            assert!((r - 1.0).abs() < 1e-6, "{r}");
        }
        // the globe's graticule: its near side only, within the rim
        let g = graticule(&globe, [0.0, 0.0], 0.0);
        assert!(g.len() > 100);
        assert!(g
            .chunks_exact(2)
            .filter(|v| !v[0].is_nan())
            .all(|v| (v[0] as f64).hypot(v[1] as f64) <= 1.0 + 1e-6));
        // a world is fitted with its whole sphere, a region to itself
        let ee = Projection::EqualEarth;
        let (x, y) = ee.forward(170.0, 80.0).unwrap();
        let world = fit_box(&ee, [0.0, 0.0], [-x as f32, -y as f32, x as f32, y as f32]);
        let (x180, _) = ee.forward(180.0, 0.0).unwrap();
        assert!((world[2] as f64 - x180).abs() < 1e-6 && world[0] < -x as f32);
        let region = [0.1f32, 0.1, 0.4, 0.3];
        assert_eq!(fit_box(&ee, [0.0, 0.0], region), region);
        for name in [
            "mercator",
            "lambert93",
            "albers-usa",
            "france-insets",
            "albers",
        ] {
            let p = Projection::parse(name).unwrap();
            assert!(
                outline(&p, [0.0, 0.0]).is_empty() && graticule(&p, [0.0, 0.0], 0.0).is_empty(),
                "{name}"
            );
        }
    }
}
