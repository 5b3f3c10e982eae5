//! A loaded file as bytes and back: how a layer parsed in a worker reaches the page. The snapshot
//! is the columnar data itself (coordinates, offsets, cells, numbers, warnings), so rebuilding it
//! is a few bulk copies, with every offset checked before use.

use super::binary::{Reader, Source, Writer, MAGIC};
use super::{Data, Format, Loaded};
use crate::error::{Error, Location, Warning, Warnings};
use crate::geom::layer::{Polylines, RingBorders};
use crate::geom::packed::Packed;
use crate::geom::Layer;
use crate::table::number::NumStyle;
use crate::table::{Column, Kind, Table, TextCells};

fn corrupt(what: impl Into<String>) -> Error {
    Error::new(
        "snapshot",
        format!("internal data snapshot is corrupted: {}", what.into()),
    )
}

/// Error and warning codes are `&'static str` everywhere; codes read back are interned once each.
fn intern(code: String) -> &'static str {
    use std::sync::Mutex;
    static CODES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let Ok(mut codes) = CODES.lock() else {
        return "warning";
    };
    if let Some(c) = codes.iter().find(|c| **c == code) {
        return c;
    }
    if codes.len() >= 256 || code.len() > 40 {
        return "warning";
    }
    let c: &'static str = Box::leak(code.into_boxed_str());
    codes.push(c);
    c
}

const ENCODINGS: [&str; 6] = [
    "utf-8",
    "utf-8-bom",
    "utf-16le",
    "utf-16be",
    "windows-1252",
    "binary",
];
const FORMATS: [Format; 6] = [
    Format::GeoJson,
    Format::TopoJson,
    Format::Delimited,
    Format::JsonRecords,
    Format::Xlsx,
    Format::Ods,
];
const KINDS: [Kind; 4] = [Kind::Key, Kind::Number, Kind::Text, Kind::Empty];

fn index_of<T: PartialEq>(list: &[T], v: &T) -> u8 {
    list.iter().position(|x| x == v).unwrap_or(0) as u8
}
fn pick<T: Copy>(list: &[T], i: u8, what: &str) -> Result<T, Error> {
    list.get(i as usize).copied().ok_or_else(|| corrupt(what))
}

pub fn write_loaded(l: &Loaded) -> Vec<u8> {
    let estimate = match &l.data {
        Data::Layer(layer) => layer.geometry_bytes(),
        Data::Table(_) => 0,
    };
    let mut w = Writer::with_capacity(estimate + 4096);
    w.buf.extend_from_slice(MAGIC);
    w.u8(index_of(&FORMATS, &l.format));
    w.u8(index_of(&ENCODINGS, &l.encoding));
    w.bool(l.gzip);
    w.count(l.warnings.list.len());
    for x in &l.warnings.list {
        w.str(x.code);
        w.str(&x.message);
        write_location(&mut w, &x.at);
    }
    w.count(l.warnings.suppressed.len());
    for (code, n) in &l.warnings.suppressed {
        w.str(code);
        w.count(*n);
    }
    w.count(l.objects.len());
    for (name, n) in &l.objects {
        w.str(name);
        w.count(*n);
    }
    match &l.data {
        Data::Layer(layer) => {
            w.u8(1);
            write_layer(&mut w, layer);
        }
        Data::Table(t) => {
            w.u8(2);
            write_table(&mut w, t);
        }
    }
    w.buf
}

fn write_location(w: &mut Writer, at: &Location) {
    let opt = |w: &mut Writer, v: Option<f64>| match v {
        Some(v) => {
            w.u8(1);
            w.f64(v);
        }
        None => w.u8(0),
    };
    opt(w, at.line.map(f64::from));
    opt(w, at.column.map(f64::from));
    opt(w, at.byte.map(|b| b as f64));
    w.opt_str(at.feature.as_deref());
}

