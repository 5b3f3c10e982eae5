//! TopoJSON (mapshaper, us-atlas, world-atlas): quantized or not, delta-encoded arcs, negative arc
//! indexes, every object listed so the user can pick one, and the shared arcs kept so each border
//! is drawn once.

use crate::error::{Error, Location, Warnings};
use crate::geom::layer::{describe_feature, Layer, Polylines, RingBorders, LINE, POINT, POLYGON};
use crate::geom::packed::Packed;
use crate::io::json::{self, Reader, Value};
use crate::io::props::Props;
use crate::table::Table;

struct Topo {
    /// decoded arcs: absolute lon/lat, flat
    coords: Vec<f64>,
    offsets: Vec<u32>,
}

/// Reads the `arcs` member straight from the text into flat buffers, as written (quantized deltas or
/// absolute positions): the arcs are most of a topology's bytes, and a tree of them would cost a
/// vector per position.
fn stream_arcs(r: &mut Reader) -> Result<Topo, Error> {
    if r.peek() != Some(b'[') {
        return Err(Error::new("topojson", "TopoJSON without an 'arcs' array"));
    }
    // sized from the brackets ahead (each position opens one, each arc one more): grown by
    // doubling, the buffer took twice its memory, first touched at ~1 ms a MB in the page
    let opens = brackets_ahead(&r.b[r.pos..]);
    let mut raw = Topo {
        coords: Vec::with_capacity(opens.saturating_mul(2)),
        offsets: vec![0],
    };
    if r.begin_array()? {
        let mut ai = 0;
        loop {
            // one call per arc: V8 optimises a Wasm function between calls, never during one
            stream_arc(r, ai, &mut raw)?;
            ai += 1;
            if !r.array_next()? {
                break;
            }
        }
    }
    raw.coords.shrink_to_fit(); // (in place: the room for the arcs' own brackets)
    Ok(raw)
}

/// How many `[` there are in `b` before the first `"`, `{` or `}` (for the arcs: past their end,
/// the next member's name or the topology's end): a count for sizing, the reading checks the syntax.
/// Eight bytes at a time (the byte-by-byte loop cost half as much as reading the positions).
fn brackets_ahead(b: &[u8]) -> usize {
    const LO: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // the high bit of each byte of `w` equal to `c` (exact: no carry between bytes)
    let eq = |w: u64, c: u8| {
        let x = w ^ (ONES * c as u64);
        !(((x & LO) + LO) | x | LO)
    };
    let mut opens = 0usize;
    let mut words = b.chunks_exact(8);
    for (k, chunk) in words.by_ref().enumerate() {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        if eq(w, b'"') | eq(w, b'{') | eq(w, b'}') != 0 {
            return opens + brackets_before_stop(&b[k * 8..]);
        }
        opens += eq(w, b'[').count_ones() as usize;
    }
    opens + brackets_before_stop(words.remainder())
}

fn brackets_before_stop(b: &[u8]) -> usize {
    b.iter()
        .take_while(|&&c| c != b'"' && c != b'{' && c != b'}')
        .filter(|&&c| c == b'[')
        .count()
}

#[inline(never)]
fn stream_arc(r: &mut Reader, ai: usize, raw: &mut Topo) -> Result<(), Error> {
    if r.peek() != Some(b'[') {
        return Err(Error::new(
            "topojson",
            format!("arc {ai} is not an array of positions"),
        ));
    }
    let bad = || {
        Error::new(
            "topojson",
            format!("arc {ai}: a position must be an array of at least 2 numbers"),
        )
    };
    let num = |r: &mut Reader| -> Result<f64, Error> {
        if let Some(v) = r.simple_number() {
            return Ok(v);
        }
        match r.peek() {
            Some(c) if c == b'-' || c.is_ascii_digit() => Ok(r.number()?.0),
            _ => Err(bad()),
        }
    };
    if r.begin_array()? {
        loop {
            // the usual positions, `[x,y]` in plain decimals without blanks, in one go
            let (at, stop) = json::plain_positions(r.b, r.pos, &mut raw.coords);
            r.pos = at;
            match stop {
                json::Stop::Closed => {
                    r.depth -= 1;
                    break;
                }
                json::Stop::After => {
                    if !r.array_next()? {
                        break;
                    }
                    continue;
                }
                json::Stop::Before => {}
            }
            if r.peek() != Some(b'[') || !r.begin_array()? {
                return Err(bad());
            }
            let x = num(r)?;
            if !r.array_next()? {
                return Err(bad());
            }
            let y = num(r)?;
            while r.array_next()? {
                r.skip_value()?; // a third value (elevation) is allowed and ignored
            }
            if !x.is_finite() || !y.is_finite() {
                return Err(Error::new(
                    "topojson",
                    format!("arc {ai}: a coordinate overflows"),
                ));
            }
            raw.coords.push(x);
            raw.coords.push(y);
            if !r.array_next()? {
                break;
            }
        }
    }
    raw.offsets.push((raw.coords.len() / 2) as u32);
    Ok(())
}

/// Positions as written → absolute lon/lat, in place: delta-decoded and scaled by the transform, or
/// (without one) checked for the large integers that mean a forgotten transform.
#[inline(never)]
fn decode_arc(xy: &mut [f64], transform: Option<[f64; 4]>, looks_quantized: &mut bool) {
    match transform {
        Some([sx, sy, tx, ty]) => {
            let (mut x, mut y) = (0.0, 0.0);
            for p in xy.chunks_exact_mut(2) {
                x += p[0];
                y += p[1];
                p[0] = x * sx + tx;
                p[1] = y * sy + ty;
            }
        }
        None => {
            for p in xy.chunks_exact(2) {
                if p[0].fract() != 0.0 || p[1].fract() != 0.0 || p[0].abs() <= 360.0 {
                    *looks_quantized = false;
                }
            }
        }
    }
}

impl Topo {
    fn arc(&self, i: usize) -> &[f64] {
        &self.coords[self.offsets[i] as usize * 2..self.offsets[i + 1] as usize * 2]
    }
    fn count(&self) -> usize {
        self.offsets.len() - 1
    }
}

pub fn read_topojson(
    text: &str,
    name: &str,
    object: Option<&str>,
    w: &mut Warnings,
) -> Result<Layer, Error> {
    read_topojson_listing(text, name, object, w).map(|(l, _)| l)
}

