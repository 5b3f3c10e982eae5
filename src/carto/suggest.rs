//! A projection for a layer, from where its features are: what an analyst would pick.
//!
//! - every feature in metropolitan France: Lambert-93;
//! - metropolitan France and the five overseas départements: France with the DROM in insets;
//! - the United States with Alaska and Hawaii: Albers USA (Puerto Rico and the island areas, outside
//!   its insets, are not drawn: at most 10 % of the features, and the page says how many);
//! - then by extent: Equal Earth for a continent or more, Web Mercator for anything smaller;
//! - but a region across the antimeridian (Russia, Fiji, Alaska with its Aleutians), whose pieces
//!   a world projection would put on both edges of the world once cut there: the globe, centred
//!   on it.

use crate::decimal::Fixed;
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
pub fn suggest(layer: &Layer, bbox: Option<[f64; 4]>) -> String {
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
    /// in Alaska's and Hawaii's insets
    pub us_other: usize,
    /// in the territories' insets (Puerto Rico and the US Virgin Islands, American Samoa, Guam and
    /// the Northern Mariana Islands: `albers-usa-territories`)
    pub us_territory: usize,
    /// rings by the longitude of their first vertex, in [`BINS`] bins of 15° from −180
    pub lons: [usize; BINS],
}

/// Bins of longitude in [`Places::lons`].
pub const BINS: usize = 24;

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
            match super::projection::territories_piece(x, y) {
                Some(0) => p.conus += 1,
                Some(1 | 2) => p.us_other += 1,
                Some(_) => p.us_territory += 1,
                None => {}
            }
            for r in layer.feature_rings(f) {
                if let Some((x, _)) = layer.first_xy(r).filter(|(x, _)| x.is_finite()) {
                    let bin = ((x + 180.0) / (360.0 / BINS as f64))
                        .floor()
                        .clamp(0.0, (BINS - 1) as f64);
                    p.lons[bin as usize] += 1;
                }
            }
        }
        p
    }

    /// The middle of the arc of longitudes the rings are on, if it is at most half the world and
    /// goes across the antimeridian (its largest gap does not): a region there.
    fn across_antimeridian(&self) -> Option<f64> {
        let occupied: Vec<bool> = self.lons.iter().map(|&k| k > 0).collect();
        let first = occupied.iter().position(|&o| o)?;
        // the largest run of empty bins, going round (from just after an occupied bin)
        let (mut best, mut best_end, mut run) = (0, 0, 0);
        for i in 1..=BINS {
            let b = (first + i) % BINS;
            if occupied[b] {
                run = 0;
            } else {
                run += 1;
                if run > best {
                    (best, best_end) = (run, b);
                }
            }
        }
        // the gap's bins end at best_end: the arc begins after it and is BINS − best bins long
        let width = BINS - best;
        let start = (best_end + 1) % BINS;
        let step = 360.0 / BINS as f64;
        (best > 0 && width * 2 <= BINS && start + width > BINS).then(|| {
            crate::carto::projection::wrap(-180.0 + (start as f64 + width as f64 / 2.0) * step)
        })
    }

    /// Both parts' counts.
    pub fn and(self, o: Places) -> Places {
        Places {
            n: self.n + o.n,
            metro: self.metro + o.metro,
            drom: self.drom + o.drom,
            conus: self.conus + o.conus,
            us_other: self.us_other + o.us_other,
            us_territory: self.us_territory + o.us_territory,
            lons: std::array::from_fn(|i| self.lons[i] + o.lons[i]),
        }
    }

    /// As numbers (to pass between workers: the page adds two parts' up), and back (`None` unless
    /// 6 + [`BINS`] whole numbers).
    pub fn to_vec(self) -> Vec<f64> {
        [
            self.n,
            self.metro,
            self.drom,
            self.conus,
            self.us_other,
            self.us_territory,
        ]
        .iter()
        .chain(&self.lons)
        .map(|&k| k as f64)
        .collect()
    }
    pub fn from_slice(v: &[f64]) -> Option<Places> {
        let k: Vec<usize> = v
            .iter()
            .map(|&x| (x >= 0.0 && x.fract() == 0.0 && x < 1e15).then_some(x as usize))
            .collect::<Option<_>>()?;
        match k[..] {
            [n, metro, drom, conus, us_other, us_territory, ref lons @ ..]
                if lons.len() == BINS =>
            {
                Some(Places {
                    n,
                    metro,
                    drom,
                    conus,
                    us_other,
                    us_territory,
                    lons: std::array::from_fn(|i| lons[i]),
                })
            }
            _ => None,
        }
    }

    /// The projection for these features, whose lon/lat box is `bbox`.
    pub fn suggest(self, bbox: Option<[f64; 4]>) -> String {
        match self.choice(bbox) {
            Ok(name) => name.to_string(),
            Err(lon) => {
                let lat = bbox.map_or(0.0, |b| (b[1] + b[3]) / 2.0);
                format!("orthographic:{},{}", Fixed(lon, 1), Fixed(lat, 1))
            }
        }
    }

    /// [`Places::suggest`]'s projection by its name, or the longitude of a region across the
    /// antimeridian (the globe is centred on it).
    fn choice(self, bbox: Option<[f64; 4]>) -> Result<&'static str, f64> {
        let Places {
            n,
            metro,
            drom,
            conus,
            us_other,
            us_territory,
            lons: _,
        } = self;
        if n == 0 {
            return Ok("equirectangular");
        }
        // a few stray features (a territory outside the insets) do not change the choice
        let most = |k: usize| k * 1000 >= n * 995;
        if metro == n {
            return Ok("lambert93");
        }
        if metro > 0 && drom > 0 && most(metro + drom) {
            return Ok("france-insets");
        }
        // the United States with insets: d3's composite, or with the territories' insets when
        // the layer has features there (d3's leaves Puerto Rico and the island areas out: US
        // counties 2.4 %, states 5 of 56); the page says how many features a projection does not
        // show
        let insets = us_other + us_territory;
        if conus * 2 > n && insets > 0 && (conus + insets) * 10 >= n * 9 {
            return Ok(if us_territory > 0 {
                "albers-usa-territories"
            } else {
                "albers-usa"
            });
        }
        if let Some(lon) = self.across_antimeridian() {
            return Err(lon);
        }
        Ok(match bbox {
            Some(b) if b[2] - b[0] > 60.0 => "equal-earth",
            Some(_) => "mercator",
            None => "equirectangular",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest_(l: &Layer) -> String {
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
        assert_eq!(
            Places::from_slice(&[1.0, 0.0, 0.0, 0.0, 0.0]),
            None,
            "no bins"
        );
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
        // and with Puerto Rico (or only it besides the lower 48): the territories' insets
        for extra in [&[(-150.0, 64.0), (-66.1, 18.2)][..], &[(-66.1, 18.2)]] {
            let mut at = vec![(-100.0, 40.0), (-90.0, 35.0), (-80.0, 38.0), (-110.0, 44.0)];
            at.extend_from_slice(extra);
            assert_eq!(
                suggest_(&squares(&at)),
                "albers-usa-territories",
                "{extra:?}"
            );
        }
        // a world map, and a small country elsewhere
        assert_eq!(
            suggest_(&squares(&[(-100.0, 40.0), (100.0, 30.0), (20.0, -10.0)])),
            "equal-earth"
        );
        assert_eq!(suggest_(&squares(&[(4.4, 50.8), (5.5, 50.6)])), "lambert93");
        assert_eq!(suggest_(&squares(&[(12.5, 41.9), (9.2, 45.5)])), "mercator");
        assert_eq!(suggest_(&Layer::new("empty")), "equirectangular");
        // a region across the antimeridian: the globe centred on it (Fiji's islands on either
        // side; Chukotka, Kamchatka and Sakhalin), not a world with it on both edges
        assert_eq!(
            suggest_(&squares(&[
                (177.5, -17.8),
                (178.4, -18.1),
                (-179.9, -16.5),
                (-178.9, -17.9)
            ])),
            "orthographic:180.0,-17.3"
        );
        let far_east = suggest_(&squares(&[
            (160.0, 56.0),
            (142.7, 50.0),
            (175.0, 66.0),
            (-172.0, 66.0),
        ]));
        let (lon, lat) = far_east["orthographic:".len()..].split_once(',').unwrap();
        let (lon, lat): (f64, f64) = (lon.parse().unwrap(), lat.parse().unwrap());
        assert!(!(-170.0..=150.0).contains(&lon), "{far_east}");
        assert!((lat - 58.0).abs() < 1.0, "{far_east}");
        // a world, and a band round it, stay as they were
        assert_eq!(
            suggest_(&squares(&[
                (-170.0, 0.0),
                (-100.0, 40.0),
                (100.0, 30.0),
                (170.0, -10.0),
                (20.0, -10.0)
            ])),
            "equal-earth"
        );
    }
}
