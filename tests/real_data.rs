//! The join and table claims of ../shared/data/README.md, checked on the real files.

use sealed_atlas::choropleth::{self, Spec};
use sealed_atlas::format::Locale;
use sealed_atlas::geom::Layer;
use sealed_atlas::io::{load, Data, Options};
use sealed_atlas::join::{join, GeoKey, JoinOptions};
use sealed_atlas::stats::Method;
use sealed_atlas::table::{Kind, Table};

fn read(rel: &str, opts: &Options) -> Data {
    let p = format!("{}/../shared/data/{rel}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&p).unwrap();
    load(&bytes, rel, opts)
        .unwrap_or_else(|e| panic!("{e}"))
        .data
}
fn layer(rel: &str) -> Layer {
    match read(rel, &Options::default()) {
        Data::Layer(l) => l,
        _ => panic!("{rel}: not a layer"),
    }
}
fn table(rel: &str) -> Table {
    match read(rel, &Options::default()) {
        Data::Table(t) => t,
        _ => panic!("{rel}: not a table"),
    }
}
/// Object `object` of a TopoJSON file.
fn topology(rel: &str, object: &str) -> Layer {
    let opts = Options {
        object: Some(object.into()),
        ..Default::default()
    };
    match read(rel, &opts) {
        Data::Layer(l) => l,
        Data::Table(_) => panic!("{rel}: a layer"),
    }
}
fn us_counties() -> Layer {
    topology("us/counties-10m.json", "counties")
}
/// world-atlas's countries at 1:50m.
fn world_50m() -> Layer {
    topology("world/countries-50m.json", "countries")
}
/// US counties joined to their unemployment by id (padded to five digits, as by default).
fn unemployment_join(l: &Layer, t: &Table) -> sealed_atlas::join::JoinReport {
    join(
        l,
        &GeoKey::Id,
        t,
        t.column_index("id").unwrap(),
        &JoinOptions::default(),
        None,
    )
}
fn col(l: &Layer, name: &str) -> GeoKey {
    GeoKey::Column(l.props.column_index(name).unwrap())
}

#[test]
fn communes_join_34864_codes_and_reports_both_sides() {
    let l = layer("fr/communes-2018-from-departements.geojson.gz");
    assert_eq!(l.len(), 35_357);
    assert_eq!(l.vertex_count(), 2_199_045);
    let t = table("fr/population-communes.csv");
    assert_eq!(t.rows, 34_969);
    let code = t.column_index("code").unwrap();
    assert_eq!(t.columns[code].kind, Kind::Key);
    assert_eq!(t.columns[code].text(0), Some("01001"), "leading zero kept");
    let r = join(
        &l,
        &col(&l, "code"),
        &t,
        code,
        &JoinOptions::default(),
        None,
    );
    assert_eq!(r.matched, 34_864);
    assert_eq!(r.unmatched_rows.len(), 105);
    assert_eq!(r.unmatched_features.len(), 493);
    assert!(r.duplicate_rows.is_empty() && r.duplicate_features.is_empty());
    // rows without polygon carry their physical line number
    assert!(r
        .unmatched_rows
        .iter()
        .all(|(_, row, line)| *line == Some(*row as u32 + 2)));
    // 113 names with œ/Œ/ÿ decode from Windows-1252, with no U+FFFD anywhere
    let nom = &t.columns[t.column_index("nom").unwrap()];
    let special = (0..t.rows)
        .filter(|&i| nom.text(i).unwrap_or("").contains(['œ', 'Œ', 'ÿ']))
        .count();
    assert_eq!(special, 113);
    assert!((0..t.rows).all(|i| !nom.text(i).unwrap_or("").contains('\u{FFFD}')));
}

#[test]
fn gapminder_korea_code_surfaces_as_a_duplicate_and_paints_nothing() {
    let l = layer("world/countries-land-10km.geo.json");
    let t = table("world/gapminder.csv");
    let key = t.column_index("iso_alpha").unwrap();
    let year = t.column_index("year").unwrap();
    let r = join(
        &l,
        &col(&l, "A3"),
        &t,
        key,
        &JoinOptions::default(),
        Some((year, "2007")),
    );
    assert_eq!(r.filtered_out, 1704 - 142);
    let dup: Vec<_> = r.duplicate_rows.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(dup, vec!["KOR"], "North Korea carries South Korea's code");
    let kor = (0..l.len())
        .find(|&f| l.key(l.props.column_index("A3"), f) == Some("KOR"))
        .unwrap();
    assert_eq!(
        r.feature_row[kor], None,
        "an ambiguous key gives no value rather than a wrong one"
    );
    assert_eq!(r.matched, 140);
}

#[test]
fn unemployment_joins_after_zero_padding_with_the_documented_misses() {
    let (l, t) = (us_counties(), table("us/unemployment.tsv"));
    let r = unemployment_join(&l, &t);
    assert_eq!(
        (
            r.matched,
            r.unmatched_rows.len(),
            r.unmatched_features.len()
        ),
        (3212, 6, 19)
    );
    let mut rows: Vec<&str> = r.unmatched_rows.iter().map(|x| x.0.as_str()).collect();
    rows.sort();
    assert_eq!(rows, vec!["2201", "2232", "2270", "2280", "46113", "51515"]);
    let no_pad = JoinOptions {
        pad_zeros: false,
        ..Default::default()
    };
    let r = join(
        &l,
        &GeoKey::Id,
        &t,
        t.column_index("id").unwrap(),
        &no_pad,
        None,
    );
    assert_eq!(
        t.rows - r.unmatched_rows.len(),
        3218 - 316,
        "without padding every county of states 01–09 fails"
    );
}

#[test]
fn montreal_winner_is_a_categorical_map_with_one_colour_per_candidate() {
    let l = layer("montreal/election.geojson");
    let t = table("montreal/election.csv");
    let r = join(
        &l,
        &GeoKey::Id,
        &t,
        t.column_index("district_id").unwrap(),
        &JoinOptions::default(),
        None,
    );
    assert_eq!(r.matched, 58);
    let winner = t.column_index("winner").unwrap();
    assert_eq!(t.columns[winner].kind, Kind::Text);
    let spec = Spec {
        method: Method::Quantile,
        k: 5,
        palette: "Set2".into(),
        reverse: false,
        pivot: None,
        locale: Locale::En,
        unit: Default::default(),
    };
    let ch = choropleth::for_column(&r, &t, winner, &spec).unwrap();
    assert!(ch.classification.is_none());
    assert_eq!(ch.colors.len(), 3, "Coderre, Bergeron, Joly");
    assert!(ch.colors[0] != ch.colors[1] && ch.colors[1] != ch.colors[2]);
    assert!(ch.legend_json.contains("\"Coderre\"") && ch.legend_json.contains("\"Joly\""));
    assert_eq!(ch.classes.iter().filter(|&&c| c >= 0).count(), 58);
}

/// The number a French legend bound or value text shows (`1 234,5`, `−0,25`).
fn shown_number(t: &str) -> f64 {
    t.replace(['\u{202F}', ' '], "")
        .replace('\u{2212}', "-")
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("{t}"))
}