fn write_layer(w: &mut Writer, l: &Layer) {
    w.str(&l.name);
    w.f64s(&l.coords);
    w.u32s(&l.ring_offsets);
    w.u32s(&l.part_offsets);
    w.bytes(&l.part_kind);
    w.u32s(&l.feature_offsets);
    write_cells(w, &l.ids);
    write_table(w, &l.props);
    match &l.borders {
        Some(b) => {
            w.u8(1);
            w.f64s(&b.coords);
            w.u32s(&b.offsets);
        }
        None => w.u8(0),
    }
    match &l.ring_borders {
        Some(rb) => {
            w.u8(1);
            w.u32s(&rb.offsets);
            // (as their bits: `!index` is negative)
            w.u32s(&rb.borders.iter().map(|&e| e as u32).collect::<Vec<_>>());
        }
        None => w.u8(0),
    }
    match l.seam {
        Some(s) => {
            w.u8(1);
            w.f64(s);
        }
        None => w.u8(0),
    }
    match &l.packed {
        Some(p) => {
            w.u8(1);
            put_packed(w, p);
        }
        None => w.u8(0),
    }
}

fn put_packed(w: &mut Writer, p: &Packed) {
    w.u8(p.decimals);
    w.bytes(&p.bytes);
    w.u32s(&p.ring_bytes);
    match p.bbox {
        Some(b) => {
            w.u8(1);
            w.f64s(&b);
        }
        None => w.u8(0),
    }
    for list in [p.plain.as_ref(), p.distinct.as_deref()] {
        match list {
            Some(c) => {
                w.u8(1);
                w.f64s(c);
            }
            None => w.u8(0),
        }
    }
}

fn get_packed<S: Source>(r: &mut Reader<S>) -> Result<Packed, Error> {
    Ok(Packed {
        decimals: r.u8()?,
        bytes: r.bytes()?,
        ring_bytes: r.u32s()?,
        bbox: read_box(r)?,
        plain: read_plain(r)?,
        distinct: read_plain(r)?.map(Into::into),
    })
}

fn read_box<S: Source>(r: &mut Reader<S>) -> Result<Option<[f64; 4]>, Error> {
    Ok(match r.u8()? {
        0 => None,
        _ => Some(r.f64s()?.try_into().map_err(|_| corrupt("layer box"))?),
    })
}

fn read_plain<S: Source>(r: &mut Reader<S>) -> Result<Option<Vec<f64>>, Error> {
    let n = plain_len(r)?;
    plain_rest(r, n)
}

/// The number of plain coordinates that follow (`None`: none, the coordinates are packed).
fn plain_len<S: Source>(r: &mut Reader<S>) -> Result<Option<usize>, Error> {
    Ok(match r.u8()? {
        0 => None,
        _ => Some(r.array_len::<f64>()?),
    })
}

/// The `n` plain coordinates [`plain_len`] announced.
fn plain_rest<S: Source>(r: &mut Reader<S>, n: Option<usize>) -> Result<Option<Vec<f64>>, Error> {
    n.map(|n| {
        let mut v = vec![0f64; n];
        r.fill(&mut v)?;
        Ok(v)
    })
    .transpose()
}

/// Packed coordinates alone as bytes (a part of a layer packed by another worker) and back
/// (checked when the layer takes them: see [`Layer::check`]).
pub fn write_packed(p: &Packed) -> Vec<u8> {
    let mut w = Writer::with_capacity(p.bytes.len() + p.ring_bytes.len() * 4 + 64);
    w.buf.extend_from_slice(MAGIC);
    put_packed(&mut w, p);
    w.buf
}

pub fn read_packed<S: Source>(src: S) -> Result<Packed, Error> {
    let mut r = Reader::new(src);
    r.expect_magic()?;
    get_packed(&mut r)
}

