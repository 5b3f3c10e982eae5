//! Projected geometry as bytes and back, so a worker can project a layer and rank its vertices
//! while the page stays responsive. Only the costly part travels ([`ProjectedCore`]); boxes and the
//! spatial index are derived again on arrival.

use super::projected::ProjectedCore;
use super::Projection;
use crate::error::Error;
use crate::io::binary::{Reader, Source, Writer, MAGIC};

fn corrupt() -> Error {
    Error::new("snapshot", "internal projection snapshot is corrupted")
}

fn projection_params(p: &Projection) -> (u8, [f64; 3]) {
    match *p {
        Projection::Equirectangular => (0, [0.0; 3]),
        Projection::WebMercator => (1, [0.0; 3]),
        Projection::Lambert93 => (2, [0.0; 3]),
        Projection::ConicConformal { phi1, phi2, lon0 } => (3, [phi1, phi2, lon0]),
        Projection::Albers { phi1, phi2, lon0 } => (4, [phi1, phi2, lon0]),
        Projection::AlbersUsa => (5, [0.0; 3]),
        Projection::EqualEarth => (6, [0.0; 3]),
        Projection::NaturalEarth => (7, [0.0; 3]),
        Projection::Orthographic { lon0, lat0 } => (8, [lon0, lat0, 0.0]),
        Projection::FranceInsets => (9, [0.0; 3]),
        Projection::AlbersUsaTerritories => (10, [0.0; 3]),
    }
}

fn projection_from(tag: u8, [a, b, c]: [f64; 3]) -> Option<Projection> {
    Some(match tag {
        0 => Projection::Equirectangular,
        1 => Projection::WebMercator,
        2 => Projection::Lambert93,
        3 => Projection::ConicConformal {
            phi1: a,
            phi2: b,
            lon0: c,
        },
        4 => Projection::Albers {
            phi1: a,
            phi2: b,
            lon0: c,
        },
        5 => Projection::AlbersUsa,
        6 => Projection::EqualEarth,
        7 => Projection::NaturalEarth,
        8 => Projection::Orthographic { lon0: a, lat0: b },
        9 => Projection::FranceInsets,
        10 => Projection::AlbersUsaTerritories,
        _ => return None,
    })
}

pub fn write_core(core: &ProjectedCore) -> Vec<u8> {
    let mut w = Writer::with_capacity(core.coords.len() * 6 + 64);
    w.buf.extend_from_slice(MAGIC);
    let (tag, params) = projection_params(&core.projection);
    w.u8(tag);
    params.iter().for_each(|&v| w.f64(v));
    w.f64(core.origin[0]);
    w.f64(core.origin[1]);
    w.f32s(&core.coords);
    w.bools(&core.visible);
    w.bytes(&core.pieces);
    w.bytes(&core.importance);
    w.f32s(core.ring_bbox.as_flattened());
    match &core.borders {
        Some((bc, imp)) => {
            w.u8(1);
            w.f32s(bc);
            w.bytes(imp);
        }
        None => w.u8(0),
    }
    w.u32s(core.meridian.as_flattened());
    w.buf
}

pub fn read_core<S: Source>(src: S) -> Result<ProjectedCore, Error> {
    let mut r = Reader::new(src);
    let (projection, origin) = read_frame(&mut r)?;
    let coords = r.f32s()?;
    let visible = r.bools()?;
    let pieces = r.bytes()?;
    let importance = r.bytes()?;
    let ring_bbox = rows::<[f32; 4], f32, _>(&mut r)?;
    let borders = match r.u8()? {
        0 => None,
        _ => Some((r.f32s()?, r.bytes()?)),
    };
    let meridian = rows::<[u32; 2], u32, _>(&mut r)?;
    r.finish()?;
    Ok(ProjectedCore {
        projection,
        origin,
        coords,
        visible,
        pieces,
        importance,
        ring_bbox,
        borders,
        meridian,
    })
}

/// The two halves of a view two workers projected ([`crate::carto::Projected::compute_part`]),
/// read as one, what [`ProjectedCore::join`] makes of them: each array of the two read into one
/// buffer sized for both (read apart and joined, the first half's buffers grew into new places and
/// left holes: 1.2 MB of the page's Wasm memory, which never shrinks, for 35,000 Voronoi cells).
pub fn read_core_two<S: Source, T: Source>(head: S, tail: T) -> Result<ProjectedCore, Error> {
    let (mut a, mut b) = (Reader::new(head), Reader::new(tail));
    let (projection, origin) = read_frame(&mut a)?;
    let (pb, ob) = read_frame(&mut b)?;
    if pb != projection || ob.map(f64::to_bits) != origin.map(f64::to_bits) {
        return Err(Error::new(
            "snapshot",
            "the parts of a layer were not projected alike",
        ));
    }
    let coords = both::<f32, f32, _, _>(&mut a, &mut b)?.0;
    let visible = both::<u8, u8, _, _>(&mut a, &mut b)?.0;
    let visible = visible.into_iter().map(|v| v != 0).collect();
    let pieces = both::<u8, u8, _, _>(&mut a, &mut b)?.0;
    let importance = both::<u8, u8, _, _>(&mut a, &mut b)?.0;
    let (ring_bbox, first_rings) = both::<[f32; 4], f32, _, _>(&mut a, &mut b)?;
    if a.u8()? != 0 || b.u8()? != 0 {
        return Err(Error::new(
            "snapshot",
            "the parts of a layer were not projected alike",
        ));
    }
    let (mut meridian, first) = both::<[u32; 2], u32, _, _>(&mut a, &mut b)?;
    // (the second half's by its rings' numbers in the whole)
    let shift = u32::try_from(first_rings).map_err(|_| corrupt())?;
    for m in &mut meridian[first..] {
        m[0] = m[0].checked_add(shift).ok_or_else(corrupt)?;
    }
    a.finish()?;
    b.finish()?;
    Ok(ProjectedCore {
        projection,
        origin,
        coords,
        visible,
        pieces,
        importance,
        ring_bbox,
        borders: None,
        meridian,
    })
}

