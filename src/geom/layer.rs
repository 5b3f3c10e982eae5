//! Columnar geometry, GeoArrow style: one flat coordinate buffer and offset arrays, never a tree of
//! vectors. For 35,000 communes that is a handful of allocations instead of hundreds of thousands.
//!
//! Layout (all offsets are `u32`, each array has one more entry than items):
//! - `coords`: interleaved `x0, y0, x1, y1, …` as `f64` (16 bytes per vertex), or empty once the
//!   layer is [packed](Layer::pack) (decimal coordinates, about 4.5 bytes per vertex, no loss):
//!   read vertices through [`Layer::ring`], which works for both;
//! - `ring_offsets[r]..ring_offsets[r+1]`: the vertices of ring `r`;
//! - `part_offsets[p]..part_offsets[p+1]`: the rings of part `p` (a polygon, a line or a point);
//! - `part_kind[p]`: [`POINT`], [`LINE`] or [`POLYGON`];
//! - `feature_offsets[f]..feature_offsets[f+1]`: the parts of feature `f` (none for a null geometry).
//!
//! In a polygon the first ring is the exterior and the others are holes, whatever their winding.

use crate::float::{max, min};

use super::packed::Packed;
use crate::table::{Table, TextCells};
use std::sync::Arc;

pub const POINT: u8 = 1;
pub const LINE: u8 = 2;
pub const POLYGON: u8 = 3;

#[derive(Clone, Debug, Default)]
pub struct Layer {
    pub name: String,
    pub coords: Vec<f64>,
    pub ring_offsets: Vec<u32>,
    pub part_offsets: Vec<u32>,
    pub part_kind: Vec<u8>,
    pub feature_offsets: Vec<u32>,
    /// Feature ids exactly as written (`"01001"` and `1001` stay different).
    /// (in one buffer: 35,000 absent ids were 24 bytes each as `Option<String>`)
    pub ids: TextCells,
    /// One row per feature.
    pub props: Table,
    /// Shared borders, each drawn once (from TopoJSON arcs): polylines in the same layout as rings.
    pub borders: Option<Polylines>,
    /// How each ring is made of `borders` (TopoJSON), so that a border is simplified once and
    /// both rings along it keep the same vertices (shared with the projected views, whose fill
    /// walks a border once for both its sides).
    pub ring_borders: Option<Arc<RingBorders>>,
    /// The ring coordinates, packed (then `coords` is empty); shared with the projected views that
    /// project from it on demand.
    pub packed: Option<Arc<Packed>>,
    /// For a layer recentred on another meridian ([`crate::carto::recentre`]): the longitude, in
    /// its frame, where the antimeridian it was first cut at lies; its rings' edges along it are
    /// no coast (see `ProjectedCore::meridian`).
    pub seam: Option<f64>,
}

/// Each ring as the border polylines it walks, in order: `borders[offsets[r]..offsets[r + 1]]`,
/// a border's index or `!index` when walked backwards, each joint's vertex once (as TopoJSON
/// builds rings from arcs). A ring with no entry (a point) is not made of borders.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RingBorders {
    /// ring → first entry (rings + 1 entries)
    pub offsets: Vec<u32>,
    pub borders: Vec<i32>,
}

impl RingBorders {
    /// Ring `r`'s entries (none for a ring out of range).
    pub fn of(&self, r: usize) -> &[i32] {
        match self.offsets.get(r..r + 2) {
            Some(&[a, b]) => self.borders.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Ring `r`'s vertices as `(border, vertex in that border)`, if its entries fit `b` and its
    /// length (`n` vertices); else `None` (then the ring is simplified on its own).
    pub fn vertices<'a>(
        &'a self,
        r: usize,
        b: &'a Polylines,
        n: usize,
    ) -> Option<impl Iterator<Item = usize> + 'a> {
        let list = self.of(r);
        let lines = b.offsets.len().checked_sub(1)?;
        let mut total = 0usize;
        for (i, &e) in list.iter().enumerate() {
            let k = if e < 0 { !e } else { e } as usize;
            if k >= lines {
                return None;
            }
            let m = (b.offsets[k + 1] - b.offsets[k]) as usize;
            total += if i == 0 { m } else { m.saturating_sub(1) };
        }
        if list.is_empty() || total != n {
            return None;
        }
        Some(list.iter().enumerate().flat_map(move |(i, &e)| {
            let (k, rev) = if e < 0 {
                (!e as usize, true)
            } else {
                (e as usize, false)
            };
            let (a, z) = (b.offsets[k] as usize, b.offsets[k + 1] as usize);
            let skip = usize::from(i > 0).min(z - a);
            // forwards a+skip..z, backwards z-1-skip down to a
            (skip..z - a).map(move |j| if rev { z - 1 - j } else { a + j })
        }))
    }
}

