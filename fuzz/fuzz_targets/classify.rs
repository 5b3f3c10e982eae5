#![no_main]
// Classification of any values by every method: the first byte picks the method, the second the
// number of classes, the rest are the values (8 bytes each, or, when the third byte is odd, one
// byte each into a few close values far from zero, as the ties and near-ties of real columns).
// Either an error, or breaks in order that place every finite value in a class — never a panic
// or a loop that does not end.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::stats::classify::{class_of, classify, Method, METHOD_NAMES};


fuzz_target!(|data: &[u8]| {
    let [m, k, form, rest @ ..] = data else { return };
    let values: Vec<f64> = if form & 1 == 1 {
        let base: f64 = [0.0, 1e20, -3e15, 1e-300, 7.0e300][(form >> 1) as usize % 5];
        rest.iter().map(|&b| base + (b as f64 - 128.0) * base.abs() * 1e-16).collect()
    } else {
        rest.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect()
    };
    let manual: Vec<f64> = values.iter().copied().take(3).collect();
    // every method the page offers, and the anchored standard deviations and box plot of 3
    let names: Vec<&str> = METHOD_NAMES.iter().copied().chain(["std-mean-anchored", "box-plot-3"]).collect();
    let Ok(method) = Method::parse(names[*m as usize % names.len()], &manual) else {
        return;
    };
    let k = *k as usize % 40;
    if let Ok(c) = classify(&values, &method, k) {
        assert!(c.breaks.windows(2).all(|w| w[0] <= w[1]), "breaks out of order: {:?}", c.breaks);
        assert_eq!(c.counts.len() + 1, c.breaks.len().max(1));
        for &v in &values {
            if v.is_finite() && c.breaks.len() >= 2 && v >= c.breaks[0] && v <= c.breaks[c.breaks.len() - 1] {
                assert!(class_of(&c.breaks, v).is_some(), "{v} in no class of {:?}", c.breaks);
            }
        }
    }
});
