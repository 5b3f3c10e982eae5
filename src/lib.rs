//! sealed-atlas: statistical maps and atlases that run entirely in the browser.
//!
//! Bytes → [`io::sniff`] → [`io::geojson`] / [`io::topojson`] / [`table`] → [`join`] →
//! [`stats::classify`] → [`color`] → [`carto`] (projection, level of detail, index) → drawing.
//! Everything here is pure Rust; the browser binding is [`wasm`], compiled only for `wasm32`.

pub mod carto;
pub mod choropleth;
pub mod color;
pub mod error;
pub mod float;
pub mod format;
pub mod fxhash;
pub mod geom;
pub mod info;
pub mod io;
pub mod join;
pub mod jsonw;
pub mod render;
pub mod stats;
pub mod table;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Warning, Warnings};

/// Diagnostics, never shipped (`--features memstats`): the engine's allocations counted, so that
/// the page can tell its live bytes and their peak from its Wasm memory (which is the peak plus
/// what fragmentation left): `heapStats(reset)` → `[live, peak]`, the peak set back to the live
/// bytes if `reset`. The memory figures in the README were broken down with it.
#[cfg(all(target_arch = "wasm32", feature = "memstats"))]
pub mod memstats {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    use wasm_bindgen::prelude::*;

    struct Counting;
    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    fn grew(n: usize) {
        let live = LIVE.fetch_add(n, Relaxed) + n;
        PEAK.fetch_max(live, Relaxed);
    }

    /// Allocations of 64 KB and more, while logging: (kind: 1 alloc, 2 realloc, 3 free; old size,
    /// new size, Wasm memory after), kept in a fixed buffer (no allocation while allocating).
    static mut LOG: [[f64; 4]; 4096] = [[0.0; 4]; 4096];
    static N: AtomicUsize = AtomicUsize::new(0);
    static LOGGING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    fn note(kind: f64, old: usize, new: usize) {
        if !LOGGING.load(Relaxed) || old.max(new) < 65536 {
            return;
        }
        let i = N.fetch_add(1, Relaxed);
        if i < 4096 {
            let mem = core::arch::wasm32::memory_size(0) as f64 * 65536.0;
            unsafe { (*std::ptr::addr_of_mut!(LOG))[i] = [kind, old as f64, new as f64, mem] };
        }
    }

    #[wasm_bindgen(js_name = heapLog)]
    pub fn heap_log(on: bool) -> Vec<f64> {
        LOGGING.store(on, Relaxed);
        let n = N.swap(0, Relaxed).min(4096);
        (0..n)
            .flat_map(|i| unsafe { (*std::ptr::addr_of!(LOG))[i] })
            .collect()
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            grew(l.size());
            let p = unsafe { System.alloc(l) };
            note(1.0, 0, l.size());
            p
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            grew(l.size());
            let p = unsafe { System.alloc_zeroed(l) };
            note(1.0, 0, l.size());
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            LIVE.fetch_sub(l.size(), Relaxed);
            unsafe { System.dealloc(p, l) };
            note(3.0, l.size(), 0);
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
            grew(n);
            LIVE.fetch_sub(l.size(), Relaxed);
            let q = unsafe { System.realloc(p, l, n) };
            note(if q == p { 4.0 } else { 2.0 }, l.size(), n);
            q
        }
    }

    #[global_allocator]
    static COUNTING: Counting = Counting;

    #[wasm_bindgen(js_name = heapStats)]
    pub fn heap_stats(reset: bool) -> Vec<f64> {
        let r = vec![LIVE.load(Relaxed) as f64, PEAK.load(Relaxed) as f64];
        if reset {
            PEAK.store(LIVE.load(Relaxed), Relaxed);
        }
        r
    }
}
