#![cfg(not(target_arch = "wasm32"))]
//! The `sealed-atlas` command line: JSON out, errors as JSON on stderr with exit status 1.

use sealed_atlas::io::json::{self, Value};
use std::process::Command;

/// The message of a command refused (exit code 1).
fn refused(args: &[&str]) -> String {
    let (code, v, _) = run(args);
    assert_eq!(code, 1, "{v:?}");
    v.get("message")
        .and_then(|m| m.as_str())
        .unwrap_or("")
        .to_string()
}

/// `args` run with `-o` a temporary SVG called `name`, which must succeed: the SVG it wrote.
fn render_svg(name: &str, args: &[&str]) -> String {
    let out = std::env::temp_dir().join(name);
    let o = out.to_string_lossy().to_string();
    let (code, v, _) = run(&[args, &["-o", &o]].concat());
    assert_eq!(code, 0, "{v:?}");
    std::fs::read_to_string(&out).unwrap()
}

fn run(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sealed-atlas"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v = json::parse(if out.status.success() {
        &stdout
    } else {
        &stderr
    })
    .unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v, stdout)
}

#[test]
fn info_summarises_a_topojson_with_its_objects() {
    let (code, v, _) = run(&["info", "../shared/data/us/counties-10m.json"]);
    assert_eq!(code, 0);
    assert_eq!(v.get("format").and_then(|f| f.as_str()), Some("topojson"));
    assert_eq!(v.get("features").and_then(|f| f.as_f64()), Some(3231.0));
    assert_eq!(
        v.get("objects").and_then(|o| o.as_array()).map(|a| a.len()),
        Some(3)
    );
    assert!(v.get("bbox").and_then(|b| b.as_array()).is_some());
}

#[test]
fn info_on_a_broken_file_exits_1_with_a_located_error() {
    let (code, v, _) = run(&["info", "../shared/data/bad/truncated.geojson"]);
    assert_eq!(code, 1);
    assert_eq!(v.get("code").and_then(|c| c.as_str()), Some("json-eof"));
    let at = v.get("at").unwrap();
    assert_eq!(
        (
            at.get("line").and_then(|x| x.as_f64()),
            at.get("column").and_then(|x| x.as_f64())
        ),
        (Some(1.0), Some(1511.0))
    );
}

/// The US counties joined to their unemployment rates by FIPS code.
const US_COUNTIES: &[&str] = &[
    "../shared/data/us/counties-10m.json",
    "../shared/data/us/unemployment.tsv",
    "--geo-key",
    "@id",
    "--table-key",
    "id",
];

#[test]
fn join_prints_the_report_and_type_override_applies() {
    let (code, v, _) = run(&[&["join"], US_COUNTIES].concat());
    assert_eq!(code, 0);
    assert_eq!(v.get("matched").and_then(|x| x.as_f64()), Some(3212.0));
    assert_eq!(v.get("paddedTo").and_then(|x| x.as_f64()), Some(5.0));
    let (_, v, _) = run(&[
        "info",
        "../shared/data/us/unemployment.tsv",
        "--type",
        "id=number",
    ]);
    let cols = v.get("columns").and_then(|c| c.as_array()).unwrap();
    assert_eq!(cols[0].get("type").and_then(|t| t.as_str()), Some("number"));
}

