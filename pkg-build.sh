#!/usr/bin/env bash
# sealed-atlas build driver.
#   ./pkg-build.sh          install what is missing, build the engine and write dist/
#   ./pkg-build.sh test     every test: native, Wasm in headless Chromium, end-to-end in Chromium and Firefox
#   ./pkg-build.sh bench    benchmarks beside d3-geo in headless Chromium (prints ratios);
#                           BENCH_BROWSER=firefox ./pkg-build.sh bench render: the render set in Firefox ESR
#   ./pkg-build.sh fuzz [SECONDS]   cargo-fuzz targets on the nightly toolchain
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
TOOLS=$ROOT/.tools
WB_VERSION=$(sed -nE 's/^wasm-bindgen = "=([0-9.]+)".*/\1/p' Cargo.toml)
export PATH="$TOOLS/bin:$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
    log "installing wasm-bindgen-cli $WB_VERSION into .tools (pinned by Cargo.toml)"
    # not --locked: the CLI's lockfile pins a webpki-roots version that no longer resolves
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$TOOLS" --force
  fi
}

ensure_node() {
  if [ ! -d node_modules/puppeteer-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing Node dev dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

ensure_browsers() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v firefox-esr >/dev/null || need+=(firefox-esr)
  # the CLI's PNG export draws text with the system's fonts (the browsers bring them; made sure here)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] \
    || fc-list 2>/dev/null | grep -q . || need+=(fonts-dejavu-core)
  if [ ${#need[@]} -gt 0 ]; then log "installing ${need[*]} (Debian)"; apt_install "${need[@]}"; fi
}

build() {
  ensure_rust
  ensure_node
  log "building the engine (wasm32, size profile)"
  cargo build --release --target wasm32-unknown-unknown --lib
  rm -rf target/bindgen
  wasm-bindgen --target no-modules --no-typescript --remove-name-section --remove-producers-section \
    --out-dir target/bindgen target/wasm32-unknown-unknown/release/sealed_atlas.wasm
  log "assembling dist/"
  node www/build.mjs target/bindgen dist
  cp www/sealed-atlas.d.ts dist/
  cat <<MSG

Built:
  dist/demo-atlas.html   the demo atlas, one self-contained file: open it from disk (double-click,
                         or file://$ROOT/dist/demo-atlas.html); no server, no network.
  dist/demo-atlas-sealed.html
                         the same atlas sealed: open file://$ROOT/dist/demo-atlas-sealed.html#key=\$(cat dist/demo-atlas-sealed.key)
  dist/sealed-atlas.js   the engine for intranet pages: <script src="sealed-atlas.js"></script>,
                         then window.SealedAtlas (types in dist/sealed-atlas.d.ts).
MSG
}

run_tests() {
  ensure_browsers
  build
  log "native tests (cargo test)"
  cargo test --all-targets
  log "Wasm tests in headless Chromium (wasm-bindgen-test)"
  CHROMEDRIVER=$(command -v chromedriver) \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$TOOLS/bin/wasm-bindgen-test-runner" \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --profile wasm-test --target wasm32-unknown-unknown --test wasm
  log "end-to-end tests in Chromium and Firefox ESR (file://)"
  node --test --test-concurrency=1 tests/e2e/
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  bench) ensure_browsers; build; cargo build --profile cli --bin sealed-atlas; node tests/bench/run.mjs "${@:2}" ;;
  fuzz) shift; exec tests/fuzz.sh "$@" ;;
  publish) shift; build >/dev/null 2>&1 || { echo "the build failed: run ./pkg-build.sh" >&2; exit 1; }; exec node www/publish.mjs "$@" ;;
  *) echo "usage: $0 [build|test|bench|fuzz|publish ATLAS.json OUT.html [--seal]]" >&2; exit 2 ;;
esac
