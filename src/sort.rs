//! The engine's sorts, each compiled once. The standard library's sorts are generic: every element
//! type and every comparison closure is a copy of the whole algorithm (a stable sort 5–8 KB of
//! Wasm, an unstable one 4–6 KB). Eleven sorts written where they were needed made 129 functions,
//! 50 KB of the engine; they now go through the three below — numbers, positions compared by any
//! rule, and a median — and what each orders is small next to what draws it.

use std::cmp::Ordering;

/// Numbers in increasing order (`f64::total_cmp`: −0 before +0, NaN last). Unstable, which is
/// the same: numbers equal for `total_cmp` are the same bits.
pub fn numbers(v: &mut [f64]) {
    v.sort_unstable_by(f64::total_cmp);
}

/// Positions (`0..n` or any list of them) in the order `cmp` gives them, stable: of two equal,
/// the first stays first.
pub fn positions(v: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    v.sort_by(|&a, &b| cmp(a, b));
}

/// `items` in the order `cmp` gives their positions (see [`positions`]).
pub fn by<T>(items: Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    positions(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// The median of `v` (its middle value in increasing order, the upper one of an even count), `v`
/// reordered around it; `None` if empty.
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let n = v.len() / 2;
    Some(*v.select_nth_unstable_by(n, f64::total_cmp).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_positions_items_and_medians_in_order() {
        let mut v = vec![3.0, f64::NAN, -0.0, 0.0, -1.5, f64::INFINITY, 3.0];
        numbers(&mut v);
        let bits: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
        let want = [-1.5, -0.0, 0.0, 3.0, 3.0, f64::INFINITY, f64::NAN];
        assert_eq!(bits, want.map(f64::to_bits));

        // stable: equal keys keep their order
        let keys = [2, 1, 2, 0, 1];
        let mut p: Vec<usize> = (0..keys.len()).collect();
        positions(&mut p, &|a, b| keys[a].cmp(&keys[b]));
        assert_eq!(p, [3, 1, 4, 0, 2]);
        let items = vec![("b", 2), ("a", 1), ("c", 2), ("d", 0)];
        let sorted = by(items, &|x, y| y.1.cmp(&x.1));
        assert_eq!(sorted, [("b", 2), ("c", 2), ("a", 1), ("d", 0)]);

        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0, 1.0, 4.0]), Some(4.0));
        assert_eq!(median(&mut [5.0, 1.0, 4.0, 2.0]), Some(4.0));
    }
}
