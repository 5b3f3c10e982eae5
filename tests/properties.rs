#![cfg(not(target_arch = "wasm32"))]
//! Property tests: numbers written the French or English way read back as the same value, any
//! table written as RFC 4180 CSV reads back cell for cell, with its physical line numbers, a
//! projected point located back to a place that projects onto it, columns of any names named
//! apart, and any GeoJSON or TopoJSON geometry, well or badly nested, read or refused with a
//! message, never a panic.

use proptest::prelude::*;
use sealed_atlas::error::Warnings;
use sealed_atlas::format::{format_number, Locale};
use sealed_atlas::table::csv::read_delimited;
use sealed_atlas::table::number::{parse_number, NumStyle};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn columns_named_apart_are_all_different_and_keep_their_names_where_they_can(
        names in prop::collection::vec(prop_oneof!["", "a", "b", "a \\(2\\)", "a \\(3\\)", "column 2", "a \\(2\\) \\(2\\)"], 0..40)
    ) {
        let mut out: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let mut w = Warnings::default();
        sealed_atlas::table::name_apart(&mut out, 1, &mut w);
        // every name different, none empty
        let distinct: std::collections::HashSet<&String> = out.iter().collect();
        prop_assert_eq!(distinct.len(), out.len(), "{:?} -> {:?}", names, out);
        prop_assert!(out.iter().all(|n| !n.is_empty()));
        // a name is kept unless a column before has it (as given or as renamed): then it is the
        // name given followed by " (k)", and a warning says so at its column
        let mut renamed = 0;
        for (k, (given, got)) in names.iter().zip(&out).enumerate() {
            let given = if given.is_empty() { format!("column {}", k + 1) } else { given.to_string() };
            if out[..k].contains(&given) {
                renamed += 1;
                let rest = got.strip_prefix(&format!("{given} (")).and_then(|r| r.strip_suffix(')'));
                prop_assert!(rest.is_some_and(|r| r.parse::<usize>().is_ok_and(|j| j >= 2)), "{} -> {}", given, got);
            } else {
                prop_assert_eq!(&given, got);
            }
        }
        // (the first 20 kept, the others counted)
        let suppressed: usize = w.suppressed.iter().map(|s| s.1).sum();
        prop_assert_eq!(w.list.len() + suppressed, renamed);
    }

    #[test]
    fn formatted_numbers_parse_back_in_their_style(v in -1e12f64..1e12, d in 0usize..5) {
        let rounded: f64 = format!("{:.*}", d, v).parse().unwrap();
        for (loc, style) in [(Locale::Fr, NumStyle::Fr), (Locale::En, NumStyle::En)] {
            let s = format_number(v, d, loc);
            let (back, pct) = parse_number(&s, style).unwrap_or_else(|| panic!("{s:?} did not parse"));
            prop_assert!(!pct);
            prop_assert!((back - rounded).abs() <= rounded.abs() * 1e-15, "{} -> {} -> {}", v, s, back);
        }
    }

    #[test]
    fn french_excel_cells_with_nbsp_and_percent(int in 0u64..10_000_000, frac in 0u32..100) {
        // 1 234 567,89 with NBSP or U+202F groups, and the same with a percent sign
        let digits = int.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 { grouped.push('\u{A0}'); }
            grouped.push(c);
        }
        let cell = format!("{grouped},{frac:02}");
        let want = int as f64 + frac as f64 / 100.0;
        let (v, _) = parse_number(&cell, NumStyle::Fr).unwrap();
        prop_assert!((v - want).abs() <= want * 1e-15 + 1e-12, "{cell} -> {v}");
        let (p, pct) = parse_number(&format!("{cell} %"), NumStyle::Fr).unwrap();
        prop_assert!(pct);
        prop_assert!((p - want / 100.0).abs() <= want * 1e-15 + 1e-12);
        // read the English way, a two-digit decimal comma is not a thousands group: no number at all,
        // rather than 123,45 → 12345
        prop_assert!(parse_number(&cell, NumStyle::En).is_none(), "{} read as English", cell);
    }

    #[test]
    fn csv_round_trip_keeps_every_cell_and_line(
        rows in prop::collection::vec(prop::collection::vec("[a-zé ,;\"\\n\\r\\t0-9]{0,8}", 3), 1..20)
    ) {
        let header = "alpha,beta,gamma";
        let quote = |c: &str| if c.contains([',', '"', '\n', '\r']) || c.is_empty() { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.to_string() };
        let mut text = String::from(header);
        let mut lines = Vec::new();
        let mut line = 2u32;
        for r in &rows {
            text.push_str("\r\n");
            lines.push(line);
            let rec: Vec<String> = r.iter().map(|c| quote(c)).collect();
            let rec = rec.join(",");
            line += 1 + rec.matches('\n').count() as u32;
            text.push_str(&rec);
        }
        let mut w = Warnings::default();
        let t = read_delimited(&text, "t", &mut w).unwrap();
        prop_assert_eq!(t.delimiter, Some(','));
        prop_assert_eq!(t.rows, rows.len());
        prop_assert_eq!(&t.lines, &lines);
        for (i, r) in rows.iter().enumerate() {
            for (k, c) in r.iter().enumerate() {
                prop_assert_eq!(t.columns[k].text(i), Some(c.as_str()));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// A table written for a spreadsheet (`table::write::csv`, the page's « CSV ») reads back, in
    /// both languages, cell for cell: text with separators, quotes and line breaks as it was (a
    /// formula's text after its apostrophe), numbers to the bit, none as an empty cell.
    #[test]
    fn a_table_written_for_a_spreadsheet_reads_back_cell_for_cell(
        rows in prop::collection::vec(("[a-zé ,;\"\n=+@0-9-]{1,8}", prop_oneof![
            any::<f64>().prop_filter("finite", |v| v.is_finite()),
            Just(f64::NAN),
            -1e6f64..1e6,
        ]), 1..20),
        french in any::<bool>(),
    ) {
        use sealed_atlas::io::{load, Data, Options};
        use sealed_atlas::table::write::csv;
        // (a first cell of letters: the reader's types and header stay text)
        let texts: Vec<String> = rows.iter().map(|r| format!("x{}", r.0)).collect();
        let numbers: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let header = ["name".to_string(), "value".to_string()];
        let locale = if french { Locale::Fr } else { Locale::En };
        let text = csv(&header, b"tn", &texts, &numbers, rows.len(), locale).unwrap();
        let Data::Table(t) = load(text.as_bytes(), "t.csv", &Options::default()).unwrap().data else {
            panic!("not a table")
        };
        prop_assert_eq!(t.rows, rows.len());
        for (r, (name, v)) in texts.iter().zip(&numbers).enumerate() {
            prop_assert_eq!(t.columns[0].text(r), Some(name.as_str()));
            match t.columns[1].number(r) {
                Some(back) => prop_assert_eq!(back.to_bits(), v.to_bits(), "row {}: {}", r, &text),
                None => prop_assert!(v.is_nan(), "row {}: {} lost in {}", r, v, &text),
            }
        }
        // and a formula's text is written after its apostrophe
        let formulas = csv(&header[..1], b"t", &["=1+1".to_string()], &[], 1, locale).unwrap();
        prop_assert!(formulas.ends_with("\r\n'=1+1\r\n"));
    }

    /// Any straight segment inside the canvas leaves `width × length` of ink, within one step at its
    /// ends, whatever its direction, its width (up to two pixels) and the bands it crosses; wherever
    /// it goes, nothing breaks.
    #[test]
    fn a_border_segment_leaves_width_times_length_of_ink(
        ax in 3.0f32..197.0, ay in 3.0f32..197.0, bx in 3.0f32..197.0, by in 3.0f32..197.0,
        width in 0.05f32..2.0,
        far in prop::sample::select(vec![0.0f32, 1e6, 3e7, -1e30, f32::INFINITY, f32::NAN]),
    ) {
        use sealed_atlas::render::raster::{fill_polygons, Fill, Strokes};
        let none = Fill::NONE;
        let coords = [ax, ay, bx, by, bx, by, bx + far, by - far];
        let s = Strokes { coords: &coords, offsets: &[0, 2, 4], kinds: None, colour: 0xffffffff, width };
        let img = fill_polygons(&none, &[], &[], 200, 200, [1.0, 1.0, 0.0, 0.0], Some(&s));
        prop_assert_eq!(img.len(), 200 * 200 * 4);
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        // the ink of one step: the width over the cosine of the angle
        let step = width * len / (bx - ax).abs().max((by - ay).abs()).max(1e-6);
        if far == 0.0 {
            // the second polyline is a point: no ink
            let ink: f32 = img.chunks(4).map(|p| p[3] as f32 / 255.0).sum();
            prop_assert!((ink - width * len).abs() <= step + 0.02 + len * 0.004, "ink {} for {}", ink, width * len);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Points near drawn places, for every projection: `locate` ends (a bounded Newton) and what it
    /// finds projects back onto the point, in the piece it names (that drawn places are found again
    /// is `projection.rs`'s test, on named places).
    #[test]
    fn a_located_place_projects_back_onto_its_point(
        lon in -179.9f64..179.9, lat in -85.0f64..85.0, dx in -1.0f64..1.0, dy in -1.0f64..1.0, p in 0usize..10,
    ) {
        use sealed_atlas::carto::projection::Projection;
        let names = ["equirectangular", "mercator", "lambert93", "albers-usa", "albers", "equal-earth",
            "natural-earth", "orthographic", "france-insets", "conic-conformal"];
        let pr = Projection::parse(names[p]).unwrap();
        // a point near a drawn place (off it by up to a unit of the unit sphere, or 1,000 km)
        let Some(piece) = pr.piece_for(lon, lat) else { return Ok(()) };
        let Some((x, y)) = pr.forward_piece(lon, lat, piece) else { return Ok(()) };
        let unit = if matches!(pr, Projection::Lambert93 | Projection::FranceInsets) { 1e6 } else { 1.0 };
        for (px, py) in [(x, y), (x + dx * unit, y + dy * unit)] {
            if let Some((l2, p2, pc)) = pr.locate(px, py) {
                let back = pr.forward_piece(l2, p2, pc).unwrap();
                prop_assert!((back.0 - px).hypot(back.1 - py) <= 1e-6 * unit, "{} ({lon}, {lat}) → ({l2}, {p2})", names[p]);
            }
        }
    }
}

/// A JSON array of `len` of what `item` makes.
fn array(
    item: impl Strategy<Value = String>,
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = String> {
    prop::collection::vec(item, len).prop_map(|v| format!("[{}]", v.join(",")))
}

/// Arrays nested `depth` deep (up to `width` in each) down to `leaf`, each level now and then
/// (1 in `odds + 1`) what `other` makes instead: data shaped as a type wants it, with a fault here
/// and there.
fn shaped(
    depth: usize,
    width: usize,
    odds: u32,
    leaf: fn() -> BoxedStrategy<String>,
    other: fn() -> BoxedStrategy<String>,
) -> BoxedStrategy<String> {
    let inner = if depth == 0 {
        leaf()
    } else {
        array(shaped(depth - 1, width, odds, leaf, other), 0..width).boxed()
    };
    prop_oneof![odds => inner, 1 => other()].boxed()
}

/// A position `[x,y]` of plain decimals.
fn position() -> BoxedStrategy<String> {
    (-200i32..200, -100i32..100, 0u32..1000)
        .prop_map(|(x, y, f)| format!("[{x}.{f},{y}]"))
        .boxed()
}

/// Coordinates as GeoJSON writes them, and as it should not: positions of 2 or 3 numbers, empty
/// arrays, bare numbers, nested up to five deep in any mix.
fn coordinates() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => position(),
        1 => (-9i32..9, -9i32..9, -9i32..9).prop_map(|(x, y, z)| format!("[{x},{y},{z}]")),
        1 => Just("[]".to_string()),
        1 => (-9i32..9).prop_map(|v| v.to_string()),
    ];
    leaf.prop_recursive(5, 96, 6, |inner| array(inner, 0..6))
}

/// A geometry's type (its index in Point, MultiPoint, LineString, MultiLineString, Polygon,
/// MultiPolygon) and coordinates: as deep as the type wants them, now and then something else in
/// a place (see [`coordinates`]); or anything at all.
fn geometry() -> impl Strategy<Value = (usize, String)> {
    const DEPTH: [usize; 6] = [0, 1, 1, 2, 2, 3];
    let other = || coordinates().boxed();
    prop_oneof![
        3 => (0usize..6).prop_flat_map(move |t| (Just(t), shaped(DEPTH[t], 7, 12, position, other))),
        1 => (0usize..6, coordinates()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Any nesting of positions, empty arrays and numbers under any geometry type: read into a
    /// layer or refused with a message and a place, never a panic (fuzzing found `[[], [1, 2], …]`
    /// making a ring claim more positions than it held); the tight loop that reads plain `[x,y]`
    /// runs and the general reader (the same text with blanks, which the loop leaves to it) agree
    /// on the layer or on the message; a layer read goes through projection, level of detail and
    /// hit testing.
    #[test]
    fn any_coordinates_read_or_refused_alike_with_and_without_blanks(
        geoms in prop::collection::vec(geometry(), 1..4),
    ) {
        use sealed_atlas::carto::{Projected, Projection};
        use sealed_atlas::io::geojson::read_geojson;
        let types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];
        let doc = |sep: &str| {
            let f: Vec<String> = geoms.iter().map(|(t, c)| {
                let c = if sep.is_empty() { c.clone() } else { c.replace(',', &format!(",{sep}")).replace('[', &format!("[{sep}")) };
                format!(r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"{}","coordinates":{c}}}}}"#, types[*t])
            }).collect();
            format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, f.join(","))
        };
        let (tight, blank) = (doc(""), doc(" "));
        let (mut w1, mut w2) = (Warnings::default(), Warnings::default());
        let (a, b) = (read_geojson(&tight, "t", &mut w1), read_geojson(&blank, "t", &mut w2));
        match (&a, &b) {
            (Ok(x), Ok(y)) => {
                prop_assert_eq!(&x.coords, &y.coords);
                prop_assert_eq!(&x.ring_offsets, &y.ring_offsets);
                prop_assert_eq!(&x.part_offsets, &y.part_offsets);
                prop_assert_eq!(&x.feature_offsets, &y.feature_offsets);
                prop_assert_eq!(w1.messages(), w2.messages());
                let p = Projected::new(x, Projection::Equirectangular);
                let _ = p.lod(0.01, 0.6);
                let _ = p.feature_at(0.0, 0.0, 1.0);
            }
            (Err(x), Err(y)) => {
                // (what was found is quoted up to a blank: compare the messages before it)
                let cut = |m: &str| m.split(" found ").next().unwrap_or_default().to_string();
                prop_assert_eq!(x.code, y.code);
                prop_assert_eq!(cut(&x.message), cut(&y.message));
                prop_assert!(x.at.line.is_some() || x.at.feature.is_some(), "{} has no place", x.message);
            }
            _ => prop_assert!(false, "{:?} / {:?}\n{}", a.as_ref().err().map(|e| &e.message), b.as_ref().err().map(|e| &e.message), tight),
        }
    }
}

