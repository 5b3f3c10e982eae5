#![no_main]
//! Any bytes as a table (CSV/TSV/JSON records after sniffing), then a ratio of two columns and
//! classifications.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::io::{load, Data, Options};

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = load(data, "fuzz.csv", &Options::default()) {
        if let Data::Table(mut t) = l.data {
            // a ratio of the first two number columns (and of the first over itself, by 100)
            let nums: Vec<String> = t.columns.iter().filter(|c| c.kind == sealed_atlas::table::Kind::Number).map(|c| c.name.clone()).collect();
            if let (Some(a), Some(b)) = (nums.first(), nums.get(1).or(nums.first())) {
                use sealed_atlas::table::derive::{add_ratio, Over};
                if let Ok(m) = add_ratio(&mut t, a, Over::Column(b), 100.0, "fuzz ratio") {
                    assert_eq!(m.values + m.zero + m.missing, t.rows);
                    assert!(t.check().is_ok());
                }
            }
            for c in &t.columns {
                if !c.numbers.is_empty() {
                    for m in ["quantile", "fisher-jenks", "equal-interval", "head-tail", "pretty"] {
                        if let Ok(method) = sealed_atlas::stats::Method::parse(m, &[]) {
                            let _ = sealed_atlas::stats::classify(&c.numbers, &method, 5);
                        }
                    }
                }
            }
        }
    }
});
