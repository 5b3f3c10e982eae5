#![no_main]
// Any bytes as a workbook (.xlsx, then .ods): the ZIP directory, its inflation, the XML of its
// sheets, shared strings and styles. An error or a table whose columns are as long as its rows.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::io::{load, Data, Options};

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.xlsx", "fuzz.ods"] {
        if let Ok(l) = load(data, name, &Options::default()) {
            let _ = sealed_atlas::info::loaded_json(&l);
            if let Data::Table(t) = &l.data {
                for c in &t.columns {
                    assert!(c.numbers.is_empty() || c.numbers.len() == t.rows, "a column's numbers are not its rows");
                }
            }
        }
    }
});
