//! The browser binding, and the only module that knows about JavaScript. It converts, calls the
//! core and hands back JSON text or typed arrays (one copy per call, never one call per vertex).
//! Every function returns an error value instead of panicking: a panic would kill the page.

use crate::carto::{projected::Lod, Projected, Projection};
use crate::choropleth::{self, Choropleth, Spec};
use crate::error::Error;
use crate::format::{format_number, Locale};
use crate::io::binary::Source;
use crate::io::json::{self, Value};
use crate::io::{Data, Loaded, Options};
use crate::join::{join, GeoKey, JoinOptions, JoinReport};
use crate::jsonw::{self, Obj};
use crate::render::sheet::Sheet;
use crate::stats::{classify, Method};
use crate::table::{Kind, Table};
use wasm_bindgen::prelude::*;

/// Errors become JS `Error` objects with `code`, `line`, `column`, `byte` and `feature` members.
fn js_err(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let o: &JsValue = err.as_ref();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code));
    if let Some(l) = e.at.line {
        set("line", JsValue::from(l));
    }
    if let Some(c) = e.at.column {
        set("column", JsValue::from(c));
    }
    if let Some(b) = e.at.byte {
        set("byte", JsValue::from(b as f64));
    }
    if let Some(f) = &e.at.feature {
        set("feature", JsValue::from_str(f));
    }
    err.into()
}

fn opts(options_json: &str) -> Result<Value, JsValue> {
    if options_json.trim().is_empty() {
        return Ok(Value::Obj(Vec::new()));
    }
    json::parse(options_json).map_err(js_err)
}

fn opt_str<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(|x| x.as_str())
}

/// A loaded file: a map layer or a table.
#[wasm_bindgen]
pub struct Dataset {
    loaded: Loaded,
}

#[wasm_bindgen]
impl Dataset {
    /// JSON summary: format, encoding, counts, columns with types, warnings.
    pub fn info(&self) -> String {
        crate::info::loaded_json(&self.loaded)
    }
    #[wasm_bindgen(js_name = isLayer)]
    pub fn is_layer(&self) -> bool {
        matches!(self.loaded.data, Data::Layer(_))
    }
    /// Features or rows.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        match &self.loaded.data {
            Data::Layer(l) => l.len(),
            Data::Table(t) => t.rows,
        }
    }
    /// A layer's box in its own coordinates, `[]` for a table or no geometry.
    #[wasm_bindgen(js_name = layerBox)]
    pub fn layer_box(&self) -> Vec<f64> {
        match &self.loaded.data {
            Data::Layer(l) => l.bbox().map(|b| b.to_vec()).unwrap_or_default(),
            Data::Table(_) => Vec::new(),
        }
    }
    /// Overrides a column's inferred type: `key`, `number` or `text`.
    #[wasm_bindgen(js_name = setColumnType)]
    pub fn set_column_type(&mut self, column: &str, kind: &str) -> Result<(), JsValue> {
        let k = Kind::parse(kind).ok_or_else(|| {
            js_err(Error::new(
                "usage",
                format!("unknown column type '{kind}' (key, number, text)"),
            ))
        })?;
        let t = self.table_mut();
        let c = t
            .column_index(column)
            .ok_or_else(|| js_err(Error::new("column", format!("no column '{column}'"))))?;
        t.columns[c].set_kind(k);
        Ok(())
    }
    /// Adds number column `name`: column `numerator` over column `denominator`, or, if that is
    /// empty, over `perFeature` (a value per feature of the layer `join` joined this table to: its
    /// areas, `featureAreas`, for a density), times `scale` (100: a percentage). JSON `{values,
    /// zero, missing}`: the rows given a value, those whose divisor is zero, those lacking either.
    #[wasm_bindgen(js_name = addRatio)]
    pub fn add_ratio(
        &mut self,
        join: &Join,
        numerator: &str,
        denominator: &str,
        #[wasm_bindgen(js_name = perFeature)] per_feature: &[f64],
        scale: f64,
        name: &str,
    ) -> Result<String, JsValue> {
        use crate::table::derive::{self, Over};
        let t = self.table_mut();
        let over = if denominator.is_empty() {
            Over::Rows(derive::per_row(
                &join.report.feature_row,
                per_feature,
                t.rows,
            ))
        } else {
            Over::Column(denominator)
        };
        let m = derive::add_ratio(t, numerator, over, scale, name).map_err(js_err)?;
        Ok(Obj::new()
            .n("values", m.values as f64)
            .n("zero", m.zero as f64)
            .n("missing", m.missing as f64)
            .done())
    }
    /// A column's current type (`key`, `number`, `text`, `empty`), or `""` if there is no such column.
    #[wasm_bindgen(js_name = columnType)]
    pub fn column_type(&self, column: &str) -> String {
        let t = self.table();
        t.column_index(column)
            .map(|c| t.columns[c].kind.name().to_string())
            .unwrap_or_default()
    }
    /// Every cell of a column as text (`""` where empty), in one call: labels for 35,000 features
    /// without 35,000 calls. Empty if there is no such column. `"@id"` is a layer's features' ids.
    #[wasm_bindgen(js_name = columnTexts)]
    pub fn column_texts(&self, column: &str) -> Vec<String> {
        let t = self.table();
        if let (Data::Layer(l), "@id") = (&self.loaded.data, column) {
            return (0..l.len())
                .map(|i| l.ids.get(i).unwrap_or("").to_string())
                .collect();
        }
        match t.column_index(column) {
            Some(c) => (0..t.rows)
                .map(|r| t.columns[c].text(r).unwrap_or("").to_string())
                .collect(),
            None => Vec::new(),
        }
    }
    /// One cell as text (`undefined` where empty or out of range): a label asks for the few names it
    /// shows, not for 35,000 strings. `"@id"` is a layer's features' ids.
    #[wasm_bindgen(js_name = columnText)]
    pub fn column_text(&self, column: &str, row: usize) -> Option<String> {
        if let (Data::Layer(l), "@id") = (&self.loaded.data, column) {
            return l.ids.get(row).map(str::to_string);
        }
        let t = self.table();
        let c = t.column_index(column)?;
        t.columns[c].text(row).map(|s| s.to_string())
    }
    /// The features (or rows) whose text in one of `columns` matches what is typed (`query`),
    /// best first, at most `max` (see [`crate::table::search::search`]): a search box's answers,
    /// among 35,000 communes as one types.
    /// `"@id"` is the features' ids.
    pub fn search(&self, columns: Vec<String>, query: &str, max: usize) -> Vec<u32> {
        let t = self.table();
        let ids = match &self.loaded.data {
            Data::Layer(l) => Some(&l.ids),
            Data::Table(_) => None,
        };
        let mut texts: Vec<crate::table::search::Texts> = Vec::new();
        for c in &columns {
            match (c.as_str(), ids, t.column_index(c)) {
                ("@id", Some(ids), _) => texts.push(Box::new(move |r| ids.get(r))),
                (_, _, Some(i)) => {
                    let col = &t.columns[i];
                    texts.push(Box::new(move |r| col.text(r)));
                }
                _ => {}
            }
        }
        crate::table::search::search(t.rows, &texts, query, max)
    }
    /// The layer with its polygons simplified to `tolerance` degrees (see
    /// [`crate::carto::coarse::coarse`]): the same features, for the frames of a globe being
    /// turned.
    pub fn coarse(&self, tolerance: f64) -> Result<Dataset, JsValue> {
        if !(tolerance.is_finite() && tolerance >= 0.0) {
            return Err(js_err(Error::new(
                "usage",
                format!(
                    "a tolerance is degrees, 0 or more, not {}",
                    crate::decimal::Short(tolerance)
                ),
            )));
        }
        Ok(self.with_layer(crate::carto::coarse::coarse(self.layer()?, tolerance)))
    }
    /// The layer centred on the meridian `lon0` (degrees east; see
    /// [`crate::carto::recentre::recentred`]): the same features, for a world map centred there
    /// (the Pacific: 150) by a projection centred at 0°.
    pub fn recentred(&self, lon0: f64) -> Result<Dataset, JsValue> {
        if !lon0.is_finite() {
            return Err(js_err(Error::new(
                "usage",
                format!(
                    "a centre is a longitude, not {}",
                    crate::decimal::Short(lon0)
                ),
            )));
        }
        Ok(self.with_layer(crate::carto::recentre::recentred(self.layer()?, lon0)))
    }
    /// A feature's (or row's) id and properties as JSON.
    #[wasm_bindgen(js_name = featureProperties)]
    pub fn feature_properties(&self, i: usize) -> String {
        let t = self.table();
        let mut o = Obj::new();
        if let Data::Layer(l) = &self.loaded.data {
            o = o.opt_s("@id", l.ids.get(i));
        }
        for c in &t.columns {
            o = o.opt_s(&c.name, c.text(i));
        }
        o.done()
    }
}

