//! `sealed-atlas`: the command line over the same core as the page.
//!
//! ```text
//! sealed-atlas info FILE [--object NAME]
//! sealed-atlas join GEO TABLE --geo-key K --table-key K [--filter COLUMN=VALUE]
//! sealed-atlas classify TABLE --column C --method M [-k N] [--breaks a,b,c]
//! sealed-atlas render GEO TABLE --geo-key K --table-key K --column C [--method M] [-k N] [-o map.svg | -o map.png --scale 2]
//!              [--palette P] [--projection P [--centre LON]] [--title T] [--symbols COLUMN [--shape circle|square] [--symbols-by-class]]
//!              [--labels COLUMN] [--label-values] [--labels-max N] [--value-scale 100 --suffix %]
//!              [--divide-by COLUMN|km2 [--times 100]]   (a rate, or a density per km² of each feature's area)
//! sealed-atlas render GEO TABLE … -o data.csv [--locale fr]   (each feature's code, name, value, class)
//! ```
//! Output is JSON (or SVG for `render`); errors go to stderr as JSON with exit status 1.

use sealed_atlas::carto::{Projected, Projection};
use sealed_atlas::choropleth::{self, classification_json, Spec};
use sealed_atlas::error::Error;
use sealed_atlas::format::Locale;
use sealed_atlas::io::{self, Data, Loaded, Options};
use sealed_atlas::join::{join, GeoKey, JoinOptions};
use sealed_atlas::jsonw;
use sealed_atlas::render::labels;
use sealed_atlas::render::sheet::{scale_bar, PageSpec};
use sealed_atlas::render::svg::View;
use sealed_atlas::render::symbols;
use sealed_atlas::stats::{classify, Method};
use std::process::ExitCode;

struct Args {
    positional: Vec<String>,
    flags: Vec<(String, String)>,
}

/// The flags that take no value.
const SWITCHES: [&str; 3] = ["reverse", "label-values", "symbols-by-class"];

impl Args {
    fn parse(v: Vec<String>) -> Args {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = v.into_iter();
        while let Some(a) = it.next() {
            if let Some(name) = a
                .strip_prefix("--")
                .or_else(|| a.strip_prefix('-').filter(|n| !n.is_empty()))
            {
                let (k, v) = match name.split_once('=') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    // (switches take no value: `--reverse -o map.svg` took `-o` as its value)
                    None if SWITCHES.contains(&name) => (name.to_string(), String::new()),
                    None => (name.to_string(), it.next().unwrap_or_default()),
                };
                flags.push((k, v));
            } else {
                positional.push(a);
            }
        }
        Args { positional, flags }
    }
    fn get(&self, k: &str) -> Option<&str> {
        self.flags.iter().find(|f| f.0 == k).map(|f| f.1.as_str())
    }
    fn need(&self, k: &str) -> Result<&str, Error> {
        self.get(k)
            .ok_or_else(|| Error::new("usage", format!("missing --{k}")))
    }
}

fn read(path: &str, opts: &Options) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new("io", format!("{path}: cannot read the file: {e}")))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.to_string());
    io::load(&bytes, &name, opts)
}

/// `--type code=key,rate=number`: overrides inferred column types.
fn apply_types(t: &mut sealed_atlas::table::Table, args: &Args) -> Result<(), Error> {
    let Some(spec) = args.get("type") else {
        return Ok(());
    };
    for item in spec.split(',') {
        let (c, k) = item
            .split_once('=')
            .ok_or_else(|| Error::new("usage", "--type COLUMN=key|number|text[,…]"))?;
        let kind = sealed_atlas::table::Kind::parse(k.trim()).ok_or_else(|| {
            Error::new(
                "usage",
                format!("--type: unknown type '{k}' (key, number, text)"),
            )
        })?;
        let i = column(t, c.trim())?;
        t.columns[i].set_kind(kind);
    }
    Ok(())
}

