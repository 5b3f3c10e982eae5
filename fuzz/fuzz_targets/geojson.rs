#![no_main]
//! Any bytes through sniffing and the GeoJSON reader, then areas, projection, LOD and hit testing:
//! errors are fine, panics and hangs are not.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::carto::{Projected, Projection};
use sealed_atlas::error::Warnings;
use sealed_atlas::io::geojson::read_geojson;

fuzz_target!(|data: &[u8]| {
    let mut w = Warnings::default();
    if let Ok(s) = sealed_atlas::io::sniff::sniff(data) {
        if let Ok(layer) = read_geojson(&s.text, "fuzz", &mut w) {
            if let Ok(a) = sealed_atlas::geom::area::feature_areas(&layer) {
                assert_eq!(a.len(), layer.len());
                assert!(a.iter().all(|v| v.is_nan() || *v >= 0.0), "{a:?}");
            }
            let p = Projected::new(&layer, Projection::Lambert93);
            let _ = p.lod(1.0, 0.6);
            let _ = p.feature_at(0.0, 0.0, 1.0);
            for f in 0..layer.len().min(4) {
                let _ = p.anchor(f);
            }
        }
    }
});
