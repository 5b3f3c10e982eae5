//! The area of each feature on the Earth (WGS 84), in km²: what a density divides by.
//!
//! Each vertex goes to Lambert's cylindrical equal-area projection of the ellipsoid — longitude,
//! and the sine of its authalic latitude (the latitude on the sphere of the same area) — where
//! areas are the ellipsoid's; a ring's area there is the shoelace formula (the Chamberlain and
//! Duquette formula, with the ellipsoid's authalic latitudes). Its edges are straight in that
//! projection rather than geodesics: for the short edges of a map the difference is far below
//! what the geometry's simplification changes (checked against PROJ's geodesic areas in the tests).
//!
//! A polygon's area is its exterior's less its holes', whatever the winding of each ring; a
//! feature's, the sum of its polygons'. Longitudes are unwrapped along each ring, so a ring across
//! the antimeridian counts once; a ring around a pole goes along it from −180° to 180° (as world
//! files draw Antarctica), as for any map. Points and lines have no area.

use crate::decimal::Short;
use crate::error::Error;
use crate::geom::{Layer, POLYGON};

/// WGS 84: semi-major axis (km) and eccentricity squared.
const A: f64 = 6378.137;
const E2: f64 = 0.006_694_379_990_141_317;

/// `q(φ)` of Snyder's *Map Projections — A Working Manual* (3-12), from sin φ: the authalic
/// latitude's sine is `q(φ) / q(90°)`. Its `−ln((1 − e·sin φ) / (1 + e·sin φ)) / 2e`, which is
/// `atanh(e·sin φ) / e`, as its series (e² sin² φ ≤ 0.0067: six terms leave under 1e-14), without
/// a logarithm per vertex (the communes' 2.2 M vertices: 32 → 25 ms natively).
fn q(sin_phi: f64) -> f64 {
    let x2 = E2 * sin_phi * sin_phi;
    let atanh_over_e = sin_phi
        * (1.0 + x2 * (1.0 / 3.0 + x2 * (0.2 + x2 * (1.0 / 7.0 + x2 * (1.0 / 9.0 + x2 / 11.0)))));
    (1.0 - E2) * (sin_phi / (1.0 - x2) + atanh_over_e)
}

/// The area of one ring, km², unsigned (`xy`: longitude, latitude in degrees, interleaved).
fn ring_area(xy: &[f64]) -> f64 {
    if xy.len() < 6 {
        return 0.0;
    }
    // on the authalic sphere (radius R, R² = A² · q(90°) / 2) a vertex is at x = R·λ,
    // y = R·sin β = R·q / q(90°): the shoelace's R²·λ·sin β is A²/2 · λ·q
    let (mut sum, mut lon) = (0.0, xy[0]);
    let (mut x0, mut y0) = (lon.to_radians(), q(xy[1].to_radians().sin()));
    let mut lat = xy[1];
    for p in xy[2..].chunks_exact(2).chain(std::iter::once(&xy[..2])) {
        // (longitude unwrapped: each step the shorter way round, but along a pole, where a ring
        // around it goes from −180° to 180°: Antarctica)
        let mut d = p[0] - lon;
        if lat.abs() < 90.0 || p[1].abs() < 90.0 {
            if d > 180.0 {
                d -= 360.0;
            } else if d < -180.0 {
                d += 360.0;
            }
        }
        (lon, lat) = (lon + d, p[1]);
        let (x1, y1) = (lon.to_radians(), q(p[1].to_radians().sin()));
        sum += x0 * y1 - x1 * y0;
        (x0, y0) = (x1, y1);
    }
    (sum * A * A / 4.0).abs()
}

