// The intranet case: a page on a local HTTP server embeds dist/sealed-atlas.js with <script src>
// and draws a map through the JS API. Only the page and the script may be requested.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, ROOT, BROWSERS } from './browsers.mjs';

// three squares with codes written three ways, and a French-style table
const geo = {
  type: 'FeatureCollection',
  features: ['01', '02', '2A'].map((code, i) => ({
    type: 'Feature', properties: { code, nom: 'Zone ' + code },
    geometry: { type: 'Polygon', coordinates: [[[i * 2, 45], [i * 2, 46], [i * 2 + 1.5, 46], [i * 2 + 1.5, 45], [i * 2, 45]]] },
  })),
};
const csv = 'code;valeur\r\n1;10,5\r\n02;50,25\r\n2A;99\r\n';

const page = `<!doctype html><meta charset="utf-8"><title>intranet</title><link rel="icon" href="data:,">
<style>#m{position:relative;width:600px;height:300px}</style>
<div id="m"></div><div id="out"></div>
<script src="sealed-atlas.js"></script>
<script>
SealedAtlas.ready.then(async (SA) => {
  // a file (a Blob: in Chromium the warm-up's rounds used to keep its read waiting to the last)
  const early = SA.load(new Blob([${JSON.stringify(JSON.stringify(geo))}]), 'early.geojson', { worker: true });
  const layer = await SA.load(${JSON.stringify(JSON.stringify(geo))}, 'zones.geojson');
  const table = await SA.load(${JSON.stringify(csv)}, 'valeurs.csv');
  const j = SA.join(layer, table, 'code', 'code');
  const ch = SA.choropleth(j, table, 'valeur', { method: 'equal-interval', k: 3, palette: 'Blues', locale: 'fr' });
  const map = new SA.Map(document.getElementById('m'));
  map.setLayer(layer, 'mercator').setClasses(ch.classes, ch.colors);
  map.renderNow();
  // drawn once: nothing more until something changes (the resize observer's first call, with the
  // size unchanged, used to redraw it all)
  let again = 0;
  map.on('render', () => again++);
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))));
  const px = [0, 1, 2].map((f) => {
    const p = map.featureScreenPoint(f);
    const d = map.canvas.getContext('2d').getImageData(Math.round(p[0] * map.dpr), Math.round(p[1] * map.dpr), 1, 1).data;
    return '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('');
  });
  // the same file through the reader's worker (made from this http-served script): the same join
  const viaWorker = await SA.load(${JSON.stringify(JSON.stringify(geo))}, 'zones.geojson', { worker: true, projection: 'mercator' });
  const j2 = SA.join(viaWorker, table, 'code', 'code');
  // a FeatureCollection read by two workers, one half each, is the layer read in one piece
  const feats = [];
  for (let i = 0; i < 3000; i++) {
    const x = (i % 60) * 0.1, y = 42 + Math.floor(i / 60) * 0.1;
    const props = { code: String(i).padStart(5, '0'), v: i % 7 === 0 ? null : i * 1.5 };
    if (i > 2000) props.late = 'L' + i; // a column only the second half has
    // squares with a bent midpoint on each side, so that simplifying them has something to rank
    const b = (k) => Math.round(((i * 7 + k * 13) % 11) * 0.002 * 1e4) / 1e4;
    feats.push({ type: 'Feature', id: i % 2 ? i : String(i), properties: props,
      geometry: i % 50 === 7 ? null : { type: 'Polygon', coordinates: [[[x, y], [+(x + 0.05).toFixed(4), +(y + b(0)).toFixed(4)], [+(x + 0.1).toFixed(4), y],
        [+(x + 0.1 - b(1)).toFixed(4), +(y + 0.05).toFixed(4)], [+(x + 0.1).toFixed(4), +(y + 0.1).toFixed(4)], [+(x + 0.05).toFixed(4), +(y + 0.1 - b(2)).toFixed(4)],
        [x, +(y + 0.1).toFixed(4)], [+(x + b(3)).toFixed(4), +(y + 0.05).toFixed(4)], [x, y]]] } });
  }
  const big = JSON.stringify({ type: 'FeatureCollection', features: feats });
  const seen = [];
  const two = await SA.load(big, 'big.geojson', { worker: true, parallel: true, projection: 'mercator', onProgress: (st, f) => { if (st === 'parse') seen.push(f); } });
  const one = await SA.load(big, 'big.geojson', { worker: false });
  const sample = [0, 1, 7, 2000, 2001, 2999].map((f) => [two.featureProperties(f), one.featureProperties(f)]);
  // (all but the memory the geometry takes: the worker's layer comes packed)
  const infoOf = (ds) => JSON.stringify(Object.assign(JSON.parse(ds.info()), { geometryBytes: 0 }));
  // the view the two workers projected, a half each, is the view of the layer read in one piece:
  // the same vertices kept at every scale
  const viewOne = new SA.engine.MapView(one, 'mercator'), viewTwo = two._views.mercator;
  const lods = [1, 8, 64].map((zoom) => {
    const bb = viewOne.bbox(), px = (bb[2] - bb[0]) / 960 / zoom;
    const a = viewOne.prepareLod(px, 0.6), c = viewTwo.prepareLod(px, 0.6);
    const xa = viewOne.lodCoords(a), xc = viewTwo.lodCoords(c);
    const same = xa.length === xc.length && xa.every((v, k) => v === xc[k]);
    return { n: xa.length, same };
  });
  // the same text as a File (the page reads a window of it to cut it, each worker its part), and
  // gzipped (the first worker decodes it, then cuts it itself)
  const asBlob = await SA.load(new Blob([big]), 'big.geojson', { worker: true, parallel: true, projection: 'mercator' });
  const gz = new Uint8Array(await new Response(new Blob([big]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  const gzipped = await SA.load(gz, 'big.geojson.gz', { worker: true, parallel: true, projection: 'mercator' });
  // a .gz under 1 MB whose text is over it: read in a worker, as the text would be (its trailer
  // says how big the text is)
  const padded = big.replace('"type":"FeatureCollection",', '"type":"FeatureCollection","note":"' + 'x'.repeat(400000) + '",');
  const paddedGz = new Uint8Array(await new Response(new Blob([padded]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  const smallGz = await SA.load(paddedGz, 'padded.geojson.gz');
  const gzWhere = { gz: paddedGz.length, text: padded.length, viaWorker: smallGz.viaWorker, n: smallGz.length };
  // a list of objects in a property that looks like the features' array right where the page
  // looks: its cut is wrong, the first worker finds out and the file is read again in one piece
  const trapAt = (pad) => JSON.stringify({ type: 'FeatureCollection', features: [...feats.slice(0, 1500),
    { type: 'Feature', properties: { n: 'a'.repeat(pad), list: [{ a: 1 }, { type: 'Feature' }] }, geometry: null }, ...feats.slice(1500)] });
  const plain = trapAt(0), listAt = plain.indexOf('[{"a":1}'), pad = Math.ceil((0.56 * plain.length - listAt) / 0.44);
  const trap = trapAt(pad);
  const trapped = await SA.load(trap, 'trap.geojson', { worker: true, parallel: true });
  const trapOne = await SA.load(trap, 'trap.geojson', { worker: false });
  // both halves projected as soon as read (the page chose the box and, for 'auto', the projection
  // from both parts): the same view; not when a part cannot be projected before the join (a 'crs',
  // a ring across the antimeridian that the joined layer's check unwraps)
  const sameView = async (ds, projection, text) => {
    const ref = await SA.load(text, 'ref.geojson', { worker: false });
    const a = new SA.engine.MapView(ref, projection), b = ds._views[projection];
    const bb = a.bbox(), px = (bb[2] - bb[0]) / 960 / 8;
    const xa = a.lodCoords(a.prepareLod(px, 0.6)), xb = b.lodCoords(b.prepareLod(px, 0.6));
    return xa.length > 1000 && xa.length === xb.length && xa.every((v, k) => v === xb[k]);
  };
  const auto = await SA.load(big, 'big.geojson', { worker: true, parallel: true, projection: 'auto' });
  const withCrs = big.replace('{"type":"FeatureCollection",', '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},');
  const crs = await SA.load(withCrs, 'crs.geojson', { worker: true, parallel: true, projection: 'mercator' });
  const across = JSON.stringify({ type: 'FeatureCollection', features: feats.map((f, i) => i !== 2900 ? f : Object.assign({}, f, { geometry: { type: 'Polygon', coordinates: [[[179.8, 10], [-179.8, 10], [-179.8, 11], [179.8, 11], [179.8, 10]]] } })) });
  const wrapped = await SA.load(across, 'across.geojson', { worker: true, parallel: true, projection: 'equirectangular' });
  const proj1st = { two: two._early, auto: [auto._early, auto.infoJson.projection, auto._views[auto.infoJson.projection] ? await sameView(auto, auto.infoJson.projection, big) : false],
    crs: [crs._early, crs.parts, await sameView(crs, 'mercator', withCrs)], across: [wrapped._early, wrapped.parts, await sameView(wrapped, 'equirectangular', across)] };
  // numbers that are no short decimals (a Voronoi tessellation's), the features in no spatial
  // order: each half's vertices kept once in a table, joined by the page each vertex once; the same
  // view as the layer read in one piece, in less than half its memory
  const cell = (i) => { const X = (k) => 2 + (i % 60 + k) / 3, Y = (k) => 44 + (Math.floor(i / 60) + k) / 7; return [[X(0), Y(0)], [X(1), Y(0)], [X(1), Y(1)], [X(0), Y(1)], [X(0), Y(0)]]; };
  const long = JSON.stringify({ type: 'FeatureCollection', features: feats.map((_, k) => {
    const i = (k * 7919) % 3000;
    return { type: 'Feature', id: String(i), properties: { code: String(i).padStart(5, '0') }, geometry: { type: 'Polygon', coordinates: [cell(i)] } };
  }) });
  const longTwo = await SA.load(long, 'long.geojson', { worker: true, parallel: true, projection: 'mercator' });
  const longOne = await SA.load(long, 'long.geojson', { worker: false });
  const geometryBytes = (ds) => JSON.parse(ds.info()).geometryBytes;
  const others = { early: proj1st, long: [longTwo.parts, longTwo._viewParts, await sameView(longTwo, 'mercator', long), geometryBytes(longTwo) * 2 < geometryBytes(longOne),
    longTwo.featureProperties(2999) === longOne.featureProperties(2999), long.includes('2.3333333333333335')], blob: [asBlob.parts, asBlob._cutBy, infoOf(asBlob) === infoOf(one), asBlob.featureProperties(2999) === one.featureProperties(2999)],
    gz: [gzipped.parts, gzipped._cutBy, gzipped._early, await sameView(gzipped, 'mercator', big), JSON.stringify(JSON.parse(gzipped.info()).columns) === JSON.stringify(JSON.parse(one.info()).columns), gzipped.featureProperties(2999) === one.featureProperties(2999)],
    trap: [trapped.parts, trapped._cutBy, infoOf(trapped) === infoOf(trapOne), trapped.featureProperties(1500) === trapOne.featureProperties(1500), trap.indexOf('[{"a":1}') / trap.length] };
  const split = { others, gzWhere, cutBy: two._cutBy, parts: two.parts, viewParts: two._viewParts, lods, n: two.length, sameInfo: infoOf(two) === infoOf(one), infos: [infoOf(two), infoOf(one)], sample,
    bbox: Array.from(two._views.mercator.bbox()).map((v) => Math.round(v * 1e6)),
    bboxOne: Array.from(new SA.engine.MapView(one, 'mercator').bbox()).map((v) => Math.round(v * 1e6)),
    progress: seen.length, monotonic: seen.every((f, i) => i === 0 || f >= seen[i - 1]), last: seen[seen.length - 1] };
  // the warm-up ran in the worker as the page opened: the same sum as in the page over the rounds it
  // ran; the file handed to the worker meanwhile ended it (it did not wait for the whole of it)
  const warm = await SA.warm;
  // the page's part: a map drawn off screen, then taken away (no box left, no canvas but the page's)
  const mine = [...document.querySelectorAll('canvas')].filter((c) => !c.closest('#m')).length;
  warm.left = [...document.querySelectorAll('div')].filter((d) => d.style.left === '-10000px').length + mine;
  const earlyLayer = await early;
  let warmHere = 0;
  for (let r = 0; r < warm.rounds; r++) warmHere += __saWarmUp(wasm_bindgen, r);
  warm.earlyN = earlyLayer.length; warm.all = __saWarmUp.ROUNDS;
  window.result = { again, split, warm, warmHere, report: j.reportJson, colors: ch.colors, classes: Array.from(ch.classes), px, legend: ch.legend,
    worker: { via: viaWorker.viaWorker, matched: j2.reportJson.matched, props: viaWorker.featureProperties(2), same: viaWorker.featureProperties(2) === layer.featureProperties(2), bbox: Array.from(viaWorker._views.mercator.bbox()).map((v) => Math.round(v * 1e6)) } };
}).catch((e) => { window.result = { error: e.message }; });
</script>`;

