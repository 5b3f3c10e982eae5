//! Tables whose rows are mostly missing cells: a row shorter than the header, a property only one
//! feature has. A missing cell takes no byte of the file, so a few hundred KB can ask for billions
//! of them, and the engine would die asking for the memory (in the page, the page with it): past
//! the file's size and `SPARE_CELLS` more, the reading is an error that says where and why.
//! Many columns of one name, or of many names, are read in time proportional to their number
//! (a file of one long line read as a table has a column per delimiter: the fuzzer's 38 KB took
//! 0.6 s, each name searched for among all those before it).

use sealed_atlas::io::{load, Data, Options};
use sealed_atlas::table::SPARE_CELLS;

fn read(text: &str, name: &str) -> Result<sealed_atlas::io::Loaded, sealed_atlas::Error> {
    load(text.as_bytes(), name, &Options::default())
}

/// The error reading `text` (it must be one).
fn refused(text: &str, name: &str) -> sealed_atlas::Error {
    match read(text, name) {
        Ok(_) => panic!("{name}: read, not refused"),
        Err(e) => e,
    }
}

/// A count as the messages write it: 2,400,000,000.
fn g(n: usize) -> String {
    sealed_atlas::format::format_number(n as f64, 0, sealed_atlas::format::Locale::En)
}

/// Rows and columns past the budget for a text of this size (the text is ~ `2 · columns` bytes)
fn past_budget(columns: usize) -> usize {
    (SPARE_CELLS + 4 * columns) / columns + 2
}

#[test]
fn a_csv_of_a_wide_header_and_short_rows_is_refused_at_its_header() {
    let columns = 20_000;
    let header = vec!["a"; columns].join(",");
    let rows = past_budget(columns);
    let text = format!("{header}\n{}", "x\n".repeat(rows));
    let e = refused(&text, "wide.csv");
    assert_eq!(e.code, "table-size", "{e}");
    assert_eq!(e.at.line, Some(1), "{e}");
    assert!(
        e.message
            .contains(&format!("{} rows of {} columns", g(rows), g(columns))),
        "{e}"
    );
    // one row fewer than that and the file is a table (its short rows reported)
    let rows = SPARE_CELLS / columns;
    let text = format!("{header}\n{}", "x\n".repeat(rows));
    let Data::Table(t) = read(&text, "wide.csv")
        .unwrap_or_else(|e| panic!("{e}"))
        .data
    else {
        panic!("a table")
    };
    assert_eq!((t.rows, t.columns.len()), (rows, columns));
}

#[test]
fn thousands_of_columns_of_one_name_are_each_named_apart() {
    let columns = 30_000;
    let text = format!(
        "{}\n{}\n",
        vec!["a"; columns].join(","),
        vec!["1"; columns].join(",")
    );
    let loaded = read(&text, "same.csv").unwrap();
    let Data::Table(t) = &loaded.data else {
        panic!("a table")
    };
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(&names[..3], ["a", "a (2)", "a (3)"]);
    assert_eq!(names[columns - 1], format!("a ({columns})"));
    // a name that is already another's renaming is renamed in turn
    let text = "a,a,a (2),a\n1,2,3,4\n";
    let Data::Table(t) = read(text, "renamed.csv").unwrap().data else {
        panic!("a table")
    };
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["a", "a (2)", "a (2) (2)", "a (3)"]);
    assert!(loaded.warnings.has("duplicate-column"));
}

#[test]
fn json_records_each_with_a_member_of_its_own_are_refused_at_the_record() {
    let n = 4_000; // 4,000 records of 4,000 columns: 16 M cells from ~60 KB
    let recs: Vec<String> = (0..n).map(|i| format!("{{\"k{i}\":1}}")).collect();
    let text = format!("[{}]", recs.join(","));
    let e = refused(&text, "records.json");
    assert_eq!(e.code, "table-size", "{e}");
    // the first record whose new member passes the budget
    let first = (SPARE_CELLS + text.len()) / n;
    assert!(e.message.contains(&format!("record {first}:")), "{e}");
    // a thousand of them are a table (a million cells)
    let text = format!("[{}]", recs[..1000].join(","));
    let Data::Table(t) = read(&text, "records.json").unwrap().data else {
        panic!("a table")
    };
    assert_eq!((t.rows, t.columns.len()), (1000, 1000));
    assert_eq!(t.columns[999].text(999), Some("1"));
    assert_eq!(t.columns[999].text(0), None);
}

fn feature(i: usize) -> String {
    format!(
        "{{\"type\":\"Feature\",\"properties\":{{\"k{i}\":{i}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{},{}]}}}}",
        i % 90,
        i % 45
    )
}