#[test]
fn every_value_as_shown_lies_within_its_class_as_the_legend_prints_it() {
    // the tooltip and the table show a value with the decimals its size needs (`value_text`); a
    // legend rounded to fewer had the counties' rates of 0,084 in a class printed `]0,06 ; 0,08]`
    let (l, t) = (us_counties(), table("us/unemployment.tsv"));
    let r = unemployment_join(&l, &t);
    let counties = table("fr/population-departements.csv");
    let dens = counties.column_index("densité (hab./km²)").unwrap();
    let by_code = join(
        &layer("fr/departements-version-simplifiee.geojson"),
        &col(&layer("fr/departements-version-simplifiee.geojson"), "code"),
        &counties,
        counties.column_index("code").unwrap(),
        &JoinOptions::default(),
        None,
    );
    let cases = [
        (&r, &t, t.column_index("rate").unwrap()),
        (&by_code, &counties, dens),
        (
            &by_code,
            &counties,
            counties.column_index("population").unwrap(),
        ),
    ];
    for (report, table, column) in cases {
        for method in [Method::Quantile, Method::FisherJenks, Method::EqualInterval] {
            let spec = Spec {
                method: method.clone(),
                k: 5,
                palette: "YlOrRd".into(),
                reverse: false,
                pivot: None,
                locale: Locale::Fr,
                unit: Default::default(),
            };
            let ch = choropleth::for_column(report, table, column, &spec).unwrap();
            let bounds: Vec<(f64, f64)> = ch.legend[..ch.legend.len() - 1]
                .iter()
                .map(|(label, _, _)| {
                    let inner = label.trim_matches(|c| c == '[' || c == ']');
                    let (a, b) = inner.split_once(" ; ").unwrap();
                    (shown_number(a), shown_number(b))
                })
                .collect();
            let mut checked = 0;
            for (f, &c) in ch.classes.iter().enumerate() {
                let Some(v) = (c >= 0).then(|| ch.values[f]) else {
                    continue;
                };
                let text = sealed_atlas::format::value_text(v, Locale::Fr).unwrap();
                let shown = shown_number(&text);
                // (the bounds at the value's own precision: 262,77 is shown 263 from 100 up)
                let p = 10f64.powi(text.split_once(',').map_or(0, |(_, d)| d.len()) as i32);
                let (lo, hi) = bounds[c as usize];
                let (lo, hi) = ((lo * p).round() / p, (hi * p).round() / p);
                assert!(
                    lo <= shown && shown <= hi,
                    "{method:?}: {v} shown {shown} in class {c} printed {:?}",
                    ch.legend[c as usize].0
                );
                checked += 1;
            }
            assert!(checked > 90, "{checked}");
        }
    }
}

#[test]
fn french_excel_departement_table_reads_types_and_numbers() {
    let t = table("fr/population-departements.csv");
    assert_eq!(t.delimiter, Some(';'));
    let c = |n: &str| &t.columns[t.column_index(n).unwrap()];
    assert_eq!(c("code").kind, Kind::Key);
    assert_eq!(c("code").text(0), Some("01"));
    assert_eq!(c("population").kind, Kind::Number);
    let dens = c("densité (hab./km²)");
    assert_eq!(dens.kind, Kind::Number);
    let paris = (0..t.rows)
        .find(|&r| c("code").text(r) == Some("75"))
        .unwrap();
    assert_eq!(c("population").number(paris), Some(2_103_778.0));
    assert!(dens.number(paris).unwrap() > 19_000.0);
    assert_eq!(c("nom").text(paris), Some("Paris"));
    assert!((0..t.rows).any(|r| c("nom").text(r) == Some("Côte-d'Or")));
}

#[test]
fn us_counties_fills_and_borders_keep_the_same_vertices_at_every_scale() {
    // each arc is simplified once and both counties along it take its vertices: the fills meet
    // with no gap nor overlap and the white borders follow their edges exactly
    let l = us_counties();
    let p = sealed_atlas::carto::Projected::new(&l, sealed_atlas::carto::Projection::AlbersUsa);
    let b = p.bbox.unwrap();
    let whole = (b[2] - b[0]) / 960.0; // projected units per pixel, the whole map on 960 px
    let key = |q: &[f32]| (q[0].to_bits(), q[1].to_bits());
    for zoom in [1.0f32, 4.0, 16.0] {
        let lod = p.lod(whole / zoom, 0.6);
        // (the rings made of their borders keep no vertices of their own: written out; those
        // that keep theirs are the dots, 2.7 % of the vertices on the whole map)
        let (all, _) = lod.expanded();
        assert!(
            lod.coords.len() * 20 < all.len(),
            "zoom {zoom}: {} of {}",
            lod.coords.len(),
            all.len()
        );
        let rings: std::collections::HashSet<_> = all.chunks_exact(2).map(key).collect();
        let borders: std::collections::HashSet<_> =
            lod.border_coords.chunks_exact(2).map(key).collect();
        let fill_only = rings.difference(&borders).count();
        let border_only = borders.difference(&rings).count();
        // (what differs: the one-pixel squares of the counties smaller than a pixel, 2.7 % of the
        // fills' points on the whole map, a few in 10,000 from four times closer; simplified ring by ring
        // instead: 15 %, then 0.7 %)
        let share = if zoom == 1.0 { 20 } else { 1000 };
        assert!(
            fill_only * share < rings.len() && border_only * share < borders.len(),
            "zoom {zoom}: {fill_only} of {} fill points on no border, {border_only} of {} border points in no fill",
            rings.len(),
            borders.len()
        );
        assert!(borders.len() > 10_000, "{}", borders.len());
    }
}

/// Fills `fill` (classes `classes` of a 7-class palette and no data), its borders over it; the
/// image and what the fill walked (see `FillJob::walks`).
fn fill_image(
    fill: &sealed_atlas::render::raster::Fill,
    strokes: &sealed_atlas::render::raster::Strokes,
    classes: &[i32],
    (w, h): (usize, usize),
    m: [f32; 4],
) -> (Vec<u8>, (usize, usize)) {
    let colors = [
        0xfee5d9ff, 0xfcbba1ff, 0xfc9272ff, 0xfb6a4aff, 0xef3b2cff, 0xcb181dff, 0x99000dff,
        0xccccccff,
    ];
    let mut job =
        sealed_atlas::render::raster::FillJob::new(fill, classes, &colors, w, h, m, Some(strokes));
    let mut img = vec![0u8; w * h * 4];
    while job.band(fill, Some(strokes), |y0, rows| {
        img[y0 * w * 4..y0 * w * 4 + rows.len()].copy_from_slice(rows)
    }) {}
    (img, job.walks())
}

