//! A layer recentred on another meridian, for a world map centred elsewhere than Greenwich (the
//! Pacific, 150° E): its longitudes turned by the centre's, so that the projection, centred at 0°,
//! draws it centred there, and its rings and arcs cut again at the new antimeridian (the centre
//! ± 180°) as the readers cut them at ±180° (`geom::antimeridian`): without it the Atlantic's
//! Greenland would draw a band across a Pacific-centred map. The cut the readers made at ±180°
//! now runs through the map's middle: its edges, all moved onto one longitude (`Layer::seam`),
//! are left out of the outlines as the new ones are.

use crate::carto::projection::{wrap, Projection};
use crate::geom::Layer;

/// Whether a world map in `p` may be centred on `lon0` (what the page offers and the CLI accepts):
/// a projection whose edges are the antimeridian (equirectangular, Equal Earth, Natural Earth, Web
/// Mercator), and a centre from −180° to 180° (the graticule under the recentred layer keeps the
/// world's round meridians whatever it is: see [`sphere::meridians`]).
///
/// [`sphere::meridians`]: crate::carto::sphere::meridians
pub fn offered(p: &Projection, lon0: f64) -> bool {
    matches!(
        p,
        Projection::Equirectangular
            | Projection::EqualEarth
            | Projection::NaturalEarth
            | Projection::WebMercator
    ) && lon0.abs() <= 180.0
}

/// `layer` centred on the meridian `lon0` (degrees east): every longitude turned by `-lon0`, the
/// ±180° of the readers' cut onto one longitude exactly, then cut at the new antimeridian; the
/// same features, ids and properties in the same order. Packed again if `layer` was.
pub fn recentred(layer: &Layer, lon0: f64) -> Layer {
    let lon0 = wrap(lon0);
    // where ±180° lands: both sides of the readers' cut on the very same longitude
    let seam = wrap(180.0 - lon0);
    let turn = |lon: f64| {
        if lon.abs() == 180.0 {
            seam
        } else {
            wrap(lon - lon0)
        }
    };
    let mut out = Layer::new(&layer.name);
    out.ring_offsets = layer.ring_offsets.clone();
    out.part_offsets = layer.part_offsets.clone();
    out.part_kind = layer.part_kind.clone();
    out.feature_offsets = layer.feature_offsets.clone();
    out.ids = layer.ids.clone();
    out.props = layer.props.clone();
    out.ring_borders = layer.ring_borders.clone();
    out.coords.reserve(layer.vertex_count() * 2);
    let mut xy = Vec::new();
    for r in 0..layer.ring_count() {
        for v in layer.ring(r, &mut xy).chunks_exact(2) {
            out.push_xy(turn(v[0]), v[1]);
        }
    }
    out.borders = layer.borders.as_ref().map(|b| {
        let mut b = b.clone();
        for v in std::sync::Arc::make_mut(&mut b.coords).chunks_exact_mut(2) {
            v[0] = turn(v[0]);
        }
        b
    });
    crate::geom::antimeridian::cut(&mut out);
    out.seam = (lon0 != 0.0).then_some(seam);
    if layer.packed.is_some() {
        out.pack();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::{Projected, Projection};

    fn read(text: &str) -> Layer {
        let mut w = crate::error::Warnings::default();
        crate::io::geojson::read_geojson(text, "t", &mut w).unwrap()
    }

    #[test]
    fn a_layer_turned_to_the_pacific_is_cut_at_its_new_antimeridian_and_its_old_cut_left_unstroked()
    {
        // an island across ±180 (the reader cuts it in two), one across −30 (the new antimeridian
        // once centred on 150° E), one away from both
        let l = read(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[179.5,-17],[180.5,-17],[180.5,-16],[179.5,-16],[179.5,-17]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-31,70],[-29,70],[-29,72],[-31,72],[-31,70]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[10,10],[11,10],[11,11],[10,11],[10,10]]]}}]}"#,
        );
        assert_eq!(l.feature_rings(0).len(), 2, "cut at ±180 when read");
        assert_eq!(l.feature_rings(1).len(), 1);
        let c = recentred(&l, 150.0);
        assert_eq!(c.len(), 3);
        assert_eq!(c.seam, Some(30.0));
        // the island across −30 is now across the antimeridian: cut in two; the one across ±180
        // keeps its two pieces, side by side around 30; the third only turned
        assert_eq!(c.feature_rings(1).len(), 2);
        assert_eq!(c.feature_rings(0).len(), 2);
        let mut s = Vec::new();
        let lons = |c: &Layer, f: usize, s: &mut Vec<f64>| -> Vec<f64> {
            c.feature_rings(f)
                .flat_map(|r| c.ring(r, s).iter().step_by(2).copied().collect::<Vec<_>>())
                .collect()
        };
        let f0 = lons(&c, 0, &mut s);
        assert!(f0.iter().all(|&x| (29.5..=30.5).contains(&x)), "{f0:?}");
        assert!(f0.contains(&30.0));
        let f1 = lons(&c, 1, &mut s);
        assert!(f1.iter().all(|&x| x.abs() >= 179.0), "{f1:?}");
        assert_eq!(lons(&c, 2, &mut s), [-140., -139., -139., -140., -140.]);
        // projected: no ring spans the map (no band: the one across −30 a piece on each edge),
        // and the outlines leave out both cuts' edges
        let p = Projected::new(&c, Projection::EqualEarth);
        for (r, b) in p.core.ring_bbox.iter().enumerate() {
            assert!(b[2] - b[0] < 0.1, "ring {r}: {b:?}");
        }
        let edges = p.feature_bbox(1).unwrap();
        assert!(edges[2] - edges[0] > 3.0, "on both edges: {edges:?}");
        let lod = p.lod(1e-6, 0.6);
        let open = lod
            .border_offsets
            .windows(2)
            .filter(|w| {
                let l = &lod.border_coords[w[0] as usize * 2..w[1] as usize * 2];
                l[..2] != l[l.len() - 2..]
            })
            .count();
        assert_eq!(
            open, 4,
            "the four pieces' outlines open where they were cut"
        );
        // offered for a world map, on any meridian
        assert!(
            offered(&Projection::EqualEarth, 150.0) && offered(&Projection::WebMercator, -180.0)
        );
        assert!(offered(&Projection::EqualEarth, 45.0) && offered(&Projection::NaturalEarth, 10.0));
        assert!(
            !offered(&Projection::EqualEarth, 210.0) && !offered(&Projection::EqualEarth, f64::NAN)
        );
        // and its view knows the centre (its graticule's meridians stay the world's round ones)
        for lon0 in [10.0, 150.0, -90.0] {
            let p = Projected::new(&recentred(&l, lon0), Projection::EqualEarth);
            assert!((p.centre - lon0).abs() < 1e-9, "{lon0}: {}", p.centre);
        }
        assert_eq!(Projected::new(&l, Projection::EqualEarth).centre, 0.0);
        assert!(!offered(&Projection::Lambert93, 150.0));
        assert!(!offered(&Projection::parse("orthographic").unwrap(), 0.0));
        // the round trip: turned back by −150, the same longitudes as read (but the cuts)
        let back = recentred(&c, -150.0);
        assert_eq!(lons(&back, 2, &mut s), [10., 11., 11., 10., 10.]);
    }
}