impl Dataset {
    /// Another layer made from this one's (the same features), as a dataset of the same file.
    fn with_layer(&self, l: crate::geom::Layer) -> Dataset {
        Dataset {
            loaded: Loaded {
                data: Data::Layer(l),
                format: self.loaded.format,
                encoding: self.loaded.encoding,
                gzip: self.loaded.gzip,
                warnings: Default::default(),
                objects: Vec::new(),
            },
        }
    }
    fn table(&self) -> &Table {
        match &self.loaded.data {
            Data::Layer(l) => &l.props,
            Data::Table(t) => t,
        }
    }
    fn table_mut(&mut self) -> &mut Table {
        match &mut self.loaded.data {
            Data::Layer(l) => &mut l.props,
            Data::Table(t) => t,
        }
    }
    fn layer(&self) -> Result<&crate::geom::Layer, JsValue> {
        match &self.loaded.data {
            Data::Layer(l) => Ok(l),
            Data::Table(t) => Err(js_err(Error::new(
                "usage",
                format!("{} is a table, not a map layer", t.name),
            ))),
        }
    }
}

/// `{"object", "sheet"}` of a load's options JSON.
fn load_options(options: &str) -> Result<Options, JsValue> {
    let o = opts(options)?;
    Ok(Options {
        object: opt_str(&o, "object").map(|s| s.to_string()),
        sheet: opt_str(&o, "sheet").map(|s| s.to_string()),
    })
}

/// A progress report `(stage, fraction)` through an optional JS callback.
fn reporter(progress: &Option<js_sys::Function>) -> impl FnMut(&str, f64) + '_ {
    move |stage: &str, f: f64| {
        if let Some(cb) = progress {
            let _ = cb.call2(&JsValue::NULL, &JsValue::from_str(stage), &JsValue::from(f));
        }
    }
}

/// Reads a file from its bytes (any supported format; gzip, encodings and format are sniffed).
/// `options`: JSON `{"object": "counties"}` for a TopoJSON object, `{"sheet": "…"}` for a workbook.
/// `progress`, if given, is called with `(stage, fraction)` as the file is read.
#[wasm_bindgen]
pub fn load(
    bytes: Vec<u8>,
    name: &str,
    options: &str,
    progress: Option<js_sys::Function>,
) -> Result<Dataset, JsValue> {
    let lo = load_options(options)?;
    let mut report = reporter(&progress);
    crate::io::load_progress(bytes, name, &lo, &mut report)
        .map(|loaded| Dataset { loaded })
        .map_err(js_err)
}

/// The first half of a big FeatureCollection being read (see [`crate::io::split`]).
#[wasm_bindgen]
pub struct Head {
    h: Option<crate::io::split::Head>,
    /// where the second part's features begin, once finished with it joined
    joined_at: Option<usize>,
}

/// Reads a file as [`load`] does, except that a GeoJSON FeatureCollection of `minBytes` of text or
/// more is cut past its middle: `onTail(bytes, cut)` gets the text from the cut (a view into the
/// engine's memory: copy it before anything else runs) and where the cut is (a fraction of the
/// text), for another worker's [`load_tail`]; this reads up to the cut. Then [`Head::finish`].
#[wasm_bindgen(js_name = loadHead)]
pub fn load_head(
    bytes: Vec<u8>,
    name: &str,
    options: &str,
    min_bytes: usize,
    progress: Option<js_sys::Function>,
    on_tail: js_sys::Function,
) -> Result<Head, JsValue> {
    let lo = load_options(options)?;
    let mut report = reporter(&progress);
    let mut tail = |text: &[u8], cut: f64| {
        // a view, valid until the engine's memory next grows: the callback copies it at once
        let view = unsafe { js_sys::Uint8Array::view(text) };
        let _ = on_tail.call2(&JsValue::NULL, &view, &JsValue::from(cut));
    };
    let cut = crate::io::split::Cut::Find { min_bytes };
    crate::io::split::load_head(bytes, name, &lo, cut, &mut report, &mut tail)
        .map(|h| Head {
            h: Some(h),
            joined_at: None,
        })
        .map_err(js_err)
}

/// [`load_head`] of the text up to a cut the page made (see [`crate::io::split::Cut::Given`]):
/// `whole` is the whole text's length. Fails with code `split-retry` when the whole file must be
/// read by one worker instead.
#[wasm_bindgen(js_name = loadHeadGiven)]
pub fn load_head_given(
    bytes: Vec<u8>,
    name: &str,
    options: &str,
    whole: usize,
    progress: Option<js_sys::Function>,
) -> Result<Head, JsValue> {
    let lo = load_options(options)?;
    let mut report = reporter(&progress);
    let cut = crate::io::split::Cut::Given { whole };
    crate::io::split::load_head(bytes, name, &lo, cut, &mut report, &mut |_, _| {})
        .map(|h| Head {
            h: Some(h),
            joined_at: None,
        })
        .map_err(js_err)
}

/// Where a feature of a FeatureCollection's array seems to begin in `window` (a piece of a file's
/// text), from byte `from` of it: where the page cuts a big file for two workers.
#[wasm_bindgen(js_name = featureStart)]
pub fn feature_start(window: &[u8], from: usize) -> Option<usize> {
    crate::io::split::feature_start(window, from)
}

impl Head {
    fn early_layer(&self) -> Result<&crate::geom::Layer, JsValue> {
        self.h
            .as_ref()
            .and_then(|h| h.early())
            .map(|(l, _)| l)
            .ok_or_else(|| {
                js_err(Error::new(
                    "split",
                    "this first part cannot be projected alone",
                ))
            })
    }
}

/// A part of a layer as two workers and the page agree on a projection from it: its lon/lat box
/// (`bbox`) and where its features are ([`crate::carto::suggest::Places`]): 4 + 6 + 24 numbers.
fn early_of(l: &crate::geom::Layer, bbox: [f64; 4]) -> Vec<f64> {
    let mut v = bbox.to_vec();
    v.extend(crate::carto::suggest::Places::of(l).to_vec());
    v
}

/// The orthographic's centre `[lon, lat]` that draws the place (`lon`, `lat`) at (`x`, `y`) on
/// the unit globe (see [`crate::carto::projection::orthographic_centre`]), empty where none does:
/// a globe turned by a drag keeps the place taken hold of under the pointer.
#[wasm_bindgen(js_name = orthographicCentre)]
pub fn orthographic_centre(lon: f64, lat: f64, x: f64, y: f64) -> Vec<f64> {
    crate::carto::projection::orthographic_centre(lon, lat, x, y)
        .map(|(a, b)| vec![a, b])
        .unwrap_or_default()
}

/// Whether a world map in `projection` may be centred on the meridian `lon0` (see
/// [`crate::carto::recentre::offered`]): what the page's « Central meridian » offers.
#[wasm_bindgen(js_name = centreOffered)]
pub fn centre_offered(projection: &str, lon0: f64) -> bool {
    Projection::parse(projection).is_some_and(|p| crate::carto::recentre::offered(&p, lon0))
}

/// The projection `auto` picks for a layer read in two parts: `places` is the sum of both parts'
/// counts (their `early()` past its box), `bbox` the whole layer's box.
#[wasm_bindgen(js_name = suggestProjection)]
pub fn suggest_projection(places: Vec<f64>, bbox: Vec<f64>) -> Option<String> {
    let p = crate::carto::suggest::Places::from_slice(&places)?;
    Some(p.suggest(<[f64; 4]>::try_from(&bbox[..]).ok()))
}

