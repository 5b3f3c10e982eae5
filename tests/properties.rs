#![cfg(not(target_arch = "wasm32"))]
//! Property tests: numbers written the French or English way read back as the same value, any
//! table written as RFC 4180 CSV reads back cell for cell, with its physical line numbers, and a
//! projected point located back to a place that projects onto it.

use proptest::prelude::*;
use sealed_atlas::error::Warnings;
use sealed_atlas::format::{format_number, Locale};
use sealed_atlas::table::csv::read_delimited;
use sealed_atlas::table::number::{parse_number, NumStyle};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

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
