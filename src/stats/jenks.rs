//! Exact Fisher-Jenks: the partition of sorted values into k classes that minimises the sum of
//! squared deviations from class means (Fisher 1958), by dynamic programming over distinct values
//! with the divide-and-conquer optimisation of Ckmeans.1d.dp (Wang & Song 2011; Grønlund et al. 2017):
//! O(k · u · log u) for u distinct values, never sampled, never iterative.

/// Upper bounds of the k classes (the largest value of each), for sorted finite values with at
/// least k distinct values.
pub fn fisher_jenks(sorted: &[f64], k: usize) -> Vec<f64> {
    // distinct values with weights; shifted by the median for numerical stability
    let mut u: Vec<f64> = Vec::new();
    let mut w: Vec<f64> = Vec::new();
    for &v in sorted {
        if u.last() == Some(&v) {
            *w.last_mut().unwrap_or(&mut 0.0) += 1.0;
        } else {
            u.push(v);
            w.push(1.0);
        }
    }
    let n = u.len();
    let k = k.min(n).max(1);
    let shift = sorted[sorted.len() / 2];
    // prefix sums: weight, weighted sum, weighted sum of squares
    let mut sw = vec![0.0; n + 1];
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for i in 0..n {
        let x = u[i] - shift;
        sw[i + 1] = sw[i] + w[i];
        s1[i + 1] = s1[i] + w[i] * x;
        s2[i + 1] = s2[i] + w[i] * x * x;
    }
    // cost of one class holding distinct values i..=j
    let ssd = |i: usize, j: usize| -> f64 {
        let ww = sw[j + 1] - sw[i];
        let a = s1[j + 1] - s1[i];
        let d = s2[j + 1] - s2[i] - a * a / ww;
        d.max(0.0)
    };
    let mut prev: Vec<f64> = (0..n).map(|j| ssd(0, j)).collect();
    let mut cur = vec![0.0; n];
    // back[m][j] = first index of the last class in the best partition of 0..=j into m+1 classes
    let mut back: Vec<Vec<u32>> = vec![vec![0; n]; k];
    for (m, back_m) in back.iter_mut().enumerate().skip(1) {
        // row m: partitions of 0..=j into m+1 classes, j >= m
        fill(m, n - 1, m, n - 1, &prev, &mut cur, back_m, &ssd, m);
        cur[..m].fill(f64::INFINITY);
        std::mem::swap(&mut prev, &mut cur);
    }
    // backtrack
    let mut uppers = vec![0.0; k];
    let mut j = n - 1;
    for m in (0..k).rev() {
        uppers[m] = u[j];
        if m > 0 {
            let start = back[m][j] as usize;
            j = start - 1;
        }
    }
    uppers
}

/// Fills cur[lo..=hi] knowing the optimal split for them lies in opt_lo..=opt_hi (monotone).
#[allow(clippy::too_many_arguments)]
fn fill(
    lo: usize,
    hi: usize,
    opt_lo: usize,
    opt_hi: usize,
    prev: &[f64],
    cur: &mut [f64],
    back: &mut [u32],
    ssd: &dyn Fn(usize, usize) -> f64,
    m: usize,
) {
    if lo > hi {
        return;
    }
    let mid = (lo + hi) / 2;
    let mut best = f64::INFINITY;
    let mut best_i = opt_lo.max(m);
    let top = opt_hi.min(mid);
    let mut i = opt_lo.max(m);
    while i <= top {
        // last class = i..=mid, the rest 0..=i-1 in m classes
        let c = prev[i - 1] + ssd(i, mid);
        if c < best {
            best = c;
            best_i = i;
        }
        i += 1;
    }
    cur[mid] = best;
    back[mid] = best_i as u32;
    if mid > lo {
        fill(lo, mid - 1, opt_lo, best_i, prev, cur, back, ssd, m);
    }
    fill(mid + 1, hi, best_i, opt_hi, prev, cur, back, ssd, m);
}

/// Sum of squared deviations from class means for a partition given by upper bounds (float64).
pub fn partition_ssd(sorted: &[f64], uppers: &[f64]) -> f64 {
    let mut total = 0.0;
    let mut start = 0;
    for &ub in uppers {
        let end = sorted.partition_point(|&v| v <= ub);
        if end > start {
            let c = &sorted[start..end];
            let m = c.iter().sum::<f64>() / c.len() as f64;
            total += c.iter().map(|v| (v - m).powi(2)).sum::<f64>();
        }
        start = end;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exhaustive optimum for small inputs.
    fn brute(sorted: &[f64], k: usize) -> f64 {
        let mut u = sorted.to_vec();
        u.dedup();
        let n = u.len();
        let mut best = f64::INFINITY;
        // choose k-1 cut positions among n-1 gaps
        let mut cuts: Vec<usize> = (1..k).collect();
        loop {
            let mut ub: Vec<f64> = cuts.iter().map(|&c| u[c - 1]).collect();
            ub.push(u[n - 1]);
            best = best.min(partition_ssd(sorted, &ub));
            // next combination
            let mut i = k - 1;
            loop {
                if i == 0 {
                    return best;
                }
                i -= 1;
                if cuts[i] < n - (k - 1 - i) {
                    cuts[i] += 1;
                    for j in i + 1..k - 1 {
                        cuts[j] = cuts[j - 1] + 1;
                    }
                    break;
                }
            }
        }
    }

    #[test]
    fn fisher_jenks_reaches_the_exhaustive_optimum() {
        let mut seed = 12345u64;
        for trial in 0..60 {
            let n = 8 + trial % 9;
            let mut v: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 50) as f64
                })
                .collect();
            v.sort_by(|a, b| a.total_cmp(b));
            let mut d = v.clone();
            d.dedup();
            for k in 2..=4.min(d.len()) {
                let ub = fisher_jenks(&v, k);
                let got = partition_ssd(&v, &ub);
                let want = brute(&v, k);
                assert!(
                    (got - want).abs() < 1e-6,
                    "trial {trial} k {k}: {got} vs {want} ({v:?})"
                );
            }
        }
    }
}
