//! Numbers as decimal text, exactly as Rust's `{}` and `{:.N}` print an `f64`, without the standard
//! library's float formatting: its Grisu and Dragon with their tables and big numbers were ~20 KB
//! of the engine's code (~8 KB gzip, of a 300 KB budget), for a few thousand numbers an export
//! writes. Here the binary value's decimal digits are produced exactly (an `f64` is `m · 2^e`: its
//! integer part a big integer, its fraction a big binary fraction multiplied by ten digit by digit),
//! then rounded half to even, as the standard library rounds; the shortest form is the fewest
//! significant digits that read back as the same number (checked by the standard library's exact
//! reading, which the engine has anyway).
//!
//! [`Short`] is `{}` (shortest round trip, never an exponent), [`Fixed`] is `{:.N}`.

use std::fmt;

/// `{}` of an `f64`: the fewest digits that read back as the same number, no exponent
/// (`0.1`, `-0`, `1000000000000000000000`, `NaN`, `inf`).
#[derive(Clone, Copy)]
pub struct Short(pub f64);

/// `{:.N}` of an `f64`: `N` decimals, the exact value rounded half to even.
#[derive(Clone, Copy)]
pub struct Fixed(pub f64, pub usize);

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&short(self.0))
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed(self.0, self.1))
    }
}

/// The exact decimal expansion of a finite, non-negative `f64`.
struct Exact {
    /// the integer part's digits, most significant first (none for 0)
    int: Vec<u8>,
    /// the fraction, `limbs / 2^(32 · len)`, least significant limb first
    frac: Vec<u32>,
}

/// A finite, non-negative `f64` as `m · 2^e`.
fn parts(v: f64) -> (u64, i32) {
    let bits = v.to_bits();
    let be = ((bits >> 52) & 0x7ff) as i32;
    let m = bits & ((1 << 52) - 1);
    if be == 0 {
        (m, -1074)
    } else {
        (m | 1 << 52, be - 1075)
    }
}

impl Exact {
    fn new(v: f64) -> Exact {
        let (m, e) = parts(v);
        if e >= 0 {
            // an integer: m · 2^e as limbs, then its digits by divisions by 10^9
            let mut big = place(m, e as usize, (53 + e as usize) / 32 + 1);
            let mut chunks = Vec::new();
            while big.iter().any(|&l| l != 0) {
                let mut rem = 0u64;
                for l in big.iter_mut().rev() {
                    let t = rem << 32 | *l as u64;
                    *l = (t / 1_000_000_000) as u32;
                    rem = t % 1_000_000_000;
                }
                chunks.push(rem as u32);
            }
            let mut int = Vec::new();
            for (i, c) in chunks.iter().rev().enumerate() {
                push_digits(&mut int, *c as u64, if i == 0 { 1 } else { 9 });
            }
            if int == [0] {
                int.clear();
            }
            return Exact {
                int,
                frac: Vec::new(),
            };
        }
        let s = (-e) as usize;
        let whole = if s < 64 { m >> s } else { 0 };
        let rest = if s < 64 { m & ((1u64 << s) - 1) } else { m };
        let mut int = Vec::new();
        if whole > 0 {
            push_digits(&mut int, whole, 1);
        }
        let n = s.div_ceil(32);
        Exact {
            int,
            frac: place(rest, 32 * n - s, n),
        }
    }

    /// The next digit of the fraction.
    fn next(&mut self) -> u8 {
        let mut carry = 0u64;
        for l in self.frac.iter_mut() {
            let t = *l as u64 * 10 + carry;
            *l = t as u32;
            carry = t >> 32;
        }
        carry as u8
    }

    fn rest_is_zero(&self) -> bool {
        self.frac.iter().all(|&l| l == 0)
    }
}

/// `m << shift` in `n` limbs (what does not fit is dropped: the callers make room).
fn place(m: u64, shift: usize, n: usize) -> Vec<u32> {
    let mut limbs = vec![0u32; n];
    let w = (m as u128) << (shift % 32);
    for k in 0..3 {
        if let Some(l) = limbs.get_mut(shift / 32 + k) {
            *l = (w >> (32 * k)) as u32;
        }
    }
    limbs
}

/// `x`'s digits, at least `min` of them (leading zeros; a `u64` has at most 20 digits).
fn push_digits(out: &mut Vec<u8>, mut x: u64, min: usize) {
    let mut tmp = [0u8; 20];
    let mut i = 20;
    while x > 0 {
        i -= 1;
        tmp[i] = (x % 10) as u8;
        x /= 10;
    }
    out.extend(std::iter::repeat_n(0, min.saturating_sub(20 - i)));
    out.extend_from_slice(&tmp[i..]);
}