#[wasm_bindgen]
impl Head {
    /// Whether the file was cut ([`Head::finish`] then wants the other worker's part).
    #[wasm_bindgen(js_name = isSplit)]
    pub fn is_split(&self) -> bool {
        self.h.as_ref().is_some_and(|h| h.is_split())
    }
    /// The whole dataset: this part and `tail` (from `loadTail`), or, without it, the whole file
    /// read here. Once only.
    pub fn finish(
        &mut self,
        tail: Option<js_sys::Uint8Array>,
        progress: Option<js_sys::Function>,
    ) -> Result<Dataset, JsValue> {
        let h = self
            .h
            .take()
            .ok_or_else(|| js_err(Error::new("split", "this reading was already finished")))?;
        let mut report = reporter(&progress);
        // read from the page's array in chunks: 18 MB of communes are not copied in whole first
        let (loaded, at) = h
            .finish_joined(tail.map(JsBytes), &mut report)
            .map_err(js_err)?;
        self.joined_at = at;
        Ok(Dataset { loaded })
    }
    /// When the first part can be projected before the second is joined (see
    /// [`crate::io::split::Head::early`]): its box then where its features are (see [`early_of`]);
    /// else `undefined`.
    pub fn early(&self) -> Option<Vec<f64>> {
        let (l, bbox) = self.h.as_ref()?.early()?;
        Some(early_of(l, bbox))
    }
    /// The first part projected (features `0..` its count) with the whole layer's `bbox`, as
    /// [`project_part`] gives it from the joined layer.
    #[wasm_bindgen(js_name = projectEarly)]
    pub fn project_early(&self, projection: &str, bbox: Vec<f64>) -> Result<Vec<u8>, JsValue> {
        let l = self.early_layer()?;
        part_core(l, projection, &bbox, 0..l.len())
    }
    /// The first part packed, as bytes for the page's [`Dataset::from_parts`] (once, after
    /// [`Head::project_early`]).
    #[wasm_bindgen(js_name = takeEarly)]
    pub fn take_early(&mut self) -> Result<Vec<u8>, JsValue> {
        self.h
            .as_mut()
            .and_then(|h| h.take_early())
            .ok_or_else(|| js_err(Error::new("split", "this first part cannot be taken alone")))
    }
    /// After [`Head::finish`] with the second part joined: its first feature's index (the features
    /// from there are that part's, in its order); else `undefined`.
    #[wasm_bindgen(js_name = joinedAt)]
    pub fn joined_at(&self) -> Option<usize> {
        self.joined_at
    }
}

/// Reads the text from the cut of a FeatureCollection (see [`load_head`]): the part as bytes for
/// [`Head::finish`], or `undefined` when the first worker must read the whole file itself.
#[wasm_bindgen(js_name = loadTail)]
pub fn load_tail(text: Vec<u8>, name: &str, progress: Option<js_sys::Function>) -> Option<Vec<u8>> {
    let mut report = reporter(&progress);
    crate::io::split::load_tail(text, name, &mut |f| report("parse", f))
}

/// The second part of a file read by two workers, kept by the worker that read it: its bytes go to
/// the first worker ([`Tail::take_part`]) which joins the parts, or it is projected here
/// ([`Tail::project`]) and goes to the page packed ([`Tail::take_packed_part`]), which joins them.
#[wasm_bindgen]
pub struct Tail {
    kept: crate::io::split::Kept,
}

/// [`load_tail`], the part's layer kept.
#[wasm_bindgen(js_name = loadTailKept)]
pub fn load_tail_kept(
    text: Vec<u8>,
    name: &str,
    progress: Option<js_sys::Function>,
) -> Option<Tail> {
    let mut report = reporter(&progress);
    crate::io::split::load_tail_kept(text, name, &mut |f| report("parse", f))
        .map(|kept| Tail { kept })
}

#[wasm_bindgen]
impl Tail {
    /// The part's bytes (its coordinates as read), for the first worker's [`Head::finish`].
    #[wasm_bindgen(js_name = takePart)]
    pub fn take_part(&mut self) -> Vec<u8> {
        self.kept.bytes()
    }
    /// The part packed, for the page's [`Dataset::from_parts`] (after [`Tail::project`]: packing
    /// drops the coordinates as read).
    #[wasm_bindgen(js_name = takePackedPart)]
    pub fn take_packed_part(&mut self) -> Vec<u8> {
        self.kept.packed_bytes()
    }
    /// The part projected with the whole layer's box (see [`project_part`]).
    /// Refused for a part that the joined layer's range check changes (a ring across the
    /// antimeridian, cut there): the first worker then projects it from the joined layer.
    pub fn project(&self, projection: &str, bbox: Vec<f64>) -> Result<Vec<u8>, JsValue> {
        let l = self.kept.layer();
        if l.packed.is_none() && l.vertex_count() > 0 && crate::io::geojson::range_box(l).is_none()
        {
            return Err(js_err(Error::new(
                "split",
                "this part is changed by the joined layer's range check: projected from the joined layer",
            )));
        }
        part_core(l, projection, &bbox, 0..l.len())
    }
    /// Its box and where its features are (as [`Head::early`]), if it can be projected as it is
    /// (its positions within range, no ring across the antimeridian); else `undefined`.
    pub fn early(&self) -> Option<Vec<f64>> {
        let l = self.kept.layer();
        crate::io::geojson::range_box(l).map(|bbox| early_of(l, bbox))
    }
    /// The part's rings packed, as bytes for [`pack_joined`] (empty if they cannot be).
    pub fn packed(&self) -> Vec<u8> {
        let l = self.kept.layer();
        packed_first(l, l.len())
    }
}

/// A JS `Uint8Array` read in chunks, so a snapshot is never copied whole into Wasm memory.
struct JsBytes(js_sys::Uint8Array);

impl Source for JsBytes {
    fn size(&self) -> usize {
        self.0.length() as usize
    }
    fn copy(&mut self, at: usize, out: &mut [u8]) {
        self.0
            .subarray(at as u32, (at + out.len()) as u32)
            .copy_to(out);
    }
}

#[wasm_bindgen]
impl Dataset {
    /// The loaded data as bytes, to hand from a worker to the page; a layer is packed first (see
    /// [`Dataset::pack`]), so the page receives and keeps about a quarter of the bytes.
    pub fn snapshot(&mut self) -> Vec<u8> {
        self.pack();
        crate::io::snapshot::write_loaded(&self.loaded)
    }

    /// Packs a layer's coordinates where that loses nothing (decimal coordinates: about 4 bytes per
    /// vertex instead of 16); true if they are packed. Projecting a packed layer decodes it, a
    /// little slower: a worker projects first and packs for the page.
    pub fn pack(&mut self) -> bool {
        match &mut self.loaded.data {
            crate::io::Data::Layer(l) => l.pack(),
            crate::io::Data::Table(_) => false,
        }
    }
    /// The layer from the two parts of a file two workers read, projected and packed each on its
    /// own ([`Head::take_early`], [`Tail::take_packed_part`]): what reading the whole file gives.
    #[wasm_bindgen(js_name = fromParts)]
    pub fn from_parts(
        head: js_sys::Uint8Array,
        tail: js_sys::Uint8Array,
    ) -> Result<Dataset, JsValue> {
        crate::io::split::join_parts(JsBytes(head), JsBytes(tail))
            .map(|loaded| Dataset { loaded })
            .map_err(js_err)
    }
    /// Rebuilds a dataset from [`Dataset::snapshot`] bytes (checked: corrupted bytes are an error).
    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(bytes: js_sys::Uint8Array) -> Result<Dataset, JsValue> {
        crate::io::snapshot::read_loaded(JsBytes(bytes))
            .map(|loaded| Dataset { loaded })
            .map_err(js_err)
    }
}

fn parse_projection(projection: &str) -> Result<Projection, JsValue> {
    Projection::parse(projection).ok_or_else(|| {
        js_err(Error::new(
            "projection",
            format!("unknown projection '{projection}'"),
        ))
    })
}

/// Projects a layer and ranks its vertices (the slow part of a [`MapView`]), as bytes for
/// [`MapView::from_snapshot`]: what a worker does while the page stays responsive.
/// The layer is packed afterwards (as [`Dataset::snapshot`] does), and then the projected vertices
/// are left out: the page's view projects them on demand from the packed layer.
#[wasm_bindgen(js_name = projectSnapshot)]
pub fn project_snapshot(layer: &mut Dataset, projection: &str) -> Result<Vec<u8>, JsValue> {
    let proj = parse_projection(projection)?;
    let mut core = Projected::compute(layer.layer()?, proj);
    if layer.pack() {
        core.coords = Vec::new();
    }
    Ok(crate::carto::snapshot::write_core(&core))
}

/// [`project_snapshot`] of features `from..to` only, the origin and fast tables set by `bbox` (the
/// whole layer's, `[]` for none): a worker projects its half of a layer read by two, the other half
/// being projected at the same time by the other worker; the page joins them as it reads them
/// ([`MapView::from_snapshot`]). The projected vertices are left out (see [`part_core`]).
#[wasm_bindgen(js_name = projectPart)]
pub fn project_part(
    layer: &Dataset,
    projection: &str,
    bbox: Vec<f64>,
    from: usize,
    to: usize,
) -> Result<Vec<u8>, JsValue> {
    part_core(layer.layer()?, projection, &bbox, from..to)
}

