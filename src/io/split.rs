//! A big GeoJSON FeatureCollection read by two workers at once, each on half of the text.
//!
//! The first worker decodes the file and looks, past 55 % of the text, for where a feature begins in
//! the `features` array (`}`, `,`, `{"type":"Feature"`); it hands the text from there to a second
//! worker and reads up to that point. The cut is a guess until the first reader gets there: only
//! it knows, having read everything before, whether a feature of the top-level array begins at
//! that byte (and not, say, inside a name). If none does, it reads on to the end as usual. The
//! second half comes back as a plain layer with its properties still as text; the two are joined
//! and what needs the whole layer (column types, ranges, the `crs`) is done once, as a reading of
//! the whole file does it: the result is the same layer, feature for feature and byte for byte.
//!
//! Anything unusual in the second half — an error, a warning (its line numbers would be off), a
//! member after the `features` array — and the first worker reads the whole file itself, so that
//! messages name the right place. Splitting saves the time of reading one half less that of handing
//! it over and joining it (the communes' 46 MB on two cores: 600 → 516 ms); it never changes what
//! is read.

use super::binary::Source;
use super::geojson::{self, Part, Span};
use super::snapshot::{read_loaded, read_two, write_loaded, TwoParts};
use super::sniff::{self, Format};
use super::{read_sniffed, Data, Loaded, Options};
use crate::error::{Error, Warnings};
use crate::geom::Layer;

/// Below this, one worker reads the file (a second one would take longer to start).
pub const SPLIT_MIN_BYTES: usize = 8 << 20;

/// Where a feature seems to begin, searched from 55 % of `text` over at most a fifth of it: the `{`
/// of `}` `,` `{` `"type"` `:` `"Feature"` (white space allowed between them). Past the middle:
/// the second worker also copies its text in and its part out, the first one's part stays.
pub fn split_point(text: &[u8]) -> Option<usize> {
    let (from, to) = (text.len() / 20 * 11, (text.len() / 4 * 3).min(text.len()));
    feature_start(&text[..to], from)
}

/// Where a feature seems to begin in `text` (as [`split_point`] looks for it), from byte `from` on:
/// the page looks in a window of the file it holds, to cut it itself (see [`Cut::Given`]).
pub fn feature_start(text: &[u8], from: usize) -> Option<usize> {
    const NEEDLE: &[u8] = b"\"Feature\"";
    let to = text.len();
    let ws = |b: u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    let back = |mut i: usize| {
        while i > 0 && ws(text[i - 1]) {
            i -= 1;
        }
        i
    };
    let mut at = from;
    while at + NEEDLE.len() <= to {
        let k = text[at..to]
            .windows(NEEDLE.len())
            .position(|w| w == NEEDLE)?;
        let hit = at + k;
        at = hit + 1;
        // "type" : before it, then { , } before that
        let i = back(hit);
        if i == 0 || text[i - 1] != b':' {
            continue;
        }
        let i = back(i - 1);
        if i < 6 || &text[i - 6..i] != b"\"type\"" {
            continue;
        }
        let brace = back(i - 6);
        if brace == 0 || text[brace - 1] != b'{' {
            continue;
        }
        let comma = back(brace - 1);
        if comma == 0 || text[comma - 1] != b',' {
            continue;
        }
        let close = back(comma - 1);
        if close == 0 || text[close - 1] != b'}' {
            continue;
        }
        return Some(brace - 1);
    }
    None
}

/// The first worker's reading: either the whole file (not split) or its first part, waiting for
/// the second.
pub struct Head {
    name: String,
    opts: Options,
    sniffed: Option<sniff::Sniffed>,
    part: Option<(Part, Warnings)>,
    whole: Option<Loaded>,
    /// where the second part starts, as a fraction of the text
    pub cut: f64,
    /// only the text up to the cut was given (see [`Cut::Given`])
    given: bool,
    /// the first part's box when it can be projected before the join (see [`Head::early`])
    early: Option<[f64; 4]>,
}

/// The first part's box if it can be projected before the second is joined to it: no `crs` (which
/// would reproject it) and nothing that the joined layer's range check would change
/// ([`geojson::range_box`]); found once, as the part is read.
fn early_box(part: &Part) -> Option<[f64; 4]> {
    part.crs
        .as_ref()
        .map_or_else(|| geojson::range_box(&part.layer), |_| None)
}

