//! GeoJSON (RFC 7946) and the deviations real files carry: clockwise rings, the pre-RFC `crs` member
//! with projected coordinates, XYZ(M) positions, null geometries, GeometryCollections, rings that are
//! not closed, antimeridian crossings, duplicate members.
//!
//! The reader streams: coordinates go straight from the text into the layer's flat buffers, so the
//! 46 MB commune file never becomes a tree of values.

use crate::carto::projection;
use crate::decimal::{Fixed, Short};
use crate::error::{locate, Error, Location, Warnings};
use crate::geom::layer::{describe_feature, Layer, LINE, POINT, POLYGON};
use crate::io::json::{self, Reader, Value};
use crate::io::props::Props;
use crate::table::Table;

/// Scratch for one geometry's coordinates, reused across features.
#[derive(Default)]
struct Nest {
    xy: Vec<f64>,
    /// counts[l]: child counts of the arrays at nesting level l, in document order
    counts: Vec<Vec<u32>>,
    leaf: Option<usize>,
    /// where the first array of arrays (or empty one) of each level is, and whether it was empty:
    /// met before the positions' level was known, one at that level or deeper is no position (an
    /// error, found once the level is known)
    arrays: Vec<Option<(usize, bool)>>,
    dims: [bool; 5],
    nonfinite: Option<usize>,
    start: usize,
}

impl Nest {
    fn clear(&mut self) {
        self.xy.clear();
        for c in self.counts.iter_mut() {
            c.clear();
        }
        self.leaf = None;
        self.arrays.fill(None); // (as long as `counts`)
        self.dims = [false; 5];
        self.nonfinite = None;
    }
}

struct Ctx<'a, 'w> {
    r: Reader<'a>,
    span: Span,
    /// a head stopped at its boundary (see [`Span::Head`])
    stopped: bool,
    layer: Layer,
    props: Props,
    nest: Nest,
    w: &'w mut Warnings,
    null_geometries: usize,
    nested_gc: bool,
    /// called with the fraction of the text read, about every 1 %
    progress: &'w mut dyn FnMut(f64),
    next_report: usize,
}

#[derive(Default)]
struct Geom {
    typ: Option<String>,
    typ_at: usize,
    coords: bool,
}

/// Which part of the text a reading covers (see `io::split`: a big FeatureCollection read by two
/// workers at once).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Span {
    Whole,
    /// from the start, up to the feature that begins at byte `stop` of the `features` array; if no
    /// feature begins there (the cut fell inside one), on to the end as `Whole`. `whole`: the
    /// length of the whole text (the text read may end at the cut), for the buffers' reservation
    Head {
        stop: usize,
        whole: usize,
    },
    /// a text that begins with a feature of the top-level `features` array and goes to the end
    Tail,
}

/// A part as read, before what needs the whole layer (column types, ranges, the `crs`).
pub(crate) struct Part {
    /// properties as text, each column with `json_numbers` set if every value was a JSON number
    pub layer: Layer,
    pub null_geometries: usize,
    pub crs: Option<Value>,
    /// `Head`: stopped at its boundary (otherwise it read everything)
    pub stopped: bool,
    /// `Tail`: the document ended right after the `features` array
    pub clean_end: bool,
}

/// Reads GeoJSON text into a layer.
pub fn read_geojson(text: &str, name: &str, w: &mut Warnings) -> Result<Layer, Error> {
    read_geojson_progress(text, name, w, &mut |_| {})
}

/// [`read_geojson`], reporting the fraction of the text read as it goes.
pub fn read_geojson_progress(
    text: &str,
    name: &str,
    w: &mut Warnings,
    progress: &mut dyn FnMut(f64),
) -> Result<Layer, Error> {
    let part = read_part(text, name, Span::Whole, w, progress)?;
    finish(part, w)
}

/// Reads the `span` of `text`, up to what needs the whole layer.
pub(crate) fn read_part(
    text: &str,
    name: &str,
    span: Span,
    w: &mut Warnings,
    progress: &mut dyn FnMut(f64),
) -> Result<Part, Error> {
    let mut layer = Layer::new(name);
    // every position opens one '[': reserve that many vertices once, instead of letting the buffer
    // double (a doubling briefly holds the old and the new buffer: that is what peak memory is)
    // (a head reserves for the whole text too: the second part is appended to it, and a buffer
    // grown then would hold both copies at once)
    let brackets = count_byte(text.as_bytes(), b'[');
    let brackets = match span {
        // a head given alone (the page cut the text): as many again in proportion
        Span::Head { whole, .. } if whole > text.len() => {
            (brackets as f64 * whole as f64 / text.len().max(1) as f64 * 1.02) as usize
        }
        _ => brackets,
    };
    layer.coords.reserve(brackets * 2);
    let mut cx = Ctx {
        r: Reader::new(text),
        span,
        stopped: false,
        layer,
        props: Props::default(),
        nest: Nest::default(),
        w,
        null_geometries: 0,
        nested_gc: false,
        progress,
        next_report: 0,
    };
    if cx.r.peek().is_none() {
        return Err(Error::new(
            "empty-input",
            "empty input: the file has no content",
        ));
    }
    let (mut crs, mut clean_end) = (None, false);
    if span == Span::Tail {
        // inside the top-level object and its array: depth 2
        cx.r.depth = 2;
        clean_end = cx.tail()?;
    } else {
        if cx.r.peek() != Some(b'{') {
            // names the token and, for comments or NaN, says why it is not JSON
            cx.r.expect(b'{', "a GeoJSON object starting with '{'")?;
        }
        crs = cx.top()?;
        if !cx.stopped {
            cx.r.end()?;
        }
    }
    let n = cx.layer.len();
    let cols = std::mem::take(&mut cx.props).into_columns(n)?;
    let mut layer = cx.layer;
    layer.props = Table {
        name: name.to_string(),
        columns: cols,
        rows: n,
        lines: Vec::new(),
        delimiter: None,
    };
    Ok(Part {
        layer,
        null_geometries: cx.null_geometries,
        crs,
        stopped: cx.stopped,
        clean_end,
    })
}