fn write_table(w: &mut Writer, t: &Table) {
    w.str(&t.name);
    w.count(t.rows);
    w.u32s(&t.lines);
    w.opt_str(t.delimiter.map(|c| c.to_string()).as_deref());
    w.count(t.columns.len());
    for c in &t.columns {
        w.str(&c.name);
        w.u8(index_of(&KINDS, &c.kind));
        w.u8((c.style == NumStyle::Fr) as u8);
        w.bool(c.percent);
        w.bool(c.json_numbers);
        write_cells(w, &c.cells);
        w.f64s(&c.numbers);
    }
}

/// Text cells as their three buffers (read back by [`read_cells`] into buffers of their size:
/// the ids of 35,000 features read one by one grew three buffers by doubling, 0.5 MB of holes
/// in the page's memory).
fn write_cells(w: &mut Writer, cells: &TextCells) {
    let (data, ends, present) = cells.parts();
    w.str(data);
    w.u32s(ends);
    w.bools(present);
}

/// Text cells written by [`write_cells`], checked (`what` names them in the error).
fn read_cells<S: Source>(
    r: &mut Reader<S>,
    what: impl FnOnce() -> String,
) -> Result<TextCells, Error> {
    let data = r.str()?;
    let ends = r.u32s()?;
    let present = r.bools()?;
    TextCells::from_parts(data, ends, present).ok_or_else(|| corrupt(what()))
}

pub fn read_loaded<S: Source>(src: S) -> Result<Loaded, Error> {
    let mut r = Reader::new(src);
    let mut loaded = read_header(&mut r)?;
    loaded.data = match r.u8()? {
        1 => {
            let layer = read_layer(&mut r)?;
            layer.check().map_err(corrupt)?;
            Data::Layer(layer)
        }
        2 => {
            let t = read_table(&mut r)?;
            t.check().map_err(corrupt)?;
            Data::Table(t)
        }
        _ => return Err(corrupt("data kind")),
    };
    r.finish()?;
    Ok(loaded)
}

