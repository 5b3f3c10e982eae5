//! A layer simplified once in longitude and latitude, for the frames of a globe being turned: each
//! frame projects the layer again (the globe's centre moves), and world-atlas's countries at
//! 1:50m, 100,000 vertices, took 55–70 ms a frame in the page; simplified under a pixel (an eighth
//! of a degree on a whole globe 700 pixels wide) they are 20,000, a frame ~20 ms. Once let go, the
//! page draws the layer itself.

use crate::carto::lod::{douglas_peucker_ring, Stack};
use crate::geom::{Layer, POLYGON};

/// `layer` with each polygon's rings simplified (Douglas–Peucker, `tolerance` degrees; a ring never
/// below a triangle), its polygons and holes smaller than `tolerance` each way left out but a
/// feature's largest polygon (the lakes and islets of the world at 1 km, each a triangle at least,
/// were most of what was left: 1.3 M vertices kept 0.7 M), lines and points as they are; the same
/// features, ids and properties in the same order, without shared borders (each ring its own
/// outline).
pub fn coarse(layer: &Layer, tolerance: f64) -> Layer {
    let mut out = Layer::new(&layer.name);
    out.ids = layer.ids.clone();
    out.props = layer.props.clone();
    out.seam = layer.seam;
    let key = (tolerance * tolerance) as f32;
    let (mut xy, mut f32s, mut imp, mut stack) = (Vec::new(), Vec::new(), Vec::new(), Stack::new());
    // a ring's extent: its box's larger side, degrees
    let extent = |ring: &[f64]| {
        crate::geom::layer::bbox_of(ring).map_or(0.0, |b| (b[2] - b[0]).max(b[3] - b[1]))
    };
    let mut extents = Vec::new();
    for f in 0..layer.len() {
        // each polygon's extent (its exterior's), and the feature's largest polygon
        extents.clear();
        extents.extend(layer.parts(f).map(|p| match layer.rings(p).start {
            r if layer.part_kind[p] == POLYGON && !layer.rings(p).is_empty() => {
                extent(layer.ring(r, &mut xy))
            }
            _ => f64::NAN,
        }));
        let largest = (0..extents.len())
            .filter(|&i| !extents[i].is_nan())
            .max_by(|&i, &j| extents[i].total_cmp(&extents[j]));
        for (i, p) in layer.parts(f).enumerate() {
            let kind = layer.part_kind[p];
            if extents[i] < tolerance && largest != Some(i) {
                continue;
            }
            for r in layer.rings(p) {
                let ring = layer.ring(r, &mut xy);
                // (a lake smaller than the tolerance too: Canada's at 1 km are thousands)
                if kind == POLYGON && r != layer.rings(p).start && extent(ring) < tolerance {
                    continue;
                }
                if kind == POLYGON {
                    f32s.clear();
                    f32s.extend(ring.iter().map(|&v| v as f32));
                    imp.clear();
                    imp.resize(ring.len() / 2, 0.0);
                    douglas_peucker_ring(&f32s, &mut imp, &mut stack);
                    for (v, &i) in ring.chunks_exact(2).zip(&imp) {
                        if i >= key {
                            out.push_xy(v[0], v[1]);
                        }
                    }
                } else {
                    for v in ring.chunks_exact(2) {
                        out.push_xy(v[0], v[1]);
                    }
                }
                out.end_ring();
            }
            out.end_part(kind);
        }
        // (its id is cloned with the others)
        out.feature_offsets
            .push((out.part_offsets.len() - 1) as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_lose_the_vertices_within_the_tolerance_and_keep_their_features() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"a","properties":{"n":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0.001],[2,0],[2,2],[1,2.3],[0,2],[0,0]],[[0.5,0.5],[1,0.5],[1,1],[0.5,0.5]]]}},
            {"type":"Feature","id":"b","properties":{"n":"B"},"geometry":null},
            {"type":"Feature","id":"c","properties":{"n":"C"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,0.001],[2,0]]}}]}"#;
        let mut w = crate::error::Warnings::default();
        let l = crate::io::geojson::read_geojson(text, "t", &mut w).unwrap();
        let c = coarse(&l, 0.1);
        assert_eq!(c.len(), 3);
        assert_eq!(
            c.ids.iter().collect::<Vec<_>>(),
            l.ids.iter().collect::<Vec<_>>()
        );
        assert_eq!(c.props.rows, 3);
        assert_eq!(c.part_kind, l.part_kind);
        let mut s = Vec::new();
        // the exterior's vertex 0.001° off its side goes, the one 0.3° off stays; the hole, a
        // triangle, stays whole; the line as it is; the feature without geometry keeps none
        assert_eq!(
            c.ring(0, &mut s),
            [0., 0., 2., 0., 2., 2., 1., 2.3, 0., 2., 0., 0.]
        );
        assert_eq!(c.ring(1, &mut s), l.ring(1, &mut Vec::new()));
        assert_eq!(c.ring(2, &mut s), l.ring(2, &mut Vec::new()));
        assert!(c.parts(1).is_empty());
        assert!(c.check().is_ok());
    }

    #[test]
    fn islets_and_lakes_under_the_tolerance_go_but_a_feature_keeps_its_largest_polygon() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[
                [[[0,0],[2,0],[2,2],[0,2],[0,0]],[[1,1],[1.05,1],[1.05,1.05],[1,1.05],[1,1]],[[0.5,0.5],[0.9,0.5],[0.9,0.9],[0.5,0.9],[0.5,0.5]]],
                [[[3,3],[3.05,3],[3.05,3.05],[3,3.05],[3,3]]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[5,5],[5.01,5],[5.01,5.01],[5,5.01],[5,5]]]}}]}"#;
        let mut w = crate::error::Warnings::default();
        let l = crate::io::geojson::read_geojson(text, "t", &mut w).unwrap();
        let c = coarse(&l, 0.1);
        // the first: its polygon with the lake of 0.4°, not the one of 0.05° nor the islet
        assert_eq!(c.parts(0).len(), 1);
        assert_eq!(c.feature_rings(0).len(), 2);
        let mut s = Vec::new();
        assert_eq!(c.ring(1, &mut s)[..2], [0.5, 0.5]);
        // the second, an islet alone, kept: every feature is still drawn
        assert_eq!(c.feature_rings(1).len(), 1);
        assert!(c.check().is_ok());
    }
}
