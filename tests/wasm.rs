//! The engine compiled to Wasm, run in headless Chromium (wasm-bindgen-test): the same binding the
//! page uses, on real data and on the malformed corpus. Errors must arrive as JS `Error` objects with
//! a `code` and a location, never as a trap.
#![cfg(target_arch = "wasm32")]

use sealed_atlas::wasm::{
    choropleth, export_sheet, export_svg, join_table, load, open_sealed, project_part,
    project_snapshot, Dataset, MapView,
};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn prop(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

const DEPTS: &[u8] = include_bytes!("../examples/fr/departements-version-simplifiee.geojson");
const POP: &[u8] = include_bytes!("../examples/fr/population-departements.csv");
const COUNTIES: &[u8] = include_bytes!("../examples/us/counties-10m.json");
const RATES: &[u8] = include_bytes!("../examples/us/unemployment.tsv");

#[wasm_bindgen_test]
fn french_departements_join_and_classify_in_wasm() {
    let layer = load(DEPTS.to_vec(), "departements.geojson", "", None).expect("layer");
    let table = load(POP.to_vec(), "population-departements.csv", "", None).expect("table");
    assert_eq!(layer.length(), 96);
    assert!(
        table.info().contains("\"encoding\":\"windows-1252\""),
        "{}",
        table.info()
    );
    let j = join_table(&layer, &table, "code", "code", "{}").expect("join");
    assert!(j.report().contains("\"matched\":96"), "{}", j.report());
    let c = choropleth(
        &j,
        &table,
        "population",
        r#"{"method":"fisher-jenks","k":5,"palette":"Reds"}"#,
    )
    .expect("classes");
    let classes = c.classes();
    assert_eq!(classes.iter().filter(|&&x| x >= 0).count(), 96);
    assert!(classes.contains(&4));
}

#[wasm_bindgen_test]
fn the_export_sheet_is_written_from_the_page_description_and_bad_ones_are_named() {
    let layer = load(DEPTS.to_vec(), "d.geojson", "", None).expect("layer");
    let table = load(POP.to_vec(), "p.csv", "", None).expect("table");
    let j = join_table(&layer, &table, "code", "code", "{}").expect("join");
    let c =
        choropleth(&j, &table, "population", r#"{"method":"quantile","k":5}"#).expect("classes");
    let view = MapView::new(&layer, "lambert93").expect("view");
    let spec = r##"{"title":"T","source":"S","width":400,"height":300,"view":[0.0004,-10,400],
        "over":[["c",100,100,12,"#1f5fa88c","#ffffffff",0.8],["t",50,60,"Lozère",11,0,1,"#1d2430ff",1]],
        "symbols":{"square":0,"fill":"#1f5fa88c","title":"Pop.","sizes":[[28,"2 000 000"],[14,"500 000"]]}}"##;
    let svg = export_svg(&view, &c, spec).expect("svg");
    assert!(svg.contains(
        "<clipPath id=\"sa-map\"><rect x=\"16\" y=\"48\" width=\"400\" height=\"300\"/>"
    ));
    assert!(svg.contains(">Lozère</text>") && svg.contains(">2 000 000</text>"));
    let sheet = export_sheet(&c, spec).expect("sheet");
    assert!(sheet.contains("\"frame\":[16,48,400,300]"), "{sheet}");
    // (every way a description can be wrong is tested natively, render/sheet.rs `PageSpec`; here,
    // that its errors reach the page as JS errors with a code)
    for (bad, says) in [
        (
            r#"{"width":400,"height":300,"view":[1,0,0],"over":[["c",1,2]]}"#,
            "mark 0 ('c'): item 3",
        ),
        (r#"{"width":400,"height":300"#, ""),
    ] {
        let e = export_svg(&view, &c, bad).expect_err(bad);
        let msg = prop(&e, "message").as_string().unwrap_or_default();
        assert!(msg.contains(says), "{bad}: {msg}");
        assert!(prop(&e, "code").as_string().is_some(), "{bad}: a code");
    }
}

#[wasm_bindgen_test]
fn us_counties_topojson_projects_and_hit_tests_in_wasm() {
    let layer = load(
        COUNTIES.to_vec(),
        "counties-10m.json",
        r#"{"object":"counties"}"#,
        None,
    )
    .expect("layer");
    assert_eq!(layer.length(), 3231);
    let table = load(RATES.to_vec(), "unemployment.tsv", "", None).expect("table");
    let j = join_table(&layer, &table, "@id", "id", "{}").expect("join");
    assert!(j.report().contains("\"matched\":3212"), "{}", j.report());
    let mut view = MapView::new(&layer, "albers-usa").expect("view");
    assert_eq!(view.bbox().len(), 4);
    let id = view.prepare_lod(0.001, 0.6);
    let n = view.lod_vertex_count(id);
    assert!(n > 1000 && n < 68_313 * 2, "{n}");
    // the engine fills from the level it keeps; dropped, it is gone
    let b = view.bbox();
    let k = 40.0 / (b[2] - b[0]);
    // every county red, with borders of `stroke` `width` px over them (0: none)
    let mut fill = |stroke: u32, width: f32| {
        // the bands as handed over, where they are said to be (the page puts each on its canvas
        // through an ImageData over the engine's memory), gathered into one image
        let img = Rc::new(RefCell::new(Vec::new()));
        let rows_seen = Rc::new(std::cell::Cell::new(0u32));
        let (i2, r2) = (img.clone(), rows_seen.clone());
        let sink = Closure::<dyn FnMut(u32, u32, u32)>::new(move |y0: u32, at: u32, rows: u32| {
            assert_eq!(y0, r2.get(), "bands in order, from the top, none left out");
            r2.set(y0 + rows);
            let band =
                unsafe { std::slice::from_raw_parts(at as *const u8, 40 * 4 * rows as usize) };
            i2.borrow_mut().extend_from_slice(band);
        });
        let job = view.fill_lod_begin(
            id,
            &[0; 3231],
            &[0xff0000ff, 0x808080ff],
            40,
            30,
            k,
            -k,
            -b[0] * k,
            b[3] * k,
            stroke,
            width,
            false,
            false,
        )?;
        view.fill_lod_bands(job, u32::MAX, sink.as_ref().unchecked_ref())
            .map(|done| {
                assert!(done, "complete");
                assert_eq!(rows_seen.get(), 30, "every row handed over");
                img.borrow().clone()
            })
    };
    let img = fill(0, 0.0).expect("filled");
    // white borders drawn over the fill (the counties' shared borders, each once): lighter pixels
    let stroked = fill(0xffffffff, 1.0).expect("filled and stroked");
    // the view's image is rewritten whole from frame to frame: nothing of the borders is left
    assert!(fill(0, 0.0).expect("filled again") == img);
    // an image too large is an error, not an abort, and so is one wider than a canvas, however
    // few its rows (its band buffers would be that wide), or taller, however narrow
    for (w, h) in [(1 << 15, 1 << 15), (1 << 24, 2), (2, (1 << 15) + 1)] {
        let r = view.fill_lod_begin(
            id,
            &[],
            &[1],
            w,
            h,
            1.0,
            1.0,
            0.0,
            0.0,
            0,
            0.0,
            false,
            false,
        );
        assert!(r.is_err(), "{w} × {h}");
    }
    // an error thrown by the page's sink ends the fill and comes back as the error
    let throws = js_sys::Function::new_no_args("throw new Error('sink failed')");
    let job = view
        .fill_lod_begin(
            id,
            &[0; 3231],
            &[0xff0000ff, 1],
            40,
            30,
            k,
            -k,
            -b[0] * k,
            b[3] * k,
            0,
            0.0,
            false,
            false,
        )
        .expect("begun");
    let e = view
        .fill_lod_bands(job, u32::MAX, &throws)
        .expect_err("the sink's error");
    assert!(format!("{e:?}").contains("sink failed"), "{e:?}");
    let painted = img.chunks(4).filter(|p| p[3] > 0).count();
    let lighter = img
        .chunks(4)
        .zip(stroked.chunks(4))
        .filter(|(a, b)| a[3] > 0 && b[1] > a[1] && b[0] >= a[0])
        .count();
    assert!(
        painted > 500 && lighter * 2 > painted,
        "{lighter} of {painted}"
    );
    // a feature's record: ring count, each ring's length, then the coordinates
    let rec = view.lod_feature(id, 0);
    let rings = rec[0] as usize;
    let vertices: usize = rec[1..=rings].iter().map(|&n| n as usize).sum();
    assert!(rings >= 1 && vertices >= 4);
    assert_eq!(rec.len(), 1 + rings + 2 * vertices);
    // the rings as the page copies them for its paths (`lodCoords` at `lodRingOffsets`): those
    // made of their borders (which keep no vertices of their own in the engine) written out, each
    // closed, a feature's record the same vertices
    let (coords, offsets, feats) = (
        view.lod_coords(id).to_vec(),
        view.lod_ring_offsets(id).to_vec(),
        view.lod_feature_rings(id).to_vec(),
    );
    assert_eq!(offsets.len(), feats[feats.len() - 1] as usize + 1);
    assert_eq!(*offsets.last().unwrap() as usize * 2, coords.len());
    assert!(
        coords.len() / 2 > n / 2,
        "{} ring vertices",
        coords.len() / 2
    );
    for f in [0usize, 100, 2000, 3230] {
        let (ra, rb) = (feats[f] as usize, feats[f + 1] as usize);
        let rec = view.lod_feature(id, f);
        let (a, z) = (offsets[ra] as usize * 2, offsets[rb] as usize * 2);
        assert_eq!(rec[0] as usize, rb - ra);
        assert_eq!(&rec[1 + rb - ra..], &coords[a..z], "feature {f}");
        for r in ra..rb {
            let (p, q) = (offsets[r] as usize * 2, offsets[r + 1] as usize * 2);
            assert!(
                q - p >= 8 && coords[p..p + 2] == coords[q - 2..q],
                "ring {r} closed"
            );
        }
    }
    assert!(
        img.chunks(4).any(|p| p == [255, 0, 0, 255]),
        "counties painted"
    );
    view.drop_lod(id);
    assert_eq!(view.lod_vertex_count(id), 0);
    assert!(view.lod_feature(id, 0).is_empty());
    // the anchor of a county hits that county
    for f in [0usize, 100, 2000] {
        let a = view.anchor(f);
        if a.len() == 2 {
            assert_eq!(view.feature_at(a[0], a[1], 0.0), f as i32);
        }
    }
}

#[wasm_bindgen_test]
fn malformed_inputs_give_js_errors_with_code_and_location() {
    let cases: [(&[u8], &str, &str); 4] = [
        (
            include_bytes!("../../shared/data/bad/truncated.geojson"),
            "truncated.geojson",
            "json-eof",
        ),
        (
            include_bytes!("../../shared/data/bad/binary-png.geojson"),
            "binary-png.geojson",
            "binary-input",
        ),
        (
            include_bytes!("../../shared/data/bad/empty.geojson"),
            "empty.geojson",
            "empty-input",
        ),
        (
            include_bytes!("../../shared/data/bad/deep-nesting-50.geojson"),
            "deep-nesting-50.geojson",
            "geometry",
        ),
    ];
    for (bytes, name, code) in cases {
        let err = load(bytes.to_vec(), name, "", None)
            .err()
            .expect("an error");
        assert!(
            err.is_instance_of::<js_sys::Error>(),
            "{name}: an Error object"
        );
        assert_eq!(
            prop(&err, "code").as_string().as_deref(),
            Some(code),
            "{name}"
        );
        let msg = prop(&err, "message").as_string().unwrap_or_default();
        assert!(
            msg.starts_with(name),
            "{name}: message names the file: {msg}"
        );
    }
    let err = load(
        include_bytes!("../../shared/data/bad/truncated.geojson").to_vec(),
        "t.geojson",
        "",
        None,
    )
    .err()
    .unwrap();
    assert_eq!(prop(&err, "line").as_f64(), Some(1.0));
    assert_eq!(prop(&err, "column").as_f64(), Some(1511.0));
}

#[wasm_bindgen_test]
fn a_worker_snapshot_rebuilds_the_same_layer_and_view_through_js_bytes() {
    // what the page's worker does: load with progress, snapshot the data and the projected view
    let seen: Rc<RefCell<Vec<(String, f64)>>> = Rc::default();
    let s2 = seen.clone();
    let cb = Closure::<dyn FnMut(String, f64)>::new(move |s: String, f: f64| {
        s2.borrow_mut().push((s, f))
    });
    let f: &js_sys::Function = cb.as_ref().unchecked_ref();
    let mut layer =
        load(DEPTS.to_vec(), "departements.geojson", "", Some(f.clone())).expect("layer");
    let seen = seen.borrow();
    assert_eq!(seen[0].0, "decode");
    assert!(
        seen.iter().filter(|x| x.0 == "parse").count() >= 20,
        "{seen:?}"
    );
    assert!(seen.windows(2).skip(1).all(|w| w[0].1 < w[1].1));
    let bytes = js_sys::Uint8Array::from(&layer.snapshot()[..]);
    let back = Dataset::from_snapshot(bytes).expect("dataset");
    assert_eq!(back.info(), layer.info());
    assert_eq!(back.feature_properties(41), layer.feature_properties(41));
    // a whole column in one call, as the page's labels read it
    let names = layer.column_texts("nom");
    assert_eq!(names.len(), 96);
    assert!(layer
        .feature_properties(41)
        .contains(&format!("\"nom\":\"{}\"", names[41])));
    assert!(layer.column_texts("no such column").is_empty());
    let core =
        js_sys::Uint8Array::from(&project_snapshot(&mut layer, "lambert93").expect("core")[..]);
    let mut a = MapView::new(&layer, "lambert93").expect("view");
    let mut b = MapView::from_snapshot(&back, core.clone(), None).expect("view from bytes");
    assert_eq!(a.bbox(), b.bbox());
    let (ia, ib) = (a.prepare_lod(500.0, 0.6), b.prepare_lod(500.0, 0.6));
    assert_eq!(a.lod_vertex_count(ia), b.lod_vertex_count(ib));
    assert_eq!(a.lod_coords(ia).to_vec(), b.lod_coords(ib).to_vec());
    assert_eq!(a.feature_at(0.0, 0.0, 0.0), b.feature_at(0.0, 0.0, 0.0));
    // the halves two workers project (the whole layer's box), joined by the page as it reads
    // them: the same view; two first halves make no view of the layer
    let (bb, n) = (layer.layer_box(), layer.length());
    let half = |from, to| {
        js_sys::Uint8Array::from(
            &project_part(&layer, "lambert93", bb.clone(), from, to).unwrap()[..],
        )
    };
    let (h, t) = (half(0, 40), half(40, n));
    let mut c = MapView::from_snapshot(&back, h.clone(), Some(t)).expect("view from halves");
    let ic = c.prepare_lod(500.0, 0.6);
    assert_eq!(a.lod_coords(ia).to_vec(), c.lod_coords(ic).to_vec());
    assert_eq!(a.bbox(), c.bbox());
    let err = MapView::from_snapshot(&back, h.clone(), Some(h))
        .err()
        .expect("an error");
    assert_eq!(prop(&err, "code").as_string().as_deref(), Some("snapshot"));
    // a snapshot of another layer, or cut short, is an Error with a code, not a trap
    let table = load(POP.to_vec(), "population-departements.csv", "", None).expect("table");
    assert!(MapView::from_snapshot(&table, core.clone(), None).is_err());
    let cut = core.subarray(0, core.length() / 2);
    let err = MapView::from_snapshot(&back, cut, None)
        .err()
        .expect("an error");
    assert_eq!(prop(&err, "code").as_string().as_deref(), Some("snapshot"));
}

/// How deep the engine's stack went so far, and where it starts: it sits at the bottom of linear
/// memory and grows down from its size (see `build.rs`); memory is zero until written, so
/// the lowest non-zero byte below the stack pointer is as deep as any call went.
fn stack_depth() -> (usize, usize) {
    let here = 0u8;
    let sp = std::hint::black_box(&here) as *const u8 as usize;
    let top = sp.next_multiple_of(65536);
    let mut low = 64; // (not from address 0)
                      // SAFETY: linear memory below the stack pointer is in bounds and only read
    while low < sp && unsafe { std::ptr::read_volatile(low as *const u8) } == 0 {
        low += 1;
    }
    (top, top - low)
}

#[wasm_bindgen_test]
fn the_stack_is_256_kb_and_the_deepest_inputs_use_under_a_quarter_of_it() {
    use sealed_atlas::carto::{Projected, Projection};
    use sealed_atlas::render::raster::{fill_polygons, Fill, Strokes};
    let o = sealed_atlas::io::Options::default();
    // JSON nested to the readers' limit and past it, every reader, gzip, a render with labels
    let nested = |n: usize| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"a":{}1{}}},"geometry":null}}]}}"#,
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    assert!(sealed_atlas::io::load(nested(90).as_bytes(), "n.geojson", &o).is_ok());
    assert!(sealed_atlas::io::load(nested(500).as_bytes(), "n.geojson", &o).is_err());
    let files: [(&str, &[u8]); 8] = [
        ("d.geojson", DEPTS),
        ("c.json", COUNTIES),
        ("p.csv", POP),
        ("r.tsv", RATES),
        ("d.xlsx", include_bytes!("data/departements.xlsx")),
        ("d.ods", include_bytes!("data/departements.ods")),
        (
            "g.geojson",
            include_bytes!("../../shared/data/bad/gzipped-no-extension.geojson"),
        ),
        (
            "u.txt",
            include_bytes!("../../shared/data/bad/utf16le-excel-unicode.txt"),
        ),
    ];
    for (name, bytes) in files {
        let loaded = sealed_atlas::io::load(bytes, name, &o).expect(name);
        let sealed_atlas::io::Data::Layer(layer) = loaded.data else {
            continue;
        };
        let mut drawn = 0;
        for projection in [Projection::AlbersUsa, Projection::FranceInsets] {
            let p = Projected::new(&layer, projection);
            let Some(b) = p.bbox else {
                continue; // (France in Albers USA)
            };
            drawn += 1;
            let k = 960.0 / (b[2] - b[0]);
            let lod = p.lod(1.0 / k, 0.6);
            let classes: Vec<i32> = (0..layer.len() as i32).map(|i| i % 3).collect();
            let strokes = Strokes::outlines(&lod, 0xffffffff, 0.6);
            let colours = [0xff0000ff, 0x00ff00ff, 0x0000ffff, 0xccccccff];
            let transform = [k, -k, -b[0] * k, b[3] * k];
            let image = fill_polygons(
                &Fill::of(&lod),
                &classes,
                &colours,
                960,
                600,
                transform,
                Some(&strokes),
            );
            assert!(image.iter().any(|&v| v != 0), "{name} drawn");
            assert!(p.anchors().iter().any(|v| v.is_finite()), "{name} labelled");
        }
        assert!(drawn > 0, "{name}");
    }
    let (top, depth) = stack_depth();
    if cfg!(debug_assertions) {
        // (an unoptimised build, ten times deeper, keeps the linker's 1 MB)
        assert_eq!(top, 1024 * 1024, "the stack's size (build.rs)");
        return;
    }
    assert_eq!(top, 256 * 1024, "the stack's size (build.rs)");
    assert!(
        depth > 1024 && depth < top / 4,
        "the stack went {depth} bytes deep"
    );
}