/// Two parts of one layer, each a [`write_loaded`] of a packed layer (two workers' halves, see
/// `io::split`), read into one: the second's features appended to the first's
/// ([`Layer::append`]), their packed rings joined as they are read into one buffer sized for both
/// (neither part's pack is held beside the joined one: the page's memory, which never shrinks,
/// keeps no more than for one piece).
pub fn read_two<S: Source, T: Source>(head: S, tail: T) -> Result<TwoParts, Error> {
    let (mut a, mut b) = (Reader::new(head), Reader::new(tail));
    let (mut first, second) = (read_header(&mut a)?, read_header(&mut b)?);
    if a.u8()? != 1 || b.u8()? != 1 {
        return Err(corrupt("parts of a layer"));
    }
    let (mut la, mut lb) = (read_layer_fields(&mut a)?, read_layer_fields(&mut b)?);
    la.check_rings().map_err(corrupt)?;
    lb.check_rings().map_err(corrupt)?;
    let fits = |x: usize, y: usize| x as u64 + y as u64 <= u32::MAX as u64;
    let coordless = la.coords.is_empty() && lb.coords.is_empty();
    if !(coordless
        && fits(la.vertex_count(), lb.vertex_count())
        && fits(la.ring_count(), lb.ring_count())
        && fits(la.part_kind.len(), lb.part_kind.len())
        && la.borders.is_none()
        && lb.borders.is_none()
        && a.u8()? == 1
        && b.u8()? == 1)
    {
        return Err(corrupt("parts of a layer"));
    }
    let (da, db) = (a.u8()?, b.u8()?);
    let (na, nb) = (a.array_len::<u8>()?, b.array_len::<u8>()?);
    // (room for the second part's rings to grow if they are written again: see `join_distinct`;
    // given back in place once they are)
    let mut bytes = Vec::with_capacity(na + nb + nb / 2);
    bytes.resize(na + nb, 0u8);
    a.fill(&mut bytes[..na])?;
    b.fill(&mut bytes[na..])?;
    let (ra, rb) = (a.u32s()?, b.u32s()?);
    let (boxa, boxb) = (read_box(&mut a)?, read_box(&mut b)?);
    // numbers that do not pack, kept as they are, then tables of distinct vertices: each read into
    // one buffer when both parts have them (joined after the reading, the first part's, the
    // second's and the joined buffer were all held at once: 8 MB of the page's memory for 35,000
    // Voronoi cells, 4 MB kept); a table then holds each vertex once (see `join_distinct`)
    let (plaina, plainb, joined) = both_lists(&mut a, &mut b)?;
    let (dista, distb, table) = both_lists(&mut a, &mut b)?;
    a.finish()?;
    b.finish()?;
    let rest = if let Some((plain, _)) = joined {
        if dista.is_some() || distb.is_some() || table.is_some() {
            return Err(corrupt("packed rings"));
        }
        la.append(lb, None).map_err(corrupt)?;
        la.packed = Some(std::sync::Arc::new(Packed::plain(plain, &la.ring_offsets)));
        la.check().map_err(corrupt)?;
        None
    } else if let Some((mut table, ta)) = table {
        if plaina.is_some() || plainb.is_some() || da != 0 || db != 0 {
            return Err(corrupt("packed rings"));
        }
        let mut ring_bytes = ra;
        ring_bytes.extend(
            crate::geom::packed::join_distinct(&mut table, ta, &mut bytes, na, &rb)
                .ok_or_else(|| corrupt("packed rings"))?,
        );
        la.append(lb, None).map_err(corrupt)?;
        la.packed = Some(std::sync::Arc::new(Packed {
            decimals: 0,
            bytes,
            ring_bytes,
            bbox: crate::geom::packed::union_box(boxa, boxb),
            plain: None,
            distinct: Some(table.into()),
        }));
        la.check().map_err(corrupt)?;
        None
    } else if da == db
        && [&plaina, &plainb, &dista, &distb]
            .iter()
            .all(|p| p.is_none())
    {
        // (the whole is checked below)
        bytes.shrink_to_fit();
        let shifted =
            crate::geom::packed::rings_after(&rb, na).ok_or_else(|| corrupt("packed rings"))?;
        let mut ring_bytes = ra;
        ring_bytes.extend(shifted);
        la.append(lb, None).map_err(corrupt)?;
        la.packed = Some(std::sync::Arc::new(Packed {
            decimals: da,
            bytes,
            ring_bytes,
            bbox: crate::geom::packed::union_box(boxa, boxb),
            plain: None,
            distinct: None,
        }));
        la.check().map_err(corrupt)?;
        None
    } else {
        let tail_bytes = bytes.split_off(na);
        bytes.shrink_to_fit();
        la.packed = Some(std::sync::Arc::new(Packed {
            decimals: da,
            bytes,
            ring_bytes: ra,
            bbox: boxa,
            plain: plaina,
            distinct: dista.map(Into::into),
        }));
        lb.packed = Some(std::sync::Arc::new(Packed {
            decimals: db,
            bytes: tail_bytes,
            ring_bytes: rb,
            bbox: boxb,
            plain: plainb,
            distinct: distb.map(Into::into),
        }));
        la.check().map_err(corrupt)?;
        lb.check().map_err(corrupt)?;
        Some(lb)
    };
    first.data = Data::Layer(la);
    Ok(TwoParts {
        first,
        second_objects: second.objects,
        rest,
    })
}

/// The next list of `f64`s in each part if it has one, read into one buffer when both do (then
/// with where the second part's begins).
#[allow(clippy::type_complexity)]
fn both_lists<S: Source, T: Source>(
    a: &mut Reader<S>,
    b: &mut Reader<T>,
) -> Result<
    (
        Option<Vec<f64>>,
        Option<Vec<f64>>,
        Option<(Vec<f64>, usize)>,
    ),
    Error,