#[test]
fn a_topojson_border_filled_once_for_both_its_sides_gives_the_image_its_rings_give() {
    // US counties in Albers USA, unemployment in 7 quantiles (neighbours often in one class), and
    // the world's countries in Equal Earth (rings cut at the antimeridian, lakes as holes): the
    // image from each shared border walked once, weighted by its two sides' colours, is the one
    // from every ring walked — at the whole map, closer (windowed: the features off the window
    // have no rings, their borders weigh one side), and for a change of colours in steps
    let (l, t) = (us_counties(), table("us/unemployment.tsv"));
    let r = unemployment_join(&l, &t);
    let rate = t.column_index("rate").unwrap();
    let vals: Vec<f64> = (0..l.len())
        .map(|f| {
            r.feature_row[f]
                .and_then(|row| t.columns[rate].number(row as usize))
                .unwrap_or(f64::NAN)
        })
        .collect();
    let finite: Vec<f64> = vals.iter().copied().filter(|v| v.is_finite()).collect();
    let c = sealed_atlas::stats::classify(&finite, &Method::Quantile, 7).unwrap();
    let classes: Vec<i32> = vals
        .iter()
        .map(|&v| match v.is_finite() {
            true => c.breaks[1..7].iter().filter(|&&b| v > b).count() as i32,
            false => -1,
        })
        .collect();
    let world = world_50m();
    let world_classes: Vec<i32> = (0..world.len()).map(|f| (f % 5) as i32).collect();
    let (w, h) = (960usize, 600usize);
    // (`most`: the share of rings walked on their own at most — the world's many islands are
    // one-pixel dots on the whole map)
    for (layer, projection, classes, zooms, most) in [
        (
            &l,
            sealed_atlas::carto::Projection::AlbersUsa,
            &classes,
            [1.0f32, 6.0],
            (1, 10),
        ),
        (
            &world,
            sealed_atlas::carto::Projection::EqualEarth,
            &world_classes,
            [1.0, 5.0],
            (2, 3),
        ),
    ] {
        let p = sealed_atlas::carto::Projected::new(layer, projection);
        let b = p.bbox.unwrap();
        for zoom in zooms {
            let k = (w as f32 / (b[2] - b[0])).min(h as f32 / (b[3] - b[1])) * zoom;
            // the map's centre at the canvas's, a window of the canvas around it
            let (cx, cy) = (
                (b[0] + b[2]) / 2.0 + (b[2] - b[0]) / 9.0,
                (b[1] + b[3]) / 2.0,
            );
            let m = [k, -k, w as f32 / 2.0 - cx * k, h as f32 / 2.0 + cy * k];
            let (hw, hh) = (w as f32 / k, h as f32 / k);
            let window = (zoom > 1.0).then_some([cx - hw, cy - hh, cx + hw, cy + hh]);
            let lod = p.lod_window(1.0 / k, 0.6, window);
            let fill = sealed_atlas::render::raster::Fill::of(&lod);
            assert!(fill.sides.is_some());
            // every ring walked on its own: the level with each ring's vertices written out
            let own = {
                let (coords, ring_offsets) = lod.expanded();
                sealed_atlas::carto::projected::Lod {
                    coords,
                    ring_offsets,
                    ..lod.clone()
                }
            };
            let rings = sealed_atlas::render::raster::Fill {
                sides: None,
                ..sealed_atlas::render::raster::Fill::of(&own)
            };
            let strokes = sealed_atlas::render::raster::Strokes::outlines(&lod, 0xffffffff, 0.6);
            let (once, (left, borders)) = fill_image(&fill, &strokes, classes, (w, h), m);
            let (each, (all, none)) = fill_image(&rings, &strokes, classes, (w, h), m);
            assert_eq!(none, 0);
            // most rings are made of their borders here (not: the one-pixel dots, the rings cut
            // at the antimeridian), and a border between two of one class is not walked
            assert!(
                left * most.1 <= all * most.0 && borders * 10 > all,
                "zoom {zoom}: {left} rings of {all} walked, {borders} borders"
            );
            assert!(
                borders * 10 < lod.border_offsets.len() * 9,
                "{borders} borders walked of {}",
                lod.border_offsets.len() - 1
            );
            let painted = once.chunks(4).filter(|p| p[3] > 0).count();
            assert!(painted > w * h / 5, "{painted} pixels painted");
            let differ: Vec<usize> = (0..w * h)
                .filter(|&i| (0..4).any(|c| once[4 * i + c].abs_diff(each[4 * i + c]) > 1))
                .collect();
            assert!(
                differ.is_empty(),
                "zoom {zoom}: {} pixels differ, the first at {:?}",
                differ.len(),
                differ.first().map(|i| (i % w, i / w))
            );
            // prepared in steps (as the page does after a gesture): the same
            let colors = [
                0xfee5d9ff, 0xfcbba1ff, 0xfc9272ff, 0xfb6a4aff, 0xef3b2cff, 0xcb181dff, 0x99000dff,
                0xccccccff,
            ];
            let mut job = sealed_atlas::render::raster::FillJob::blank(w, h, m)
                .in_steps()
                .with_lines(Some(&strokes))
                .filling(&fill, classes, &colors);
            let mut steps = 0;
            while !job.prepare(&fill, Some(&strokes), 500) {
                steps += 1;
            }
            assert!(
                steps > 10 && job.walks() == (left, borders),
                "{steps} steps, {:?}",
                job.walks()
            );
            let mut img = vec![0u8; w * h * 4];
            while job.band(&fill, Some(&strokes), |y0, rows| {
                img[y0 * w * 4..y0 * w * 4 + rows.len()].copy_from_slice(rows)
            }) {}
            assert!(img == once, "zoom {zoom}: in steps");
        }
    }
}

#[test]
fn us_counties_rings_taken_from_their_projected_borders_are_the_rings_projected() {
    // a ring made of borders takes their projected vertices (each border vertex projected once):
    // the very values projecting the ring gives, in every piece of Albers USA
    let l = us_counties();
    let mut alone = l.clone();
    alone.ring_borders = None;
    let shared =
        sealed_atlas::carto::Projected::compute(&l, sealed_atlas::carto::Projection::AlbersUsa);
    let own =
        sealed_atlas::carto::Projected::compute(&alone, sealed_atlas::carto::Projection::AlbersUsa);
    assert_eq!(shared.visible, own.visible);
    assert_eq!(shared.coords.len(), own.coords.len());
    // values that differ, bit for bit
    let differ = |a: &[f32], b: &[f32]| {
        a.iter()
            .zip(b)
            .filter(|(a, b)| a.to_bits() != b.to_bits())
            .count()
    };
    assert_eq!(differ(&shared.coords, &own.coords), 0);
    assert_eq!(shared.ring_bbox, own.ring_bbox);
    // and they are taken from the borders: borders nudged by 1e-4° (the rings, and so the layer's
    // box, origin and tables, unchanged) move nearly every ring vertex with them
    let mut nudged = l.clone();
    for c in std::sync::Arc::make_mut(&mut nudged.borders.as_mut().unwrap().coords) {
        *c += 1e-4;
    }
    let moved = sealed_atlas::carto::Projected::compute(
        &nudged,
        sealed_atlas::carto::Projection::AlbersUsa,
    );
    let drawn = shared.coords.iter().filter(|v| **v != 0.0).count();
    let followed = differ(&moved.coords, &shared.coords);
    assert!(followed * 10 > drawn * 9, "{followed} of {drawn}");
}

