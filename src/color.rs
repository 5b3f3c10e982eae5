//! Colours for classes: every ColorBrewer sequential, diverging and qualitative scheme and the
//! perceptual ones (viridis, magma, inferno, plasma, cividis), from the `colorous` crate (d3's
//! schemes), each reversible; diverging schemes can be centred on a pivot value.

use colorous::Gradient;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Sequential,
    Diverging,
    Perceptual,
    Qualitative,
}

pub struct Scheme {
    pub name: &'static str,
    pub family: Family,
    /// Safe for the common colour-vision deficiencies (ColorBrewer's and the viridis authors' flags).
    pub colorblind_safe: bool,
    gradient: Option<Gradient>,
    categorical: &'static [colorous::Color],
}

macro_rules! g {
    ($name:literal, $fam:ident, $safe:literal, $g:ident) => {
        Scheme {
            name: $name,
            family: Family::$fam,
            colorblind_safe: $safe,
            gradient: Some(colorous::$g),
            categorical: &[],
        }
    };
}
macro_rules! c {
    ($name:literal, $safe:literal, $g:ident) => {
        Scheme {
            name: $name,
            family: Family::Qualitative,
            colorblind_safe: $safe,
            gradient: None,
            categorical: &colorous::$g,
        }
    };
}

pub const SCHEMES: &[Scheme] = &[
    g!("Blues", Sequential, true, BLUES),
    g!("Greens", Sequential, true, GREENS),
    g!("Greys", Sequential, true, GREYS),
    g!("Oranges", Sequential, true, ORANGES),
    g!("Purples", Sequential, true, PURPLES),
    g!("Reds", Sequential, true, REDS),
    g!("BuGn", Sequential, true, BLUE_GREEN),
    g!("BuPu", Sequential, true, BLUE_PURPLE),
    g!("GnBu", Sequential, true, GREEN_BLUE),
    g!("OrRd", Sequential, true, ORANGE_RED),
    g!("PuBu", Sequential, true, PURPLE_BLUE),
    g!("PuBuGn", Sequential, true, PURPLE_BLUE_GREEN),
    g!("PuRd", Sequential, true, PURPLE_RED),
    g!("RdPu", Sequential, true, RED_PURPLE),
    g!("YlGn", Sequential, true, YELLOW_GREEN),
    g!("YlGnBu", Sequential, true, YELLOW_GREEN_BLUE),
    g!("YlOrBr", Sequential, true, YELLOW_ORANGE_BROWN),
    g!("YlOrRd", Sequential, true, YELLOW_ORANGE_RED),
    g!("BrBG", Diverging, true, BROWN_GREEN),
    g!("PRGn", Diverging, true, PURPLE_GREEN),
    g!("PiYG", Diverging, true, PINK_GREEN),
    g!("PuOr", Diverging, true, PURPLE_ORANGE),
    g!("RdBu", Diverging, true, RED_BLUE),
    g!("RdGy", Diverging, false, RED_GREY),
    g!("RdYlBu", Diverging, true, RED_YELLOW_BLUE),
    g!("RdYlGn", Diverging, false, RED_YELLOW_GREEN),
    g!("Spectral", Diverging, false, SPECTRAL),
    g!("Viridis", Perceptual, true, VIRIDIS),
    g!("Magma", Perceptual, true, MAGMA),
    g!("Inferno", Perceptual, true, INFERNO),
    g!("Plasma", Perceptual, true, PLASMA),
    g!("Cividis", Perceptual, true, CIVIDIS),
    c!("Category10", false, CATEGORY10),
    c!("Tableau10", false, TABLEAU10),
    c!("Set1", false, SET1),
    c!("Set2", true, SET2),
    c!("Set3", false, SET3),
    c!("Dark2", true, DARK2),
    c!("Paired", true, PAIRED),
    c!("Accent", false, ACCENT),
    c!("Pastel1", false, PASTEL1),
    c!("Pastel2", false, PASTEL2),
];

pub const NO_DATA: [u8; 3] = [0xd9, 0xd9, 0xd9];

pub fn scheme(name: &str) -> Option<&'static Scheme> {
    SCHEMES.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

pub fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn rgb(c: colorous::Color) -> [u8; 3] {
    [c.r, c.g, c.b]
}

impl Scheme {
    /// `k` colours for ordered classes. Sequential schemes skip their near-white end so that the
    /// first class stays visible against the background. `pivot_class`: for diverging schemes, the
    /// class holding the pivot value (it gets the neutral middle colour; the sides spread evenly).
    pub fn colors(&self, k: usize, reverse: bool, pivot_class: Option<usize>) -> Vec<[u8; 3]> {
        let k = k.max(1);
        let mut out: Vec<[u8; 3]> = match self.gradient {
            None => (0..k)
                .map(|i| rgb(self.categorical[i % self.categorical.len()]))
                .collect(),
            Some(g) => {
                let t: Vec<f64> = match (self.family, pivot_class) {
                    (Family::Diverging, Some(p)) if p < k => {
                        let below = p as f64;
                        let above = (k - 1 - p) as f64;
                        let side = below.max(above).max(1.0);
                        (0..k)
                            .map(|i| 0.5 + 0.5 * (i as f64 - p as f64) / side * 0.95)
                            .collect()
                    }
                    (Family::Sequential, _) => (0..k)
                        .map(|i| {
                            if k == 1 {
                                0.6
                            } else {
                                0.12 + 0.88 * i as f64 / (k - 1) as f64
                            }
                        })
                        .collect(),
                    _ => (0..k)
                        .map(|i| {
                            if k == 1 {
                                0.5
                            } else {
                                i as f64 / (k - 1) as f64
                            }
                        })
                        .collect(),
                };
                t.into_iter()
                    .map(|t| rgb(g.eval_continuous(t.clamp(0.0, 1.0))))
                    .collect()
            }
        };
        if reverse {
            out.reverse();
        }
        out
    }
}

/// Colours for categories (typology maps): one per category, from a qualitative scheme.
pub fn category_colors(scheme_name: &str, n: usize) -> Vec<[u8; 3]> {
    let s = scheme(scheme_name)
        .filter(|s| s.family == Family::Qualitative)
        .unwrap_or(&SCHEMES[33]);
    s.colors(n, false, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_colours_darken_and_reverse() {
        let s = scheme("Blues").unwrap();
        let c = s.colors(5, false, None);
        let lum = |c: [u8; 3]| c[0] as u32 + c[1] as u32 + c[2] as u32;
        assert!(c.windows(2).all(|w| lum(w[0]) > lum(w[1])), "{c:?}");
        let r = s.colors(5, true, None);
        assert_eq!(r[0], c[4]);
    }

    #[test]
    fn diverging_pivot_class_gets_the_neutral_middle() {
        let s = scheme("RdBu").unwrap();
        let c = s.colors(5, false, Some(1));
        let mid = rgb(colorous::RED_BLUE.eval_continuous(0.5));
        assert_eq!(c[1], mid);
    }

    #[test]
    fn every_scheme_yields_k_colours() {
        for s in SCHEMES {
            for k in 2..=12 {
                assert_eq!(s.colors(k, false, None).len(), k, "{}", s.name);
            }
        }
    }
}