/// Adds one at the last digit; true if it carried out of the first (all nines).
fn round_up(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return false;
        }
    }
    true
}

/// Whether digits followed by `next` (and something more if `sticky`) round up, half to even.
fn rounds_up(last: u8, next: u8, sticky: bool) -> bool {
    next > 5 || (next == 5 && (sticky || last % 2 == 1))
}

fn special(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v.is_infinite() {
        Some(if v > 0.0 { "inf" } else { "-inf" })
    } else {
        None
    }
}

fn text(sign: bool, digits: &[u8], point: usize) -> String {
    let mut s = String::with_capacity(digits.len() + 2);
    if sign {
        s.push('-');
    }
    for (i, d) in digits.iter().enumerate() {
        if i == point {
            s.push('.');
        }
        s.push((b'0' + d) as char);
    }
    s
}

/// `a · 10^decimals` rounded half to even, if it is small enough to be done in 128 bits.
fn scaled(a: f64, decimals: usize) -> Option<u64> {
    let p = 10u128.checked_pow(decimals.min(99) as u32)?;
    let (m, e) = parts(a);
    let n = if e >= 0 {
        ((m as u128) << e.min(64)).checked_mul(p)?
    } else {
        let s = -e as u32;
        let q = (m as u128).checked_mul(p)?;
        if s >= 127 {
            return None;
        }
        let (n, r, half) = (q >> s, q & ((1 << s) - 1), 1u128 << (s - 1));
        n + u128::from(r > half || (r == half && n & 1 == 1))
    };
    u64::try_from(n).ok()
}

/// `{:.N}` (see [`Fixed`]).
pub fn fixed(v: f64, decimals: usize) -> String {
    if let Some(s) = special(v) {
        return s.into();
    }
    if let Some(n) = scaled(v.abs(), decimals) {
        // (most numbers: `v · 10^N` rounded in 128 bits, no big numbers)
        let mut digits = Vec::with_capacity(24);
        push_digits(&mut digits, n, decimals + 1);
        let point = digits.len() - decimals;
        return text(v.is_sign_negative(), &digits, point);
    }
    let mut x = Exact::new(v.abs());
    let mut digits = std::mem::take(&mut x.int);
    if digits.is_empty() {
        digits.push(0);
    }
    let point = digits.len();
    for _ in 0..decimals {
        let d = x.next();
        digits.push(d);
    }
    let next = x.next();
    let last = digits[digits.len() - 1];
    if rounds_up(last, next, !x.rest_is_zero()) && round_up(&mut digits) {
        digits.insert(0, 1);
        return text(v.is_sign_negative(), &digits, point + 1);
    }
    text(v.is_sign_negative(), &digits, point)
}

