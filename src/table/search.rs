//! Finding rows (features) by what one types of their name or code: "st germain en l" finds
//! Saint-Germain-en-Laye among 35,000 communes, "ardeche" Ardèche, "2a" Corse-du-Sud. Text is
//! compared folded (lower case, accents and ligatures folded as the join folds them, hyphens,
//! apostrophes and other punctuation as spaces), so what the keyboard gives matches what the file
//! writes; "St" and "Ste" also match "Saint" and "Sainte", as French names are abbreviated.

use super::Table;

/// `s` folded for comparison into `out` (cleared first): lower case, accents folded, `œ` `æ` `ß`
/// spelt out, every run of anything but letters and digits one space, none at either end.
pub fn fold(s: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    if s.is_ascii() {
        // (most names and every code: no accent to fold, no char to decode; 35,000 communes
        // searched as one types)
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(b.to_ascii_lowercase() as char);
            } else {
                space = true;
            }
        }
        return;
    }
    for c in s.chars() {
        let c = crate::join::fold_accent(c);
        let spelt = match c {
            'œ' | 'Œ' => "oe",
            'æ' | 'Æ' => "ae",
            'ß' => "ss",
            _ => "",
        };
        if !spelt.is_empty() || c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if spelt.is_empty() {
                out.push(crate::case::lower(c));
            } else {
                out.push_str(spelt);
            }
        } else {
            space = true;
        }
    }
}

/// The words of a folded query, "st" and "ste" spelt out as "saint" and "sainte".
fn words(q: &str) -> Vec<&str> {
    q.split(' ')
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect()
}

/// How well folded text `t` matches the query's words (`q`: them joined by spaces): 0 the same,
/// 1 it starts with them, 2 each word starts a word of it in order, 3 it contains them in order;
/// `None` if it does not match.
fn tier(t: &str, q: &str, w: &[&str]) -> Option<u8> {
    if t == q {
        return Some(0);
    }
    if t.starts_with(q) {
        return Some(1);
    }
    // each word of the query the start of a word of the text, in order
    let mut rest = t;
    let starts = w.iter().all(|w| {
        let mut at = 0;
        loop {
            let word = &rest[at..];
            if let Some(after) = word.strip_prefix(w) {
                // (the next word of the query starts a word after this one)
                rest = after.find(' ').map_or("", |i| &after[i..]);
                return true;
            }
            match word.find(' ') {
                Some(i) => at += i + 1,
                None => return false,
            }
        }
    });
    if starts {
        return Some(2);
    }
    t.contains(q).then_some(3)
}

/// A row's text in one column (or its feature's id), if it has any.
pub type Texts<'a> = Box<dyn Fn(usize) -> Option<&'a str> + 'a>;

/// The rows of `table` whose text in one of `columns` matches `query` (see [`search`]).
pub fn search_table(table: &Table, columns: &[&str], query: &str, max: usize) -> Vec<u32> {
    let texts: Vec<Texts> = columns
        .iter()
        .filter_map(|c| table.column_index(c).map(|i| &table.columns[i]))
        .map(|c| Box::new(move |r: usize| c.text(r)) as Texts)
        .collect();
    search(table.rows, &texts, query, max)
}

