//! Reading what users bring: bytes → sniff (compression, encoding, format) → a layer or a table.

pub mod binary;
pub mod geojson;
pub mod json;
mod props;
pub mod snapshot;
pub mod sniff;
pub mod split;
pub mod topojson;

use crate::error::{Error, Warnings};
use crate::geom::Layer;
use crate::table::Table;
pub use sniff::Format;

#[allow(clippy::large_enum_variant)]
pub enum Data {
    Layer(Layer),
    Table(Table),
}

pub struct Loaded {
    pub data: Data,
    pub format: Format,
    pub encoding: &'static str,
    pub gzip: bool,
    pub warnings: Warnings,
    /// TopoJSON: every object in the topology with its geometry count.
    pub objects: Vec<(String, usize)>,
}

#[derive(Default, Clone)]
pub struct Options {
    /// TopoJSON object to read (default: the first).
    pub object: Option<String>,
    /// Workbook sheet to read (default: the first).
    pub sheet: Option<String>,
}

/// Reads any supported file from its bytes. The error names the file.
pub fn load(bytes: &[u8], name: &str, opts: &Options) -> Result<Loaded, Error> {
    load_owned(bytes.to_vec(), name, opts)
}

/// [`load`] taking the bytes by value (no copy of the decoded text).
pub fn load_owned(bytes: Vec<u8>, name: &str, opts: &Options) -> Result<Loaded, Error> {
    load_progress(bytes, name, opts, &mut |_, _| {})
}

/// [`load_owned`], reporting progress as `(stage, fraction)`: `"decode"` once the bytes are
/// decompressed and decoded, `"parse"` as a GeoJSON is read (about every 1 %).
pub fn load_progress(
    bytes: Vec<u8>,
    name: &str,
    opts: &Options,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<Loaded, Error> {
    load_inner(bytes, name, opts, progress).map_err(|mut e| {
        e.message = format!("{name}: {}", e.message);
        e
    })
}

fn load_inner(
    bytes: Vec<u8>,
    name: &str,
    opts: &Options,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<Loaded, Error> {
    let s = sniff::sniff_owned(bytes)?;
    progress("decode", 1.0);
    read_sniffed(s, name, opts, progress)
}

/// Reads what [`sniff::sniff_owned`] recognised.
fn read_sniffed(
    mut s: sniff::Sniffed,
    name: &str,
    opts: &Options,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<Loaded, Error> {
    let mut warnings = std::mem::take(&mut s.warnings);
    let mut objects = Vec::new();
    let mut format = s.format;
    // (the text given away: freed once read, before the rings are built)
    let mut topo = |text: String, warnings: &mut Warnings| -> Result<Data, Error> {
        let (layer, listing) =
            topojson::read_topojson_owned(text, name, opts.object.as_deref(), warnings)?;
        objects = listing;
        Ok(Data::Layer(layer))
    };
    let data = match s.format {
        Format::GeoJson => {
            match geojson::read_geojson_progress(&s.text, name, &mut warnings, &mut |f| {
                progress("parse", f)
            }) {
                Err(e) if e.code == "is-topojson" => {
                    format = Format::TopoJson;
                    topo(std::mem::take(&mut s.text), &mut warnings)?
                }
                r => Data::Layer(r?),
            }
        }
        Format::TopoJson => topo(std::mem::take(&mut s.text), &mut warnings)?,
        Format::Delimited => Data::Table(crate::table::csv::read_delimited(
            &s.text,
            name,
            &mut warnings,
        )?),
        Format::JsonRecords => Data::Table(crate::table::records::read_records(
            &s.text,
            name,
            &mut warnings,
        )?),
        Format::Xlsx | Format::Ods => {
            objects = crate::table::workbook::sheet_names(&s.bytes)?
                .into_iter()
                .map(|n| (n, 0))
                .collect();
            Data::Table(crate::table::workbook::read_workbook(
                &s.bytes,
                name,
                opts.sheet.as_deref(),
                &mut warnings,
            )?)
        }
    };
    Ok(Loaded {
        data,
        format,
        encoding: s.encoding,
        gzip: s.gzip,
        warnings,
        objects,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_reported_in_order_up_to_the_end_of_the_text() {
        let feats: Vec<String> = (0..500)
            .map(|i| format!(r#"{{"type":"Feature","properties":{{"i":{i}}},"geometry":{{"type":"Point","coordinates":[{i},1]}}}}"#))
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            feats.join(",")
        );
        let mut seen: Vec<(String, f64)> = Vec::new();
        let l = load_progress(
            text.into_bytes(),
            "p.geojson",
            &Options::default(),
            &mut |s, f| seen.push((s.to_string(), f)),
        )
        .unwrap();
        assert!(matches!(l.data, Data::Layer(ref x) if x.len() == 500));
        assert_eq!(seen[0], ("decode".to_string(), 1.0));
        let parse: Vec<f64> = seen[1..]
            .iter()
            .map(|(s, f)| {
                assert_eq!(s, "parse");
                *f
            })
            .collect();
        assert!(
            parse.len() >= 50 && parse.len() <= 110,
            "{} reports",
            parse.len()
        );
        assert!(parse.windows(2).all(|w| w[0] < w[1]));
        assert!(*parse.last().unwrap() > 0.98 && *parse.last().unwrap() <= 1.0);
    }
}
