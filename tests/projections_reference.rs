//! Projections checked numerically against reference values: d3-geo 3.1.2 for the spherical ones
//! and Albers USA, d3-composite-projections 2.0.0 for Albers USA with the territories
//! (tests/reference/make_projections.mjs), PROJ 9.5.1 through pyproj 3.7.2 for Lambert-93
//! (tests/reference/make_lambert93.py).

use sealed_atlas::carto::projection::{lambert93, lambert93_inverse, Projection};
use sealed_atlas::io::json::{self, Value};

fn load(name: &str) -> Value {
    json::parse(
        &std::fs::read_to_string(format!(
            "{}/tests/reference/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap()
}

fn rows(v: &Value) -> Vec<[f64; 4]> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let a = r.as_array().unwrap();
            [
                a[0].as_f64().unwrap(),
                a[1].as_f64().unwrap(),
                a[2].as_f64().unwrap(),
                a[3].as_f64().unwrap(),
            ]
        })
        .collect()
}

#[test]
fn spherical_projections_match_d3_geo_raw_functions() {
    let r = load("projections-d3.json");
    for (name, proj) in [
        ("equirectangular", Projection::Equirectangular),
        ("mercator", Projection::WebMercator),
        ("equal-earth", Projection::EqualEarth),
        ("natural-earth", Projection::NaturalEarth),
    ] {
        for [lon, lat, x, y] in rows(r.get("raw").unwrap().get(name).unwrap()) {
            let (px, py) = proj.forward(lon, lat).unwrap();
            assert!(
                (px - x).abs() < 1e-12 && (py - y).abs() < 1e-12,
                "{name} {lon},{lat}: ({px},{py}) vs d3 ({x},{y})"
            );
        }
    }
    for (name, proj) in [
        (
            "albers",
            Projection::Albers {
                phi1: 29.5,
                phi2: 45.5,
                lon0: -96.0,
            },
        ),
        (
            "conic-conformal",
            Projection::ConicConformal {
                phi1: 44.0,
                phi2: 49.0,
                lon0: 3.0,
            },
        ),
    ] {
        for [lon, lat, x, y] in rows(r.get("conic").unwrap().get(name).unwrap()) {
            let (px, py) = proj.forward(lon, lat).unwrap();
            assert!(
                (px - x).abs() < 1e-12 && (py - y).abs() < 1e-12,
                "{name} {lon},{lat}: ({px},{py}) vs d3 ({x},{y})"
            );
        }
    }
}

#[test]
fn albers_usa_matches_d3_geo_albers_usa_with_its_insets() {
    let r = load("projections-d3.json");
    let pts = rows(r.get("albersUsa").unwrap());
    assert!(
        pts.len() >= 5,
        "lower 48, Alaska and Hawaii are all represented"
    );
    for [lon, lat, x, y] in pts {
        let (px, py) = Projection::AlbersUsa.forward(lon, lat).unwrap();
        // d3 answers in screen coordinates (y down); ours are y up
        assert!(
            (px - x).abs() < 1e-9 && (py + y).abs() < 1e-9,
            "{lon},{lat}: ({px},{py}) vs d3 ({x},{}) y flipped",
            -y
        );
    }
    assert_eq!(
        Projection::AlbersUsa.forward(139.69, 35.69),
        None,
        "Tokyo is not in Albers USA"
    );
}

#[test]
fn albers_usa_with_the_territories_matches_d3_composite_projections() {
    // Puerto Rico and the US Virgin Islands, American Samoa, Guam and the Northern Mariana
    // Islands in their insets; the lower 48, Alaska and Hawaii as Albers USA draws them
    let r = load("projections-d3.json");
    let pts = rows(r.get("albersUsaTerritories").unwrap());
    let p = Projection::parse("albers-usa-territories").unwrap();
    let mut pieces = std::collections::BTreeSet::new();
    for [lon, lat, x, y] in pts {
        let (px, py) = p.forward(lon, lat).unwrap();
        assert!(
            (px - x).abs() < 1e-9 && (py + y).abs() < 1e-9,
            "{lon},{lat}: ({px},{py}) vs d3 ({x},{}) y flipped",
            -y
        );
        pieces.insert(p.piece_for(lon, lat).unwrap());
        if let Some(q) = Projection::AlbersUsa.forward(lon, lat) {
            assert_eq!(q, (px, py), "{lon},{lat}: as Albers USA");
        }
        // found again from where it is drawn (the inverse a scale bar and the tooltips use)
        let (l, t, _) = p.locate(px, py).unwrap();
        assert!(
            (l - lon).abs() < 1e-6 && (t - lat).abs() < 1e-6,
            "{lon},{lat}: {l},{t}"
        );
    }
    assert_eq!(pieces.len(), 6, "every piece: {pieces:?}");
    assert_eq!(p.forward(139.69, 35.69), None, "Tokyo is in no piece");
}

#[test]
fn orthographic_matches_d3_geo_rotated_and_hides_the_far_side() {
    let r = load("projections-d3.json");
    let proj = Projection::Orthographic {
        lon0: 10.0,
        lat0: 30.0,
    };
    let pts = rows(r.get("orthographic").unwrap());
    assert!(pts.len() >= 8);
    for [lon, lat, x, y] in pts {
        let (px, py) = proj.forward(lon, lat).unwrap();
        assert!(
            (px - x).abs() < 1e-12 && (py + y).abs() < 1e-12,
            "{lon},{lat}: ({px},{py}) vs d3 ({x},{}) y flipped",
            -y
        );
    }
    assert_eq!(
        proj.forward(-170.0, -30.0),
        None,
        "the antipode is not drawn"
    );
}

#[test]
fn lambert93_matches_proj_to_the_millimetre_and_inverts() {
    let r = load("projections-proj.json");
    for [lon, lat, x, y] in rows(r.get("lambert93").unwrap()) {
        let (px, py) = lambert93(lon, lat);
        assert!(
            (px - x).abs() < 1e-3 && (py - y).abs() < 1e-3,
            "{lon},{lat}: ({px},{py}) vs PROJ ({x},{y})"
        );
        let (ilon, ilat) = lambert93_inverse(x, y);
        assert!((ilon - lon).abs() < 1e-9 && (ilat - lat).abs() < 1e-9);
    }
}
