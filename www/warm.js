/* sealed-atlas: the engine's warm-up (classic script, before api.js; its source also goes to the worker).
 *
 * V8 runs a WebAssembly function first in its baseline tier (Liftoff) and compiles it with its
 * optimising tier (TurboFan) only once it has run for a while, in the background; a function already
 * running keeps its baseline code until it returns. A file's first reading is therefore 2–4 times
 * slower than the next (US counties: 150 ms, then 40 ms), its longest loops never leaving the
 * baseline. Compiled code belongs to the module, which the page and its workers share: running the
 * hot paths once on a small synthetic atlas in a worker, as soon as the engine is ready, makes the
 * user's first file run on optimised code, without taking anything from the page's thread.
 *
 * The worker runs ROUNDS rounds, each its own task, and a file handed to it meanwhile ends the
 * warm-up after the round running (~0.2 s; its own reading warms the engine). A function moves to the optimising tier once it
 * has used up a budget of work, and two rounds left many of the readers' and the fill's functions
 * short of it: US counties' first map in a fresh page (load, projection, first render), A/B over 12
 * pages each, took 106 ms after two rounds, 86 ms after six, 87 ms after twelve (a page's second
 * map: 67 ms; the rest is the page's own first run: layout, its first canvas, fonts).
 *
 * __saWarmUp(E, round) takes the wasm-bindgen exports, runs one round (all of them without `round`)
 * and returns a checksum (features drawn and joined), so that a test can tell it ran the whole path. */
