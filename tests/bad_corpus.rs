//! Every file of ../shared/data/bad gets the outcome its README lists: an error that says where
//! (line:column or byte, feature), a warning, or acceptance. One test per file.

use sealed_atlas::io::{load, Data, Loaded, Options};
use sealed_atlas::Error;

fn path(name: &str) -> String {
    format!("{}/../shared/data/bad/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path(name)).expect("corpus file");
    load(&bytes, name, &Options::default())
}

fn err(name: &str) -> Error {
    match read(name) {
        Ok(_) => panic!("{name}: expected an error"),
        Err(e) => {
            assert!(
                e.message.starts_with(name),
                "the message names the file: {}",
                e.message
            );
            e
        }
    }
}

fn ok(name: &str) -> Loaded {
    read(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn layer(l: &Loaded) -> &sealed_atlas::geom::Layer {
    match &l.data {
        Data::Layer(l) => l,
        _ => panic!("expected a layer"),
    }
}

fn table(l: &Loaded) -> &sealed_atlas::table::Table {
    match &l.data {
        Data::Table(t) => t,
        _ => panic!("expected a table"),
    }
}

#[test]
fn truncated_geojson_is_an_error_at_line_1_column_1511_in_feature_0() {
    let e = err("truncated.geojson");
    assert_eq!((e.at.line, e.at.column), (Some(1), Some(1511)));
    assert_eq!(e.at.feature.as_deref(), Some("feature 0"));
    assert!(e.message.contains("unexpected end of input"), "{e}");
}

#[test]
fn truncated_mid_utf8_names_byte_91() {
    let e = err("truncated-mid-utf8.geojson");
    assert_eq!(e.at.byte, Some(91));
    assert!(
        e.message.contains("UTF-8") && e.message.contains("truncated"),
        "{e}"
    );
}

#[test]
fn wrong_nesting_names_feature_0_and_the_expected_array() {
    let e = err("wrong-nesting.geojson");
    assert_eq!(e.at.feature.as_deref(), Some("feature 0"));
    assert!(
        e.message
            .contains("Polygon: expected an array of rings, found an array of positions"),
        "{e}"
    );
    assert!(e.at.line.is_some());
}

#[test]
fn coordinates_as_strings_are_refused_not_coerced() {
    let e = err("coords-as-strings.geojson");
    assert!(
        e.message
            .contains("coordinate must be a number, found string"),
        "{e}"
    );
    assert!(e
        .at
        .feature
        .as_deref()
        .unwrap_or("")
        .starts_with("feature 0"));
}

#[test]
fn nan_and_infinity_tokens_are_errors_with_line_and_column() {
    let e = err("nan-infinity.geojson");
    assert!((2..=4).contains(&e.at.line.unwrap()), "{e}");
    assert!(e.at.column.is_some());
    assert!(
        e.message.contains("NaN and Infinity are not valid JSON"),
        "{e}"
    );
}

#[test]
fn unclosed_ring_is_closed_with_a_warning_and_the_3_position_ring_dropped() {
    let l = ok("unclosed-ring.geojson");
    let layer = layer(&l);
    assert_eq!(layer.len(), 2, "both features kept for joins");
    let r = layer.ring(0, &mut Vec::new()).to_vec();
    assert_eq!(&r[..2], &r[r.len() - 2..], "ring 0 closed");
    assert!(l
        .warnings
        .list
        .iter()
        .any(|w| w.code == "unclosed-ring" && w.at.feature.as_deref() == Some("feature 0")));
    assert!(l
        .warnings
        .list
        .iter()
        .any(|w| w.code == "degenerate" && w.at.feature.as_deref() == Some("feature 1")));
    assert!(layer.parts(1).is_empty());
}

#[test]
fn empty_feature_collection_is_accepted_with_no_bbox() {
    let l = ok("empty-featurecollection.geojson");
    assert_eq!(layer(&l).len(), 0);
    assert_eq!(layer(&l).bbox(), None);
}

#[test]
fn null_geometries_are_kept_for_joins() {
    let l = ok("null-geometry.geojson");
    let layer = layer(&l);
    assert_eq!(layer.len(), 3);
    assert!(layer.parts(0).is_empty() && layer.parts(2).is_empty());
    assert!(l.warnings.has("null-geometry"));
}

#[test]
fn geometry_collection_fills_its_polygons_and_warns_about_nesting() {
    let l = ok("geometrycollection.geojson");
    let layer = layer(&l);
    assert!(layer.geometry_types().contains(&"Polygon"));
    assert!(l.warnings.has("nested-collection"));
}

#[test]
fn overflowing_coordinates_are_an_error_naming_the_feature_id() {
    let e = err("huge-numbers.geojson");
    assert!(e.message.contains("overflows"), "{e}");
    assert!(
        e.at.feature
            .as_deref()
            .unwrap_or("")
            .contains("id \"overflow\""),
        "{e}"
    );
}

#[test]
fn one_value_position_is_an_error_naming_feature_1d() {
    let e = err("3d-coordinates.geojson");
    assert!(
        e.message.contains("position needs at least 2 numbers"),
        "{e}"
    );
    assert!(
        e.at.feature.as_deref().unwrap_or("").contains("\"1d\""),
        "{e}"
    );
}

#[test]
fn xyz_positions_are_accepted_with_z_ignored() {
    // the corpus file mixes valid XYZ with a 1-value position (an error, above); the valid part alone:
    let text = std::fs::read_to_string(path("3d-coordinates.geojson")).unwrap();
    let v = sealed_atlas::io::json::parse(&text).unwrap();
    let feats = v.get("features").unwrap().as_array().unwrap();
    let first = sealed_atlas::jsonw::value_to_json(&feats[0]);
    let mut w = sealed_atlas::Warnings::default();
    let l = sealed_atlas::io::geojson::read_geojson(&first, "xyz", &mut w).unwrap();
    assert!(l.vertex_count() > 0);
    assert_eq!(
        l.coords.len(),
        l.vertex_count() * 2,
        "two numbers kept per position"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let e = err("deep-nesting-50.geojson");
    assert!(
        e.message.contains("MultiPolygon expects depth 4, found 50"),
        "{e}"
    );
    assert_eq!(e.at.feature.as_deref(), Some("feature 0"));
}

#[test]
fn utf8_bom_is_stripped() {
    let l = ok("bom.geojson");
    assert_eq!(l.encoding, "utf-8-bom");
    assert_eq!(layer(&l).len(), 1);
}

#[test]
fn duplicate_members_are_reported_and_features_are_not_lost() {
    let l = ok("duplicate-keys.geojson");
    assert_eq!(
        layer(&l).len(),
        1,
        "the second, empty 'features' does not erase the first"
    );
    let dups: Vec<_> = l
        .warnings
        .list
        .iter()
        .filter(|w| w.code == "duplicate-key")
        .collect();
    for key in ["'id'", "'geometry'", "'properties.nom'", "'features'"] {
        assert!(
            dups.iter()
                .any(|w| w.message.contains(key) && w.at.line.is_some()),
            "{key}: {dups:?}"
        );
    }
}

#[test]
fn empty_file_is_an_empty_input_error() {
    let e = err("empty.geojson");
    assert_eq!(e.code, "empty-input");
    assert!(e.message.contains("empty input"));
}

#[test]
fn png_is_refused_as_binary_without_dumping_bytes() {
    let e = err("binary-png.geojson");
    assert_eq!(e.code, "binary-input");
    assert!(e.message.contains("PNG"));
    assert!(e.message.is_ascii() || !e.message.contains('\u{FFFD}'));
}

#[test]
fn gzip_without_extension_is_sniffed_and_read_with_a_warning() {
    let l = ok("gzipped-no-extension.geojson");
    assert!(l.gzip);
    assert!(l.warnings.has("gzip"));
    assert_eq!(layer(&l).len(), 58);
}

#[test]
fn lambert93_crs_is_reprojected_to_longitude_latitude() {
    let l = ok("projected-crs-lambert93.geojson");
    let b = layer(&l).bbox().unwrap();
    assert!(
        b[0] > 2.2 && b[2] < 2.5 && b[1] > 48.8 && b[3] < 48.95,
        "{b:?}"
    );
    assert!(l.warnings.has("crs"));
}

#[test]
fn antimeridian_rings_are_cut_on_either_side_and_out_of_range_reported() {
    let l = ok("antimeridian.geojson");
    let layer = layer(&l);
    // the ring that jumped 179.2 → −179.8, and the same area written past 180: each cut into a
    // piece a side, within −180…180, of the same area together (1° × 1.2°)
    for f in 0..2 {
        let rings: Vec<Vec<f64>> = layer
            .feature_rings(f)
            .map(|r| layer.ring(r, &mut Vec::new()).to_vec())
            .collect();
        assert_eq!(rings.len(), 2, "feature {f}");
        let area: f64 = rings
            .iter()
            .map(|r| sealed_atlas::geom::layer::ring_area(r).abs())
            .sum();
        assert!((area - 1.2).abs() < 1e-9, "feature {f}: {area}");
        for r in &rings {
            let xs: Vec<f64> = r.chunks_exact(2).map(|p| p[0]).collect();
            assert!(
                xs.iter().all(|&x| (179.2..=180.0).contains(&x))
                    || xs.iter().all(|&x| (-180.0..=-179.8).contains(&x)),
                "{xs:?}"
            );
        }
    }
    assert_eq!(layer.feature_rings(2).len(), 1, "the third does not cross");
    assert!(l.warnings.has("antimeridian"));
    assert!(l.warnings.has("out-of-range"));
}

#[test]
fn topojson_bad_arc_index_names_object_geometry_and_arc() {
    let e = err("topojson-bad-arc-index.json");
    assert!(
        e.message.contains(
            "object regions, geometry 1 (id \"arc-5\"): arc index 5 out of range (1 arc)"
        ),
        "{e}"
    );
}

#[test]
fn mixed_id_types_keep_their_text_and_drop_the_object_id() {
    let l = ok("ids-mixed-types.geojson");
    let ids = &layer(&l).ids;
    assert_eq!(ids.get(0), Some("1001"));
    assert_eq!(ids.get(1), Some("01001"));
    assert_eq!(ids.get(4), Some("1001.0"));
    assert_eq!(ids.get(3), None);
    assert_eq!(ids.get(5), None);
    assert!(l.warnings.has("bad-id"));
}

#[test]
fn json_with_comments_is_an_error_at_line_1_column_1() {
    let e = err("json-with-comments-trailing-commas.geojson");
    assert_eq!((e.at.line, e.at.column), (Some(1), Some(1)));
    assert!(
        e.message.contains("comments are not allowed in JSON"),
        "{e}"
    );
}

#[test]
fn mixed_delimiters_warn_per_line_with_the_detected_delimiter() {
    let l = ok("mixed-delimiters.csv");
    let w: Vec<_> = l
        .warnings
        .list
        .iter()
        .filter(|w| w.code == "ragged-row")
        .collect();
    assert!(
        w.iter().any(|w| w
            .message
            .starts_with("line 3: 1 field, expected 3 (delimiter ';'")),
        "{w:?}"
    );
}

#[test]
fn quoted_newlines_give_5_records_and_physical_lines() {
    let l = ok("quoted-newlines.csv");
    let t = table(&l);
    assert_eq!(t.rows, 5);
    assert_eq!(t.columns.len(), 3);
    let marseille = (0..t.rows)
        .find(|&r| t.columns[1].text(r) == Some("Marseille"))
        .unwrap();
    assert_eq!(t.line_of(marseille), Some(4));
}

#[test]
fn latin1_is_decoded_as_windows_1252_with_a_positioned_warning() {
    let l = ok("latin1.csv");
    assert_eq!(l.encoding, "windows-1252");
    let w = l
        .warnings
        .list
        .iter()
        .find(|w| w.code == "encoding")
        .unwrap();
    assert!(
        w.message.contains("line 1, column 11") && w.message.contains("0xE9"),
        "{}",
        w.message
    );
    let t = table(&l);
    assert_eq!(t.columns[2].name, "région");
    for c in &t.columns {
        for r in 0..t.rows {
            assert!(!c.text(r).unwrap_or("").contains('\u{FFFD}'));
        }
    }
}

#[test]
fn utf16_excel_unicode_text_is_read() {
    let l = ok("utf16le-excel-unicode.txt");
    assert_eq!(l.encoding, "utf-16le");
    let t = table(&l);
    assert_eq!(t.delimiter, Some('\t'));
    assert_eq!(t.columns[0].text(0), Some("01"));
    assert!((0..t.rows).any(|r| t.columns[1].text(r) == Some("La Réunion")));
}

#[test]
fn ragged_rows_warn_per_line_and_skip_blank_lines() {
    let l = ok("ragged-rows.csv");
    let msgs: Vec<String> = l.warnings.list.iter().map(|w| w.message.clone()).collect();
    assert!(msgs.iter().any(|m| m.starts_with("line 3:")), "{msgs:?}");
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("line 4: 3 fields, expected 2")),
        "{msgs:?}"
    );
    assert!(
        !msgs.iter().any(|m| m.starts_with("line 5:")),
        "blank line 5 is skipped silently"
    );
    assert!(msgs.iter().any(|m| m.starts_with("line 6:")), "{msgs:?}");
}

#[test]
fn unterminated_quote_is_an_error_at_line_3_column_7() {
    let e = err("unterminated-quote.csv");
    assert_eq!((e.at.line, e.at.column), (Some(3), Some(7)));
    assert!(e
        .message
        .contains("unterminated quoted field starting at line 3, column 7"));
}

#[test]
fn excel_french_numbers_are_read_and_error_cells_warned_as_missing() {
    let l = ok("excel-fr-formatted-numbers.csv");
    let t = table(&l);
    let pop = &t.columns[t.column_index("population").unwrap()];
    assert_eq!(pop.number(0), Some(2_103_778.0));
    let part = &t.columns[t.column_index("part").unwrap()];
    assert!(
        (part.number(0).unwrap() - 0.0305).abs() < 1e-12,
        "3,05 % → 0.0305"
    );
    let dens = &t.columns[t.column_index("densité").unwrap()];
    assert_eq!(dens.number(0), Some(19966.01));
    let missing: Vec<_> = l
        .warnings
        .list
        .iter()
        .filter(|w| w.code == "missing-value")
        .collect();
    for token in ["'-'", "'#N/A'", "'#DIV/0!'"] {
        assert!(
            missing
                .iter()
                .any(|w| w.message.contains(token) && w.at.line.is_some() && w.at.column.is_some()),
            "{token}: {missing:?}"
        );
    }
}