/// [`load_head`] of a text that ends at the cut (see [`Cut::Given`]).
fn given_head(
    s: sniff::Sniffed,
    name: &str,
    opts: &Options,
    whole: usize,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<Head, Error> {
    // UTF-8 text only: the second part is read as such (a Windows-1252 file is decoded whole)
    if s.format != Format::GeoJson || s.gzip || !s.encoding.starts_with("utf-8") {
        return Err(retry());
    }
    let mut w = s.warnings.clone();
    let span = Span::Head {
        stop: s.text.len(),
        whole: whole.max(s.text.len()),
    };
    let read = geojson::read_part(&s.text, name, span, &mut w, &mut |f| progress("parse", f));
    let cut = s.text.len() as f64 / whole.max(s.text.len()).max(1) as f64;
    // the text is not read again (a failure is read again whole, by one worker): its memory is
    // given back now, for what comes next to reuse rather than touch new pages (in Wasm, a
    // first touch of memory costs about as much as a copy)
    let mut s = s;
    s.text = String::new();
    match read {
        Ok(part) if part.stopped => Ok(Head {
            name: name.to_string(),
            opts: opts.clone(),
            cut,
            sniffed: Some(s),
            early: early_box(&part),
            part: Some((part, w)),
            whole: None,
            given: true,
        }),
        // an error before the cut is reported by the reading of the whole file, with its place
        _ => Err(retry()),
    }
}

/// Where a FeatureCollection's text is cut.
#[derive(Clone, Copy, Debug)]
pub enum Cut {
    /// from this many bytes of text up, where [`split_point`] finds a feature
    Find { min_bytes: usize },
    /// at this byte, wherever that is (tests and fuzzing: the result must be the same whatever
    /// the cut)
    At(usize),
    /// the bytes are the text up to the cut only, `whole` bytes long in all: the page cut it
    /// where [`feature_start`] found a feature and gave the rest to the other worker at the same
    /// time. If no feature of the array begins there, or the second part cannot be taken, the
    /// reading fails with [`RETRY`]: the page then has one worker read the whole file.
    Given { whole: usize },
}

/// The code of the error that asks for the whole file to be read again by one worker (see
/// [`Cut::Given`]).
pub const RETRY: &str = "split-retry";

fn retry() -> Error {
    Error::new(
        RETRY,
        "the file could not be read in two parts: it is read again in one",
    )
}

/// Decodes `bytes` and, for a FeatureCollection with a place to `cut`, hands `on_tail` the text
/// from there (and where that is, as a fraction of the text) and reads up to it; otherwise reads
/// the whole file.
pub fn load_head(
    bytes: Vec<u8>,
    name: &str,
    opts: &Options,
    cut: Cut,
    progress: &mut dyn FnMut(&str, f64),
    on_tail: &mut dyn FnMut(&[u8], f64),
) -> Result<Head, Error> {
    let named = |mut e: Error| {
        e.message = format!("{name}: {}", e.message);
        e
    };
    if let Cut::Given { whole } = cut {
        // (a head alone is no file: any error is the whole file's to report)
        let s = sniff::sniff_owned(bytes).map_err(|_| retry())?;
        progress("decode", 1.0);
        return given_head(s, name, opts, whole, progress);
    }
    let s = sniff::sniff_owned(bytes).map_err(named)?;
    progress("decode", 1.0);
    let cut = match cut {
        _ if s.format != Format::GeoJson => None,
        Cut::Find { min_bytes } => (s.text.len() >= min_bytes)
            .then(|| split_point(s.text.as_bytes()))
            .flatten(),
        Cut::At(at) => Some(at),
        Cut::Given { .. } => None,
    };
    let Some(cut) = cut.filter(|&c| c < s.text.len() && s.text.is_char_boundary(c)) else {
        let whole = read_sniffed(s, name, opts, progress).map_err(named)?;
        return Ok(Head::whole(name, opts, whole));
    };
    let fraction = cut as f64 / s.text.len() as f64;
    on_tail(&s.text.as_bytes()[cut..], fraction);
    // the decoder's warnings then the reader's, in one list as a whole reading keeps them (a list
    // keeps so many of a kind and counts the rest)
    let mut w = s.warnings.clone();
    let span = Span::Head {
        stop: cut,
        whole: s.text.len(),
    };
    let read = geojson::read_part(&s.text, name, span, &mut w, &mut |f| progress("parse", f));
    match read {
        Ok(part) if part.stopped => Ok(Head {
            name: name.to_string(),
            opts: opts.clone(),
            sniffed: Some(s),
            early: early_box(&part),
            part: Some((part, w)),
            whole: None,
            cut: fraction,
            given: false,
        }),
        // read on to the end (no feature began at the cut), or an error before it: as a whole
        // reading would have it
        _ => {
            let whole = read_sniffed(s, name, opts, progress).map_err(named)?;
            Ok(Head::whole(name, opts, whole))
        }
    }
}

impl Head {
    /// A reading of the whole file (not cut).
    fn whole(name: &str, opts: &Options, whole: Loaded) -> Head {
        Head {
            name: name.to_string(),
            opts: opts.clone(),
            sniffed: None,
            part: None,
            whole: Some(whole),
            cut: 1.0,
            given: false,
            early: None,
        }
    }

    /// Whether the file was cut (then [`Head::finish`] wants the second part).
    pub fn is_split(&self) -> bool {
        self.part.is_some()
    }

    /// The first part, packed, as bytes for [`join_parts`] (once; after any projection of it: packing
    /// drops its coordinates as read); `None` unless it can be projected before the join
    /// ([`Head::early`]).
    pub fn take_early(&mut self) -> Option<Vec<u8>> {
        self.early()?;
        let (mut part, warnings) = self.part.take()?;
        let s = self.sniffed.as_ref()?;
        part.layer.pack();
        let nulls = part.null_geometries;
        Some(write_loaded(&part_loaded(
            part.layer, nulls, s.encoding, s.gzip, warnings,
        )))
    }

    /// The first part's layer and box when it can be projected before the second is joined to it
    /// (see [`early_box`]): then its vertices are the joined layer's first ones.
    pub fn early(&self) -> Option<(&Layer, [f64; 4])> {
        Some((&self.part.as_ref()?.0.layer, self.early?))
    }

    /// The whole layer: the first part joined with the second (`tail`, from [`load_tail`]), or,
    /// without it, the whole file read here.
    pub fn finish<S: Source>(
        self,
        tail: Option<S>,
        progress: &mut dyn FnMut(&str, f64),
    ) -> Result<Loaded, Error> {
        self.finish_joined(tail, progress).map(|(loaded, _)| loaded)
    }

    /// [`Head::finish`], and where the second part begins (its first feature) when it was joined:
    /// the features from there are the second part's, in its order.
    pub fn finish_joined<S: Source>(
        self,
        tail: Option<S>,
        progress: &mut dyn FnMut(&str, f64),
    ) -> Result<(Loaded, Option<usize>), Error> {
        let name = self.name;
        let named = |mut e: Error| {
            e.message = format!("{name}: {}", e.message);
            e
        };
        if let Some(whole) = self.whole {
            return Ok((whole, None));
        }
        let (Some(s), Some((mut head, mut w))) = (self.sniffed, self.part) else {
            return Err(Error::new("split", "nothing was read"));
        };
        // (parts that do not join — columns one has and the other has not, too many empty cells
        // to pad — are read as one: the error, if there is one, is the whole file's, where it is)
        let at = head.layer.len();
        let tail = tail.and_then(read_tail_part).and_then(|t| {
            let bytes = Some(s.text.len());
            head.layer
                .append(t.layer, bytes)
                .ok()
                .map(|_| t.null_geometries)
        });
        let Some(tail_nulls) = tail else {
            if self.given {
                return Err(retry());
            }
            return read_sniffed(s, &name, &self.opts, progress)
                .map(|loaded| (loaded, None))
                .map_err(named);
        };
        head.null_geometries += tail_nulls;
        let layer = geojson::finish(head, &mut w).map_err(named)?;
        let loaded = Loaded {
            data: Data::Layer(layer),
            format: Format::GeoJson,
            encoding: s.encoding,
            gzip: s.gzip,
            warnings: w,
            objects: Vec::new(),
        };
        Ok((loaded, Some(at)))
    }
}

/// The second worker's reading of the text from the cut: the part, as bytes for the first worker,
/// or `None` if it must read the whole file itself (an error, a warning, members after the array).
pub fn load_tail(text: Vec<u8>, name: &str, progress: &mut dyn FnMut(f64)) -> Option<Vec<u8>> {
    load_tail_kept(text, name, progress).map(|mut k| k.bytes())
}

/// A second part read and kept by the worker that read it: written out for the first worker when
/// that one joins the parts ([`Kept::bytes`]), or projected here and written out packed for the
/// page, which joins them ([`Kept::packed_bytes`], [`join_parts`]).
pub struct Kept {
    layer: Layer,
    nulls: usize,
}

impl Kept {
    pub fn layer(&self) -> &Layer {
        &self.layer
    }
    /// The part as bytes (its coordinates as read) for the first worker's [`Head::finish`].
    pub fn bytes(&mut self) -> Vec<u8> {
        let loaded = part_loaded(
            std::mem::take(&mut self.layer),
            self.nulls,
            "utf-8",
            false,
            Warnings::default(),
        );
        let bytes = write_loaded(&loaded);
        if let Data::Layer(l) = loaded.data {
            self.layer = l;
        }
        bytes
    }
    /// The part packed, as bytes for [`join_parts`] (after any projection: packing drops the
    /// coordinates as read).
    pub fn packed_bytes(&mut self) -> Vec<u8> {
        self.layer.pack();
        self.bytes()
    }
}

/// A part of a layer as a worker hands it over: a snapshot whose list of objects holds the count of
/// its features without geometry (what [`join_parts`] and [`Head::finish`] add up).
fn part_loaded(
    layer: Layer,
    nulls: usize,
    encoding: &'static str,
    gzip: bool,
    warnings: Warnings,
) -> Loaded {
    Loaded {
        data: Data::Layer(layer),
        format: Format::GeoJson,
        encoding,
        gzip,
        warnings,
        objects: vec![(NULLS.to_string(), nulls)],
    }
}

/// [`load_tail`], the part kept, for the second worker to project it once the box of the whole
/// layer is known.
pub fn load_tail_kept(text: Vec<u8>, name: &str, progress: &mut dyn FnMut(f64)) -> Option<Kept> {
    let text = String::from_utf8(text).ok()?;
    let mut w = Warnings::default();
    let part = geojson::read_part(&text, name, Span::Tail, &mut w, progress).ok()?;
    drop(text);
    if !(part.clean_end && w.list.is_empty() && w.suppressed.is_empty()) {
        return None;
    }
    Some(Kept {
        layer: part.layer,
        nulls: part.null_geometries,
    })
}

/// The layer from its two parts, each read, projected and packed by a worker of its own (the
/// first's [`Head::take_early`], the second's [`Kept::packed_bytes`]), both [in
/// range](geojson::range_box): what reading the whole file gives, feature for feature and byte for
/// byte (the page joins them, so that neither worker waits for the other to finish).
pub fn join_parts<S: Source, T: Source>(head: S, tail: T) -> Result<Loaded, Error> {
    let bad = || Error::new("snapshot", "the parts of a layer do not join");
    let TwoParts {
        first,
        second_objects: tail_objects,
        rest,
    } = read_two(head, tail)?;
    let nulls = |o: &[(String, usize)]| match o {
        [(name, n)] if name == NULLS => Some(*n),
        _ => None,
    };
    let (nh, nt) = (
        nulls(&first.objects).ok_or_else(bad)?,
        nulls(&tail_objects).ok_or_else(bad)?,
    );
    let Data::Layer(mut layer) = first.data else {
        return Err(bad());
    };
    // (packs on two grids: unpacked, joined and packed again)
    if let Some(rest) = rest {
        join_packed(&mut layer, rest).ok_or_else(bad)?;
    }
    let mut w = first.warnings;
    let part = Part {
        layer,
        null_geometries: nh + nt,
        crs: None,
        stopped: true,
        clean_end: true,
    };
    let layer = geojson::finish_part(part, &mut w, false)?;
    Ok(Loaded {
        data: Data::Layer(layer),
        format: Format::GeoJson,
        encoding: first.encoding,
        gzip: first.gzip,
        warnings: w,
        objects: Vec::new(),
    })
}

/// `rest` appended to `layer`, both packed but not on one grid nor both kept as they are (those
/// [`read_two`] joins as it reads them): unpacked, joined and packed again (what packing the whole
/// gives). `None` for packs that do not fit their rings.
fn join_packed(layer: &mut Layer, mut rest: Layer) -> Option<()> {
    if let Some(a) = layer.packed.take() {
        layer.coords = a.unpack(&layer.ring_offsets)?;
    }
    if let Some(b) = rest.packed.take() {
        rest.coords = b.unpack(&rest.ring_offsets)?;
    }
    // (parts that would pad too many empty cells: see `Layer::append`; the page then has one
    // worker read the file whole)
    layer.append(rest, None).ok()?;
    layer.pack();
    Some(())
}

const NULLS: &str = "null-geometries";

/// Reads what [`load_tail`] wrote (`None` if it is not that).
fn read_tail_part<S: Source>(src: S) -> Option<Part> {
    let loaded = read_loaded(src).ok()?;
    let nulls = match loaded.objects.as_slice() {
        [(name, n)] if name == NULLS => *n,
        _ => return None,
    };
    let Data::Layer(layer) = loaded.data else {
        return None;
    };
    (layer.packed.is_none() && layer.borders.is_none()).then_some(Part {
        layer,
        null_geometries: nulls,
        crs: None,
        stopped: false,
        clean_end: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::snapshot::write_loaded;

    fn feature(i: usize) -> String {
        // a column that only the later features have, one that turns from numbers to text, ids
        // of both kinds, features without geometry, holes, several polygons
        let mut props = format!(r#""code":"{:05}","v":{}"#, i * 7, i as f64 * 1.5);
        if i > 40 {
            props += &format!(r#","late":"x{i}""#);
        }
        props += &if i == 70 {
            r#","mixed":"n/a""#.to_string()
        } else {
            format!(r#","mixed":{i}"#)
        };
        let geom = match i % 9 {
            4 => "null".to_string(),
            5 => format!(
                r#"{{"type":"MultiPolygon","coordinates":[[[[{i},0],[{i}.5,0],[{i}.5,1],[{i},0]]],[[[{i},2],[{i}.5,2],[{i}.5,3],[{i},2]]]]}}"#
            ),
            6 => format!(
                r#"{{"type":"Polygon","coordinates":[[[{i},0],[{i}.9,0],[{i}.9,0.9],[{i},0.9],[{i},0]],[[{i}.2,0.2],[{i}.3,0.2],[{i}.3,0.3],[{i}.2,0.2]]]}}"#
            ),
            _ => format!(
                r#"{{"type":"Polygon","coordinates":[[[{i},0],[{i}.5,0],[{i}.5,1.25],[{i},0]]]}}"#
            ),
        };
        let id = if i.is_multiple_of(2) {
            format!(r#""id":"{i}","#)
        } else {
            format!(r#""id":{i},"#)
        };
        format!(r#"{{"type":"Feature",{id}"properties":{{{props}}},"geometry":{geom}}}"#)
    }

    fn collection(n: usize, after: &str) -> String {
        let f: Vec<String> = (0..n).map(feature).collect();
        format!(
            "{{\"type\":\"FeatureCollection\",\"name\":\"t\",\"features\":[\n{}\n]{after}}}\n",
            f.join(",\n")
        )
    }

    /// Where each feature of a collection begins.
    fn feature_starts(text: &str) -> Vec<usize> {
        text.match_indices("{\"type\":\"Feature\"")
            .map(|(i, _)| i)
            .collect()
    }

    fn whole(text: &str) -> Result<Vec<u8>, String> {
        crate::io::load(text.as_bytes(), "t.geojson", &Options::default())
            .map(|l| write_loaded(&l))
            .map_err(|e| e.to_string())
    }

    /// Reads `text` cut at `cut` as the two workers do; also says whether it was cut and whether
    /// the second worker's part was taken.
    fn two_workers(text: &str, cut: Option<usize>) -> (Result<Vec<u8>, String>, bool, bool) {
        let mut tail_text = None;
        let head = load_head(
            text.as_bytes().to_vec(),
            "t.geojson",
            &Options::default(),
            Cut::At(cut.unwrap_or(usize::MAX)),
            &mut |_, _| {},
            &mut |t, _| tail_text = Some(t.to_vec()),
        );
        let head = match head {
            Ok(h) => h,
            Err(e) => return (Err(e.to_string()), false, false),
        };
        let split = head.is_split();
        let part = tail_text.and_then(|t| load_tail(t, "t.geojson", &mut |_| {}));
        let taken = part.is_some();
        let r = head.finish(part.as_deref(), &mut |_, _| {});
        (
            r.map(|l| write_loaded(&l)).map_err(|e| e.to_string()),
            split,
            taken,
        )
    }

    /// The first worker's reading of the text up to `cut`, as the page hands it over.
    fn head_of(bytes: &[u8], cut: usize) -> Result<Head, Error> {
        load_head(
            bytes[..cut].to_vec(),
            "t.geojson",
            &Options::default(),
            Cut::Given { whole: bytes.len() },
            &mut |_, _| {},
            &mut |_, _| panic!("a given head is not cut again"),
        )
    }

    /// Reads `bytes` cut by the page at `cut`, as the two workers do then: the first one only has
    /// the text up to the cut, the second the rest.
    fn page_cut(bytes: &[u8], cut: usize) -> Result<Vec<u8>, Error> {
        let head = head_of(bytes, cut)?;
        assert!(head.is_split());
        let part = load_tail(bytes[cut..].to_vec(), "t.geojson", &mut |_| {});
        head.finish(part.as_deref(), &mut |_, _| {})
            .map(|l| write_loaded(&l))
    }

    fn is_retry(r: Result<Vec<u8>, Error>) -> bool {
        matches!(r, Err(e) if e.code == RETRY)
    }

    #[test]
    fn a_text_cut_by_the_page_reads_as_the_whole_or_asks_for_it() {
        let text = collection(90, "");
        let expected = whole(&text).unwrap();
        let starts = feature_starts(&text);
        for &cut in &starts[1..] {
            assert_eq!(
                page_cut(text.as_bytes(), cut).unwrap(),
                expected,
                "cut at {cut}"
            );
        }
        // what the page finds in a window of the text is where the search in the whole finds it
        let at = split_point(text.as_bytes()).unwrap();
        let from = text.len() / 20 * 11;
        let window = &text.as_bytes()[from - 100..text.len() / 4 * 3];
        assert_eq!(feature_start(window, 100).map(|i| i + from - 100), Some(at));
        // inside a feature, a name, before the array; something unusual after the cut; an error
        // in either part: the whole file is read again (by one worker, which reports any error)
        for cut in [
            text.find("\"properties\"").unwrap(),
            text.rfind("Polygon").unwrap(),
            5,
        ] {
            assert!(is_retry(page_cut(text.as_bytes(), cut)), "cut at {cut}");
        }
        let after = collection(40, r#","bbox":[0,0,40,3]"#);
        let cut = feature_starts(&after)[20];
        assert!(is_retry(page_cut(after.as_bytes(), cut)));
        let mut broken = collection(40, "");
        broken.insert_str(broken.find("[[[").unwrap() + 3, "oops");
        let cut = feature_starts(&broken)[20];
        assert!(is_retry(page_cut(broken.as_bytes(), cut)));
        // gzip, a table: not a head
        assert!(is_retry(page_cut(b"\x1f\x8b\x08\x00\x00\x00\x00\x00", 4)));
        assert!(is_retry(page_cut(b"code,v\n01,2\n02,3\n", 10)));
    }

    /// The whole file read in one piece, its layer packed (as the page keeps it).
    fn whole_packed(text: &str) -> Vec<u8> {
        let mut l = crate::io::load(text.as_bytes(), "t.geojson", &Options::default()).unwrap();
        if let Data::Layer(layer) = &mut l.data {
            layer.pack();
        }
        write_loaded(&l)
    }

    #[test]
    fn parts_packed_by_each_worker_and_joined_by_the_page_are_the_whole_layer() {
        // a column only the later features have, numbers turning to text, null geometries (see
        // `feature`); then a second part on a finer grid (its packs do not join as they are)
        let finer = collection(90, "").replace("[88,0],[88.5,0]", "[88,0],[88.125,0]");
        for text in [collection(90, ""), finer] {
            let starts = feature_starts(&text);
            for &cut in &[starts[1], starts[45], starts[89]] {
                let mut head = head_of(text.as_bytes(), cut).unwrap();
                assert!(head.early().is_some(), "in range, no crs");
                let mut tail =
                    load_tail_kept(text.as_bytes()[cut..].to_vec(), "t.geojson", &mut |_| {})
                        .unwrap();
                let (h, t) = (head.take_early().unwrap(), tail.packed_bytes());
                assert!(head.take_early().is_none(), "once");
                let mut seed = (h.len() as u32).to_le_bytes().to_vec();
                seed.extend_from_slice(&h);
                seed.extend_from_slice(&t);
                crate::io::binary::write_fuzz_seed(&format!("two-{cut}.sat"), &seed);
                let joined = join_parts(&h[..], &t[..]).unwrap();
                assert_eq!(write_loaded(&joined), whole_packed(&text), "cut at {cut}");
            }
        }
        // numbers that are no short decimals (17 digits, as a Voronoi tessellation's): each part's
        // distinct vertices, joined in one table
        let long = collection(40, "").replace(".5,", ".12345678901234567,");
        assert_ne!(long, collection(40, ""));
        let cut = feature_starts(&long)[20];
        let mut head = head_of(long.as_bytes(), cut).unwrap();
        let mut tail =
            load_tail_kept(long.as_bytes()[cut..].to_vec(), "t.geojson", &mut |_| {}).unwrap();
        let (h, t) = (head.take_early().unwrap(), tail.packed_bytes());
        let joined = join_parts(&h[..], &t[..]).unwrap();
        assert_eq!(write_loaded(&joined), whole_packed(&long));
        let Data::Layer(l) = &joined.data else {
            panic!()
        };
        assert!(l.packed.as_ref().is_some_and(|p| p.distinct.is_some()));
        // and such numbers in one part only (the other packs): unpacked, joined, kept as they are
        let short = collection(40, "");
        let at = feature_starts(&short)[30];
        let mixed = format!("{}{}", &short[..at], &long[feature_starts(&long)[30]..]);
        for cut in [feature_starts(&mixed)[10], feature_starts(&mixed)[35]] {
            let mut head = head_of(mixed.as_bytes(), cut).unwrap();
            let mut tail =
                load_tail_kept(mixed.as_bytes()[cut..].to_vec(), "t.geojson", &mut |_| {}).unwrap();
            let (h, t) = (head.take_early().unwrap(), tail.packed_bytes());
            let joined = join_parts(&h[..], &t[..]).unwrap();
            assert_eq!(write_loaded(&joined), whole_packed(&mixed), "cut at {cut}");
        }
        // parts that are not two parts of a layer
        let text = collection(20, "");
        let cut = feature_starts(&text)[10];
        let tail = load_tail_kept(text.as_bytes()[cut..].to_vec(), "t.geojson", &mut |_| {});
        let t = tail.unwrap().packed_bytes();
        let table =
            write_loaded(&crate::io::load(b"a,b\n1,2\n", "t.csv", &Options::default()).unwrap());
        assert!(join_parts(&table[..], &t[..]).is_err());
        assert!(join_parts(&t[..t.len() / 2], &t[..]).is_err());
    }

    #[test]
    fn a_head_with_a_crs_or_out_of_range_is_projected_after_the_join() {
        let text = collection(30, "");
        let cut = feature_starts(&text)[15];
        let crs = text.replacen(
            "{\"type\":\"FeatureCollection\",",
            "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},",
            1,
        );
        let across = text.replacen(
            "[[[1,0],[1.5,0],[1.5,1.25],[1,0]]]",
            "[[[179.5,0],[-179.5,0],[-179.5,1],[179.5,0]]]",
            1,
        );
        assert_ne!(across, text);
        for t in [crs.as_str(), across.as_str()] {
            let shift = t.len() - text.len(); // (both changes are before the cut)
            let head = head_of(t.as_bytes(), cut + shift).unwrap();
            assert!(head.is_split() && head.early().is_none());
        }
    }

    #[test]
    fn a_text_cut_by_the_page_in_windows_1252_is_read_whole() {
        // Windows-1252 in either part: a second part read as UTF-8 would not be what reading the
        // whole file (decoded as Windows-1252) gives
        let text = collection(60, "");
        let cut = feature_starts(&text)[30];
        let codes: Vec<usize> = text
            .match_indices("\"code\":\"")
            .map(|(i, _)| i + 8)
            .collect();
        let (in_head, in_tail) = (codes[0], *codes.iter().find(|&&c| c > cut).unwrap());
        for (at, insert, two) in [
            (in_head, &b"\xE9"[..], false),
            (in_tail, b"\xE9", false),
            (in_tail, "é".as_bytes(), true),
        ] {
            let mut bytes = text.as_bytes().to_vec();
            bytes.splice(at..at, insert.iter().copied());
            let cut = if at < cut { cut + insert.len() } else { cut };
            let r = page_cut(&bytes, cut);
            if two {
                // UTF-8 throughout: read in two parts, as the whole
                let one = whole(std::str::from_utf8(&bytes).unwrap()).unwrap();
                assert_eq!(r.unwrap(), one);
            } else {
                assert!(is_retry(r), "Windows-1252 at {at}");
            }
        }
    }

    #[test]
    fn cut_at_any_feature_the_layer_is_the_same_byte_for_byte() {
        let text = collection(90, "");
        let expected = whole(&text).unwrap();
        let starts = feature_starts(&text);
        assert_eq!(starts.len(), 90);
        for &cut in &starts[1..] {
            let (got, split, taken) = two_workers(&text, Some(cut));
            assert!(split && taken, "cut at {cut}");
            assert_eq!(got.unwrap(), expected, "cut at {cut}");
        }
        // and where the search cuts it
        let cut = split_point(text.as_bytes()).expect("a feature after the middle");
        assert!(starts.contains(&cut) && cut >= text.len() / 2);
    }

    #[test]
    fn a_cut_inside_a_feature_or_a_name_reads_the_whole_file_in_one_piece() {
        let text = collection(30, "");
        let expected = whole(&text).unwrap();
        // inside a feature, inside a property value, in the members before the array
        for cut in [
            text.find("\"properties\"").unwrap(),
            text.rfind("Polygon").unwrap(),
            5,
        ] {
            let (got, split, _) = two_workers(&text, Some(cut));
            assert!(!split);
            assert_eq!(got.unwrap(), expected);
        }
        // an array of objects in the properties that looks like the features', right where the
        // search looks (a string cannot: its quotes would be escaped)
        let (pad, end) = ("a".repeat(6000), "a".repeat(2000));
        let trap = format!(
            r#"{{"type":"FeatureCollection","features":[{},{{"type":"Feature","properties":{{"n":"{pad}","list":[{{"a":1}},{{"type":"Feature"}}],"m":"{end}"}},"geometry":null}},{}]}}"#,
            feature(1),
            feature(2)
        );
        let cut = split_point(trap.as_bytes()).expect("the trap is found");
        assert!(trap[cut..].starts_with("{\"type\":\"Feature\"}]"));
        let (got, split, _) = two_workers(&trap, Some(cut));
        assert!(
            !split,
            "the first worker sees that no feature begins at {cut}"
        );
        assert_eq!(got.unwrap(), whole(&trap).unwrap());
    }

    #[test]
    fn anything_unusual_after_the_cut_and_the_first_worker_reads_it_all() {
        // members after the array, a warning (a duplicate member), an error: the same result,
        // warnings and messages (with their lines) as one reading
        let members_after = collection(40, r#","bbox":[0,0,40,3]"#);
        let mut duplicate = collection(40, "");
        let at = duplicate.rfind("\"properties\"").unwrap();
        duplicate.insert_str(at, r#""id":"again","#);
        let mut broken = collection(40, "");
        let at = broken.rfind("[[[").unwrap();
        broken.insert_str(at + 3, "oops");
        for text in [members_after, duplicate, broken] {
            let starts = feature_starts(&text);
            let (got, split, taken) = two_workers(&text, Some(starts[20]));
            assert!(split && !taken, "the second part is not taken");
            assert_eq!(got, whole(&text));
        }
    }
}