/// A TopoJSON geometry's arcs as it writes them, and as it should not: arc indexes (negative:
/// reversed), empty arrays, nested up to four deep in any mix.
fn arc_indexes() -> impl Strategy<Value = String> {
    let leaf =
        prop_oneof![4 => (-4i32..4).prop_map(|i| i.to_string()), 1 => Just("[]".to_string())];
    leaf.prop_recursive(4, 32, 4, |inner| array(inner, 0..4))
}

/// Arc indexes as deep as a geometry wants them (1: a line's, 2: a polygon's rings, 3: a
/// multipolygon's), now and then something else in a place (see [`arc_indexes`]).
fn shaped_indexes(depth: usize) -> BoxedStrategy<String> {
    let index = || (-5i32..5).prop_map(|i| i.to_string()).boxed();
    shaped(depth, 4, 8, index, || arc_indexes().boxed())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Any arcs (positions, empty arrays, numbers, quantized or not) under any geometries' arc
    /// indexes: a layer, or an error that names where, never a panic; a layer read goes through
    /// projection, level of detail and hit testing.
    #[test]
    fn any_topology_is_read_or_refused_never_a_panic(
        arcs in prop::collection::vec(prop_oneof![
            3 => array((-300i32..300, -300i32..300).prop_map(|(x, y)| format!("[{x},{y}]")), 0..7),
            1 => coordinates(),
        ], 0..5),
        geoms in prop::collection::vec(prop_oneof![
            3 => (0usize..7).prop_flat_map(|t| (Just(t), shaped_indexes([1, 1, 1, 2, 2, 3, 1][t]))),
            1 => (0usize..7, arc_indexes()),
        ], 1..4),
        quantized in any::<bool>(),
    ) {
        use sealed_atlas::carto::{Projected, Projection};
        use sealed_atlas::io::{load, Data, Options};
        let types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"];
        let g: Vec<String> = geoms.iter().map(|(t, a)| match types[*t] {
            "Point" | "MultiPoint" => format!(r#"{{"type":"{}","coordinates":{a}}}"#, types[*t]),
            "GeometryCollection" => format!(r#"{{"type":"GeometryCollection","geometries":[{{"type":"LineString","arcs":{a}}}]}}"#),
            t => format!(r#"{{"type":"{t}","arcs":{a},"properties":{{"n":1}}}}"#),
        }).collect();
        let transform = if quantized { r#""transform":{"scale":[0.01,0.01],"translate":[-5,40]},"# } else { "" };
        let doc = format!(r#"{{"type":"Topology",{transform}"objects":{{"o":{{"type":"GeometryCollection","geometries":[{}]}}}},"arcs":[{}]}}"#, g.join(","), arcs.join(","));
        match load(doc.as_bytes(), "t.json", &Options::default()) {
            Ok(l) => {
                if let Data::Layer(layer) = l.data {
                    let p = Projected::new(&layer, Projection::Equirectangular);
                    let _ = p.lod(0.01, 0.6);
                    let _ = p.feature_at(0.0, 0.0, 1.0);
                }
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }
}
