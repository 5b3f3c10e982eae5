//! JSON summaries of what was loaded (the CLI's `info`, the page's load report).

use crate::io::{Data, Loaded};
use crate::jsonw::{self, Obj};
use crate::table::Table;

pub fn columns_json(t: &Table) -> String {
    jsonw::arr(t.columns.iter().map(|c| {
        let mut o = Obj::new().s("name", &c.name).s("type", c.kind.name());
        if c.kind == crate::table::Kind::Number {
            o = o
                .s(
                    "numberStyle",
                    if c.style == crate::table::number::NumStyle::Fr {
                        "fr"
                    } else {
                        "en"
                    },
                )
                .b("percent", c.percent);
        }
        if c.kind != crate::table::Kind::Number {
            // how many different values: a typology map wants few, names and codes have many
            let mut distinct =
                crate::fxhash::FxSet::<&str>::with_capacity_and_hasher(t.rows, Default::default());
            distinct.extend((0..t.rows).filter_map(|r| c.text(r)));
            o = o.n("distinct", distinct.len() as f64);
        }
        let sample: Vec<String> = (0..t.rows.min(3))
            .filter_map(|r| c.text(r).map(|s| s.to_string()))
            .collect();
        o.raw("sample", &jsonw::strs(&sample)).done()
    }))
}

pub fn loaded_json(l: &Loaded) -> String {
    let mut o = Obj::new()
        .s("format", l.format.name())
        .s("encoding", l.encoding)
        .b("gzip", l.gzip);
    match &l.data {
        Data::Layer(layer) => {
            let bbox = layer.bbox();
            o = o
                .s("kind", "layer")
                .n("features", layer.len() as f64)
                .raw("geometryTypes", &jsonw::strs(&layer.geometry_types()))
                .n("vertices", layer.vertex_count() as f64)
                .n("rings", layer.ring_count() as f64)
                .raw(
                    "bbox",
                    &bbox
                        .map(|b| jsonw::nums(&b))
                        .unwrap_or_else(|| "null".into()),
                )
                .s("projection", &crate::carto::suggest::suggest(layer, bbox))
                .n("geometryBytes", layer.geometry_bytes() as f64)
                .b("hasIds", layer.ids.iter().any(|i| i.is_some()))
                .raw("columns", &columns_json(&layer.props));
        }
        Data::Table(t) => {
            o = o
                .s("kind", "table")
                .n("rows", t.rows as f64)
                .raw(
                    "delimiter",
                    &t.delimiter
                        .map(|d| jsonw::str(&d.to_string()))
                        .unwrap_or_else(|| "null".into()),
                )
                .raw("columns", &columns_json(t));
        }
    }
    // TopoJSON objects, workbook sheets: what the user can choose from
    if !l.objects.is_empty() {
        o = o.raw(
            "objects",
            &jsonw::arr(
                l.objects
                    .iter()
                    .map(|(n, c)| Obj::new().s("name", n).n("geometries", *c as f64).done()),
            ),
        );
    }
    o.raw("warnings", &jsonw::warnings(&l.warnings)).done()
}