// The same engine under a host page whose policy forbids workers: big files are read in the page.
const strictPage = `<!doctype html><meta charset="utf-8"><title>strict</title><link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'">
<script src="sealed-atlas.js"></script>
<script>
SealedAtlas.ready.then(async (SA) => {
  const stages = [];
  const layer = await SA.load(${JSON.stringify(JSON.stringify(geo))}, 'zones.geojson', { worker: true, projection: 'auto', onProgress: (s) => stages.push(s) });
  window.result = { n: layer.length, viaWorker: layer.viaWorker, available: SA.workerAvailable(), stages, prepared: await SA.prepareWorker(), state: SA.workerState(), warm: await SA.warm };
}).catch((e) => { window.result = { error: e.message }; });
</script>`;

// A host page that only opens: its workers after the warm-up.
const keptPage = `<!doctype html><meta charset="utf-8"><title>kept</title><link rel="icon" href="data:,">
<script src="sealed-atlas.js"></script>
<script>SealedAtlas.ready.then(async (SA) => { window.SA = SA; await SA.warm; window.warmed = true; });</script>`;

// A host page that turns the warm-up off: no worker is started for it.
const quietPage = `<!doctype html><meta charset="utf-8"><title>quiet</title><link rel="icon" href="data:,">
<script src="sealed-atlas.js" data-warm-up="off"></script>
<script>
SealedAtlas.ready.then(async (SA) => {
  const warm = await SA.warm;
  window.result = { warm, state: SA.workerState() };
}).catch((e) => { window.result = { error: e.message }; });
</script>`;

