//! Lower case for comparing names, codes and what one types, without the standard library's Unicode
//! case tables: its `to_lowercase` (the tables, and the properties `str::to_lowercase` reads for
//! the Greek final sigma) was 16.8 KB of the engine, 10.2 KB gzip. Covered: the Latin letters of
//! the European languages and Vietnamese (Basic Latin, Latin-1, Latin Extended-A, the regular pairs
//! of Latin Extended-B — Romanian's Ș and Ț —, Latin Extended Additional), modern Greek and
//! Cyrillic, each as the standard library lowers it where that is one letter (checked letter by
//! letter in the tests). Letters of other scripts with a case (Armenian, Georgian, Cherokee…) are
//! compared as written.

/// `c` in lower case, or `c` itself if it has none here.
pub fn lower(c: char) -> char {
    let u = c as u32;
    let even = u.is_multiple_of(2);
    let l = match u {
        0x41..=0x5A => u + 32,
        0xC0..=0xDE if u != 0xD7 => u + 32,
        // (İ is even among the pairs below: the standard library's is `i` and a combining dot)
        0x130 => 0x69,
        0x100..=0x137 | 0x14A..=0x177 if even => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !even => u + 1,
        0x178 => 0xFF,
        // Latin Extended-B's pairs: Ș ș, Ț ț (Romanian), Ǎ ǎ…
        0x1CD..=0x1DC if !even => u + 1,
        0x1DE..=0x1EF | 0x1F4 | 0x1F8..=0x21F | 0x222..=0x233 if even => u + 1,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 63,
        0x391..=0x3AB if u != 0x3A2 => u + 32,
        0x400..=0x40F => u + 80,
        0x410..=0x42F => u + 32,
        0x4C0 => 0x4CF,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if even => u + 1,
        0x4C1..=0x4CE if !even => u + 1,
        0x1E9E => 0xDF,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if even => u + 1,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// `s` in lower case ([`lower`] letter by letter).
pub fn lower_str(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter of the blocks covered, lowered as the standard library lowers it where that is
    /// one letter; and every other letter up to the end of the Basic Multilingual Plane either
    /// itself or lowered as the standard library does (none lowered wrongly).
    #[test]
    fn as_the_standard_library_in_the_blocks_covered() {
        let covered = |u: u32| {
            u < 0x180
                || (0x1CD..0x1F1).contains(&u)
                || (0x1F4..0x1F6).contains(&u)
                || (0x1F8..0x220).contains(&u)
                || (0x222..0x234).contains(&u)
                || (0x386..0x3AC).contains(&u)
                || (0x400..0x530).contains(&u)
                || (0x1E00..0x1F00).contains(&u)
        };
        let mut lowered = 0;
        for u in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let std: Vec<char> = c.to_lowercase().collect();
            let ours = lower(c);
            if std.len() == 1 && covered(u) {
                assert_eq!(ours, std[0], "U+{u:04X} {c}");
            }
            assert!(
                ours == c || (std.len() == 1 && ours == std[0]) || u == 0x130,
                "U+{u:04X} {c} lowered as {ours}"
            );
            lowered += (ours != c) as usize;
        }
        assert!(lowered > 450, "{lowered}");
        assert_eq!(lower('İ'), 'i');
        assert_eq!(lower_str("ÎLE-DE-FRANCE"), "île-de-france");
        assert_eq!(lower_str("ŞANLIURFA Ţara Ș"), "şanliurfa ţara ș");
        assert_eq!(lower_str("ΑΘΗΝΑ Ώ"), "αθηνα ώ");
        assert_eq!(lower_str("МОСКВА Ёж"), "москва ёж");
        assert_eq!(lower_str("CODE_INSEE"), "code_insee");
    }
}