#[test]
fn classify_prints_method_k_breaks_counts_gvf() {
    let (code, v, _) = run(&[
        "classify",
        "../shared/data/fr/population-departements.csv",
        "--column",
        "population",
        "--method",
        "fisher-jenks",
        "-k",
        "5",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        v.get("method").and_then(|x| x.as_str()),
        Some("fisher-jenks")
    );
    assert_eq!(v.get("k").and_then(|x| x.as_f64()), Some(5.0));
    let counts: f64 = v
        .get("counts")
        .and_then(|c| c.as_array())
        .unwrap()
        .iter()
        .filter_map(|c| c.as_f64())
        .sum();
    assert_eq!(counts, 107.0, "109 rows, 2 without population");
    assert_eq!(
        v.get("breaks").and_then(|c| c.as_array()).map(|a| a.len()),
        Some(6)
    );
    assert!(v.get("gvf").and_then(|g| g.as_f64()).unwrap() > 0.8);
    let message = refused(&[
        "classify",
        "../shared/data/fr/population-departements.csv",
        "--column",
        "population",
        "--method",
        "no-such",
    ]);
    assert!(message.contains("fisher-jenks"), "lists the method names");
}

/// Population of the départements in 5 quantile classes, Lambert-93.
const RENDER_DEPARTEMENTS: &[&str] = &[
    "render",
    "../shared/data/fr/departements-version-simplifiee.geojson",
    "../shared/data/fr/population-departements.csv",
    "--geo-key",
    "code",
    "--table-key",
    "code",
    "--column",
    "population",
    "--method",
    "quantile",
    "-k",
    "5",
    "--projection",
    "lambert93",
];

#[test]
fn render_writes_an_svg_with_legend_and_histogram() {
    let out = std::env::temp_dir().join("sealed-atlas-cli-test.svg");
    let o = out.to_string_lossy().to_string();
    let (code, _, _) = run(&[RENDER_DEPARTEMENTS, &["--locale", "fr", "-o", &o]].concat());
    assert_eq!(code, 0);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg"));
    assert_eq!(
        svg.matches("fill-rule=\"evenodd\"").count(),
        5,
        "one path per class, no empty no-data path"
    );
    assert!(svg.contains("Pas de données (0)"));
    assert!(svg.contains("aria-label=\"histogram\""));
}

#[test]
fn render_writes_the_data_as_csv_for_a_spreadsheet_in_the_maps_language() {
    use sealed_atlas::io::{load, Data, Options};
    let out = std::env::temp_dir().join("sealed-atlas-cli-test.csv");
    let o = out.to_string_lossy().to_string();
    let fr = &["--locale", "fr", "--labels", "nom", "-o", &o];
    let (code, v, _) = run(&[RENDER_DEPARTEMENTS, fr].concat());
    assert_eq!(code, 0, "{v:?}");
    assert_eq!(v.get("rows").and_then(|r| r.as_f64()), Some(96.0));
    let bytes = std::fs::read(&out).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.starts_with("\u{feff}code;nom;population;classe\r\n"),
        "{}",
        &text[..80]
    );
    assert!(text.contains("\r\n01;Ain;"), "the code keeps its zero");
    // read back (by the engine's reader), every département's population as the source table has it
    let Data::Table(t) = load(&bytes, "data.csv", &Options::default()).unwrap().data else {
        panic!("not a table")
    };
    let src = std::fs::read("../shared/data/fr/population-departements.csv").unwrap();
    let Data::Table(src) = load(&src, "p.csv", &Options::default()).unwrap().data else {
        panic!("not a table")
    };
    let col = |t: &sealed_atlas::table::Table, n: &str| t.column_index(n).unwrap();
    let want: std::collections::HashMap<&str, f64> = (0..src.rows)
        .filter_map(|r| {
            let code = src.columns[col(&src, "code")].text(r)?;
            Some((code, src.columns[col(&src, "population")].number(r)?))
        })
        .collect();
    assert_eq!(t.rows, 96);
    for r in 0..t.rows {
        let code = t.columns[col(&t, "code")].text(r).unwrap();
        assert_eq!(
            t.columns[col(&t, "population")].number(r),
            Some(want[code]),
            "{code}"
        );
        assert!(t.columns[col(&t, "classe")]
            .text(r)
            .unwrap()
            .starts_with(['[', ']']));
    }
    // in English: ',' and the class labels as the legend writes them
    let (code, _, _) = run(&[RENDER_DEPARTEMENTS, &["-o", &o]].concat());
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("\u{feff}code,population,class\r\n"),
        "{}",
        &text[..60]
    );
}