function __saWarmUp(E, round) {
  'use strict';
  var NX = 30, NY = 20, K = 6; // cells across, down, vertices per cell side
  // a jagged tessellation: a grid point (i, j) moves by a hash of (i, j), the same for every cell that
  // shares it, so neighbours share their borders exactly (as real maps do: TopoJSON arcs, borders)
  function at(i, j, x0, y0, w, h) {
    var s = Math.sin(i * 12.9898 + j * 78.233) * 43758.5453, t = Math.sin(i * 39.346 + j * 11.135) * 24634.6345;
    var jx = (i % K && i < NX * K) ? (s - Math.floor(s) - 0.5) * 0.6 : 0, jy = (j % K && j < NY * K) ? (t - Math.floor(t) - 0.5) * 0.6 : 0;
    return [Math.round((x0 + w * (i + jx) / (NX * K)) * 1e5) / 1e5, Math.round((y0 + h * (j + jy) / (NY * K)) * 1e5) / 1e5];
  }
  function side(a0, b0, a1, b1, f) { // grid points from (a0, b0) to (a1, b1), last one excluded
    var out = [], n = K, da = (a1 - a0) / n, db = (b1 - b0) / n;
    for (var q = 0; q < n; q++) out.push(f(a0 + q * da, b0 + q * db));
    return out;
  }
  function ring(a, b, f) { // cell (a, b), clockwise on the map, closed
    var r = [].concat(side(a * K, b * K, a * K, (b + 1) * K, f), side(a * K, (b + 1) * K, (a + 1) * K, (b + 1) * K, f),
      side((a + 1) * K, (b + 1) * K, (a + 1) * K, b * K, f), side((a + 1) * K, b * K, a * K, b * K, f));
    r.push(r[0]);
    return r;
  }
  function code(n) { return ('0000' + n).slice(-5); }
  // GeoJSON over France (holes, islands, accents), as the communes
  var fr = function (i, j) { return at(i, j, -4.5, 42.5, 12, 8.5); };
  var feats = [];
  for (var a = 0; a < NX; a++) for (var b = 0; b < NY; b++) {
    var n = a * NY + b, outer = ring(a, b, fr), geom;
    if (n % 17 === 3) {
      var c = fr(a * K + K / 2, b * K + K / 2), d = 0.02;
      geom = { type: 'Polygon', coordinates: [outer, [[c[0] - d, c[1] - d], [c[0] + d, c[1] - d], [c[0] + d, c[1] + d], [c[0] - d, c[1] + d], [c[0] - d, c[1] - d]]] };
    } else if (n % 13 === 5) {
      var e = fr(a * K, b * K), s = 0.01;
      geom = { type: 'MultiPolygon', coordinates: [[outer], [[[e[0] - s, e[1] - 3 * s], [e[0] - s, e[1] - 2 * s], [e[0], e[1] - 2 * s], [e[0], e[1] - 3 * s], [e[0] - s, e[1] - 3 * s]]]] };
    } else geom = { type: 'Polygon', coordinates: [outer] };
    feats.push({ type: 'Feature', id: code(n), properties: { code: code(n), nom: 'Cellule n° ' + n + ' – Évry', v: n * 1.5 }, geometry: geom });
  }
  var geojson = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: feats }));
  // TopoJSON over the United States (quantized, delta-encoded arcs, one per cell side), as the counties
  var SC = 1e-4, X0 = -120, Y0 = 30, us = function (i, j) { return at(i, j, X0, Y0, 45, 18); };
  var arcs = [], hIndex = {}, vIndex = {};
  function arc(from, to) { // grid points from → to, delta-encoded on the quantized grid
    var pts = side(from[0], from[1], to[0], to[1], us).concat([us(to[0], to[1])]), out = [], px = 0, py = 0;
    pts.forEach(function (p) { var qx = Math.round((p[0] - X0) / SC), qy = Math.round((p[1] - Y0) / SC); out.push([qx - px, qy - py]); px = qx; py = qy; });
    arcs.push(out);
    return arcs.length - 1;
  }
  for (var hb = 0; hb <= NY; hb++) for (var ha = 0; ha < NX; ha++) hIndex[ha + ',' + hb] = arc([ha * K, hb * K], [(ha + 1) * K, hb * K]);
  for (var va = 0; va <= NX; va++) for (var vb = 0; vb < NY; vb++) vIndex[va + ',' + vb] = arc([va * K, vb * K], [va * K, (vb + 1) * K]);
  var geometries = [];
  for (a = 0; a < NX; a++) for (b = 0; b < NY; b++) {
    // left side up, top rightwards, right side down, bottom leftwards (~i: arc i reversed)
    geometries.push({ type: 'Polygon', id: code(a * NY + b), properties: { name: 'County ' + b }, arcs: [[vIndex[a + ',' + b], hIndex[a + ',' + (b + 1)], ~vIndex[(a + 1) + ',' + b], ~hIndex[a + ',' + b]]] });
  }
  var topo = new TextEncoder().encode(JSON.stringify({ type: 'Topology', transform: { scale: [SC, SC], translate: [X0, Y0] }, arcs: arcs, objects: { cells: { type: 'GeometryCollection', geometries: geometries } } }));
  // a table as French spreadsheets write it: semicolons, decimal commas, codes with leading zeros
  var rows = ['code;libellé;valeur'];
  for (n = 0; n < NX * NY; n += 1) rows.push(code(n) + ';Ligne ' + n + ';' + String((n * 7919) % 1000 / 10).replace('.', ','));
  var csv = new TextEncoder().encode(rows.join('\r\n') + '\r\n');

  var checksum = 0, W = 320, H = 200;
  var colors = new Uint32Array([0xfee5d9ff, 0xfcae91ff, 0xfb6a4aff, 0xde2d26ff, 0xa50f15ff, 0xd9d9d9ff]);
  function band(y0, at, rows) { checksum += rows > 0 ? 0 : 1; } // (the page puts each band on its canvas)
  function draw(view, classes) {
    var bb = view.bbox(), s = Math.min(W / (bb[2] - bb[0]), H / (bb[3] - bb[1]));
    [1, 4].forEach(function (zoom) { // the whole layer, then a closer look (a window of it)
      var sz = s * zoom, px = 1 / sz;
      var id = zoom === 1 ? view.prepareLod(px, 0.6) : view.prepareLodBegin(px, 0.6, bb[0], bb[1], (bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2);
      if (zoom !== 1) view.prepareLodFeatures(id, 0xffffffff);
      view.lodCoords(id); view.lodRingOffsets(id); view.lodFeatureRings(id); view.lodRingKind(id);
      view.lodBorderCoords(id); view.lodBorderOffsets(id); view.lodFeature(id, 7);
      view.fillLodBands(view.fillLodBegin(id, classes, colors, W, H, sz, -sz, -bb[0] * sz, bb[3] * sz, 0xffffffff, zoom === 1 ? 0.3 : 0.6), 0xffffffff, band);
      view.dropLod(id);
    });
    for (var q = 0; q < 200; q++) checksum += view.featureAt(bb[0] + (bb[2] - bb[0]) * (q % 20) / 20, bb[1] + (bb[3] - bb[1]) * Math.floor(q / 20) / 10, 0) >= 0 ? 1 : 0;
    view.anchors(); view.featureBoxes();
  }
  if (round === undefined) {
    for (var r = 0, sum = 0; r < __saWarmUp.ROUNDS; r++) sum += __saWarmUp(E, r);
    return sum;
  }
  {
    // as a worker reads a big file: read, project, pack, hand over; as the page rebuilds it and draws
    var ds = E.load(geojson.slice(), 'warm.geojson', '{}', function () {});
    JSON.parse(ds.info());
    var viewBytes = E.projectSnapshot(ds, 'france-insets'), snap = ds.snapshot();
    ds.free();
    var layer = E.Dataset.fromSnapshot(snap), view = E.MapView.fromSnapshot(layer, viewBytes);
    var table = E.load(csv.slice(), 'warm.csv', '{}');
    var joined = E.joinTable(layer, table, 'code', 'code', '{}');
    var classes = E.choropleth(joined, table, 'valeur', '{"method":"quantile","k":5}');
    E.classify(E.joinedValues(joined, table, 'valeur'), 'fisher-jenks', 5, new Float64Array(0));
    var cls = classes.classes();
    checksum += cls.filter(function (k) { return k >= 0; }).length;
    draw(view, cls);
    view.free(); classes.free(); joined.free(); table.free();
    // as the page reads a small file itself and projects it: TopoJSON, Albers USA
    // (four times, its summary too: once a round left the TopoJSON reader's, the summary's and the
    // view's functions short of their budget, and the US counties' first map in a fresh page then
    // ran them unoptimised: 28.8 → 26.8 ms and 28.9 → 25.2 ms in A/B runs of 16 and 12 pages a side,
    // as fast as with every function optimised at its first call (V8's tiering budget made tiny);
    // ~0.14 s more of the worker's warm-up)
    for (var again = 0; again < 4; again++) {
      var counties = E.load(topo.slice(), 'warm.json', '{"object":"cells"}');
      JSON.parse(counties.info());
      var usView = new E.MapView(counties, 'albers-usa'), usClasses = new Int32Array(counties.length);
      for (n = 0; n < usClasses.length; n++) usClasses[n] = n % 5;
      draw(usView, usClasses);
      usView.free(); counties.free();
    }
    // and the same layer in the page's own projections
    var lambert = new E.MapView(layer, 'lambert93');
    draw(lambert, cls);
    lambert.free(); layer.free();
  }
  return checksum;
}
__saWarmUp.ROUNDS = 6;
