// ./pkg-build.sh bench — benchmarks in headless Chromium, beside their peers, on the same data in
// the same browser. Prints tables of ratios and writes target/bench.json.
//
//   parse   SealedAtlas.load (bytes → ready columnar layer) vs JSON.parse of the same text;
//           peak Wasm memory vs file size                                       (issue 3)
//   jenks   Fisher-Jenks k=7 on the commune populations: Wasm, native, mapclassify (issue 4)
//   render  load, first render, pan and zoom frames, memory vs d3-geo + Canvas2D (issue 5)
//
// usage: node tests/bench/run.mjs [parse] [jenks] [render]   (default: all)
//   BENCH_BROWSER=firefox: in Firefox ESR instead (render: times only, its JS heap cannot be read
//   from outside; parse is left out; results in target/bench-firefox.json)
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, ROOT } from '../e2e/browsers.mjs';

const SHARED = join(ROOT, '../shared/data');
const want = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['parse', 'jenks', 'render']);
const REPEAT = 3;

const libs = {
  // (BENCH_ENGINE=path: another build of the engine, for an A/B run)
  '/lib/sealed-atlas.js': process.env.BENCH_ENGINE || join(ROOT, 'dist/sealed-atlas.js'),
  '/lib/d3-array.js': join(ROOT, 'node_modules/d3-array/dist/d3-array.min.js'),
  '/lib/d3-geo.js': join(ROOT, 'node_modules/d3-geo/dist/d3-geo.min.js'),
  '/lib/topojson-client.js': join(ROOT, 'node_modules/topojson-client/dist/topojson-client.min.js'),
  '/lib/d3-delaunay.js': join(ROOT, 'node_modules/d3-delaunay/dist/d3-delaunay.min.js'),
};
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<style>body{margin:0} #map{position:relative;width:960px;height:600px}</style>
<div id="map"></div><canvas id="d3" width="960" height="600" style="position:absolute;left:0;top:0"></canvas>
${Object.keys(libs).map((u) => `<script src="${u}"></script>`).join('')}`;

const server = createServer((req, res) => {
  const url = decodeURIComponent(req.url.split('?')[0]);
  try {
    if (url === '/') { res.writeHead(200, { 'content-type': 'text/html' }); return res.end(PAGE); }
    if (libs[url]) { res.writeHead(200, { 'content-type': 'text/javascript' }); return res.end(readFileSync(libs[url])); }
    if (url.startsWith('/data/')) {
      let b = readFileSync(join(SHARED, url.slice(6)));
      if (url.endsWith('.gz')) b = gunzipSync(b); // the page gets the text: both sides parse the same bytes
      res.writeHead(200, { 'content-type': 'application/octet-stream' }); return res.end(b);
    }
  } catch (e) { /* fall through */ }
  res.writeHead(404); res.end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${server.address().port}/`;

const BROWSER = process.env.BENCH_BROWSER || 'chromium';
const FIREFOX = BROWSER === 'firefox';
if (FIREFOX && want.delete('parse')) console.log("parse: in Chromium only (its figures need Chromium's memory readings)");
const browser = await launch(BROWSER);
// precise heap figures and an explicit gc() for memory measurements
async function freshPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 700, deviceScaleFactor: 1 });
  await page.goto(BASE, { waitUntil: 'load' });
  // the engine warms up in a worker as the page opens (www/warm.js): a visitor's file comes later
  const w = await page.evaluate(() => SealedAtlas.ready.then(() => SealedAtlas.warm));
  if (!w.ran) throw new Error('the warm-up did not run: ' + JSON.stringify(w));
  warmMs.push(w.ms);
  return page;
}
const warmMs = [];
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
// (NaN: not measured, as Firefox's JS heap)
const fmt = (v, d = 1) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(d));
const results = {};