#[test]
fn render_writes_a_png_of_the_same_scene_at_2x() {
    let dir = std::env::temp_dir();
    let (svg_path, png_path) = (
        dir.join("sealed-atlas-cli-png.svg"),
        dir.join("sealed-atlas-cli-png.png"),
    );
    let common = [RENDER_DEPARTEMENTS, &["-o"]].concat();
    let s = svg_path.to_string_lossy().to_string();
    let p = png_path.to_string_lossy().to_string();
    let (code, _, _) = run(&[&common[..], &[s.as_str()]].concat());
    assert_eq!(code, 0);
    let (code, v, _) = run(&[&common[..], &[p.as_str(), "--scale", "2"]].concat());
    assert_eq!(code, 0, "{v:?}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let size = |k: &str| -> u32 {
        let v = svg.split(&format!(" {k}=\"")).nth(1).unwrap();
        v.split('"').next().unwrap().parse().unwrap()
    };
    let (w, h) = (2 * size("width"), 2 * size("height"));
    assert_eq!(v.get("width").and_then(|x| x.as_f64()), Some(w as f64));
    assert!(
        v.get("fontFaces").and_then(|x| x.as_f64()).unwrap_or(0.0) > 0.0,
        "the browsers' fonts are installed by ./pkg-build.sh: text must be drawn"
    );
    let png = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&png_path).unwrap()).unwrap();
    assert_eq!((png.width(), png.height()), (w, h));
    let px = |x: u32, y: u32| {
        let c = png.pixel(x, y).unwrap();
        format!("#{:02x}{:02x}{:02x}", c.red(), c.green(), c.blue())
    };
    // the legend swatches of the five classes, read from the SVG: (x, y, colour), in order
    let swatches: Vec<(u32, u32, String)> = svg
        .split("<rect x=\"")
        .skip(1)
        .filter(|r| r.contains("width=\"18\" height=\"14\""))
        .map(|r| {
            let num = |k: &str| -> u32 {
                let v = if k == "x" {
                    r
                } else {
                    r.split(&format!("{k}=\"")).nth(1).unwrap()
                };
                v.split('"').next().unwrap().parse::<f64>().unwrap() as u32
            };
            let fill = r.split("fill=\"").nth(1).unwrap()[..7].to_string();
            (num("x"), num("y"), fill)
        })
        .take(5) // then the no-data entry
        .collect();
    assert_eq!(swatches.len(), 5);
    // each swatch at 2×, at the middle of its 18×14 box
    for (i, (x, y, want)) in swatches.iter().enumerate() {
        assert_eq!(&px(2 * (x + 9), 2 * (y + 7)), want, "swatch {i}");
    }
    let swatches: Vec<String> = swatches.into_iter().map(|s| s.2).collect();
    // every class colour paints part of the map
    let mut counts = vec![0usize; swatches.len()];
    for y in (0..h).step_by(2) {
        for x in (0..w).step_by(2) {
            if let Some(i) = swatches.iter().position(|s| *s == px(x, y)) {
                counts[i] += 1;
            }
        }
    }
    assert!(counts.iter().all(|&n| n > 200), "{counts:?}");
    // the title is drawn: dark pixels in its band
    let dark = (2 * 16..2 * 300)
        .flat_map(|x| (2 * 12..2 * 34).map(move |y| (x, y)))
        .filter(|&(x, y)| png.pixel(x, y).unwrap().red() < 80)
        .count();
    assert!(dark > 500, "title pixels: {dark}");
}

/// The number in attribute `k` of an SVG element's text `t` (from after its tag's name).
/// (x, baseline, text) of every label of an SVG: its texts with a halo.
fn labels_of(svg: &str) -> Vec<(f64, f64, String)> {
    svg.split("<text ")
        .skip(1)
        .filter(|t| t.contains("paint-order=\"stroke\""))
        .map(|t| {
            let text = t.split('>').nth(1).unwrap().split('<').next().unwrap();
            (attr(t, "x"), attr(t, "y"), text.to_string())
        })
        .collect()
}

