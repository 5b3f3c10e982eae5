//! A static packed R-tree (Hilbert-sorted, like flatbush): built once per projected layer in
//! O(n log n), queried for hit testing (hover, click, tooltips) without a loop over features.

use crate::geom::{union, EMPTY};

const NODE: usize = 16;

#[derive(Clone, Debug, Default)]
pub struct RTree {
    /// boxes of leaves then of each level's nodes, `[minx, miny, maxx, maxy]`
    boxes: Vec<[f32; 4]>,
    /// for a leaf: the item index; for a node: the index of its first child box
    refs: Vec<u32>,
    /// start of each level in `boxes` (level 0 = leaves), plus the end
    levels: Vec<usize>,
}

fn hilbert(x: u32, y: u32) -> u32 {
    // Hilbert curve index of (x, y) on a 2^16 grid (public-domain algorithm by Rawrunprotected)
    let (mut a, mut b, mut c, mut d);
    let (mut x, mut y) = (x, y);
    a = x ^ y;
    b = 0xFFFF ^ a;
    c = 0xFFFF ^ (x | y);
    d = x & (y ^ 0xFFFF);
    let mut aa = a | (b >> 1);
    let mut bb = (a >> 1) ^ a;
    let mut cc = ((c >> 1) ^ (b & (d >> 1))) ^ c;
    let mut dd = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
    a = aa;
    b = bb;
    c = cc;
    d = dd;
    aa = (a & (a >> 2)) ^ (b & (b >> 2));
    bb = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
    cc ^= (a & (c >> 2)) ^ (b & (d >> 2));
    dd ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
    a = aa;
    b = bb;
    c = cc;
    d = dd;
    aa = (a & (a >> 4)) ^ (b & (b >> 4));
    bb = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
    cc ^= (a & (c >> 4)) ^ (b & (d >> 4));
    dd ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
    a = aa;
    b = bb;
    c = cc;
    d = dd;
    cc ^= (a & (c >> 8)) ^ (b & (d >> 8));
    dd ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
    a = cc ^ (cc >> 1);
    b = dd ^ (dd >> 1);
    let mut i0 = x ^ y;
    let mut i1 = b | (0xFFFF ^ (i0 | a));
    i0 = (i0 | (i0 << 8)) & 0x00FF00FF;
    i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F;
    i0 = (i0 | (i0 << 2)) & 0x33333333;
    i0 = (i0 | (i0 << 1)) & 0x55555555;
    i1 = (i1 | (i1 << 8)) & 0x00FF00FF;
    i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F;
    i1 = (i1 | (i1 << 2)) & 0x33333333;
    i1 = (i1 | (i1 << 1)) & 0x55555555;
    x = i0;
    y = i1;
    (y << 1) | x
}

impl RTree {
    /// Builds the tree over item boxes; `None` boxes (items without geometry) are left out.
    pub fn build(items: &[Option<[f32; 4]>]) -> RTree {
        let present: Vec<(u32, [f32; 4])> = items
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.map(|b| (i as u32, b)))
            .collect();
        if present.is_empty() {
            return RTree::default();
        }
        let mut ext = EMPTY;
        for (_, b) in &present {
            ext = union(ext, *b);
        }
        let (w, h) = ((ext[2] - ext[0]).max(1e-12), (ext[3] - ext[1]).max(1e-12));
        let mut keyed: Vec<(u32, u32, [f32; 4])> = present
            .into_iter()
            .map(|(i, b)| {
                let cx = (((b[0] + b[2]) / 2.0 - ext[0]) / w * 65535.0) as u32;
                let cy = (((b[1] + b[3]) / 2.0 - ext[1]) / h * 65535.0) as u32;
                (hilbert(cx.min(65535), cy.min(65535)), i, b)
            })
            .collect();
        keyed.sort_unstable_by_key(|k| k.0);
        let mut boxes: Vec<[f32; 4]> = keyed.iter().map(|k| k.2).collect();
        let mut refs: Vec<u32> = keyed.iter().map(|k| k.1).collect();
        let mut levels = vec![0usize];
        let mut start = 0usize;
        loop {
            let end = boxes.len();
            levels.push(end);
            if end - start <= 1 {
                break;
            }
            let mut i = start;
            while i < end {
                let j = (i + NODE).min(end);
                let mut b = boxes[i];
                for bb in &boxes[i + 1..j] {
                    b = union(b, *bb);
                }
                boxes.push(b);
                refs.push(i as u32);
                i = j;
            }
            start = end;
        }
        RTree {
            boxes,
            refs,
            levels,
        }
    }

    /// Items whose box contains (x, y), within `tol`.
    pub fn query_point(&self, x: f32, y: f32, tol: f32, out: &mut Vec<u32>) {
        out.clear();
        if self.boxes.is_empty() {
            return;
        }
        let top = self.levels.len() - 2;
        let mut stack = vec![(top, self.levels[top])];
        // the root level may have a single box; walk every box of the top level
        stack.clear();
        for i in self.levels[top]..self.levels[top + 1] {
            stack.push((top, i));
        }
        while let Some((level, i)) = stack.pop() {
            let b = self.boxes[i];
            if x < b[0] - tol || x > b[2] + tol || y < b[1] - tol || y > b[3] + tol {
                continue;
            }
            if level == 0 {
                out.push(self.refs[i]);
            } else {
                let first = self.refs[i] as usize;
                let end = (first + NODE).min(self.levels[level]);
                for c in first..end {
                    stack.push((level - 1, c));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn query_finds_exactly_the_boxes_containing_the_point() {
        let mut items = Vec::new();
        for i in 0..1000 {
            let x = (i % 40) as f32;
            let y = (i / 40) as f32;
            items.push(if i % 97 == 0 {
                None
            } else {
                Some([x, y, x + 1.5, y + 1.5])
            });
        }
        let t = RTree::build(&items);
        let mut out = Vec::new();
        for &(px, py) in &[(10.2f32, 5.3f32), (0.1, 0.1), (39.9, 24.9), (100.0, 100.0)] {
            t.query_point(px, py, 0.0, &mut out);
            out.sort();
            let brute: Vec<u32> = items
                .iter()
                .enumerate()
                .filter_map(|(i, b)| {
                    b.filter(|b| px >= b[0] && px <= b[2] && py >= b[1] && py <= b[3])
                        .map(|_| i as u32)
                })
                .collect();
            assert_eq!(out, brute);
        }
    }
}