/// The area of every feature of `layer` in km² (NaN for a feature with no polygon), or an error if
/// its coordinates are not longitudes and latitudes (a file in Lambert-93 metres, say).
pub fn feature_areas(layer: &Layer) -> Result<Vec<f64>, Error> {
    if let Some(b) = layer.bbox() {
        if !(b[0] >= -540.0 && b[2] <= 540.0 && b[1] >= -90.5 && b[3] <= 90.5) {
            return Err(Error::new(
                "area",
                format!(
                    "areas need longitudes and latitudes in degrees; this layer's coordinates reach x {} to {}, y {} to {}",
                    Short(b[0]), Short(b[2]), Short(b[1]), Short(b[3])
                ),
            ));
        }
    }
    let mut scratch = Vec::new();
    Ok((0..layer.len())
        .map(|f| {
            let mut total = f64::NAN;
            for p in layer.parts(f) {
                if layer.part_kind[p] != POLYGON {
                    continue;
                }
                let mut area = 0.0;
                for (i, r) in layer.rings(p).enumerate() {
                    let a = ring_area(layer.ring(r, &mut scratch));
                    area += if i == 0 { a } else { -a };
                }
                total = if total.is_nan() { 0.0 } else { total } + area.max(0.0);
            }
            total
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Warnings;
    use crate::io::geojson::read_geojson;

    fn areas(geojson: &str) -> Vec<f64> {
        let l = read_geojson(geojson, "t", &mut Warnings::default()).unwrap();
        feature_areas(&l).unwrap()
    }
    fn square(x: f64, y: f64, size: f64) -> String {
        let (x1, y1) = (x + size, y + size);
        format!("[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]")
    }
    fn polygon(rings: &[String]) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[{}]}}}}"#,
            rings.join(",")
        )
    }
    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }
    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn q_is_snyders_with_its_logarithm() {
        let e = E2.sqrt();
        for i in -100..=100 {
            let s = i as f64 / 100.0;
            let es = e * s;
            let exact =
                (1.0 - E2) * (s / (1.0 - E2 * s * s) - ((1.0 - es) / (1.0 + es)).ln() / (2.0 * e));
            // (to 1e-13: the logarithm of a ratio near 1 loses that much near the equator)
            assert!(
                (q(s) - exact).abs() <= 1e-13 * exact.abs(),
                "{s}: {} vs {exact}",
                q(s)
            );
        }
    }

    #[test]
    fn one_degree_cells_have_the_ellipsoids_area() {
        // references: PROJ 9.5.1's geodesic areas (pyproj 3.7.2, `Geod(ellps='WGS84')
        // .polygon_area_perimeter`), km²; the cells' top and bottom here follow the parallels, a
        // geodesic between their corners bulges a little towards the pole
        let got = areas(&collection(&[
            polygon(&[square(0.0, 0.0, 1.0)]),
            polygon(&[square(2.0, 45.0, 1.0)]),
            polygon(&[square(5.0, 89.0, 1.0)]),
        ]));
        for (g, want) in got.iter().zip([12_308.778_361, 8_686.379_302, 108.861_156]) {
            assert!(close(*g, want, 2e-4), "{g} km², not {want}");
        }
        // 100 × 100 m at the equator (a degree of longitude there is 111.319 km, of latitude
        // 110.574): 0.01 km² to a ten-thousandth
        let (dx, dy) = (0.1 / 111.319_49, 0.1 / 110.574_27);
        let tiny = areas(&collection(&[polygon(&[format!(
            "[[0,0],[{dx},0],[{dx},{dy}],[0,{dy}],[0,0]]"
        )])]));
        assert!(close(tiny[0], 0.01, 1e-4), "{}", tiny[0]);
    }

    #[test]
    fn either_winding_holes_taken_out_parts_added_and_no_area_for_points() {
        let cw = "[[0,0],[0,1],[1,1],[1,0],[0,0]]".to_string();
        let ccw = square(0.0, 0.0, 1.0);
        let hole = square(0.25, 0.25, 0.5);
        let two = r#"{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[3,0],[4,0],[4,1],[3,1],[3,0]]]]}}"#;
        let point =
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#;
        let none = r#"{"type":"Feature","properties":{},"geometry":null}"#;
        let a = areas(&collection(&[
            polygon(&[cw]),
            polygon(std::slice::from_ref(&ccw)),
            polygon(&[ccw, hole]),
            two.into(),
            point.into(),
            none.into(),
        ]));
        assert!(close(a[0], a[1], 1e-12), "{a:?}");
        // (the hole: a quarter of the cell, near enough at the equator)
        assert!(close(a[2], a[1] * 0.75, 1e-3), "{a:?}");
        assert!(close(a[3], 2.0 * a[1], 1e-3), "{a:?}");
        assert!(a[4].is_nan() && a[5].is_nan(), "{a:?}");
    }

    #[test]
    fn a_ring_across_the_antimeridian_counts_once() {
        // PROJ: 23,631.414 km² (see above) for 2° × 1° at 17° S, across 180°
        let a = areas(&collection(&[polygon(&[
            "[[179,-17],[-179,-17],[-179,-16],[179,-16],[179,-17]]".into(),
        ])]));
        assert!(close(a[0], 23_631.413_768, 2e-4), "{a:?}");
    }

    #[test]
    fn coordinates_that_are_not_degrees_are_refused_with_what_they_reach() {
        // (the readers refuse a projected file first: a layer made here)
        let mut l = Layer::default();
        for (x, y) in [
            (652_000.0, 6_862_000.0),
            (653_000.0, 6_862_000.0),
            (653_000.0, 6_863_000.0),
        ] {
            l.push_xy(x, y);
        }
        l.end_ring();
        l.end_part(POLYGON);
        l.end_feature(None);
        let e = feature_areas(&l).unwrap_err();
        assert_eq!(
            e.message,
            "areas need longitudes and latitudes in degrees; this layer's coordinates reach x 652000 to 653000, y 6862000 to 6863000"
        );
    }
}