/// What needs the whole layer: column types, the features without geometry, the `crs`, ranges.
pub(crate) fn finish(part: Part, w: &mut Warnings) -> Result<Layer, Error> {
    finish_part(part, w, true)
}

/// [`finish`], the range check left out when it is known to change nothing and say nothing (every
/// part with a [`range_box`]; a layer joined from packed parts has no coordinates to check).
pub(crate) fn finish_part(part: Part, w: &mut Warnings, check: bool) -> Result<Layer, Error> {
    let mut layer = part.layer;
    layer.props.infer_all(w);
    if part.null_geometries > 0 {
        w.push(
            "null-geometry",
            format!(
                "{} feature(s) have no geometry; they are kept for joins and drawn as nothing",
                part.null_geometries
            ),
            Location::default(),
        );
    }
    if let Some(crs) = part.crs {
        reproject(&mut layer, &crs, w)?;
    }
    if check {
        check_ranges(&mut layer, w)?;
    }
    Ok(layer)
}

impl<'a, 'w> Ctx<'a, 'w> {
    fn feature_desc(&self) -> String {
        describe_feature(self.layer.len(), None)
    }

    /// The top-level object: a FeatureCollection, a Feature or a bare geometry.
    fn top(&mut self) -> Result<Option<Value>, Error> {
        let mut typ: Option<String> = None;
        let mut crs = None;
        let mut features_seen = false;
        let mut g = Geom::default();
        let mut id = None;
        let mut has_feature_members = false;
        if self.r.begin_object()? {
            loop {
                let (k, at) = self.r.key()?;
                match &*k {
                    "type" => {
                        let t = self.r.string()?.into_owned();
                        if t == "Topology" {
                            return Err(Error::new("is-topojson", "this is TopoJSON, not GeoJSON"));
                        }
                        g.typ = Some(t.clone());
                        g.typ_at = at;
                        typ = Some(t);
                    }
                    "features" => {
                        if features_seen {
                            self.warn_dup("features", at, "both arrays are read");
                        }
                        features_seen = true;
                        if self.r.begin_array()? {
                            loop {
                                if let Span::Head { stop, .. } = self.span {
                                    self.r.skip_ws();
                                    // only in a FeatureCollection's array (its type read first)
                                    let fc = typ.as_deref() == Some("FeatureCollection");
                                    if self.r.pos == stop && fc {
                                        self.stopped = true;
                                        return Ok(crs);
                                    }
                                    if self.r.pos >= stop {
                                        self.span = Span::Whole; // no feature begins there
                                    }
                                }
                                if !self.feature_then_next()? {
                                    break;
                                }
                            }
                        }
                    }
                    "crs" => crs = Some(self.r.value()?),
                    "geometry" => {
                        has_feature_members = true;
                        self.geometry_value(0)?;
                    }
                    "properties" => {
                        has_feature_members = true;
                        self.properties(0)?;
                    }
                    "id" => id = self.id()?,
                    "coordinates" | "geometries" => {
                        self.geometry_member(&k, &mut g)?;
                    }
                    _ => self.r.skip_value()?,
                }
                if !self.r.object_next()? {
                    break;
                }
            }
        }
        match typ.as_deref() {
            Some("FeatureCollection") => {
                if !features_seen {
                    return Err(Error::new(
                        "geojson",
                        "FeatureCollection without a 'features' array",
                    ));
                }
            }
            Some("Feature") => self.layer.end_feature(id),
            Some(t) if GEOMETRY_TYPES.contains(&t) => {
                self.finish_geometry(&g)?;
                self.layer.end_feature(None);
            }
            Some(t) => {
                return Err(
                    Error::new("geojson", format!("unknown GeoJSON type \"{t}\""))
                        .at(locate(self.r.b, g.typ_at)),
                )
            }
            None if features_seen => {}
            None if has_feature_members => self.layer.end_feature(id),
            None => {
                return Err(Error::new(
                    "geojson",
                    "not GeoJSON: the top-level object has no \"type\" member",
                ))
            }
        }
        Ok(crs)
    }