for (const name of BROWSERS) {
  describe(`engine embedded with <script src> over http in ${name}`, { timeout: 120000 }, () => {
    let server, browser, base;
    before(async () => {
      server = createServer((req, res) => {
        if (req.url === '/') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(page); return; }
        if (req.url === '/kept') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(keptPage); return; }
        if (req.url === '/quiet') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(quietPage); return; }
        if (req.url === '/strict') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(strictPage); return; }
        if (req.url === '/sealed-atlas.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(readFileSync(join(ROOT, 'dist/sealed-atlas.js'))); return; }
        res.writeHead(404); res.end();
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${server.address().port}/`;
      browser = await launch(name);
    });
    after(async () => { if (browser) await browser.close(); server.close(); });

    it('draws the classified map through the JS API and requests nothing else', async () => {
      const { page: p, errors, requests } = await openPage(browser, base);
      await p.waitForFunction(() => window.result, { timeout: 30000 });
      const r = await p.evaluate(() => window.result);
      assert.equal(r.error, undefined, r.error);
      assert.equal(r.report.matched, 3, '"1" joins "01" by zero-padding');
      assert.deepEqual(r.classes, [0, 1, 2]);
      assert.deepEqual(r.px, r.colors, 'each square has its class colour');
      assert.equal(r.again, 0, 'drawn once, not again when the resize observer first calls');
      assert.equal(r.legend.classes[0].label, '[10,5 ; 40,0]', 'French decimal comma, closed first class');
      assert.equal(r.worker.via, true, 'read in a worker made from the http-served script');
      assert.equal(r.worker.matched, 3);
      assert.equal(r.worker.same, true, r.worker.props);
      assert.equal(r.worker.bbox.length, 4);
      assert.equal(r.split.parts, 2, 'read by two workers');
      assert.equal(r.split.cutBy, 'page', 'the page cut the text: both workers read at once');
      const e = r.split.others.early;
      assert.equal(e.two, true, 'both halves projected as soon as read: ' + JSON.stringify(e));
      assert.deepEqual(e.auto, [true, 'lambert93', true], "'auto' chosen by the page from both parts, the same view");
      assert.deepEqual(e.crs, [false, 2, true], "a 'crs': projected after the join, the same view");
      assert.deepEqual(e.across, [false, 2, true], 'a ring across the antimeridian: projected after the join, the same view');
      assert.deepEqual(r.split.others.long, [2, 2, true, true, true, true], 'numbers that are no short decimals: ' + JSON.stringify(r.split.others.long));
      assert.deepEqual(r.split.others.blob, [2, 'page', true, true], 'a File cut by the page: ' + JSON.stringify(r.split.others));
      assert.deepEqual(r.split.others.gz, [2, 'worker', true, true, true, true], 'a .gz cut by the first worker once decoded');
      const g = r.split.gzWhere;
      assert.ok(g.gz < 1024 * 1024 && g.text >= 1024 * 1024, JSON.stringify(g));
      assert.deepEqual([g.viaWorker, g.n], [true, 3000], 'a small .gz of a big text read in a worker: ' + JSON.stringify(g));
      assert.deepEqual(r.split.others.trap.slice(0, 4), [1, null, true, true], 'a wrong cut: read again in one piece, as one reading');
      assert.ok(r.split.others.trap[4] > 0.55 && r.split.others.trap[4] < 0.57, 'the trap is where the page looks');
      assert.equal(r.split.viewParts, 2, 'and projected by both, a half each');
      for (const l of r.split.lods) assert.ok(l.same && l.n > 1000, JSON.stringify(r.split.lods));
      assert.ok(r.split.lods[0].n < r.split.lods[2].n, 'fewer vertices kept at the whole map: ' + JSON.stringify(r.split.lods));
      assert.equal(r.split.n, 3000);
      assert.equal(r.split.sameInfo, true, 'the same columns, types and counts: ' + r.split.infos.join('\n'));
      for (const [a, b] of r.split.sample) assert.equal(a, b);
      assert.deepEqual(r.split.bbox, r.split.bboxOne);
      assert.ok(r.split.progress > 10 && r.split.monotonic && r.split.last > 0.9, JSON.stringify(r.split));
      assert.equal(r.warm.ran, true, JSON.stringify(r.warm));
      assert.equal(r.warm.error, undefined);
      // every round × (600 cells joined + 3 views × up to 200 probes that hit a cell)
      assert.ok(r.warm.rounds >= 1 && r.warmHere > 600, `warm-up sum ${r.warmHere} over ${r.warm.rounds} rounds`);
      assert.equal(r.warm.checksum, r.warmHere, 'the worker ran the same path as the page');
      assert.ok(r.warm.page && r.warm.page.ms > 0, JSON.stringify(r.warm.page));
      assert.equal(r.warm.page.stroke, 'engine', 'the page drew a map, fill and borders by the engine');
      assert.equal(r.warm.left, 0, 'and took it away');
      assert.ok(r.warm.rounds < r.warm.all, `a file handed over during the warm-up ends it (${r.warm.rounds} of ${r.warm.all} rounds)`);
      assert.equal(r.warm.earlyN, 3, 'and is read');
      assert.deepEqual(errors, []);
      assert.deepEqual(requests.map((u) => u.replace(base, '/')), ['/', '/sealed-atlas.js']);
    });

    it('reads in the page when the host policy forbids workers', async () => {
      const { page: p, errors, requests } = await openPage(browser, base + 'strict');
      await p.waitForFunction(() => window.result, { timeout: 30000 });
      const r = await p.evaluate(() => window.result);
      assert.equal(r.error, undefined, r.error);
      assert.equal(r.n, 3);
      assert.equal(r.viaWorker, false);
      assert.equal(r.available, false, 'the refusal is remembered');
      assert.equal(r.prepared, false, 'and no worker is started again');
      assert.equal(r.state, 'refused');
      assert.deepEqual(r.stages.slice(0, 1), ['decode'], 'progress still reported');
      assert.equal(r.warm.ran, false, 'no warm-up without a worker');
      assert.equal(r.warm.page.stroke, 'engine', "the page's own warm-up runs under the policy");
      // the browser may log the refused worker; nothing else may fail
      assert.deepEqual(errors.filter((e) => !/Content.Security.Policy|worker/i.test(e)), []);
      assert.deepEqual(requests.map((u) => u.replace(base, '/')), ['/strict', '/sealed-atlas.js']);
    });

    it('keeps its workers from the warm-up to the first file, then lets the reader go', async () => {
      const { page: p, errors } = await openPage(browser, base + 'kept');
      await p.waitForFunction(() => window.warmed, { timeout: 30000 });
      // the second worker (for a big GeoJSON's second part) is started once the warm-up is over
      await p.waitForFunction(() => SA.workerState(2) === 'running', { timeout: 30000 });
      assert.equal(await p.evaluate(() => SA.workerState()), 'running', 'the reader stays after its warm-up, not ending');
      const after = await p.evaluate(async () => {
        const feats = Array.from({ length: 6000 }, (_, i) => ({ type: 'Feature', id: String(i), properties: { v: i },
          geometry: { type: 'Polygon', coordinates: [[[i % 80, (i / 80) | 0], [i % 80 + 1, (i / 80) | 0], [i % 80 + 1, ((i / 80) | 0) + 1], [i % 80, (i / 80) | 0]]] } }));
        const text = JSON.stringify({ type: 'FeatureCollection', features: feats });
        const ds = await SA.load(text, 'cells.geojson', { worker: true });
        return { n: ds.length, via: ds.viaWorker, bytes: text.length, state: SA.workerState(), second: SA.workerState(2) };
      });
      assert.equal(after.n, 6000);
      assert.equal(after.via, true);
      assert.equal(after.state, 'ending', 'idle after its file: it ends in a moment, its memory given back');
      assert.equal(after.second, 'running', `a ${after.bytes}-byte file is read by one worker: the second still waits`);
      await p.waitForFunction(() => SA.workerState() === 'none', { timeout: 15000 });
      assert.deepEqual(errors, []);
    });

    it('warms up only if the host page lets it', async () => {
      const { page: p, errors } = await openPage(browser, base + 'quiet');
      await p.waitForFunction(() => window.result, { timeout: 30000 });
      const r = await p.evaluate(() => window.result);
      assert.equal(r.error, undefined, r.error);
      assert.equal(r.warm.ran, false);
      assert.equal(r.warm.page, null, 'nor any map drawn in the page');
      assert.equal(r.state, 'none', 'no worker started');
      assert.deepEqual(errors, []);
    });
  });
}