/// Features `part` of `layer` projected with the whole layer's box (`[]`: none), as bytes,
/// without the projected vertices: the layer they go with is packed for the page, which projects
/// the vertices it draws from there (as [`project_snapshot`] leaves them out for a packed layer).
fn part_core(
    layer: &crate::geom::Layer,
    projection: &str,
    bbox: &[f64],
    part: std::ops::Range<usize>,
) -> Result<Vec<u8>, JsValue> {
    let proj = parse_projection(projection)?;
    let bbox = <[f64; 4]>::try_from(bbox).ok();
    let mut core = Projected::compute_part(layer, proj, bbox, part);
    core.coords = Vec::new();
    Ok(crate::carto::snapshot::write_core(&core))
}

/// The first `features` of `layer` packed, as bytes (empty if they cannot be packed).
fn packed_first(layer: &crate::geom::Layer, features: usize) -> Vec<u8> {
    layer
        .pack_first(features)
        .map(|p| crate::io::snapshot::write_packed(&p))
        .unwrap_or_default()
}

/// Packs a layer read by two workers from the halves each packed ([`pack_first`], `Tail.packed`:
/// joined when they fit, else the whole packed here), for the page: the view's two halves
/// ([`project_part`]) then go with it to [`MapView::from_snapshot`]. True if packed.
#[wasm_bindgen(js_name = packJoined)]
pub fn pack_joined(
    layer: &mut Dataset,
    head: Option<js_sys::Uint8Array>,
    tail: Option<js_sys::Uint8Array>,
) -> bool {
    let packed = |b: Option<js_sys::Uint8Array>| {
        b.filter(|b| b.length() > 0)
            .and_then(|b| crate::io::snapshot::read_packed(JsBytes(b)).ok())
    };
    let (first, rest) = (packed(head), packed(tail));
    match &mut layer.loaded.data {
        Data::Layer(l) => l.pack_joined(first, rest),
        Data::Table(_) => false,
    }
}

/// A worker's half of a layer read by two: its first `features` packed, as bytes for
/// [`pack_joined`] (empty if they cannot be packed).
#[wasm_bindgen(js_name = packFirst)]
pub fn pack_first(layer: &Dataset, features: usize) -> Result<Vec<u8>, JsValue> {
    Ok(packed_first(layer.layer()?, features))
}

/// Bytes of Wasm linear memory (it never shrinks, so this is the peak so far).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// A layer projected once, with its index and levels of detail.
#[wasm_bindgen]
pub struct MapView {
    p: Projected,
    /// prepared levels of detail, by id
    lods: Vec<(u32, Lod)>,
    next_lod: u32,
    /// fills in progress ([`MapView::fill_lod_begin`])
    fills: Vec<Filling>,
    next_fill: u32,
    /// levels of detail being prepared ([`MapView::prepare_lod_begin`])
    preparing: Vec<(u32, crate::carto::projected::LodJob)>,
    /// the screen's borders from one fill to the next (a change of classes lays them)
    borders: crate::render::raster::ScreenBorders,
}

/// A fill in progress: its id, the level it fills and how its borders are drawn.
struct Filling {
    id: u32,
    lod: u32,
    stroke: u32,
    stroke_width: f32,
    job: crate::render::raster::FillJob,
    /// the screen's borders' key and its colours' (see `fill_lod_begin`)
    screen: Option<(crate::render::raster::CoverageKey, u64)>,
}

/// The next of a view's numbers for its levels or fills (from 1: 0 is none to the page).
fn next_id(next: &mut u32) -> u32 {
    let id = *next;
    *next = next.wrapping_add(1).max(1);
    id
}

/// The level of detail `id` of `lods` (see [`MapView::prepare_lod`]).
fn lod_of(lods: &[(u32, Lod)], id: u32) -> Option<&Lod> {
    lods.iter().find(|(i, _)| *i == id).map(|(_, l)| l)
}

/// The borders a fill of level `l` draws over it: `width` > 0 device pixels in `stroke`.
fn borders(l: &Lod, stroke: u32, width: f32) -> Option<crate::render::raster::Strokes<'_>> {
    (width > 0.0).then(|| crate::render::raster::Strokes::outlines(l, stroke, width))
}

/// The error of a fill whose level of detail was dropped while it was in progress.
fn level_dropped() -> JsValue {
    js_err(Error::new(
        "fill",
        "the level of detail being filled was dropped",
    ))
}

/// Hands a band to the page's `sink(y0, at, rows)` (see [`MapView::fill_lod_bands`]).
fn to_sink(sink: &js_sys::Function, w: usize, y0: usize, band: &[u8]) -> Result<(), JsValue> {
    sink.call3(
        &JsValue::NULL,
        &JsValue::from(y0 as u32),
        &JsValue::from(band.as_ptr() as u32),
        &JsValue::from((band.len() / (w * 4)) as u32),
    )
    .map(|_| ())
}

/// The widest and the tallest image the engine fills (browsers' canvases are at most 32,767 pixels
/// each way; the fill orders what it walks by bands of rows in `u16`s, up to ~1 M rows).
const MAX_IMAGE_SIDE: usize = 1 << 15;
/// The largest image the engine fills: 16,384 × 16,384 pixels (browsers' own canvas limit is lower).
const MAX_IMAGE_BYTES: usize = 1 << 30;

