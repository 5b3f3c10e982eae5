// The engine's size budget (the design's 300 KB gzip with every feature in; README "Sizes"), checked
// on the build the other tests use, and what was taken out to stay in it kept out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the engine is at most 300 KB gzip', () => {
  const sizes = JSON.parse(readFileSync(join(root, 'dist/sizes.json'), 'utf8'));
  assert.ok(sizes.wasmGzipBytes > 100000, 'a real engine was measured: ' + sizes.wasmGzipBytes);
  assert.ok(sizes.wasmGzipBytes <= 300000, `the engine is ${sizes.wasmGzipBytes} bytes gzip, over the 300,000 budget`);
});

test("the standard library's float printing and case tables stay out of the engine", () => {
  // (the engine as cargo builds it, before wasm-bindgen takes its function names out)
  const wasm = readFileSync(join(root, 'target/wasm32-unknown-unknown/release/sealed_atlas.wasm'));
  const names = wasm.toString('latin1');
  assert.ok(names.includes('sealed_atlas'), 'the build keeps its function names');
  // core's Grisu and Dragon (~8 KB gzip): numbers are printed by src/decimal.rs — an f64 given to
  // `{}`, `{:.N}` or `{:?}`, or a `f64::clamp` with bounds only known at run time, brings them back
  for (const gone of ['flt2dec', 'float_to_decimal', 'float_to_exponential']) {
    assert.ok(!names.includes(gone), `core's float printing (${gone}) is back in the engine`);
  }
  // core's Unicode case tables (~10 KB gzip): names are compared by src/case.rs
  assert.ok(!names.includes('conversions'), "core's case conversion tables are back in the engine");
});
