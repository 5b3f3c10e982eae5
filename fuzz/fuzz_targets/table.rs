#![no_main]
//! Any bytes as a table (CSV/TSV/JSON records after sniffing), then a join and a classification.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::io::{load, Data, Options};

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = load(data, "fuzz.csv", &Options::default()) {
        if let Data::Table(t) = l.data {
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