#[wasm_bindgen]
impl MapView {
    #[wasm_bindgen(constructor)]
    pub fn new(layer: &Dataset, projection: &str) -> Result<MapView, JsValue> {
        let proj = parse_projection(projection)?;
        let l = layer.layer()?;
        let mut p = Projected::new(l, proj);
        // a packed layer (every big one in the page) keeps no projected vertices: 8 bytes a vertex
        p.project_on_demand(l);
        Ok(MapView::with(p))
    }
    /// A view from [`project_snapshot`] bytes made for this same layer, or from the two halves
    /// two workers projected ([`project_part`], `bytes` then `more`), joined here as they are read.
    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(
        layer: &Dataset,
        bytes: js_sys::Uint8Array,
        more: Option<js_sys::Uint8Array>,
    ) -> Result<MapView, JsValue> {
        let l = layer.layer()?;
        let core = match more {
            None => crate::carto::snapshot::read_core(JsBytes(bytes)),
            Some(more) => crate::carto::snapshot::read_core_two(JsBytes(bytes), JsBytes(more)),
        }
        .map_err(js_err)?;
        let mut p =
            Projected::try_assemble(l, core).map_err(|m| js_err(Error::new("snapshot", m)))?;
        if !p.is_on_demand() {
            p.project_on_demand(l);
        }
        Ok(MapView::with(p))
    }
    /// Features with a geometry that this projection does not draw (outside its pieces or on the
    /// far side of the globe).
    #[wasm_bindgen(js_name = hiddenCount)]
    pub fn hidden_count(&self) -> usize {
        self.p.hidden_count()
    }
    /// [minx, miny, maxx, maxy] of what is drawn, in projected units (y up); empty if nothing.
    pub fn bbox(&self) -> Vec<f32> {
        self.p.bbox.map(|b| b.to_vec()).unwrap_or_default()
    }
    /// Prepares the geometry for a scale where one pixel is `px` projected units and keeps it in
    /// the engine under the id returned: the page fills from it ([`MapView::fill_lod_begin`]) and reads
    /// copies of its arrays once to build its paths; `dropLod(id)` frees it.
    #[wasm_bindgen(js_name = prepareLod)]
    pub fn prepare_lod(&mut self, px: f32, tolerance: f32) -> u32 {
        let lod = self.p.lod(px, tolerance);
        self.keep(lod)
    }
    /// [`MapView::prepare_lod`] in steps, for the features that meet a window of projected units
    /// only if `x0 ≤ x1` (NaN: every feature; deep in a zoom, a few screens around the view instead
    /// of everything, the others get no rings): sizes the level and returns its number for
    /// [`MapView::prepare_lod_features`], which prepares a number of features at a time (all at
    /// once, or spread over frames after a zoom on a big map).
    #[wasm_bindgen(js_name = prepareLodBegin)]
    pub fn prepare_lod_begin(
        &mut self,
        px: f32,
        tolerance: f32,
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
    ) -> u32 {
        let window = (x0 <= x1).then_some([x0, y0, x1, y1]);
        let job = self.p.lod_begin(px, tolerance, window);
        // (the levels' numbers: a job's is the level's once prepared)
        let id = next_id(&mut self.next_lod);
        self.preparing.push((id, job));
        id
    }
    /// Prepares up to `features` more features of level `job` ([`MapView::prepare_lod_begin`]);
    /// true once it is ready, under that same number (as [`MapView::prepare_lod`] returns one).
    #[wasm_bindgen(js_name = prepareLodFeatures)]
    pub fn prepare_lod_features(&mut self, job: u32, features: u32) -> Result<bool, JsValue> {
        let Some(at) = self.preparing.iter().position(|(i, _)| *i == job) else {
            return Err(js_err(Error::new(
                "lod",
                format!("no level {job} being prepared"),
            )));
        };
        if !self
            .p
            .lod_features(&mut self.preparing[at].1, features as usize)
        {
            return Ok(false);
        }
        let (id, job) = self.preparing.swap_remove(at);
        let lod = self.p.lod_end(job);
        self.lods.push((id, lod));
        Ok(true)
    }
    /// Gives up level `job` being prepared (nothing if it is not).
    #[wasm_bindgen(js_name = prepareLodEnd)]
    pub fn prepare_lod_end(&mut self, job: u32) {
        self.preparing.retain(|(i, _)| *i != job);
    }
    /// Frees a prepared level of detail.
    #[wasm_bindgen(js_name = dropLod)]
    pub fn drop_lod(&mut self, id: u32) {
        self.lods.retain(|(i, _)| *i != id);
    }
    /// Vertices of a prepared level of detail (rings and borders).
    #[wasm_bindgen(js_name = lodVertexCount)]
    pub fn lod_vertex_count(&self, id: u32) -> usize {
        self.lod(id)
            .map_or(0, |l| (l.coords.len() + l.border_coords.len()) / 2)
    }
    // copies of the arrays, made straight from Wasm memory (no second buffer in the engine, but
    // for the rings made of their borders, written out: the page's paths walk rings alone)
    #[wasm_bindgen(js_name = lodCoords)]
    pub fn lod_coords(&self, id: u32) -> js_sys::Float32Array {
        match self.lod(id) {
            Some(l) if l.ring_borders.is_some() => js_sys::Float32Array::from(&l.expanded().0[..]),
            l => js_sys::Float32Array::from(l.map_or(&[][..], |l| &l.coords[..])),
        }
    }
    #[wasm_bindgen(js_name = lodRingOffsets)]
    pub fn lod_ring_offsets(&self, id: u32) -> js_sys::Uint32Array {
        match self.lod(id) {
            Some(l) if l.ring_borders.is_some() => js_sys::Uint32Array::from(&l.expanded().1[..]),
            l => js_sys::Uint32Array::from(l.map_or(&[][..], |l| &l.ring_offsets[..])),
        }
    }
    #[wasm_bindgen(js_name = lodFeatureRings)]
    pub fn lod_feature_rings(&self, id: u32) -> js_sys::Uint32Array {
        js_sys::Uint32Array::from(self.lod(id).map_or(&[][..], |l| &l.feature_rings[..]))
    }
    #[wasm_bindgen(js_name = lodRingKind)]
    pub fn lod_ring_kind(&self, id: u32) -> js_sys::Uint8Array {
        js_sys::Uint8Array::from(self.lod(id).map_or(&[][..], |l| &l.ring_kind[..]))
    }
    #[wasm_bindgen(js_name = lodBorderCoords)]
    pub fn lod_border_coords(&self, id: u32) -> js_sys::Float32Array {
        js_sys::Float32Array::from(self.lod(id).map_or(&[][..], |l| &l.border_coords[..]))
    }
    #[wasm_bindgen(js_name = lodBorderOffsets)]
    pub fn lod_border_offsets(&self, id: u32) -> js_sys::Uint32Array {
        js_sys::Uint32Array::from(self.lod(id).map_or(&[][..], |l| &l.border_offsets[..]))
    }
    /// One feature of a prepared level: its rings' vertex counts, then their coordinates
    /// (`[n, len1, …, lenN, x, y, …]`), for the hover highlight.
    #[wasm_bindgen(js_name = lodFeature)]
    pub fn lod_feature(&self, id: u32, f: usize) -> Vec<f32> {
        let Some(l) = self.lod(id) else {
            return Vec::new();
        };
        let (Some(&ra), Some(&rb)) = (l.feature_rings.get(f), l.feature_rings.get(f + 1)) else {
            return Vec::new();
        };
        let (ra, rb) = (ra as usize, rb as usize);
        // (each ring's length in its slot, its vertices after all of them)
        let (mut out, mut buf) = (vec![0.0; 1 + rb - ra], Vec::new());
        out[0] = (rb - ra) as f32;
        for r in ra..rb {
            let ring = l.ring_xy(r, &mut buf);
            out[1 + r - ra] = (ring.len() / 2) as f32;
            out.extend_from_slice(ring);
        }
        out
    }
    /// Prepares the fill of a prepared level's polygons into a `w × h` RGBA image (see
    /// [`crate::render::raster::fill_polygons`]) and returns its number, for
    /// [`MapView::fill_lod_bands`] to fill it band by band: all at once (`bands`: `u32::MAX`), or
    /// a few at a time (the page spreads a big map's redraw after a gesture over several frames
    /// instead of freezing for all of it). With `stroke_width` > 0 (device pixels, at most 2), the
    /// borders are drawn over it in `stroke` (0xRRGGBBAA): a TopoJSON's shared borders once, else
    /// every polygon ring. `keep`: the screen's image, whose borders (if many) are kept by a fill
    /// in other colours at the place of the last one drawn whole (a change of classes) and laid
    /// from there by the next ones, not stroked again (an export's are not: a byte a pixel of its
    /// size). `in_steps`: its rings and borders' pieces taken by [`MapView::fill_lod_prepare`] a
    /// few at a time (or by the first band), not here.
    #[wasm_bindgen(js_name = fillLodBegin)]
    #[allow(clippy::too_many_arguments)]
    pub fn fill_lod_begin(
        &mut self,
        id: u32,
        classes: &[i32],
        colors: &[u32],
        w: usize,
        h: usize,
        sx: f32,
        sy: f32,
        tx: f32,
        ty: f32,
        stroke: u32,
        stroke_width: f32,
        keep: bool,
        in_steps: bool,
    ) -> Result<u32, JsValue> {
        // (the fill's buffers are a band of rows as wide as the image: wider than a canvas can be,
        // they could exhaust the memory, an abort)
        if w > MAX_IMAGE_SIDE
            || h > MAX_IMAGE_SIDE
            || w.checked_mul(h)
                .and_then(|n| n.checked_mul(4))
                .is_none_or(|n| n > MAX_IMAGE_BYTES)
        {
            return Err(js_err(Error::new(
                "fill",
                format!("an image of {w} × {h} pixels is larger than the engine draws"),
            )));
        }
        let empty = Lod::default();
        let l = lod_of(&self.lods, id).unwrap_or(&empty);
        let (fill, strokes, m) = (
            crate::render::raster::Fill::of(l),
            borders(l, stroke, stroke_width),
            [sx, sy, tx, ty],
        );
        let screen = (keep && strokes.is_some()).then(|| {
            let key = crate::render::raster::Coverage::key(id, m, w, h, stroke, stroke_width);
            (key, crate::render::raster::colours_hash(classes, colors))
        });
        let mut blank = crate::render::raster::FillJob::blank(w, h, m);
        if in_steps {
            blank = blank.in_steps();
        }
        let job = if let Some((key, colours)) = screen {
            self.borders.onto(blank, strokes.as_ref(), key, colours)
        } else {
            blank.with_lines(strokes.as_ref())
        }
        .filling(&fill, classes, colors);
        let fill = next_id(&mut self.next_fill);
        self.fills.push(Filling {
            id: fill,
            lod: id,
            stroke,
            stroke_width,
            job,
            screen,
        });
        Ok(fill)
    }
    /// Fills up to `bands` more bands of fill `fill` ([`MapView::fill_lod_begin`]), top to bottom,
    /// each handed to `sink(y0, at, rows)`: `rows` rows from row `y0`, at `at` in the engine's
    /// memory, valid during the call (the page puts each on its canvas through an `ImageData` over
    /// that memory: never copied out, and no whole image kept in the engine — it was 2.3 MB of its
    /// memory at 960 × 600, first touched by the first map). True once the image is complete (the
    /// fill is then gone). An error (thrown by `sink`, the level dropped meanwhile, no such fill)
    /// ends the fill and is returned.
    #[wasm_bindgen(js_name = fillLodBands)]
    pub fn fill_lod_bands(
        &mut self,
        fill: u32,
        bands: u32,
        sink: &js_sys::Function,
    ) -> Result<bool, JsValue> {
        let at = self.fill_at(fill)?;
        let (f, lods) = (&mut self.fills[at], &self.lods);
        let mut failed = None;
        match lod_of(lods, f.lod) {
            None => failed = Some(level_dropped()),
            Some(l) => {
                let strokes = borders(l, f.stroke, f.stroke_width);
                let strokes = strokes.as_ref();
                let geometry = crate::render::raster::Fill::of(l);
                let w = f.job.width();
                for _ in 0..bands {
                    let more = f.job.band(&geometry, strokes, |y0, band| {
                        failed = to_sink(sink, w, y0, band).err();
                    });
                    if !more || failed.is_some() {
                        break;
                    }
                }
            }
        }
        let done = failed.is_some() || self.fills[at].job.bands_left() == 0;
        if done {
            self.ended(at, failed.is_none());
        }
        failed.map_or(Ok(done), Err)
    }
    /// Prepares fill `fill` (begun `in_steps`, see [`MapView::fill_lod_begin`]): its rings, then
    /// its borders' pieces, whole features and polylines until about `vertices` are walked; true
    /// once it is ready for its bands. An error (the level dropped meanwhile, no such fill) ends it.
    #[wasm_bindgen(js_name = fillLodPrepare)]
    pub fn fill_lod_prepare(&mut self, fill: u32, vertices: u32) -> Result<bool, JsValue> {
        let at = self.fill_at(fill)?;
        let (f, lods) = (&mut self.fills[at], &self.lods);
        let Some(l) = lod_of(lods, f.lod) else {
            self.ended(at, false);
            return Err(level_dropped());
        };
        let strokes = borders(l, f.stroke, f.stroke_width);
        let geometry = crate::render::raster::Fill::of(l);
        Ok(f.job
            .prepare(&geometry, strokes.as_ref(), vertices as usize))
    }
    /// Whether the screen's borders are kept for its next fill at the same place (see
    /// `fill_lod_begin`).
    #[wasm_bindgen(js_name = bordersKept)]
    pub fn borders_kept(&self) -> bool {
        self.borders.is_kept()
    }
    /// Gives up fill `fill` (nothing if it is not in progress).
    #[wasm_bindgen(js_name = fillLodEnd)]
    pub fn fill_lod_end(&mut self, fill: u32) {
        if let Ok(at) = self.fill_at(fill) {
            self.ended(at, false);
        }
    }
    /// The feature under a point in projected units (-1 if none).
    #[wasm_bindgen(js_name = featureAt)]
    pub fn feature_at(&self, x: f32, y: f32, tol: f32) -> i32 {
        self.p.feature_at(x, y, tol).map(|f| f as i32).unwrap_or(-1)
    }
    /// A point well inside a feature (projected units), empty if it is not drawn.
    pub fn anchor(&self, f: usize) -> Vec<f32> {
        self.p
            .anchor(f)
            .map(|(x, y)| vec![x, y])
            .unwrap_or_default()
    }
    /// The area each of `features` covers as drawn (projected units², see
    /// [`Projected::feature_area`]; 0 for one out of range): what ranks labels, in one call.
    #[wasm_bindgen(js_name = featureAreas)]
    pub fn feature_areas(&self, features: &[u32]) -> Vec<f64> {
        // (one out of range is not drawn: 0)
        features
            .iter()
            .map(|&f| self.p.feature_area(f as usize))
            .collect()
    }
    /// The globe's centre `[lon, lat]` (the place facing the viewer), empty for a projection that
    /// has none (see [`crate::carto::Projection::centre`]).
    pub fn centre(&self) -> Vec<f64> {
        self.p
            .core
            .projection
            .centre()
            .map(|(a, b)| vec![a, b])
            .unwrap_or_default()
    }
    /// The scale of a view whose middle is at (x, y), reaching `reach` projected units from it:
    /// metres on the ground a projected unit at the place in its middle, or NaN where that is no
    /// place or the scale varies too much across the view for a scale bar (see
    /// [`Projected::view_scale`]).
    #[wasm_bindgen(js_name = viewScale)]
    pub fn view_scale(&self, x: f64, y: f64, reach: f64) -> f64 {
        self.p.view_scale(x, y, reach).unwrap_or(f64::NAN)
    }
    /// Anchors of every feature, `[x0, y0, x1, y1, …]` in projected units (NaN if not drawn).
    pub fn anchors(&self) -> Vec<f32> {
        self.p.anchors()
    }
    /// The median feature size, projected units (see [`Projected::typical_size`]).
    #[wasm_bindgen(js_name = typicalSize)]
    pub fn typical_size(&self) -> f32 {
        self.p.typical_size()
    }
    /// Boxes of every feature, `[minx, miny, maxx, maxy, …]` (NaN if not drawn).
    #[wasm_bindgen(js_name = featureBoxes)]
    pub fn feature_boxes(&self) -> Vec<f32> {
        (0..self.p.len())
            .flat_map(|f| self.p.feature_bbox(f).unwrap_or([f32::NAN; 4]))
            .collect()
    }
    /// The whole sphere's outline under a world map (see `carto::sphere`), in projected units, x,
    /// y interleaved and closed; empty for a projection without one.
    #[wasm_bindgen(js_name = sphereOutline)]
    pub fn sphere_outline(&self) -> Vec<f32> {
        crate::carto::sphere::outline(&self.p.core.projection, self.p.core.origin)
    }
    /// The frames around its insets (France's DROM, the US territories': see
    /// [`Projected::inset_frames`]), four numbers
    /// `x0, y0, x1, y1` each, in projected units; empty without insets.
    #[wasm_bindgen(js_name = insetFrames)]
    pub fn inset_frames(&self) -> Vec<f32> {
        self.p.inset_frames().concat()
    }
    /// The box a map of this view is fitted to (see `carto::sphere::fit_box`): a world's takes in
    /// its whole sphere; empty if nothing is drawn.
    #[wasm_bindgen(js_name = fitBox)]
    pub fn fit_box(&self) -> Vec<f32> {
        self.p.fit_box().map(|b| b.to_vec()).unwrap_or_default()
    }
    /// Its graticule: polylines one after the other, a NaN pair after each (see
    /// `carto::sphere::graticule`); empty for a projection without an outline.
    pub fn graticule(&self) -> Vec<f32> {
        crate::carto::sphere::graticule(&self.p.core.projection, self.p.core.origin, self.p.centre)
    }
    /// The place (longitude, latitude) a projected point shows, in projected units as the view's
    /// (empty where it shows none): the page centres the globe where the map was looking.
    pub fn place(&self, x: f64, y: f64) -> Vec<f64> {
        let [ox, oy] = self.p.core.origin;
        self.p
            .core
            .projection
            .locate(x + ox, y + oy)
            .map(|(lon, lat, _)| vec![lon, lat])
            .unwrap_or_default()
    }
    /// Projects a lon/lat position (empty if not shown).
    pub fn project(&self, lon: f64, lat: f64) -> Vec<f32> {
        let piece = self.p.core.projection.piece_for(lon, lat);
        piece
            .and_then(|pc| self.p.core.projection.forward_piece(lon, lat, pc))
            .map(|(x, y)| {
                vec![
                    (x - self.p.core.origin[0]) as f32,
                    (y - self.p.core.origin[1]) as f32,
                ]
            })
            .unwrap_or_default()
    }
}