fn column(t: &sealed_atlas::table::Table, name: &str) -> Result<usize, Error> {
    t.column_index(name).ok_or_else(|| {
        Error::new(
            "column",
            format!(
                "no column '{name}' in {}; columns: {}",
                t.name,
                t.columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// Adds column `col` over `by` (a column, or with `areas` each feature's: `km2`) times `--times`
/// to `table` (see `table::derive`): the new column's index.
fn ratio(
    table: &mut sealed_atlas::table::Table,
    areas: Option<&[f64]>,
    rep: &sealed_atlas::join::JoinReport,
    col: usize,
    by: &str,
    args: &Args,
) -> Result<usize, Error> {
    use sealed_atlas::table::derive::{self, Over};
    let times = args.get("times").unwrap_or("1");
    let scale: f64 = times
        .parse()
        .map_err(|_| Error::new("usage", format!("--times must be a number, not '{times}'")))?;
    let num = table.columns[col].name.clone();
    let (over, den) = if let Some(areas) = areas {
        let rows = derive::per_row(&rep.feature_row, areas, table.rows);
        (Over::Rows(rows), "km²".to_string())
    } else {
        let d = column(table, by)?;
        (Over::Column(by), table.columns[d].name.clone())
    };
    let per = match scale {
        100.0 => " (%)",
        1000.0 => " (‰)",
        _ => "",
    };
    derive::add_ratio(table, &num, over, scale, &format!("{num} / {den}{per}"))?;
    Ok(table.columns.len() - 1)
}

fn run(args: Args) -> Result<String, Error> {
    let cmd = args.positional.first().map(|s| s.as_str()).unwrap_or("");
    let opts = Options {
        object: args.get("object").map(|s| s.to_string()),
        sheet: args.get("sheet").map(|s| s.to_string()),
    };
    match cmd {
        "info" => {
            let path = args.positional.get(1).ok_or_else(|| Error::new("usage", "usage: sealed-atlas info FILE"))?;
            let mut loaded = read(path, &opts)?;
            match &mut loaded.data {
                Data::Table(t) => apply_types(t, &args)?,
                Data::Layer(l) => apply_types(&mut l.props, &args)?,
            }
            Ok(sealed_atlas::info::loaded_json(&loaded))
        }
        "join" | "render" => {
            let (gp, tp) = match (args.positional.get(1), args.positional.get(2)) {
                (Some(g), Some(t)) => (g, t),
                _ => return Err(Error::new("usage", format!("usage: sealed-atlas {cmd} GEO TABLE --geo-key K --table-key K"))),
            };
            let geo = read(gp, &opts)?;
            let tab = read(tp, &Options::default())?;
            let Data::Layer(layer) = geo.data else { return Err(Error::new("usage", format!("{gp} is a table, not a map layer"))) };
            let mut table = match tab.data {
                Data::Table(t) => t,
                Data::Layer(l) => l.props,
            };
            apply_types(&mut table, &args)?;
            let gk = args.get("geo-key").unwrap_or("@id");
            let geo_key = if gk == "@id" || gk == "id" && layer.props.column_index("id").is_none() { GeoKey::Id } else { GeoKey::Column(column(&layer.props, gk)?) };
            let tk = column(&table, args.need("table-key")?)?;
            let filter = match args.get("filter") {
                Some(f) => {
                    let (c, v) = f.split_once('=').ok_or_else(|| Error::new("usage", "--filter COLUMN=VALUE"))?;
                    Some((column(&table, c)?, v))
                }
                None => None,
            };
            let rep = join(&layer, &geo_key, &table, tk, &JoinOptions::default(), filter);
            if cmd == "join" {
                return Ok(rep.to_json());
            }
            let mut col = column(&table, args.need("column")?)?;
            // a rate or a density (`--divide-by COLUMN|km2 [--times 100]`): a column of its own,
            // mapped, as the page's « Taux, densité »
            // (the areas once, for the ratio and the CSV)
            let mut areas = None;
            if let Some(by) = args.get("divide-by") {
                if matches!(by, "km2" | "km²") {
                    areas = Some(sealed_atlas::geom::area::feature_areas(&layer)?);
                }
                col = ratio(&mut table, areas.as_deref(), &rep, col, by, &args)?;
            }
            let locale = Locale::parse(args.get("locale").unwrap_or("en"));
            // values on both sides of zero (a balance, a change): by default a diverging palette
            // with its neutral middle on the class of zero, as the page's
            let values = choropleth::joined_values(&rep, &table, col);
            let signed = values.iter().any(|&v| v < 0.0) && values.iter().any(|&v| v > 0.0);
            let spec = Spec {
                method: Method::parse(args.get("method").unwrap_or("quantile"), &breaks(&args)?)?,
                k: args.get("k").unwrap_or("5").parse().map_err(|_| Error::new("usage", "-k must be a number"))?,
                palette: args.get("palette").unwrap_or(if signed { "RdBu" } else { "YlOrRd" }).to_string(),
                reverse: args.get("reverse").is_some(),
                pivot: args.get("pivot").and_then(|p| p.parse().ok()).or(signed.then_some(0.0)),
                locale,
                unit: unit(&args)?,
            };
            let ch = choropleth::for_column(&rep, &table, col, &spec)?;
            if args.get("o").is_some_and(|o| o.to_ascii_lowercase().ends_with(".csv")) {
                let areas = areas.as_deref();
                return data_csv(&args, &layer, &geo_key, &table, &rep, col, areas, &ch, locale);
            }
            let pname = args.get("projection").unwrap_or("equirectangular");
            let proj = Projection::parse(pname).ok_or_else(|| Error::new("usage", format!("unknown projection '{pname}'")))?;
            // a world map centred on another meridian (its graticule on the world's round
            // meridians): the layer recentred there
            let recentred;
            let drawn = match args.get("centre") {
                None => &layer,
                Some(c) => {
                    let lon0: f64 = c.parse().map_err(|_| Error::new("usage", "--centre must be a number of degrees east"))?;
                    if !sealed_atlas::carto::recentre::offered(&proj, lon0) {
                        return Err(Error::new("usage", "--centre: degrees east from -180 to 180, for equal-earth, natural-earth, equirectangular or mercator"));
                    }
                    recentred = sealed_atlas::carto::recentre::recentred(&layer, lon0);
                    &recentred
                }
            };
            let p = Projected::new(drawn, proj);
            let title = args.get("title").map(|s| s.to_string()).unwrap_or_else(|| table.columns[col].name.clone());
            let source = format!("Sources: {}, {}", layer.name, table.name);
            // the map 700 × 560 pixels, the layer fitted in it, as the page's export lays it out
            let (mw, mh) = (700.0, 560.0);
            // (a world with its whole sphere, drawn under it)
            let mut view = p.fit_box().map(|b| View::fit(b, mw, mh, 8.0));
            let mut over = Vec::new();
            let mut key = None;
            // (each feature's symbol's radius: a point's name goes beside it, not over it)
            let mut radii = Vec::new();
            let by_class = args.get("symbols-by-class").is_some();
            if let (Some(v), Some(name)) = (view, args.get("symbols")) {
                let values = choropleth::joined_values(&rep, &table, column(&table, name)?);
                let square = match args.get("shape").unwrap_or("circle") {
                    "circle" => false,
                    "square" => true,
                    other => return Err(Error::new("usage", format!("--shape circle or square, not '{other}'"))),
                };
                // (a fill that stands out from the classes under the symbols, as the page's)
                let classes: Vec<_> = ch.colors.iter().map(|c| [c[0], c[1], c[2], 255]).collect();
                let fill = symbols::fill_over(&classes);
                let mut s = symbols::Symbols::new(&values, 28.0, square, fill, symbols::negative_fill_over(&classes, fill));
                if by_class {
                    // each symbol in its feature's class's colour (no data: the no-data grey)
                    let [r, g, b] = sealed_atlas::color::NO_DATA;
                    let own = ch.classes.iter().map(|&k| usize::try_from(k).ok().and_then(|k| classes.get(k).copied()).unwrap_or([r, g, b, 255])).collect();
                    s = s.coloured(own);
                }
                // every symbol whole on the map: the padding grown by what the one reaching
                // furthest past an edge needs (a shop at the map's edge had half a circle); the
                // anchors found once, at the first fit's scale
                let at: Vec<_> = (0..values.len()).map(|f| symbols::anchor(&p, f, v.k)).collect();
                let at = &at;
                let on = |v: View| move |f: usize| at.get(f).copied().flatten().map(|(x, y)| v.screen(x, y));
                let (fit, mut v, mut pad) = (p.fit_box().unwrap_or_default(), v, 8.0);
                for _ in 0..3 {
                    let past = s.past_edges(on(v), mw, mh);
                    if past <= 0.5 {
                        break;
                    }
                    pad += past;
                    v = View::fit(fit, mw, mh, pad);
                }
                view = Some(v);
                over = s.marks(on(v), mw, mh);
                radii = values.iter().map(|&x| s.radius(x)).collect();
                key = Some(s.key(name, |x| sealed_atlas::format::format_number(x, 0, locale)));
            }
            if let Some(v) = view {
                // (the scale at the map's middle, none where it varies too much: see view_scale)
                let (cx, cy) = ((mw / 2.0 - v.tx) / v.k, (v.ty - mh / 2.0) / v.k);
                let bar = p
                    .view_scale(cx, cy, mw.min(mh) / 2.0 / v.k)
                    .and_then(|m| scale_bar(m / v.k, mh));
                // labels of a column (of the table, else of the layer) and/or the values mapped,
                // placed as the page places them, clear of the scale bar
                if let Some(texts) = label_texts(&args, &layer, &table, &rep, col, locale)? {
                    let texts: Vec<Option<&str>> = texts.iter().map(|t| t.as_deref()).collect();
                    let max: usize = args.get("labels-max").unwrap_or("40").parse().map_err(|_| Error::new("usage", "--labels-max must be a whole number"))?;
                    let cands = labels::candidates(&p, &v, &texts, labels::estimated_width);
                    let only: Vec<labels::Candidate> = cands
                        .iter()
                        .map(|&(c, f)| match radii.get(f) {
                            Some(&r) if c.beside > 0.0 => labels::Candidate { beside: labels::point_gap(r), ..c },
                            _ => c,
                        })
                        .collect();
                    let obstacles: Vec<[f64; 4]> = bar.iter().map(|b| b.bbox).collect();
                    let frames = v.inset_frames(&p);
                    for placed in labels::place(&only, &obstacles, &frames, [mw, mh], max) {
                        let f = cands[placed.candidate].1;
                        over.extend(placed.marks(texts[f].unwrap_or("")));
                    }
                }
                over.extend(bar.map(|b| b.marks).unwrap_or_default());
            }
            let [k, tx, ty] = view.map_or([1.0, 0.0, 0.0], |v| [v.k, v.tx, v.ty]);
            // (over the legend, what it measures: the column mapped)
            let legend_title = table.columns[col].name.clone();
            // (symbols coloured by class: the features under them plain)
            let plain = (by_class && key.is_some()).then_some(symbols::PLAIN);
            let page = PageSpec { title, source, legend_title, width: mw, height: mh, view: [k, tx, ty], over, symbols: key, plain };
            let s = ch.svg(&p, &ch.sheet(page));
            match args.get("o") {
                // PNG: the same SVG scene, rasterised natively (--scale 1, 2 or 3)
                #[cfg(not(target_arch = "wasm32"))]
                Some(path) if path.to_ascii_lowercase().ends_with(".png") => {
                    let scale: f32 = args.get("scale").unwrap_or("1").parse().map_err(|_| Error::new("usage", "--scale must be a number"))?;
                    let png = sealed_atlas::render::png::svg_to_png(&s, scale)?;
                    std::fs::write(path, &png.bytes).map_err(|e| Error::new("io", format!("{path}: {e}")))?;
                    let mut o = jsonw::Obj::new().s("written", path).n("width", png.width as f64).n("height", png.height as f64).n("fontFaces", png.font_faces as f64);
                    if png.font_faces == 0 {
                        o = o.s("warning", "no fonts found on this system: the PNG has no text (the SVG has it)");
                    }
                    Ok(o.done())
                }
                Some(path) => {
                    std::fs::write(path, s).map_err(|e| Error::new("io", format!("{path}: {e}")))?;
                    Ok(jsonw::Obj::new().s("written", path).done())
                }
                None => Ok(s),
            }
        }
        "classify" => {
            let path = args.positional.get(1).ok_or_else(|| Error::new("usage", "usage: sealed-atlas classify TABLE --column C --method M -k N"))?;
            let loaded = read(path, &opts)?;
            let mut table = match loaded.data {
                Data::Table(t) => t,
                Data::Layer(l) => l.props,
            };
            apply_types(&mut table, &args)?;
            // several columns (`--column pop1999,pop2020`): pooled breaks over all of them
            let mut c = sealed_atlas::table::Column::new("pooled");
            for name in args.need("column")?.split(',') {
                let mut one = table.columns[column(&table, name.trim())?].clone();
                if one.kind != sealed_atlas::table::Kind::Number {
                    one.set_kind(sealed_atlas::table::Kind::Number);
                }
                c.numbers.extend_from_slice(&one.numbers);
            }
            let method = Method::parse(args.get("method").unwrap_or("quantile"), &breaks(&args)?)?;
            let k: usize = args.get("k").unwrap_or("5").parse().map_err(|_| Error::new("usage", "-k must be a number"))?;
            // --repeat N: classify N times and report the median time (parsing excluded)
            let repeat: usize = args.get("repeat").and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
            let mut times = Vec::with_capacity(repeat);
            let mut result = None;
            for _ in 0..repeat {
                let t0 = std::time::Instant::now();
                result = Some(classify(&c.numbers, &method, k)?);
                times.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(|a, b| a.total_cmp(b));
            let json = classification_json(&result.ok_or_else(|| Error::new("usage", "nothing classified"))?);
            if args.get("time").is_some() || repeat > 1 {
                let n = c.numbers.iter().filter(|v| !v.is_nan()).count();
                return Ok(format!("{},\"values\":{n},\"medianMs\":{}}}", &json[..json.len() - 1], times[times.len() / 2]));
            }
            Ok(json)
        }
        _ => Err(Error::new("usage", "usage: sealed-atlas (info FILE | join GEO TABLE --geo-key K --table-key K | classify TABLE --column C --method M -k N | render GEO TABLE ... -o map.svg|map.png)")),
    }
}

fn breaks(args: &Args) -> Result<Vec<f64>, Error> {
    match args.get("breaks") {
        None => Ok(Vec::new()),
        Some(b) => b
            .split(',')
            .map(|x| {
                x.trim()
                    .parse::<f64>()
                    .map_err(|_| Error::new("usage", format!("--breaks: '{x}' is not a number")))
            })
            .collect(),
    }
}

/// Each feature's text in column `name` (`--labels`): the table's, joined, else the layer's own.
fn names_of<'a>(
    name: &str,
    layer: &'a sealed_atlas::geom::Layer,
    table: &'a sealed_atlas::table::Table,
    rep: &sealed_atlas::join::JoinReport,
) -> Result<Vec<Option<&'a str>>, Error> {
    Ok(match table.column_index(name) {
        Some(c) => choropleth::joined_text(rep, table, c),
        None => {
            let c = &layer.props.columns[column(&layer.props, name)?];
            (0..layer.len())
                .map(|f| choropleth::cell_text(c, f))
                .collect()
        }
    })
}

/// How the mapped column's values are shown (`--value-scale 100 --suffix %`: a rate of 0.097 as
/// `9.7%`): in the legend and the labels' values.
fn unit(args: &Args) -> Result<sealed_atlas::format::Unit, Error> {
    let scale = match args.get("value-scale") {
        None => None,
        Some(s) => Some(
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v > 0.0)
                .ok_or_else(|| {
                    Error::new(
                        "usage",
                        format!("--value-scale: '{s}' is not a number above zero"),
                    )
                })?,
        ),
    };
    Ok(sealed_atlas::format::Unit::new(scale, args.get("suffix")))
}

/// Each feature's label: its text in `--labels`' column, the value mapped under it with
/// `--label-values` (as the page's « valeurs / values »: in `locale`, a category's name for text),
/// either alone where the other is missing; `None` without either flag.
fn label_texts(
    args: &Args,
    layer: &sealed_atlas::geom::Layer,
    table: &sealed_atlas::table::Table,
    rep: &sealed_atlas::join::JoinReport,
    col: usize,
    locale: Locale,
) -> Result<Option<Vec<Option<String>>>, Error> {
    let names = args
        .get("labels")
        .map(|n| names_of(n, layer, table, rep))
        .transpose()?;
    let unit = unit(args)?;
    let values: Option<Vec<Option<String>>> =
        args.get("label-values")
            .map(|_| match table.columns[col].kind {
                sealed_atlas::table::Kind::Number => choropleth::joined_values(rep, table, col)
                    .into_iter()
                    .map(|v| unit.value_text(v, locale))
                    .collect(),
                _ => choropleth::joined_text(rep, table, col)
                    .into_iter()
                    .map(|t| t.map(str::to_string))
                    .collect(),
            });
    Ok(match (names, values) {
        (None, None) => None,
        (Some(n), None) => Some(n.into_iter().map(|t| t.map(str::to_string)).collect()),
        (None, Some(v)) => Some(v),
        (Some(n), Some(v)) => Some(
            n.into_iter()
                .zip(v)
                .map(|pair| match pair {
                    (Some(n), Some(v)) => Some(format!("{n}\n{v}")),
                    (n, v) => v.or(n.map(str::to_string)),
                })
                .collect(),
        ),
    })
}

/// `render … -o data.csv`: the map's data for a spreadsheet in `--locale`'s language (the page's
/// « CSV »): each feature's code, its name (`--labels`' column), the value mapped, the areas a
/// density divides by (`areas`), and its class.
#[allow(clippy::too_many_arguments)]
fn data_csv(
    args: &Args,
    layer: &sealed_atlas::geom::Layer,
    geo_key: &GeoKey,
    table: &sealed_atlas::table::Table,
    rep: &sealed_atlas::join::JoinReport,
    col: usize,
    areas: Option<&[f64]>,
    ch: &choropleth::Choropleth,
    locale: Locale,
) -> Result<String, Error> {
    let n = layer.len();
    let mut header = vec!["code".to_string()];
    let mut texts: Vec<String> = (0..n)
        .map(|f| match geo_key {
            GeoKey::Id => layer.ids.get(f).unwrap_or("").to_string(),
            GeoKey::Column(c) => layer.props.columns[*c].text(f).unwrap_or("").to_string(),
        })
        .collect();
    let mut kinds = b"t".to_vec();
    if let Some(name) = args.get("labels") {
        let names = names_of(name, layer, table, rep)?;
        header.push(name.to_string());
        texts.extend(names.iter().map(|t| t.unwrap_or("").to_string()));
        kinds.push(b't');
    }
    // (the legend's last entry is no data: a feature without a class has an empty cell)
    let class = |f: usize| match usize::try_from(ch.classes[f]) {
        Ok(k) if k + 1 < ch.legend.len() => ch.legend[k].0.clone(),
        _ => String::new(),
    };
    header.push(table.columns[col].name.clone());
    let mut numbers: Vec<f64> = if ch.classification.is_some() {
        kinds.push(b'n');
        ch.values.clone()
    } else {
        kinds.push(b't');
        texts.extend((0..n).map(class));
        Vec::new()
    };
    // (a density: the areas it divides by, as the page's CSV gives them)
    if let Some(areas) = areas.filter(|_| !numbers.is_empty()) {
        numbers.extend_from_slice(areas);
        kinds.push(b'n');
        header.push(
            if locale == Locale::Fr {
                "superficie calculée (km²)"
            } else {
                "computed area (km²)"
            }
            .to_string(),
        );
    }
    header.push(
        if locale == Locale::Fr {
            "classe"
        } else {
            "class"
        }
        .to_string(),
    );
    texts.extend((0..n).map(class));
    kinds.push(b't');
    let csv = sealed_atlas::table::write::csv(&header, &kinds, &texts, &numbers, n, locale)?;
    let path = args.need("o")?;
    std::fs::write(path, csv).map_err(|e| Error::new("io", format!("{path}: {e}")))?;
    Ok(jsonw::Obj::new()
        .s("written", path)
        .n("rows", n as f64)
        .done())
}

fn main() -> ExitCode {
    let args = Args::parse(std::env::args().skip(1).collect());
    match run(args) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", jsonw::error(&e));
            ExitCode::FAILURE
        }
    }
}