/// [`read_topojson`], also listing every object with its geometry count (from one parse).
pub fn read_topojson_listing(
    text: &str,
    name: &str,
    object: Option<&str>,
    w: &mut Warnings,
) -> Result<(Layer, Vec<(String, usize)>), Error> {
    parse(text, object)?.build(name, object, w)
}

/// [`read_topojson_listing`] of a text given away: it is freed once read, before the rings are
/// built from what it held (the US counties' text is 0.8 MB, their rings 1.1 MB: in the page, the
/// engine's memory keeps its highest mark).
pub fn read_topojson_owned(
    text: String,
    name: &str,
    object: Option<&str>,
    w: &mut Warnings,
) -> Result<(Layer, Vec<(String, usize)>), Error> {
    let parsed = parse(&text, object)?;
    drop(text);
    parsed.build(name, object, w)
}

/// A topology as read from its text, owning all it needs from it.
struct Parsed {
    members: Vec<(Box<str>, Value)>,
    arcs: Option<Topo>,
    objects: Option<Objects>,
}

impl Parsed {
    fn build(
        self,
        name: &str,
        object: Option<&str>,
        w: &mut Warnings,
    ) -> Result<(Layer, Vec<(String, usize)>), Error> {
        let v = Value::Obj(self.members);
        read_topology(&v, self.arcs, self.objects, name, object, w)
    }
}

fn parse(text: &str, object: Option<&str>) -> Result<Parsed, Error> {
    let mut r = Reader::new(text);
    if r.peek().is_none() {
        return Err(Error::new(
            "empty-input",
            "empty input: the file has no content",
        ));
    }
    // the top-level members as a tree, except the arcs, read straight into buffers, and the
    // objects: the one to read as compact geometries, the others only counted
    let mut members: Vec<(Box<str>, Value)> = Vec::new();
    let mut arcs = None;
    let mut objects: Option<Objects> = None;
    if r.peek() == Some(b'{') {
        if r.begin_object()? {
            loop {
                let (k, _) = r.key()?;
                if k == "arcs" && arcs.is_none() {
                    arcs = Some(stream_arcs(&mut r)?);
                } else if k == "objects" && objects.is_none() {
                    objects = Some(stream_objects(&mut r, object)?);
                } else {
                    let v = r.value()?;
                    members.push((k.into(), v));
                }
                if !r.object_next()? {
                    break;
                }
            }
        }
    } else {
        r.value()?;
    }
    r.end()?;
    Ok(Parsed {
        members,
        arcs,
        objects,
    })
}

/// The `objects` member as read: every object's name and geometry count in file order (`None` if
/// the member is not an object), and the one to read (by name, or the first).
struct Objects {
    listing: Option<Vec<(String, usize)>>,
    chosen: Option<(String, Geom)>,
    /// the arcs of every geometry of the chosen object, one after the other
    tokens: Arcs,
    /// its properties, read into columns as they come
    props: Sinks,
}

/// Where the chosen object's properties go as they are read: its own (the one feature of an object
/// that is a single geometry) and its geometries' (a feature each, for a collection). Which is the
/// layer's is known from its type, which may come after them.
#[derive(Default)]
struct Sinks {
    own: Props,
    rows: Props,
}

/// Whose properties a geometry object's are.
#[derive(Clone, Copy)]
enum Owner {
    /// the chosen object itself
    Object,
    /// its geometry at this index
    Row(usize),
    /// deeper: not a feature of the layer
    None,
}

/// A geometry object of the object to read, straight from the text: its arcs as a flat list of
/// tokens, not a tree of values (the US counties' reading took a quarter of its time building and
/// freeing that tree), in one buffer for every geometry (`Objects::tokens`: one vector each was
/// another 3,000 allocated and grown).
#[derive(Default)]
struct Geom {
    /// (a known type's name not allocated: the US counties' 3,000 were as many small strings)
    typ: Option<std::borrow::Cow<'static, str>>,
    /// as text: a string as it is, a number as written
    id: Option<String>,
    arcs: Option<std::ops::Range<usize>>,
    /// (boxed: only points have any, and a value is 40 bytes)
    coordinates: Option<Box<Value>>,
    geometries: Option<Vec<Geom>>,
}

/// The geometry types a topology's objects have.
const KNOWN: [&str; 7] = [
    "Polygon",
    "MultiPolygon",
    "LineString",
    "MultiLineString",
    "Point",
    "MultiPoint",
    "GeometryCollection",
];

/// Nested arrays of arc indexes as tokens: `OPEN`, `CLOSE`, an index, or `BAD` followed by the
/// position in `bad` of what stood there instead (as JSON, for the message).
#[derive(Default)]
struct Arcs {
    t: Vec<i32>,
    bad: Vec<String>,
}

const OPEN: i32 = i32::MIN;
const CLOSE: i32 = i32::MIN + 1;
const BAD: i32 = i32::MIN + 2;
/// An index beyond ±2^30 (out of range: no topology holds a billion arcs), followed as `BAD` by
/// the position of its text in `bad`.
const BIG: i32 = i32::MIN + 3;
/// (`i32`, not `i64`: the US counties' 33,000 tokens were half a megabyte, doubled as they grew)
const FAR: f64 = (1u32 << 30) as f64;

fn stream_objects(r: &mut Reader, object: Option<&str>) -> Result<Objects, Error> {
    let mut out = Objects {
        listing: None,
        chosen: None,
        tokens: Arcs::default(),
        props: Sinks::default(),
    };
    if r.peek() != Some(b'{') {
        r.skip_value()?;
        return Ok(out);
    }
    let mut listing = Vec::new();
    if r.begin_object()? {
        loop {
            let (k, _) = r.key()?;
            let wanted = out.chosen.is_none() && object.is_none_or(|o| o == k);
            if wanted {
                let g = read_geom(r, &mut out.tokens, &mut out.props, Owner::Object)?;
                let count = g.geometries.as_ref().map_or(1, |v| v.len());
                listing.push((k.to_string(), count));
                out.chosen = Some((k.to_string(), g));
            } else {
                listing.push((k.to_string(), count_geometries(r)?));
            }
            if !r.object_next()? {
                break;
            }
        }
    }
    out.listing = Some(listing);
    out.tokens.t.shrink_to_fit(); // (in place: the room doubling left)
    Ok(out)
}

