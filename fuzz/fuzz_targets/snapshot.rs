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
            let mut p = Projected::new(layer, sealed_atlas::carto::Projection::WebMercator);
            let _ = p.lod(0.01, 0.6);
            let _ = p.anchors();
            // a packed layer: vertices projected on demand, then filled into pixels
            if p.project_on_demand(layer) {
                let lod = p.lod(0.01, 0.6);
                let _ = p.anchors();
                let _ = p.feature_at(0.0, 0.0, 1.0);
                let fill = sealed_atlas::render::raster::Fill::of(&lod);
                // and their borders over them, as the page draws thin ones
                let strokes = sealed_atlas::render::raster::Strokes::outlines(&lod, 0xffffffff, 0.6);
                let b = p.bbox.unwrap_or([0.0, 0.0, 1.0, 1.0]);
                let k = 32.0 / (b[2] - b[0]).max(b[3] - b[1]).max(1e-9);
                let _ = sealed_atlas::render::raster::fill_polygons(
                    &fill,
                    &[0, 1, -1],
                    &[0xff0000ff, 0x00ff00ff, 0x808080ff],
                    33,
                    17,
                    [k, -k, -b[0] * k, b[3] * k],
                    Some(&strokes),
                );
            }
        }
    }
    if let Ok(core) = read_core(data) {
        let layer = sealed_atlas::geom::Layer::new("empty");
        // the halves of a view from two workers: joined, then checked against a layer
        let _ = core.clone().join(core.clone());
        let _ = Projected::try_assemble(&layer, core);
    }
    // two parts of a layer (the bytes cut in two anywhere, or a part and a valid one), joined by
    // the page as it reads them; the halves of a view likewise
    // (the first four bytes: where; the seeds "two-*" are two parts cut where they join)
    let (a, b) = match data {
        [w, x, y, z, rest @ ..] => rest.split_at((u32::from_le_bytes([*w, *x, *y, *z]) as usize).min(rest.len())),
        _ => data.split_at(0),
    };
    if let Ok(l) = sealed_atlas::io::split::join_parts(a, b) {
        let _ = sealed_atlas::info::loaded_json(&l);
    }
    let _ = sealed_atlas::io::split::join_parts(data, data);
    let _ = sealed_atlas::carto::snapshot::read_core_two(a, b);
    let _ = sealed_atlas::carto::snapshot::read_core_two(data, data);
    // packed halves from two workers: joined, then checked before a layer takes them
    if let Ok(p) = sealed_atlas::io::snapshot::read_packed(data) {
        let _ = p.check(&[0, 1, 3]);
        if let Some(j) = p.clone().join(p) {
            let _ = j.check(&[0, 2, 6]);
        }
    }
});