> {
    Ok(match (plain_len(a)?, plain_len(b)?) {
        (Some(na), Some(nb)) => {
            let mut v = vec![0f64; na + nb];
            a.fill(&mut v[..na])?;
            b.fill(&mut v[na..])?;
            (None, None, Some((v, na)))
        }
        (na, nb) => (plain_rest(a, na)?, plain_rest(b, nb)?, None),
    })
}

/// What [`read_two`] reads.
pub struct TwoParts {
    /// the first part's header (encoding, warnings…) with the joined layer
    pub first: Loaded,
    /// the second part's list of objects
    pub second_objects: Vec<(String, usize)>,
    /// the second part's layer when the packs are on two grids (left apart for the caller to
    /// join; the first's layer then holds only its own features)
    pub rest: Option<Layer>,
}

/// A [`write_loaded`]'s header, up to the kind of data (its data a placeholder).
fn read_header<S: Source>(r: &mut Reader<S>) -> Result<Loaded, Error> {
    r.expect_magic()?;
    let format = pick(&FORMATS, r.u8()?, "format")?;
    let encoding = pick(&ENCODINGS, r.u8()?, "encoding")?;
    let gzip = r.bool()?;
    let mut warnings = Warnings::default();
    for _ in 0..r.u32()? {
        let code = intern(r.str()?);
        let message = r.str()?;
        let at = read_location(r)?;
        warnings.list.push(Warning { code, message, at });
    }
    for _ in 0..r.u32()? {
        let code = intern(r.str()?);
        warnings.suppressed.push((code, r.u32()? as usize));
    }
    let mut objects = Vec::new();
    for _ in 0..r.u32()? {
        let name = r.str()?;
        objects.push((name, r.u32()? as usize));
    }
    Ok(Loaded {
        data: Data::Table(Table::default()),
        format,
        encoding,
        gzip,
        warnings,
        objects,
    })
}

fn read_location<S: Source>(r: &mut Reader<S>) -> Result<Location, Error> {
    let mut opt = || -> Result<Option<f64>, Error> {
        Ok(match r.u8()? {
            0 => None,
            _ => Some(r.f64()?),
        })
    };
    let line = opt()?.map(|v| v as u32);
    let column = opt()?.map(|v| v as u32);
    let byte = opt()?.map(|v| v as usize);
    Ok(Location {
        line,
        column,
        byte,
        feature: r.opt_str()?,
    })
}

fn read_layer<S: Source>(r: &mut Reader<S>) -> Result<Layer, Error> {
    let mut layer = read_layer_fields(r)?;
    layer.packed = match r.u8()? {
        0 => None,
        _ => Some(std::sync::Arc::new(get_packed(r)?)),
    };
    Ok(layer)
}

/// A layer as [`read_layer`] reads it, up to its packed rings (left out).
fn read_layer_fields<S: Source>(r: &mut Reader<S>) -> Result<Layer, Error> {
    let name = r.str()?;
    let coords = r.f64s()?;
    let ring_offsets = r.u32s()?;
    let part_offsets = r.u32s()?;
    let part_kind = r.bytes()?;
    let feature_offsets = r.u32s()?;
    let ids = read_cells(r, || "the features' ids".to_string())?;
    let props = read_table(r)?;
    let borders = match r.u8()? {
        0 => None,
        _ => Some(Polylines {
            coords: r.f64s()?.into(),
            offsets: r.u32s()?,
        }),
    };
    let ring_borders = match r.u8()? {
        0 => None,
        _ => Some(std::sync::Arc::new(RingBorders {
            offsets: r.u32s()?,
            borders: r.u32s()?.into_iter().map(|e| e as i32).collect(),
        })),
    };
    let seam = match r.u8()? {
        0 => None,
        _ => Some(r.f64()?),
    };
    if ring_offsets.is_empty() || part_offsets.is_empty() || feature_offsets.is_empty() {
        return Err(corrupt("empty offsets"));
    }
    Ok(Layer {
        name,
        coords,
        ring_offsets,
        part_offsets,
        part_kind,
        feature_offsets,
        ids,
        props,
        borders,
        ring_borders,
        packed: None,
        seam,
    })
}