#[test]
fn world_atlas_draws_nothing_across_the_world_and_russia_on_both_sides_of_the_antimeridian() {
    // Russia, Fiji and Antarctica cross ±180 in world-atlas (d3 cuts them as it draws): their
    // rings and the arcs along them once made bands across every world map
    let l = world_50m();
    assert!(l.check().is_ok());
    let jumps = |xy: &[f64]| {
        xy.chunks_exact(2).collect::<Vec<_>>().windows(2).any(|w| {
            (w[1][0] - w[0][0]).abs() > 180.0 && !(w[0][1].abs() == 90.0 && w[1][1] == w[0][1])
        })
    };
    for r in 0..l.ring_count() {
        assert!(!jumps(l.ring(r, &mut Vec::new())), "ring {r}");
    }
    let b = l.borders.as_ref().unwrap();
    for w in b.offsets.windows(2) {
        assert!(!jumps(&b.coords[w[0] as usize * 2..w[1] as usize * 2]));
    }
    let name = l.props.column_index("name").unwrap();
    let russia = (0..l.len())
        .find(|&f| l.props.columns[name].text(f) == Some("Russia"))
        .unwrap();
    let lons: Vec<f64> = l
        .feature_rings(russia)
        .flat_map(|r| {
            l.ring(r, &mut Vec::new())
                .chunks_exact(2)
                .map(|p| p[0])
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(lons.iter().any(|&x| x < -175.0) && lons.iter().any(|&x| x > 175.0));
    assert!(lons.iter().all(|&x| x.abs() <= 180.0));
    // drawn in Equal Earth: the open Pacific at Fiji's and at Chukotka's latitudes is empty (the
    // bands covered it), Russia's east is painted
    let p = sealed_atlas::carto::Projected::new(&l, sealed_atlas::carto::Projection::EqualEarth);
    let bb = p.bbox.unwrap();
    let (w, h) = (960usize, 480usize);
    let k = (w as f32 / (bb[2] - bb[0])).min(h as f32 / (bb[3] - bb[1]));
    let m = [k, -k, -bb[0] * k, bb[3] * k];
    let lod = p.lod(1.0 / k, 0.6);
    let classes = vec![0i32; l.len()];
    let fill = sealed_atlas::render::raster::Fill::of(&lod);
    let strokes = sealed_atlas::render::raster::Strokes::outlines(&lod, 0xffffffff, 0.6);
    let mut job = sealed_atlas::render::raster::FillJob::new(
        &fill,
        &classes,
        &[0x336699ff],
        w,
        h,
        m,
        Some(&strokes),
    );
    let mut img = vec![0u8; w * h * 4];
    while job.band(&fill, Some(&strokes), |y0, rows| {
        img[y0 * w * 4..y0 * w * 4 + rows.len()].copy_from_slice(rows)
    }) {}
    let proj = sealed_atlas::carto::Projection::EqualEarth;
    let origin = p.core.origin;
    let alpha = |lon: f64, lat: f64| {
        let (x, y) = proj.forward(lon, lat).unwrap();
        let (x, y) = ((x - origin[0]) as f32, (y - origin[1]) as f32);
        let (px, py) = ((x * m[0] + m[2]) as usize, (y * m[1] + m[3]) as usize);
        img[(py * w + px) * 4 + 3]
    };
    for lon in [-140.0, -100.0, -30.0] {
        assert_eq!(
            alpha(lon, -17.5),
            0,
            "the open sea at Fiji's latitude, {lon}"
        );
    }
    assert_eq!(alpha(-160.0, 67.0), 255, "Alaska");
    for lon in [-57.0, 0.0] {
        assert_eq!(
            alpha(lon, 67.0),
            0,
            "the sea at Chukotka's latitude, {lon} (Baffin Bay, the Norwegian Sea)"
        );
    }
    assert_eq!(alpha(172.0, 66.0), 255, "Chukotka west of the antimeridian");
    assert!(alpha(-173.0, 67.0) > 100, "and east of it");
}

#[test]
fn an_orthographic_globe_draws_the_near_side_of_countries_across_the_horizon_within_its_rim() {
    // a country with one vertex behind the globe was not drawn at all: Russia, China, the
    // United States seen from Africa
    let l = world_50m();
    let proj = sealed_atlas::carto::Projection::Orthographic {
        lon0: 15.0,
        lat0: 30.0,
    };
    let p = sealed_atlas::carto::Projected::new(&l, proj);
    let name = l.props.column_index("name").unwrap();
    let of = |n: &str| {
        (0..l.len())
            .find(|&f| l.props.columns[name].text(f) == Some(n))
            .unwrap()
    };
    for n in [
        "Russia",
        "China",
        "United States of America",
        "Brazil",
        "France",
    ] {
        assert!(p.core.visible[of(n)], "{n} drawn");
    }
    for n in ["New Zealand", "Antarctica", "Fiji"] {
        assert!(!p.core.visible[of(n)], "{n} wholly behind");
    }
    // every vertex drawn within the globe's rim (radius 1 around its centre)
    let o = p.core.origin;
    for f in (0..l.len()).filter(|&f| p.core.visible[f]) {
        for r in p.feature_rings[f] as usize..p.feature_rings[f + 1] as usize {
            let (a, b) = (p.ring_offsets[r] as usize, p.ring_offsets[r + 1] as usize);
            for v in p.core.coords[a * 2..b * 2].chunks_exact(2) {
                let d = (v[0] as f64 + o[0]).hypot(v[1] as f64 + o[1]);
                assert!(d <= 1.0 + 1e-5, "feature {f}: {d}");
            }
        }
    }
    // Russia's far side lies on the rim, its near side inside it
    let russia = of("Russia");
    let (a, b) = (
        p.ring_offsets[p.feature_rings[russia] as usize] as usize,
        p.ring_offsets[p.feature_rings[russia + 1] as usize] as usize,
    );
    let d: Vec<f64> = p.core.coords[a * 2..b * 2]
        .chunks_exact(2)
        .map(|v| (v[0] as f64 + o[0]).hypot(v[1] as f64 + o[1]))
        .collect();
    assert!(d.iter().any(|&x| (x - 1.0).abs() < 1e-5) && d.iter().any(|&x| x < 0.9));
}

#[test]
fn albers_usa_draws_the_aleutians_and_leaves_only_the_territories_out_which_its_variant_draws() {
    // the Aleutians West census area spans the antimeridian: the centre of its box is in the
    // Atlantic, which once left it undrawn; the piece is now chosen by one of its vertices
    let l = us_counties();
    let p = sealed_atlas::carto::Projected::new(&l, sealed_atlas::carto::Projection::AlbersUsa);
    let aleutians = l.ids.iter().position(|i| i == Some("02016")).unwrap();
    assert!(p.core.visible[aleutians]);
    // Puerto Rico (72), Guam (66), the Northern Mariana Islands (69), American Samoa (60) and the
    // Virgin Islands (78) are outside d3's composite, as in d3
    let territories = l
        .ids
        .iter()
        .filter(|i| {
            i.and_then(|s| s[..2].parse::<u32>().ok())
                .is_some_and(|s| s > 56)
        })
        .count();
    assert_eq!(territories, 89);
    assert_eq!(p.hidden_count(), territories);
    // with the territories' insets (d3-composite-projections' `geoAlbersUsaTerritories`) every
    // county is drawn, each territory in its inset, the rest where Albers USA draws it; what
    // `auto` chooses for a layer with them
    use sealed_atlas::carto::Projection;
    let t = sealed_atlas::carto::Projected::new(&l, Projection::AlbersUsaTerritories);
    assert_eq!(t.hidden_count(), 0);
    for (state, piece) in [
        ("72", 3),
        ("78", 3),
        ("60", 4),
        ("66", 5),
        ("69", 5),
        ("06", 0),
        ("02", 1),
        ("15", 2),
    ] {
        let fs: Vec<usize> = (0..l.len())
            .filter(|&f| l.ids.get(f).is_some_and(|i| i.starts_with(state)))
            .collect();
        assert!(!fs.is_empty(), "{state}");
        for f in fs {
            assert_eq!(t.core.pieces[f], piece, "{state}: {:?}", l.ids.get(f));
            if piece < 3 {
                assert_eq!(t.feature_bbox(f), p.feature_bbox(f), "{:?}", l.ids.get(f));
            }
        }
    }
    assert_eq!(
        sealed_atlas::carto::suggest::suggest(&l, l.bbox()),
        "albers-usa-territories"
    );
    // its five insets boxed (d3's Albers USA, none): each box holding its inset's counties, clear
    // of the other boxes and of the lower 48
    let frames = t.inset_frames();
    assert_eq!(frames.len(), 5, "{frames:?}");
    assert!(p.inset_frames().is_empty());
    let inside =
        |b: [f32; 4], f: [f32; 4]| b[0] >= f[0] && b[1] >= f[1] && b[2] <= f[2] && b[3] <= f[3];
    let meets = |b: [f32; 4], f: [f32; 4]| b[0] < f[2] && b[2] > f[0] && b[1] < f[3] && b[3] > f[1];
    for f in 0..l.len() {
        let Some(b) = t.feature_bbox(f) else { continue };
        let piece = t.core.pieces[f];
        if piece == 0 {
            assert!(
                frames.iter().all(|&fr| !meets(b, fr)),
                "{:?} in a box",
                l.ids.get(f)
            );
        } else {
            let holding = frames.iter().filter(|&&fr| inside(b, fr)).count();
            assert_eq!(holding, 1, "{:?}: {b:?} in {frames:?}", l.ids.get(f));
        }
    }
    for i in 0..5 {
        for j in i + 1..5 {
            assert!(!meets(frames[i], frames[j]), "{frames:?}");
        }
    }
}

#[test]
fn communes_pack_without_loss_into_a_third_of_their_memory_and_project_identically() {
    let plain = layer("fr/communes-2018-from-departements.geojson.gz");
    let mut packed = plain.clone();
    assert!(packed.pack(), "five decimals pack");
    let p = packed.packed.as_ref().unwrap();
    assert_eq!(p.decimals, 5);
    assert!(packed.coords.is_empty());
    let per_vertex = p.heap_bytes() as f64 / plain.vertex_count() as f64;
    assert!(per_vertex < 5.5, "{per_vertex:.2} bytes per vertex");
    assert!(packed.geometry_bytes() * 3 < plain.geometry_bytes());
    packed.check().unwrap();
    assert_eq!(packed.bbox(), plain.bbox());
    // every ring decodes to the very same doubles
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for r in 0..plain.ring_count() {
        assert_eq!(plain.ring(r, &mut a), packed.ring(r, &mut b), "ring {r}");
    }
    // so the projection and its level of detail are the same, bit for bit
    use sealed_atlas::carto::{Projected, Projection};
    let (x, y) = (
        Projected::compute(&plain, Projection::FranceInsets),
        Projected::compute(&packed, Projection::FranceInsets),
    );
    assert_eq!(x.coords, y.coords);
    assert_eq!(x.visible, y.visible);
    assert_eq!(x.importance, y.importance);
    assert_eq!(
        sealed_atlas::carto::suggest::suggest(&plain, plain.bbox()),
        sealed_atlas::carto::suggest::suggest(&packed, packed.bbox())
    );
    // TopoJSON's rings are read as their vertices' numbers along the arcs they walk, the arcs
    // shared with the layer's borders, not copied: a byte a vertex instead of 16
    let mut us = us_counties();
    let p = us.packed.clone().unwrap();
    let arcs = &us.borders.as_ref().unwrap().coords;
    assert!(std::sync::Arc::ptr_eq(p.distinct.as_ref().unwrap(), arcs));
    let own = p.bytes.len() + p.ring_bytes.len() * 4;
    assert!(own * 10 < us.vertex_count() * 16, "{own} bytes");
    assert!(us.pack(), "packed already");
    us.check().unwrap();
    // each ring as its GeoJSON twin has it (topo2geo's, the same arithmetic), bit for bit — but
    // the rings under four vertices, which the reader leaves out and topojson-client pads to four
    // with their first vertex again (then the last two are the same)
    let twin = layer("us/counties-10m.geojson");
    assert_eq!(twin.len(), us.len());
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    for f in 0..us.len() {
        let theirs: Vec<Vec<u64>> = twin
            .feature_rings(f)
            .map(|r| bits(twin.ring(r, &mut a)))
            .filter(|r| r.len() >= 8 && r[r.len() - 4..r.len() - 2] != r[r.len() - 2..])
            .collect();
        let ours: Vec<Vec<u64>> = us
            .feature_rings(f)
            .map(|r| bits(us.ring(r, &mut b)))
            .collect();
        assert!(ours == theirs, "feature {f}");
    }
    assert_eq!(us.bbox(), twin.bbox());
    // its view keeps the rings projected (they are its projected borders' vertices: projecting
    // them again at each level would save a few bytes a vertex)
    let kept = Projected::new(&us, Projection::AlbersUsa);
    assert!(!Projected::new(&us, Projection::AlbersUsa).project_on_demand(&us));
    // and as a worker hands it over (its table no longer the borders' own), its view projects on
    // demand from them, drawing the same levels
    let mut handed = us.clone();
    let copy = (**p.distinct.as_ref().unwrap()).clone();
    handed.packed = Some(std::sync::Arc::new(sealed_atlas::geom::packed::Packed {
        distinct: Some(copy.into()),
        ..(*p).clone()
    }));
    assert!(!handed.rings_of_borders());
    let mut lazy = Projected::new(&handed, Projection::AlbersUsa);
    assert!(lazy.project_on_demand(&handed));
    for px in [1e-3, 1e-5] {
        assert_eq!(kept.lod(px, 0.6).coords, lazy.lod(px, 0.6).coords);
    }
}

#[test]
fn a_view_projecting_on_demand_from_the_packed_layer_draws_and_hits_exactly_as_one_that_keeps_its_vertices(
) {
    use sealed_atlas::carto::{Projected, Projection};
    // the départements with their overseas ones: France's insets choose a piece per feature
    for (rel, projection) in [
        (
            "fr/departements-avec-outre-mer.geojson",
            Projection::FranceInsets,
        ),
        ("fr/communes-ile-de-france.geojson", Projection::Lambert93),
        (
            "fr/departements-avec-outre-mer.geojson",
            Projection::Orthographic {
                lon0: 2.0,
                lat0: 46.0,
            },
        ),
    ] {
        let plain = layer(rel);
        let kept = Projected::new(&plain, projection);
        let mut packed = plain.clone();
        assert!(packed.pack(), "{rel}");
        let mut lazy = Projected::new(&packed, projection);
        assert!(!lazy.core.coords.is_empty());
        assert!(lazy.project_on_demand(&packed) && lazy.is_on_demand());
        assert!(lazy.core.coords.is_empty(), "the vertices are dropped");
        assert!(
            !kept.clone().project_on_demand(&plain),
            "a plain layer keeps its vertices"
        );
        let w = kept.bbox.map_or(1.0, |b| b[2] - b[0]);
        for px in [w / 100.0, w / 1000.0, w / 100_000.0, 0.0] {
            let (a, b) = (kept.lod(px, 0.6), lazy.lod(px, 0.6));
            assert_eq!(a.coords, b.coords, "{rel} at {px}");
            assert_eq!(a.ring_offsets, b.ring_offsets);
            assert_eq!(a.feature_rings, b.feature_rings);
            // each buffer sized once, exactly (none grown: the page's memory keeps a peak)
            for l in [&a, &b] {
                assert_eq!(l.coords.capacity(), l.coords.len(), "{rel} at {px}");
                assert_eq!(l.ring_offsets.capacity(), l.ring_offsets.len());
                assert_eq!(l.ring_kind.capacity(), l.ring_kind.len());
                assert_eq!(l.feature_rings.capacity(), l.feature_rings.len());
            }
        }
        let anchors = kept.anchors();
        assert_eq!(
            anchors.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            lazy.anchors()
                .iter()
                .map(|v| v.to_bits())
                .collect::<Vec<_>>()
        );
        let mut hits = 0;
        for xy in anchors.chunks_exact(2).filter(|xy| xy[0].is_finite()) {
            let f = kept.feature_at(xy[0], xy[1], 0.0);
            assert_eq!(f, lazy.feature_at(xy[0], xy[1], 0.0));
            hits += f.is_some() as usize;
        }
        assert!(
            hits * 10 > anchors.len() / 2 * 9,
            "{rel}: {hits} anchors hit"
        );
    }
}

#[test]
fn a_level_of_detail_for_a_window_holds_exactly_the_features_that_meet_it() {
    use sealed_atlas::carto::{Projected, Projection};
    let mut l = layer("fr/communes-ile-de-france.geojson");
    l.pack();
    let mut p = Projected::new(&l, Projection::Lambert93);
    p.project_on_demand(&l);
    let b = p.bbox.unwrap();
    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    let win = [cx - 5000.0, cy - 5000.0, cx + 5000.0, cy + 5000.0];
    let px = 2.0;
    let (all, part) = (p.lod(px, 0.6), p.lod_window(px, 0.6, Some(win)));
    assert_eq!(all.feature_rings.len(), part.feature_rings.len());
    let mut inside = 0;
    for f in 0..p.len() {
        let rings = |lod: &sealed_atlas::carto::projected::Lod| {
            let (a, z) = (
                lod.feature_rings[f] as usize,
                lod.feature_rings[f + 1] as usize,
            );
            let (va, vz) = (lod.ring_offsets[a] as usize, lod.ring_offsets[z] as usize);
            lod.coords[va * 2..vz * 2].to_vec()
        };
        let meets = p.feature_bbox(f).is_some_and(|fb| {
            fb[0] <= win[2] && fb[2] >= win[0] && fb[1] <= win[3] && fb[3] >= win[1]
        });
        if meets {
            inside += 1;
            assert_eq!(rings(&part), rings(&all), "feature {f}");
        } else {
            assert!(rings(&part).is_empty(), "feature {f} outside the window");
        }
    }
    assert!(
        inside > 5 && inside * 4 < p.len(),
        "{inside} of {}",
        p.len()
    );
    assert!(part.coords.len() * 4 < all.coords.len());
}

#[test]
fn the_communes_read_by_two_workers_are_the_same_layer_byte_for_byte() {
    use sealed_atlas::io::snapshot::write_loaded;
    use sealed_atlas::io::split::{load_head, load_tail, Cut, SPLIT_MIN_BYTES};
    let gz = std::fs::read(format!(
        "{}/../shared/data/fr/communes-2018-from-departements.geojson.gz",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let whole = sealed_atlas::io::load(&gz, "communes.geojson.gz", &Options::default()).unwrap();
    let mut tail = None;
    let mut cut_seen = false;
    let head = load_head(
        gz,
        "communes.geojson.gz",
        &Options::default(),
        Cut::Find {
            min_bytes: SPLIT_MIN_BYTES,
        },
        &mut |_, _| {},
        &mut |t, _| {
            cut_seen = true;
            tail = load_tail(t.to_vec(), "communes.geojson.gz", &mut |_| {});
        },
    )
    .unwrap();
    assert!(cut_seen && head.is_split(), "46 MB are cut");
    assert!((0.55..0.8).contains(&head.cut), "cut at {}", head.cut);
    assert!(tail.is_some(), "the second half is read cleanly");
    let split = head.finish(tail.as_deref(), &mut |_, _| {}).unwrap();
    let (a, b) = (write_loaded(&whole), write_loaded(&split));
    assert_eq!(a.len(), b.len());
    assert!(a == b, "the same layer, properties, types and warnings");
}

#[test]
fn two_workers_projecting_a_half_each_give_one_workers_view_byte_for_byte() {
    // the départements with the overseas ones (France's composite: five pieces), cut in two at
    // a feature as the page's two workers read them; each half projected with the whole layer's
    // box, then joined
    use sealed_atlas::carto::snapshot::write_core;
    use sealed_atlas::carto::{Projected, Projection};
    use sealed_atlas::io::snapshot::read_loaded;
    use sealed_atlas::io::split::{load_head, load_tail, Cut};
    let rel = "fr/departements-avec-outre-mer.geojson";
    let bytes = std::fs::read(format!(
        "{}/../shared/data/{rel}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let at = sealed_atlas::io::split::split_point(&bytes).expect("a place to cut");
    let mut tail = None;
    let head = load_head(
        bytes,
        rel,
        &Options::default(),
        Cut::At(at),
        &mut |_, _| {},
        &mut |t, _| {
            tail = load_tail(t.to_vec(), rel, &mut |_| {});
        },
    )
    .unwrap();
    let tail = tail.expect("the second half read cleanly");
    let Data::Layer(whole) = head.finish(Some(&tail[..]), &mut |_, _| {}).unwrap().data else {
        panic!("a layer")
    };
    let Data::Layer(second) = read_loaded(&tail[..]).unwrap().data else {
        panic!("a layer")
    };
    let first = whole.len() - second.len();
    assert!(
        first > 20 && second.len() > 20,
        "{first} + {}",
        second.len()
    );
    for projection in [
        Projection::FranceInsets,
        Projection::Lambert93,
        Projection::WebMercator,
    ] {
        let one = Projected::compute(&whole, projection);
        let bbox = whole.bbox();
        let two = Projected::compute_part(&whole, projection, bbox, 0..first)
            .join(Projected::compute_part(
                &second,
                projection,
                bbox,
                0..second.len(),
            ))
            .unwrap();
        assert!(write_core(&one) == write_core(&two), "{projection:?}");
        // projected alone, the second half is another view (its own origin and tables)
        let alone = Projected::compute(&second, projection);
        assert!(alone.origin != one.origin);
    }
    // and packed a half each, joined: the layer packed whole, byte for byte
    let (mut by_two, mut by_one) = (whole.clone(), whole.clone());
    let halves = (whole.pack_first(first), second.pack_first(second.len()));
    assert!(halves.0.is_some() && halves.1.is_some());
    assert!(by_two.pack_joined(halves.0, halves.1) && by_one.pack());
    assert!(by_two.coords.is_empty() && by_two.packed == by_one.packed);
    // halves on different grids (a finer coordinate in the second): packed whole instead
    let mut finer = second.clone();
    finer.coords[0] += 1e-9;
    let mut by_two = whole.clone();
    assert!(
        finer.pack_first(finer.len()).unwrap().decimals > by_one.packed.as_ref().unwrap().decimals
    );
    assert!(by_two.pack_joined(whole.pack_first(first), finer.pack_first(finer.len())));
    assert!(by_two.packed == by_one.packed);
}

#[test]
fn a_level_of_detail_prepared_in_steps_is_the_one_prepared_at_once() {
    use sealed_atlas::carto::{Projected, Projection};
    // a packed layer projected on demand (the communes' way) and a TopoJSON with borders
    let mut idf = layer("fr/communes-ile-de-france.geojson");
    idf.pack();
    let mut p = Projected::new(&idf, Projection::Lambert93);
    p.project_on_demand(&idf);
    let us = us_counties();
    let q = Projected::new(&us, Projection::AlbersUsa);
    for p in [&p, &q] {
        let b = p.bbox.unwrap();
        let (cx, cy, r) = (
            (b[0] + b[2]) / 2.0,
            (b[1] + b[3]) / 2.0,
            (b[2] - b[0]) / 10.0,
        );
        for (px, window) in [
            ((b[2] - b[0]) / 960.0, None),
            (
                (b[2] - b[0]) / 9600.0,
                Some([cx - r, cy - r, cx + r, cy + r]),
            ),
        ] {
            let once = p.lod_window(px, 0.6, window);
            for budget in [1, 7, 1000] {
                let mut job = p.lod_begin(px, 0.6, window);
                let mut calls = 1;
                while !p.lod_features(&mut job, budget) {
                    calls += 1;
                }
                assert_eq!(calls, p.len().div_ceil(budget).max(1), "{budget} a step");
                let steps = p.lod_end(job);
                assert_eq!(steps.coords, once.coords, "budget {budget}");
                assert_eq!(steps.ring_offsets, once.ring_offsets);
                assert_eq!(steps.feature_rings, once.feature_rings);
                assert_eq!(steps.ring_kind, once.ring_kind);
                assert_eq!(steps.border_coords, once.border_coords);
                assert_eq!(steps.border_offsets, once.border_offsets);
                assert_eq!(steps.coords.capacity(), steps.coords.len(), "sized once");
                // the counties' borders too (grown by doubling, they took 512 KB for 264)
                assert_eq!(steps.border_coords.capacity(), steps.border_coords.len());
                assert_eq!(steps.border_offsets.capacity(), steps.border_offsets.len());
            }
            // ended early: the rest prepared then
            let mut job = p.lod_begin(px, 0.6, window);
            p.lod_features(&mut job, 3);
            assert_eq!(p.lod_end(job).coords, once.coords);
        }
    }
}

#[test]
fn world_atlas_areas_in_equal_earth_are_d3s_spherical_areas_and_rank_the_labels() {
    // Equal Earth keeps areas: a feature's area as drawn (projected units² on the unit sphere) is
    // its area in steradians, as d3-geo 3.1.2's `geoArea` gives it for world-atlas's features
    // (topojson-client 3.1.0's `feature`). Antarctica's exterior runs along the South Pole (a line
    // here) around the continent, written as its hole: it once counted nothing, so a label
    // ranked it by its box, over Russia
    let l = world_50m();
    let p = sealed_atlas::carto::Projected::new(
        &l,
        sealed_atlas::carto::Projection::parse("equal-earth").unwrap(),
    );
    let name = l.props.column_index("name").unwrap();
    let of = |n: &str| {
        (0..l.len())
            .find(|&f| l.props.columns[name].text(f) == Some(n))
            .unwrap()
    };
    for (n, d3) in [
        ("Antarctica", 0.30195794033076173),
        ("Russia", 0.415862300220971),
        ("France", 0.015645963133245788),
        ("Fiji", 0.00045327649894302916),
        ("Kiribati", 0.00002319483040059904),
    ] {
        let ours = p.feature_area(of(n));
        assert!(
            (ours / d3 - 1.0).abs() < 2e-3,
            "{n}: {ours} against d3's {d3}"
        );
    }
    // Kiribati's box spans the Pacific (larger than Germany's), its islands a 700th of France
    let bx = |f: usize| {
        let b = p.feature_bbox(f).unwrap();
        (b[2] - b[0]) * (b[3] - b[1])
    };
    assert!(bx(of("Kiribati")) > bx(of("Germany")));
    // (the world on 1,920 px: Germany's box 45 px wide, a candidate)
    let view = sealed_atlas::render::svg::View {
        k: 300.0,
        tx: 960.0,
        ty: 600.0,
        w: 1920.0,
        h: 1200.0,
    };
    let names: Vec<Option<&str>> = (0..l.len())
        .map(|f| l.props.columns[name].text(f))
        .collect();
    let order: Vec<usize> = sealed_atlas::render::labels::candidates(&p, &view, &names, |t| {
        sealed_atlas::render::labels::estimated_width(t)
    })
    .iter()
    .map(|c| c.1)
    .collect();
    let at = |n: &str| order.iter().position(|&f| f == of(n)).unwrap();
    assert_eq!(order[0], of("Russia"));
    assert!(at("Antarctica") < at("Germany") && at("Germany") < at("Kiribati"));
}

#[test]
fn the_drom_insets_are_framed_each_around_its_departement_and_none_without_them() {
    // France with its DROM in insets, boxed as official maps show them: five frames, each holding
    // its département whole and no other; none for the metropole alone, nor in Lambert-93
    use sealed_atlas::carto::{Projected, Projection};
    let l = layer("fr/departements-avec-outre-mer.geojson");
    let codes = &l.props.columns[l.props.column_index("code").unwrap()];
    let code_of = |f: usize| codes.text(f).unwrap_or("").to_string();
    let p = Projected::new(&l, Projection::FranceInsets);
    let frames = p.inset_frames();
    assert_eq!(frames.len(), 5);
    let inside =
        |b: [f32; 4], f: [f32; 4]| b[0] >= f[0] && b[1] >= f[1] && b[2] <= f[2] && b[3] <= f[3];
    for code in ["971", "972", "973", "974", "976"] {
        let f = (0..l.len())
            .find(|&f| code_of(f) == code)
            .unwrap_or_else(|| panic!("{code}"));
        let b = p.feature_bbox(f).unwrap();
        let holding: Vec<usize> = (0..5).filter(|&i| inside(b, frames[i])).collect();
        assert_eq!(
            holding.len(),
            1,
            "{code}: {b:?} in frames {holding:?} of {frames:?}"
        );
    }
    // no metropolitan département in a frame, none reaching into one
    let overlaps =
        |b: [f32; 4], f: [f32; 4]| b[0] < f[2] && b[2] > f[0] && b[1] < f[3] && b[3] > f[1];
    for f in 0..l.len() {
        if code_of(f).starts_with("97") {
            continue;
        }
        let b = p.feature_bbox(f).unwrap();
        assert!(
            frames.iter().all(|&fr| !overlaps(b, fr)),
            "{}: {b:?}",
            code_of(f)
        );
    }
    for i in 0..5 {
        for j in i + 1..5 {
            assert!(!overlaps(frames[i], frames[j]), "frames touch: {frames:?}");
        }
    }
    // the map is fitted with its frames in; the SVG draws the five
    let fit = p.fit_box().unwrap();
    assert!(frames.iter().all(|&f| inside(f, fit)), "{fit:?}");
    use sealed_atlas::render::svg::{map_elements, Paint, View};
    let view = View::fit(fit, 800.0, 600.0, 10.0);
    let paint = Paint {
        classes: &[],
        colors: &[],
        no_data: [200; 3],
    };
    let svg = map_elements(&p, &view, &paint);
    assert_eq!(svg.matches(r##"fill="none" stroke="#9aabbb""##).count(), 5);
    // no label across a frame's line (render/labels.rs), as the CLI places them: the DROM named
    // inside their frames, the metropole's labels clear of all five; without the frames given,
    // some would cross one
    use sealed_atlas::render::labels::{candidates, estimated_width, place};
    let names = &l.props.columns[l.props.column_index("nom").unwrap()];
    let texts: Vec<Option<&str>> = (0..l.len()).map(|f| names.text(f)).collect();
    let boxes = view.inset_frames(&p);
    let cands = candidates(&p, &view, &texts, estimated_width);
    let only: Vec<_> = cands.iter().map(|c| c.0).collect();
    let within = |b: [f64; 4], f: [f64; 4]| {
        b[0] >= f[0] - 1e-6 && b[1] >= f[1] - 1e-6 && b[2] <= f[2] + 1e-6 && b[3] <= f[3] + 1e-6
    };
    let meets = |b: [f64; 4], f: [f64; 4]| b[0] < f[2] && b[2] > f[0] && b[1] < f[3] && b[3] > f[1];
    let crosses = |b: [f64; 4]| boxes.iter().any(|&f| meets(b, f) && !within(b, f));
    let mut framed = Vec::new();
    for pl in place(&only, &[], &boxes, [800.0, 600.0], 200) {
        let name = texts[cands[pl.candidate].1].unwrap();
        assert!(!crosses(pl.bbox), "{name}: {:?} across {boxes:?}", pl.bbox);
        if boxes.iter().any(|&f| within(pl.bbox, f)) {
            framed.push(name);
        }
    }
    framed.sort_unstable();
    // (Mayotte is too small at this scale for a label: under 24 × 10 pixels)
    assert_eq!(framed, ["Guadeloupe", "Guyane", "La Réunion", "Martinique"]);
    assert!(!cands.iter().any(|c| texts[c.1] == Some("Mayotte")));
    assert!(place(&only, &[], &[], [800.0, 600.0], 200)
        .iter()
        .any(|pl| crosses(pl.bbox)));
    assert!(Projected::new(&l, Projection::Lambert93)
        .inset_frames()
        .is_empty());
    let metro = layer("fr/departements-version-simplifiee.geojson");
    assert!(Projected::new(&metro, Projection::FranceInsets)
        .inset_frames()
        .is_empty());
}

#[test]
fn areas_of_departements_and_countries_are_those_proj_measures() {
    // references: PROJ 9.5.1's geodesic areas (pyproj 3.7.2, `Geod(ellps='WGS84')
    // .polygon_area_perimeter`) of each ring with every edge cut in 50, so that they follow the
    // straight lines in longitude and latitude that GeoJSON draws (RFC 7946, 3.1.1) rather than
    // geodesics, holes taken out; km², on these very files' coordinates
    let areas_by = |l: &Layer, column: &str| -> std::collections::HashMap<String, f64> {
        let a = sealed_atlas::geom::area::feature_areas(l).unwrap();
        let c = l.props.column_index(column).unwrap();
        (0..l.len())
            .map(|f| (l.props.columns[c].text(f).unwrap_or("").to_string(), a[f]))
            .collect()
    };
    let deps = areas_by(&layer("fr/departements-version-simplifiee.geojson"), "code");
    let world = areas_by(&layer("world/countries-land-10km.geo.json"), "A3");
    let cases = [
        (&deps, "75", 103.856, 1e-4),
        (&deps, "48", 5_183.783, 1e-4),
        (&deps, "33", 10_099.101, 1e-4),
        (&deps, "2A", 4_000.995, 1e-4),
        (&deps, "13", 5_095.166, 1e-4),
        (&deps, "29", 6_788.099, 1e-4),
        // (lakes as holes: Canada's among the file's 1,395; Russia and Fiji across the
        // antimeridian; Antarctica around the South Pole, drawn down to 85.05° S as Web Mercator
        // clips it, its long edges near the pole straight in the equal-area cylinder the engine
        // measures in rather than in longitude and latitude: 0.12 % less)
        (&world, "FRA", 655_975.2, 1e-4),
        (&world, "CAN", 9_509_597.5, 1e-4),
        (&world, "RUS", 16_736_751.7, 1e-4),
        (&world, "FJI", 11_610.1, 1e-4),
        (&world, "USA", 9_238_759.7, 1e-4),
        (&world, "BRA", 8_409_900.6, 1e-4),
        (&world, "NZL", 267_786.9, 1e-4),
        (&world, "ATA", 12_970_398.9, 1.5e-3),
    ];
    for (areas, code, want, within) in cases {
        let got = areas[code];
        assert!(
            (got - want).abs() <= within * want,
            "{code}: {got} km², PROJ {want} ({:+.4} %)",
            100.0 * (got - want) / want
        );
    }
}

#[test]
fn areas_of_counties_assembled_from_topojson_arcs_are_those_of_their_geojson() {
    // the counties' rings made of their TopoJSON arcs (some walked backwards), against PROJ 9.5.1's
    // areas of the same outlines as GeoJSON (`us/counties-10m.geojson`, made from the TopoJSON;
    // pyproj 3.7.2, edges cut in 50 as above), km²: islands (San Juan, Hawaii, the Keys), Alaska
    let l = us_counties();
    let a = sealed_atlas::geom::area::feature_areas(&l).unwrap();
    for (id, want) in [
        ("06037", 10_620.834),
        ("02290", 382_943.786),
        ("15001", 10_420.812),
        ("53055", 668.805),
        ("12087", 3_886.98),
        ("26083", 1_514.458),
    ] {
        let f = (0..l.len()).find(|&f| l.ids.get(f) == Some(id)).unwrap();
        assert!(
            (a[f] - want).abs() <= 1e-4 * want,
            "{id}: {} km², PROJ {want}",
            a[f]
        );
    }
}