impl MapView {
    fn with(p: Projected) -> MapView {
        MapView {
            p,
            lods: Vec::new(),
            next_lod: 1,
            fills: Vec::new(),
            next_fill: 1,
            preparing: Vec::new(),
            borders: Default::default(),
        }
    }
    /// Where fill `fill` is among those in progress.
    fn fill_at(&self, fill: u32) -> Result<usize, JsValue> {
        self.fills
            .iter()
            .position(|f| f.id == fill)
            .ok_or_else(|| js_err(Error::new("fill", format!("no fill {fill} in progress"))))
    }
    /// Fill `at` ended (`whole`: drawn to its last band): gone, the screen's borders told.
    fn ended(&mut self, at: usize, whole: bool) {
        let mut f = self.fills.swap_remove(at);
        if let Some(screen) = f.screen {
            self.borders.ended(&mut f.job, screen, whole);
        }
    }
    fn keep(&mut self, lod: Lod) -> u32 {
        let id = next_id(&mut self.next_lod);
        self.lods.push((id, lod));
        id
    }
    fn lod(&self, id: u32) -> Option<&Lod> {
        lod_of(&self.lods, id)
    }
}

/// The result of a join: the report and the row of every feature.
#[wasm_bindgen]
pub struct Join {
    report: JoinReport,
}

