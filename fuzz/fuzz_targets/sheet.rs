#![no_main]
//! Any text as the page's description of an export (render/sheet.rs `PageSpec`), then the sheet laid
//! out around it, written as SVG and as JSON, with a histogram of its numbers.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::render::histogram::histogram_marks;
use sealed_atlas::render::sheet::{compose, Legend, PageSpec};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(p) = PageSpec::from_json(text) else { return };
    // its numbers as the values of a histogram, their extremes as its breaks
    let values = [p.width, p.height, p.view[0], p.view[1], p.view[2]];
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
    let hist = histogram_marks(&values, &[lo, (lo + hi) / 2.0, hi], &[[1, 2, 3], [4, 5, 6]], 190.0, 70.0, 40);
    let legend = vec![(p.title.clone(), [1, 2, 3], 7usize)];
    let sheet = compose(p, Legend { entries: &legend, histogram: Some((hist, 70.0)) });
    let _ = sheet.svg("");
    let _ = sheet.view();
    let _ = sheet.json();
});
