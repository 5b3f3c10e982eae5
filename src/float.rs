//! `min`, `max` and `clamp` of floats as a comparison and a select.
//!
//! Rust's `f32::min` returns the number when the other side is NaN, which WebAssembly's `f32.min`
//! does not do (it returns NaN), so in Wasm every `f32::min` is a call to `fminf` inside the engine:
//! the fill's inner loops made several per pixel. These compile to a compare and a select.
//!
//! Put the value that may be NaN first: `min(NaN, b)` is `b`, as `f32::min` gives; the bound `b`
//! must not be NaN.

/// The smaller of `a` and `b`; `b` when `a` is NaN.
#[inline(always)]
pub fn min<T: PartialOrd>(a: T, b: T) -> T {
    if a < b {
        a
    } else {
        b
    }
}

/// The larger of `a` and `b`; `b` when `a` is NaN.
#[inline(always)]
pub fn max<T: PartialOrd>(a: T, b: T) -> T {
    if a > b {
        a
    } else {
        b
    }
}

/// `x` within `[lo, hi]`; `lo` when `x` is NaN (`f32::clamp` would keep the NaN).
#[inline(always)]
pub fn clamp<T: PartialOrd>(x: T, lo: T, hi: T) -> T {
    min(max(x, lo), hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_standard_library_for_numbers_and_a_nan_first() {
        for (a, b) in [
            (1.0f32, 2.0),
            (2.0, 1.0),
            (-0.5, -0.5),
            (f32::INFINITY, 3.0),
        ] {
            assert_eq!(min(a, b), a.min(b));
            assert_eq!(max(a, b), a.max(b));
        }
        assert_eq!(min(f32::NAN, 2.0), 2.0);
        assert_eq!(max(f64::NAN, -1.0), -1.0);
        assert_eq!(clamp(f32::NAN, 0.0, 1.0), 0.0);
        assert_eq!(clamp(7.0, 0.0, 1.0), 1.0);
        assert_eq!(clamp(-7.0, 0.0, 1.0), 0.0);
    }
}
