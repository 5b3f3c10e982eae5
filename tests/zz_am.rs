use sealed_atlas::io::{load, Data, Options};
#[test]
#[ignore]
fn am() {
    for file in ["world/countries-50m.json", "world/countries-110m.json", "world/countries-10m.json"] {
    let p = format!("{}/../shared/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&p).unwrap();
    let opts = Options { object: Some("countries".into()), ..Default::default() };
    let l = match load(&bytes, "c.json", &opts).unwrap().data { Data::Layer(l) => l, _ => panic!() };
    let p = sealed_atlas::carto::Projected::new(&l, sealed_atlas::carto::Projection::EqualEarth);
    let b = p.bbox.unwrap();
    let lod = p.lod((b[2] - b[0]) / 960.0, 0.6);
    let wdt = b[2] - b[0];
    for f in 0..lod.feature_rings.len() - 1 {
        for r in lod.feature_rings[f] as usize..lod.feature_rings[f + 1] as usize {
            let c = &lod.coords[lod.ring_offsets[r] as usize * 2..lod.ring_offsets[r + 1] as usize * 2];
            let m = c.len() / 2;
            for i in 0..m {
                let j = (i + 1) % m;
                if (c[2 * i] - c[2 * j]).abs() > wdt / 3.0 {
                    println!("{file} feature {f} ring {r} edge {i}: ({}, {}) -> ({}, {})", c[2*i], c[2*i+1], c[2*j], c[2*j+1]);
                }
            }
        }
    }
    }
}
