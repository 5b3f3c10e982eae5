//! Proportional symbols: a circle or square per feature whose area is proportional to its value
//! (to its magnitude: a negative value — a population lost, a balance in deficit — has a symbol
//! as large, in a colour of its own), the largest drawn first so that the small stay visible, and
//! their key (a few nested sizes, and which colour is which sign).
//! The CLI's export draws them from here; the page places its own on screen (www/api.js,
//! `setSymbols`) by the same rules, and takes the key's sizes from here (`symbolSizes`).

use crate::carto::Projected;
use crate::render::sheet::{Mark, Pen, Rgba, SymbolKey};

/// The default fill: a blue at 70 % opacity (opaque enough to keep its colour over dark classes,
/// clear enough to show them through).
pub const FILL: Rgba = [31, 95, 168, 179];

/// The fills symbols may take by default: the blue first, then an orange, a
/// purple, a green and a dark grey, at the same opacity.
const FILLS: [Rgba; 5] = [
    FILL,
    [230, 85, 13, 179],
    [106, 61, 154, 179],
    [35, 139, 69, 179],
    [64, 64, 64, 179],
];

/// How far apart two colours must be (CIE76 ΔE) for a symbol to stand out from a class's fill.
const APART: f64 = 40.0;

/// A colour in CIELAB (D65).
fn lab(c: Rgba) -> [f64; 3] {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(c[0]), lin(c[1]), lin(c[2]));
    let xyz = [
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    ];
    let f = xyz.map(|t| {
        if t > 0.008856 {
            t.powf(1.0 / 3.0)
        } else {
            7.787 * t + 16.0 / 116.0
        }
    });
    [
        116.0 * f[1] - 16.0,
        500.0 * (f[0] - f[1]),
        200.0 * (f[1] - f[2]),
    ]
}

fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// The symbols' fill over a choropleth of colours `classes`: the blue, unless one of the classes
/// is near it (Blues, PuBu, the blue end of RdBu…), then of [`FILLS`] the one farthest from the
/// nearest class colour (over blue classes, the orange), so that the symbols stand out from the
/// map under them. The blue without classes.
pub fn fill_over(classes: &[Rgba]) -> Rgba {
    let classes: Vec<[f64; 3]> = classes.iter().map(|&c| lab(c)).collect();
    // how far a fill is from the class nearest to it
    let apart = |f: Rgba| {
        let f = lab(f);
        classes
            .iter()
            .map(|&c| delta_e(f, c))
            .fold(f64::INFINITY, f64::min)
    };
    let blue = apart(FILL);
    if blue >= APART {
        return FILL;
    }
    FILLS[1..]
        .iter()
        .map(|&f| (f, apart(f)))
        .fold((FILL, blue), |best, f| if f.1 > best.1 { f } else { best })
        .0
}

/// The fill of the symbols of negative values over a choropleth of colours `classes`, beside
/// `positive` (see [`fill_over`]): of the other [`FILLS`], the one farthest from both the classes
/// and the positives' fill, so that the two signs tell apart and stand out from the map.
pub fn negative_fill_over(classes: &[Rgba], positive: Rgba) -> Rgba {
    let mut near: Vec<[f64; 3]> = classes.iter().map(|&c| lab(c)).collect();
    near.push(lab(positive));
    let apart = |f: Rgba| {
        let f = lab(f);
        near.iter()
            .map(|&c| delta_e(f, c))
            .fold(f64::INFINITY, f64::min)
    };
    FILLS
        .iter()
        .filter(|&&f| f != positive)
        .map(|&f| (f, apart(f)))
        .fold((FILLS[1], f64::NEG_INFINITY), |best, f| {
            if f.1 > best.1 {
                f
            } else {
                best
            }
        })
        .0
}

/// Symbols are outlined (white, 0.8 px; dark grey when coloured by class) from this radius (pixels): under it the outline would be
/// most of the symbol, and 20,000 communes' specks turned the map white (www/api.js does the same).
pub const OUTLINE_MIN_R: f64 = 2.0;

pub struct Symbols<'a> {
    values: &'a [f64],
    /// the largest magnitude
    max: f64,
    /// features with a value other than zero, the largest magnitude first
    order: Vec<usize>,
    max_radius: f64,
    square: bool,
    fill: Rgba,
    /// the fill of negative values' symbols
    negative: Rgba,
    /// each feature's own fill (its class's colour: see [`Symbols::coloured`]); empty for the two
    /// above
    own: Vec<Rgba>,
}

/// The features' one colour under symbols coloured by class (a light grey: the symbols carry the
/// classes; www/api.js `PLAIN`).
pub const PLAIN: Rgba = [0xe6, 0xe8, 0xeb, 255];

/// The outline of symbols coloured by class (www/api.js `CLASS_OUTLINE`).
pub const CLASS_OUTLINE: Rgba = [0x4a, 0x52, 0x60, 255];