    /// One element of the `features` array, progress about every 1 % of the text; whether another
    /// element follows.
    fn feature_then_next(&mut self) -> Result<bool, Error> {
        self.feature()?;
        if self.r.pos >= self.next_report {
            let len = self.r.b.len().max(1);
            (self.progress)(self.r.pos as f64 / len as f64);
            self.next_report = self.r.pos + len / 100;
        }
        self.r.array_next()
    }

    /// [`Span::Tail`]: features up to the end of the array, then the end of the top-level object.
    /// False when members follow the array (they belong to the whole document: read it whole).
    fn tail(&mut self) -> Result<bool, Error> {
        while self.feature_then_next()? {}
        if self.r.object_next()? {
            return Ok(false);
        }
        self.r.end()?;
        Ok(true)
    }

    fn warn_dup(&mut self, key: &str, at: usize, what: &str) {
        let mut loc = locate(self.r.b, at);
        loc.feature = Some(self.feature_desc());
        let line = loc.line.unwrap_or(0);
        self.w.push(
            "duplicate-key",
            format!("duplicate member '{key}' at line {line}: {what}"),
            loc,
        );
    }

    fn id(&mut self) -> Result<Option<String>, Error> {
        let at = self.r.pos;
        match self.r.peek() {
            Some(b'"') => Ok(Some(self.r.string()?.into_owned())),
            Some(b'{') | Some(b'[') => {
                self.r.skip_value()?;
                let mut loc = locate(self.r.b, at);
                loc.feature = Some(self.feature_desc());
                self.w.push("bad-id", "a feature id must be a string or a number (RFC 7946 §3.2); this one was dropped", loc);
                Ok(None)
            }
            _ => Ok(self.r.scalar()?.to_cell()),
        }
    }

    fn feature(&mut self) -> Result<(), Error> {
        let fidx = self.layer.len();
        if self.r.peek() != Some(b'{') {
            let e = self.r.err(
                "geojson",
                format!("expected a Feature object in 'features', feature {fidx}"),
            );
            return Err(e);
        }
        let mut id: Option<String> = None;
        let (mut seen_id, mut seen_geom, mut seen_props) = (false, false, false);
        let mut typ_ok = true;
        if self.r.begin_object()? {
            loop {
                let (k, at) = self.r.key()?;
                match &*k {
                    "type" => {
                        let t = self.r.string()?;
                        typ_ok = t == "Feature";
                    }
                    "id" => {
                        let v = self.id()?;
                        if seen_id {
                            self.warn_dup("id", at, "the first value is kept");
                        } else {
                            id = v;
                        }
                        seen_id = true;
                    }
                    "geometry" => {
                        if seen_geom {
                            self.warn_dup("geometry", at, "the first geometry is kept");
                            self.r.skip_value()?;
                        } else {
                            seen_geom = true;
                            self.geometry_value(0).map_err(|mut e| {
                                e.at.feature = Some(describe_feature(fidx, id.as_deref()));
                                e
                            })?;
                        }
                    }
                    "properties" => {
                        if seen_props {
                            self.warn_dup("properties", at, "the first object is kept");
                            self.r.skip_value()?;
                        } else {
                            seen_props = true;
                            self.properties(fidx)?;
                        }
                    }
                    _ => self.r.skip_value()?,
                }
                if !self.r.object_next()? {
                    break;
                }
            }
        }
        if !typ_ok {
            self.w.push(
                "geojson",
                "an element of 'features' has a type other than \"Feature\"",
                Location::feature(describe_feature(fidx, id.as_deref())),
            );
        }
        if !seen_geom {
            self.null_geometries += 1;
        }
        self.layer.end_feature(id);
        Ok(())
    }

    fn properties(&mut self, row: usize) -> Result<(), Error> {
        match self.r.peek() {
            Some(b'n') => {
                self.r.scalar()?;
                return Ok(());
            }
            Some(b'{') => {}
            _ => {
                return Err(self
                    .r
                    .err("geojson", "'properties' must be an object or null"))
            }
        }
        for (k, at) in self.props.read_object(&mut self.r, row)? {
            self.warn_dup(&format!("properties.{k}"), at, "the first value is kept");
        }
        Ok(())
    }

