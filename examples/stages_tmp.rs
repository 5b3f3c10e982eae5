use sealed_atlas::carto::projected::Projected;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let proj = std::env::args().nth(2).unwrap_or("france-insets".into());
    let bytes = std::fs::read(&path).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let mut loaded = sealed_atlas::io::load(&bytes, &path, &Default::default()).unwrap();
        let t_load = t.elapsed();
        let layer = match &mut loaded.data {
            sealed_atlas::io::Data::Layer(l) => l,
            _ => panic!(),
        };
        let p = sealed_atlas::carto::projection::Projection::parse(&proj).unwrap();
        let t = Instant::now();
        let core = Projected::compute(layer, p);
        let t_compute = t.elapsed();
        let t = Instant::now();
        layer.pack();
        let t_pack = t.elapsed();
        let t = Instant::now();
        let snap = sealed_atlas::io::snapshot::write_loaded(&loaded);
        let t_snap = t.elapsed();
        println!(
            "load {t_load:?} compute {t_compute:?} pack {t_pack:?} snapshot {t_snap:?} ({} MB) {}",
            snap.len() / 1_000_000,
            core.importance.len()
        );
    }
}