#[wasm_bindgen]
impl Join {
    pub fn report(&self) -> String {
        self.report.to_json()
    }
    /// Table row joined to feature `f` (-1 if none or ambiguous).
    pub fn row(&self, f: usize) -> i32 {
        self.report
            .feature_row
            .get(f)
            .copied()
            .flatten()
            .map(|r| r as i32)
            .unwrap_or(-1)
    }
}

/// Joins a table to a layer. `geoKey`: a property name or `@id`. `options` JSON:
/// `{"trim", "ignoreCase", "ignoreAccents", "padZeros": bool, "filter": {"column", "value"}}`.
#[wasm_bindgen(js_name = joinTable)]
pub fn join_table(
    layer: &Dataset,
    table: &Dataset,
    geo_key: &str,
    table_key: &str,
    options: &str,
) -> Result<Join, JsValue> {
    let l = layer.layer()?;
    let o = opts(options)?;
    let gk = if geo_key == "@id" {
        GeoKey::Id
    } else {
        GeoKey::Column(l.props.column_index(geo_key).ok_or_else(|| {
            js_err(Error::new(
                "column",
                format!("the map has no property '{geo_key}'"),
            ))
        })?)
    };
    let t = table.table();
    let tk = t.column_index(table_key).ok_or_else(|| {
        js_err(Error::new(
            "column",
            format!("the table has no column '{table_key}'"),
        ))
    })?;
    let b = |k: &str, d: bool| match o.get(k) {
        Some(Value::Bool(v)) => *v,
        _ => d,
    };
    let jo = JoinOptions {
        trim: b("trim", true),
        ignore_case: b("ignoreCase", true),
        ignore_accents: b("ignoreAccents", true),
        pad_zeros: b("padZeros", true),
    };
    let filter = match o.get("filter") {
        Some(f) => match (
            opt_str(f, "column"),
            f.get("value").and_then(|v| v.to_cell()),
        ) {
            (Some(c), Some(v)) => Some((
                t.column_index(c).ok_or_else(|| {
                    js_err(Error::new(
                        "column",
                        format!("no column '{c}' to filter on"),
                    ))
                })?,
                v,
            )),
            _ => None,
        },
        None => None,
    };
    Ok(Join {
        report: join(
            l,
            &gk,
            t,
            tk,
            &jo,
            filter.as_ref().map(|(c, v)| (*c, v.as_str())),
        ),
    })
}

/// Uses a layer's own properties as its table (feature i is row i).
#[wasm_bindgen(js_name = selfJoin)]
pub fn self_join(layer: &Dataset) -> Result<Join, JsValue> {
    Ok(Join {
        report: crate::join::identity(layer.layer()?.len()),
    })
}

/// A classified (or categorised) map: class per feature, colours, legend.
#[wasm_bindgen]
pub struct Classes {
    c: Choropleth,
}

#[wasm_bindgen]
impl Classes {
    /// Class of each feature, -1 for no data.
    pub fn classes(&self) -> Vec<i32> {
        self.c.classes.clone()
    }
    /// Colours of the classes as JSON `["#rrggbb", …]`.
    pub fn colors(&self) -> String {
        jsonw::strs(
            &self
                .c
                .colors
                .iter()
                .map(|c| crate::color::hex(*c))
                .collect::<Vec<_>>(),
        )
    }
    pub fn legend(&self) -> String {
        self.c.legend_json.clone()
    }
    /// `{method, k, breaks, counts, gvf, tai, adcm, notes}` or `null` for categories.
    pub fn classification(&self) -> String {
        self.c
            .classification
            .as_ref()
            .map(choropleth::classification_json)
            .unwrap_or_else(|| "null".into())
    }
}