    /// `geometry`: an object or null.
    fn geometry_value(&mut self, depth: usize) -> Result<(), Error> {
        match self.r.peek() {
            Some(b'n') => {
                self.r.scalar()?;
                if depth == 0 {
                    self.null_geometries += 1;
                }
                Ok(())
            }
            Some(b'{') => {
                let mut g = Geom::default();
                if self.r.begin_object()? {
                    loop {
                        let (k, at) = self.r.key()?;
                        match &*k {
                            "type" => {
                                g.typ = Some(self.r.string()?.into_owned());
                                g.typ_at = at;
                            }
                            "coordinates" | "geometries" => {
                                if k == "geometries" && depth > 0 && !self.nested_gc {
                                    self.nested_gc = true;
                                    let mut loc = locate(self.r.b, at);
                                    loc.feature = Some(self.feature_desc());
                                    self.w.push("nested-collection", "a GeometryCollection nested in another (discouraged by RFC 7946 §3.1.8); its polygons are filled", loc);
                                }
                                if k == "geometries" {
                                    self.r.begin_array().and_then(|more| {
                                        if more {
                                            loop {
                                                self.geometry_value(depth + 1)?;
                                                if !self.r.array_next()? {
                                                    break;
                                                }
                                            }
                                        }
                                        Ok(())
                                    })?;
                                } else {
                                    self.geometry_member(&k, &mut g)?;
                                }
                            }
                            _ => self.r.skip_value()?,
                        }
                        if !self.r.object_next()? {
                            break;
                        }
                    }
                }
                if g.typ.as_deref() != Some("GeometryCollection") {
                    self.finish_geometry(&g)?;
                }
                Ok(())
            }
            _ => Err(self
                .r
                .err("geojson", "'geometry' must be an object or null")),
        }
    }

    fn geometry_member(&mut self, k: &str, g: &mut Geom) -> Result<(), Error> {
        if k == "coordinates" {
            self.nest.clear();
            self.nest.start = self.r.pos;
            self.r.skip_ws();
            self.nest.start = self.r.pos;
            self.coords(0)?;
            g.coords = true;
        } else {
            self.r.skip_value()?;
        }
        Ok(())
    }

    /// Reads nested coordinate arrays into the scratch, recording the structure.
    fn coords(&mut self, level: usize) -> Result<(), Error> {
        let open = self.r.pos;
        match self.r.peek() {
            Some(b'[') => {}
            Some(b'"') => {
                return Err(self
                    .r
                    .err("geometry", "coordinate must be a number, found string"))
            }
            _ => {
                return Err(self
                    .r
                    .err("geometry", "coordinates must be arrays of numbers"))
            }
        }
        if !self.r.begin_array()? {
            if self.nest.leaf == Some(level) {
                return Err(Error::new(
                    "geometry",
                    "position needs at least 2 numbers, found an empty array",
                )
                .at(locate(self.r.b, open)));
            }
            self.count(level, 0, open);
            return Ok(());
        }
        match self.r.peek() {
            Some(b'[') => {
                let mut n = 0;
                // the bulk of every file, a ring of plain `[x, y]` positions, read in one tight
                // loop; it stops before anything else, which the general path below reads (and
                // reports, if it is wrong)
                if self.r.depth < crate::io::json::MAX_DEPTH
                    && self.nest.leaf.is_none_or(|l| l == level + 1)
                {
                    let (k, closed) = self.position_run();
                    if k > 0 {
                        self.nest.leaf = Some(level + 1);
                        self.nest.dims[2] = true;
                    }
                    n = k;
                    if closed {
                        self.r.depth -= 1;
                        self.count(level, n, open);
                        return Ok(());
                    }
                }
                loop {
                    self.coords(level + 1)?;
                    n += 1;
                    if !self.r.array_next()? {
                        break;
                    }
                }
                self.count(level, n, open);
                Ok(())
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                match self.nest.leaf {
                    Some(l) if l != level => {
                        return Err(Error::new(
                            "geometry",
                            format!(
                                "positions at two different nesting depths ({} and {})",
                                l + 1,
                                level + 1
                            ),
                        )
                        .at(locate(self.r.b, open)));
                    }
                    _ => self.nest.leaf = Some(level),
                }
                // fast path for the usual `x, y]`: plain decimals, nothing else
                if let Some((x, y)) = self.r.simple_pair() {
                    self.r.depth -= 1;
                    self.nest.xy.push(x);
                    self.nest.xy.push(y);
                    self.nest.dims[2] = true;
                    return Ok(());
                }
                let mut n = 0usize;
                loop {
                    let at = self.r.pos;
                    if self.r.peek() == Some(b'"') {
                        return Err(self
                            .r
                            .err("geometry", "coordinate must be a number, found string"));
                    }
                    let (v, _) = self.r.number()?;
                    if !v.is_finite() && self.nest.nonfinite.is_none() {
                        self.nest.nonfinite = Some(at);
                    }
                    if n < 2 {
                        self.nest.xy.push(v);
                    }
                    n += 1;
                    if !self.r.array_next()? {
                        break;
                    }
                }
                if n < 2 {
                    self.nest.xy.truncate(self.nest.xy.len() - n);
                    return Err(Error::new("geometry", "position needs at least 2 numbers")
                        .at(locate(self.r.b, open)));
                }
                self.nest.dims[n.min(4)] = true;
                Ok(())
            }
            Some(b'"') => Err(self
                .r
                .err("geometry", "coordinate must be a number, found string")),
            _ => Err(self
                .r
                .err("geometry", "coordinates must be arrays of numbers")),
        }
    }

