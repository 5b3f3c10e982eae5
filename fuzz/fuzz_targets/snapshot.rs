#![no_main]
// Snapshots arrive from the page's own worker, but a corrupted one must still be an error: any
// bytes read as a loaded file or a projected view either fail cleanly or give consistent data.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::carto::{snapshot::read_core, Projected};
use sealed_atlas::io::{snapshot::read_loaded, Data};

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = read_loaded(data) {
        let _ = sealed_atlas::info::loaded_json(&l);
        if let Data::Layer(layer) = &l.data {
            let p = Projected::new(layer, sealed_atlas::carto::Projection::WebMercator);
            let _ = p.lod(0.01, 0.6);
            let _ = p.anchors();
        }
    }
    if let Ok(core) = read_core(data) {
        let layer = sealed_atlas::geom::Layer::new("empty");
        let _ = Projected::try_assemble(&layer, core);
    }
});