/// Polylines: flat coordinates plus offsets.
#[derive(Clone, Debug, Default)]
pub struct Polylines {
    /// (shared with a layer's packed rings made of them: see [`Packed::distinct`])
    pub coords: Arc<Vec<f64>>,
    pub offsets: Vec<u32>,
}

impl Layer {
    pub fn new(name: &str) -> Self {
        Layer {
            name: name.to_string(),
            ring_offsets: vec![0],
            part_offsets: vec![0],
            feature_offsets: vec![0],
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.feature_offsets.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn vertex_count(&self) -> usize {
        self.ring_offsets.last().map_or(0, |&v| v as usize)
    }

    /// Packs the ring coordinates (see [`Packed`]): decimals as varints, anything else as it is,
    /// either way shared with the views, which then keep no projected vertices. True once packed
    /// (false for a layer without vertices). The page packs the layers it keeps; the readers write
    /// plain `f64`.
    pub fn pack(&mut self) -> bool {
        if self.packed.is_none() && !self.coords.is_empty() {
            let p = Packed::pack(&self.coords, &self.ring_offsets)
                .or_else(|| Packed::distinct(&self.coords, &self.ring_offsets))
                .unwrap_or_else(|| {
                    Packed::plain(std::mem::take(&mut self.coords), &self.ring_offsets)
                });
            self.packed = Some(Arc::new(p));
            self.coords = Vec::new();
        }
        self.packed.is_some()
    }
    /// The rings of features `..features` packed (see [`Layer::pack`]), for a worker to join
    /// with the rest packed by another ([`Layer::pack_joined`]); `None` if they cannot be.
    pub fn pack_first(&self, features: usize) -> Option<Packed> {
        let f = features.min(self.len());
        let rings = self.part_offsets[self.feature_offsets[f] as usize] as usize;
        let vertices = self.ring_offsets[rings] as usize;
        if self.packed.is_some() {
            return None;
        }
        Packed::pack(
            self.coords.get(..vertices * 2)?,
            &self.ring_offsets[..=rings],
        )
    }
    /// Packs the layer from its first features packed ([`Layer::pack_first`]) and the rest packed
    /// by another worker, when they join into what packing the whole gives (same grid, checked
    /// against the rings); else packs the whole here. True if packed.
    pub fn pack_joined(&mut self, first: Option<Packed>, rest: Option<Packed>) -> bool {
        if self.packed.is_none() && !self.coords.is_empty() {
            if let Some(p) = first.zip(rest).and_then(|(a, b)| a.join(b)) {
                if p.check(&self.ring_offsets).is_ok() {
                    self.packed = Some(Arc::new(p));
                    self.coords = Vec::new();
                }
            }
        }
        self.pack()
    }
    /// Appends the features of `other` (read from the rest of the same file: see `io::split`):
    /// geometry, ids and property columns, matched by name, a column missing on one side being
    /// empty there, in the order a reading of the whole file meets them. Only for plain layers
    /// whose properties are still text (their types are inferred on the whole).
    /// An error, and nothing appended, when the columns one side has and the other has not would
    /// make too many empty cells (each part was bounded by its own text; a first feature of
    /// 500,000 properties and 500,000 features of one after it are two parts that join into 250
    /// billion cells): with `bytes`, the whole file's size, more cells than reading it whole
    /// allows ([`crate::table::check_cells`]); without, more than
    /// [`crate::table::SPARE_CELLS`] padded.
    pub(crate) fn append(&mut self, other: Layer, bytes: Option<usize>) -> Result<(), String> {
        let (rows, more) = (self.props.rows, other.props.rows);
        // each column of `other` into the first of this one's of its name not taken yet, else a
        // new one (two of one name — a corrupted snapshot — make two columns, each as long as the
        // rest, not one twice as long or a panic: found by fuzzing); by a map, not a search of
        // every column for each
        let mut first: crate::fxhash::FxMap<&str, usize> = Default::default();
        for (i, c) in self.props.columns.iter().enumerate().rev() {
            first.insert(&c.name, i);
        }
        let (cols, mut seen) = (&self.props.columns, vec![false; self.props.columns.len()]);
        let into: Vec<Option<usize>> = (other.props.columns.iter())
            .map(|oc| {
                let i = *first.get(oc.name.as_str())?;
                let j = (i..cols.len()).find(|&j| !seen[j] && cols[j].name == oc.name)?;
                seen[j] = true;
                Some(j)
            })
            .collect();
        let added = into.iter().filter(|i| i.is_none()).count();
        let missing = seen.iter().filter(|s| !**s).count();
        if let Some(bytes) = bytes {
            let columns = seen.len() + added;
            crate::table::check_cells(rows + more, columns, bytes, ["features", "properties"])?;
        } else {
            // (the cells padded: this part's rows in the columns added, the other's in those
            // missing)
            let padded = (rows.saturating_mul(added)).saturating_add(more.saturating_mul(missing));
            if padded > crate::table::SPARE_CELLS {
                return Err(format!(
                    "{added} properties of the file's second part are not in its first, {missing} \
                     of its first not in its second: {padded} empty cells, too large to read"
                ));
            }
        }
        let (v, r, p) = (
            self.vertex_count() as u32,
            self.ring_count() as u32,
            self.part_kind.len() as u32,
        );
        // (room for both exactly: grown by doubling, the page's 35,000 cells read in two parts
        // kept six arrays 10 % larger than their rows, or twice as large for a first part of a
        // third)
        self.coords.reserve_exact(other.coords.len());
        self.ring_offsets.reserve_exact(other.ring_offsets.len());
        self.part_offsets.reserve_exact(other.part_offsets.len());
        self.part_kind.reserve_exact(other.part_kind.len());
        self.feature_offsets
            .reserve_exact(other.feature_offsets.len());
        self.coords.extend_from_slice(&other.coords);
        self.ring_offsets
            .extend(other.ring_offsets[1..].iter().map(|&o| o + v));
        self.part_offsets
            .extend(other.part_offsets[1..].iter().map(|&o| o + r));
        self.part_kind.extend_from_slice(&other.part_kind);
        self.feature_offsets
            .extend(other.feature_offsets[1..].iter().map(|&o| o + p));
        self.ids.append(&other.ids);
        for (oc, at) in other.props.columns.into_iter().zip(into) {
            let i = match at {
                Some(i) => i,
                None => {
                    let mut c = crate::table::Column::new(&oc.name);
                    c.json_numbers = true;
                    for _ in 0..rows {
                        c.cells.push(None);
                    }
                    self.props.columns.push(c);
                    seen.push(true);
                    self.props.columns.len() - 1
                }
            };
            let c = &mut self.props.columns[i];
            c.cells.append(&oc.cells);
            c.json_numbers &= oc.json_numbers;
        }
        for (i, c) in self.props.columns.iter_mut().enumerate() {
            if !seen[i] {
                for _ in 0..more {
                    c.cells.push(None);
                }
            }
        }
        self.props.rows = rows + more;
        Ok(())
    }
    pub fn ring_count(&self) -> usize {
        self.ring_offsets.len() - 1
    }

    /// Appends a vertex to the ring being built.
    #[inline]
    pub fn push_xy(&mut self, x: f64, y: f64) {
        self.coords.push(x);
        self.coords.push(y);
    }
    /// Closes the ring being built (its vertices are those pushed since the last ring).
    pub fn end_ring(&mut self) {
        self.ring_offsets.push((self.coords.len() / 2) as u32);
    }
    /// Closes the part being built (its rings are those ended since the last part).
    pub fn end_part(&mut self, kind: u8) {
        self.part_offsets.push((self.ring_offsets.len() - 1) as u32);
        self.part_kind.push(kind);
    }
    /// Closes the feature being built.
    pub fn end_feature(&mut self, id: Option<String>) {
        self.feature_offsets
            .push((self.part_offsets.len() - 1) as u32);
        self.ids.push(id.as_deref());
    }

    pub fn parts(&self, f: usize) -> std::ops::Range<usize> {
        self.feature_offsets[f] as usize..self.feature_offsets[f + 1] as usize
    }
    pub fn rings(&self, p: usize) -> std::ops::Range<usize> {
        self.part_offsets[p] as usize..self.part_offsets[p + 1] as usize
    }
    /// The vertices of ring `r` (x, y interleaved): a slice of the coordinates, or of `scratch`
    /// (cleared first) where they are decoded when the layer is packed.
    pub fn ring<'a>(&'a self, r: usize, scratch: &'a mut Vec<f64>) -> &'a [f64] {
        let (a, b) = (
            self.ring_offsets[r] as usize,
            self.ring_offsets[r + 1] as usize,
        );
        match &self.packed {
            None => &self.coords[a * 2..b * 2],
            Some(p) => {
                scratch.clear();
                if !p.decode_ring(r, b - a, scratch) {
                    scratch.clear(); // a checked layer never gets here
                }
                scratch
            }
        }
    }
    /// Whether the rings are read from the borders they walk (a TopoJSON's: see
    /// [`Packed::of_borders`]).
    pub fn rings_of_borders(&self) -> bool {
        match (&self.packed, &self.borders) {
            (Some(p), Some(b)) => p
                .distinct
                .as_ref()
                .is_some_and(|t| Arc::ptr_eq(t, &b.coords)),
            _ => false,
        }
    }
    /// The first vertex of ring `r`.
    pub fn first_xy(&self, r: usize) -> Option<(f64, f64)> {
        let v = *self.ring_offsets.get(r)? as usize;
        if v >= *self.ring_offsets.get(r + 1)? as usize {
            return None;
        }
        match &self.packed {
            None => Some((*self.coords.get(2 * v)?, *self.coords.get(2 * v + 1)?)),
            Some(p) => p.first(r),
        }
    }
    /// All rings of feature `f` (first ring, one past the last).
    pub fn feature_rings(&self, f: usize) -> std::ops::Range<usize> {
        // an empty range at its true place, also for a feature without geometry (ring starts
        // must stay monotonic: whoever slices from feature f to feature f + 1 relies on it)
        let parts = self.parts(f);
        self.part_offsets[parts.start] as usize..self.part_offsets[parts.end] as usize
    }

    /// Geometry type names present, in a fixed order.
    pub fn geometry_types(&self) -> Vec<&'static str> {
        let mut has = [false; 4];
        for f in 0..self.len() {
            let parts = self.parts(f);
            if parts.is_empty() {
                has[0] = true;
            }
            for p in parts {
                has[self.part_kind[p] as usize] = true;
            }
        }
        let names = ["Null", "Point", "LineString", "Polygon"];
        (0..4).filter(|&i| has[i]).map(|i| names[i]).collect()
    }

    /// Checks that every offset array is consistent (monotonic, within bounds, ends where the next
    /// level ends), so that no later index can fall outside a buffer. For layers rebuilt from bytes.
    pub fn check(&self) -> Result<(), String> {
        if !self.coords.len().is_multiple_of(2) {
            return Err("odd coordinate count".into());
        }
        match &self.packed {
            None => offsets("ring", &self.ring_offsets, self.coords.len() / 2)?,
            Some(_) if !self.coords.is_empty() => {
                return Err("packed layer with plain coordinates".into());
            }
            Some(_) => {}
        }
        self.check_rings()?;
        match &self.packed {
            Some(p) => p.check(&self.ring_offsets),
            None => Ok(()),
        }
    }

    /// [`Layer::check`] of everything but the coordinates themselves: the offsets (rings from 0
    /// up, whatever their vertices), part kinds, ids, properties, borders.
    pub fn check_rings(&self) -> Result<(), String> {
        offsets("ring", &self.ring_offsets, self.vertex_count())?;
        offsets("part", &self.part_offsets, self.ring_offsets.len() - 1)?;
        offsets(
            "feature",
            &self.feature_offsets,
            self.part_offsets.len() - 1,
        )?;
        if self.part_kind.len() != self.part_offsets.len() - 1
            || self
                .part_kind
                .iter()
                .any(|&k| !(POINT..=POLYGON).contains(&k))
        {
            return Err("part kinds are inconsistent".into());
        }
        // as every reader writes them: a point part is one ring of one vertex
        for (p, &k) in self.part_kind.iter().enumerate() {
            let (ra, rb) = (
                self.part_offsets[p] as usize,
                self.part_offsets[p + 1] as usize,
            );
            if k == POINT
                && (rb != ra + 1 || self.ring_offsets[ra + 1] != self.ring_offsets[ra] + 1)
            {
                return Err(format!("point part {p} is not one vertex"));
            }
        }
        if self.ids.len() != self.len() || self.props.rows != self.len() {
            return Err("ids or properties do not match the features".into());
        }
        self.props.check()?;
        if let Some(b) = &self.borders {
            if !b.coords.len().is_multiple_of(2) {
                return Err("odd border coordinate count".into());
            }
            offsets("border", &b.offsets, b.coords.len() / 2)?;
        }
        if let Some(rb) = &self.ring_borders {
            // entries are checked again where they are used; here only their layout
            offsets("ring border", &rb.offsets, rb.borders.len())?;
            if rb.offsets.len() != self.ring_offsets.len() || self.borders.is_none() {
                return Err("ring borders do not match the rings".into());
            }
        }
        Ok(())
    }
    pub fn bbox(&self) -> Option<[f64; 4]> {
        match &self.packed {
            None => bbox_of(&self.coords),
            Some(p) => p.bbox,
        }
    }

    /// A describing label for messages: `feature 3 (id "75")`.
    pub fn describe(&self, f: usize) -> String {
        describe_feature(f, self.ids.get(f))
    }

    /// Bytes held by the geometry buffers (for the README's bytes-per-vertex figure).
    pub fn geometry_bytes(&self) -> usize {
        self.coords.len() * 8
            + self.packed.as_ref().map_or(0, |p| p.heap_bytes())
            + (self.ring_offsets.len() + self.part_offsets.len() + self.feature_offsets.len()) * 4
            + self.part_kind.len()
    }

    /// A feature's key in a given property column, or its id when `column` is `None` or `"@id"`.
    pub fn key(&self, column: Option<usize>, f: usize) -> Option<&str> {
        match column {
            Some(c) => self.props.columns[c].text(f),
            None => self.ids.get(f),
        }
    }
}

pub fn describe_feature(f: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("feature {f} (id \"{id}\")"),
        None => format!("feature {f}"),
    }
}