    /// Reads `[x, y]` positions of plain decimals from the start of an array's elements (just after
    /// its `[` or a `,`) while they come: how many, and whether the array's `]` ended the run. It
    /// stops in front of the first element that is anything else, to be read the general way.
    #[inline(never)]
    fn position_run(&mut self) -> (u32, bool) {
        let b = self.r.b;
        let ws = |i: &mut usize| {
            while matches!(b.get(*i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                *i += 1;
            }
        };
        let mut n = 0;
        loop {
            // positions without blanks (most files), in one go
            let before = self.nest.xy.len();
            let (at, stop) = json::plain_positions(b, self.r.pos, &mut self.nest.xy);
            n += ((self.nest.xy.len() - before) / 2) as u32;
            self.r.pos = at;
            match stop {
                json::Stop::Closed => return (n, true),
                json::Stop::After => {
                    // at its comma: the next element, whatever it is, is read below
                    self.r.pos += 1;
                    continue;
                }
                json::Stop::Before => {}
            }
            let start = self.r.pos;
            let mut i = start;
            ws(&mut i);
            if b.get(i) != Some(&b'[') {
                return (n, false);
            }
            self.r.pos = i + 1;
            let Some((x, y)) = self.r.simple_pair() else {
                self.r.pos = start;
                return (n, false);
            };
            let mut i = self.r.pos;
            ws(&mut i);
            match b.get(i) {
                Some(b',') => self.r.pos = i + 1,
                Some(b']') => self.r.pos = i + 1,
                _ => {
                    // not a separator: the general path reads this position again and says so
                    self.r.pos = start;
                    return (n, false);
                }
            }
            self.nest.xy.push(x);
            self.nest.xy.push(y);
            n += 1;
            if b[i] == b']' {
                return (n, true);
            }
        }
    }

    /// Records an array of `n` arrays (or an empty one) at `level`, opened at `open`.
    fn count(&mut self, level: usize, n: u32, open: usize) {
        while self.nest.counts.len() <= level {
            self.nest.counts.push(Vec::new());
            self.nest.arrays.push(None);
        }
        self.nest.counts[level].push(n);
        self.nest.arrays[level].get_or_insert((open, n == 0));
    }

    /// Turns the scratch into parts of the layer, checking the depth against the type.
    fn finish_geometry(&mut self, g: &Geom) -> Result<(), Error> {
        // (the feature's description is made only for a message: most geometries need none)
        let fdesc = || describe_feature(self.layer.len(), None);
        let typ = match g.typ.as_deref() {
            Some(t) => t,
            None => {
                return Err(Error::new("geometry", "geometry without a \"type\"")
                    .at(Location::feature(fdesc())))
            }
        };
        let expect = match typ {
            "Point" => 0,
            "MultiPoint" | "LineString" => 1,
            "MultiLineString" | "Polygon" => 2,
            "MultiPolygon" => 3,
            "GeometryCollection" => return Ok(()),
            other => {
                return Err(
                    Error::new("geometry", format!("unknown geometry type \"{other}\"")).at(
                        Location {
                            feature: Some(fdesc()),
                            ..locate(self.r.b, g.typ_at)
                        },
                    ),
                );
            }
        };
        if !g.coords {
            return Err(
                Error::new("geometry", format!("{typ} without \"coordinates\""))
                    .at(Location::feature(fdesc())),
            );
        }
        if let Some(at) = self.nest.nonfinite {
            let mut loc = locate(self.r.b, at);
            loc.feature = Some(fdesc());
            return Err(Error::new(
                "geometry",
                "a coordinate overflows the range of numbers (such as 1e400)",
            )
            .at(loc));
        }
        let Some(leaf) = self.nest.leaf else {
            return Ok(()); // empty geometry
        };
        // an array of arrays, or an empty one, where positions are: `[[], [1, 2], …]` (read
        // before the positions' level was known), `[[[]], [1, 2]]`
        if let Some(&(at, empty)) = self.nest.arrays.iter().skip(leaf).flatten().next() {
            let mut loc = locate(self.r.b, at);
            loc.feature = Some(fdesc());
            let msg = if empty {
                "position needs at least 2 numbers, found an empty array"
            } else {
                "position must be an array of numbers, found an array of arrays"
            };
            return Err(Error::new("geometry", msg).at(loc));
        }
        if leaf != expect {
            let what = |d: usize| match d {
                0 => "a position",
                1 => "an array of positions",
                2 => {
                    if typ == "MultiLineString" {
                        "an array of lines"
                    } else {
                        "an array of rings"
                    }
                }
                3 => "an array of polygons",
                _ => "deeper nesting",
            };
            let msg = if leaf <= 3 && expect <= 3 {
                format!(
                    "{typ}: expected {}, found {} (depth {}, expected {})",
                    what(expect),
                    what(leaf),
                    leaf + 1,
                    expect + 1
                )
            } else {
                format!("{typ} expects depth {}, found {}", expect + 1, leaf + 1)
            };
            let mut loc = locate(self.r.b, self.nest.start);
            loc.feature = Some(fdesc());
            return Err(Error::new("geometry", msg).at(loc));
        }
        if self.nest.dims[4] && !self.w.has("xyzm") {
            self.w.push(
                "xyzm",
                "positions with 4 values (XYZM): Z and M are ignored",
                Location::feature(fdesc()),
            );
        }
        if self.nest.dims[3] && self.nest.dims[2] && !self.w.has("mixed-dimensions") {
            self.w.push(
                "mixed-dimensions",
                "positions mix 2 and 3 values (XY and XYZ); Z is ignored",
                Location::feature(fdesc()),
            );
        }
        let nest = std::mem::take(&mut self.nest);
        let xy = &nest.xy;
        let c = &nest.counts;
        match typ {
            "Point" => {
                self.layer.push_xy(xy[0], xy[1]);
                self.layer.end_ring();
                self.layer.end_part(POINT);
            }
            "MultiPoint" => {
                for p in xy.chunks_exact(2) {
                    self.layer.push_xy(p[0], p[1]);
                    self.layer.end_ring();
                    self.layer.end_part(POINT);
                }
            }
            "LineString" => self.push_line(xy),
            "MultiLineString" => {
                let mut v = 0usize;
                for &n in &c[1] {
                    let n = n as usize;
                    self.push_line(&xy[v * 2..(v + n) * 2]);
                    v += n;
                }
            }
            "Polygon" => {
                self.push_polygon(xy, &c[1]);
            }
            _ => {
                // MultiPolygon
                let mut ring = 0usize;
                let mut v = 0usize;
                for &nr in &c[1] {
                    let sizes = &c[2][ring..ring + nr as usize];
                    let nv: usize = sizes.iter().map(|&s| s as usize).sum();
                    self.push_polygon(&xy[v * 2..(v + nv) * 2], sizes);
                    ring += nr as usize;
                    v += nv;
                }
            }
        }
        self.nest = nest;
        Ok(())
    }

    fn push_line(&mut self, xy: &[f64]) {
        if xy.len() < 4 {
            self.w.push(
                "degenerate",
                "a line with fewer than 2 positions was dropped",
                Location::feature(self.feature_desc()),
            );
            return;
        }
        for p in xy.chunks_exact(2) {
            self.layer.push_xy(p[0], p[1]);
        }
        self.layer.end_ring();
        self.layer.end_part(LINE);
    }

    fn push_polygon(&mut self, xy: &[f64], sizes: &[u32]) {
        let mut v = 0usize;
        let mut kept = 0;
        for (ri, &n) in sizes.iter().enumerate() {
            let n = n as usize;
            let ring = &xy[v * 2..(v + n) * 2];
            v += n;
            let closed = n >= 2 && ring[0] == ring[2 * n - 2] && ring[1] == ring[2 * n - 1];
            let total = if closed { n } else { n + 1 };
            if total < 4 {
                if ri == 0 {
                    self.w.push("degenerate", format!("a polygon whose exterior ring has only {n} positions (at least 4 are needed) was dropped"), Location::feature(self.feature_desc()));
                    return;
                }
                self.w.push(
                    "degenerate",
                    format!("a hole with only {n} positions was dropped"),
                    Location::feature(self.feature_desc()),
                );
                continue;
            }
            if !closed {
                self.w.push(
                    "unclosed-ring",
                    "a ring was not closed (its first and last positions differ); it was closed",
                    Location::feature(self.feature_desc()),
                );
            }
            self.layer.coords.extend_from_slice(ring);
            if !closed {
                self.layer.push_xy(ring[0], ring[1]);
            }
            self.layer.end_ring();
            kept += 1;
        }
        if kept > 0 {
            self.layer.end_part(POLYGON);
        }
    }
}

/// Occurrences of a byte, eight at a time (SWAR): a few milliseconds on 46 MB, even in Wasm.
fn count_byte(b: &[u8], needle: u8) -> usize {
    // per 64 KB slice: V8 optimises a Wasm function between calls, not during one
    b.chunks(1 << 16).map(|c| count_byte_slice(c, needle)).sum()
}

#[inline(never)]
fn count_byte_slice(b: &[u8], needle: u8) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pat = LO * needle as u64;
    let mut chunks = b.chunks_exact(8);
    let mut n = 0usize;
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) ^ pat;
        // a byte of v is zero where the needle was; mark each zero byte's high bit exactly
        let t = (v & !HI).wrapping_add(!HI) | v;
        n += (!t & HI).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&x| x == needle).count()
}