/// How many `T`s (a `U`, or rows of them) the next array holds, written as `U`s
/// (`Writer::f32s(rows.as_flattened())`): an error if they do not make whole `T`s.
fn items<T, U: bytemuck::Pod, S: Source>(r: &mut Reader<S>) -> Result<usize, Error> {
    let bytes = r.array_len::<U>()? * std::mem::size_of::<U>();
    let size = std::mem::size_of::<T>();
    if !bytes.is_multiple_of(size) {
        return Err(corrupt());
    }
    Ok(bytes / size)
}

/// The next array, written as `U`s, read back as `T`s straight into their place (read flat, then
/// copied into rows, it took twice its memory).
fn rows<T: bytemuck::Pod, U: bytemuck::Pod, S: Source>(r: &mut Reader<S>) -> Result<Vec<T>, Error> {
    let mut out = vec![T::zeroed(); items::<T, U, S>(r)?];
    r.fill(&mut out)?;
    Ok(out)
}

/// The next array in each half ([`rows`]) read into one buffer, with the count of the first's.
fn both<T: bytemuck::Pod, U: bytemuck::Pod, S: Source, V: Source>(
    a: &mut Reader<S>,
    b: &mut Reader<V>,
) -> Result<(Vec<T>, usize), Error> {
    let (na, nb) = (items::<T, U, S>(a)?, items::<T, U, V>(b)?);
    let mut out = vec![T::zeroed(); na + nb];
    let (x, y) = out.split_at_mut(na);
    a.fill(x)?;
    b.fill(y)?;
    Ok((out, na))
}

fn read_frame<S: Source>(r: &mut Reader<S>) -> Result<(Projection, [f64; 2]), Error> {
    r.expect_magic()?;
    let tag = r.u8()?;
    let params = [r.f64()?, r.f64()?, r.f64()?];
    let projection = projection_from(tag, params).ok_or_else(corrupt)?;
    Ok((projection, [r.f64()?, r.f64()?]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carto::Projected;
    use crate::io::{load, Data, Options};

    #[test]
    fn a_projected_topology_survives_the_round_trip_and_draws_the_same() {
        let t = br#"{"type":"Topology","objects":{"o":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","arcs":[[0,1]],"id":"a"},{"type":"Polygon","arcs":[[-1,2]],"id":"b"},
            {"type":"Point","coordinates":[1,0.5]}]}},
            "arcs":[[[0,0],[1,1]],[[1,1],[0,1],[0.2,0.6],[0.1,0.3],[0,0]],[[1,1],[2,0],[0,0]]]}"#;
        let Data::Layer(l) = load(t, "t.json", &Options::default()).unwrap().data else {
            panic!()
        };
        for name in ["orthographic", "conic-conformal", "france-insets", "albers"] {
            let proj = Projection::parse(name).unwrap();
            let core = Projected::compute(&l, proj);
            let bytes = write_core(&core);
            crate::io::binary::write_fuzz_seed(&format!("core-{name}.sat"), &bytes);
            let back = read_core(&bytes[..]).unwrap();
            assert_eq!(back.projection, proj);
            // the piece of a composite each feature is drawn in, handed over (none otherwise)
            assert_eq!(back.pieces, core.pieces);
            let n = if proj.is_composite() { l.len() } else { 0 };
            assert_eq!(core.pieces.len(), n, "{name}");
            let (a, b) = (
                Projected::assemble(&l, core),
                Projected::try_assemble(&l, back).unwrap(),
            );
            assert_eq!(a.bbox, b.bbox);
            assert!((0..a.len()).all(|f| a.feature_bbox(f) == b.feature_bbox(f)));
            let (la, lb) = (a.lod(0.01, 1.0), b.lod(0.01, 1.0));
            assert_eq!(la.coords, lb.coords);
            assert_eq!(la.border_coords, lb.border_coords);
            assert_eq!(a.feature_at(1.0, 0.5, 0.0), b.feature_at(1.0, 0.5, 0.0));
        }
    }

    #[test]
    fn a_core_for_another_layer_or_truncated_is_refused() {
        let one = br#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#;
        let two = br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#;
        let layer = |b: &[u8]| match load(b, "x.geojson", &Options::default()).unwrap().data {
            Data::Layer(l) => l,
            _ => panic!(),
        };
        let (a, b) = (layer(one), layer(two));
        let snap = write_core(&Projected::compute(&a, Projection::WebMercator));
        for cut in 0..snap.len() {
            assert!(read_core(&snap[..cut]).is_err());
        }
        let core = read_core(&snap[..]).unwrap();
        assert!(Projected::try_assemble(&b, core).is_err());
    }
}
