// Where the page's Wasm memory goes, and why it grew: the engine built with `--features memstats`
// (a counting allocator that logs every allocation of 4 KB and more with its address) opens a
// map in headless Chromium as the bench does (load, first render, pans, zooms, a gesture), and
// the log is replayed: at each step, the bytes alive, their peak and the memory; at each time the
// memory grew, the allocation that found no hole to fit and the holes there were.
//
//   node tests/bench/memlog.mjs [FILE] [OBJECT] [PROJECTION]
//   (default: ../shared/data/us/counties-10m.json counties albers-usa; OBJECT '' for GeoJSON)
//
// MEMLOG_BLOCKS=1 lists the blocks alive after each step; MEMLOG_STACKS=1 where each allocation of
// 64 KB and more was made.
// The memstats build goes to target/memstats (made if missing; MEMSTATS_REBUILD=1 to make it
// again). Its log takes 0.8 MB of static memory: its figures are the shipped engine's plus that.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, ROOT } from '../e2e/browsers.mjs';

const [file = join(ROOT, '../shared/data/us/counties-10m.json'), object = 'counties', projection = 'albers-usa'] = process.argv.slice(2);
const out = join(ROOT, 'target/memstats');
const script = join(out, 'dist/sealed-atlas.js');
if (!existsSync(script) || process.env.MEMSTATS_REBUILD) {
  mkdirSync(out, { recursive: true });
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--features', 'memstats', '--target-dir', join(out, 'cargo')]);
  run(join(ROOT, '.tools/bin/wasm-bindgen'), ['--target', 'no-modules', '--no-typescript', '--out-dir', join(out, 'bg'),
    join(out, 'cargo/wasm32-unknown-unknown/release/sealed_atlas.wasm')]);
  run('node', ['www/build.mjs', join(out, 'bg'), join(out, 'dist')]);
}
const html = join(out, 'memlog.html');
// (the memstats engine calls __memstatsBig(size) at every allocation of 64 KB and more while it
// logs: its JS stack names the engine's functions, listed with MEMLOG_STACKS=1)
writeFileSync(html, `<!doctype html><meta charset="utf-8"><style>body{margin:0} #map{position:relative;width:960px;height:600px}</style><div id="map"></div>
<script>Error.stackTraceLimit = 40; globalThis.__big = []; globalThis.__memstatsBig = (n) => { __big.push([n, new Error().stack]); };</script><script src="${script}"></script>`);

const browser = await launch('chromium');
const page = await browser.newPage();
await page.setViewport({ width: 1000, height: 700 });
await page.goto('file://' + html);
await page.evaluate(() => SealedAtlas.ready.then(() => SealedAtlas.warm));
await page.evaluate((b64) => { window.__bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)); }, readFileSync(resolve(file)).toString('base64'));
const steps = await page.evaluate(async (name, object, projection) => {
  const SA = SealedAtlas, E = SA.engine, steps = [];
  // each step: its log entries ([kind, old size, new size, memory after, old address, new
  // address]: 1 alloc, 2 moved, 3 free, 4 in place), then its figures
  const step = (label) => {
    const log = Array.from(E.heapLog(true));
    const [live, peak] = E.heapStats(true);
    // the engine's frames of each big allocation's stack, innermost first, past the allocator's
    const big = __big.splice(0).map(([n, stack]) => [n, stack.split('\n').map((l) => (l.match(/at (?:.*::)?([^:\s]+::[^:\s]+)(?:::h[0-9a-f]+)? \(wasm/) || [])[1]).filter((f) => f && !/alloc|memstats|raw_vec|RawVec|Vec<|__rust|__rdl|dlmalloc|^note|grow|reserve|from_elem|with_capacity|shrink|catch_unwind|from_iter|extend|spec_|^clone/i.test(f.split("::")[0])).slice(0, 5).join(' < ')]);
    steps.push({ label, log, live, peak, memory: E.memoryBytes(), big });
  };
  E.heapLog(true);
  step('start');
  const ds = await SA.load(window.__bytes, name, Object.assign({ projection }, object ? { object } : {}));
  step('load');
  const map = new SA.Map(document.getElementById('map'), { padding: 0 });
  map.setLayer(ds, projection);
  step('view');
  const n = ds.length, classes = new Int32Array(n);
  for (let i = 0; i < n; i++) classes[i] = i % 7;
  map.classes = classes;
  map.colors = ['#fee5d9', '#fcbba1', '#fc9272', '#fb6a4a', '#ef3b2c', '#cb181d', '#99000d'];
  map.renderNow();
  step('first render');
  for (let i = 0; i < 20; i++) { map.tx += 7; map.renderNow(); }
  step('pans');
  for (let i = 0; i < 10; i++) { map.zoomBy(1.1, 480, 300); map.renderNow(); }
  step('zooms');
  map.reset(); map.renderNow();
  map.beginGesture();
  for (let i = 0; i < 20; i++) { map.panBy(7, 0); map.renderNow(); }
  for (let i = 0; i < 10; i++) { map.zoomBy(1.1, 480, 300); map.renderNow(); }
  const complete = new Promise((r) => map.on('render', r));
  map.endGesture();
  await complete;
  step('gesture');
  E.heapLog(false);
  return steps;
}, file.split('/').pop(), object, projection);
await browser.close();

const MB = (v) => (v / 1e6).toFixed(3);
const KIND = ['', 'alloc', 'moved', 'free', 'in place'];
const blocks = new Map();
let memory = null;
for (const s of steps) {
  for (let i = 0; i + 5 < s.log.length; i += 6) {
    const [kind, oldSize, newSize, mem, from, to] = s.log.slice(i, i + 6);
    if (kind === 1) blocks.set(to, newSize);
    else if (kind === 3) blocks.delete(from);
    else { blocks.delete(from); blocks.set(to, newSize); }
    if (memory !== null && mem > memory) {
      // the holes of 16 KB and more between the blocks alive (blocks under 4 KB are not logged)
      const sorted = [...blocks].sort((a, b) => a[0] - b[0]), holes = [];
      for (let k = 0; k + 1 < sorted.length; k++) {
        const gap = sorted[k + 1][0] - (sorted[k][0] + sorted[k][1]);
        if (gap >= 16384) holes.push(gap);
      }
      holes.sort((a, b) => b - a);
      console.log(`  grew ${MB(memory)} → ${MB(mem)} MB: ${KIND[kind]} ${oldSize ? oldSize + ' → ' : ''}${newSize} bytes; holes ${holes.slice(0, 6).map((h) => Math.round(h / 1024) + ' KB').join(', ') || 'none'}`);
    }
    memory = mem;
  }
  console.log(`${s.label.padEnd(13)} alive ${MB(s.live)} MB, at most ${MB(s.peak)}; Wasm memory ${MB(s.memory)} MB`);
  if (process.env.MEMLOG_STACKS) for (const [n, where] of s.big) console.log(`    ${String(n).padStart(9)} ${where}`);
  // MEMLOG_BLOCKS=1: the blocks of 4 KB and more alive after the step, largest first
  if (process.env.MEMLOG_BLOCKS) console.log('    blocks: ' + [...blocks.values()].sort((a, b) => b - a).map((b) => process.env.MEMLOG_BLOCKS === 'bytes' ? b : Math.round(b / 1024) + 'K').join(' '));
  memory = s.memory;
}