const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

/// The EPSG code named by a `crs` member, if any.
fn crs_code(crs: &Value) -> Option<String> {
    let name = crs.get("properties")?.get("name")?.as_str()?;
    if name.contains("CRS84") {
        return Some("4326".into());
    }
    let i = name.find("EPSG")?;
    let digits: String = name[i..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    Some(digits)
}

fn reproject(layer: &mut Layer, crs: &Value, w: &mut Warnings) -> Result<(), Error> {
    let Some(code) = crs_code(crs) else {
        w.push("crs", "a 'crs' member that names no EPSG code was ignored; coordinates are read as longitude/latitude", Location::default());
        return Ok(());
    };
    let inverse: fn(f64, f64) -> (f64, f64) = match code.as_str() {
        "4326" | "4171" | "4258" => return Ok(()),
        "2154" => projection::lambert93_inverse,
        "3857" | "900913" | "3785" | "102100" => projection::web_mercator_inverse,
        other => {
            return Err(Error::new("crs", format!("crs member EPSG:{other} is not supported: reproject the file to longitude/latitude (EPSG:4326), or to Lambert-93 (EPSG:2154) or Web Mercator (EPSG:3857), which are read")));
        }
    };
    for xy in layer.coords.chunks_exact_mut(2) {
        let (lon, lat) = inverse(xy[0], xy[1]);
        xy[0] = lon;
        xy[1] = lat;
    }
    w.push(
        "crs",
        format!("coordinates in EPSG:{code} were converted to longitude/latitude"),
        Location::default(),
    );
    Ok(())
}

/// Longitude/latitude sanity: projected coordinates without a `crs` are refused, out-of-range
/// positions reported per feature, rings crossing the antimeridian unwrapped so they fill correctly.
/// The box of a layer that [`check_ranges`] leaves as it is, without a word (every position within
/// longitude/latitude, no ring crossing the antimeridian), in one walk over its rings; `None` for
/// any other layer or one without vertices. Such a part of a layer can be projected before it is
/// joined to the rest (see `io::split`).
pub(crate) fn range_box(layer: &Layer) -> Option<[f64; 4]> {
    use crate::float::{max, min};
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for w in layer.ring_offsets.windows(2) {
        let ring = layer.coords.get(w[0] as usize * 2..w[1] as usize * 2)?;
        let mut prev = None;
        for p in ring.chunks_exact(2) {
            let (x, y) = (p[0], p[1]);
            // (written so that a NaN fails too)
            if !(x.abs() <= 180.0
                && y.abs() <= 90.0
                && prev.is_none_or(|q: f64| (x - q).abs() <= 180.0))
            {
                return None;
            }
            prev = Some(x);
            b = [min(x, b[0]), min(y, b[1]), max(x, b[2]), max(y, b[3])];
        }
    }
    (b[0] <= b[2]).then_some(b)
}

fn check_ranges(layer: &mut Layer, w: &mut Warnings) -> Result<(), Error> {
    let n = layer.vertex_count();
    if n == 0 {
        return Ok(());
    }
    let far = layer
        .coords
        .chunks_exact(2)
        .filter(|p| p[0].abs() > 1000.0 || p[1].abs() > 1000.0)
        .count();
    if far * 2 > n {
        let b = layer.bbox().unwrap_or([0.0; 4]);
        return Err(Error::new(
            "crs",
            format!("coordinates are not longitude/latitude (they range from {} to {}): the file looks projected (metres?) and has no 'crs' member; reproject it to EPSG:4326", Fixed(b[0].min(b[1]), 0), Fixed(b[2].max(b[3]), 0)),
        ));
    }
    for f in 0..layer.len() {
        let out = layer
            .feature_rings(f)
            .flat_map(|r| {
                let (a, b) = (
                    layer.ring_offsets[r] as usize,
                    layer.ring_offsets[r + 1] as usize,
                );
                layer.coords[a * 2..b * 2].chunks_exact(2)
            })
            .find(|p| p[0].abs() > 180.0 || p[1].abs() > 90.0);
        if let Some(p) = out {
            w.push(
                "out-of-range",
                format!(
                    "position [{}, {}] is outside longitude −180…180 / latitude −90…90",
                    Short(p[0]),
                    Short(p[1])
                ),
                Location::feature(layer.describe(f)),
            );
        }
    }
    for f in crate::geom::antimeridian::cut(layer) {
        w.push("antimeridian", "the geometry crosses the antimeridian (±180°); it was cut there, its pieces drawn on either side", Location::feature(layer.describe(f)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<(Layer, Warnings), Error> {
        let mut w = Warnings::default();
        read_geojson(s, "t", &mut w).map(|l| (l, w))
    }

    #[test]
    fn polygon_multipolygon_and_ids_are_read_columnar() {
        let (l, w) = read(r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"01","properties":{"code":"01","pop":5},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}},
          {"type":"Feature","id":1001.0,"properties":{"code":"2A","pop":7.5},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[0,1],[1,1],[0,0]]],[[[5,5],[5,6],[6,6],[5,5]],[[5.1,5.1],[5.2,5.1],[5.2,5.2],[5.1,5.1]]]]}}]}"#).unwrap();
        assert!(w.is_empty(), "{:?}", w);
        assert_eq!(l.len(), 2);
        assert_eq!(
            l.ids.iter().collect::<Vec<_>>(),
            vec![Some("01"), Some("1001.0")]
        );
        assert_eq!(l.parts(1).len(), 2);
        assert_eq!(l.feature_rings(1).len(), 3);
        assert_eq!(l.props.columns[0].text(1), Some("2A"));
        assert_eq!(l.props.columns[1].number(1), Some(7.5));
    }

    #[test]
    fn arrays_where_positions_are_are_an_error_with_their_place_not_a_panic() {
        // (found by fuzzing and by tests/properties.rs: `[]` first in a ring was counted at an
        // empty ring's level, `[[]]` in a line at a line's, and the ring or the line then claimed
        // more positions than it held)
        let empty = "position needs at least 2 numbers, found an empty array";
        let nested = "position must be an array of numbers, found an array of arrays";
        for (typ, coords, marker, message) in [
            ("Polygon", "[[[],[1,2],[3,4],[5,6],[1,2]]]", "[[[],", empty),
            (
                "Polygon",
                "[[[0,0],[0,1],[1,1],[0,0]],[[],[1,2],[3,4],[1,2]]]",
                ",[[],",
                empty,
            ),
            ("MultiLineString", "[[[[]],[0.5,0]]]", "[[[[]]", nested),
            ("LineString", "[[],[1,2],[3,4]]", ":[[],", empty),
        ] {
            let doc = format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":"a","geometry":{{"type":"{typ}","coordinates":{coords}}}}}]}}"#
            );
            let e = read(&doc).expect_err(coords);
            // (the array's own column: the marker's third character)
            let col = doc.find(marker).unwrap() as u32 + 3;
            assert_eq!(e.message, message, "{coords}");
            assert_eq!((e.at.line, e.at.column), (Some(1), Some(col)), "{coords}");
            assert!(
                e.at.feature.as_ref().is_some_and(|f| f.contains('0')),
                "{:?}",
                e.at
            );
        }
        // an empty ring, a polygon with none, an empty line: still no error
        let (l, _) = read(r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[0,0]],[]]}},{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[],[[[0,0],[0,1],[1,1],[0,0]]]]}},{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[],[[0,0],[1,1]]]}}]}"#).unwrap();
        assert_eq!(l.len(), 3);
    }

    #[test]
    fn rings_read_by_the_tight_loop_equal_the_general_reading_and_hand_over_what_they_cannot_read()
    {
        let doc = |ring: &str| {
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}"#
            )
        };
        let plain = "[[0,0],[0,1.5],[1,1],[-1.25,0],[0,0]]";
        let (a, _) = read(&doc(plain)).unwrap();
        assert_eq!(a.coords, [0., 0., 0., 1.5, 1., 1., -1.25, 0., 0., 0.]);
        // blanks anywhere, an exponent, a third coordinate, a long mantissa: the same ring, read
        // partly by the loop and partly the general way
        for ring in [
            "[ [ 0 , 0 ] ,\n\t[0, 1.5] , [1,1],[-1.25,0],[0,0] ]",
            "[[0,0],[0,15e-1],[1,1],[-1.25,0],[0,0]]",
            "[[0,0],[0,1.5,7],[1,1],[-1.25,0],[0,0]]",
            "[[0,0],[0,1.5000000000000000000],[1,1],[-1.25,0],[0,0]]",
        ] {
            let (b, _) = read(&doc(ring)).unwrap();
            assert_eq!(b.coords, a.coords, "{ring}");
            assert_eq!(b.ring_offsets, a.ring_offsets);
        }
        // errors inside a ring keep their exact place
        let bad = doc(r#"[[0,0],[0,1],["1",1],[0,0]]"#);
        let e = read(&bad).unwrap_err();
        assert_eq!(
            e.at.column.map(|c| c as usize),
            Some(bad.find(r#""1""#).unwrap() + 1),
            "{e}"
        );
        let e = read(&doc("[[0,0],[0,1] [1,1],[0,0]]")).unwrap_err();
        assert!(e.message.contains("expected"), "{e}");
    }

    #[test]
    fn swar_count_matches_a_plain_count() {
        let text = "[[1,2],[3,4]] [\u{e9}[ x[[[ ]]]] [".repeat(37);
        for start in 0..9 {
            let b = &text.as_bytes()[start..];
            assert_eq!(
                count_byte(b, b'['),
                b.iter().filter(|&&c| c == b'[').count()
            );
        }
    }

    #[test]
    fn type_after_coordinates_is_fine() {
        let (l, _) = read(r#"{"type":"Feature","geometry":{"coordinates":[[[0,0],[0,1],[1,1],[0,0]]],"type":"Polygon"},"properties":null}"#).unwrap();
        assert_eq!(l.len(), 1);
        assert_eq!(l.vertex_count(), 4);
    }

    #[test]
    fn bare_ring_as_polygon_names_the_feature_and_depth() {
        let e = read(r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[0,0],[0,1],[1,1],[0,0]]}}]}"#).unwrap_err();
        assert!(
            e.message
                .contains("expected an array of rings, found an array of positions"),
            "{}",
            e.message
        );
        assert_eq!(e.at.feature.as_deref(), Some("feature 0"));
    }

    #[test]
    fn lambert93_crs_is_reprojected_to_degrees() {
        let (l, w) = read(r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[652469.02,6862035.26]}}]}"#).unwrap();
        assert!(w.has("crs"));
        let (x, y) = (l.coords[0], l.coords[1]);
        assert!(
            (x - 2.3522).abs() < 1e-3 && (y - 48.8566).abs() < 1e-3,
            "{x} {y}"
        );
    }
}
