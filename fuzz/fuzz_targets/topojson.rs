#![no_main]
use libfuzzer_sys::fuzz_target;
use sealed_atlas::error::Warnings;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut w = Warnings::default();
        // the first object, and the last one listed by name (another path through the objects)
        if let Ok((_, listing)) = sealed_atlas::io::topojson::read_topojson_listing(text, "fuzz", None, &mut w) {
            if let Some((name, _)) = listing.last() {
                let _ = sealed_atlas::io::topojson::read_topojson_listing(text, "fuzz", Some(name), &mut w);
            }
        }
        if let Ok(layer) = sealed_atlas::io::topojson::read_topojson(text, "fuzz", None, &mut w) {
            let p = sealed_atlas::carto::Projected::new(&layer, sealed_atlas::carto::Projection::AlbersUsa);
            let _ = p.lod(0.001, 0.6);
        }
    }
});