/// `{}` (see [`Short`]).
pub fn short(v: f64) -> String {
    if let Some(s) = special(v) {
        return s.into();
    }
    let neg = v.is_sign_negative();
    let a = v.abs();
    if a < 9e15 && a.fract() == 0.0 {
        // (an integer)
        let mut digits = Vec::with_capacity(16);
        push_digits(&mut digits, a as u64, 1);
        return text(neg, &digits, digits.len());
    }
    // the first 18 significant digits (the 18th to round the 17th); `exp`: the place of
    // the decimal point, counted from the first significant digit
    let mut x = Exact::new(a);
    let mut sig: Vec<u8> = x.int.iter().copied().take(18).collect();
    let mut exp = x.int.len() as i32;
    if sig.is_empty() {
        loop {
            let d = x.next();
            if d != 0 {
                sig.push(d);
                break;
            }
            exp -= 1;
        }
    }
    while sig.len() < 18 {
        let d = x.next();
        sig.push(d);
    }
    // the nearest `p` digits, or the other neighbour if only it reads back (a power of two's
    // interval is narrower below it); an interval holding some `p` digits also holds some `p + 1`
    let reads_back = |p: usize| -> Option<(Vec<u8>, i32)> {
        let mut down = [0u8; 17];
        down[..p].copy_from_slice(&sig[..p]);
        let mut up = down;
        let (mut e_down, mut e_up) = (exp, exp);
        if round_up(&mut up[..p]) {
            // (all nines: one and zeros, a place up)
            up[0] = 1;
            e_up += 1;
        }
        // (a tie goes up, as the standard library's shortest form does)
        if sig[p] >= 5 {
            std::mem::swap(&mut down, &mut up);
            std::mem::swap(&mut e_down, &mut e_up);
        }
        [(down, e_down), (up, e_up)]
            .into_iter()
            .find(|(d, e)| parse(&d[..p], *e) == Some(a))
            .map(|(d, e)| (d[..p].to_vec(), e))
    };
    // 15 digits, their trailing zeros dropped, if they read back: a shorter form that reads back
    // is within 2^-53 of a normal number, so it is these 15 digits rounded; else 16, else 17
    // (which always do). (A search over 1 to 17, which a subnormal number still needs, read back
    // five forms a number: ~7× the standard library's time; two for most numbers here.)
    let found = if a >= f64::MIN_POSITIVE {
        [15, 16, 17].into_iter().find_map(reads_back)
    } else {
        let (mut lo, mut hi) = (1, 17);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if reads_back(mid).is_some() {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        reads_back(lo)
    };
    let (mut digits, e) = found.unwrap_or_else(|| (sig[..17].to_vec(), exp));
    while digits.len() > 1 && digits[digits.len() - 1] == 0 {
        digits.pop();
    }
    // as text without an exponent: zeros before the point, or up to it
    if e <= 0 {
        let zeros = 1 + e.unsigned_abs() as usize;
        digits.splice(0..0, std::iter::repeat_n(0, zeros));
        return text(neg, &digits, 1);
    }
    let e = e as usize;
    digits.resize(digits.len().max(e), 0);
    text(neg, &digits, e)
}

/// `0.d1d2… × 10^e` read back.
fn parse(digits: &[u8], e: i32) -> Option<f64> {
    let mut buf = [0u8; 32];
    buf[0] = b'.';
    for (i, d) in digits.iter().enumerate() {
        buf[1 + i] = b'0' + d;
    }
    let mut n = 1 + digits.len();
    buf[n] = b'e';
    n += 1;
    let mut t = Vec::with_capacity(6);
    push_digits(&mut t, e.unsigned_abs() as u64, 1);
    if e < 0 {
        buf[n] = b'-';
        n += 1;
    }
    for d in t {
        buf[n] = b'0' + d;
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(v: f64) {
        assert_eq!(short(v), format!("{v}"), "{v:e}");
        for d in [0, 1, 2, 3, 5, 9, 17, 18, 19, 20, 21, 22, 25, 40] {
            assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v:e} .{d}");
        }
    }

    #[test]
    fn as_the_standard_library_prints() {
        for v in [
            0.0,
            -0.0,
            0.1,
            0.125,
            0.375,
            0.5,
            1.5,
            2.5,
            -0.01,
            0.05,
            0.15,
            0.25,
            1.0,
            100.0,
            1e21,
            1e22,
            1.5e-7,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            f64::MIN_POSITIVE,
            9.5,
            99.5,
            999.9999999,
            0.3,
            2.0 / 3.0,
            123456789012345680.0,
            9007199254740993.0,
            1e-5,
            1e-4,
            1e15,
            1e16,
            1e17,
            0.000123,
            4.35,
            1.005,
            -2.675,
            0.045,
            1e300,
            1e-300,
        ] {
            check(v);
            check(-v);
        }
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(short(v), format!("{v}"));
            assert_eq!(fixed(v, 2), format!("{v:.2}"));
        }
        // powers of two: the interval below them is half as wide
        for k in -1074..1024 {
            check(2f64.powi(k));
        }
        assert_eq!(format!("{}|{}", Short(0.1), Fixed(0.125, 2)), "0.1|0.12");
    }

    #[test]
    fn as_the_standard_library_prints_random_numbers() {
        // every bit pattern's kind: xorshift over the bits, and short decimals, and coordinates
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for _ in 0..200_000 {
            let r = next();
            let v = f64::from_bits(r);
            if v.is_finite() {
                assert_eq!(short(v), format!("{v}"), "{r:x}");
                let d = (r % 12) as usize;
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "{r:x} .{d}");
            }
            let q = (r >> 11) as f64 / (1u64 << 53) as f64;
            for v in [
                q * 360.0 - 180.0,
                ((q * 1e7).round() / 1e5),
                q * 1e6,
                (q * 1000.0).round() / 1000.0,
            ] {
                assert_eq!(short(v), format!("{v}"));
                for d in [0, 1, 2, 3, 6] {
                    assert_eq!(fixed(v, d), format!("{v:.d$}"));
                }
            }
        }
    }
}