#[test]
fn geojson_features_each_with_a_property_of_its_own_are_refused_at_the_feature() {
    let n = 4_000;
    let feats: Vec<String> = (0..n).map(feature).collect();
    let text = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}",
        feats.join(",\n")
    );
    let e = refused(&text, "sparse.geojson");
    assert_eq!(e.code, "table-size", "{e}");
    // named by its feature and by its line (one feature a line, from line 2)
    assert!(e.message.contains("features of"), "{e}");
    let f = e
        .message
        .split("feature ")
        .nth(1)
        .and_then(|s| s.split(':').next())
        .unwrap();
    let f: usize = f.parse().unwrap();
    assert!(f > 1000 && f < n, "{e}");
    assert_eq!(e.at.line, Some(f as u32 + 2), "{e}");
    // a thousand of them are a layer
    let text = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
        feats[..1000].join(",")
    );
    let Data::Layer(l) = read(&text, "sparse.geojson").unwrap().data else {
        panic!("a layer")
    };
    assert_eq!((l.len(), l.props.columns.len()), (1000, 1000));
}

#[test]
fn a_topojson_whose_first_geometry_has_thousands_of_properties_and_many_geometries_after_is_refused(
) {
    // the columns all come from the first geometry; the padding from the many after it
    let columns = 3_000;
    let props: Vec<String> = (0..columns).map(|k| format!("\"p{k}\":1")).collect();
    let rows = (SPARE_CELLS + 40 * columns) / columns + 1000;
    let mut geoms = vec![format!(
        "{{\"type\":\"Point\",\"coordinates\":[0,0],\"properties\":{{{}}}}}",
        props.join(",")
    )];
    geoms.extend((1..rows).map(|_| "{\"type\":null}".to_string()));
    let text = format!(
        "{{\"type\":\"Topology\",\"arcs\":[],\"objects\":{{\"o\":{{\"type\":\"GeometryCollection\",\"geometries\":[{}]}}}}}}",
        geoms.join(",")
    );
    let e = refused(&text, "wide.topojson");
    assert_eq!(e.code, "table-size", "{e}");
    assert!(
        e.message.contains(&format!(
            "{} features of {} properties",
            g(rows),
            g(columns)
        )),
        "{e}"
    );
}

#[test]
fn two_parts_of_a_file_that_would_pad_too_many_cells_when_joined_give_the_whole_files_answer() {
    use sealed_atlas::io::snapshot::write_loaded;
    use sealed_atlas::io::split::{load_head, load_tail, Cut, RETRY};
    // a first feature of 3,000 properties, then 3,000 features of another one: each half of the
    // file is a few cells, joined they are 9 million, mostly empty
    let columns = 3_000;
    let props: Vec<String> = (0..columns).map(|k| format!("\"p{k}\":1")).collect();
    let mut feats = vec![format!(
        "{{\"type\":\"Feature\",\"properties\":{{{}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[1,2]}}}}",
        props.join(",")
    )];
    feats.extend((0..columns).map(|i| {
        format!("{{\"type\":\"Feature\",\"properties\":{{\"z\":{i}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[1,2]}}}}")
    }));
    let text = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}",
        feats.join(",\n")
    );
    let opts = Options::default();
    let whole = load(text.as_bytes(), "f.geojson", &opts)
        .map(|l| write_loaded(&l))
        .map_err(|e| e.to_string());
    let Err(e) = whole.clone() else {
        panic!("read whole")
    };
    assert!(e.contains("3,001 features of 3,001 properties"), "{e}");
    // cut by the first worker (it reads the whole itself), then by the page (it asks for that)
    let cut = sealed_atlas::io::split::feature_start(text.as_bytes(), text.len() / 2).unwrap();
    let mut tail = None;
    let head = load_head(
        text.as_bytes().to_vec(),
        "f.geojson",
        &opts,
        Cut::At(cut),
        &mut |_, _| {},
        &mut |t, _| {
            tail = load_tail(t.to_vec(), "f.geojson", &mut |_| {});
        },
    );
    assert!(tail.is_some(), "the second part read on its own");
    let split = head
        .and_then(|h| h.finish(tail.as_deref(), &mut |_, _| {}))
        .map(|l| write_loaded(&l))
        .map_err(|e| e.to_string());
    assert!(split == whole, "{:?}", split.map(|b| b.len()));
    let given = Cut::Given { whole: text.len() };
    let head = load_head(
        text.as_bytes()[..cut].to_vec(),
        "f.geojson",
        &opts,
        given,
        &mut |_, _| {},
        &mut |_, _| {},
    );
    let tail = load_tail(text.as_bytes()[cut..].to_vec(), "f.geojson", &mut |_| {});
    match head.and_then(|h| h.finish(tail.as_deref(), &mut |_, _| {})) {
        Ok(_) => panic!("read"),
        Err(e) => assert_eq!(e.code, RETRY, "{e}"),
    }
}