/// That offsets start at 0, never decrease and end at `end` (see [`Layer::check`]).
fn offsets(name: &str, o: &[u32], end: usize) -> Result<(), String> {
    let ok = o.first() == Some(&0)
        && o.windows(2).all(|w| w[0] <= w[1])
        && o.last().map(|&l| l as usize) == Some(end);
    ok.then_some(())
        .ok_or_else(|| format!("{name} offsets are inconsistent"))
}

pub fn bbox_of(coords: &[f64]) -> Option<[f64; 4]> {
    if coords.len() < 2 {
        return None;
    }
    let b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    // in slices handled by a function of their own: V8 runs a Wasm function that is called once
    // in its baseline tier for the whole call; called per slice, it is optimised after a few
    Some(coords.chunks(8192).fold(b, bbox_slice))
}

#[inline(never)]
fn bbox_slice(mut b: [f64; 4], coords: &[f64]) -> [f64; 4] {
    for xy in coords.chunks_exact(2) {
        b[0] = min(xy[0], b[0]);
        b[1] = min(xy[1], b[1]);
        b[2] = max(xy[0], b[2]);
        b[3] = max(xy[1], b[3]);
    }
    b
}

/// Signed area of a ring (shoelace), positive when counter-clockwise in a y-up plane.
pub fn ring_area<T: Copy + Into<f64>>(ring: &[T]) -> f64 {
    let n = ring.len() / 2;
    if n < 3 {
        return 0.0;
    }
    let mut s = 0.0;
    let (mut px, mut py): (f64, f64) = (ring[2 * n - 2].into(), ring[2 * n - 1].into());
    for xy in ring.chunks_exact(2) {
        let (x, y): (f64, f64) = (xy[0].into(), xy[1].into());
        s += px * y - x * py;
        (px, py) = (x, y);
    }
    s / 2.0
}

