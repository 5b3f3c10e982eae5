//! Allocations counted: the bytes alive and their peak, for a binary (or the page's engine) that
//! takes [`Counting`] as its global allocator. What a reading or a map keeps at its highest is
//! what the page's Wasm memory keeps for good (it never shrinks): `tests/read_memory.rs` counts a
//! reading natively, and an engine built with `--features memstats` counts itself in the page
//! (`heapStats(reset)` → `[live, peak]`; `heapLog(on)`: every allocation of 4 KB and more, its
//! address, and whether a growing one moved, beside `memoryBytes()`: the holes the memory had
//! when it grew can be drawn from it), never shipped. The memory figures in the README were
//! broken down with it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system's allocator, counting (as a binary's `#[global_allocator]`).
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Bytes allocated and not freed.
pub fn live() -> usize {
    LIVE.load(Relaxed)
}

/// The most bytes alive at once since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Relaxed)
}

/// The peak set back to the bytes alive now.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        let p = unsafe { System.alloc(l) };
        page::note(1.0, 0, l.size(), 0, p as usize);
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        let p = unsafe { System.alloc_zeroed(l) };
        page::note(1.0, 0, l.size(), 0, p as usize);
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) };
        page::note(3.0, l.size(), 0, p as usize, 0);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        // (counted as the allocator may do it: the new block taken before the old one is freed)
        grew(n);
        LIVE.fetch_sub(l.size(), Relaxed);
        let q = unsafe { System.realloc(p, l, n) };
        page::note(
            if q == p { 4.0 } else { 2.0 },
            l.size(),
            n,
            p as usize,
            q as usize,
        );
        q
    }
}

/// The engine in the page counting itself (`--features memstats`).
#[cfg(all(target_arch = "wasm32", feature = "memstats"))]
mod page {
    use super::{AtomicUsize, Relaxed};
    use wasm_bindgen::prelude::*;

    #[global_allocator]
    static COUNTING: super::Counting = super::Counting;

    /// Allocations of 4 KB and more, while logging: (kind: 1 alloc, 2 realloc that moved, 3 free,
    /// 4 realloc in place; old size, new size, Wasm memory after, old address, new address), in a
    /// fixed buffer (nothing allocated while allocating; 0.8 MB of the memstats build's memory).
    static mut LOG: [[f64; 6]; 16384] = [[0.0; 6]; 16384];
    static N: AtomicUsize = AtomicUsize::new(0);
    static LOGGING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

    #[wasm_bindgen]
    extern "C" {
        /// The page's `globalThis.__memstatsBig(size)`, if it defines one: told of every
        /// allocation of 64 KB and more while logging (its JS stack names the engine's functions).
        #[wasm_bindgen(js_namespace = globalThis, js_name = __memstatsBig)]
        fn big(size: usize);
    }

    pub(super) fn note(kind: f64, old: usize, new: usize, from: usize, to: usize) {
        if !LOGGING.load(Relaxed) || old.max(new) < 4096 {
            return;
        }
        if new >= 65536 && kind != 3.0 {
            big(new);
        }
        let i = N.fetch_add(1, Relaxed);
        if i < 16384 {
            let mem = core::arch::wasm32::memory_size(0) as f64 * 65536.0;
            unsafe {
                (*std::ptr::addr_of_mut!(LOG))[i] =
                    [kind, old as f64, new as f64, mem, from as f64, to as f64]
            };
        }
    }

    #[wasm_bindgen(js_name = heapStats)]
    pub fn heap_stats(reset: bool) -> Vec<f64> {
        let r = vec![super::live() as f64, super::peak() as f64];
        if reset {
            super::reset_peak();
        }
        r
    }

    #[wasm_bindgen(js_name = heapLog)]
    pub fn heap_log(on: bool) -> Vec<f64> {
        LOGGING.store(on, Relaxed);
        let n = N.swap(0, Relaxed).min(16384);
        (0..n)
            .flat_map(|i| unsafe { (*std::ptr::addr_of!(LOG))[i] })
            .collect()
    }
}

#[cfg(not(all(target_arch = "wasm32", feature = "memstats")))]
mod page {
    #[inline(always)]
    pub(super) fn note(_: f64, _: usize, _: usize, _: usize, _: usize) {}
}
