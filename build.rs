//! The engine's stack in Wasm linear memory: 256 KB instead of the linker's 1 MB in optimised builds.
//! Wasm memory never shrinks and the page and each worker hold their own, so the default stack was
//! most of an idle engine's memory (1.8 MB). The deepest input known (JSON nested to the readers'
//! limit) takes ~20 KB of it; `tests/wasm.rs` checks the size and that the heaviest paths stay under a
//! quarter of it. Unoptimised builds keep 1 MB: their frames are ten times larger.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && std::env::var("OPT_LEVEL").as_deref() != Ok("0") {
        println!("cargo:rustc-link-arg=-zstack-size=262144");
    }
}