/// The rows (of `rows`) whose text in one of `texts` (a row's text in a column, or its feature's
/// id) matches `query` (see the module), best first — the same text, then text starting with it,
/// then words starting with its words, then text containing it; shorter texts first within each;
/// the rows' order last — at most `max`. Nothing for a query of punctuation alone.
pub fn search<'a>(rows: usize, texts: &[Texts<'a>], query: &str, max: usize) -> Vec<u32> {
    let mut q = String::new();
    fold(query, &mut q);
    if q.is_empty() || max == 0 {
        return Vec::new();
    }
    // as typed, and with "st"/"ste" spelt out (a file may abbreviate, or a name start "Ste…")
    let typed: Vec<&str> = q.split(' ').collect();
    let spelt = words(&q);
    let (qs, qt) = (spelt.join(" "), q.clone());
    let forms: Vec<(&str, &[&str])> = if spelt == typed {
        vec![(&qt, &typed)]
    } else {
        vec![(&qt, &typed), (&qs, &spelt)]
    };
    let mut found: Vec<(u8, usize, u32)> = Vec::new();
    let mut t = String::new();
    for row in 0..rows {
        let mut best: Option<(u8, usize)> = None;
        for text in texts {
            let Some(text) = text(row) else {
                continue;
            };
            fold(text, &mut t);
            for &(q, w) in &forms {
                if let Some(k) = tier(&t, q, w) {
                    if best.is_none_or(|b| (k, t.len()) < b) {
                        best = Some((k, t.len()));
                    }
                }
            }
        }
        if let Some((k, len)) = best {
            found.push((k, len, row as u32));
        }
    }
    let mut found = crate::sort::by(found, &|a, b| a.cmp(b));
    found.truncate(max);
    found.into_iter().map(|(_, _, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Warnings;

    fn table(csv: &str) -> Table {
        crate::table::csv::read_delimited(csv, "t.csv", &mut Warnings::default()).unwrap()
    }

    #[test]
    fn text_is_folded_as_the_keyboard_types_it() {
        let mut s = String::new();
        for (a, b) in [
            ("Saint-Germain-en-Laye", "saint germain en laye"),
            ("L'Haÿ-les-Roses", "l hay les roses"),
            ("  Œuvre  d’Ébène… ", "oeuvre d ebene"),
            ("Straße", "strasse"),
            ("SAINT-ÉTIENNE-DU-RŌUVRAY", "saint etienne du rōuvray"),
            ("ŁÓDŹ ΕΛΛΆΔΑ", "łodź ελλάδα"),
            ("2A", "2a"),
            ("--", ""),
        ] {
            fold(a, &mut s);
            assert_eq!(s, b, "{a}");
        }
    }

    #[test]
    fn the_same_name_first_then_names_starting_with_it_then_words_then_anywhere() {
        let t = table(
            "code,nom\n\
             78551,Saint-Germain-en-Laye\n\
             95280,Germainville\n\
             28178,Germainville-sur-Eure\n\
             77408,Fontaine-Saint-Germain\n\
             40001,Germain\n\
             07186,Ardèche-Nord\n\
             07,Ardèche\n\
             2A004,Ajaccio\n",
        );
        let names = |r: Vec<u32>| -> Vec<String> {
            r.iter()
                .map(|&i| t.columns[1].text(i as usize).unwrap().to_string())
                .collect()
        };
        assert_eq!(
            names(search_table(&t, &["nom", "code"], "germain", 10)),
            [
                "Germain",
                "Germainville",
                "Germainville-sur-Eure",
                "Saint-Germain-en-Laye",
                "Fontaine-Saint-Germain"
            ]
        );
        // words in order, abbreviated as one types them, accents and hyphens aside
        assert_eq!(
            names(search_table(&t, &["nom"], "st germ en l", 10)),
            ["Saint-Germain-en-Laye"]
        );
        // (two words of the query, two words of the name: "germ ain" is not "Germain")
        assert!(search_table(&t, &["nom"], "germ ain", 10).is_empty());
        assert_eq!(
            names(search_table(&t, &["nom"], "ARDECHE", 10)),
            ["Ardèche", "Ardèche-Nord"]
        );
        // "st" also as typed: Stains, and a name the file abbreviates
        let u = table("code,nom\n93072,Stains\n93066,Saint-Denis\n97,St-Martin\n");
        let found: Vec<&str> = search_table(&u, &["nom"], "st", 10)
            .iter()
            .map(|&i| u.columns[1].text(i as usize).unwrap())
            .collect();
        assert_eq!(found, ["Stains", "St-Martin", "Saint-Denis"]);
        // by code, whatever the case
        assert_eq!(
            names(search_table(&t, &["nom", "code"], "2a", 10)),
            ["Ajaccio"]
        );
        assert_eq!(
            names(search_table(&t, &["nom", "code"], "07", 10)),
            ["Ardèche", "Ardèche-Nord"]
        );
        // at most max, nothing for punctuation alone or unknown columns
        assert_eq!(search_table(&t, &["nom"], "germain", 2).len(), 2);
        assert!(search_table(&t, &["nom"], " - ", 10).is_empty());
        assert!(search_table(&t, &["absent"], "germain", 10).is_empty());
        assert!(search_table(&t, &["nom"], "lyon", 10).is_empty());
    }
}