/// The first `fill` attribute's value in an SVG element's text.
fn fill_of(t: &str) -> String {
    t.split("fill=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap_or_else(|| panic!("no fill in {}", &t[..t.len().min(120)]))
        .to_string()
}

/// The fills of an SVG sheet's legend's swatches, in its order (the classes, then no data).
fn swatches_of(svg: &str) -> Vec<String> {
    let (_, legend) = svg.split_once("aria-label=\"legend\"").unwrap();
    legend
        .split("</g>")
        .next()
        .unwrap()
        .split("<rect ")
        .skip(1)
        .map(fill_of)
        .collect()
}

fn attr(t: &str, k: &str) -> f64 {
    format!(" {t}")
        .split(&format!(" {k}=\""))
        .nth(1)
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number in {k} of {}", &t[..t.len().min(120)]))
}

#[test]
fn render_draws_proportional_squares_largest_first_with_their_key_and_a_scale_bar() {
    let args = [
        RENDER_DEPARTEMENTS,
        &[
            "--symbols",
            "population",
            "--shape",
            "square",
            "--locale",
            "fr",
        ],
    ]
    .concat();
    let svg = render_svg("sealed-atlas-cli-symbols.svg", &args);
    let (map, rest) = svg.split_once("aria-label=\"map\"").unwrap();
    // the squares over the map: one per département (all have a population), largest first
    let sides = |s: &str| -> Vec<f64> {
        s.split("<rect ")
            .skip(1)
            .filter(|r| r.contains("fill-opacity=\"0.7\""))
            .map(|r| attr(r, "width"))
            .collect()
    };
    let on_map = sides(rest);
    assert_eq!(on_map.len(), 96, "one square per département");
    assert!(on_map.windows(2).all(|w| w[0] >= w[1]), "largest first");
    assert!(
        (on_map[0] - 56.0).abs() < 1e-6,
        "the largest 2 × 28 px: {}",
        on_map[0]
    );
    // their key: three nested squares, the largest as large as the largest on the map, values in French
    let (_, key) = map.split_once("aria-label=\"symbols key\"").unwrap();
    let key_sides = sides(key.split("</g>").next().unwrap());
    assert_eq!(key_sides.len(), 3);
    assert_eq!(key_sides[0], on_map[0]);
    assert!(
        key.contains("700\u{202F}000") || key.contains("700 000"),
        "{}",
        &key[..400.min(key.len())]
    );
    // the scale bar over the map, in km, on a light plate
    assert!(rest.contains(" km</text>"));
    assert!(rest.contains(r##"fill="#ffffff" fill-opacity="0.8""##));
    // the squares blue over YlOrRd, orange over Blues (the page's rule: src/render/symbols.rs)
    assert!(rest.contains(r##"fill="#1f5fa8" fill-opacity="0.7""##));
    let blues = render_svg(
        "sealed-atlas-cli-symbols.svg",
        &[args.as_slice(), &["--palette", "Blues"]].concat(),
    );
    let (_, blues) = blues.split_once("aria-label=\"map\"").unwrap();
    assert!(!blues.contains(r##"fill="#1f5fa8" fill-opacity="0.7""##));
    assert_eq!(sides(blues).len(), 96);
    assert!(blues.contains(r##"fill="#e6550d" fill-opacity="0.7""##));
    let args = [
        RENDER_DEPARTEMENTS,
        &["--symbols", "population", "--shape", "hexagon"],
    ];
    assert!(refused(&args.concat()).contains("hexagon"));
}

#[test]
fn render_colours_symbols_by_their_class_over_plain_features_with_a_grey_key() {
    let out = std::env::temp_dir().join("sealed-atlas-cli-by-class.svg");
    let o = out.to_string_lossy().to_string();
    let (code, v, _) = run(&[
        RENDER_DEPARTEMENTS,
        &["--symbols", "population", "--symbols-by-class", "-o", &o],
    ]
    .concat());
    assert_eq!(code, 0, "{v:?}");
    let svg = std::fs::read_to_string(&out).unwrap();
    let swatches = swatches_of(&svg);
    let (map, rest) = svg.split_once("aria-label=\"map\"").unwrap();
    // the features all plain; over them a circle each, in its class's colour, opaque, largest
    // first: the largest (Nord) in the last class's
    let rest = rest.split("</g>").next().unwrap();
    let paths: Vec<String> = rest.split("<path ").skip(1).map(fill_of).collect();
    assert!(
        !paths.is_empty() && paths.iter().all(|f| f == "#e6e8eb"),
        "{paths:?}"
    );
    let circles: Vec<String> = rest.split("<circle ").skip(1).map(fill_of).collect();
    assert_eq!(circles.len(), 96);
    assert!(
        circles.iter().all(|c| swatches[..5].contains(c)),
        "{circles:?} vs {swatches:?}"
    );
    assert_eq!(circles[0], swatches[4]);
    for (k, swatch) in swatches[..5].iter().enumerate() {
        assert!(circles.contains(swatch), "class {k} has symbols");
    }
    // the key: sizes alone, in grey, no signs
    let (_, key) = map.split_once("aria-label=\"symbols key\"").unwrap();
    let key = key.split("</g>").next().unwrap();
    let key_fills: Vec<String> = key.split("<circle ").skip(1).map(fill_of).collect();
    assert_eq!(key_fills, vec!["#8c959f"; 3]);
    assert!(!key.contains("&gt; 0"));
}

#[test]
fn render_shows_rates_as_percentages_in_the_legend_and_the_labels_values() {
    let args = [
        &["render"],
        US_COUNTIES,
        &[
            "--column",
            "rate",
            "--projection",
            "albers-usa",
            "--value-scale",
            "100",
            "--suffix",
            "%",
            "--label-values",
        ],
    ]
    .concat();
    let svg = render_svg("sealed-atlas-cli-percent.svg", &args);
    let (_, legend) = svg.split_once("aria-label=\"legend\"").unwrap();
    let texts: Vec<&str> = legend
        .split("</g>")
        .next()
        .unwrap()
        .split("<text ")
        .skip(1)
        .map(|t| t.split('>').nth(1).unwrap().split('<').next().unwrap())
        .collect();
    // [1.2% – 6.0%] (663)… : the quantiles of the rates, shown as percentages
    let classes: Vec<&str> = texts.iter().copied().filter(|t| t.contains('%')).collect();
    assert_eq!(classes.len(), 5, "{texts:?}");
    assert!(
        classes[0].starts_with("[1.2% – ") && classes[4].contains("– 30.1%]"),
        "{classes:?}"
    );
    // the labels' values too
    let labels = labels_of(&svg);
    assert!(
        !labels.is_empty() && labels.iter().all(|l| l.2.ends_with('%')),
        "{labels:?}"
    );
    // a scale that is not a number above zero is refused, named
    let mut bad = args.clone();
    bad[12] = "-1";
    assert!(refused(&bad).contains("--value-scale"));
}

#[test]
fn render_draws_losses_as_large_as_gains_in_a_colour_of_their_own_and_the_key_says_which() {
    // each département's population less 500,000
    let dir = std::env::temp_dir();
    let csv = dir.join("sealed-atlas-cli-solde.csv");
    let src = std::fs::read("../shared/data/fr/population-departements.csv").unwrap();
    let mut text = String::from("code;solde\n");
    let mut solde = std::collections::HashMap::new();
    for line in src.split(|&b| b == b'\n').skip(1).filter(|l| !l.is_empty()) {
        let cells: Vec<&[u8]> = line.split(|&b| b == b';').collect();
        let code = String::from_utf8(cells[0].to_vec()).unwrap();
        // (the TAAF and Clipperton have no population)
        let Ok(pop) = std::str::from_utf8(cells[4]).unwrap().trim().parse::<f64>() else {
            continue;
        };
        text.push_str(&format!("{code};{}\n", pop - 500_000.0));
        solde.insert(code, pop - 500_000.0);
    }
    std::fs::write(&csv, text).unwrap();
    let out = dir.join("sealed-atlas-cli-solde.svg");
    let (c, o) = (
        csv.to_string_lossy().to_string(),
        out.to_string_lossy().to_string(),
    );
    // (the balance mapped, with `more`, to `out`)
    let render = |more: &[&str]| {
        let base = [
            "render",
            "../shared/data/fr/departements-version-simplifiee.geojson",
            &c,
            "--geo-key",
            "code",
            "--table-key",
            "code",
            "--column",
            "solde",
            "-o",
            &o,
        ];
        run(&[&base[..], more].concat())
    };
    let (code, v, _) = render(&[
        "--symbols",
        "solde",
        "--palette",
        "RdBu",
        "--projection",
        "lambert93",
    ]);
    assert_eq!(code, 0, "{v:?}");
    let svg = std::fs::read_to_string(&out).unwrap();
    let (map, rest) = svg.split_once("aria-label=\"map\"").unwrap();
    let fills: Vec<String> = rest
        .split("<circle ")
        .skip(1)
        .filter(|c| c.contains("fill-opacity=\"0.7\""))
        .map(fill_of)
        .collect();
    // a symbol for every département, a colour for each sign, as many of each as values
    assert_eq!(fills.len(), 96);
    // (the map is metropolitan: the overseas rows join nothing)
    let losses = solde
        .iter()
        .filter(|(c, &v)| !c.starts_with("97") && !c.starts_with("98") && v < 0.0)
        .count();
    assert_eq!(losses, 45);
    let mut kinds: Vec<&String> = fills.iter().collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    let counts: Vec<usize> = kinds
        .iter()
        .map(|k| fills.iter().filter(|f| f == k).count())
        .collect();
    assert!(
        counts.contains(&losses) && counts.contains(&(96 - losses)),
        "{counts:?} vs {losses} losses"
    );
    // the key: which colour is which sign, under the sizes
    let (_, key) = map.split_once("aria-label=\"symbols key\"").unwrap();
    let key = key.split("</g>").next().unwrap();
    assert!(
        key.contains(">&gt; 0</text>") && key.contains(">&lt; 0</text>"),
        "{key}"
    );
    // no palette asked: a diverging one, as RdBu's, its neutral middle on the class of zero
    let (code, v, _) = render(&[]);
    assert_eq!(code, 0, "{v:?}");
    let default = std::fs::read_to_string(&out).unwrap();
    let rdbu = swatches_of(&svg);
    assert_eq!(swatches_of(&default), rdbu);
    // (the class of zero, the third of five, in RdBu's light grey middle; red below, blue above)
    let rgb = |h: &str| -> Vec<i32> {
        (0..3)
            .map(|i| i32::from_str_radix(&h[1 + 2 * i..3 + 2 * i], 16).unwrap())
            .collect()
    };
    let mid = rgb(&rdbu[2]);
    assert!(
        mid.iter().max().unwrap() - mid.iter().min().unwrap() < 12 && mid[0] > 220,
        "{rdbu:?}"
    );
    assert!(rgb(&rdbu[0])[0] > rgb(&rdbu[0])[2] && rgb(&rdbu[4])[2] > rgb(&rdbu[4])[0]);
}

#[test]
fn render_labels_the_largest_features_without_overlaps_and_clear_of_the_scale_bar() {
    let svg = render_svg(
        "sealed-atlas-cli-labels.svg",
        &[RENDER_DEPARTEMENTS, &["--labels", "nom"]].concat(),
    );
    let labels = labels_of(&svg);
    assert!(
        labels.len() >= 20 && labels.len() <= 40,
        "{} labels",
        labels.len()
    );
    // the largest by area (Gironde, Landes, Dordogne), none of the smallest
    let has = |n: &str| labels.iter().any(|l| l.2 == n);
    assert!(has("Gironde") && has("Landes") && has("Dordogne"));
    assert!(!has("Paris") && !has("Hauts-de-Seine") && !has("Territoire de Belfort"));
    // their boxes (the text's estimated width, 16 px high around the middle) do not overlap, nor
    // the scale bar's
    let bx = |l: &(f64, f64, String)| {
        let w = sealed_atlas::render::labels::estimated_width(&l.2) + 4.0;
        [l.0 - w / 2.0, l.1 - 12.0, l.0 + w / 2.0, l.1 + 4.0]
    };
    let hit = |a: &[f64; 4], b: &[f64; 4]| a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(!hit(&bx(a), &bx(b)), "{a:?} over {b:?}");
        }
    }
    let (map, _) = svg.split_once("aria-label=\"map\"").unwrap();
    let frame_h: f64 = attr(map.split("<clipPath").nth(1).unwrap(), "height");
    let bar = [10.0, frame_h - 31.0, 130.0, frame_h - 12.0];
    assert!(
        labels.iter().all(|l| !hit(&bx(l), &bar)),
        "clear of the scale bar"
    );
    let five = render_svg(
        "sealed-atlas-cli-labels.svg",
        &[
            RENDER_DEPARTEMENTS,
            &["--labels", "nom", "--labels-max", "5"],
        ]
        .concat(),
    );
    assert_eq!(five.matches("paint-order=\"stroke\"").count(), 5);
    assert!(refused(&[RENDER_DEPARTEMENTS, &["--labels", "no-such"]].concat()).contains("no-such"));
}

#[test]
fn render_labels_a_name_and_its_value_under_it_in_the_maps_language() {
    let out = std::env::temp_dir().join("sealed-atlas-cli-label-values.svg");
    let o = out.to_string_lossy().to_string();
    // (a switch before another flag: `--label-values` takes no value)
    let with = |more: &[&str]| {
        let (code, v, _) =
            run(&[RENDER_DEPARTEMENTS, more, &["--locale", "fr", "-o", &o]].concat());
        assert_eq!(code, 0, "{v:?}");
        labels_of(&std::fs::read_to_string(&out).unwrap())
    };
    let both = with(&["--label-values", "--labels", "nom"]);
    // two lines a label: the name, then the population under it, 13 px lower, centred alike
    assert!(
        both.len() >= 2 * 12 && both.len() % 2 == 0,
        "{} lines",
        both.len()
    );
    for pair in both.chunks(2) {
        assert_eq!(pair[0].0, pair[1].0, "{pair:?}");
        assert!((pair[1].1 - pair[0].1 - 13.0).abs() < 1e-9, "{pair:?}");
        assert!(
            pair[1]
                .2
                .chars()
                .all(|c| c.is_ascii_digit() || c == '\u{202F}'),
            "{pair:?}"
        );
    }
    let value_of = |n: &str| both.chunks(2).find(|p| p[0].2 == n).map(|p| p[1].2.clone());
    assert_eq!(
        value_of("Gironde").as_deref(),
        Some("1\u{202F}690\u{202F}493")
    );
    // fewer labels than names alone: each takes two lines of room
    let names = with(&["--labels", "nom"]);
    assert!(
        both.len() / 2 < names.len(),
        "{} vs {}",
        both.len() / 2,
        names.len()
    );
    // the values alone, one line each, as many labels as names alone
    let values = with(&["--label-values"]);
    assert!(values.iter().any(|l| l.2 == "1\u{202F}690\u{202F}493"));
    assert!(values
        .iter()
        .all(|l| l.2.chars().all(|c| c.is_ascii_digit() || c == '\u{202F}')));
    // a switch before a flag with a value: --reverse no longer takes `-o` as its value
    std::fs::remove_file(&out).unwrap();
    let (code, v, _) = run(&[RENDER_DEPARTEMENTS, &["--reverse", "-o", &o]].concat());
    assert_eq!(code, 0, "{v:?}");
    assert!(out.exists(), "written where -o says");
}

/// `render` of world-atlas's countries at 1:110m by name with gapminder's income, in `projection`,
/// written to `out`, with `more` arguments.
fn world_render(projection: &str, out: &str, more: &[&str]) -> Vec<String> {
    let mut a = vec![
        "render",
        "../shared/data/world/countries-110m.json",
        "../shared/data/world/gapminder-health-income.csv",
        "--object",
        "countries",
        "--geo-key",
        "name",
        "--table-key",
        "country",
        "--column",
        "income",
        "--projection",
        projection,
        "-o",
        out,
    ];
    a.extend_from_slice(more);
    a.into_iter().map(String::from).collect()
}

fn run_owned(args: &[String]) -> (i32, Value, String) {
    run(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>())
}

#[test]
fn render_draws_a_world_on_its_whole_sphere_with_no_band_across_it() {
    // world-atlas by name, in Equal Earth: the sphere (fill, graticule, outline) under the
    // countries, fitted whole into the map
    let out = std::env::temp_dir().join("sealed-atlas-cli-world.svg");
    let o = out.to_string_lossy().to_string();
    let (code, _, err) = run_owned(&world_render("equal-earth", &o, &[]));
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    let sphere = svg.find("fill=\"#eaf0f6\"").expect("the sphere");
    assert!(
        sphere < svg.find("fill-rule=\"evenodd\"").unwrap(),
        "under the countries"
    );
    // the outline's path: every x within the map (700 px wide, 8 px of padding), both sides reached
    let d_at = svg[..sphere].rfind("<path").unwrap();
    let d = &svg[d_at..];
    let d = &d[d.find(" d=\"").unwrap() + 4..];
    let d = &d[..d.find('"').unwrap()];
    let xs: Vec<f64> = d
        .split(['M', 'L', 'Z'])
        .filter_map(|p| p.split_whitespace().next()?.parse().ok())
        .collect();
    let (lo, hi) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    assert!(lo >= 7.0 && hi <= 693.0 && hi - lo > 600.0, "{lo} … {hi}");
}

#[test]
fn render_centres_a_world_map_on_the_pacific() {
    // the same world, centred on 150° E: Australia in the middle, the Americas on the right;
    // refused for a centre off -180…180 or for a map of one country
    let label_x = |centre: Option<&str>, name: &str| -> f64 {
        let out = std::env::temp_dir().join(format!(
            "sealed-atlas-cli-centre-{}.svg",
            centre.unwrap_or("0")
        ));
        let o = out.to_string_lossy().to_string();
        let more: Vec<&str> = match centre {
            Some(c) => vec!["--labels", "name", "--centre", c],
            None => vec!["--labels", "name"],
        };
        let (code, _, err) = run_owned(&world_render("equal-earth", &o, &more));
        assert_eq!(code, 0, "{err}");
        let svg = std::fs::read_to_string(&out).unwrap();
        let at = svg
            .find(&format!(">{name}<"))
            .unwrap_or_else(|| panic!("{name} labelled"));
        let t = &svg[svg[..at].rfind("<text ").unwrap() + 6..at];
        attr(t, "x")
    };
    // (the map 700 px wide)
    assert!(label_x(None, "Australia") > 500.0);
    assert!(label_x(None, "Brazil") < 350.0);
    let (au, br) = (
        label_x(Some("150"), "Australia"),
        label_x(Some("150"), "Brazil"),
    );
    assert!((au - 350.0).abs() < 120.0, "Australia at {au}");
    assert!(br > 500.0, "Brazil at {br}");
    let refused_for = |c: &str, proj: &str| {
        let a = world_render(proj, "/dev/null", &["--centre", c]);
        refused(&a.iter().map(|s| s.as_str()).collect::<Vec<_>>())
    };
    assert!(refused_for("200", "equal-earth").contains("from -180 to 180"));
    assert!(refused_for("150", "lambert93").contains("--centre"));
}

#[test]
fn render_names_points_beside_their_symbols_not_over_them_and_draws_them_whole() {
    // four shops far apart, their sales as proportional circles (up to 28 pixels): each name
    // beside its circle (it was 7 pixels from the point whatever the circle, over it); the
    // circles whole on the map (the two shops at its edges had half a circle)
    let dir = std::env::temp_dir().join("sealed-atlas-cli-shops");
    std::fs::create_dir_all(&dir).unwrap();
    let shops = [
        ("a", "Nord", 0.0, 0.0, 90_000),
        ("b", "Sud", 10.0, -2.0, 40_000),
        ("c", "Est", 20.0, 1.0, 10_000),
        ("d", "Ouest", 30.0, 0.5, 160_000),
    ];
    let features: Vec<String> = shops
        .iter()
        .map(|(id, _, x, y, _)| format!(r#"{{"type":"Feature","properties":{{"id":"{id}"}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}"#))
        .collect();
    let geo = dir.join("shops.geojson");
    std::fs::write(
        &geo,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    let csv = dir.join("sales.csv");
    let rows: Vec<String> = shops
        .iter()
        .map(|(id, n, _, _, s)| format!("{id},{n},{s}"))
        .collect();
    std::fs::write(&csv, format!("id,nom,sales\n{}\n", rows.join("\n"))).unwrap();
    let out = dir.join("shops.svg");
    let (g, c, o) = (
        geo.to_string_lossy(),
        csv.to_string_lossy(),
        out.to_string_lossy(),
    );
    let (code, v, _) = run(&[
        "render",
        &g,
        &c,
        "--geo-key",
        "id",
        "--table-key",
        "id",
        "--column",
        "sales",
        "-k",
        "2",
        "--projection",
        "equirectangular",
        "--symbols",
        "sales",
        "--labels",
        "nom",
        "-o",
        &o,
    ]);
    assert_eq!(code, 0, "{v:?}");
    let svg = std::fs::read_to_string(&out).unwrap();
    let (_, map) = svg.split_once("aria-label=\"map\"").unwrap();
    let circles: Vec<[f64; 3]> = map
        .split("<circle ")
        .skip(1)
        .map(|t| [attr(t, "cx"), attr(t, "cy"), attr(t, "r")])
        .filter(|c| c[2] > 5.0)
        .collect();
    assert_eq!(circles.len(), 4, "{map}");
    let frame_w: f64 = attr(svg.split("<clipPath").nth(1).unwrap(), "width");
    let frame_h: f64 = attr(svg.split("<clipPath").nth(1).unwrap(), "height");
    for c in &circles {
        assert!(
            c[0] - c[2] >= -0.5
                && c[0] + c[2] <= frame_w + 0.5
                && c[1] - c[2] >= -0.5
                && c[1] + c[2] <= frame_h + 0.5,
            "{c:?} past the map's edge ({frame_w} × {frame_h})"
        );
    }
    let labels = labels_of(map);
    assert_eq!(labels.len(), 4, "{labels:?}");
    for l in &labels {
        // the text's box (its estimated width, around its middle a third of its size above the
        // baseline) clear of every circle
        let w = sealed_atlas::render::labels::estimated_width(&l.2);
        let (x0, x1, y) = (l.0 - w / 2.0, l.0 + w / 2.0, l.1 - 4.0);
        for c in &circles {
            let dx = (c[0] - c[0].clamp(x0, x1)).abs();
            let dy = (c[1] - y).abs().max(0.0);
            assert!(dx > c[2] || dy > c[2], "{l:?} over the circle {c:?}");
        }
    }
}

#[test]
fn render_maps_a_density_per_km2_or_a_rate_over_another_column() {
    use sealed_atlas::io::{load, Data, Options};
    let out = std::env::temp_dir().join("sealed-atlas-cli-ratio.csv");
    let o = out.to_string_lossy().to_string();
    let values = |extra: &[&str]| {
        let (code, v, _) = run(&[
            RENDER_DEPARTEMENTS,
            extra,
            &["--locale", "fr", "--labels", "nom", "-o", &o],
        ]
        .concat());
        assert_eq!(code, 0, "{v:?}");
        let bytes = std::fs::read(&out).unwrap();
        let Data::Table(t) = load(&bytes, "data.csv", &Options::default()).unwrap().data else {
            panic!("not a table")
        };
        let (c, v) = (t.column_index("code").unwrap(), 2);
        let header = t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        let by_code: std::collections::HashMap<String, f64> = (0..t.rows)
            .map(|r| {
                (
                    t.columns[c].text(r).unwrap().to_string(),
                    t.columns[v].number(r).unwrap(),
                )
            })
            .collect();
        (header, by_code)
    };
    // per km² of each département's area (PROJ's for Paris and Lozère: see real_data.rs)
    let (header, dens) = values(&["--divide-by", "km2"]);
    assert_eq!(
        header,
        [
            "code",
            "nom",
            "population / km²",
            "superficie calculée (km²)",
            "classe"
        ]
    );
    for (code, pop, km2) in [("75", 2_103_778.0, 103.856), ("48", 76_486.0, 5_183.783)] {
        assert!(
            (dens[code] - pop / km2).abs() <= 1e-4 * pop / km2,
            "{code}: {}",
            dens[code]
        );
    }
    // (with the areas it divides by, as the page's CSV)
    let Data::Table(t) = load(&std::fs::read(&out).unwrap(), "d.csv", &Options::default())
        .unwrap()
        .data
    else {
        panic!("not a table")
    };
    let (c, a) = (
        t.column_index("code").unwrap(),
        t.column_index("superficie calculée (km²)").unwrap(),
    );
    let paris = (0..t.rows)
        .find(|&r| t.columns[c].text(r) == Some("75"))
        .unwrap();
    let km2 = t.columns[a].number(paris).unwrap();
    assert!((km2 - 103.856).abs() <= 1e-4 * 103.856, "{km2}");
    // over the table's own areas, in thousandths
    let (header, rate) = values(&["--divide-by", "superficie (km²)", "--times", "1000"]);
    assert_eq!(header[2], "population / superficie (km²) (‰)");
    assert_eq!(rate["48"], 76_486.0 / 5_175.8 * 1000.0);
    assert_eq!(
        refused(&[RENDER_DEPARTEMENTS, &["--divide-by", "nom"]].concat()),
        "column 'nom' holds no numbers (text)"
    );
    assert_eq!(
        refused(
            &[
                RENDER_DEPARTEMENTS,
                &["--divide-by", "km2", "--times", "cent"]
            ]
            .concat()
        ),
        "--times must be a number, not 'cent'"
    );
}
