#![no_main]
// A join of any table to any layer's codes: the bytes up to the first NUL are the features' ids
// (one a line), the rest a table; the first table byte's bits choose the options. Every column of
// the layer and of the table is tried as the key. The report must add up: one row or none for
// each feature, every row and feature it names within the inputs, as many matched as it says.
use libfuzzer_sys::fuzz_target;
use sealed_atlas::io::{load, Data, Options};
use sealed_atlas::join::{join, GeoKey, JoinOptions};

fuzz_target!(|data: &[u8]| {
    let Some(cut) = data.iter().position(|&b| b == 0) else { return };
    let (ids, rest) = (&data[..cut], &data[cut + 1..]);
    let [opts, table @ ..] = rest else { return };
    let Ok(ids) = std::str::from_utf8(ids) else { return };
    // the layer: a point a feature, its id and a property of the same text
    let mut geo = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    for (i, id) in ids.lines().enumerate() {
        let id: String = id.chars().flat_map(|c| c.escape_default()).collect();
        geo.push_str(&format!(
            "{}{{\"type\":\"Feature\",\"id\":\"{id}\",\"properties\":{{\"code\":\"{id}\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{},45]}}}}",
            if i > 0 { "," } else { "" },
            i % 360
        ));
    }
    geo.push_str("]}");
    let Ok(Data::Layer(layer)) = load(geo.as_bytes(), "fuzz.geojson", &Options::default()).map(|l| l.data) else {
        return;
    };
    let Ok(Data::Table(t)) = load(table, "fuzz.csv", &Options::default()).map(|l| l.data) else {
        return;
    };
    let o = JoinOptions {
        trim: opts & 1 != 0,
        ignore_case: opts & 2 != 0,
        ignore_accents: opts & 4 != 0,
        pad_zeros: opts & 8 != 0,
    };
    let filter = (opts & 16 != 0 && !t.columns.is_empty()).then(|| (0, "1"));
    let keys = std::iter::once(GeoKey::Id).chain((0..layer.props.columns.len()).map(GeoKey::Column));
    for geo_key in keys {
        for c in 0..t.columns.len().min(4) {
            let r = join(&layer, &geo_key, &t, c, &o, filter);
            assert_eq!(r.features, layer.len());
            assert_eq!(r.rows, t.rows);
            assert_eq!(r.feature_row.len(), layer.len());
            assert!(r.feature_row.iter().flatten().all(|&row| (row as usize) < t.rows));
            assert_eq!(r.matched, r.feature_row.iter().flatten().count());
            assert!(r.unmatched_rows.iter().all(|u| u.1 < t.rows));
            assert!(r.unmatched_features.iter().all(|u| u.0 < layer.len()));
            assert!(r.matched + r.unmatched_features.len() <= layer.len());
            let _ = r.to_json();
        }
    }
});