/// Even-odd point-in-polygon over a set of rings: correct for holes and multipolygons whatever the
/// winding of each ring.
pub fn point_in_rings<'a>(x: f64, y: f64, rings: impl Iterator<Item = &'a [f64]>) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len() / 2;
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = (ring[2 * i], ring[2 * i + 1]);
            let (xj, yj) = (ring[2 * j], ring[2 * j + 1]);
            if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(l: &mut Layer, x0: f64, y0: f64, s: f64) {
        for (x, y) in [
            (x0, y0),
            (x0, y0 + s),
            (x0 + s, y0 + s),
            (x0 + s, y0),
            (x0, y0),
        ] {
            l.push_xy(x, y);
        }
        l.end_ring();
    }

    #[test]
    fn point_in_polygon_respects_holes_and_multiple_parts_whatever_the_winding() {
        let mut l = Layer::new("t");
        square(&mut l, 0.0, 0.0, 10.0); // exterior, clockwise
        square(&mut l, 3.0, 3.0, 4.0); // hole, also clockwise
        l.end_part(POLYGON);
        square(&mut l, 20.0, 0.0, 2.0);
        l.end_part(POLYGON);
        l.end_feature(Some("a".into()));
        let plain = l.clone();
        assert!(l.pack(), "small decimals pack");
        for l in [&plain, &l] {
            let rings: Vec<Vec<f64>> = l
                .feature_rings(0)
                .map(|r| l.ring(r, &mut Vec::new()).to_vec())
                .collect();
            let rings = || rings.iter().map(|r| r.as_slice());
            assert!(point_in_rings(1.0, 1.0, rings()));
            assert!(!point_in_rings(5.0, 5.0, rings()), "inside the hole");
            assert!(point_in_rings(21.0, 1.0, rings()), "second part");
            assert!(!point_in_rings(15.0, 1.0, rings()));
            assert_eq!(l.bbox(), Some([0.0, 0.0, 22.0, 10.0]));
            assert_eq!(l.first_xy(2), Some((20.0, 0.0)));
            assert!(
                ring_area(l.ring(0, &mut Vec::new())) < 0.0,
                "clockwise in y-up"
            );
        }
        assert!(l.coords.is_empty() && l.geometry_bytes() < plain.geometry_bytes());
    }

    #[test]
    fn appending_matches_columns_by_name_once_each_even_two_of_one_name() {
        let one = |names: &[&str], cells: &[&str]| {
            let mut l = Layer::new("t");
            square(&mut l, 0.0, 0.0, 1.0);
            l.end_part(POLYGON);
            l.end_feature(None);
            for (n, v) in names.iter().zip(cells) {
                let mut c = crate::table::Column::new(n);
                c.cells.push(Some(v));
                l.props.columns.push(c);
            }
            l.props.rows = 1;
            l
        };
        // a column on each side, one on both; then two of one name in the second (a corrupted
        // worker's snapshot: it panicked, out of bounds)
        for (b, want) in [
            (
                one(&["b", "c"], &["b1", "c1"]),
                vec![
                    ("a", vec![Some("a0"), None]),
                    ("b", vec![Some("b0"), Some("b1")]),
                    ("c", vec![None, Some("c1")]),
                ],
            ),
            (
                one(&["b", "b"], &["x", "y"]),
                vec![
                    ("a", vec![Some("a0"), None]),
                    ("b", vec![Some("b0"), Some("x")]),
                    ("b", vec![None, Some("y")]),
                ],
            ),
        ] {
            let mut a = one(&["a", "b"], &["a0", "b0"]);
            a.append(b, None).unwrap();
            assert_eq!(a.props.rows, 2);
            let got: Vec<(&str, Vec<Option<&str>>)> = a
                .props
                .columns
                .iter()
                .map(|c| (c.name.as_str(), (0..2).map(|r| c.text(r)).collect()))
                .collect();
            assert_eq!(got, want);
            assert!(a.props.columns.iter().all(|c| c.cells.len() == 2));
            assert_eq!(a.len(), 2);
        }
    }
}