/// An object not read: how many geometries it has (its `geometries` array's length, else 1).
fn count_geometries(r: &mut Reader) -> Result<usize, Error> {
    let mut count = None;
    if r.peek() != Some(b'{') {
        r.skip_value()?;
        return Ok(1);
    }
    if r.begin_object()? {
        loop {
            let (k, _) = r.key()?;
            if k == "geometries" && count.is_none() && r.peek() == Some(b'[') {
                let mut n = 0;
                if r.begin_array()? {
                    loop {
                        r.skip_value()?;
                        n += 1;
                        if !r.array_next()? {
                            break;
                        }
                    }
                }
                count = Some(n);
            } else {
                r.skip_value()?;
            }
            if !r.object_next()? {
                break;
            }
        }
    }
    Ok(count.unwrap_or(1))
}

/// One geometry object (the members a reading uses; the first of each name, as a tree would
/// give); anything but an object is a geometry without type.
fn read_geom(
    r: &mut Reader,
    tokens: &mut Arcs,
    props: &mut Sinks,
    owner: Owner,
) -> Result<Geom, Error> {
    let mut g = Geom::default();
    if r.peek() != Some(b'{') {
        r.skip_value()?;
        return Ok(g);
    }
    if r.begin_object()? {
        let (mut seen_type, mut seen_id, mut seen_props) = (false, false, false);
        loop {
            let (k, _) = r.key()?;
            match &*k {
                "type" if !seen_type => {
                    seen_type = true;
                    if r.peek() == Some(b'"') {
                        let t = r.string()?;
                        g.typ = Some(match KNOWN.iter().find(|k| **k == t) {
                            Some(k) => std::borrow::Cow::Borrowed(*k),
                            None => std::borrow::Cow::Owned(t.into_owned()),
                        });
                    } else {
                        r.skip_value()?;
                    }
                }
                "id" if !seen_id => {
                    seen_id = true;
                    g.id = match r.peek() {
                        Some(b'"') => Some(r.string()?.into_owned()),
                        Some(b'{' | b'[') => {
                            r.skip_value()?;
                            None
                        }
                        _ => match r.scalar()? {
                            Value::Num(v, raw) => Some(json::number_text(v, &raw)),
                            _ => None,
                        },
                    };
                }
                "properties" if !seen_props => {
                    seen_props = true;
                    let sink = match owner {
                        Owner::Object => Some((&mut props.own, 0)),
                        Owner::Row(i) => Some((&mut props.rows, i)),
                        Owner::None => None,
                    };
                    match sink {
                        // (a member set twice keeps its first value)
                        Some((p, row)) if r.peek() == Some(b'{') => {
                            p.read_object(r, row)?;
                        }
                        _ => r.skip_value()?,
                    }
                }
                "coordinates" if g.coordinates.is_none() => {
                    g.coordinates = Some(Box::new(r.value()?))
                }
                "arcs" if g.arcs.is_none() => {
                    let at = tokens.t.len();
                    read_arcs(r, tokens)?;
                    g.arcs = Some(at..tokens.t.len());
                }
                "geometries" if g.geometries.is_none() && r.peek() == Some(b'[') => {
                    let mut subs = Vec::new();
                    if r.begin_array()? {
                        loop {
                            let owner = match owner {
                                Owner::Object => Owner::Row(subs.len()),
                                _ => Owner::None,
                            };
                            subs.push(read_geom(r, tokens, props, owner)?);
                            if !r.array_next()? {
                                break;
                            }
                        }
                    }
                    subs.shrink_to_fit(); // (in place: the room doubling left)
                    g.geometries = Some(subs);
                }
                _ => r.skip_value()?,
            }
            if !r.object_next()? {
                break;
            }
        }
    }
    Ok(g)
}

/// Any value as arc tokens (nesting bounded by the reader's depth limit).
fn read_arcs(r: &mut Reader, a: &mut Arcs) -> Result<(), Error> {
    if r.peek() == Some(b'[') {
        a.t.push(OPEN);
        if r.begin_array()? {
            loop {
                read_arcs(r, a)?;
                if !r.array_next()? {
                    break;
                }
            }
        }
        a.t.push(CLOSE);
        return Ok(());
    }
    let v = match r.simple_number() {
        Some(x) => Value::Num(x, None),
        None => r.value()?,
    };
    match v {
        Value::Num(x, _) if x.fract() == 0.0 && x.abs() < FAR => a.t.push(x as i32),
        other => {
            let big = matches!(other, Value::Num(x, _) if x.fract() == 0.0);
            a.t.push(if big { BIG } else { BAD });
            a.t.push(a.bad.len() as i32);
            a.bad.push(crate::jsonw::value_to_json(&other));
        }
    }
    Ok(())
}

impl Geom {
    /// Whether it has points (a Point or MultiPoint, or one in its collections).
    fn has_points(&self) -> bool {
        matches!(self.typ.as_deref(), Some("Point" | "MultiPoint"))
            || self
                .geometries
                .as_deref()
                .unwrap_or(&[])
                .iter()
                .any(Geom::has_points)
    }

    /// How many positions the arcs it names hold (an upper bound of what its rings take).
    fn positions(&self, topo: &Topo, tokens: &Arcs, depth: usize) -> usize {
        let own = {
            let mut n = 0;
            let mut t = tokens.of(self).iter();
            while let Some(&i) = t.next() {
                match i {
                    OPEN | CLOSE => {}
                    BAD | BIG => {
                        t.next();
                    }
                    i => {
                        let k = if i < 0 { !i } else { i };
                        if let Ok(k) = usize::try_from(k) {
                            if k < topo.count() {
                                // (saturating: arcs named over and over are refused by the count,
                                // which must not wrap round to a small one on 32 bits)
                                n = usize::saturating_add(
                                    n,
                                    (topo.offsets[k + 1] - topo.offsets[k]) as usize,
                                );
                            }
                        }
                    }
                }
            }
            n
        };
        let nested = match &self.geometries {
            Some(subs) if depth < 8 => subs
                .iter()
                .map(|g| g.positions(topo, tokens, depth + 1))
                .fold(0, usize::saturating_add),
            _ => 0,
        };
        own.saturating_add(nested)
    }
}