fn spec(o: &Value) -> Result<Spec, JsValue> {
    let manual: Vec<f64> = o
        .get("breaks")
        .and_then(|b| b.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
        .unwrap_or_default();
    Ok(Spec {
        method: Method::parse(opt_str(o, "method").unwrap_or("quantile"), &manual)
            .map_err(js_err)?,
        k: o.get("k").and_then(|v| v.as_f64()).unwrap_or(5.0) as usize,
        palette: opt_str(o, "palette").unwrap_or("YlOrRd").to_string(),
        reverse: matches!(o.get("reverse"), Some(Value::Bool(true))),
        pivot: o.get("pivot").and_then(|v| v.as_f64()),
        locale: Locale::parse(opt_str(o, "locale").unwrap_or("en")),
        unit: crate::format::Unit::new(
            o.get("scale").and_then(|v| v.as_f64()),
            opt_str(o, "suffix"),
        ),
    })
}

/// Classifies a joined column. `options` JSON: `{"method", "k", "palette", "reverse", "pivot",
/// "breaks", "locale", "scale", "suffix"}` (the last two: how the legend shows the values).
#[wasm_bindgen]
pub fn choropleth(
    join: &Join,
    table: &Dataset,
    column: &str,
    options: &str,
) -> Result<Classes, JsValue> {
    let t = table.table();
    let col = t.column_index(column).ok_or_else(|| {
        js_err(Error::new(
            "column",
            format!("the table has no column '{column}'"),
        ))
    })?;
    let o = opts(options)?;
    choropleth::for_column(&join.report, t, col, &spec(&o)?)
        .map(|c| Classes { c })
        .map_err(js_err)
}

/// Classifies raw values (NaN = missing): JSON `{method, k, breaks, counts, gvf, tai, adcm}`.
#[wasm_bindgen(js_name = classify)]
pub fn classify_values(
    values: &[f64],
    method: &str,
    k: usize,
    manual_breaks: &[f64],
) -> Result<String, JsValue> {
    let m = Method::parse(method, manual_breaks).map_err(js_err)?;
    classify(values, &m, k)
        .map(|c| choropleth::classification_json(&c))
        .map_err(js_err)
}

/// Histogram of the values with the breaks drawn, as SVG (colours: the classes').
#[wasm_bindgen(js_name = histogramSvg)]
pub fn histogram_svg(values: &[f64], classes: &Classes, width: f64, height: f64) -> String {
    let breaks = classes
        .c
        .classification
        .as_ref()
        .map(|c| c.breaks.clone())
        .unwrap_or_default();
    use crate::render::histogram::{histogram_marks, histogram_svg};
    let marks = histogram_marks(values, &breaks, &classes.c.colors, width, height, 40);
    histogram_svg(&marks, width, height)
}

/// Pooled breaks over several series given end to end: `lengths` splits `values` into series.
#[wasm_bindgen(js_name = classifyPooled)]
pub fn classify_pooled(
    values: &[f64],
    lengths: &[u32],
    method: &str,
    k: usize,
) -> Result<String, JsValue> {
    let m = Method::parse(method, &[]).map_err(js_err)?;
    let mut series = Vec::new();
    let mut at = 0usize;
    for &n in lengths {
        let end = (at + n as usize).min(values.len());
        series.push(&values[at..end]);
        at = end;
    }
    crate::stats::classify_pooled(&series, &m, k)
        .map(|c| choropleth::classification_json(&c))
        .map_err(js_err)
}

/// The area of each feature of a layer on the WGS 84 ellipsoid, km² (NaN: no polygon): what a
/// density divides by (see [`crate::geom::area`]).
#[wasm_bindgen(js_name = featureAreas)]
pub fn feature_areas(layer: &Dataset) -> Result<Vec<f64>, JsValue> {
    crate::geom::area::feature_areas(layer.layer()?).map_err(js_err)
}

/// The data of a sealed atlas (see [`crate::atlas::seal`]) under `key` (64 hexadecimal digits, or
/// the fragment that carries them: `#key=…`), or why not (a key misread, a wrong key).
#[wasm_bindgen(js_name = openSealed)]
pub fn open_sealed(sealed: &[u8], key: &str) -> Result<Vec<u8>, JsValue> {
    let key = crate::atlas::seal::parse_key(key).map_err(js_err)?;
    crate::atlas::seal::open(sealed, &key).map_err(js_err)
}

/// `plain` sealed under `key` (64 hexadecimal digits) with `nonce` (12 bytes, drawn at random by the
/// page: `crypto.getRandomValues`, present where `crypto.subtle` is not), as
/// [`crate::atlas::seal::seal`]: what the page publishes an atlas sealed with.
#[wasm_bindgen(js_name = sealBytes)]
pub fn seal_bytes(plain: &[u8], key: &str, nonce: &[u8]) -> Result<Vec<u8>, JsValue> {
    let key = crate::atlas::seal::parse_key(key).map_err(js_err)?;
    let nonce: [u8; 12] = nonce
        .try_into()
        .map_err(|_| js_err(Error::new("seal-nonce", "a nonce is 12 bytes")))?;
    Ok(crate::atlas::seal::seal(plain, &key, nonce))
}

/// Per-feature values of a joined column (NaN where missing).
#[wasm_bindgen(js_name = joinedValues)]
pub fn joined_values(join: &Join, table: &Dataset, column: &str) -> Result<Vec<f64>, JsValue> {
    let t = table.table();
    let col = t
        .column_index(column)
        .ok_or_else(|| js_err(Error::new("column", format!("no column '{column}'"))))?;
    Ok(choropleth::joined_values(&join.report, t, col))
}

/// A table as CSV for a spreadsheet in `locale`: see [`crate::table::write::csv`]; `header` and
/// `texts` are cells joined by NUL (one string from the page, not one per cell).
#[wasm_bindgen(js_name = writeCsv)]
pub fn write_csv(
    header: &str,
    kinds: &str,
    texts: &str,
    numbers: &[f64],
    rows: usize,
    locale: &str,
) -> Result<String, JsValue> {
    let header: Vec<&str> = header.split('\0').collect();
    let texts: Vec<&str> = texts.split('\0').collect();
    let locale = Locale::parse(locale);
    crate::table::write::csv(&header, kinds.as_bytes(), &texts, numbers, rows, locale)
        .map_err(js_err)
}

/// Every colour scheme: `[{name, family, colorblindSafe}]`.
#[wasm_bindgen]
pub fn palettes() -> String {
    jsonw::arr(crate::color::SCHEMES.iter().map(|s| {
        let fam = match s.family {
            crate::color::Family::Sequential => "sequential",
            crate::color::Family::Diverging => "diverging",
            crate::color::Family::Perceptual => "perceptual",
            crate::color::Family::Qualitative => "qualitative",
        };
        Obj::new()
            .s("name", s.name)
            .s("family", fam)
            .b("colorblindSafe", s.colorblind_safe)
            .done()
    }))
}

#[wasm_bindgen(js_name = methods)]
pub fn method_names() -> String {
    jsonw::strs(&crate::stats::classify::METHOD_NAMES)
}

#[wasm_bindgen(js_name = formatNumber)]
pub fn format_number_js(v: f64, decimals: usize, locale: &str) -> String {
    format_number(v, decimals, Locale::parse(locale))
}

/// A number as people write it in `locale` (`1 000 000`, `2,5`, `12 %` in French; `1,000.5` in
/// English), read as the tables' cells are (see [`crate::table::number::parse_number`]), or none.
#[wasm_bindgen(js_name = parseNumber)]
pub fn parse_number_js(text: &str, locale: &str) -> Option<f64> {
    use crate::table::number::{parse_number, NumStyle};
    let style = match Locale::parse(locale) {
        Locale::Fr => NumStyle::Fr,
        Locale::En => NumStyle::En,
    };
    parse_number(text, style)
        .map(|(v, _)| v)
        .filter(|v| v.is_finite())
}

/// The export's sheet from the page's description (see [`crate::render::sheet::PageSpec`]).
fn sheet_of(classes: &Classes, spec: &str) -> Result<Sheet, Error> {
    Ok(classes
        .c
        .sheet(crate::render::sheet::PageSpec::from_json(spec)?))
}

/// The map as the export shows it, as SVG (vector): the sheet of `spec` (see [`sheet_of`]).
#[wasm_bindgen(js_name = exportSvg)]
pub fn export_svg(view: &MapView, classes: &Classes, spec: &str) -> Result<String, JsValue> {
    let sheet = sheet_of(classes, spec).map_err(js_err)?;
    Ok(classes.c.svg(&view.p, &sheet))
}

/// The export's sheet laid out, for the page's PNG: JSON `{width, height, frame, marks, over}`.
#[wasm_bindgen(js_name = exportSheet)]
pub fn export_sheet(classes: &Classes, spec: &str) -> Result<String, JsValue> {
    Ok(sheet_of(classes, spec).map_err(js_err)?.json())
}

/// The scale bar of a map `height` pixels high where a pixel is `mpp` metres: JSON `{metres, px,
/// text, marks}`, or an empty string where the map has no scale.
#[wasm_bindgen(js_name = scaleBar)]
pub fn scale_bar(mpp: f64, height: f64) -> String {
    crate::render::sheet::scale_bar(mpp, height)
        .map(|b| b.json())
        .unwrap_or_default()
}

/// The borders' width (CSS pixels) for features of median size `typical_px` on screen.
#[wasm_bindgen(js_name = borderWidth)]
pub fn border_width(typical_px: f64) -> f64 {
    crate::render::svg::border_width(typical_px)
}

/// Labels placed without overlaps (render/labels.rs): `cands` `[x, y, text width, beside]` a
/// candidate (`Candidate`; the width its widest line's), the first placed first (the largest
/// features), `texts` one a candidate (lines cut at `\n`: a name and its value), `obstacles`
/// `[x0, y0, x1, y1]` each, `frames` the insets' frames (the same; no label crosses their lines),
/// on a map `map_w` × `map_h` pixels, `max` at most: JSON
/// `{placed: [candidate, …], boxes: [[x0, y0, x1, y1], …], marks}` (a mark a line).
#[wasm_bindgen(js_name = placeLabels)]
pub fn place_labels(
    cands: &[f64],
    texts: Vec<String>,
    obstacles: &[f64],
    frames: &[f64],
    map_w: f64,
    map_h: f64,
    max: usize,
) -> String {
    use crate::render::labels::{lines, place, Candidate};
    let c: Vec<Candidate> = cands
        .chunks_exact(4)
        .enumerate()
        .map(|(i, c)| Candidate {
            x: c[0],
            y: c[1],
            width: c[2],
            beside: c[3],
            lines: texts.get(i).map_or(1, |t| lines(t).count()),
        })
        .collect();
    let rects = |v: &[f64]| -> Vec<[f64; 4]> {
        v.chunks_exact(4)
            .map(|o| [o[0], o[1], o[2], o[3]])
            .collect()
    };
    let placed = place(&c, &rects(obstacles), &rects(frames), [map_w, map_h], max);
    let text = |i: usize| texts.get(i).map_or("", |t| t.as_str());
    Obj::new()
        .raw(
            "placed",
            &jsonw::arr(placed.iter().map(|p| p.candidate.to_string())),
        )
        .raw(
            "boxes",
            &jsonw::arr(placed.iter().map(|p| jsonw::nums(&p.bbox))),
        )
        .raw(
            "marks",
            &jsonw::arr(
                placed
                    .iter()
                    .flat_map(|p| p.marks(text(p.candidate)))
                    .map(|m| m.json()),
            ),
        )
        .done()
}

/// The default fill of proportional symbols over classes of colours `classes` (0xRRGGBBAA each),
/// as `#rrggbbaa`: one that stands out from them (see [`crate::render::symbols::fill_over`]).
#[wasm_bindgen(js_name = symbolFill)]
pub fn symbol_fill(classes: &[u32]) -> String {
    let classes: Vec<_> = classes.iter().map(|c| c.to_be_bytes()).collect();
    crate::render::sheet::color_text(crate::render::symbols::fill_over(&classes))
}

/// The fill of negative values' symbols beside `positive` (0xRRGGBBAA) over classes `classes`
/// (render/symbols.rs `negative_fill_over`), as `#rrggbbaa`.
#[wasm_bindgen(js_name = symbolNegativeFill)]
pub fn symbol_negative_fill(classes: &[u32], positive: u32) -> String {
    let classes: Vec<_> = classes.iter().map(|c| c.to_be_bytes()).collect();
    crate::render::sheet::color_text(crate::render::symbols::negative_fill_over(
        &classes,
        positive.to_be_bytes(),
    ))
}

/// The values a proportional symbols' key shows for a largest value `max`.
#[wasm_bindgen(js_name = symbolKeyValues)]
pub fn symbol_key_values(max: f64) -> Vec<f64> {
    crate::render::symbols::key_values(max)
}
