#![no_main]
use libfuzzer_sys::fuzz_target;
use sealed_atlas::error::Warnings;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut w = Warnings::default();
        let _ = sealed_atlas::io::topojson::list_objects(text);
        if let Ok(layer) = sealed_atlas::io::topojson::read_topojson(text, "fuzz", None, &mut w) {
            let p = sealed_atlas::carto::Projected::new(&layer, sealed_atlas::carto::Projection::AlbersUsa);
            let _ = p.lod(0.001, 0.6);
        }
    }
});