// ---------------------------------------------------------------- parse
if (want.has('parse')) {
  const files = [
    ['fr/communes-2018-from-departements.geojson.gz', 'communes (35,357 features, 2.2 M vertices)'],
    ['world/countries-land-1km.geo.json.gz', 'world 1 km (1.3 M vertices, 168k holes)'],
  ];
  results.parse = [];
  for (const [file, label] of files) {
    const json = [], wasm = [], mem = [];
    let size = 0;
    for (let i = 0; i < REPEAT; i++) {
      // JSON.parse and the engine each in a fresh page, so neither pays for the other's garbage
      let page = await freshPage();
      const j = await page.evaluate(async (url) => {
        const text = await (await fetch(url)).text();
        const t0 = performance.now(); const o = JSON.parse(text); const t = performance.now() - t0;
        return { t, n: o.features.length, size: text.length };
      }, BASE + 'data/' + file);
      json.push(j.t); size = j.size;
      await page.close();
      page = await freshPage();
      const w = await page.evaluate(async (url, name) => {
        const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
        const m0 = SealedAtlas.engine.memoryBytes();
        const t0 = performance.now(); const ds = await SealedAtlas.load(bytes, name, { worker: false }); const t = performance.now() - t0;
        return { t, n: ds.length, m0, m1: SealedAtlas.engine.memoryBytes(), bytes: bytes.length };
      }, BASE + 'data/' + file, file);
      if (w.n !== j.n) throw new Error(`${file}: ${w.n} features vs JSON.parse ${j.n}`);
      wasm.push(w.t); mem.push(w.m1);
      await page.close();
    }
    const r = { file, label, bytes: size, jsonParseMs: median(json), engineMs: median(wasm), ratio: median(wasm) / median(json), peakWasmBytes: Math.max(...mem), memoryRatio: Math.max(...mem) / size };
    results.parse.push(r);
  }
  console.log('\nparse: bytes → ready layer, vs JSON.parse of the same text (median of ' + REPEAT + ', headless Chromium)');
  console.log('| file | size | JSON.parse | sealed-atlas | ratio (≤ 1.0) | peak Wasm memory | × file size (≤ 3) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results.parse) console.log(`| ${r.label} | ${fmt(r.bytes / 1e6)} MB | ${fmt(r.jsonParseMs, 0)} ms | ${fmt(r.engineMs, 0)} ms | ${fmt(r.ratio, 2)} | ${fmt(r.peakWasmBytes / 1e6)} MB | ${fmt(r.memoryRatio, 2)} |`);
}

// ---------------------------------------------------------------- jenks
if (want.has('jenks')) {
  // the 34,875 commune populations of the mapclassify reference (COM excluded), as one CSV column
  const text = readFileSync(join(SHARED, 'fr/population-communes.csv'), 'latin1').trim().split(/\r?\n/).slice(1);
  const vals = text.map((l) => l.split(';')).filter((r) => !/^(975|977|978|98)/.test(r[0]) && r[4] !== '').map((r) => Number(r[4].replace(/\s/g, '').replace(',', '.')));
  mkdirSync(join(ROOT, 'target'), { recursive: true });
  const csv = join(ROOT, 'target/bench-communes-population.csv');
  writeFileSync(csv, 'population\n' + vals.join('\n') + '\n');
  const page = await freshPage();
  const w = await page.evaluate(async (vals) => {
    const t = [];
    let c;
    for (let i = 0; i < 7; i++) { const t0 = performance.now(); c = await SealedAtlas.classify(vals, 'fisher-jenks', 7); t.push(performance.now() - t0); }
    t.sort((a, b) => a - b);
    return { ms: t[3], counts: c.counts };
  }, vals);
  await page.close();
  const native = JSON.parse(execFileSync(join(ROOT, 'target/cli/sealed-atlas'), ['classify', csv, '--column', 'population', '--method', 'fisher-jenks', '-k', '7', '--repeat', '7']).toString());
  let mc = null, mcNote = 'measured now';
  try {
    const out = execFileSync('python3', ['-c', `
import time, numpy as np, mapclassify
y = np.loadtxt(${JSON.stringify(csv)}, skiprows=1)
mapclassify.FisherJenks(y[:200], k=7)  # numba compilation outside the timing
t = []
for i in range(3):
    t0 = time.perf_counter(); c = mapclassify.FisherJenks(y, k=7); t.append(time.perf_counter() - t0)
print(sorted(t)[1] * 1000, mapclassify.__version__)
`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split(' ');
    mc = Number(out[0]); mcNote = 'mapclassify ' + out[1] + ' measured now';
  } catch (e) {
    const ref = JSON.parse(readFileSync(join(ROOT, 'tests/reference/mapclassify.json'), 'utf8'));
    mc = ref.datasets['fr-communes']['fisher-jenks/7'].seconds * 1000;
    mcNote = 'mapclassify ' + ref.mapclassify + ', from tests/reference/mapclassify.json (python3 tests/reference/make_mapclassify.py)';
  }
  results.jenks = { values: vals.length, wasmMs: w.ms, nativeMs: native.medianMs, mapclassifyMs: mc, mapclassifyNote: mcNote, speedupWasm: mc / w.ms, speedupNative: mc / native.medianMs, sameCounts: JSON.stringify(w.counts) === JSON.stringify(native.counts) };
  console.log(`\nFisher-Jenks k=7 on ${vals.length} commune populations (exact optimum)`);
  console.log('| engine | time | vs mapclassify |');
  console.log('|---|---|---|');
  console.log(`| sealed-atlas, Wasm in ${FIREFOX ? 'Firefox ESR' : 'Chromium'} | ${fmt(w.ms, 1)} ms | ${fmt(mc / w.ms, 0)}× faster |`);
  console.log(`| sealed-atlas, native | ${fmt(native.medianMs, 1)} ms | ${fmt(mc / native.medianMs, 0)}× faster |`);
  console.log(`| mapclassify FisherJenks (numba) | ${fmt(mc, 0)} ms | ${mcNote} |`);
}

// ---------------------------------------------------------------- render
if (want.has('render')) {
  const sets = [
    { id: 'us-counties', label: 'US counties (TopoJSON)', file: 'us/counties-10m.json', object: 'counties', proj: 'albers-usa', runs: 5 },
    { id: 'voronoi-35k', label: 'Voronoi 35,000 cells', cells: 35000, proj: 'mercator' },
    { id: 'voronoi-100k', label: 'Voronoi 100,000 cells', cells: 100000, proj: 'mercator' },
    { id: 'communes', label: 'communes 35,357 (46 MB)', file: 'fr/communes-2018-from-departements.geojson.gz', proj: 'france-insets' },
  ];
  results.render = [];
  // One warm-up page first: the browser caches compiled code (Wasm and JS) across pages, so without it
  // whichever side runs first in a session pays compilation and the comparison depends on the order.
  {
    const page = await freshPage();
    await page.evaluate(async (base) => {
      const bytes = new Uint8Array(await (await fetch(base + 'data/us/counties-10m.json')).arrayBuffer());
      for (const worker of [false, true]) {
        const ds = await SealedAtlas.load(bytes, 'counties-10m.json', { object: 'counties', worker, projection: 'albers-usa' });
        const map = new SealedAtlas.Map(document.getElementById('map'), { padding: 0 });
        map.setLayer(ds, 'albers-usa'); map.renderNow();
      }
      const geo = JSON.parse(new TextDecoder().decode(bytes));
      const fc = topojson.feature(geo, geo.objects.counties);
      const ctx = document.getElementById('d3').getContext('2d'), path = d3.geoPath(d3.geoAlbersUsa().fitSize([960, 600], fc), ctx);
      for (const f of fc.features) { ctx.beginPath(); path(f); ctx.fill(); }
    }, BASE);
    await page.close();
  }
  const only = process.env.BENCH_SETS ? process.env.BENCH_SETS.split(',') : null;
  for (const set of sets.filter((x) => !only || only.includes(x.id))) {
    const row = { id: set.id, label: set.label };
    // small sets in several fresh pages a side, turn about, each side's median page (by load +
    // first render) kept: one page's time moves by ±30 % on this machine, d3's as much as ours
    const runs = {}, RUNS = set.runs || 1;
    for (let run = 0; run < RUNS; run++) for (const who of (process.env.BENCH_ORDER || 'sealed-atlas,in-page,d3').split(',')) {
      const page = await freshPage();
      // the same bytes for both, prepared in a separate evaluation so that none of the preparation's
      // garbage is alive when the memory baseline is taken
      await page.evaluate(async (set, base) => {
        let bytes;
        if (set.file) bytes = new Uint8Array(await (await fetch(base + 'data/' + set.file)).arrayBuffer());
        else bytes = (() => {
          // (inside a function: the generator's garbage is out of scope before the memory baseline)
          // a deterministic Voronoi tessellation over a France-sized box, as GeoJSON text
          let s = 42; const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296); // 32-bit LCG: imul, not a double product (which loses bits past 2^53 and cycles)
          const pts = new Float64Array(set.cells * 2);
          for (let i = 0; i < set.cells; i++) { pts[2 * i] = -5 + 13 * rnd(); pts[2 * i + 1] = 42 + 9 * rnd(); }
          const v = new d3.Delaunay(pts).voronoi([-5, 42, 8, 51]);
          const feats = [];
          for (let i = 0; i < set.cells; i++) {
            let ring = v.cellPolygon(i);
            if (!ring) continue;
            const f = { type: 'Feature', id: String(i), properties: { v: Math.round(rnd() * 1000) }, geometry: { type: 'Polygon', coordinates: [ring] } };
            if (d3.geoArea(f) > 2 * Math.PI) ring.reverse(); // d3 needs clockwise exteriors
            feats.push(f);
          }
          if (feats.length !== set.cells) throw new Error(`Voronoi: ${feats.length} cells instead of ${set.cells}`);
          return new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: feats }));
        })();
        window.__bytes = bytes;
      }, set, BASE);
      // JS heap through the DevTools protocol, after a full collection (performance.memory is coarse);
      // Firefox has neither: its figures are times only
      const cdp = FIREFOX ? null : await page.createCDPSession();
      const heap = async () => {
        if (!cdp) return NaN;
        await cdp.send('HeapProfiler.collectGarbage');
        const m = await cdp.send('Performance.getMetrics');
        return m.metrics.find((x) => x.name === 'JSHeapUsedSize').value;
      };
      if (cdp) await cdp.send('Performance.enable');
      const heap0 = await heap();
      const r = await page.evaluate(async (set, who, base) => {
        const bytes = window.__bytes;
        delete window.__bytes;
        const readback = (ctx) => ctx.getImageData(480, 300, 1, 1).data[0];
        // share of the canvas that got painted: both sides must draw the map, or no ratio means anything
        const painted = (ctx) => { const d = ctx.getImageData(0, 0, 960, 600).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n / (960 * 600); };
        const PAN = 20, ZOOM = 10;
        const out = { bytes: bytes.length };
        // the longest the page went without turning its event loop (what freezes it), sampled by a
        // chain of timers (~4 ms apart, so the sampler itself does not take a core from a worker),
        // from before the load to after the first render's readback
        let last = performance.now(), block = 0, pinging = true;
        const tick = () => { const t = performance.now(); block = Math.max(block, t - last); last = t; if (pinging) setTimeout(tick, 0); };
        const stopPing = () => { pinging = false; block = Math.max(block, performance.now() - last); return block; };
        setTimeout(tick, 0);
        await new Promise((r) => setTimeout(r, 0));
        last = performance.now();
        if (who === 'in-page') {
          // the engine in the page itself, no worker: load = parse + project + index
          const SA = SealedAtlas;
          const t0 = performance.now();
          const ds = await SA.load(bytes, set.file || 'voronoi.geojson', Object.assign({ worker: false }, set.object ? { object: set.object } : {}));
          const view = new SA.engine.MapView(ds, set.proj);
          out.loadMs = performance.now() - t0;
          out.blockMs = stopPing();
          out.painted = 1; out.firstMs = 0; out.pan = [0]; out.zoom = [0]; out.wasm = 0;
          view.free(); ds.free();
        } else if (who === 'sealed-atlas') {
          const SA = SealedAtlas;
          // the empty page's Wasm memory (the engine's static data and stack, its warm-up's map):
          // d3's figure is its JS heap over the page's before the map, its library's left out
          out.wasm0 = SA.engine.memoryBytes();
          const t0 = performance.now();
          // as the page does it: from 1 MB up, read, project and index in a worker; the page rebuilds
          // the result
          const stages = {};
          const ds = await SA.load(bytes, set.file || 'voronoi.geojson', Object.assign({ projection: set.proj, onProgress: (st) => { if (!(st in stages)) stages[st] = performance.now() - t0; } }, set.object ? { object: set.object } : {}));
          out.stages = stages;
          const map = new SA.Map(document.getElementById('map'), { padding: 0 });
          map.setLayer(ds, set.proj);
          out.loadMs = performance.now() - t0;
          // classes: quantiles of a per-feature value (the first numeric property, or the index)
          const n = ds.length;
          const props = ds.infoJson.columns.find((c) => c.type === 'number');
          // the values as the page reads them: one call for the whole column
          const vals = props ? SA.engine.joinedValues(SA.engine.selfJoin(ds), ds, props.name) : Float64Array.from({ length: n }, (_, i) => i % 97);
          const c = await SA.classify(vals, 'quantile', 7);
          const classes = new Int32Array(n); for (let i = 0; i < n; i++) { let k = 0; while (k < 6 && vals[i] > c.breaks[k + 1]) k++; classes[i] = k; }
          const colors = ['#fee5d9', '#fcbba1', '#fc9272', '#fb6a4a', '#ef3b2c', '#cb181d', '#99000d'];
          map.classes = classes; map.colors = colors;
          const ctx = map.canvas.getContext('2d');
          let t1 = performance.now(); map.renderNow(); readback(ctx); out.firstMs = performance.now() - t1;
          out.blockMs = stopPing();
          out.painted = painted(ctx);
          // full-quality redraws after a pan or zoom step (what the end of a gesture costs)
          const full = [], fullZoom = [];
          for (let i = 0; i < PAN; i++) { t1 = performance.now(); map.tx += 7; map.renderNow(); readback(ctx); full.push(performance.now() - t1); }
          for (let i = 0; i < ZOOM; i++) { t1 = performance.now(); map.zoomBy(1.1, 480, 300); map.renderNow(); readback(ctx); fullZoom.push(performance.now() - t1); }
          map.reset(); map.renderNow();
          // frames during a drag / wheel gesture, as the page draws them
          const pan = [], zoom = [];
          map.beginGesture();
          for (let i = 0; i < PAN; i++) { t1 = performance.now(); map.panBy(7, 0); map.renderNow(); readback(ctx); pan.push(performance.now() - t1); }
          for (let i = 0; i < ZOOM; i++) { t1 = performance.now(); map.zoomBy(1.1, 480, 300); map.renderNow(); readback(ctx); zoom.push(performance.now() - t1); }
          // the redraw once the gesture ends (on big maps spread over frames): the longest the page
          // went without turning its event loop until it was complete, and how long that took
          let gLast = performance.now(), gBlock = 0, gOn = true;
          const gTick = () => { const t = performance.now(); gBlock = Math.max(gBlock, t - gLast); gLast = t; if (gOn) setTimeout(gTick, 0); };
          const complete = new Promise((r) => map.on('render', r));
          map.lastRenderFrames = 0;
          t1 = performance.now();
          map.endGesture();
          gLast = performance.now();
          setTimeout(gTick, 0);
          await complete;
          gOn = false;
          out.after = { block: Math.max(gBlock, performance.now() - gLast), ms: performance.now() - t1, frames: map.lastRenderFrames || 1 };
          // (the memory as the map is after its gestures: what follows keeps the borders of a big
          // map for the next change of colours, a byte a pixel)
          out.wasm = SA.engine.memoryBytes();
          // new colours (a palette changed, every feature's colour with it), three times: the
          // longest the page went without turning its event loop until the map was complete, how
          // long that took, over how many frames (big maps: in steps, the old colours shown
          // meanwhile; from the second, the borders laid again, not stroked); the median change
          const recolour = [];
          for (let i = 1; i <= 3; i++) {
            let rLast = performance.now(), rBlock = 0, rOn = true;
            const rTick = () => { const t = performance.now(); rBlock = Math.max(rBlock, t - rLast); rLast = t; if (rOn) setTimeout(rTick, 0); };
            const shown = new Promise((r) => map.on('render', r));
            map.lastRenderFrames = 0;
            t1 = performance.now();
            map.setClasses(classes, colors.map((_, k) => colors[(k + i) % colors.length]));
            rLast = performance.now();
            setTimeout(rTick, 0);
            await shown;
            rOn = false;
            recolour.push({ block: Math.max(rBlock, performance.now() - rLast), ms: performance.now() - t1, frames: map.lastRenderFrames || 1 });
          }
          recolour.sort((x, y) => x.block - y.block);
          out.recolour = recolour[1];
          out.pan = pan; out.zoom = zoom; out.full = full; out.fullZoom = fullZoom;
          // typed arrays the map keeps outside the JS heap figure (its levels of detail live in the
          // engine's memory, counted above; any array kept on the page side is counted here)
          out.typed = 0;
          map.lodCache.forEach((l) => { for (const k in l) if (ArrayBuffer.isView(l[k])) out.typed += l[k].byteLength; });
          out.viaWorker = ds.viaWorker;
          window.keep = [ds, map];
        } else {
          const t0 = performance.now();
          let geo = JSON.parse(new TextDecoder().decode(bytes));
          if (geo.type === 'Topology') geo = topojson.feature(geo, geo.objects[set.object]);
          const projection = set.proj === 'albers-usa' ? d3.geoAlbersUsa() : set.proj === 'france-insets' ? d3.geoConicConformal().parallels([44, 49]).rotate([-3, 0]) : d3.geoMercator();
          // d3 has no France composite: fit Lambert-93 to the metropolitan communes (it still draws all)
          const fitTo = set.id === 'communes' ? { type: 'FeatureCollection', features: geo.features.filter((f) => !String(f.properties.code).startsWith('97')) } : geo;
          projection.fitSize([960, 600], fitTo);
          const canvas = document.getElementById('d3'), ctx = canvas.getContext('2d');
          const path = d3.geoPath(projection, ctx);
          out.loadMs = performance.now() - t0;
          const colors = ['#fee5d9', '#fcbba1', '#fc9272', '#fb6a4a', '#ef3b2c', '#cb181d', '#99000d'];
          const draw = () => {
            ctx.clearRect(0, 0, 960, 600);
            ctx.strokeStyle = '#fff'; ctx.lineWidth = 0.5;
            const fs = geo.features;
            for (let i = 0; i < fs.length; i++) { ctx.beginPath(); path(fs[i]); ctx.fillStyle = colors[i % 7]; ctx.fill(); ctx.stroke(); }
          };
          let t1 = performance.now(); draw(); readback(ctx); out.firstMs = performance.now() - t1;
          out.blockMs = stopPing();
          out.painted = painted(ctx);
          const pan = [], zoom = [];
          for (let i = 0; i < PAN; i++) { const t = projection.translate(); projection.translate([t[0] + 7, t[1]]); t1 = performance.now(); draw(); readback(ctx); pan.push(performance.now() - t1); }
          for (let i = 0; i < ZOOM; i++) { projection.scale(projection.scale() * 1.1); t1 = performance.now(); draw(); readback(ctx); zoom.push(performance.now() - t1); }
          out.pan = pan; out.zoom = zoom;
          out.wasm = 0;
          window.keep = [geo];
        }
        return out;
      }, set, who, BASE);
      // the bytes were freed; what is kept (window.keep) is the map's own memory
      r.heap = (await heap()) - heap0;
      r.kept = await page.evaluate(() => window.keep && window.keep.length);
      if (process.env.BENCH_DEBUG) console.log(set.id, who, JSON.stringify(r.after), 'heap0', heap0, 'heap', r.heap, 'kept', r.kept, 'wasm', r.wasm, 'typed', r.typed, 'bytes', r.bytes, await page.evaluate(() => window.keep && window.keep[0].features ? window.keep[0].features.length + ' feats ' + JSON.stringify(window.keep[0].features[5].geometry).length : ''));
      // BENCH_SHOTS=1: look at what each side drew (after the pans and zooms)
      if (process.env.BENCH_SHOTS) await page.screenshot({ path: join(ROOT, `target/bench-${set.id}-${who}${FIREFOX ? '-firefox' : ''}.png`) });
      await page.close();
      if (!(r.painted > 0.2)) throw new Error(`${set.id}/${who}: the first render painted ${(100 * r.painted).toFixed(1)}% of the canvas`);
      (runs[who] = runs[who] || []).push({ viaWorker: r.viaWorker, typed: r.typed || 0, blockMs: r.blockMs, stages: r.stages, painted: r.painted, loadMs: r.loadMs, firstMs: r.firstMs, panMs: median(r.pan), zoomMs: median(r.zoom), fullPanMs: r.full ? median(r.full) : null, fullZoomMs: r.fullZoom ? median(r.fullZoom) : null, after: r.after || null, recolour: r.recolour || null, memBytes: r.heap + r.wasm + (r.typed || 0), heap: r.heap, wasm: r.wasm, wasm0: r.wasm0, bytes: r.bytes });
    }
    for (const who of Object.keys(runs)) {
      const all = [...runs[who]].sort((x, y) => (x.loadMs + x.firstMs) - (y.loadMs + y.firstMs));
      row[who] = Object.assign(all[Math.floor(all.length / 2)], { runs: all.length, loadFirstAll: all.map((x) => Math.round(x.loadMs + x.firstMs)) });
    }
    results.render.push(row);
    const a = row['sealed-atlas'], d = row.d3, ip = row['in-page'];
    console.log(`  ${set.label}: ${a.viaWorker ? "worker" : "in page"}, stages ${JSON.stringify(a.stages)} longest block ours ${fmt(a.blockMs, 0)} in-page ${fmt(ip.blockMs, 0)} d3 ${fmt(d.blockMs, 0)}; in-page load ${fmt(ip.loadMs, 0)}`);
    if (a.runs > 1) console.log(`  ${set.label}: load + first render over ${a.runs} fresh pages a side, ours ${a.loadFirstAll.join(', ')} ms, d3 ${d.loadFirstAll.join(', ')} ms (the median pages below)`);
    console.log(`  ${set.label}: ours load ${fmt(a.loadMs, 0)} first ${fmt(a.firstMs, 0)} pan ${fmt(a.panMs)} zoom ${fmt(a.zoomMs)} mem ${fmt(a.memBytes / 1e6)} MB | d3 load ${fmt(d.loadMs, 0)} first ${fmt(d.firstMs, 0)} pan ${fmt(d.panMs)} zoom ${fmt(d.zoomMs)} mem ${fmt(d.memBytes / 1e6)} MB`);
    // (context, not the table's figure: ours less the empty page's Wasm memory, as d3's leaves out its library)
    if (a.wasm0 && !FIREFOX) console.log(`  ${set.label}: ours over the empty page's ${fmt(a.wasm0 / 1e6)} MB of Wasm memory: ${fmt((a.memBytes - a.wasm0) / 1e6)} MB (${fmt((a.memBytes - a.wasm0) / d.memBytes, 2)} of d3's)`);
  }
  console.log(`\nrender at 960×600 in headless ${FIREFOX ? 'Firefox ESR' : 'Chromium'} (software raster); every time includes a pixel readback; ratio = sealed-atlas / d3${FIREFOX ? '; no memory figures (Firefox does not give its JS heap)' : ''}`);
  console.log('ours = as the page does it: files from 1 MB up read, projected and indexed in a worker and rebuilt in the page; "in page" = the same engine without a worker; memory includes the typed arrays the map keeps (Path2D objects are outside every figure)');
  console.log('| data | load (parse+project+index) | first render | load + first | longest page freeze | pan frame (median) | zoom frame (median) | memory (JS heap + Wasm) | ours: full redraw pan / zoom | ours: after a gesture, longest freeze / complete (frames) | ours: new colours, longest freeze / complete (frames) | in page: load / freeze |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results.render) {
    const a = r['sealed-atlas'], d = r.d3, ip = r['in-page'];
    const cell = (x, y, u = 'ms', dd = 0) => `${fmt(x, dd)} vs ${fmt(y, dd)} ${u} (${fmt(x / y, 2)})`;
    console.log(`| ${r.label} | ${cell(a.loadMs, d.loadMs)} | ${cell(a.firstMs, d.firstMs)} | ${cell(a.loadMs + a.firstMs, d.loadMs + d.firstMs)} | ${cell(a.blockMs, d.blockMs)} | ${cell(a.panMs, d.panMs, 'ms', 1)} | ${cell(a.zoomMs, d.zoomMs, 'ms', 1)} | ${cell(a.memBytes / 1e6, d.memBytes / 1e6, 'MB')} | ${fmt(a.fullPanMs)} / ${fmt(a.fullZoomMs)} ms | ${a.after ? `${fmt(a.after.block, 0)} / ${fmt(a.after.ms, 0)} ms (${a.after.frames})` : ''} | ${a.recolour ? `${fmt(a.recolour.block, 0)} / ${fmt(a.recolour.ms, 0)} ms (${a.recolour.frames})` : ''} | ${fmt(ip.loadMs, 0)} / ${fmt(ip.blockMs, 0)} ms |`);
  }
}

if (warmMs.length) {
  results.warmUpMs = median(warmMs);
  console.log(`\nthe engine's warm-up, in a worker as each page opened (before every measurement): median ${fmt(median(warmMs), 0)} ms over ${warmMs.length} pages`);
}
mkdirSync(join(ROOT, 'target'), { recursive: true });
writeFileSync(join(ROOT, FIREFOX ? 'target/bench-firefox.json' : 'target/bench.json'), JSON.stringify(results, null, 1));
await browser.close();
server.close();