impl Arcs {
    /// A geometry's tokens (none if it has no `arcs`).
    fn of(&self, g: &Geom) -> &[i32] {
        g.arcs
            .clone()
            .and_then(|r| self.t.get(r))
            .unwrap_or_default()
    }

    /// The elements of the array at `t` (which starts with `OPEN`), each as its own tokens; none
    /// if `t` is not an array.
    fn children<'t>(&self, t: &'t [i32]) -> Children<'t> {
        let i = if t.first() == Some(&OPEN) { 1 } else { t.len() };
        Children { t, i }
    }

    /// An element as JSON (for a message).
    fn json(&self, t: &[i32]) -> String {
        match t.first() {
            Some(&OPEN) => crate::jsonw::arr(self.children(t).map(|c| self.json(c))),
            Some(&(BAD | BIG)) => t
                .get(1)
                .and_then(|&k| self.bad.get(k as usize))
                .cloned()
                .unwrap_or_default(),
            Some(&i) => json::number_text(i as f64, &None),
            None => String::new(),
        }
    }
}

/// The elements of an array of tokens, one after the other (see [`Arcs::children`]).
struct Children<'t> {
    t: &'t [i32],
    /// where the next element starts
    i: usize,
}

impl<'t> Iterator for Children<'t> {
    type Item = &'t [i32];
    fn next(&mut self) -> Option<&'t [i32]> {
        let (t, start) = (self.t, self.i);
        let (mut i, mut depth) = (start, 0usize);
        self.i = t.len();
        while i < t.len() {
            match t[i] {
                OPEN => depth += 1,
                CLOSE if depth == 0 => return None,
                CLOSE => depth -= 1,
                BAD | BIG => i += 1,
                _ => {}
            }
            i += 1;
            if depth == 0 {
                self.i = i.min(t.len());
                return t.get(start..self.i);
            }
        }
        None
    }
}

