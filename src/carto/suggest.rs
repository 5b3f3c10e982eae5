//! A projection for a layer, from where its features are: what an analyst would pick.
//!
//! - every feature in metropolitan France: Lambert-93;
//! - metropolitan France and the five overseas départements: France with the DROM in insets;
//! - the United States with Alaska and Hawaii: Albers USA (Puerto Rico and the island areas, outside
//!   its insets, are not drawn: at most 10 % of the features, and the page says how many);
//! - then by extent: Equal Earth for a continent or more, Web Mercator for anything smaller.

use crate::geom::Layer;

type Box = [f64; 4];

const METRO: Box = [-6.0, 41.0, 11.0, 52.0];
const DROM: [Box; 5] = [
    [-62.0, 15.8, -60.9, 16.6], // Guadeloupe
    [-61.3, 14.3, -60.7, 15.0], // Martinique
    [-54.7, 2.0, -51.5, 6.0],   // Guyane
    [55.1, -21.5, 56.0, -20.8], // La Réunion
    [44.9, -13.1, 45.4, -12.5], // Mayotte
];

fn inside(b: &Box, x: f64, y: f64) -> bool {
    x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]
}

/// The projection name for a layer whose lon/lat box is `bbox` (see the module's rules). Features
/// are placed by their first vertex (the US ones in Albers USA's own pieces); features without
/// geometry do not count.
pub fn suggest(layer: &Layer, bbox: Option<[f64; 4]>) -> &'static str {
    Places::of(layer).suggest(bbox)
}

/// Where a layer's features are, counted: what [`suggest`] decides from (with the box). The counts
/// of two parts of a layer add up to the whole's (two workers each count the half they read).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Places {
    /// features with a geometry
    pub n: usize,
    pub metro: usize,
    pub drom: usize,
    pub conus: usize,
    pub us_other: usize,
}

impl Places {
    pub fn of(layer: &Layer) -> Places {
        let mut p = Places::default();
        for f in 0..layer.len() {
            // placed by their first vertex, as the composite projections choose their piece: the
            // box of Alaska or of Hawaii spans the antimeridian or the open sea
            let Some((x, y)) = layer.feature_rings(f).find_map(|r| layer.first_xy(r)) else {
                continue;
            };
            p.n += 1;
            if inside(&METRO, x, y) {
                p.metro += 1;
            } else if DROM.iter().any(|d| inside(d, x, y)) {
                p.drom += 1;
            }
            match super::projection::albers_usa_piece(x, y) {
                Some(0) => p.conus += 1,
                Some(_) => p.us_other += 1,
                None => {}
            }
        }
        p
    }

    /// Both parts' counts.
    pub fn and(self, o: Places) -> Places {
        Places {
            n: self.n + o.n,
            metro: self.metro + o.metro,
            drom: self.drom + o.drom,
            conus: self.conus + o.conus,
            us_other: self.us_other + o.us_other,
        }
    }

    /// As numbers (to pass between workers), and back (`None` unless five whole numbers).
    pub fn to_vec(self) -> Vec<f64> {
        [self.n, self.metro, self.drom, self.conus, self.us_other]
            .map(|k| k as f64)
            .to_vec()
    }
    pub fn from_slice(v: &[f64]) -> Option<Places> {
        let k: Vec<usize> = v
            .iter()
            .map(|&x| (x >= 0.0 && x.fract() == 0.0 && x < 1e15).then_some(x as usize))
            .collect::<Option<_>>()?;
        match k[..] {
            [n, metro, drom, conus, us_other] => Some(Places {
                n,
                metro,
                drom,
                conus,
                us_other,
            }),
            _ => None,
        }
    }

    /// The projection for these features, whose lon/lat box is `bbox`.
    pub fn suggest(self, bbox: Option<[f64; 4]>) -> &'static str {
        let Places {
            n,
            metro,
            drom,
            conus,
            us_other,
        } = self;
        if n == 0 {
            return "equirectangular";
        }
        // a few stray features (a territory outside the insets) do not change the choice
        let most = |k: usize| k * 1000 >= n * 995;
        if metro == n {
            return "lambert93";
        }
        if metro > 0 && drom > 0 && most(metro + drom) {
            return "france-insets";
        }
        // d3's composite leaves Puerto Rico and the island areas out (US counties: 2.4 %, states: 5
        // of 56); the page says how many features a projection does not show
        if conus * 2 > n && us_other > 0 && (conus + us_other) * 10 >= n * 9 {
            return "albers-usa";
        }
        match bbox {
            Some(b) if b[2] - b[0] > 60.0 => "equal-earth",
            Some(_) => "mercator",
            None => "equirectangular",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest_(l: &Layer) -> &'static str {
        suggest(l, l.bbox())
    }

    fn squares(centres: &[(f64, f64)]) -> Layer {
        let mut l = Layer::new("t");
        for &(x, y) in centres {
            for (dx, dy) in [(-0.1, -0.1), (0.1, -0.1), (0.1, 0.1), (-0.1, -0.1)] {
                l.push_xy(x + dx, y + dy);
            }
            l.end_ring();
            l.end_part(crate::geom::POLYGON);
            l.end_feature(None);
        }
        l
    }

    #[test]
    fn two_parts_counted_apart_add_up_to_the_whole() {
        let centres = [
            (2.35, 48.85),
            (5.4, 43.3),
            (-61.5, 16.2),
            (55.5, -21.1),
            (-100.0, 40.0),
        ];
        let whole = Places::of(&squares(&centres));
        let (a, b) = (squares(&centres[..2]), squares(&centres[2..]));
        assert_eq!(Places::of(&a).and(Places::of(&b)), whole);
        assert_eq!(whole.n, 5);
        assert_eq!(Places::from_slice(&whole.to_vec()), Some(whole));
        assert_eq!(Places::from_slice(&[1.0, 2.0]), None);
        assert_eq!(Places::from_slice(&[1.5, 0.0, 0.0, 0.0, 0.0]), None);
    }

    #[test]
    fn france_with_its_overseas_departements_gets_the_insets() {
        assert_eq!(
            suggest_(&squares(&[(2.35, 48.85), (5.4, 43.3)])),
            "lambert93"
        );
        assert_eq!(
            suggest_(&squares(&[
                (2.35, 48.85),
                (5.4, 43.3),
                (-61.5, 16.2),
                (55.5, -21.1)
            ])),
            "france-insets"
        );
        // US states with Alaska and Hawaii
        assert_eq!(
            suggest_(&squares(&[
                (-100.0, 40.0),
                (-90.0, 35.0),
                (-80.0, 38.0),
                (-150.0, 64.0),
                (-157.8, 21.3)
            ])),
            "albers-usa"
        );
        // a world map, and a small country elsewhere
        assert_eq!(
            suggest_(&squares(&[(-100.0, 40.0), (100.0, 30.0), (20.0, -10.0)])),
            "equal-earth"
        );
        assert_eq!(suggest_(&squares(&[(4.4, 50.8), (5.5, 50.6)])), "lambert93");
        assert_eq!(suggest_(&squares(&[(12.5, 41.9), (9.2, 45.5)])), "mercator");
        assert_eq!(suggest_(&Layer::new("empty")), "equirectangular");
    }
}
