#![cfg(not(target_arch = "wasm32"))]
//! Workbooks (.xlsx from openpyxl, .ods from odfpy: tests/reference/make_workbooks.py) read by our
//! reader, checked cell by cell against calamine.

use calamine::{open_workbook_auto, Data as CData, Reader};
use sealed_atlas::io::{load, Data, Options};
use sealed_atlas::table::Kind;

fn path(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn ours(name: &str, sheet: Option<&str>) -> sealed_atlas::io::Loaded {
    let bytes = std::fs::read(path(name)).unwrap();
    load(
        &bytes,
        name,
        &Options {
            object: None,
            sheet: sheet.map(|s| s.to_string()),
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn both_workbooks_read_the_chosen_sheet_with_codes_as_text() {
    for name in ["departements.xlsx", "departements.ods"] {
        let l = ours(name, Some("population"));
        assert_eq!(
            l.objects.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(),
            vec!["notes", "population"],
            "{name}"
        );
        let Data::Table(t) = &l.data else { panic!() };
        assert_eq!(t.rows, 5, "{name}");
        let c = |n: &str| &t.columns[t.column_index(n).unwrap()];
        assert_eq!(c("code").kind, Kind::Key);
        assert_eq!(c("code").text(0), Some("01"), "{name}: leading zero kept");
        assert_eq!(
            c("code").text(2),
            Some("75"),
            "{name}: a code stored as a number"
        );
        assert_eq!(c("nom").text(4), Some("Lozère & Cévennes"));
        assert_eq!(c("population").number(2), Some(2_103_778.0));
        assert_eq!(c("population").number(3), None, "{name}: empty cell");
        assert_eq!(c("densité").number(0), Some(117.42));
        assert_eq!(c("densité").number(3), None, "{name}: #N/A is missing");
        assert!(
            l.warnings
                .list
                .iter()
                .any(|w| w.code == "missing-value" && w.at.line == Some(5)),
            "{name}: {:?}",
            l.warnings.list
        );
        // no sheet named: the first that holds numbers, not the notes sheet that opens the workbook
        let auto = ours(name, None);
        let Data::Table(t) = &auto.data else { panic!() };
        assert_eq!(t.columns[0].name, "code");
        assert!(auto
            .warnings
            .list
            .iter()
            .any(|w| w.message.starts_with("read sheet 'population' of 2")));
        let notes = ours(name, Some("notes"));
        let Data::Table(t) = &notes.data else {
            panic!()
        };
        assert_eq!(t.columns[0].name, "Source : INSEE");
    }
}

#[test]
fn every_cell_agrees_with_calamine() {
    for name in ["departements.xlsx", "departements.ods"] {
        let mut wb = open_workbook_auto(path(name)).unwrap();
        let range = wb.worksheet_range("population").unwrap();
        let l = ours(name, Some("population"));
        let Data::Table(t) = &l.data else { panic!() };
        for (r, row) in range.rows().enumerate().skip(1) {
            for (k, cell) in row.iter().enumerate() {
                let mine = t.columns[k].text(r - 1);
                match cell {
                    CData::Empty => assert_eq!(mine, None, "{name} r{r} c{k}"),
                    CData::String(s) => assert_eq!(mine, Some(s.as_str()), "{name} r{r} c{k}"),
                    CData::Float(f) => assert_eq!(
                        mine.and_then(|m| m.parse::<f64>().ok()),
                        Some(*f),
                        "{name} r{r} c{k}"
                    ),
                    CData::Int(i) => assert_eq!(
                        mine.and_then(|m| m.parse::<i64>().ok()),
                        Some(*i),
                        "{name} r{r} c{k}"
                    ),
                    other => assert_eq!(
                        mine.map(|m| m.to_string()),
                        Some(other.to_string()),
                        "{name} r{r} c{k}"
                    ),
                }
            }
        }
    }
}

#[test]
fn a_missing_sheet_is_named_with_the_ones_there_are() {
    let bytes = std::fs::read(path("departements.xlsx")).unwrap();
    let e = load(
        &bytes,
        "d.xlsx",
        &Options {
            object: None,
            sheet: Some("2019".into()),
        },
    )
    .err()
    .unwrap();
    assert!(
        e.message
            .contains("no sheet named '2019'; the sheets are: notes, population"),
        "{e}"
    );
    let e = load(&bytes[..bytes.len() / 2], "cut.xlsx", &Options::default())
        .err()
        .unwrap();
    assert!(
        e.message.contains("cut.xlsx") && e.message.contains("ZIP"),
        "{e}"
    );
}