/// The fill of a key's sizes when the symbols take their classes' colours: a neutral grey, 60 %
/// opaque so that the nested sizes show (the key says sizes; the legend says colours).
pub const KEY_GREY: Rgba = [0x8c, 0x95, 0x9f, 153];

/// The values the key shows: the largest, and two round fractions of it (a quarter and a
/// twentieth, to one significant digit of the quarter's power of ten).
pub fn key_values(max: f64) -> Vec<f64> {
    if !(max > 0.0 && max.is_finite()) {
        return Vec::new();
    }
    let p = 10f64.powf((max / 4.0).log10().floor());
    let mid = (max / 4.0 / p).round() * p;
    let small = (max / 20.0 / p).round() * p;
    vec![max, mid, if small > 0.0 { small } else { p }]
}

/// Where feature `f`'s symbol goes at `k` pixels a projected unit: the centre of its box if it is
/// under 16 pixels on screen (its pole of inaccessibility would be within a few pixels of it), else
/// its pole of inaccessibility.
pub fn anchor(p: &Projected, f: usize, k: f64) -> Option<(f32, f32)> {
    let b = p.feature_bbox(f)?;
    if ((b[2] - b[0]).max(b[3] - b[1]) as f64) * k < 16.0 {
        return Some(((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0));
    }
    p.anchor(f)
}

impl<'a> Symbols<'a> {
    /// Symbols of `values` (NaN: none), the largest `max_radius` pixels, squares or circles, in
    /// `fill` and, for negative values, in `negative`.
    pub fn new(
        values: &'a [f64],
        max_radius: f64,
        square: bool,
        fill: Rgba,
        negative: Rgba,
    ) -> Self {
        let max = values
            .iter()
            .map(|v| v.abs())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let mut order: Vec<usize> = (0..values.len())
            .filter(|&i| values[i].is_finite() && values[i] != 0.0)
            .collect();
        crate::sort::positions(&mut order, &|a, b| {
            values[b].abs().total_cmp(&values[a].abs())
        });
        Symbols {
            values,
            max,
            order,
            max_radius,
            square,
            fill,
            negative,
            own: Vec::new(),
        }
    }

    /// Each symbol in a fill of its own (`fills[f]`: its feature's class's colour, the map under it
    /// plain), sizes alone in the key.
    pub fn coloured(mut self, fills: Vec<Rgba>) -> Self {
        self.own = fills;
        self
    }

    /// The radius in pixels of a value's symbol (half a square's side): its magnitude's.
    pub fn radius(&self, v: f64) -> f64 {
        let v = v.abs();
        if self.max > 0.0 && v > 0.0 && v.is_finite() {
            self.max_radius * (v / self.max).sqrt()
        } else {
            0.0
        }
    }

    /// Whether any symbol is of a negative value.
    pub fn has_negative(&self) -> bool {
        self.order.iter().any(|&f| self.values[f] < 0.0)
    }

    /// How far past the edges of a `w` × `h` map the symbol reaching furthest goes, each at `at(f)`
    /// (pixels; 0 if all are whole): the room a map fitted with its symbols keeps (the CLI; the
    /// page's `_fitSymbols` measures as this does).
    pub fn past_edges(&self, at: impl Fn(usize) -> Option<(f64, f64)>, w: f64, h: f64) -> f64 {
        self.order
            .iter()
            .filter_map(|&f| {
                let (x, y) = at(f)?;
                let r = self.radius(self.values[f]);
                Some((r - x).max(x + r - w).max(r - y).max(y + r - h))
            })
            .fold(0.0, f64::max)
    }

    /// The symbols of a `w` × `h` map, largest first, at `at(f)` (pixels): those wholly off the map
    /// are left out.
    pub fn marks(&self, at: impl Fn(usize) -> Option<(f64, f64)>, w: f64, h: f64) -> Vec<Mark> {
        // (coloured by class, a dark outline: a white one lost the lightest classes' on the plain
        // map)
        let pen = Some(Pen {
            color: if self.own.is_empty() {
                [255, 255, 255, 255]
            } else {
                CLASS_OUTLINE
            },
            width: 0.8,
        });
        let mut out = Vec::new();
        for &f in &self.order {
            let r = self.radius(self.values[f]);
            let Some((x, y)) = at(f) else { continue };
            if x < -r || y < -r || x > w + r || y > h + r {
                continue;
            }
            let pen = if r >= OUTLINE_MIN_R { pen } else { None };
            let fill = match self.own.get(f) {
                Some(&own) => own,
                None if self.values[f] < 0.0 => self.negative,
                None => self.fill,
            };
            out.push(if self.square {
                Mark::Rect {
                    x: x - r,
                    y: y - r,
                    w: 2.0 * r,
                    h: 2.0 * r,
                    fill,
                    pen,
                }
            } else {
                Mark::Circle { x, y, r, fill, pen }
            });
        }
        out
    }

    /// The key: `title`, the sizes of [`key_values`] written by `fmt` (magnitudes), and where
    /// any value is negative, which colour is which sign (`> 0`, `< 0`: the signs present).
    pub fn key(&self, title: &str, fmt: impl Fn(f64) -> String) -> SymbolKey {
        let positive = self.order.iter().any(|&f| self.values[f] > 0.0);
        let signs = match (positive, self.has_negative()) {
            _ if !self.own.is_empty() => Vec::new(),
            (_, false) => Vec::new(),
            (true, true) => vec![
                (self.fill, "> 0".to_string()),
                (self.negative, "< 0".to_string()),
            ],
            (false, true) => vec![(self.negative, "< 0".to_string())],
        };
        SymbolKey {
            square: self.square,
            fill: match (self.own.is_empty(), positive) {
                (false, _) => KEY_GREY,
                (true, true) => self.fill,
                (true, false) => self.negative,
            },
            title: title.to_string(),
            sizes: key_values(self.max)
                .into_iter()
                .map(|v| (self.radius(v), fmt(v)))
                .collect(),
            signs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The radius and fill of each circle of `s`, feature `f` at (10 f, 50) on a 100 × 100 map.
    fn circles(s: &Symbols) -> Vec<(f64, Rgba)> {
        s.marks(|f| Some((10.0 * f as f64, 50.0)), 100.0, 100.0)
            .iter()
            .map(|m| match m {
                Mark::Circle { r, fill, .. } => (*r, *fill),
                _ => panic!("circles"),
            })
            .collect()
    }

    fn scheme(name: &str, k: usize) -> Vec<Rgba> {
        let s = crate::color::scheme(name).unwrap();
        s.colors(k, false, None)
            .into_iter()
            .map(|c| [c[0], c[1], c[2], 255])
            .collect()
    }

    #[test]
    fn symbols_stand_out_from_the_classes_under_them() {
        // the blue over warm or green classes, and without classes
        for name in ["YlOrRd", "Reds", "Greens", "OrRd"] {
            assert_eq!(fill_over(&scheme(name, 7)), FILL, "{name}");
        }
        assert_eq!(fill_over(&[]), FILL);
        // over blues, the orange; every choice far from every class
        assert_eq!(fill_over(&scheme("Blues", 5)), FILLS[1]);
        assert_eq!(fill_over(&scheme("PuBu", 7)), FILLS[1]);
        for s in crate::color::SCHEMES {
            let classes = scheme(s.name, 7);
            let f = lab(fill_over(&classes));
            let nearest = classes
                .iter()
                .map(|&c| delta_e(f, lab(c)))
                .fold(f64::INFINITY, f64::min);
            assert!(
                nearest >= 20.0,
                "{}: the symbols {nearest:.1} from a class",
                s.name
            );
        }
        // the colour science: white and black 100 apart, the blue's lightness
        assert!((delta_e(lab([255; 4]), lab([0, 0, 0, 255])) - 100.0).abs() < 0.1);
        assert!((lab([31, 95, 168, 255])[0] - 40.6).abs() < 1.0);
    }

    #[test]
    fn areas_follow_the_values_and_the_largest_come_first() {
        let v = [100.0, f64::NAN, 400.0, 0.0, -5.0, 25.0];
        let s = Symbols::new(&v, 20.0, false, FILL, FILLS[1]);
        assert_eq!(s.radius(400.0), 20.0);
        assert_eq!(
            s.radius(100.0),
            10.0,
            "a quarter of the value, a quarter of the area"
        );
        assert_eq!(s.radius(0.0), 0.0);
        // the largest 5 pixels from the left edge: 15 past it; all well inside: none
        assert_eq!(
            s.past_edges(
                |f| Some((5.0 + 50.0 * (f != 2) as u8 as f64, 50.0)),
                100.0,
                100.0
            ),
            15.0
        );
        assert_eq!(s.past_edges(|_| Some((50.0, 50.0)), 100.0, 100.0), 0.0);
        let radii: Vec<f64> = circles(&s).iter().map(|c| c.0).collect();
        assert_eq!(
            radii,
            vec![20.0, 10.0, 5.0, 20.0 * (5.0f64 / 400.0).sqrt()],
            "largest first, none for NaN or 0, a negative value's by its magnitude"
        );
        // outlined from 2 px only
        let tiny = [100.0, 0.5];
        let m = Symbols::new(&tiny, 20.0, false, FILL, FILLS[1]).marks(
            |_| Some((50.0, 50.0)),
            100.0,
            100.0,
        );
        assert!(matches!(m[0], Mark::Circle { pen: Some(_), .. }));
        assert!(matches!(m[1], Mark::Circle { r, pen: None, .. } if r < OUTLINE_MIN_R));
        // off the map: left out; squares of side 2r
        let sq = Symbols::new(&v, 20.0, true, FILL, FILLS[1]);
        let m = sq.marks(
            |f| Some(if f == 2 { (-30.0, 50.0) } else { (50.0, 50.0) }),
            100.0,
            100.0,
        );
        assert_eq!(m.len(), 3);
        assert!(matches!(m[0], Mark::Rect { w, h, x, .. } if w == 20.0 && h == 20.0 && x == 40.0));
    }

    #[test]
    fn negative_values_take_symbols_as_large_in_a_colour_of_their_own_and_the_key_says_which() {
        // a balance: gains and losses, the largest loss larger than any gain
        let v = [300.0, -400.0, 100.0, f64::NAN, -25.0, 0.0];
        let s = Symbols::new(&v, 20.0, false, FILL, FILLS[1]);
        let got = circles(&s);
        let r = |v: f64| 20.0 * (v / 400.0f64).sqrt();
        assert_eq!(
            got,
            vec![
                (20.0, FILLS[1]),
                (r(300.0), FILL),
                (r(100.0), FILL),
                (r(25.0), FILLS[1])
            ],
            "largest magnitude first, each sign in its colour"
        );
        assert_eq!(s.radius(-400.0), s.radius(400.0));
        assert_eq!(s.radius(f64::INFINITY), 0.0);
        // the key: magnitudes, and the two signs' colours
        let k = s.key("Solde", |x| format!("{x}"));
        assert_eq!(k.sizes[0], (20.0, "400".to_string()));
        assert_eq!(
            k.signs,
            vec![(FILL, "> 0".to_string()), (FILLS[1], "< 0".to_string())]
        );
        // losses only: the key in their colour, one sign; gains only: no signs
        let losses = [-4.0, -1.0];
        let k = Symbols::new(&losses, 20.0, true, FILL, FILLS[1]).key("", |x| format!("{x}"));
        assert_eq!((k.fill, k.signs.len()), (FILLS[1], 1));
        let gains = [4.0, 1.0];
        let k = Symbols::new(&gains, 20.0, true, FILL, FILLS[1]).key("", |x| format!("{x}"));
        assert_eq!((k.fill, k.signs.len()), (FILL, 0));
    }

    #[test]
    fn symbols_coloured_by_their_classes_take_each_its_own_and_the_key_says_sizes_alone() {
        let v = [300.0, -400.0, 100.0];
        let own = vec![[1, 2, 3, 255], [4, 5, 6, 255], [7, 8, 9, 255]];
        let s = Symbols::new(&v, 20.0, false, FILL, FILLS[1]).coloured(own.clone());
        let fills: Vec<Rgba> = circles(&s).iter().map(|c| c.1).collect();
        assert_eq!(
            fills,
            vec![own[1], own[0], own[2]],
            "largest first, each its own"
        );
        let k = s.key("Population", |x| format!("{x}"));
        assert_eq!((k.fill, k.signs.len()), (KEY_GREY, 0));
    }

    #[test]
    fn the_negatives_fill_stands_apart_from_the_positives_and_the_classes() {
        for sch in crate::color::SCHEMES {
            let classes = scheme(sch.name, 7);
            let pos = fill_over(&classes);
            let neg = negative_fill_over(&classes, pos);
            assert_ne!(neg, pos, "{}", sch.name);
            assert!(
                delta_e(lab(neg), lab(pos)) >= 40.0,
                "{}: the two signs {:.1} apart",
                sch.name,
                delta_e(lab(neg), lab(pos))
            );
        }
        // over warm classes, the blue for gains and the purple or green for losses (not the orange
        // of the classes)
        let warm = scheme("YlOrRd", 7);
        assert_eq!(fill_over(&warm), FILL);
        assert_ne!(negative_fill_over(&warm, FILL), FILLS[1]);
    }

    #[test]
    fn the_key_shows_the_largest_and_two_round_fractions() {
        assert_eq!(
            key_values(2_615_635.0),
            vec![2_615_635.0, 700_000.0, 100_000.0]
        );
        assert_eq!(key_values(1000.0), vec![1000.0, 300.0, 100.0]);
        assert_eq!(key_values(3.0), vec![3.0, 0.8, 0.1]);
        assert!(key_values(0.0).is_empty() && key_values(f64::NAN).is_empty());
        let v = [400.0, 100.0];
        let k = Symbols::new(&v, 20.0, true, FILL, FILLS[1]).key("Pop.", |x| format!("{x}"));
        assert!(k.square);
        assert!(k.signs.is_empty(), "no signs without a negative value");
        assert_eq!(k.sizes[0], (20.0, "400".to_string()));
        assert_eq!(k.sizes.len(), 3);
    }
}