fn read_topology(
    v: &Value,
    arcs: Option<Topo>,
    objects: Option<Objects>,
    name: &str,
    object: Option<&str>,
    w: &mut Warnings,
) -> Result<(Layer, Vec<(String, usize)>), Error> {
    if v.get("type").and_then(|t| t.as_str()) != Some("Topology") {
        return Err(Error::new(
            "topojson",
            "not TopoJSON: the top-level \"type\" is not \"Topology\"",
        ));
    }
    let transform = match v.get("transform") {
        Some(t) => {
            let s = t
                .get("scale")
                .and_then(|a| a.as_array())
                .ok_or_else(|| Error::new("topojson", "transform without a 'scale' array"))?;
            let tr = t
                .get("translate")
                .and_then(|a| a.as_array())
                .ok_or_else(|| Error::new("topojson", "transform without a 'translate' array"))?;
            let f = |a: &[Value], i: usize| {
                a.get(i)
                    .and_then(|x| x.as_f64())
                    .ok_or_else(|| Error::new("topojson", "transform values must be numbers"))
            };
            Some([f(s, 0)?, f(s, 1)?, f(tr, 0)?, f(tr, 1)?])
        }
        None => None,
    };
    let mut topo =
        arcs.ok_or_else(|| Error::new("topojson", "TopoJSON without an 'arcs' array"))?;
    let mut looks_quantized = transform.is_none();
    for i in 0..topo.count() {
        let (a, b) = (topo.offsets[i] as usize, topo.offsets[i + 1] as usize);
        decode_arc(
            &mut topo.coords[a * 2..b * 2],
            transform,
            &mut looks_quantized,
        );
    }
    if looks_quantized && topo.count() > 0 {
        w.push("topojson-quantized", "the arcs look quantized (large integers) but there is no 'transform'; positions were read as absolute", Location::default());
    }
    let Some(Objects {
        listing: Some(listing),
        chosen,
        tokens,
        props,
    }) = objects
    else {
        return Err(Error::new(
            "topojson",
            "TopoJSON without an 'objects' member",
        ));
    };
    let (oname, obj) = match (chosen, object) {
        (Some(c), _) => c,
        (None, Some(o)) => {
            return Err(Error::new(
                "topojson",
                format!(
                    "no object named '{o}'; the objects are: {}",
                    listing
                        .iter()
                        .map(|(k, _)| k.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
        (None, None) => return Err(Error::new("topojson", "the topology has no objects")),
    };
    let tokens = &tokens;
    let mut cx = Builder {
        topo: &topo,
        tokens,
        layer: Layer::new(name),
        used: vec![false; topo.count()],
        oname,
        walked: Vec::new(),
        ring_arcs: RingBorders {
            offsets: vec![0],
            borders: Vec::new(),
        },
        counting: false,
        pending: 0,
    };
    let (geoms, props): (Vec<Geom>, Props) = if obj.typ.as_deref() == Some("GeometryCollection") {
        (obj.geometries.unwrap_or_default(), props.rows)
    } else {
        (vec![obj], props.own)
    };
    // rings made of arcs only (no points): their vertices are not copied, the layer's rings are
    // read from its borders (see `Packed::of_borders`)
    cx.counting = !geoms.iter().any(Geom::has_points);
    // the room the rings take, counted from the arcs they name (joints counted twice): grown by
    // doubling, the buffer was copied a dozen times and its peak kept in the page's memory
    let positions: usize = geoms
        .iter()
        .map(|g| g.positions(&topo, tokens, 0))
        .fold(0, usize::saturating_add);
    // a topology's rings walk each arc once or twice (a border, from both sides); arcs named over
    // and over ask for what no map holds (a 520 KB file named one arc of 20,000 positions 200,000
    // times: 64 GB, and the engine died asking)
    let arcs = topo.coords.len() / 2;
    let most = arcs.saturating_mul(MAX_WALKS).saturating_add(1_000_000);
    if positions > most {
        return Err(Error::new(
            "topojson",
            format!(
                "object {}: its geometries walk the arcs over and over ({positions} positions from the {arcs} of the arcs; a map walks each once or twice, and at most {MAX_WALKS} times as many, and a million, are read)",
                cx.oname
            ),
        ));
    }
    if !cx.counting {
        cx.layer.coords.reserve(positions.saturating_mul(2));
    }
    for (gi, g) in geoms.into_iter().enumerate() {
        cx.geometry(&g, gi, g.id.as_deref(), 0)?;
        cx.layer.end_feature(g.id);
    }
    let n = cx.layer.len();
    let columns = props.into_columns(n)?;
    let (mut layer, used, mut ring_arcs, counting) = (cx.layer, cx.used, cx.ring_arcs, cx.counting);
    layer.coords.shrink_to_fit();
    layer.props = Table {
        name: name.to_string(),
        columns,
        rows: n,
        lines: Vec::new(),
        delimiter: None,
    };
    layer.props.infer_all(w);
    // each arc used by this object's polygons, once
    let mut borders = Polylines {
        coords: Default::default(),
        offsets: vec![0],
    };
    if used.iter().all(|&u| u) {
        // every arc (the usual single object): the arcs themselves, not a copy, and the rings'
        // arcs are already the borders' indexes
        borders.offsets = std::mem::take(&mut topo.offsets);
        borders.coords = std::mem::take(&mut topo.coords).into();
    } else {
        let mut coords = Vec::new();
        for (i, used) in used.iter().enumerate() {
            if *used {
                coords.extend_from_slice(topo.arc(i));
                borders.offsets.push((coords.len() / 2) as u32);
            }
        }
        borders.coords = coords.into();
        // the rings' arcs as indexes of those borders
        let mut border_of = Vec::with_capacity(used.len());
        let mut next = 0i32;
        for used in &used {
            border_of.push(next);
            next += i32::from(*used);
        }
        for e in &mut ring_arcs.borders {
            let b = border_of[if *e < 0 { !*e } else { *e } as usize];
            *e = if *e < 0 { !b } else { b };
        }
    }
    if counting {
        let packed = Packed::of_borders(&borders, &ring_arcs, &layer.ring_offsets);
        if crate::geom::antimeridian::arcs_cross(&borders) {
            // (cut below, which needs the rings' own vertices; counted as they are walked, they
            // always fit their arcs)
            layer.coords = packed
                .unpack(&layer.ring_offsets)
                .ok_or_else(|| Error::new("topojson", "the rings do not fit the arcs they name"))?;
        } else {
            layer.packed = Some(std::sync::Arc::new(packed));
        }
    }
    layer.borders = Some(borders);
    layer.ring_borders = Some(std::sync::Arc::new(ring_arcs));
    // (world-atlas's Russia, Fiji and Antarctica cross the antimeridian, its arcs too: d3 cuts them
    // as it draws, the engine once here)
    crate::geom::antimeridian::cut(&mut layer);
    Ok((layer, listing))
}

/// How many times a topology's geometries may walk its arcs' positions in all (beyond a million):
/// each arc is walked once or twice in a map (a border, from both sides).
const MAX_WALKS: usize = 4;

struct Builder<'t> {
    topo: &'t Topo,
    /// the geometries' arcs
    tokens: &'t Arcs,
    layer: Layer,
    used: Vec<bool>,
    oname: String,
    /// the arcs it walks (`!i` backwards; empty arcs left out)
    walked: Vec<i32>,
    /// every ring's arcs, as the layer's rings are ended
    ring_arcs: RingBorders,
    /// rings counted, their vertices not copied (see `read_topojson`)
    counting: bool,
    /// the values the ring walked last added (or would have)
    pending: usize,
}

impl Builder<'_> {
    fn err(&self, gi: usize, id: Option<&str>, msg: String) -> Error {
        let feat = describe_feature(gi, id).replacen("feature", "geometry", 1);
        Error::new("topojson", format!("object {}, {feat}: {msg}", self.oname))
            .at(Location::feature(describe_feature(gi, id)))
    }

    fn geometry(
        &mut self,
        g: &Geom,
        gi: usize,
        id: Option<&str>,
        depth: usize,
    ) -> Result<(), Error> {
        let typ = g.typ.as_deref().unwrap_or("");
        let a = self.tokens;
        let top = a.of(g);
        let expect = match typ {
            "Polygon" | "MultiLineString" => 2,
            "MultiPolygon" => 3,
            "LineString" => 1,
            _ => 0,
        };
        if expect > 0 {
            // nesting as the first elements show it (an empty array counts one)
            let d = top.iter().take_while(|&&t| t == OPEN).count();
            let is_empty = top == [OPEN, CLOSE];
            if d != expect && !is_empty {
                return Err(self.err(
                    gi,
                    id,
                    format!("{typ} arcs must be nested {expect} deep, found {d}"),
                ));
            }
        }
        match typ {
            "Polygon" => self.polygon(a, top, gi, id)?,
            "MultiPolygon" => {
                for p in a.children(top) {
                    self.polygon(a, p, gi, id)?;
                }
            }
            "LineString" => {
                let n = self.ring(a, top, gi, id)?;
                self.line(n);
            }
            "MultiLineString" => {
                for l in a.children(top) {
                    let n = self.ring(a, l, gi, id)?;
                    self.line(n);
                }
            }
            "Point" | "MultiPoint" => {
                let c = g.coordinates.as_deref();
                let pts: Vec<&Value> = if typ == "Point" {
                    c.into_iter().collect()
                } else {
                    c.and_then(|c| c.as_array())
                        .map(|a| a.iter().collect())
                        .unwrap_or_default()
                };
                for p in pts {
                    let a = p.as_array().unwrap_or(&[]);
                    if let (Some(x), Some(y)) = (
                        a.first().and_then(|v| v.as_f64()),
                        a.get(1).and_then(|v| v.as_f64()),
                    ) {
                        self.layer.push_xy(x, y);
                        self.end_ring(false);
                        self.layer.end_part(POINT);
                    }
                }
            }
            "GeometryCollection" => {
                if depth > 8 {
                    return Err(self.err(gi, id, "GeometryCollections nested too deep".into()));
                }
                for sub in g.geometries.iter().flatten() {
                    self.geometry(sub, gi, id, depth + 1)?;
                }
            }
            "" | "null" => {}
            other => return Err(self.err(gi, id, format!("unknown geometry type \"{other}\""))),
        }
        Ok(())
    }

    /// A polygon's rings: the elements of `rings` (tokens of `a`).
    fn polygon(
        &mut self,
        a: &Arcs,
        rings: &[i32],
        gi: usize,
        id: Option<&str>,
    ) -> Result<(), Error> {
        let mut any = false;
        for r in a.children(rings) {
            let n = self.ring(a, r, gi, id)?;
            if n >= 8 {
                self.end_ring(true);
                any = true;
            } else {
                self.drop_ring(n);
            }
        }
        if any {
            self.layer.end_part(POLYGON);
        }
        Ok(())
    }

    /// A line of `n` values just walked: kept if it has two positions.
    fn line(&mut self, n: usize) {
        if n >= 4 {
            self.end_ring(true);
            self.layer.end_part(LINE);
        } else {
            self.drop_ring(n);
        }
    }

    /// Takes back the `n` values a ring too short to keep left in the layer.
    fn drop_ring(&mut self, n: usize) {
        let len = self.layer.coords.len();
        self.layer.coords.truncate(len - n.min(len));
        self.pending = 0;
    }

    /// Ends the layer's ring, made of the arcs [`Builder::ring`] just walked (`walked`) or of none.
    fn end_ring(&mut self, walked: bool) {
        if self.counting {
            let at = self.layer.ring_offsets.last().copied().unwrap_or(0);
            let n = if walked { self.pending / 2 } else { 0 };
            self.layer.ring_offsets.push(at + n as u32);
            self.pending = 0;
        } else {
            self.layer.end_ring();
        }
        if walked {
            self.ring_arcs.borders.extend_from_slice(&self.walked);
        }
        let at = self.ring_arcs.borders.len() as u32;
        self.ring_arcs.offsets.push(at);
    }

    /// Concatenates arcs (negative index = reversed arc `~i`), dropping each joint's duplicate,
    /// straight onto the layer's coordinates (not through a buffer of its own, copied after): how
    /// many values it added, for the caller to end the ring or take them back.
    fn ring(&mut self, a: &Arcs, idx: &[i32], gi: usize, id: Option<&str>) -> Result<usize, Error> {
        let start = self.layer.coords.len();
        self.walked.clear();
        self.pending = 0;
        let topo = self.topo;
        let n = topo.count();
        for v in a.children(idx) {
            let i = match v {
                [i] if *i != OPEN && *i != CLOSE => *i,
                [BIG, _] => {
                    let plural = if n == 1 { "" } else { "s" };
                    return Err(self.err(
                        gi,
                        id,
                        format!("arc index {} out of range ({n} arc{plural})", a.json(v)),
                    ));
                }
                _ => {
                    return Err(self.err(
                        gi,
                        id,
                        format!("arc index must be an integer, found {}", a.json(v)),
                    ))
                }
            };
            let (k, rev) = if i < 0 {
                ((!i) as usize, true)
            } else {
                (i as usize, false)
            };
            if k >= n {
                let shown = if rev {
                    format!("{i} (= ~{k})")
                } else {
                    k.to_string()
                };
                return Err(self.err(
                    gi,
                    id,
                    format!(
                        "arc index {shown} out of range ({n} arc{})",
                        if n == 1 { "" } else { "s" }
                    ),
                ));
            }
            self.used[k] = true;
            let arc = topo.arc(k);
            let m = arc.len() / 2;
            if m == 0 {
                continue; // an empty arc adds nothing
            }
            // (k < 2^30: an index, not a marker)
            self.walked.push(i);
            if self.counting {
                // (its vertices, the joint with the arc before counted once)
                let skip = usize::from(self.pending > 0);
                self.pending += 2 * (m - skip);
                continue;
            }
            let out = &mut self.layer.coords;
            let skip = if out.len() == start { 0 } else { 1 };
            if rev {
                // vertices m − 1 − skip down to 0, written into room made for them at once (a copy
                // call per vertex was 3 ms of the US counties' 20 ms read in Wasm; a push per value
                // reads and writes the vector's length each time): copied as they are (one
                // `memory.copy`), then turned round in place, a vertex at a time
                let at = out.len();
                out.extend_from_slice(&arc[..2 * (m - skip)]);
                out[at..].as_chunks_mut::<2>().0.reverse();
            } else {
                out.extend_from_slice(&arc[2 * skip..]);
            }
        }
        if self.counting {
            return Ok(self.pending);
        }
        Ok(self.layer.coords.len() - start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ring's vertices, one after the other.
    fn all_vertices(l: &Layer) -> Vec<f64> {
        let mut s = Vec::new();
        (0..l.ring_count())
            .flat_map(|r| l.ring(r, &mut s).to_vec())
            .collect()
    }

    #[test]
    fn arcs_named_over_and_over_are_refused_before_any_memory_is_asked_for() {
        // (520 KB naming one arc of 20,000 positions 200,000 times asked for 64 GB: the engine
        // died; here 5,000 times an arc of 1,000)
        let arc: Vec<String> = (0..1000)
            .map(|i| format!("[{},{}]", i % 7, i % 5))
            .collect();
        let doc = |times: usize| {
            let refs = vec!["0"; times].join(",");
            format!(
                r#"{{"type":"Topology","objects":{{"o":{{"type":"GeometryCollection","geometries":[{{"type":"LineString","arcs":[{refs}]}}]}}}},"arcs":[[{}]]}}"#,
                arc.join(",")
            )
        };
        let mut w = Warnings::default();
        let e = read_topojson(&doc(5000), "t", None, &mut w)
            .err()
            .map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some("object o: its geometries walk the arcs over and over (5000000 positions from the 1000 of the arcs; a map walks each once or twice, and at most 4 times as many, and a million, are read)")
        );
        // walked twice, or a thousand times (a million positions): read
        for times in [2, 1000] {
            let l = read_topojson(&doc(times), "t", None, &mut w).unwrap();
            assert_eq!(l.vertex_count(), times * 999 + 1, "{times}");
        }
    }

    #[test]
    fn brackets_ahead_counts_to_the_first_quote_or_brace_eight_bytes_at_a_time_or_not() {
        let text = br#"[[[0,0],[1,2]],[[-3,4],[5,6],[7,8]], [ [9 ,9] ] ],"objects":{"a":[[1]]}}"#;
        for start in 0..text.len() {
            for end in start..=text.len() {
                let b = &text[start..end];
                let naive = b
                    .iter()
                    .take_while(|&&c| !matches!(c, b'"' | b'{' | b'}'))
                    .filter(|&&c| c == b'[')
                    .count();
                assert_eq!(brackets_ahead(b), naive, "{start}..{end}");
            }
        }
        assert_eq!(brackets_ahead(text), 10);
    }

    #[test]
    fn an_empty_arc_adds_nothing_to_a_ring() {
        // arc 1 is empty (-2 is arc 1 backwards): walked forwards after arc 0 it used to slice
        // past its end, a panic
        for arcs in ["[[0,1]]", "[[1,0]]", "[[-2,0]]", "[[0,-2]]"] {
            let t = format!(
                r#"{{"type":"Topology","objects":{{"o":{{"type":"GeometryCollection","geometries":[
                  {{"type":"Polygon","arcs":{arcs}}}]}}}},
                  "arcs":[[[0,0],[1,0],[1,1],[0,0]],[]]}}"#
            );
            let l = read_topojson(&t, "t", None, &mut Warnings::default()).unwrap();
            assert_eq!(
                l.ring(0, &mut Vec::new()),
                &[0., 0., 1., 0., 1., 1., 0., 0.],
                "{arcs}"
            );
            // the ring is made of arc 0 alone
            let rb = l.ring_borders.as_ref().unwrap();
            let b = l.borders.as_ref().unwrap();
            let v: Vec<usize> = rb.vertices(0, b, 4).unwrap().collect();
            assert_eq!(v, [0, 1, 2, 3], "{arcs}");
            l.check().unwrap();
        }
    }

    #[test]
    fn shared_arc_is_decoded_both_ways_and_kept_once() {
        // two squares sharing the arc x=1
        let t = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
          "objects":{"o":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","id":"a","arcs":[[0,1]]},{"type":"Polygon","id":7,"arcs":[[-1,2]]}]}},
          "arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1],[-1,0]]]}"#;
        let mut w = Warnings::default();
        let l = read_topojson(t, "t", None, &mut w).unwrap();
        assert_eq!(l.ids.iter().collect::<Vec<_>>(), vec![Some("a"), Some("7")]);
        assert_eq!(
            l.ring(0, &mut Vec::new()),
            &[1., 0., 1., 1., 0., 1., 0., 0., 1., 0.]
        );
        assert_eq!(
            l.ring(1, &mut Vec::new()),
            &[1., 1., 1., 0., 2., 0., 2., 1., 1., 1.][..]
        );
        assert_eq!(l.borders.as_ref().unwrap().offsets.len() - 1, 3);
        // the rings are not copied: read from their borders, the table shared with them
        assert!(l.coords.is_empty());
        let (b, p) = (l.borders.as_ref().unwrap(), l.packed.as_ref().unwrap());
        assert!(std::sync::Arc::ptr_eq(
            &b.coords,
            p.distinct.as_ref().unwrap()
        ));
        assert!(p.bytes.len() <= 10, "a byte a vertex: {:?}", p.bytes);
        assert_eq!(l.bbox(), Some([0.0, 0.0, 2.0, 1.0]));
        l.check().unwrap();
    }

    #[test]
    fn properties_become_columns_whatever_the_order_of_the_members() {
        let read = |objects: &str| {
            let t = format!(
                r#"{{"type":"Topology","objects":{objects},"arcs":[[[0,0],[1,0]],[[1,0],[1,1]],[[1,1],[0,0]]]}}"#
            );
            read_topojson(&t, "t", None, &mut Warnings::default()).unwrap()
        };
        // a collection's own properties are not a feature's; its geometries' are, read before the
        // collection's type is known; deeper geometries' are not features; ids as written
        let l = read(
            r#"{"o":{"properties":{"own":1},"geometries":[
                {"properties":{"code":"01","pop":5,"pop":6,"x":null},"type":"Polygon","arcs":[[0,1,2]],"id":1001.0},
                {"type":"GeometryCollection","id":"b","properties":{"code":"2A","pop":"n/a","tags":["a",1]},
                 "geometries":[{"type":"LineString","arcs":[0],"properties":{"deep":true}}]},
                {"type":"Polygon","arcs":[[0,1,2]],"properties":null,"id":null}],"type":"GeometryCollection"}}"#,
        );
        assert_eq!(l.len(), 3);
        let ids: Vec<_> = l.ids.iter().collect();
        assert_eq!(ids, [Some("1001.0"), Some("b"), None]);
        let names: Vec<&str> = l.props.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["code", "pop", "x", "tags"]);
        let col = |name: &str| l.props.columns.iter().find(|c| c.name == name).unwrap();
        assert_eq!(col("code").text(0), Some("01"), "codes stay text");
        assert_eq!(col("code").text(1), Some("2A"));
        assert_eq!(
            col("pop").text(0),
            Some("5"),
            "the first of a member set twice"
        );
        assert_eq!(col("pop").text(1), Some("n/a"));
        assert_eq!(col("tags").text(1), Some(r#"["a",1]"#));
        assert_eq!(col("x").text(0), None);
        assert_eq!(col("code").text(2), None, "properties null: no values");
        // a single geometry: its own properties are the feature's
        let l = read(r#"{"p":{"properties":{"n":"un"},"arcs":[[0,1,2]],"type":"Polygon","id":7}}"#);
        assert_eq!(l.props.columns[0].text(0), Some("un"));
        assert_eq!(l.ids.iter().collect::<Vec<_>>(), [Some("7")]);
    }

    #[test]
    fn geometries_are_read_from_the_text_the_other_objects_only_counted() {
        let arcs = r#""arcs":[[[0,0],[1,0]],[[1,0],[1,1]],[[1,1],[0,0]]]"#;
        let read = |objects: &str, object: Option<&str>| {
            let t = format!(r#"{{"type":"Topology",{objects},{arcs}}}"#);
            let mut w = Warnings::default();
            read_topojson_listing(&t, "t", object, &mut w)
        };
        // every object listed in file order with its count (not an object, or without geometries:
        // one), the one asked for read, the first of a duplicated member taken
        let objects = r#""objects":{"lines":{"type":"GeometryCollection","geometries":[{"type":"LineString","arcs":[0]},{"type":"LineString","arcs":[1]},{}]},
            "poly":{"type":"Polygon","arcs":[[0,1,2]],"id":"p","id":"q","properties":{"n":"un"}},"odd":7}"#;
        let (l, listing) = read(objects, Some("poly")).unwrap();
        assert_eq!(
            listing,
            vec![("lines".into(), 3), ("poly".into(), 1), ("odd".into(), 1)]
        );
        assert_eq!(l.len(), 1);
        assert_eq!(l.ids.iter().collect::<Vec<_>>(), vec![Some("p")]);
        assert_eq!(all_vertices(&l), vec![0., 0., 1., 0., 1., 1., 0., 0.]);
        assert_eq!(l.props.columns[0].text(0), Some("un"));
        // the first object by default; a collection's member without geometry is a feature
        let (l, _) = read(objects, None).unwrap();
        assert_eq!(l.len(), 3);
        assert_eq!(all_vertices(&l), vec![0., 0., 1., 0., 1., 0., 1., 1.]);
        // errors name the object and the geometry, and show what stood for an arc index
        let bad = |geom: &str| {
            let o = format!(
                r#""objects":{{"o":{{"type":"GeometryCollection","geometries":[{{"type":"LineString","arcs":[0]}},{geom}]}}}}"#
            );
            read(&o, None).unwrap_err().message
        };
        for (geom, msg) in [
            (
                r#"{"type":"LineString","arcs":[0,"a"]}"#,
                "arc index must be an integer, found \"a\"",
            ),
            (
                r#"{"type":"LineString","arcs":[1.5]}"#,
                "arc index must be an integer, found 1.5",
            ),
            (
                r#"{"type":"Polygon","arcs":[[0,[1,null]]]}"#,
                "arc index must be an integer, found [1,null]",
            ),
            (
                r#"{"type":"LineString","arcs":[-4]}"#,
                "arc index -4 (= ~3) out of range (3 arcs)",
            ),
            // (past ±2^30, as written: no longer a number clamped to fit a token)
            (
                r#"{"type":"LineString","arcs":[1e300]}"#,
                "arc index 1e300 out of range (3 arcs)",
            ),
            (
                r#"{"type":"LineString","arcs":[0,-3000000000]}"#,
                "arc index -3000000000 out of range (3 arcs)",
            ),
            (
                r#"{"type":"LineString","arcs":[1073741824]}"#,
                "arc index 1073741824 out of range (3 arcs)",
            ),
            (
                r#"{"type":"Polygon","arcs":[0,1]}"#,
                "Polygon arcs must be nested 2 deep, found 1",
            ),
            (
                r#"{"type":"MultiPolygon","arcs":[[0]]}"#,
                "MultiPolygon arcs must be nested 3 deep, found 2",
            ),
            (
                r#"{"type":"Curve","arcs":[0]}"#,
                "unknown geometry type \"Curve\"",
            ),
        ] {
            let m = bad(geom);
            assert!(m.starts_with("object o, geometry 1"), "{m}");
            assert!(m.ends_with(msg), "{m} / {msg}");
        }
        // an empty Polygon is no error; a ring that is not an array is an empty ring
        let o = r#""objects":{"o":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[]},{"type":"Polygon","arcs":[[0,1,2],5]}]}}"#;
        let (l, _) = read(o, None).unwrap();
        assert_eq!(l.len(), 2);
        let e = read(r#""objects":{"a":{},"b":{}}"#, Some("c")).unwrap_err();
        assert_eq!(e.message, "no object named 'c'; the objects are: a, b");
        let e = read(r#""objects":{}"#, None).unwrap_err();
        assert_eq!(e.message, "the topology has no objects");
        let e = read(r#""objects":[1]"#, None).unwrap_err();
        assert_eq!(e.message, "TopoJSON without an 'objects' member");
    }

    #[test]
    fn arcs_are_streamed_before_or_after_the_transform_with_their_errors_named() {
        let objs = r#""objects":{"o":{"type":"GeometryCollection","geometries":[{"type":"LineString","arcs":[0]}]}}"#;
        let read = |t: String| {
            let mut w = Warnings::default();
            read_topojson(&t, "t", None, &mut w)
                .map(|l| (all_vertices(&l), w.has("topojson-quantized")))
        };
        // arcs first, transform after; a third value (elevation) is ignored
        let (c, _) = read(format!(
            r#"{{"type":"Topology","arcs":[[[10,20,5],[1,-2]]],{objs},"transform":{{"scale":[0.5,0.25],"translate":[1,2]}}}}"#
        ))
        .unwrap();
        assert_eq!(c, vec![6.0, 7.0, 6.5, 6.5]);
        // no transform, large integers: read as absolute with a warning
        let (c, q) = read(format!(
            r#"{{"type":"Topology",{objs},"arcs":[[[4000,5000],[4100,5100]]]}}"#
        ))
        .unwrap();
        assert_eq!(c, vec![4000.0, 5000.0, 4100.0, 5100.0]);
        assert!(q);
        for (arcs, msg) in [
            (
                r#"[[[0,0],[1,1]],{"x":1}]"#,
                "arc 1 is not an array of positions",
            ),
            (
                r#"[[[0,0],[1]]]"#,
                "arc 0: a position must be an array of at least 2 numbers",
            ),
            (
                r#"[[["a",0]]]"#,
                "arc 0: a position must be an array of at least 2 numbers",
            ),
            (
                r#"[[[]]]"#,
                "arc 0: a position must be an array of at least 2 numbers",
            ),
            (r#"[[[1e999,0]]]"#, "arc 0: a coordinate overflows"),
            (r#"{"a":1}"#, "TopoJSON without an 'arcs' array"),
            // after positions read in one go, what follows is read as before
            (
                r#"[[[0,0],[1,1],]]"#,
                "trailing comma before the closing bracket",
            ),
        ] {
            let e = read(format!(r#"{{"type":"Topology",{objs},"arcs":{arcs}}}"#)).unwrap_err();
            assert_eq!(e.message, msg, "{arcs}");
        }
        let e = read(format!(r#"{{"type":"Topology",{objs}}}"#)).unwrap_err();
        assert_eq!(e.message, "TopoJSON without an 'arcs' array");
    }
}
