//! The heap a reading takes at its highest (in the page, the engine's memory keeps that mark for
//! good): counted by an allocator of this test binary's own.

use sealed_atlas::io::{load_progress, Data, Options};
use sealed_atlas::memstats::{live, peak, reset_peak, Counting};

#[global_allocator]
static COUNTING: Counting = Counting;

#[test]
fn us_counties_are_read_with_the_text_freed_before_their_rings_are_built() {
    let bytes = std::fs::read("../shared/data/us/counties-10m.json").unwrap();
    let size = bytes.len();
    let opts = Options {
        object: Some("counties".into()),
        ..Default::default()
    };
    let before = live();
    reset_peak();
    let loaded = load_progress(bytes, "counties-10m.json", &opts, &mut |_, _| {}).unwrap();
    let peak = peak() - before;
    let kept = live() - before;
    let Data::Layer(l) = &loaded.data else {
        panic!("a layer")
    };
    assert_eq!(l.len(), 3231);
    // the layer kept (`kept` is net of the text given back): its arcs (46,565 vertices as f64),
    // its rings as their numbers along them (68,225 vertices, a byte each: not copied, 1.1 MB
    // as f64s until the twenty-sixth session) and properties: 1.17 MB
    let layer = kept + size;
    assert!(layer < 1_300_000, "{layer} bytes kept");
    // at the highest: the text (842 KB), the arcs, the geometries' arc lists: 2.25 MB; 2.8 MB
    // while the rings' vertices were copied, 4.0 MB while the text was held to the end and the
    // lists were i64s
    assert!(
        peak < 2_400_000,
        "peak {peak} bytes, {layer} kept, text {size}"
    );
}