#[wasm_bindgen_test]
fn a_level_and_a_fill_in_steps_are_what_they_are_at_once() {
    let layer = load(DEPTS.to_vec(), "d.geojson", "", None).expect("layer");
    let mut view = MapView::new(&layer, "lambert93").expect("view");
    let id = view.prepare_lod(500.0, 0.6);
    // a level prepared in steps is the level prepared at once, under the number it was given
    let job = view.prepare_lod_begin(500.0, 0.6, f32::NAN, f32::NAN, f32::NAN, f32::NAN);
    let mut calls = 1;
    while !view.prepare_lod_features(job, 10).expect("ten more") {
        calls += 1;
    }
    assert_eq!(calls, 10, "96 features, ten a call");
    assert_eq!(view.lod_coords(job).to_vec(), view.lod_coords(id).to_vec());
    assert_eq!(
        view.lod_feature_rings(job).to_vec(),
        view.lod_feature_rings(id).to_vec()
    );
    assert!(
        view.prepare_lod_features(job, 10).is_err(),
        "prepared: no longer in progress"
    );
    view.drop_lod(job);
    let job = view.prepare_lod_begin(500.0, 0.6, f32::NAN, f32::NAN, f32::NAN, f32::NAN);
    view.prepare_lod_end(job);
    assert!(view.prepare_lod_features(job, 10).is_err(), "given up");
    assert_eq!(view.lod_vertex_count(job), 0);
    let b = view.bbox();
    let (w, h) = (60usize, 300usize); // several bands (16 rows each: 19)
    let k = w as f32 / (b[2] - b[0]);
    let classes: Vec<i32> = (0..96).map(|i| i % 3).collect();
    let colours = [0xff0000ff, 0x00ff00ff, 0x0000ffff, 0x808080ff];
    // the bands gathered into one image, checked in order
    let gather = || {
        let img = Rc::new(RefCell::new(Vec::new()));
        let i2 = img.clone();
        let sink = Closure::<dyn FnMut(u32, u32, u32)>::new(move |y0: u32, at: u32, rows: u32| {
            let mut img = i2.borrow_mut();
            assert_eq!(
                y0 as usize * w * 4,
                img.len(),
                "bands in order, none left out"
            );
            img.extend_from_slice(unsafe {
                std::slice::from_raw_parts(at as *const u8, w * 4 * rows as usize)
            });
        });
        (img, sink)
    };
    let args = (w, h, k, -k, -b[0] * k, b[3] * k, 0xffffffffu32, 0.6f32);
    let (whole, sink) = gather();
    let job = view
        .fill_lod_begin(
            id, &classes, &colours, args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7,
            false, false,
        )
        .expect("begun");
    view.fill_lod_bands(job, u32::MAX, sink.as_ref().unchecked_ref())
        .expect("filled at once");
    let (stepped, sink) = gather();
    // begun in steps: its rings and borders' pieces taken a few vertices at a time, then its bands
    let job = view
        .fill_lod_begin(
            id, &classes, &colours, args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7,
            false, true,
        )
        .expect("begun");
    let mut prepared = 1;
    while !view.fill_lod_prepare(job, 2000).expect("prepared") {
        prepared += 1;
    }
    assert!(prepared > 10, "prepared over {prepared} calls");
    assert!(stepped.borrow().is_empty(), "no band yet");
    let (mut calls, mut band) = (0, 0);
    while !view
        .fill_lod_bands(job, 1, sink.as_ref().unchecked_ref())
        .expect("a band")
    {
        calls += 1;
        if calls == 1 {
            // the band's height, as the first call hands it over
            band = stepped.borrow().len() / (w * 4);
            assert!((8..=64).contains(&band), "a band of {band} rows");
        }
        assert_eq!(
            stepped.borrow().len(),
            calls * band * w * 4,
            "one band a call"
        );
    }
    assert_eq!(calls + 1, h.div_ceil(band), "every band, one a call");
    assert!(calls >= 4, "several bands: {calls}");
    assert_eq!(whole.borrow().len(), w * h * 4);
    assert!(*whole.borrow() == *stepped.borrow(), "the same pixels");
    assert!(
        whole.borrow().chunks(4).any(|p| p == [0, 0, 255, 255]),
        "painted"
    );
    // once complete, the fill is gone; so is one given up
    let e = view.fill_lod_bands(job, 1, sink.as_ref().unchecked_ref());
    assert!(format!("{:?}", e.expect_err("no such fill")).contains("in progress"));
    let job = view
        .fill_lod_begin(
            id, &classes, &colours, args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7,
            false, false,
        )
        .expect("begun");
    view.fill_lod_end(job);
    assert!(view
        .fill_lod_bands(job, 1, sink.as_ref().unchecked_ref())
        .is_err());
    // a level dropped while it is being filled ends the fill with an error (nothing read from it)
    let (_, sink) = gather();
    let job = view
        .fill_lod_begin(
            id, &classes, &colours, args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7,
            false, false,
        )
        .expect("begun");
    assert!(!view
        .fill_lod_bands(job, 2, sink.as_ref().unchecked_ref())
        .expect("two bands"));
    let in_steps = view
        .fill_lod_begin(
            id, &classes, &colours, args.0, args.1, args.2, args.3, args.4, args.5, args.6, args.7,
            false, true,
        )
        .expect("begun");
    assert!(!view.fill_lod_prepare(in_steps, 100).expect("a step"));
    view.drop_lod(id);
    let e = view.fill_lod_bands(job, 1, sink.as_ref().unchecked_ref());
    assert!(format!("{:?}", e.expect_err("dropped")).contains("dropped"));
    let e = view.fill_lod_prepare(in_steps, 100);
    assert!(format!("{:?}", e.expect_err("dropped")).contains("dropped"));
    assert!(view.fill_lod_prepare(in_steps, 100).is_err(), "ended");
    assert!(
        view.fill_lod_bands(job, 1, sink.as_ref().unchecked_ref())
            .is_err(),
        "and gone"
    );
}

