//! Indicators made of two others, as a column of their own: a rate or a share (`unemployed ÷
//! labour force × 100`), or a density (a count over each feature's area, per km²). A choropleth of
//! raw counts paints the large areas dark whatever happens in them; cartographers map ratios, and
//! the tools they come from (Magrit, Cartes & Données) compute them in place.
//!
//! The new column is a number column like any other (its cells written as the shortest text that
//! reads back as the same number): it can be classified, shown in the table, exported, and typed.

use crate::error::Error;
use crate::table::number::NumStyle;
use crate::table::{Column, Kind, Table, TextCells};

/// What a ratio divides by.
pub enum Over<'a> {
    /// another number column of the same table
    Column(&'a str),
    /// a value per row (the rows' features' areas, through a join: see [`per_row`])
    Rows(Vec<f64>),
}

/// What a ratio made: values, and rows left without one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Made {
    /// rows with a value
    pub values: usize,
    /// rows whose divisor is zero (no value: a rate of nothing is not a number)
    pub zero: usize,
    /// rows with no numerator or no divisor
    pub missing: usize,
}

/// A value per table row from a value per feature: each row takes its feature's (`feature_row`:
/// the join's row of each feature; a row joined to no feature gets none).
pub fn per_row(feature_row: &[Option<u32>], per_feature: &[f64], rows: usize) -> Vec<f64> {
    let mut out = vec![f64::NAN; rows];
    for (f, r) in feature_row.iter().enumerate() {
        if let (Some(r), Some(&v)) = (r, per_feature.get(f)) {
            if let Some(o) = out.get_mut(*r as usize) {
                *o = v;
            }
        }
    }
    out
}

fn numbers<'t>(t: &'t Table, name: &str) -> Result<&'t Column, Error> {
    let c = t
        .column_index(name)
        .map(|i| &t.columns[i])
        .ok_or_else(|| Error::new("column", format!("no column '{name}'")))?;
    if c.kind != Kind::Number {
        return Err(Error::new(
            "column",
            format!("column '{}' holds no numbers ({})", c.name, c.kind.name()),
        ));
    }
    Ok(c)
}

/// Adds column `name` to `t`: column `numerator` over `over`, times `scale` (100 for a
/// percentage). Refused if a column has that name, or if either side holds no numbers.
pub fn add_ratio(
    t: &mut Table,
    numerator: &str,
    over: Over,
    scale: f64,
    name: &str,
) -> Result<Made, Error> {
    let name = name.trim();
    if name.is_empty() || t.columns.iter().any(|c| c.name == name) {
        return Err(Error::new(
            "column",
            if name.is_empty() {
                "a new column needs a name".to_string()
            } else {
                format!("a column '{name}' exists already")
            },
        ));
    }
    if !scale.is_finite() || scale == 0.0 {
        return Err(Error::new(
            "usage",
            format!("a scale of {}", crate::decimal::Short(scale)),
        ));
    }
    let num = numbers(t, numerator)?;
    let den: Vec<f64> = match over {
        Over::Column(d) => {
            let d = numbers(t, d)?;
            (0..t.rows)
                .map(|r| d.number(r).unwrap_or(f64::NAN))
                .collect()
        }
        Over::Rows(v) => v,
    };
    let mut made = Made::default();
    let values: Vec<f64> = (0..t.rows)
        .map(|r| {
            let (a, b) = (
                num.number(r).unwrap_or(f64::NAN),
                den.get(r).copied().unwrap_or(f64::NAN),
            );
            if a.is_nan() || b.is_nan() {
                made.missing += 1;
                f64::NAN
            } else if b == 0.0 {
                made.zero += 1;
                f64::NAN
            } else {
                let v = a / b * scale;
                if v.is_finite() {
                    made.values += 1;
                    v
                } else {
                    made.zero += 1; // (a divisor so small the ratio overflows)
                    f64::NAN
                }
            }
        })
        .collect();
    t.columns.push(Column::of_numbers(name, values));
    Ok(made)
}

impl Column {
    /// A number column of `values` (NaN: no value), its cells their shortest text that reads
    /// back as the same number.
    pub fn of_numbers(name: &str, values: Vec<f64>) -> Column {
        let mut cells = TextCells::default();
        let mut text = String::new();
        for v in &values {
            if v.is_nan() {
                cells.push(None);
            } else {
                text.clear();
                use std::fmt::Write;
                let _ = write!(text, "{}", crate::decimal::Short(*v));
                cells.push(Some(&text));
            }
        }
        Column {
            name: name.to_string(),
            cells,
            kind: Kind::Number,
            numbers: values,
            style: NumStyle::En,
            percent: false,
            json_numbers: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::csv::read_delimited;

    fn table(text: &str) -> Table {
        read_delimited(text, "t.csv", &mut Default::default()).unwrap()
    }

    #[test]
    fn a_rate_of_two_columns_in_percent_with_the_rows_it_cannot_make() {
        let mut t = table("code;chômeurs;actifs\n01;120;2400\n02;;500\n03;5;0\n04;7;NA\n05;1;3\n");
        let made = add_ratio(
            &mut t,
            "chômeurs",
            Over::Column("actifs"),
            100.0,
            "taux (%)",
        )
        .unwrap();
        assert_eq!(
            made,
            Made {
                values: 2,
                zero: 1,
                missing: 2
            }
        );
        let c = &t.columns[t.column_index("taux (%)").unwrap()];
        assert_eq!(c.kind, Kind::Number);
        assert_eq!(c.number(0), Some(5.0));
        assert_eq!((c.number(1), c.number(2), c.number(3)), (None, None, None));
        // (its cells: the shortest text of the number, read back the same)
        assert_eq!(c.text(4), Some("33.33333333333333"));
        assert_eq!(
            c.text(4).unwrap().parse::<f64>().unwrap(),
            1.0 / 3.0 * 100.0
        );
        assert_eq!(c.text(1), None);
        t.check().unwrap();
    }

    #[test]
    fn a_density_over_areas_given_per_feature_through_the_join() {
        let mut t = table("code,pop\nA,100\nB,50\nC,7\n");
        // features: B, A, and one with no row; row C has no feature
        let rows = per_row(&[Some(1), Some(0), None], &[2.0, 4.0, 9.0], t.rows);
        assert!(
            rows[0] == 4.0 && rows[1] == 2.0 && rows[2].is_nan(),
            "{rows:?}"
        );
        let made = add_ratio(&mut t, "pop", Over::Rows(rows), 1.0, "pop / km²").unwrap();
        assert_eq!(
            made,
            Made {
                values: 2,
                zero: 0,
                missing: 1
            }
        );
        let c = &t.columns[2];
        assert_eq!(
            (c.number(0), c.number(1), c.number(2)),
            (Some(25.0), Some(25.0), None)
        );
    }

    #[test]
    fn refused_without_numbers_a_name_or_with_a_name_taken() {
        let mut t = table("code,name,pop\n01,Ain,5\n");
        // (numerator, divisor, name): what is refused, and why
        for (num, den, name, why) in [
            ("name", "pop", "x", "column 'name' holds no numbers (text)"),
            ("pop", "code", "x", "column 'code' holds no numbers (key)"),
            ("pop", "nope", "x", "no column 'nope'"),
            ("pop", "pop", "name", "a column 'name' exists already"),
            ("pop", "pop", " ", "a new column needs a name"),
        ] {
            let e = add_ratio(&mut t, num, Over::Column(den), 1.0, name).unwrap_err();
            assert_eq!(e.message, why);
        }
        assert_eq!(t.columns.len(), 3, "nothing added");
    }
}