fn read_table<S: Source>(r: &mut Reader<S>) -> Result<Table, Error> {
    let name = r.str()?;
    let rows = r.u32()? as usize;
    let lines = r.u32s()?;
    let delimiter = r.opt_str()?.and_then(|s| s.chars().next());
    let n = r.u32()? as usize;
    let mut columns = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        let mut c = Column::new(&r.str()?);
        c.kind = pick(&KINDS, r.u8()?, "column kind")?;
        c.style = if r.u8()? == 1 {
            NumStyle::Fr
        } else {
            NumStyle::En
        };
        c.percent = r.bool()?;
        c.json_numbers = r.bool()?;
        c.cells = read_cells(r, || format!("cells of column '{}'", c.name))?;
        c.numbers = r.f64s()?;
        columns.push(c);
    }
    Ok(Table {
        name,
        columns,
        rows,
        lines,
        delimiter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{load, Options};

    fn same(a: &Loaded, b: &Loaded) {
        assert_eq!(crate::info::loaded_json(a), crate::info::loaded_json(b));
        assert_eq!(a.warnings.messages(), b.warnings.messages());
        let (ta, tb) = match (&a.data, &b.data) {
            (Data::Layer(x), Data::Layer(y)) => {
                assert_eq!(x.coords, y.coords);
                assert_eq!(x.packed, y.packed);
                assert_eq!(x.ring_offsets, y.ring_offsets);
                assert_eq!(x.part_offsets, y.part_offsets);
                assert_eq!(x.part_kind, y.part_kind);
                assert_eq!(x.feature_offsets, y.feature_offsets);
                assert_eq!(x.ids, y.ids);
                assert_eq!(
                    x.borders.as_ref().map(|b| (&b.coords, &b.offsets)),
                    y.borders.as_ref().map(|b| (&b.coords, &b.offsets))
                );
                assert_eq!(x.ring_borders, y.ring_borders);
                assert_eq!(x.seam, y.seam);
                (&x.props, &y.props)
            }
            (Data::Table(x), Data::Table(y)) => (x, y),
            _ => panic!("kind changed"),
        };
        assert_eq!(ta.rows, tb.rows);
        assert_eq!(ta.lines, tb.lines);
        assert_eq!(ta.delimiter, tb.delimiter);
        for (x, y) in ta.columns.iter().zip(&tb.columns) {
            assert_eq!(x.kind, y.kind);
            for i in 0..ta.rows {
                assert_eq!(x.text(i), y.text(i));
                assert_eq!(x.number(i).map(f64::to_bits), y.number(i).map(f64::to_bits));
            }
        }
    }

    #[test]
    fn geojson_topojson_and_tables_survive_the_round_trip() {
        let files: [(&str, &[u8]); 5] = [
            (
                "plain.geojson",
                br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0.1234567890123,0],[1,0],[1,1],[0.1234567890123,0]]]}}]}"#,
            ),
            (
                "a.geojson",
                br#"{"type":"FeatureCollection","features":[
                {"type":"Feature","id":"01","properties":{"nom":"Ain","pop":"1 234,5"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
                {"type":"Feature","properties":{"nom":null},"geometry":null},
                {"type":"Feature","id":7,"properties":{"nom":"Point"},"geometry":{"type":"MultiPoint","coordinates":[[2,3],[4,5]]}}]}"#,
            ),
            (
                "t.json",
                br#"{"type":"Topology","objects":{"o":{"type":"GeometryCollection","geometries":[
                {"type":"Polygon","arcs":[[0,1]],"id":"a"},{"type":"Polygon","arcs":[[-1,2]],"id":"b"}]}},
                "arcs":[[[0,0],[1,1]],[[1,1],[0,1],[0,0]],[[1,1],[2,0],[0,0]]]}"#,
            ),
            ("d.csv", "code;valeur;nom\n01;1,5;Ain\n2A;#N/A;Corse-du-Sud\n06;;Alpes\n".as_bytes()),
            ("r.json", br#"[{"k":"001","v":1.5},{"k":"002","v":null}]"#),
        ];
        for (name, bytes) in files {
            let mut a = load(bytes, name, &Options::default()).unwrap();
            for packed in [false, true] {
                if packed {
                    // as the page keeps a layer: packed (short decimals as varints, the others as
                    // they are)
                    match &mut a.data {
                        Data::Layer(l) => {
                            assert!(l.pack());
                            let plain = l.packed.as_ref().unwrap().plain.is_some();
                            assert_eq!(plain, name == "plain.geojson");
                        }
                        Data::Table(_) => continue,
                    }
                }
                let snap = write_loaded(&a);
                crate::io::binary::write_fuzz_seed(&format!("{name}.{packed}.sat"), &snap);
                let b = read_loaded(&snap[..]).unwrap();
                same(&a, &b);
            }
        }
        // a layer recentred on the Pacific keeps where its first cut lies
        let mut a = load(files[1].1, "a.geojson", &Options::default()).unwrap();
        if let Data::Layer(l) = &mut a.data {
            *l = crate::carto::recentre::recentred(l, 150.0);
            assert_eq!(l.seam, Some(30.0));
        }
        let b = read_loaded(&write_loaded(&a)[..]).unwrap();
        same(&a, &b);
    }

    #[test]
    fn a_point_without_its_vertex_is_refused_and_never_drawn_out_of_bounds() {
        // found by the snapshot fuzz target: a point part whose ring has no vertex passed the
        // offset checks and the level of detail sliced past the end of its ring
        let mut l = Layer::new("p");
        l.push_xy(1.0, 2.0);
        l.end_ring();
        l.end_part(crate::geom::POINT);
        l.end_ring(); // an empty ring as a second point
        l.end_part(crate::geom::POINT);
        l.end_feature(None);
        l.props.rows = 1;
        assert!(l.check().unwrap_err().contains("point part 1"));
        let loaded = Loaded {
            data: Data::Layer(l.clone()),
            format: Format::GeoJson,
            encoding: "utf-8",
            gzip: false,
            warnings: Warnings::default(),
            objects: Vec::new(),
        };
        assert_eq!(
            read_loaded(&write_loaded(&loaded)[..]).err().unwrap().code,
            "snapshot"
        );
        let p = crate::carto::Projected::new(&l, crate::carto::Projection::WebMercator);
        assert_eq!(p.lod(0.01, 0.6).coords.len(), 2, "the one real point");
    }

    #[test]
    fn corrupted_snapshots_are_errors() {
        let mut a = load(
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"é"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#.as_bytes(),
            "a.geojson",
            &Options::default(),
        )
        .unwrap();
        for packed in [false, true] {
            if let (true, Data::Layer(l)) = (packed, &mut a.data) {
                assert!(l.pack());
            }
            let snap = write_loaded(&a);
            for cut in 0..snap.len() {
                assert!(read_loaded(&snap[..cut]).is_err(), "cut at {cut}");
            }
            // flip every byte in turn: an error or a consistent layer, never a panic
            for i in 0..snap.len() {
                for flip in [0x5A, 0x80, 0x01] {
                    let mut s = snap.clone();
                    s[i] ^= flip;
                    if let Ok(l) = read_loaded(&s[..]) {
                        if let Data::Layer(layer) = &l.data {
                            layer.check().unwrap();
                            // a layer that passed its checks projects and draws without a panic
                            let p = crate::carto::Projected::new(
                                layer,
                                crate::carto::Projection::WebMercator,
                            );
                            let _ = p.lod(0.001, 0.6);
                        }
                        let _ = crate::info::loaded_json(&l);
                    }
                }
            }
        }
    }
}
