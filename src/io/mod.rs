//! Reading what users bring: bytes → sniff (compression, encoding, format) → a layer or a table.

pub mod geojson;
pub mod json;
pub mod sniff;
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
    load_inner(bytes, name, opts).map_err(|mut e| {
        e.message = format!("{name}: {}", e.message);
        e
    })
}

fn load_inner(bytes: Vec<u8>, name: &str, opts: &Options) -> Result<Loaded, Error> {
    let s = sniff::sniff_owned(bytes)?;
    let mut warnings = s.warnings;
    let mut objects = Vec::new();
    let mut format = s.format;
    let mut topo = |text: &str, warnings: &mut Warnings| -> Result<Data, Error> {
        objects = topojson::list_objects(text)?;
        Ok(Data::Layer(topojson::read_topojson(
            text,
            name,
            opts.object.as_deref(),
            warnings,
        )?))
    };
    let data = match s.format {
        Format::GeoJson => match geojson::read_geojson(&s.text, name, &mut warnings) {
            Err(e) if e.code == "is-topojson" => {
                format = Format::TopoJson;
                topo(&s.text, &mut warnings)?
            }
            r => Data::Layer(r?),
        },
        Format::TopoJson => topo(&s.text, &mut warnings)?,
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