#[wasm_bindgen_test]
fn a_recentred_and_a_coarse_layer_keep_the_features_and_refuse_what_is_no_number() {
    let layer = load(DEPTS.to_vec(), "departements.geojson", "", None).expect("layer");
    // the same features, projected and searched as the layer itself
    for ds in [
        layer.recentred(150.0).expect("recentred"),
        layer.coarse(0.125).expect("coarse"),
    ] {
        assert_eq!(ds.length(), 96);
        let v = MapView::new(&ds, "equal-earth").expect("view");
        assert_eq!(v.hidden_count(), 0);
        assert_eq!(
            ds.search(vec!["nom".into()], "lozere", 3).to_vec(),
            layer.search(vec!["nom".into()], "lozere", 3).to_vec()
        );
    }
    // NaN, infinities: errors with their code, not a layer of NaNs
    for e in [
        layer.coarse(f64::NAN).err(),
        layer.coarse(-1.0).err(),
        layer.recentred(f64::INFINITY).err(),
    ] {
        let e = e.expect("an error");
        assert_eq!(prop(&e, "code").as_string().as_deref(), Some("usage"));
    }
}

#[wasm_bindgen_test]
fn a_sealed_atlas_opens_with_its_key_in_wasm_and_a_wrong_key_is_an_error() {
    let key = [0x5au8; 32];
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let sealed = sealed_atlas::atlas::seal::seal(DEPTS, &key, [3; 12]);
    assert_eq!(open_sealed(&sealed, &format!("#key={hex}")).unwrap(), DEPTS);
    let wrong = format!("{}b", &hex[..63]);
    let err = open_sealed(&sealed, &wrong).unwrap_err();
    assert_eq!(prop(&err, "code").as_string().as_deref(), Some("seal-key"));
    let err = open_sealed(&sealed, "xyz").unwrap_err();
    assert!(js_sys::Error::from(err)
        .message()
        .as_string()
        .unwrap()
        .contains("« x » at position 1"));
}
