#![no_main]
// The page's drawing path on any geometry and any view: a layer read from the bytes after the
// first 16, projected by one of the projections, its level of detail prepared in steps for a
// window, filled in steps into a canvas of any size at any zoom and offset (borders stroked and
// kept, then laid again under new colours), hit-tested, labelled and exported as SVG. Whatever
// the view, nothing may panic or run away; what is drawn must be the image's size.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::carto::projection::PROJECTION_NAMES;
use sealed_atlas::carto::{Projected, Projection};
use sealed_atlas::io::{load, Data, Options};
use sealed_atlas::render::raster::{colours_hash, fill_polygons_by_band, Coverage, Fill, FillJob, ScreenBorders, Strokes};
use sealed_atlas::render::svg::{map_elements, Paint, View};


fuzz_target!(|data: &[u8]| {
    if data.len() < 16 {
        return;
    }
    let (ctl, rest) = data.split_at(16);
    let Ok(loaded) = load(rest, "fuzz.geojson", &Options::default()) else {
        return;
    };
    let Data::Layer(layer) = &loaded.data else {
        return;
    };
    // every projection, and a globe centred elsewhere
    let names: Vec<&str> = PROJECTION_NAMES.iter().copied().chain(["orthographic:170,-45"]).collect();
    let Some(projection) = Projection::parse(names[ctl[0] as usize % names.len()]) else {
        return;
    };
    let p = Projected::new(layer, projection);
    let Some(b) = p.bbox else {
        return;
    };
    // a canvas from 1 × 1 to 256 × 256, the map fitted to it then zoomed by 2^-4 … 2^27 (past what
    // the page allows) about a point anywhere on it
    let (w, h) = (1 + ctl[1] as usize, 1 + ctl[2] as usize);
    let fit = View::fit(b, w as f64, h as f64, ctl[3] as f64 / 16.0);
    let zoom = 2f64.powf(ctl[4] as f64 / 8.0 - 4.0);
    let (cx, cy) = (
        (ctl[5] as f64 / 255.0 - 0.25) * 1.5 * w as f64,
        (ctl[6] as f64 / 255.0 - 0.25) * 1.5 * h as f64,
    );
    let view = View {
        k: fit.k * zoom,
        tx: cx + (fit.tx - cx) * zoom,
        ty: cy + (fit.ty - cy) * zoom,
        w: w as f64,
        h: h as f64,
    };
    let m = [view.k as f32, -view.k as f32, view.tx as f32, view.ty as f32];
    // the level for the view and a little around it, prepared a few features at a time
    let px = (1.0 / view.k) as f32;
    let window = [
        (-view.tx / view.k) as f32 - 4.0 * px,
        ((view.ty - view.h) / view.k) as f32 - 4.0 * px,
        ((view.w - view.tx) / view.k) as f32 + 4.0 * px,
        (view.ty / view.k) as f32 + 4.0 * px,
    ];
    let mut job = p.lod_begin(px, 0.2 + ctl[7] as f32 / 64.0, (ctl[8] & 1 == 0).then_some(window));
    let step = 1 + ctl[9] as usize % 7;
    let mut steps = 0;
    while !p.lod_features(&mut job, step) {
        steps += 1;
        assert!(steps <= layer.len() + 1, "the level's steps never end");
    }
    let lod = p.lod_end(job);
    // the fill in steps, its borders kept, then new colours over the kept borders
    let n = p.len();
    let classes: Vec<i32> = (0..n as i32).map(|i| i % 5 - 1).collect();
    let colours = [0xff0000ffu32, 0x00ff0080, 0x0000ffff, 0xffffff00, 0x808080ff];
    let fill = Fill::of(&lod);
    let width = ctl[10] as f32 / 64.0;
    let strokes = (width > 0.0).then(|| Strokes::outlines(&lod, 0xffffffff, width));
    let mut screen = ScreenBorders::default();
    let budget = 1 + (ctl[11] as usize) * 7;
    for turn in 0..2 {
        let colours: Vec<u32> = colours.iter().map(|c| c.rotate_left(8 * turn)).collect();
        let key = Coverage::key(1, m, w, h, 0xffffffff, width);
        let hash = colours_hash(&classes, &colours);
        let blank = FillJob::blank(w, h, m);
        let blank = if ctl[12] & 1 == 0 { blank.in_steps() } else { blank };
        let mut fj = screen.onto(blank, strokes.as_ref(), key, hash).filling(&fill, &classes, &colours);
        let mut prepared = 0;
        while !fj.prepare(&fill, strokes.as_ref(), budget) {
            prepared += 1;
            assert!(prepared <= lod.coords.len() + lod.border_coords.len() + 2, "preparing never ends");
        }
        let mut rows = 0;
        while fj.band(&fill, strokes.as_ref(), |y0, band| {
            assert_eq!(band.len() % (4 * w), 0);
            assert_eq!(y0, rows);
            rows += band.len() / (4 * w);
        }) {}
        assert_eq!(rows, h, "the bands cover the image");
        screen.ended(&mut fj, (key, hash), true);
    }
    // any scale at all, as four raw bytes (NaN, infinite, subnormal, negative): an image or nothing
    let k = f32::from_le_bytes([ctl[12], ctl[13], ctl[14], ctl[15]]);
    let mut rows = 0;
    fill_polygons_by_band(&fill, &classes, &colours, w, h, [k, -k, m[2], m[3]], strokes.as_ref(), |_, band| {
        rows += band.len() / (4 * w);
    });
    assert_eq!(rows, h, "the bands cover the image");
    // hit tests, anchors, labels, the SVG of the same view
    for (x, y) in [(0.0, 0.0), (w as f64 / 2.0, h as f64 / 2.0), (cx, cy)] {
        let (gx, gy) = ((x - view.tx) / view.k, (view.ty - y) / view.k);
        if let Some(f) = p.feature_at(gx as f32, gy as f32, 3.0 * px) {
            assert!(f < n);
        }
    }
    let _ = p.anchors();
    // (names of one line and of two: a name and its value under it)
    let names: Vec<Option<&str>> = (0..n).map(|i| [None, Some("Ab"), Some("Ab\n12,5")][i % 3]).collect();
    let cands = sealed_atlas::render::labels::candidates(&p, &view, &names, |s| 6.0 * s.len() as f64);
    let cs: Vec<_> = cands.iter().map(|c| c.0).collect();
    // (no label across an inset's frame: inside its own, or clear of all)
    let frames = view.inset_frames(&p);
    for placed in sealed_atlas::render::labels::place(&cs, &[], &frames, [w as f64, h as f64], 20) {
        assert!(placed.candidate < cs.len());
        let b = placed.bbox;
        for f in &frames {
            let inside = b[0] >= f[0] - 1e-6 && b[2] <= f[2] + 1e-6 && b[1] >= f[1] - 1e-6 && b[3] <= f[3] + 1e-6;
            let meets = b[0] < f[2] && b[2] > f[0] && b[1] < f[3] && b[3] > f[1];
            assert!(inside || !meets, "a label across a frame: {b:?} {f:?}");
        }
    }
    let rgb = [[255, 0, 0], [0, 255, 0], [0, 0, 255]];
    let svg = map_elements(&p, &view, &Paint { classes: &classes, colors: &rgb, no_data: [200; 3] });
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "the SVG holds a number that is not one");
});
