/* sealed-atlas JS API (classic script; follows the wasm-bindgen glue and the inlined engine).
 * window.SealedAtlas = { ready, load, join, choropleth, Map, palettes, methods, ... }
 * Nothing here fetches: the engine arrives inline as gzip+base64 and is unpacked in memory. */
(function (global) {
  'use strict';
  // the no-modules glue declares `let wasm_bindgen` in this same script: a binding, not a window property
  var wb = typeof wasm_bindgen !== 'undefined' ? wasm_bindgen : global.wasm_bindgen;
  var ENGINE_B64 = global.__SEALED_ATLAS_ENGINE__;
  delete global.__SEALED_ATLAS_ENGINE__;

  function b64ToBytes(b64) {
    var bin = atob(b64), n = bin.length, out = new Uint8Array(n);
    for (var i = 0; i < n; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  /** gzip bytes → bytes, with the browser's own DecompressionStream. */
  function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  /** gzip+base64 text → bytes. */
  function gunzipBase64(b64) { return gunzip(b64ToBytes(b64)); }

  // the engine compiled once: the page instantiates it, and so does each worker
  var modulePromise = gunzipBase64(ENGINE_B64).then(function (bytes) { return WebAssembly.compile(bytes); });
  // (the instance's exports: `memory` is where the engine's images are read from)
  var exportsOf = null;
  var readyPromise = modulePromise.then(function (module) { return wb({ module_or_path: module }); })
    .then(function (exports) { exportsOf = exports; return exports; });

  function toBytes(x) {
    if (x instanceof Uint8Array) return Promise.resolve(x);
    if (x instanceof ArrayBuffer) return Promise.resolve(new Uint8Array(x));
    if (typeof Blob !== 'undefined' && x instanceof Blob) return x.arrayBuffer().then(function (b) { return new Uint8Array(b); });
    if (typeof x === 'string') return Promise.resolve(new TextEncoder().encode(x));
    return Promise.reject(new TypeError('expected bytes, a Blob/File or a string'));
  }
  function sizeOf(x) {
    return x == null ? 0 : x.byteLength != null ? x.byteLength : x.size != null ? x.size : x.length || 0;
  }

  // ---------------------------------------------------------------- the worker
  // Big files are read, projected and indexed in a worker, so the page keeps answering; the result
  // comes back as one compact snapshot (the columnar data itself) that the page rebuilds in a few
  // bulk copies. The worker is made from this very script's engine (a blob: URL, nothing fetched)
  // and ends soon after its last job, so its memory goes back to the system. Where a worker cannot be made (a
  // host page whose Content-Security-Policy forbids blob: workers), loading runs in the page.
  var glueSource = typeof __saGlue === 'function' ? __saGlue.toString() : null;
  var warmSource = typeof __saWarmUp === 'function' ? __saWarmUp.toString() + '\n__saWarmUp.ROUNDS = ' + __saWarmUp.ROUNDS + ';' : 'function __saWarmUp() { return 0; }';

  function workerMain(scope) {
    var engine = null;
    // first parts of files cut in two, waiting for the second (id → { head, m, progress })
    var heads = {};
    // in the second worker: the second parts read, kept to project them (job id → Tail);
    // in the first: layers whose first half is projected, waiting for the second's
    var kept = {}, halves = {};
    function take(map, k) { var v = map[k]; delete map[k]; return v; }
    function errorData(e) {
      var o = { message: (e && e.message) || String(e) };
      ['code', 'line', 'column', 'byte', 'feature'].forEach(function (k) { if (e && e[k] != null) o[k] = e[k]; });
      return o;
    }
    function fail(id) { return function (e) { scope.postMessage({ type: 'error', id: id, error: errorData(e) }); }; }
    // a dataset read here, projected if asked, handed to the page as snapshots
    function deliver(ds, m, id, progress, parts, given) {
      try {
        // the view as one snapshot, or in two halves from the two workers (the page joins them
        // as it reads them)
        var info = given ? given.info : ds.info(), views = given ? given.view : [], projection = given ? given.projection : null;
        if (!given && m.projection && ds.isLayer()) {
          projection = m.projection === 'auto' ? JSON.parse(info).projection : m.projection;
          progress('project', 0);
          views = [wasm_bindgen.projectSnapshot(ds, projection)];
        }
        progress('transfer', 0);
        var snapshot = ds.snapshot();
        scope.postMessage({ type: 'done', id: id, snapshot: snapshot, view: views.length ? views : null, projection: projection, info: info, parts: parts, viewParts: views.length === 2 ? 2 : 1 },
          [snapshot.buffer].concat(views.map(function (v) { return v.buffer; })));
      } finally { ds.free(); }
    }
    // the second part came back (or null: the first reads the whole file), for the first part m.head
    function tailDone(m) {
      var h = take(heads, m.head);
      engine.then(function () {
        var ds, at;
        try {
          ds = h.head.finish(m.part || undefined, h.progress);
          at = h.head.joinedAt();
        } finally { h.head.free(); }
        if (at == null || m.tail == null || !h.m.projection || !ds.isLayer()) return deliver(ds, h.m, m.head, h.progress, m.part ? 2 : 1);
        // each worker projects its half, with the whole layer's box (the same origin and tables):
        // the page has the second worker project its half while this one projects the first
        var info = ds.info(), about = JSON.parse(info);
        var projection = h.m.projection === 'auto' ? about.projection : h.m.projection;
        var bbox = about.bbox || []; // (as ds.layerBox(): numbers printed to be read back exactly)
        var v = { ds: ds, m: h.m, progress: h.progress, projection: projection, bbox: bbox, at: at, info: info };
        h.progress('project', 0);
        scope.postMessage({ type: 'projectTail', id: m.head, tail: m.tail, projection: projection, bbox: bbox });
        try {
          v.first = wasm_bindgen.projectPart(ds, projection, bbox, 0, at);
          v.packed = wasm_bindgen.packFirst(ds, at); // (the other packs its half meanwhile)
        } catch (err) { ds.free(); throw err; }
        halves[m.head] = v;
      }).catch(fail(m.head));
    }
    // a job came: the warm-up gives way (see 'warm')
    var jobCame = false;
    scope.onmessage = function (ev) {
      var m = ev.data;
      if (m.type === 'init') {
        engine = wasm_bindgen({ module_or_path: m.module });
        engine.then(function () { scope.postMessage({ type: 'ready' }); },
          function (e) { scope.postMessage({ type: 'fatal', error: errorData(e) }); });
        return;
      }
      var id = m.id;
      var progress = function (stage, fraction) { scope.postMessage({ type: 'progress', id: id, stage: stage, fraction: fraction }); };
      if (m.type === 'warm') {
        // one round per task; a job posted meanwhile ends it after the round running (its own
        // reading warms the engine): in Chromium the rounds' timers came before a File's read, which
        // waited for the last round (the communes from disk: ~0.8 s), though its message did not
        engine.then(function () {
          var t0 = Date.now(), checksum = 0, round = 0;
          (function step() {
            if (!jobCame) {
              try { checksum += __saWarmUp(wasm_bindgen, round); } catch (e) { fail(id)(e); return; }
              if (++round < __saWarmUp.ROUNDS) return setTimeout(step, 0);
            }
            scope.postMessage({ type: 'done', id: id, checksum: checksum, ms: Date.now() - t0, rounds: round });
          })();
        }).catch(fail(id));
        return;
      }
      jobCame = true;
      if (m.type === 'open') {
        // a sealed atlas's bytes opened (see openSealed): decrypted here, the page answering meanwhile
        engine.then(function () {
          var plain = wasm_bindgen.openSealed(m.sealed, m.key);
          scope.postMessage({ type: 'done', id: id, plain: plain }, [plain.buffer]);
        }).catch(fail(id));
        return;
      }
      if (m.type === 'project') {
        // a layer the page already has, sent back as its snapshot, projected in another projection
        engine.then(function () {
          var ds = wasm_bindgen.Dataset.fromSnapshot(m.snapshot);
          try {
            var view = wasm_bindgen.projectSnapshot(ds, m.projection);
            scope.postMessage({ type: 'done', id: id, view: view, projection: m.projection }, [view.buffer]);
          } finally { ds.free(); }
        }).catch(fail(id));
        return;
      }
      if (m.type === 'tail') {
        // the second part of a file cut in two (by the page or the other worker, see io/split.rs):
        // read, handed back; kept here too when it is to be projected (see projectTail)
        engine.then(function () {
          return m.input instanceof Blob ? m.input.arrayBuffer() : m.input;
        }).then(function (buf) {
          var part, early = null, bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
          if (m.keep) {
            var tail = wasm_bindgen.loadTailKept(bytes, m.name, progress);
            // a part that can be projected as it is waits for the page's choice (projected here and
            // packed for the page, or asked for as read, tailPart); any other goes to the first now
            if (tail) { early = tail.early() || null; if (!early) part = tail.takePart(); kept[id] = tail; }
          } else part = wasm_bindgen.loadTail(bytes, m.name, progress);
          scope.postMessage({ type: 'done', id: id, part: part || null, early: early }, part ? [part.buffer] : []);
        }).catch(fail(id));
        return;
      }
      if (m.type === 'tailPart') {
        // the part kept by job m.tail as read, for the first worker to join (kept to project it)
        var kt = kept[m.tail];
        engine.then(function () {
          if (!kt) throw new Error('the second part is no longer here');
          var bytes = kt.takePart();
          scope.postMessage({ type: 'done', id: id, part: bytes }, [bytes.buffer]);
        }).catch(fail(id));
        return;
      }
      if (m.type === 'projectTail' || m.type === 'dropTail') {
        // the part kept by job m.tail, projected with the whole layer's box (or just let go); for
        // the page to join (m.forPage), with the part itself, packed
        var tail = take(kept, m.tail);
        if (m.type === 'dropTail') { if (tail) tail.free(); scope.postMessage({ type: 'done', id: id }); return; }
        engine.then(function () {
          if (!tail) throw new Error('the second part is no longer here');
          try {
            var core = tail.project(m.projection, m.bbox), more = m.forPage ? tail.takePackedPart() : tail.packed();
            scope.postMessage({ type: 'done', id: id, core: core, packed: m.forPage ? null : more, part: m.forPage ? more : null }, [core.buffer, more.buffer]);
          } finally { tail.free(); }
        }).catch(fail(id));
        return;
      }
      if (m.type === 'projectHead') {
        // the first part projected and packed for the page, which joins it with the second (see
        // handOver in the page): this worker's reading is done
        var ph = take(heads, m.head);
        if (!ph) return;
        ph.progress('project', 0);
        engine.then(function () {
          var core, part;
          try {
            core = ph.head.projectEarly(m.projection, m.bbox);
            part = ph.head.takeEarly();
          } catch (e) {
            throw { message: 'the first part could not be projected alone: ' + ((e && e.message) || e), code: 'split-retry' };
          } finally { ph.head.free(); }
          ph.progress('transfer', 0);
          scope.postMessage({ type: 'done', id: m.head, headPart: part, view: [core], projection: m.projection, parts: 2, viewParts: 2, early: true }, [part.buffer, core.buffer]);
        }).catch(fail(m.head));
        return;
      }
      if (m.type === 'tailDone') {
        if (heads[m.head]) tailDone(m);
        return;
      }
      if (m.type === 'tailCore') {
        // the second half's projection (null: the other worker could not: projected here)
        var v = take(halves, m.head);
        if (!v) return;
        engine.then(function () {
          var second;
          try {
            var theirs = !!m.core;
            second = theirs ? m.core : wasm_bindgen.projectPart(v.ds, v.projection, v.bbox, v.at, v.ds.length);
            // the layer packed from the halves each worker packed; the view's halves go to the
            // page as they are, joined as it reads them
            wasm_bindgen.packJoined(v.ds, v.packed, theirs ? m.packed : undefined);
          } catch (e) { v.ds.free(); throw e; }
          deliver(v.ds, v.m, m.head, v.progress, 2, { info: v.info, view: [v.first, second], projection: v.projection });
        }).catch(fail(m.head));
        return;
      }
      engine.then(function () {
        return m.input instanceof Blob ? m.input.arrayBuffer() : m.input;
      }).then(function (buf) {
        var bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
        buf = null;
        if (m.given != null) {
          // the text up to where the page cut it; the rest is being read by the other worker
          var given = wasm_bindgen.loadHeadGiven(bytes, m.name, m.options, m.given, progress);
          heads[id] = { head: given, m: m, progress: progress };
          // read: the page hands the second part over once both are (and has both projected at
          // once when both can be: this one's box and where its features are)
          scope.postMessage({ type: 'headBox', id: id, early: m.projection ? given.early() || null : null });
          return;
        }
        if (m.split == null) return deliver(wasm_bindgen.load(bytes, m.name, m.options, progress), m, id, progress, 1);
        // from m.split bytes of text up, a FeatureCollection is cut in two: the page has the text
        // past the cut read by a second worker while this one reads up to it
        var head = wasm_bindgen.loadHead(bytes, m.name, m.options, m.split, progress, function (view, cut) {
          var copy = view.slice();
          scope.postMessage({ type: 'tail', id: id, bytes: copy, cut: cut }, [copy.buffer]);
        });
        bytes = null;
        if (head.isSplit()) {
          heads[id] = { head: head, m: m, progress: progress };
          // as for a text the page cut: both parts projected at once if both can be
          scope.postMessage({ type: 'headBox', id: id, early: m.projection ? head.early() || null : null });
          return;
        }
        var ds;
        try { ds = head.finish(undefined, progress); } finally { head.free(); }
        deliver(ds, m, id, progress, 1);
      }).catch(fail(id));
    };
  }

  // the reader's worker, and a second one that reads the second half of a big GeoJSON (io/split.rs)
  function makePool() { return { worker: null, ready: null, jobs: {}, idle: 0 }; }
  var pool = makePool(), second = makePool(), nextJob = 1;
  pool.broken = !glueSource || typeof Worker === 'undefined';

  function startWorker(p) {
    p = p || pool;
    if (p.ready) return p.ready;
    p.ready = modulePromise.then(function (module) {
      return new Promise(function (resolve, reject) {
        var src = 'var wasm_bindgen = (' + glueSource + ')();\n' + warmSource + '\n(' + workerMain.toString() + ')(self);\n';
        var url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
        var w;
        try { w = new Worker(url); } catch (e) { URL.revokeObjectURL(url); reject(e); return; }
        URL.revokeObjectURL(url);
        var started = false;
        w.onmessage = function (ev) {
          var m = ev.data;
          if (m.type === 'ready') { started = true; resolve(w); return; }
          if (m.type === 'fatal') { reject(new Error(m.error.message)); return; }
          var job = p.jobs[m.id];
          if (!job) return;
          if (m.type === 'progress') { if (job.onProgress) job.onProgress(m.stage, m.fraction); return; }
          if (m.type === 'tail' || m.type === 'projectTail' || m.type === 'headBox') { if (job.onTail) job.onTail(m, w); return; }
          delete p.jobs[m.id];
          if (m.type === 'done') job.resolve(m); else job.reject(toError(m.error));
          // (after the warm-up the worker stays, small, for the first file: see warmPromise)
          if (!job.keep) stopIfIdle(p);
        };
        w.onerror = function (ev) {
          ev.preventDefault();
          if (!started) { reject(new Error('worker refused: ' + (ev.message || 'blocked'))); return; }
          // a crash in the worker (out of memory, an engine bug): fail its jobs, keep the page
          var err = new Error('the reader stopped unexpectedly' + (ev.message ? ': ' + ev.message : ''));
          Object.keys(p.jobs).forEach(function (k) { p.jobs[k].reject(err); delete p.jobs[k]; });
          stopWorker(p);
        };
        try { w.postMessage({ type: 'init', module: module }); } catch (e) { w.terminate(); reject(e); }
        p.worker = w;
      });
    });
    p.ready.catch(function () { p.broken = true; stopWorker(p); });
    return p.ready;
  }
  function stopWorker(p) {
    p = p || pool;
    keepWorker(p);
    if (p.worker) p.worker.terminate();
    p.worker = null; p.ready = null;
  }
  // an idle worker ends after a short grace, so that a map file followed by its table share one
  // start, and the parse's memory is soon given back
  var IDLE_MS = 1500;
  function stopIfIdle(p) {
    keepWorker(p);
    if (Object.keys(p.jobs).length) return;
    p.idle = setTimeout(function () { if (!Object.keys(p.jobs).length) stopWorker(p); }, IDLE_MS);
  }
  // (a worker's end, if one is coming, called off: `p.idle` is set while it is)
  function keepWorker(p) {
    clearTimeout(p.idle);
    p.idle = 0;
  }
  // the second worker can be used: it can start, and there are two cores for both
  function twoWorkers() {
    return !second.broken && (global.navigator && navigator.hardwareConcurrency || 2) >= 2;
  }

  function toError(d) {
    var e = new Error(d.message);
    Object.keys(d).forEach(function (k) { if (k !== 'message') e[k] = d[k]; });
    return e;
  }

  // From this much text up, a GeoJSON FeatureCollection is read by two workers, one part each,
  // both started at once (the communes' 46 MB: both parts read ~0.2 s after the second worker's
  // start, ~85 ms); below it a second worker's start and the join would cost more than they save.
  var SPLIT_MIN_BYTES = 8 * 1024 * 1024;

  function inWorker(input, name, options, projection, onProgress, parallel) {
    var payload = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    var size = sizeOf(payload);
    // a file too small to be cut, while the reader is busy with another (a map and its table
    // dropped together: the communes' .gz decoded by the first worker for ~0.5 s, the second
    // waiting for its half), is read by the second worker if it is there and waiting
    if (parallel !== true && twoWorkers() && second.ready && !busy(second) && busy(pool) && size < SPLIT_MIN_BYTES / 4 && !/\.gz$/i.test(name)) {
      return inWorkers(payload, null, name, options, projection, onProgress, false, second).catch(function (e) {
        if (!second.broken) throw e; // a reading error: report it
        return inWorker(input, name, options, projection, onProgress, parallel); // (no second worker after all)
      });
    }
    // (the reader taken from now on: a load asked for in the same turn goes to the second)
    pool.reserved = (pool.reserved || 0) + 1;
    var done = function (x) { pool.reserved--; return x; };
    return inWorkerFirst(payload, size, name, options, projection, onProgress, parallel).then(done, function (e) { done(); throw e; });
  }
  // whether a worker has a job, or one on its way (see inWorker)
  function busy(p) {
    return (p.reserved || 0) > 0 || Object.keys(p.jobs).some(function (id) { return !p.jobs[id].keep; });
  }
  function inWorkerFirst(payload, size, name, options, projection, onProgress, parallel) {
    var two = parallel !== false && twoWorkers();
    // the second worker starts first if it is likely to be wanted (a .gz grows fourfold), so that
    // its start overlaps the page's cut and the first one's reading or decoding
    if (two && (parallel === true || size >= SPLIT_MIN_BYTES / 4)) startWorker(second).catch(function () { /* then the first reads it all */ });
    var cutHere = two && (parallel === true || size >= SPLIT_MIN_BYTES) ? pageCut(payload, size).catch(function () { return null; }) : Promise.resolve(null);
    return cutHere.then(function (cut) {
      return inWorkers(payload, cut, name, options, projection, onProgress, two ? parallel : false);
    }).catch(function (e) {
      // the page's cut was no place to cut (or the file no UTF-8 GeoJSON): one worker reads it all
      if (e && e.code === 'split-retry') return inWorkers(payload, null, name, options, projection, onProgress, false);
      throw e;
    });
  }

  // Where the page cuts a big GeoJSON's text for two workers, so that both start at once (a
  // guess, checked by the first worker; see io/split.rs): null for a file that is not plain text
  // (gzip, UTF-16, a workbook: the first worker decodes it and cuts it itself).
  function pageCut(payload, size) {
    if (size < 64) return Promise.resolve(null);
    var from = Math.floor(size / 20) * 11, lo = Math.max(0, from - 256), hi = Math.min(Math.floor(size / 4) * 3, from + (1 << 20));
    return Promise.all([bytesOf(payload, 0, 4), bytesOf(payload, lo, hi)]).then(function (r) {
      var a = r[0][0], b = r[0][1];
      if ((a === 0x1F && b === 0x8B) || (a === 0xFF && b === 0xFE) || (a === 0xFE && b === 0xFF) || (a === 0x50 && b === 0x4B)) return null;
      var at = wb.featureStart(r[1], from - lo);
      return at == null ? null : lo + at;
    });
  }
  // bytes a to b of a Uint8Array, ArrayBuffer or Blob: a view, or read
  function bytesOf(x, a, b) {
    if (typeof Blob !== 'undefined' && x instanceof Blob) return x.slice(a, b).arrayBuffer().then(function (buf) { return new Uint8Array(buf); });
    return Promise.resolve(x instanceof ArrayBuffer ? new Uint8Array(x, a, b - a) : x.subarray(a, b));
  }
  // bytes a to b as a worker gets them: a Blob's slice (read there), or a copy it takes over
  // (the caller's array stays intact; a copy moved costs one copy, a clone two)
  function partOf(x, a, b) {
    if (typeof Blob !== 'undefined' && x instanceof Blob) return { input: x.slice(a, b), transfer: [] };
    var copy = x instanceof ArrayBuffer ? new Uint8Array(x.slice(a, b)) : x.slice(a, b);
    return { input: copy, transfer: [copy.buffer] };
  }

  // The reading in workers: `cut` (from pageCut) gives the second worker the text from there at
  // once; without it, a big file is cut by the first worker once decoded (when `parallel`).
  function inWorkers(payload, cut, name, options, projection, onProgress, parallel, reader) {
    reader = reader || pool; // (the second only for a file not cut: see inWorker)
    var size = sizeOf(payload);
    var whole = cut == null ? partOf(payload, 0, size) : partOf(payload, 0, cut);
    var message = { type: 'load', input: whole.input, name: name, options: JSON.stringify(options), projection: projection, id: nextJob++ };
    // (a head given alone reports the share of its own text read)
    var onTail = null, headShare = 1, headScale = 1, headF = 0, tailF = 0, settled = false;
    // the second part, read by the second worker: handed to the first once that one has read its
    // own (headBox), both projected at once when both can be (see both)
    var tailRead = null, headRead = null;
    function readTail(input, transfer, headId, first) {
      inWorkerJob({ type: 'tail', input: input, name: name, keep: !!projection }, transfer, function (stage, f) {
        if (stage === 'parse') { tailF = f; report('parse'); }
      }, second).then(function (r) {
        if ((r.part || r.early) && projection) keptBy = r.id;
        return r;
      }, function () { return {}; }).then(function (r) {
        if (settled) return letGo(); // (the first read it all)
        tailRead = { part: r.part || null, early: r.early || null, headId: headId, first: first };
        if (headRead) both();
      }).catch(letGo);
    }
    // the second part's projection and packed part when the page joins the parts (see both)
    var pageJoin = null;
    function handOver(early) {
      var t = tailRead;
      return t.first.then(function (w) {
        if (settled) return letGo();
        if (early) {
          // both parts projected now, with the whole layer's box (their union), each packed by
          // the worker that read it: the page joins them (neither worker waits for the other)
          relayed = true;
          w.postMessage({ type: 'projectHead', head: t.headId, projection: early.projection, bbox: early.bbox });
          pageJoin = inWorkerJob({ type: 'projectTail', tail: keptBy, projection: early.projection, bbox: early.bbox, forPage: true }, null, null, second);
          pageJoin.catch(function () { /* then read again in one piece: see the load's result */ });
          return;
        }
        // the first worker joins the parts, then has them projected (projectTail, below)
        var part = t.part ? Promise.resolve(t.part) : keptBy != null
          ? inWorkerJob({ type: 'tailPart', tail: keptBy }, null, null, second).then(function (r) { return r.part; }, function () { return null; })
          : Promise.resolve(null);
        return part.then(function (bytes) {
          if (settled) return letGo();
          w.postMessage({ type: 'tailDone', head: t.headId, part: bytes, tail: bytes ? keptBy : null }, bytes ? [bytes.buffer] : []);
        });
      });
    }
    // both parts read: projected at once if both can be (positions in range, no crs), else the
    // first joins them and then has them projected
    function both() {
      var a = headRead.early, b = tailRead.early, early = null;
      if (projection && a && b && keptBy != null) {
        var bbox = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
        var places = a.slice(4).map(function (k, i) { return k + b[4 + i]; });
        var chosen = projection === 'auto' ? wb.suggestProjection(places, bbox) : projection;
        if (chosen) early = { projection: chosen, bbox: bbox };
      }
      handOver(early).catch(letGo);
    }
    var pageCutHere = parallel !== false && cut != null;
    if (pageCutHere) {
      message.given = size;
      headShare = headScale = cut / size;
    } else if (parallel !== false) {
      // the decoded size decides: from so much text up, the first worker cuts it once decoded
      message.split = parallel === true ? 0 : SPLIT_MIN_BYTES;
    }
    // the second part kept by the second worker for nothing (the first read the whole file, or failed)
    var keptBy = null, relayed = false;
    function letGo() {
      if (keptBy != null && !relayed) inWorkerJob({ type: 'dropTail', tail: keptBy }, null, null, second).catch(function () { /* gone with its worker */ });
      keptBy = null;
    }
    // one parse progress for both halves (the first reports its share of the whole text), about
    // every 1 % as one reader gives it
    var shown = -1;
    function report(stage, f) {
      if (!onProgress) return;
      if (stage !== 'parse') return onProgress(stage, f);
      if (f != null) headF = f * headScale;
      var all = Math.min(1, headF + tailF * (1 - headShare));
      if (all < shown + 0.01 && all < 1) return;
      shown = all;
      onProgress('parse', all);
    }
    onTail = function (m, first) {
      if (m.type === 'projectTail') {
        // the first worker has joined the halves and projects its own: the second projects the
        // part it kept, with the box the first sent (any failure: the first projects it too)
        relayed = true;
        inWorkerJob({ type: 'projectTail', tail: m.tail, projection: m.projection, bbox: m.bbox }, null, null, second)
          .catch(function () { return {}; })
          .then(function (r) {
            first.postMessage({ type: 'tailCore', head: m.id, core: r.core || null, packed: r.packed || null }, r.core ? [r.core.buffer, r.packed.buffer] : []);
          });
        return;
      }
      if (m.type === 'headBox') {
        headRead = { early: m.early || null };
        if (tailRead) both();
        return;
      }
      headShare = m.cut;
      readTail(m.bytes, [m.bytes.buffer], m.id, Promise.resolve(first));
    };
    var job = inWorkerJob(message, whole.transfer, onProgress && report, reader, onTail);
    if (pageCutHere) {
      // the second part copied once the first is posted (the job posts when the worker's start
      // resolves, and this is queued after it), so that the first worker reads while the page
      // copies (it got its part ~55 ms after the call, after both copies)
      startWorker(pool).then(function () {
        var rest = partOf(payload, cut, size);
        readTail(rest.input, rest.transfer, message.id, startWorker(pool));
      }, function () { /* no first worker: its job fails and the page reads the file */ });
    }
    job.then(function () { settled = true; letGo(); }, function () { settled = true; letGo(); });
    return job.then(function (m) {
      if (!m.headPart) return m;
      // the first part, projected and packed: joined here with the second (see handOver)
      return pageJoin.then(function (r) {
        var ds;
        // (parts that do not join — one has columns the other has not, too many empty cells to
        // pad — are read as one, by one worker: the error, if there is one, is the whole file's)
        try { ds = wb.Dataset.fromParts(new Uint8Array(m.headPart), new Uint8Array(r.part)); } catch (e) {
          throw Object.assign(new Error('the parts do not join: ' + ((e && e.message) || e)), { code: 'split-retry' });
        }
        m.view = [m.view[0], r.core];
        m.ds = ds;
        // its summary in a turn of its own (the communes: 35 + 15 ms, one task of 60–75 before)
        return yieldToPage().then(function () { m.info = ds.info(); return m; });
      }, function () {
        throw Object.assign(new Error('the second part could not be projected'), { code: 'split-retry' });
      });
    }).then(function (m) {
      if (onProgress) onProgress('rebuild', 0);
      var ds = m.ds || wb.Dataset.fromSnapshot(new Uint8Array(m.snapshot));
      ds.infoJson = JSON.parse(m.info);
      ds.viaWorker = true;
      ds._readBy = reader === second ? 2 : 1; // (tests: which worker read it)
      ds.parts = m.parts || 1;
      ds._viewParts = m.viewParts; // (tests: projected by the two workers, a half each)
      ds._cutBy = m.parts === 2 ? (cut != null ? 'page' : 'worker') : null; // (tests: who cut the text)
      ds._early = !!m.early; // (tests: both parts projected as soon as read, joined here)
      if (!m.view) return ds;
      // the layer and its view are rebuilt in two turns of the event loop, not one long task
      return yieldToPage().then(function () {
        if (onProgress) onProgress('rebuild', 0.5);
        ds._views = {};
        ds._views[m.projection] = wb.MapView.fromSnapshot(ds, new Uint8Array(m.view[0]), m.view[1] ? new Uint8Array(m.view[1]) : undefined);
        return ds;
      });
    });
  }
  /**
   * A sealed atlas's data (its sealed bytes: `SAS1`…, see `www/publish.mjs`) opened with `key` (64
   * hexadecimal digits, or the fragment that carries them: `#key=…`): a Promise of the bytes, or of
   * an Error (`code` `seal-key`: a key misread, or one that does not open them; `seal-format`: not
   * sealed data). By the engine (`crypto.subtle` is absent from a page on plain http://), from 1 MB
   * up in the reader's worker: the engine decrypts ~35 MB a second, and the page keeps answering.
   */
  function openSealed(sealed, key) {
    return readyPromise.then(function () {
      if (sealed.length < WORKER_MIN_BYTES || pool.broken) return wb.openSealed(sealed, key);
      var copy = sealed.slice();
      return inWorkerJob({ type: 'open', sealed: copy, key: String(key) }, [copy.buffer]).then(function (m) {
        openSealed.inWorker = (openSealed.inWorker || 0) + 1; // (tests: where it was opened)
        return new Uint8Array(m.plain);
      }, function (e) {
        if (!pool.broken) throw e;
        return wb.openSealed(sealed, key);
      });
    });
  }
  function yieldToPage() { return new Promise(function (r) { setTimeout(r, 0); }); }

  // Below this, reading in the page gives the map sooner (US counties, 800 KB: about 250 ms instead of
  // 450 ms, most of the difference being the worker's start) for a freeze of about 300 ms; above it
  // the freeze would grow with the file, so a worker reads it, which also keeps the parse's peak
  // memory out of the page's Wasm memory (which never shrinks). `worker: true` forces it.
  var WORKER_MIN_BYTES = 1024 * 1024;

  function inWorkerJob(message, transfer, onProgress, p, onTail) {
    p = p || pool;
    keepWorker(p);
    return startWorker(p).then(function (w) {
      return new Promise(function (resolve, reject) {
        var id = message.id || nextJob++;
        p.jobs[id] = { resolve: resolve, reject: reject, onProgress: onProgress, onTail: onTail, keep: message.type === 'warm' };
        message.id = id;
        w.postMessage(message, transfer || []);
      });
    });
  }

  /**
   * A view of a layer in another projection, made off the page for big layers (the layer goes to the
   * worker as its snapshot and comes back projected and ranked); kept on the dataset, so that
   * `map.setLayer(ds, projection)` is then immediate. Resolves when it is ready.
   */
  function project(ds, projection) {
    return readyPromise.then(function () {
      ds._views = ds._views || {};
      if (ds._views[projection]) return ds._views[projection];
      ds._handOver = ds._handOver || {};
      ds._handOver[projection] = true;
      var big = ds.infoJson && ds.infoJson.vertices > 200000;
      if (!big || pool.broken) {
        ds._views[projection] = new wb.MapView(ds, projection);
        return ds._views[projection];
      }
      var snap = ds.snapshot();
      return inWorkerJob({ type: 'project', snapshot: snap, projection: projection }, [snap.buffer]).then(function (m) {
        if (!ds._views[projection]) ds._views[projection] = wb.MapView.fromSnapshot(ds, new Uint8Array(m.view));
        return ds._views[projection];
      }, function (e) {
        if (!pool.broken) throw e;
        ds._views[projection] = new wb.MapView(ds, projection);
        return ds._views[projection];
      });
    });
  }

  /**
   * Loads a GeoJSON/TopoJSON/CSV/TSV/JSON/XLSX/ODS file. Resolves to a Dataset (layer or table).
   * options: { object, sheet } for a part of the file; onProgress(stage, fraction) with stages
   * decode, parse, project, transfer, rebuild; projection: a name or 'auto' to also project and
   * index the layer off the page (then `map.setLayer(ds, ds.infoJson.projection)` is immediate);
   * worker: true / false to force where it runs (default: a worker from 1 MB up, a .gz from 1 MB of
   * text as its trailer gives it); parallel: false
   * to keep a big GeoJSON in one worker (default: from 8 MB of text up, two workers read one half
   * each; true: whatever its size, for tests).
   */
  function load(input, name, options) {
    options = options || {};
    name = name || (input && input.name) || 'data';
    var parts = {};
    if (options.object != null) parts.object = options.object;
    if (options.sheet != null) parts.sheet = options.sheet;
    var onProgress = typeof options.onProgress === 'function' ? options.onProgress : null;
    // (a small .gz may hold a big text: its trailer's size decides, as the text's would)
    var where = options.worker != null ? Promise.resolve(!!options.worker)
      : sizeOf(input) >= WORKER_MIN_BYTES ? Promise.resolve(true)
        : gzTextSize(input).then(function (n) { return n >= WORKER_MIN_BYTES; }, function () { return false; });
    return Promise.all([where, readyPromise]).then(function (r) {
      var useWorker = r[0];
      if (useWorker && !pool.broken) {
        return inWorker(input, name, parts, options.projection || null, onProgress, options.parallel).catch(function (e) {
          if (!pool.broken) throw e; // a reading error: report it
          return loadHere(input, name, parts, onProgress); // no worker here: read in the page
        });
      }
      return loadHere(input, name, parts, onProgress);
    });
  }
  // The size of a gzip's text, from its trailer (0: no gzip).
  function gzTextSize(input) {
    var size = sizeOf(input);
    if (typeof input === 'string' || !(size >= 18)) return Promise.resolve(0);
    return Promise.resolve().then(function () {
      return Promise.all([bytesOf(input, 0, 2), bytesOf(input, size - 4, size)]);
    }).then(function (r) {
      if (r[0][0] !== 0x1F || r[0][1] !== 0x8B) return 0;
      var t = r[1];
      return (t[0] | t[1] << 8 | t[2] << 16 | t[3] << 24) >>> 0;
    });
  }
  function loadHere(input, name, parts, onProgress) {
    return toBytes(input).then(function (bytes) {
      var ds = wb.load(bytes, name, JSON.stringify(parts), onProgress || undefined);
      // a big layer read here (no worker allowed) is kept packed, as one from a worker is
      if (bytes.length >= WORKER_MIN_BYTES) ds.pack();
      ds.infoJson = JSON.parse(ds.info());
      ds.viaWorker = false;
      return ds;
    });
  }

  function join(layer, table, geoKey, tableKey, options) {
    var j = wb.joinTable(layer, table, geoKey, tableKey, JSON.stringify(options || {}));
    j.reportJson = JSON.parse(j.report());
    return j;
  }

  function choropleth(joined, table, column, options) {
    var c = wb.choropleth(joined, table, column, JSON.stringify(options || {}));
    return {
      classes: c.classes(),
      colors: JSON.parse(c.colors()),
      legend: JSON.parse(c.legend()),
      classification: JSON.parse(c.classification()),
      handle: c,
      // the engine's memory it holds (its classes and values: ~340 KB on the communes), given back
      // once it is replaced; Wasm memory never shrinks, so a page that restyles without it grows
      free: function () { if (this.handle) { this.handle.free(); this.handle = null; } }
    };
  }

  // ---------------------------------------------------------------- the canvas map
  var NO_DATA = '#d9d9d9';

  /**
   * A map on a canvas inside `container` (which it fills). Projected geometry stays in Wasm; the
   * map keeps one Path2D per class per level of detail and only changes the transform to pan/zoom.
   */
  function AtlasMap(container, options) {
    options = options || {};
    this.container = container;
    this.canvas = document.createElement('canvas');
    this.overlay = document.createElement('canvas');
    this.canvas.className = 'sa-canvas';
    this.overlay.className = 'sa-overlay';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', options.description || 'map');
    // the overlay receives the pointer, so it is the element that takes focus and keys: clicking a
    // non-focusable element would move focus to the page and keys would stop working
    this.overlay.tabIndex = 0;
    this.overlay.setAttribute('aria-label', options.label || 'map: arrows pan, + and − zoom, 0 resets');
    container.appendChild(this.canvas);
    container.appendChild(this.overlay);
    // the scale bar in a canvas of its own, a small one over the map's bottom left: the overlay's
    // canvas, as large as the map, gets a context (~3 ms for its first use) only once there is a
    // feature to outline
    this.bar = document.createElement('canvas');
    this.bar.className = 'sa-scale';
    this.bar.setAttribute('aria-hidden', 'true');
    container.appendChild(this.bar);
    this.padding = options.padding == null ? 16 : options.padding;
    this.stroke = options.stroke || '#ffffff';
    this.noDataColor = options.noDataColor || NO_DATA;
    this.view = null;
    this.k = 1; this.tx = 0; this.ty = 0;
    this.lodCache = new Map();
    this.classes = null; this.colors = [];
    this.hover = -1; this.selected = -1;
    this.listeners = { hover: [], select: [], render: [], dragend: [] };
    this.lastRenderMs = 0;
    this._resize();
    this._bind();
    var self = this;
    if (typeof ResizeObserver !== 'undefined') {
      this._observer = new ResizeObserver(function () {
        // (its first call comes after the map's creation, its size unchanged: nothing to redo; a
        // canvas given its width again is cleared, and a big map's first render was done twice)
        if (!self._resize()) return;
        // a view the user has not moved follows the container; a moved one keeps its place
        if (self.view && !self.moved) { if (self._symbolPad) self._fitSymbols(); else self.fit(); } else self.render();
      });
      this._observer.observe(container);
    }
    // printed: the map as the screen shows it (symbols, labels, scale bar) drawn at twice its
    // resolution into an image of its own that fills the container as the print layout sizes it,
    // the screen's canvases hidden meanwhile. They keep their screen size, which a page's print
    // layout does not follow (the demo printed its map cut, Corsica's south and the scale bar
    // off the paper). Both browsers send these around a print, and around a PDF made from the page.
    this._onPrint = function (e) { self._printImage(e.type === 'beforeprint'); };
    window.addEventListener('beforeprint', this._onPrint);
    window.addEventListener('afterprint', this._onPrint);
  }

  /** Takes the map out of its container and frees what it holds in the engine (its levels of
   *  detail, and its view unless the dataset keeps it); the map is not usable after. */
  AtlasMap.prototype.destroy = function () {
    this._stopMove(false); // (whoever waits for its end told; its redraw called off below)
    if (this._raf) cancelAnimationFrame(this._raf);
    this._raf = 0;
    if (this._observer) this._observer.disconnect();
    window.removeEventListener('beforeprint', this._onPrint);
    window.removeEventListener('afterprint', this._onPrint);
    this._printImage(false);
    this._dropLods();
    if (this.view && !this._viewShared) this.view.free();
    this.view = null; this.layer = null;
    this.canvas.remove(); this.overlay.remove(); this.bar.remove();
    this.render = function () { return this; };
  };

  AtlasMap.prototype.on = function (ev, fn) { this.listeners[ev].push(fn); return this; };
  // feature f outlined as when hovered (-1: none), from outside the map (a row of a table): no
  // 'hover' event, no tooltip
  AtlasMap.prototype.outline = function (f) { if (f !== this.hover) { this.hover = f; this._drawOverlay(); } };
  // what the map shows, in words: the canvas's accessible name (read by screen readers)
  AtlasMap.prototype.describe = function (text) { this.canvas.setAttribute('aria-label', String(text)); };
  AtlasMap.prototype._emit = function (ev, a, b) { this.listeners[ev].forEach(function (f) { f(a, b); }); };

  /** Sizes the canvases to the container (CSS pixels × devicePixelRatio); false, and nothing
   *  done, if neither changed since the last call. */
  AtlasMap.prototype._resize = function () {
    var r = this.container.getBoundingClientRect();
    var dpr = global.devicePixelRatio || 1;
    var width = Math.max(1, Math.round(r.width)), height = Math.max(1, Math.round(r.height));
    if (width === this.width && height === this.height && dpr === this.dpr) return false;
    this.dpr = dpr;
    this.width = width;
    this.height = height;
    [this.canvas, this.overlay].forEach(function (c) {
      c.width = Math.round(this.width * dpr);
      c.height = Math.round(this.height * dpr);
      c.style.width = this.width + 'px';
      c.style.height = this.height + 'px';
    }, this);
    // (positioned as the overlay is, in the same box: the page places both at the map's corner;
    // never past the map's edges, however small it is)
    var b = this.bar.style, bw = Math.min(BAR_W, this.width), bh = Math.min(BAR_H, this.height);
    b.position = 'absolute'; b.pointerEvents = 'none';
    b.left = '0px'; b.top = (this.height - bh) + 'px';
    b.width = bw + 'px'; b.height = bh + 'px';
    this.bar.width = Math.round(bw * dpr); this.bar.height = Math.round(bh * dpr);
    this._barDrawn = null;
    return true;
  };
  // ---- marks: what goes over the map and around it in an export (src/render/sheet.rs writes the
  // same arrays): ['r', x, y, w, h, fill, stroke|null, width], ['c', x, y, r, fill, stroke|null,
  // width], ['l', x1, y1, x2, y2, stroke, width, dashed], ['t', x, y (baseline), text, size, bold,
  // centred, fill, halo]; colours '#rrggbbaa'.
  var MARK_FONT = 'system-ui, sans-serif', LABEL_FONT = '11px ' + MARK_FONT; // (labels: as src/render/labels.rs)
  /** Paints `marks` on a 2D context, `s` device pixels a CSS pixel, moved by (dx, dy) CSS pixels;
   *  only those from `from` to `to` if given (a redraw in steps): returns where it stopped. */
  function paintMarks(ctx, marks, s, dx, dy, from, to) {
    ctx.setTransform(s, 0, 0, s, (dx || 0) * s, (dy || 0) * s);
    ctx.lineJoin = 'round';
    var seen = function (c) { return c.length !== 9 || c.slice(7) !== '00'; };
    var end = to == null ? marks.length : Math.min(to, marks.length);
    for (var i = from || 0; i < end; i++) {
      var m = marks[i], t = m[0];
      if (t === 'r' || t === 'c') {
        // a run of shapes of one kind and paint (symbols, largest first) in paths of up to 256
        // shapes, each filled then stroked: one call a shape took 370 ms for the communes' 35,000
        // circles. (Within a path, overlaps are filled once: the paths end at every 256th mark, so
        // that painting the marks in parts of a multiple of it, in steps, makes the same paths.)
        var f = t === 'r' ? 5 : 4, fill = m[f], pen = m[f + 1], w = m[f + 2], j = i;
        var stop = Math.min(end, (Math.floor(i / 256) + 1) * 256);
        ctx.beginPath();
        for (; j < stop; j++) {
          var q = marks[j];
          if (q[0] !== t || q[f] !== fill || q[f + 1] !== pen || q[f + 2] !== w) break;
          if (t === 'r') ctx.rect(q[1], q[2], q[3], q[4]);
          else { ctx.moveTo(q[1] + q[3], q[2]); ctx.arc(q[1], q[2], q[3], 0, 2 * Math.PI); }
        }
        if (seen(fill)) { ctx.fillStyle = fill; ctx.fill(); }
        if (pen) { ctx.strokeStyle = pen; ctx.lineWidth = w; ctx.stroke(); }
        i = j - 1;
      } else if (t === 'l') {
        ctx.beginPath(); ctx.moveTo(m[1], m[2]); ctx.lineTo(m[3], m[4]);
        ctx.strokeStyle = m[5]; ctx.lineWidth = m[6]; ctx.setLineDash(m[7] ? [2, 2] : []);
        ctx.stroke(); ctx.setLineDash([]);
      } else if (t === 't') {
        ctx.font = (m[5] ? 'bold ' : '') + m[4] + 'px ' + MARK_FONT;
        ctx.textAlign = m[6] ? 'center' : 'left'; ctx.textBaseline = 'alphabetic';
        if (m[8]) { ctx.lineWidth = 3; ctx.strokeStyle = 'rgba(255,255,255,0.85)'; ctx.strokeText(m[3], m[1], m[2]); }
        ctx.fillStyle = m[7]; ctx.fillText(m[3], m[1], m[2]);
      }
    }
    return end;
  }
  // a canvas of the page's own to measure text and read colours with
  var scratchCtx = null;
  function scratch() { return scratchCtx || (scratchCtx = document.createElement('canvas').getContext('2d')); }
  function textWidth(text, font) { var c = scratch(); c.font = font; return c.measureText(text).width; }
  /** A CSS colour as '#rrggbbaa' (as marks carry them). */
  function hex8(css) {
    if (/^#[0-9a-f]{8}$/i.test(css)) return css.toLowerCase();
    var c = scratch();
    c.fillStyle = '#000'; c.fillStyle = css;
    var v = String(c.fillStyle);
    if (v[0] === '#') return v + 'ff';
    var n = v.match(/[\d.]+/g) || [0, 0, 0]; // rgba(r, g, b, a)
    var h = function (x) { return ('0' + Math.round(+x).toString(16)).slice(-2); };
    return '#' + h(n[0]) + h(n[1]) + h(n[2]) + h(n[3] == null ? 255 : n[3] * 255);
  }

  /** The scale bar's canvas, CSS pixels: room for a bar of up to 200 px and its label. */
  var BAR_W = 220, BAR_H = 34;
  // the scale bar's left end and baseline, from the map's left and bottom edges (CSS px: as
  // src/render/sheet.rs draws it), and its font
  var SCALE_X = 12, SCALE_Y = 14, SCALE_FONT = '11px ' + MARK_FONT;

  /** Shows a layer (a Dataset) with a projection name; fits it to the viewport. */
  AtlasMap.prototype.setLayer = function (layer, projection) {
    projection = projection || 'equirectangular';
    this._dropLods(); // a shared view outlives the map: its prepared levels must not
    if (this.view && !this._viewShared) this.view.free();
    var made = layer._views && layer._views[projection];
    // the view projected by the loading worker belongs to the dataset and is kept for reuse; one
    // made by SA.project() for a change of projection is handed over to the map, which frees it
    this.view = made || new wb.MapView(layer, projection);
    this._viewShared = !!made;
    if (made && layer._handOver && layer._handOver[projection]) {
      delete layer._views[projection]; delete layer._handOver[projection];
      this._viewShared = false;
    }
    this.layer = layer;
    // what its geometries are (unknown: polygons assumed), for each frame to choose its path
    var types = (layer.infoJson && layer.infoJson.geometryTypes) || null;
    this._hasPolygons = !types || types.indexOf('Polygon') >= 0;
    this._onlyPolygons = !(types || []).some(function (t) { return t !== 'Polygon' && t !== 'Null'; });
    this.lodCache = new Map();
    this.classes = null;
    // (a hovered feature of the layer before: its tooltip goes, the pointer being on another)
    var hovered = this.hover !== -1;
    this.hover = -1; this.selected = -1;
    if (hovered) this._emit('hover', -1, null);
    this.moved = false;
    this._anchors = null; this._areas = null; this._boxes = null; this._typical = null; this._bbox = null; this._sphere = null;
    this.symbols = null; this.labels = null; this.anchorPlaces = null; this._symbolPad = 0;
    this.fit();
    return this;
  };

  AtlasMap.prototype.fit = function () {
    this._stopMove(false); // (a new layer's too: setLayer ends with it)
    var home = this._homeView();
    if (!home) { this.k = 1; this.tx = 0; this.ty = 0; return this.render(); }
    this.k = home[0]; this.tx = home[1]; this.ty = home[2];
    this.home = home;
    return this.render();
  };
  /** The fitted view `[k, tx, ty]` (null without a box): the layer with the padding (and the room
   *  kept for symbols, see `_fitSymbols`). */
  AtlasMap.prototype._homeView = function () {
    // (a world with its whole sphere, drawn under it: see `_drawSphere`; a region to itself)
    var b = this.view && this.view.fitBox();
    if (!b || b.length < 4) return null;
    var p = this.padding + (this._symbolPad || 0), w = this.width - 2 * p, h = this.height - 2 * p;
    var k = Math.min(w / Math.max(b[2] - b[0], 1e-9), h / Math.max(b[3] - b[1], 1e-9));
    return [k, p + (w - (b[2] - b[0]) * k) / 2 - b[0] * k, p + (h - (b[3] - b[1]) * k) / 2 + b[3] * k];
  };

  /** Colours per feature: `classes` (Int32Array, -1 = no data) and a colour per class. */
  AtlasMap.prototype.setClasses = function (classes, colors) {
    this.classes = classes;
    this.colors = colors.slice();
    this.highlighted = null;
    this._coloursChanged();
    return this.render();
  };
  /** The features' colours as drawn changed: drawn again (in steps on a big map). */
  AtlasMap.prototype._coloursChanged = function () {
    this.lodCache.forEach(function (l) { l.paths = null; });
    this._recolour = true;
  };

  /**
   * Shows the features of one class (`i`: its index, or the number of classes for no data) in
   * their colour and the others faded towards white: what a legend's entry shows when hovered.
   * `null` shows every class again. Only the screen's colours change (a change of classes: on a
   * big map its borders are laid, not stroked again); `colors` stay the classes' own.
   */
  AtlasMap.prototype.highlightClass = function (i) {
    this.highlighted = i == null || i < 0 || i > this.colors.length ? null : i;
    this._recolour = true;
    return this.render();
  };
  /** The classes' colours as drawn: on the screen, faded but one while a class is highlighted;
   *  in an export, their own. */
  AtlasMap.prototype._shownColors = function () {
    // (symbols coloured by class: the features under them plain, the highlight on the symbols)
    if (this._plain()) return this.colors.map(function () { return PLAIN; });
    var i = this._exporting ? null : this.highlighted;
    return i == null ? this.colors : this.colors.map(function (c, k) { return k === i ? c : faded(c); });
  };
  /** The no-data colour as drawn (see `_shownColors`). */
  AtlasMap.prototype._noData = function () {
    if (this._plain()) return PLAIN;
    var i = this._exporting ? null : this.highlighted;
    return i == null || i === this.colors.length ? this.noDataColor : faded(this.noDataColor);
  };
  /** Whether the features are drawn plain, their classes' colours on the symbols over them. */
  AtlasMap.prototype._plain = function () {
    return !!(this.symbols && this.symbols.colorBy === 'class' && this.symbols.order.length);
  };
  // the features' one colour under symbols coloured by class, and the key's sizes then
  // (src/render/symbols.rs PLAIN, KEY_GREY)
  var PLAIN = '#e6e8eb', KEY_GREY = '#8c959f99', CLASS_OUTLINE = '#4a5260';
  // a colour three quarters of the way to white (as the legend's hover shows the other classes)
  function faded(css) {
    var v = rgba32(css);
    if (v == null) return css;
    var ch = function (s) { return Math.round(((v >>> s) & 255) * 0.25 + 255 * 0.75); };
    return 'rgb(' + ch(24) + ',' + ch(16) + ',' + ch(8) + ')';
  }

  // world (projected, y up) <-> CSS pixels
  AtlasMap.prototype.toScreen = function (x, y) { return [x * this.k + this.tx, this.ty - y * this.k]; };
  AtlasMap.prototype.toWorld = function (sx, sy) { return [(sx - this.tx) / this.k, (this.ty - sy) / this.k]; };

  /**
   * The level of detail the view wants: { level, px (projected units a pixel), l (prepared, or
   * null), win (null, or the window to prepare it for) }. One level per power of two of the pixel
   * size, so panning reuses it; a prepared one the view has panned out of is dropped.
   */
  AtlasMap.prototype._levelWanted = function () {
    var px = 1 / (this.k * this.dpr);
    var level = Math.floor(Math.log2(px));
    var l = this.lodCache.get(level) || null;
    // the view in projected units (y up)
    var vx0 = -this.tx / this.k, vx1 = (this.width - this.tx) / this.k;
    var vy0 = (this.ty - this.height) / this.k, vy1 = this.ty / this.k;
    if (l && l.window && !(vx0 >= l.window[0] && vx1 <= l.window[2] && vy0 >= l.window[1] && vy1 <= l.window[3])) {
      this.view.dropLod(l.id); // panned out of the prepared window
      this.lodCache.delete(level);
      l = null;
    }
    var win = null;
    if (!l) {
      // deep in a zoom (the view shows under a ninth of the layer), only the features within a
      // screen around the view: nearly every vertex is kept there, drawing them all would waste time
      var b = this._bbox || (this._bbox = this.view.bbox()), vw = vx1 - vx0, vh = vy1 - vy0;
      if (b.length === 4 && vw * vh * 9 < (b[2] - b[0]) * (b[3] - b[1])) win = [vx0 - vw, vy0 - vh, vx1 + vw, vy1 + vh];
    }
    return { level: level, px: Math.pow(2, level), l: l, win: win };
  };
  /** The level of detail to draw the view with, prepared now if it is not. */
  AtlasMap.prototype._lod = function () {
    var want = this._levelWanted();
    if (want.l) return this._keepLevel(want.level, want.l);
    // one level at a time: Wasm memory never shrinks, so the level before is freed before the next
    // is prepared, which keeps the peak down (the communes: 6 MB less); a zoom back across a power
    // of two prepares it again (30–60 ms for the whole of France; after a gesture, over frames:
    // see _renderInSteps)
    this._freeLevels();
    var id = this._prepareLevel(want);
    this.view.prepareLodFeatures(id, 0xffffffff); // (all of them)
    return this._keepPrepared(want, id);
  };
  /** Starts preparing the level `want` asks for (see `_levelWanted`), its features to come
   *  (`prepareLodFeatures`): its number, the level's once prepared. */
  AtlasMap.prototype._prepareLevel = function (want) {
    var w = want.win || [NaN, NaN, NaN, NaN];
    return this.view.prepareLodBegin(want.px, 0.6, w[0], w[1], w[2], w[3]);
  };
  /** Keeps the level `want` asked for, prepared under number `id`. */
  AtlasMap.prototype._keepPrepared = function (want, id) {
    return this._keepLevel(want.level, { id: id, window: want.win, count: this.view.lodVertexCount(id), paths: null });
  };
  /** Keeps level `l` as the one for `level`, most recently used (the geometry stays in the engine,
   *  which fills from there; the page keeps its paths). */
  AtlasMap.prototype._keepLevel = function (level, l) {
    var old = this.lodCache.get(level);
    if (old && old !== l) this.view.dropLod(old.id);
    this.lodCache.delete(level);
    this.lodCache.set(level, l);
    this._lodCount = l.count;
    return l;
  };
  /** Frees every prepared level in the engine. */
  AtlasMap.prototype._freeLevels = function () {
    var v = this.view;
    this.lodCache.forEach(function (l) { try { v.dropLod(l.id); } catch (e) { /* view freed */ } });
    this.lodCache = new Map();
  };
  /** Frees every prepared level in the engine, and gives up a redraw in steps (before the map
   *  takes another layer). */
  AtlasMap.prototype._dropLods = function () {
    this._cancelSteps();
    if (this.view && this.lodCache) this._freeLevels();
    this.lodCache = new Map();
  };
  /** Copies of a prepared level's arrays, to build paths from (not kept); a TopoJSON's rings
   *  only if `rings` (fills, lines, points): its outlines are its borders, and the rings made of
   *  them are written out for the copy (the engine keeps their vertices once, as the borders'). */
  AtlasMap.prototype._lodArrays = function (l, rings) {
    var v = this.view, borders = v.lodBorderCoords(l.id);
    rings = rings || !borders.length;
    return {
      coords: rings ? v.lodCoords(l.id) : new Float32Array(0), rings: rings ? v.lodRingOffsets(l.id) : new Uint32Array(1),
      feats: v.lodFeatureRings(l.id), kinds: v.lodRingKind(l.id), borders: borders, borderOffsets: v.lodBorderOffsets(l.id)
    };
  };

  // No closePath(): in Chromium it costs time proportional to the path built so far, which made
  // 35k communes take 6 s (quadratic). Fills close subpaths implicitly, and our rings are closed by
  // their data (the LOD keeps each ring's first and last vertex), so strokes are closed too.
  function ringPath(path, c, a, z) {
    path.moveTo(c[2 * a], c[2 * a + 1]);
    for (var v = a + 1; v < z; v++) path.lineTo(c[2 * v], c[2 * v + 1]);
  }

  AtlasMap.prototype._paths = function (lod, withFills) {
    if (lod.paths && (lod.paths.fills || !withFills)) return lod.paths;
    var l = this._lodArrays(lod, withFills || !this._onlyPolygons);
    var n = l.feats.length - 1, k = this.colors.length;
    // lines by class (as fills are), points as (feature, x, y): each in its class's colour
    var fills = null, lines = [], points = [], outline = new Path2D();
    if (withFills) { fills = []; for (var i = 0; i <= k; i++) fills.push(new Path2D()); }
    for (var q = 0; q <= k; q++) lines.push(new Path2D());
    var c = l.coords, R = l.rings, cls = this.classes, ownOutline = !l.borders.length;
    for (var f = 0; f < n; f++) {
      var ci = cls ? cls[f] : 0, slot = ci >= 0 && ci < k ? ci : k;
      var p = fills && fills[slot];
      for (var r = l.feats[f]; r < l.feats[f + 1]; r++) {
        var a = R[r], z = R[r + 1], kind = l.kinds[r];
        if (kind === 3) { if (p) ringPath(p, c, a, z); if (ownOutline) ringPath(outline, c, a, z); }
        else if (kind === 2) ringPath(lines[slot], c, a, z);
        else points.push(f, c[2 * a], c[2 * a + 1]);
      }
    }
    if (l.borders.length) {
      var B = l.borderOffsets, bc = l.borders;
      for (var j = 0; j + 1 < B.length; j++) {
        if (B[j + 1] - B[j] >= 2) ringPath(outline, bc, B[j], B[j + 1]);
      }
    }
    lod.paths = { fills: fills, lines: lines, points: points, outline: outline };
    return lod.paths;
  };

  // A CSS colour as 0xRRGGBBAA for the engine's fill; null for anything else (a pattern).
  var colourCtx = null;
  function rgba32(c) {
    if (typeof c !== 'string') return null;
    colourCtx = colourCtx || document.createElement('canvas').getContext('2d');
    colourCtx.fillStyle = '#000';
    colourCtx.fillStyle = c;
    var v = colourCtx.fillStyle, m;
    if (v.length === 7 && v[0] === '#') return (parseInt(v.slice(1), 16) * 256 + 255) >>> 0;
    m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)$/.exec(v);
    if (!m) return null;
    return ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | Math.round((m[4] == null ? 1 : +m[4]) * 255)) >>> 0;
  }

  /**
   * The polygons' fills, rasterised by the engine (exact-area antialiasing, no seams between
   * neighbours, every class in one pass: about 50 ms where Canvas2D’s software fill took 90–160 ms for
   * the communes), and their borders over them when they are at most two device pixels wide (`bw`,
   * device pixels; Canvas2D took 50–85 ms to build and stroke the communes' outlines). Returns
   * false when it cannot fill (a colour that is a pattern, `map.engineFill = false`): the caller
   * fills and strokes with Canvas2D; else whether the borders are drawn ({ stroked }). `cleared`:
   * `ctx` is the whole canvas, just cleared (the screen), so the image can replace its pixels.
   */
  AtlasMap.prototype._engineFill = function (ctx, l, s, bw, cleared) {
    var a = this._fillArgs(s, bw);
    if (!a) return a;
    if (a.nothing) return { stroked: false }; // lines and points only: nothing to fill
    var W = ctx.canvas.width, H = ctx.canvas.height;
    // the engine fills the image band by band and the page puts each band on the canvas as it
    // comes, through an ImageData over the engine's memory (made in each call: memory that grew has
    // a new buffer). On the screen's canvas, just cleared, the bands replace its pixels as they are;
    // else (the PNG export's white) they go to a canvas of their own, drawn over what it holds.
    var target = ctx, tmp = null;
    if (!cleared) {
      tmp = this._canvasOf('_fillCanvas', W, H);
      target = tmp.getContext('2d');
    }
    this.view.fillLodBands(this._fillBegin(l, a, W, H, s, bw, cleared), 0xffffffff, bandsTo(target, W)); // (every band)
    if (tmp) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(tmp, 0, 0);
      ctx.restore();
    }
    return { stroked: a.stroke != null };
  };
  /** What the engine's fill is given at `s` device pixels per CSS pixel, borders `bw`
   *  device pixels wide: false if it cannot fill (see `_engineFill`), { nothing } if there is
   *  nothing to fill, else the classes, the colours (the last for no data) and the border colour. */
  AtlasMap.prototype._fillArgs = function (s, bw) {
    if (this.engineFill === false) return false;
    if (!this._hasPolygons) return { nothing: true };
    var stroke = bw > 0 && bw <= 2 ? rgba32(this.stroke) : null;
    var colors = this._shownColors(), k = colors.length, cols = new Uint32Array(k + 1);
    for (var i = 0; i <= k; i++) {
      var v = rgba32(i < k ? colors[i] : this._noData());
      if (v == null) return false;
      cols[i] = v;
    }
    var n = this.layer.length;
    var cls = this.classes && this.classes.length >= n ? this.classes : new Int32Array(n);
    return { cls: cls, cols: cols, stroke: stroke };
  };
  /** The engine's fill of level `l` with `a` (see `_fillArgs`) into a `W × H` image at the map's
   *  transform, `s` device pixels per CSS pixel: its number, for `fillLodBands`. `screen`: the
   *  screen's image, whose borders the engine keeps for its next fill at the same place (a change
   *  of classes lays them again instead of stroking them). */
  AtlasMap.prototype._fillBegin = function (l, a, W, H, s, bw, screen, inSteps) {
    return this.view.fillLodBegin(l.id, a.cls, a.cols, W, H, this.k * s, -this.k * s, this.tx * s, this.ty * s, a.stroke || 0, a.stroke == null ? 0 : bw, !!screen, !!inSteps);
  };
  /** A canvas of the map's own (not in the page), `W × H`. */
  AtlasMap.prototype._canvasOf = function (name, W, H) {
    var c = this[name] || (this[name] = document.createElement('canvas'));
    if (c.width !== W || c.height !== H) { c.width = W; c.height = H; }
    return c;
  };
  /** The engine's fill's sink: each band put on `target` (a 2D context) through an ImageData over
   *  the engine's memory, `W` pixels wide. */
  function bandsTo(target, W) {
    return function (y0, at, rows) {
      target.putImageData(new ImageData(new Uint8ClampedArray(exportsOf.memory.buffer, at, W * rows * 4), W, rows), 0, y0);
    };
  }

  /**
   * A big map's full-quality redraw after a gesture, for a view's first map or in new colours (see `render`; the
   * communes' takes 50–150 ms, 35,000 cells' 80–180 ms, and a zoom across a power of two prepares a
   * level of detail first, 30–70 ms: a freeze each time), spread over frames: about `budget` ms of work a
   * frame (8 after a gesture, 32 for a view's first map, 12 for new colours),
   * the level's features a thousand at a time if it is not prepared, then the engine's fill a band
   * of rows at a time into a canvas of the map's own, while the screen keeps the gesture's last
   * frame; once the image is complete it goes on the screen with everything drawn over it, as
   * `renderNow` draws it. Anything else drawn meanwhile (a gesture, `renderNow`, a new layer) gives
   * it up. False if it cannot be done so (then `renderNow`).
   */
  // (the labels' candidates given their poles of inaccessibility in a redraw in steps, so many a step)
  var LABEL_ANCHORS = 24;
  // (a fill's rings and borders' pieces prepared in a redraw in steps, so many vertices a step)
  var FILL_PREPARE = 60000;
  AtlasMap.prototype._renderInSteps = function (budget) {
    if (!this.view || this._gesture) return false;
    var t0 = performance.now(), s = this.dpr, bw = this._borderWidth() * s;
    var a = this._fillArgs(s, bw);
    if (!a || a.nothing) return false;
    var W = this.canvas.width, H = this.canvas.height, self = this, view = this.view;
    var tmp = this._canvasOf('_stepCanvas', W, H), sink = bandsTo(tmp.getContext('2d'), W);
    var want = this._levelWanted(), l = want.l ? this._keepLevel(want.level, want.l) : null;
    var steps = this._steps = { lod: 0, job: 0, view: view, raf: 0, frames: 0, labelSteps: 0 };
    // what goes over the fill (symbols, labels: the communes' 35,000 circles are ~40 ms to place
    // and ~45 ms to paint) made and painted on the step canvas in steps too, when nothing else is
    // drawn between the fill and them (a layer of polygons whose borders the engine strokes)
    var filledWith = { stroked: a.stroke != null };
    var overInSteps = !!(this.symbols || this.labels) && this._fillIsAll(filledWith, bw);
    var filled = false, over = null, painted = 0, tmpCtx = tmp.getContext('2d');
    var labelsLeft = false, ranked = null, rankedAt = 0, ready = false;
    var symbolsAt = 0, symbolsEnd = this.symbols ? this.symbols.order.length : 0;
    if (!l) {
      this._freeLevels(); // (one level at a time, as _lod)
      steps.lod = this._prepareLevel(want);
    }
    function frame(start) {
      steps.raf = 0;
      if (self._steps !== steps) return;
      var done = false, n = 0;
      steps.frames++;
      try {
        // about `budget` ms a frame, at least a step in each but the first
        while (!done && ((n === 0 && steps.frames > 1) || performance.now() - start < budget)) {
          n++;
          if (steps.lod) {
            if (view.prepareLodFeatures(steps.lod, 1000)) {
              l = self._keepPrepared(want, steps.lod);
              steps.lod = 0;
            }
          } else if (!steps.job) {
            steps.job = self._fillBegin(l, a, W, H, s, bw, true, true);
          } else if (!ready) {
            // its rings and borders' pieces, FILL_PREPARE vertices at a time (the communes' took
            // 7–15 ms in one go: most of the longest freeze after a gesture)
            ready = view.fillLodPrepare(steps.job, FILL_PREPARE);
          } else if (!filled) {
            filled = view.fillLodBands(steps.job, 1, sink);
            done = filled && !overInSteps;
          } else if (!over || symbolsAt < symbolsEnd || labelsLeft) {
            // the symbols' marks 4,000 at a time, then the labels': first the poles of
            // inaccessibility they will ask for, LABEL_ANCHORS at a time (the first deep zoom on
            // the communes found ~20 ms of them in one step), then placed
            if (!over) { over = []; labelsLeft = !!self.labels; }
            if (symbolsAt < symbolsEnd) symbolsAt = self._symbolMarks(over, symbolsAt, symbolsAt + 4000);
            else if (labelsLeft) {
              if (!ranked) ranked = self._labelRanking();
              var upTo = Math.min(ranked.length, 4 * self.labels.max);
              for (var q = 0; rankedAt < upTo && q < LABEL_ANCHORS; q++, rankedAt++) {
                var g = ranked[rankedAt][1];
                if (self._labelName(g)) self._anchor(g); // (as the placement asks: only named ones)
              }
              steps.labelSteps++;
              if (rankedAt >= upTo) { self._labelMarks(over, ranked); labelsLeft = false; }
            }
          } else {
            painted = paintMarks(tmpCtx, over, s, 0, 0, painted, painted + 2048); // (8 × 256)
            done = painted >= over.length;
          }
        }
      } catch (e) {
        self._steps = null;
        self.renderNow(); // (its level dropped meanwhile: drawn whole)
        return;
      }
      if (!done) {
        steps.raf = requestAnimationFrame(function () { frame(performance.now()); });
        return;
      }
      self._steps = null;
      // (resized meanwhile: the image made is not the screen's size)
      if (W !== self.canvas.width || H !== self.canvas.height) { self.renderNow(); return; }
      self.lastRenderFrames = steps.frames;
      self.lastLabelSteps = steps.labelSteps; // (tests)
      self._paint(t0, tmp, filledWith, overInSteps);
    }
    frame(t0);
    return true;
  };
  /** Gives up a redraw in steps in progress (see `_renderInSteps`). */
  AtlasMap.prototype._cancelSteps = function () {
    var st = this._steps;
    if (!st) return;
    this._steps = null;
    if (st.raf) cancelAnimationFrame(st.raf);
    try {
      if (st.lod) st.view.prepareLodEnd(st.lod);
      if (st.job) st.view.fillLodEnd(st.job);
    } catch (e) { /* the view was freed */ }
  };

  /**
   * Border width in CSS pixels: 0.6 px while features are large on screen, thinner as they shrink
   * (35,000 communes at full view are 3–5 px wide: wide white borders would wash the colours out),
   * none below about 2 px.
   */
  AtlasMap.prototype._borderWidth = function () {
    return wb.borderWidth(this._typicalSize() * this.k); // (the exports' rule: src/render/svg.rs)
  };
  /** Median size (longer side of the box, projected units) of the drawn features, from the engine
   *  (the boxes copied and sorted here took 8 ms for the communes). */
  AtlasMap.prototype._typicalSize = function () {
    if (this._typical == null) this._typical = this.view.typicalSize();
    return this._typical;
  };

  AtlasMap.prototype._setTransform = function (ctx) {
    var d = this.dpr;
    ctx.setTransform(this.k * d, 0, 0, -this.k * d, this.tx * d, this.ty * d);
  };

  /**
   * Starts an interactive gesture (drag, pinch, wheel): while it lasts, frames re-use a snapshot of
   * the last full-quality render under the new transform, if a full render costs more than a frame.
   */
  AtlasMap.prototype.beginGesture = function () {
    if (this._gesture || !this.view) return;
    this._cancelSteps(); // (the screen holds the last gesture's frame: the snapshot starts from it)
    var snap = this._snap || (this._snap = document.createElement('canvas'));
    snap.width = this.canvas.width; snap.height = this.canvas.height;
    snap.getContext('2d').drawImage(this.canvas, 0, 0);
    this._gesture = { k: this.k, tx: this.tx, ty: this.ty, snap: snap };
  };
  /** Ends the gesture: one full-quality render (over a few frames on a big map: `_renderInSteps`). */
  AtlasMap.prototype.endGesture = function () {
    if (!this._gesture) return;
    this._gesture = null;
    this._afterGesture = true;
    this.render();
  };

  AtlasMap.prototype._drawGesture = function () {
    var g = this._gesture, d = this.dpr, s = this.k / g.k;
    var ctx = this.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(s, 0, 0, s, d * (this.tx - g.tx * s), d * (this.ty - g.ty * s));
    ctx.drawImage(g.snap, 0, 0);
    this._clearOverlay();
    this._placeScaleBar();
  };

  /** Draws the whole map now. Returns the time it took, in ms. */
  AtlasMap.prototype.renderNow = function () {
    var t0 = performance.now();
    this._cancelSteps();
    this._afterGesture = false;
    this._recolour = false;
    // a render() asked for before would draw this same state again (a big map's whole redraw)
    if (this._raf) { cancelAnimationFrame(this._raf); this._raf = 0; }
    // Canvas rasterises lazily (at frame commit), so timing renderNow() says nothing of its cost:
    // judge by the vertices drawn. Small maps redraw in full at every frame.
    if (this._gesture && this._lodCount > 20000) {
      this._drawGesture();
      this.lastRenderMs = performance.now() - t0;
      return this.lastRenderMs;
    }
    this._paint(t0);
    return this.lastRenderMs;
  };

  /**
   * The screen's canvas drawn whole (what `renderNow` and a redraw in steps end with): cleared, the
   * engine's fill made in steps on it if given (`image`, with what `_engineFill` would have
   * returned: `filled`), the scene over it, the overlay; the render begun at `t0` is then complete.
   */
  AtlasMap.prototype._paint = function (t0, image, filled, overDrawn) {
    var ctx = this.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    // (under a world map, the sphere: the engine's fill then goes over it, not in place of it)
    var cleared = !this._drawSphere(ctx, this.dpr);
    if (image) ctx.drawImage(image, 0, 0);
    // (`overDrawn`: the image has the symbols and labels already)
    if (this.view && overDrawn) this._drawGeometry(ctx, this.dpr, cleared, filled);
    else if (this.view) this._drawScene(ctx, this.dpr, cleared, filled);
    this._drawFrames(ctx, this.dpr);
    this._drawOverlay();
    this._rendered(performance.now() - t0);
  };

  /**
   * The whole scene at `s` device pixels per CSS pixel: the screen (s = devicePixelRatio) and the
   * PNG export (s = 1, 2, 3) draw through here. Geometry in world units, then symbols and labels
   * in pixels. `cleared`: `ctx` is the whole canvas, just cleared. `filled`: the engine's fill
   * already on it (what `_engineFill` returned: see `_renderInSteps`).
   */
  AtlasMap.prototype._drawScene = function (ctx, s, cleared, filled) {
    this._drawGeometry(ctx, s, cleared, filled);
    this._drawOver(ctx, s);
  };
  /** Whether the engine's fill (`engine`, from `_engineFill`) is the whole of the map's features:
   *  polygons only, their borders (`bw` wide) stroked by it or none. */
  AtlasMap.prototype._fillIsAll = function (engine, bw) {
    return !!engine && (engine.stroked || !(bw > 0)) && this._onlyPolygons;
  };
  /**
   * Under a world map (equirectangular, Equal Earth, Natural Earth, the globe), the whole sphere:
   * its fill, a graticule every 30° (the world's meridians, whatever the layer's centre) and its outline, as d3 maps draw them (src/carto/sphere.rs; the
   * SVG export draws the same in the same colours). False, and nothing drawn, for the others.
   */
  AtlasMap.prototype._drawSphere = function (ctx, s) {
    if (!this.view) return false;
    var sp = this._sphere;
    if (!sp) {
      var o = this.view.sphereOutline(), g = this.view.graticule();
      sp = this._sphere = { outline: null, graticule: null };
      if (o.length >= 6) {
        var po = new Path2D(), pg = new Path2D(), start = true;
        po.moveTo(o[0], o[1]);
        for (var i = 2; i < o.length; i += 2) po.lineTo(o[i], o[i + 1]);
        po.closePath();
        for (var j = 0; j < g.length; j += 2) {
          if (g[j] !== g[j]) { start = true; continue; }
          if (start) pg.moveTo(g[j], g[j + 1]); else pg.lineTo(g[j], g[j + 1]);
          start = false;
        }
        sp.outline = po; sp.graticule = pg;
      }
    }
    if (!sp.outline) return false;
    ctx.save();
    ctx.setTransform(this.k * s, 0, 0, -this.k * s, this.tx * s, this.ty * s);
    ctx.fillStyle = SPHERE.fill; ctx.fill(sp.outline);
    ctx.strokeStyle = SPHERE.graticule; ctx.lineWidth = 0.5 / this.k; ctx.stroke(sp.graticule);
    ctx.strokeStyle = SPHERE.outline; ctx.lineWidth = 0.8 / this.k; ctx.stroke(sp.outline);
    ctx.restore();
    return true;
  };
  /**
   * The frames of a composite's insets (France's DROM, as official maps box them), over the map
   * (12 km out of what each inset draws: over nothing but a label that reaches them). On the
   * screen drawn last whether the map was drawn in steps or at once (the same pixels either way);
   * in an export, after the features.
   */
  AtlasMap.prototype._drawFrames = function (ctx, s) {
    var fr = this._frameBoxes();
    if (!fr.length) return;
    ctx.save();
    // in device pixels, on whole pixels: a crisp line, and the same pixels whatever rasterises the
    // canvas (a stroke's antialiasing differed between Chromium's two canvas back-ends)
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1; ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = INSET_FRAME;
    var t = Math.max(1, Math.round(0.75 * s));
    for (var i = 0; i + 3 < fr.length; i += 4) {
      var x0 = Math.round(fr[i] * s), y0 = Math.round(fr[i + 1] * s), x1 = Math.round(fr[i + 2] * s), y1 = Math.round(fr[i + 3] * s);
      ctx.fillRect(x0, y0, x1 - x0, t); ctx.fillRect(x0, y1 - t, x1 - x0, t);
      ctx.fillRect(x0, y0, t, y1 - y0); ctx.fillRect(x1 - t, y0, t, y1 - y0);
    }
    ctx.restore();
  };
  /** The sphere's colours (as src/render/svg.rs `SPHERE_*`). */
  var SPHERE = { fill: '#eaf0f6', graticule: '#d3dde8', outline: '#9aabbb' };

  /** The map's features alone (see `_drawScene`). */
  AtlasMap.prototype._drawGeometry = function (ctx, s, cleared, filled) {
    var l = this._lod(), colors = this._shownColors(), k = colors.length, bw = this._borderWidth();
    var engine = filled || this._engineFill(ctx, l, s, bw * s, cleared);
    this.lastStroke = bw > 0 ? (engine && engine.stroked ? 'engine' : 'canvas') : 'none';
    // a layer of polygons filled and stroked by the engine needs no path at all
    if (this._fillIsAll(engine, bw)) return;
    var P = this._paths(l, !engine);
    ctx.setTransform(this.k * s, 0, 0, -this.k * s, this.tx * s, this.ty * s);
    for (var i = 0; !engine && i <= k; i++) {
      ctx.fillStyle = i < k ? colors[i] : this._noData();
      ctx.fill(P.fills[i], 'evenodd');
    }
    ctx.lineJoin = 'round';
    if (bw > 0 && !(engine && engine.stroked)) {
      ctx.strokeStyle = this.stroke;
      ctx.lineWidth = bw / this.k;
      ctx.stroke(P.outline);
    }
    // lines and points in their class's colour (a network of roads by traffic, shops by sales):
    // they once were grey whatever the legend said; grey still on a map without classes
    var plain = !this.classes || !k, cls = this.classes, noData = plain ? null : this._noData();
    ctx.lineWidth = (plain ? 1 : LINE_W) / this.k;
    for (var li = 0; li <= k && li < P.lines.length; li++) {
      ctx.strokeStyle = plain ? '#555' : li < k ? colors[li] : noData;
      ctx.stroke(P.lines[li]);
    }
    if (!P.points.length) return;
    var dots = [], r = this._pointRadius(P.points), rr = r / this.k;
    for (var d = 0; d <= k; d++) dots.push(new Path2D());
    for (var j = 0; j < P.points.length; j += 3) {
      var pc = plain ? 0 : cls[P.points[j]], dot = dots[plain ? 0 : pc >= 0 && pc < k ? pc : k];
      dot.moveTo(P.points[j + 1] + rr, P.points[j + 2]);
      dot.arc(P.points[j + 1], P.points[j + 2], rr, 0, 2 * Math.PI);
    }
    ctx.strokeStyle = POINT_EDGE; ctx.lineWidth = 0.75 / this.k;
    for (var di = 0; di <= k; di++) {
      ctx.fillStyle = plain ? POINT_EDGE : di < k ? colors[di] : noData;
      ctx.fill(dots[di]);
      if (!plain && r >= 3) ctx.stroke(dots[di]);
    }
  };
  /** The dots' radius (CSS pixels): POINT_R where there is room, down to 1.5 where the points on
   *  screen are dense (35,000 of them: 4 px dots were one dark blot), each about a third of the
   *  mean spacing (src/render/svg.rs `point_radius`). `points` as `_paths` keeps them. */
  AtlasMap.prototype._pointRadius = function (points) {
    var n = 0, W = this.width, H = this.height;
    for (var j = 0; j < points.length; j += 3) {
      var x = points[j + 1] * this.k + this.tx, y = this.ty - points[j + 2] * this.k;
      if (x >= 0 && y >= 0 && x <= W && y <= H) n++;
    }
    return n ? Math.min(POINT_R, Math.max(1.5, 0.35 * Math.sqrt(W * H / n))) : POINT_R;
  };
  /** A point feature's dot (radius, CSS pixels) and outline, a line's width on a map of classes
   *  (as src/render/svg.rs `POINT_R`, `POINT_EDGE`, `LINE_W`). */
  var POINT_R = 4, POINT_EDGE = '#333', LINE_W = 2;
  /** The frames around a composite's insets, asked once a view (src/carto/projected.rs
   *  `inset_frames`): `[x0, y0, x1, y1, …]` in projected units. */
  AtlasMap.prototype._insetFrames = function () {
    if (this._framesView !== this.view) { this._frames = this.view.insetFrames(); this._framesView = this.view; }
    return this._frames;
  };
  /** The same frames on the map as it is now, in CSS pixels (`[x0, y0, x1, y1, …]`): drawn over
   *  it (`_drawFrames`), and no label crosses them (src/render/labels.rs). */
  AtlasMap.prototype._frameBoxes = function () {
    var fr = this.view ? this._insetFrames() : [], out = new Float64Array(fr.length);
    for (var i = 0; i + 3 < fr.length; i += 4) {
      var a = this.toScreen(fr[i], fr[i + 3]), b = this.toScreen(fr[i + 2], fr[i + 1]);
      out[i] = a[0]; out[i + 1] = a[1]; out[i + 2] = b[0]; out[i + 3] = b[1];
    }
    return out;
  };
  /** The insets' frames' colour (src/render/svg.rs `INSET_FRAME`). */
  var INSET_FRAME = '#9aabbb';
  /** What goes over the geometry: symbols, then labels (see `_overMarks`). */
  AtlasMap.prototype._drawOver = function (ctx, s) {
    if (this.symbols || this.labels) paintMarks(ctx, this._overMarks(), s);
  };
  /** What goes over the map's features, as marks in its CSS pixels (see `paintMarks`): the
   *  screen and both exports draw the same list. */
  AtlasMap.prototype._overMarks = function () {
    var out = [];
    if (this.symbols) this._symbolMarks(out);
    if (this.labels) this._labelMarks(out);
    return out;
  };

  AtlasMap.prototype.render = function () {
    var self = this;
    if (this._raf) return this;
    this._raf = requestAnimationFrame(function () {
      self._raf = 0;
      // a big map in steps (see _renderInSteps), the screen keeping what it shows meanwhile: after
      // a gesture (its last frame), for a view's first map (a new file: the page's progress waits
      // for it, see `drawn`), and for new colours (classes, a palette, a legend entry hovered: the
      // communes' fill froze the page 32–44 ms each time, and a visitor going through palettes
      // with the keyboard waited for every one; in steps, the next change gives up the last);
      // anything else (a pan or zoom by keys, buttons or a double click) at once, as the screen
      // would show the old view
      var fresh = self._drawnView !== self.view, recolour = self._recolour;
      var steps = !self._gesture && self._big() && (self._afterGesture || fresh || recolour);
      // a view's first map in frames of ~32 ms of work (nobody is moving it yet: the communes' took
      // 13 frames and 210 ms at 8, their work ~100 ms), the end of a gesture in frames of ~8, new
      // colours in frames of ~12 (the page's own work for them, legend and histogram, comes first)
      var budget = self._afterGesture ? 8 : recolour && !fresh ? 12 : 32;
      self._afterGesture = false;
      self._recolour = false;
      self._cancelSteps();
      if (!(steps && self._renderInSteps(budget))) self.renderNow();
    });
    return this;
  };
  /** Whether a full redraw is long enough to spread over frames: as for gestures, more than 20,000
   *  vertices drawn (before any level is prepared: a layer of more than 50,000). */
  AtlasMap.prototype._big = function () {
    if (this.lodCache.size) return this._lodCount > 20000;
    var info = this.layer && this.layer.infoJson;
    return !!(info && info.vertices > 50000);
  };
  /** A render complete: the view the screen shows, and whoever waited for it (`drawn`). */
  AtlasMap.prototype._rendered = function (ms) {
    this._drawnView = this.view;
    this.lastRenderMs = ms;
    var w = this._waiting || [];
    this._waiting = null;
    this._emit('render', ms);
    w.forEach(function (f) { f(ms); });
  };
  /** Resolves once the map on the screen is complete: at once if no render is asked for or in
   *  progress, else when it is done (its time, ms). */
  AtlasMap.prototype.drawn = function () {
    var self = this;
    // (an eased move under way: its end, then its full redraw)
    if (this._move) return new Promise(function (r) { self._move.waiting.push(r); }).then(function () { return self.drawn(); });
    if (!this._raf && !this._steps) return Promise.resolve(this.lastRenderMs);
    return new Promise(function (r) { (self._waiting || (self._waiting = [])).push(r); });
  };

  AtlasMap.prototype._featurePath = function (f) {
    var p = new Path2D();
    // (none while a redraw in steps prepares the level: the outline comes with the redraw)
    if (this._steps && this._steps.lod) return p;
    // [ring count, each ring's length, coordinates]
    var a = this.view.lodFeature(this._lod().id, f);
    var n = a.length ? a[0] : 0, c = a.subarray(1 + n), at = 0;
    for (var r = 0; r < n; r++) {
      if (a[1 + r] === 1) {
        // a point: a ring around its dot
        var rr = (POINT_R + 1.5) / this.k;
        p.moveTo(c[2 * at] + rr, c[2 * at + 1]); p.arc(c[2 * at], c[2 * at + 1], rr, 0, 2 * Math.PI);
      } else if (a[1 + r] > 0) ringPath(p, c, at, at + a[1 + r]);
      at += a[1 + r];
    }
    return p;
  };

  /** Clears the overlay if anything is drawn on it. */
  AtlasMap.prototype._clearOverlay = function () {
    if (!this._overlayDrawn) return null;
    var ctx = this.overlay.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    this._overlayDrawn = false;
    return ctx;
  };

  /** The scale bar, and the hovered and selected features' outlines over the map. */
  AtlasMap.prototype._drawOverlay = function () {
    this._placeScaleBar();
    var outline = this.view && (this.selected >= 0 || this.hover >= 0), box = this._box;
    var ctx = this._clearOverlay();
    if (!outline && !box) return;
    ctx = ctx || this.overlay.getContext('2d');
    this._overlayDrawn = true;
    if (outline) {
      this._setTransform(ctx);
      ctx.lineJoin = 'round';
      if (this.selected >= 0) {
        ctx.strokeStyle = '#000'; ctx.lineWidth = 2.5 / this.k; ctx.stroke(this._featurePath(this.selected));
      }
      if (this.hover >= 0 && this.hover !== this.selected) {
        ctx.strokeStyle = '#222'; ctx.lineWidth = 1.5 / this.k; ctx.stroke(this._featurePath(this.hover));
      }
    }
    if (box) {
      // the box a shift-drag draws (see `_bind`), CSS pixels
      var d = this.dpr, x = Math.min(box[0], box[2]), y = Math.min(box[1], box[3]);
      var bw = Math.abs(box[2] - box[0]), bh = Math.abs(box[3] - box[1]);
      ctx.setTransform(d, 0, 0, d, 0, 0);
      ctx.fillStyle = 'rgba(37, 99, 235, 0.12)'; ctx.fillRect(x, y, bw, bh);
      ctx.strokeStyle = '#1d4ed8'; ctx.lineWidth = 1;
      ctx.strokeRect(Math.round(x) + 0.5, Math.round(y) + 0.5, Math.round(bw), Math.round(bh));
    }
  };

  /** The scale bar's canvas: drawn again only when its length or its text changed. */
  AtlasMap.prototype._placeScaleBar = function () {
    var b = this.view && this.scaleBar !== false ? this._scaleBarSize() : null;
    var want = b ? b.text + ' ' + b.px : null;
    if (want === this._barDrawn && this.view === this._barView) return;
    var ctx = this.bar.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.bar.width, this.bar.height);
    this._barDrawn = want; this._barView = this.view;
    if (want == null) this.scaleBarLength = null;
    // (where an export draws it: 14 px above the map's bottom edge)
    if (want != null) this._drawScaleBar(ctx, this.dpr, this.height - Math.min(BAR_H, this.height));
  };

  /**
   * Where a feature's symbol or label goes, in projected units (null if it is not drawn). A feature
   * under 16 px on screen gets the centre of its box (the pole of inaccessibility would be within a
   * few pixels of it, and 35,000 of them cost seconds); a larger one gets its pole of inaccessibility,
   * computed once when first needed.
   */
  AtlasMap.prototype._anchor = function (f) {
    if (!this._boxes) this._boxes = this.view.featureBoxes();
    var B = this._boxes, x0 = B[4 * f];
    if (x0 !== x0) return null;
    var w = B[4 * f + 2] - x0, h = B[4 * f + 3] - B[4 * f + 1];
    if (Math.max(w, h) * this.k < 16) return [x0 + w / 2, B[4 * f + 1] + h / 2];
    if (!this._anchors) this._anchors = new Map();
    var a = this._anchors.get(f);
    if (a === undefined) {
      // a place kept by the host (a globe turning: each frame is a new view of the same
      // features, whose poles of inaccessibility were ~8 ms a frame), projected; else the
      // engine's, kept as a place for the next view
      var P = this.anchorPlaces, at = P && P.get(f), v;
      if (at) v = at.length === 2 ? this.view.project(at[0], at[1]) : [];
      else {
        v = this.view.anchor(f);
        if (P) P.set(f, v.length === 2 ? Array.from(this.view.place(v[0], v[1])) : []);
      }
      a = v.length === 2 ? [v[0], v[1]] : null;
      this._anchors.set(f, a);
    }
    return a;
  };

  // The scale bar at the map's scale (src/render/sheet.rs): a round number of metres near 100 CSS
  // px, its label and its marks, measured at the place in the view's middle (an inset's own scale
  // when zoomed on it, Mercator's at that latitude: Projected::view_scale); null where that is no
  // place or the scale changes by more than a quarter across the view (a world map).
  AtlasMap.prototype._scaleBarSize = function () {
    var c = this.toWorld(this.width / 2, this.height / 2), key = this.k + ' ' + c[0] + ' ' + c[1] + ' ' + this.height;
    var kept = this._bar && this._bar.view === this.view ? this._bar : null;
    // (a drag's frames keep the bar of its scale: measured again where it ends, not 21 places
    // found at every frame)
    if (kept && (kept.key === key || (this._gesture && kept.k === this.k && kept.height === this.height))) return kept.size;
    var mpu = this.view.viewScale(c[0], c[1], Math.min(this.width, this.height) / 2 / this.k);
    var json = mpu === mpu ? wb.scaleBar(mpu / this.k, this.height) : null; // (metres a CSS pixel)
    var size = json ? JSON.parse(json) : null;
    this._bar = { key: key, k: this.k, height: this.height, view: this.view, size: size };
    return size;
  };

  /** The scale bar (bottom left, see _scaleBarSize); `dy`: how far below the map's top `ctx`
   *  begins (the bar's own canvas). */
  AtlasMap.prototype._drawScaleBar = function (ctx, d, dy) {
    var b = this._scaleBarSize();
    if (!b) return;
    paintMarks(ctx, b.marks, d, 0, -(dy || 0));
    this.scaleBarLength = { metres: b.metres, px: b.px };
  };

  /**
   * Where the scale bar is, in CSS pixels of the map ([x0, y0, x1, y1], its text included), or null
   * when none is drawn: labels keep clear of it.
   */
  AtlasMap.prototype.scaleBarBox = function () {
    var b = this.view && this.scaleBar !== false ? this._scaleBarSize() : null;
    if (!b) return null;
    // (its text measured in the font it is drawn in)
    var y = this.height - SCALE_Y, tw = textWidth(b.text, SCALE_FONT);
    return [SCALE_X - 2, y - 17, SCALE_X + Math.max(b.px, 4 + tw) + 2, y + 2];
  };

  /**
   * Proportional symbols over the map: `values` per feature (NaN = none), circles or squares whose
   * area is proportional to the value, the largest drawn first so the small stay visible. A
   * negative value (a population lost, a deficit) has a symbol as large as its magnitude's, in a
   * colour of its own (`negativeColor`, else one apart from the classes and the positives': see
   * `symbolNegativeColor`); the key says which colour is which sign (`symbolSigns`).
   */
  AtlasMap.prototype.setSymbols = function (values, options) {
    var wasPlain = this._plain();
    if (!values) {
      this.symbols = null;
      if (wasPlain) this._coloursChanged();
      // (the room kept for symbols given back: the map fitted again if not moved since, else its
      // home view, where `reset` goes)
      if (this._symbolPad) {
        this._symbolPad = 0;
        if (this.view && !this.moved) return this.fit();
        this.home = this._homeView() || this.home;
      }
      return this.render();
    }
    options = options || {};
    var max = 0, pos = false, neg = false, order = [];
    for (var j = 0; j < values.length; j++) {
      var v = values[j];
      if (!isFinite(v) || v === 0) continue;
      order.push(j);
      if (v > 0) pos = true; else neg = true;
      if (Math.abs(v) > max) max = Math.abs(v);
    }
    order.sort(function (a, b) { return Math.abs(values[b]) - Math.abs(values[a]); });
    this.symbols = {
      values: values, max: max, order: order, pos: pos, neg: neg, maxRadius: options.maxRadius || 28, shape: options.shape || 'circle',
      color: options.color || null, negativeColor: options.negativeColor || null, stroke: options.stroke || null, colorBy: options.colorBy === 'class' ? 'class' : null
    };
    if (this._plain() !== wasPlain) this._coloursChanged();
    if (options.fit && this.view && !this.moved) return this._fitSymbols();
    return this.render();
  };
  /** Fits the map (`fit`) with its padding grown by what the symbol reaching furthest past an
   *  edge needs, every symbol whole (a few rounds: their places move with the scale, their sizes
   *  do not); `setSymbols(values, {fit: true})` on a map not moved since it was fitted. */
  AtlasMap.prototype._fitSymbols = function () {
    var s = this.symbols;
    this._symbolPad = 0;
    for (var round = 0; round < 3; round++) {
      this.fit();
      var past = 0;
      for (var i = 0; s && i < s.order.length; i++) {
        var f = s.order[i], a = this._anchor(f);
        if (!a) continue;
        var p = this.toScreen(a[0], a[1]), r = this.symbolRadius(s.values[f]);
        past = Math.max(past, r - p[0], p[0] + r - this.width, r - p[1], p[1] + r - this.height);
      }
      if (!(past > 0.5)) break;
      this._symbolPad += past;
    }
    return this;
  };
  /** Radius in CSS px of the symbol for a value. */
  AtlasMap.prototype.symbolRadius = function (v) {
    var s = this.symbols;
    v = Math.abs(v);
    return s && s.max > 0 && v > 0 && isFinite(v) ? s.maxRadius * Math.sqrt(v / s.max) : 0;
  };
  var SYMBOL_OUTLINE_MIN_R = 2; // (src/render/symbols.rs OUTLINE_MIN_R)
  /**
   * The symbols' fill as `#rrggbbaa` (null without symbols): the colour given to `setSymbols`, else
   * one that stands out from the classes' colours under them (a blue, an orange over blue classes…:
   * src/render/symbols.rs `fill_over`, as the CLI's), following them as they change.
   */
  AtlasMap.prototype.symbolColor = function () {
    var s = this.symbols;
    if (!s) return null;
    if (s.colorBy === 'class') return KEY_GREY;
    if (s.color) return hex8(s.color);
    var colors = this.colors, key = colors.join(' ');
    if (!this._autoFill || this._autoFill.key !== key) {
      var cols = colors.map(rgba32).filter(function (c) { return c != null; });
      this._autoFill = { key: key, fill: wb.symbolFill(Uint32Array.from(cols)) };
    }
    return this._autoFill.fill;
  };
  /** The fill of negative values' symbols, `#rrggbbaa` (null without symbols): `negativeColor`, else
   *  one apart from the classes under them and from the positives' (src/render/symbols.rs
   *  `negative_fill_over`, as the CLI's). */
  AtlasMap.prototype.symbolNegativeColor = function () {
    var s = this.symbols;
    if (!s) return null;
    if (s.negativeColor) return hex8(s.negativeColor);
    var pos = this.symbolColor(), key = this.colors.join(' ') + ' ' + pos;
    if (!this._autoNegative || this._autoNegative.key !== key) {
      var cols = this.colors.map(rgba32).filter(function (c) { return c != null; });
      this._autoNegative = { key: key, fill: wb.symbolNegativeFill(Uint32Array.from(cols), parseInt(pos.slice(1, 9), 16) >>> 0) };
    }
    return this._autoNegative.fill;
  };
  /** Feature `f`'s symbol's fill when they are coloured by class: its class's colour (no data:
   *  the no-data colour), faded but for the class highlighted on the screen. */
  AtlasMap.prototype._classFills = function () {
    var self = this, i = this._exporting ? null : this.highlighted, n = this.colors.length;
    var own = this.colors.map(function (c, k) { return hex8(i == null || k === i ? c : faded(c)); });
    var none = hex8(i == null || i === n ? this.noDataColor : faded(this.noDataColor));
    return function (f) { var k = self.classes ? self.classes[f] : -1; return k >= 0 && k < n ? own[k] : none; };
  };
  /** Which colour is which sign, where some value is negative: [{ label: '> 0' | '< 0', color }]
   *  for the signs present; empty without negative values. */
  AtlasMap.prototype.symbolSigns = function () {
    var s = this.symbols;
    if (!s || !s.neg || s.colorBy === 'class') return [];
    var out = s.pos ? [{ label: '> 0', color: this.symbolColor() }] : [];
    out.push({ label: '< 0', color: this.symbolNegativeColor() });
    return out;
  };
  /** The symbols' marks into `out`, largest first; those from `from` to `to` in that order if
   *  given (a redraw in steps): returns where it stopped. */
  AtlasMap.prototype._symbolMarks = function (out, from, to) {
    var s = this.symbols, plus = this.symbolColor(), minus = s.neg ? this.symbolNegativeColor() : plus;
    // (coloured by class: each its class's colour, the others faded while a class is highlighted,
    // outlined in dark grey — a white outline lost the lightest classes' on the plain map)
    var own = s.colorBy === 'class' ? this._classFills() : null, pen = hex8(s.stroke || (own ? CLASS_OUTLINE : '#fff'));
    var end = to == null ? s.order.length : Math.min(to, s.order.length);
    for (var i = from || 0; i < end; i++) {
      var f = s.order[i], a = this._anchor(f);
      if (!a) continue;
      var p = this.toScreen(a[0], a[1]), r = this.symbolRadius(s.values[f]);
      if (p[0] < -r || p[1] < -r || p[0] > this.width + r || p[1] > this.height + r) continue;
      // (outlined from 2 px of radius: under it the outline would be most of the symbol; as the CLI)
      var o = r >= SYMBOL_OUTLINE_MIN_R ? pen : null, fill = own ? own(f) : s.values[f] < 0 ? minus : plus;
      out.push(s.shape === 'square' ? ['r', p[0] - r, p[1] - r, 2 * r, 2 * r, fill, o, 0.8] : ['c', p[0], p[1], r, fill, o, 0.8]);
    }
    return end;
  };
  /** The values the symbols' key shows (the largest and two round fractions of it) and their
   *  radii: [{ value, r }], largest first; empty without symbols. */
  AtlasMap.prototype.symbolKey = function () {
    var s = this.symbols, self = this;
    if (!s || !(s.max > 0)) return [];
    return Array.from(wb.symbolKeyValues(s.max)).map(function (v) { return { value: v, r: self.symbolRadius(v) }; });
  };

  /**
   * Labels for the largest features on screen (by the area they cover), at their pole of
   * inaccessibility; a label that would overlap one already placed is left out. `names`: an array
   * of strings per feature, or a function of the feature index (asked only for the features big
   * enough on screen to be labelled); a text of several lines ('\n' between them: a name and its
   * value) is drawn a line under the other, three at most.
   */
  AtlasMap.prototype.setLabels = function (names, options) {
    this.labels = names ? { names: names, max: (options && options.max) || 40 } : null;
    if (!names) { this.placedLabels = []; this.labelBoxes = []; }
    return this.render();
  };
  AtlasMap.prototype._labelMarks = function (out, ranked) {
    var L = this.labels;
    ranked = ranked || this._labelRanking();
    // their names and poles of inaccessibility asked in that order, a few times as many as may be
    // placed, more only if those fall short (deep in a zoom on the communes 800 qualify: their
    // poles were 50 ms), each text measured here in the labels' font; placed by the engine
    // (src/render/labels.rs), the scale bar, drawn over the map, no place for a label, nor an
    // inset's frame's line
    var cand = [], at = 0, r = null, mc = scratch(), bar = this.scaleBarBox(), frames = this._frameBoxes();
    mc.font = LABEL_FONT;
    do {
      for (var end = Math.min(ranked.length, at + 4 * L.max); at < end; at++) {
        var g = ranked[at][1], name = this._labelName(g);
        if (!name) continue;
        var a = this._anchor(g);
        if (!a) continue;
        var p = this.toScreen(a[0], a[1]);
        if (p[0] < 0 || p[1] < 0 || p[0] > this.width || p[1] > this.height) continue;
        // a point's name beside its dot (its symbol, when larger), not over it: the engine puts it
        // on the right, on the left where the right is off the map or taken
        var beside = 0;
        if (this._isPoint(g)) {
          var sv = this.symbols && this.symbols.values[g];
          beside = Math.max(POINT_R, sv ? this.symbolRadius(sv) : 0) + 3;
        }
        // (a name and its value under it: lines cut at '\n', the widest measured)
        var width = 0, lines = name.split('\n', 3);
        for (var li = 0; li < lines.length; li++) width = Math.max(width, mc.measureText(lines[li]).width);
        cand.push([g, p, name, width, beside]);
      }
      var nums = new Float64Array(4 * cand.length), texts = [];
      for (var i = 0; i < cand.length; i++) {
        nums.set([cand[i][1][0], cand[i][1][1], cand[i][3], cand[i][4]], 4 * i);
        texts.push(cand[i][2]);
      }
      r = JSON.parse(wb.placeLabels(nums, texts, new Float64Array(bar || []), frames, this.width, this.height, L.max));
    } while (r.placed.length < L.max && at < ranked.length);
    this.placedLabels = r.placed.map(function (i) { return cand[i][0]; });
    this.labelBoxes = r.boxes;
    for (var j = 0; j < r.marks.length; j++) out.push(r.marks[j]);
  };
  /** Whether feature `f` is a point (its box a point: a shop, a town as a place). */
  AtlasMap.prototype._isPoint = function (f) {
    var B = this._boxes || (this._boxes = this.view.featureBoxes());
    return B[4 * f] === B[4 * f + 2] && B[4 * f + 1] === B[4 * f + 3];
  };
  /** Feature `f`'s label (`labels.names`: an array, or a function of the feature). */
  AtlasMap.prototype._labelName = function (f) {
    var names = this.labels.names;
    return typeof names === 'function' ? names(f) : names[f];
  };
  /** The features on screen big enough for a label, best first: `[[rank, feature]]` (see
   *  `_labelMarks`). */
  AtlasMap.prototype._labelRanking = function () {
    var L = this.labels;
    if (!this._boxes) this._boxes = this.view.featureBoxes();
    var B = this._boxes, k = this.k, names = L.names, byIndex = typeof names === 'function';
    // the features on screen and big enough for a label
    var feats = [], boxes = [];
    for (var f = 0; 4 * f < B.length && (byIndex || f < names.length); f++) {
      if (B[4 * f] !== B[4 * f]) continue;
      var w = (B[4 * f + 2] - B[4 * f]) * k, h = (B[4 * f + 3] - B[4 * f + 1]) * k;
      if ((w < 24 || h < 10) && !this._isPoint(f)) continue;
      var c0 = this.toScreen(B[4 * f], B[4 * f + 3]);
      if (c0[0] > this.width || c0[1] > this.height || c0[0] + w < 0 || c0[1] + h < 0) continue;
      feats.push(f); boxes.push(w * h);
    }
    // ranked by the area each covers on screen, its box's for one without (points, lines): an
    // archipelago's box spans an ocean (src/render/labels.rs `rank`); the areas asked in one call
    // for those not known yet (kept: in projected units, whatever the zoom)
    if (!this._areas) this._areas = new Map();
    var areas = this._areas, need = feats.filter(function (f) { return !areas.has(f); });
    if (need.length) {
      var got = this.view.featureAreas(Uint32Array.from(need));
      for (var n = 0; n < need.length; n++) areas.set(need[n], got[n]);
    }
    var ranked = feats.map(function (f, i) { var a = areas.get(f) * k * k; return [a > 0 ? a : boxes[i], f]; });
    ranked.sort(function (x, y) { return y[0] - x[0]; });
    return ranked;
  };

  /**
   * The places (longitude, latitude) of the label and symbol anchors found so far, by feature: for
   * `anchorPlaces` while a host draws new layers of the same features (a globe turning).
   */
  AtlasMap.prototype.anchorPlacesFound = function () {
    var places = new Map(), view = this.view;
    if (this._anchors) this._anchors.forEach(function (a, f) { if (a) places.set(f, Array.from(view.place(a[0], a[1]))); });
    return places;
  };

  /** The feature index at a CSS pixel position in the map, or -1. */
  AtlasMap.prototype.featureAt = function (sx, sy) {
    if (!this.view) return -1;
    var w = this.toWorld(sx, sy);
    // (within a point's dot, or a few pixels of a line)
    return this.view.featureAt(w[0], w[1], (POINT_R + 1) / this.k);
  };

  /** CSS pixel position of a point well inside a feature, or null if it is not drawn. */
  AtlasMap.prototype.featureScreenPoint = function (f) {
    var a = this.view && this.view.anchor(f);
    return a && a.length ? this.toScreen(a[0], a[1]) : null;
  };

  // How far the map zooms from its home view: out to a quarter of it (the map a small patch in the
  // middle, never a dot), in to 4096 times (a commune's streets in a map of France, 25 cm a pixel;
  // past it a wheel turned on and on showed one colour at 5 cm a pixel, the map lost).
  var ZOOM_OUT = 0.25, ZOOM_IN = 4096;
  /** The scale `k` within the map's zoom limits (see ZOOM_IN); as it is before the map has a home. */
  AtlasMap.prototype.zoomLimit = function (k) {
    var h = this.home && this.home[0];
    return h > 0 ? Math.min(Math.max(k, h * ZOOM_OUT), h * ZOOM_IN) : Math.max(1e-12, k);
  };
  /** Zooms by `factor` about the CSS pixel (sx, sy) of the map (its middle if not given), which
   *  stays where it is; `{ animate: true }`: eased there (see `_moveTo`). */
  AtlasMap.prototype.zoomBy = function (factor, sx, sy, opts) {
    this.moved = true;
    if (sx == null) { sx = this.width / 2; sy = this.height / 2; }
    // (an eased move on top of one still under way: from where that one goes, as two clicks of
    // a button zoom twice)
    var b = this._base(opts), k = this.zoomLimit(b.k * factor);
    factor = k / b.k;
    return this._moveTo(k, sx - (sx - b.tx) * factor, sy - (sy - b.ty) * factor, opts);
  };
  /** Moves the map by (dx, dy) CSS pixels; `{ animate: true }`: eased there. */
  AtlasMap.prototype.panBy = function (dx, dy, opts) {
    this.moved = true;
    var b = this._base(opts);
    return this._moveTo(b.k, b.tx + dx, b.ty + dy, opts);
  };
  /** Back to the home view (the layer fitted); `{ animate: true }`: eased there. */
  AtlasMap.prototype.reset = function (opts) {
    this.moved = false;
    if (this.home) return this._moveTo(this.home[0], this.home[1], this.home[2], opts);
    this._stopMove(false);
    return this.render();
  };

  // Eased moves: the zoom buttons, the keys, a double click and a feature found are eased to where
  // they go in EASE_MS (more for a long zoom), as web maps do, so that one sees where one went;
  // drags, pinches and the wheel follow the hand at once. Each frame is drawn as a gesture's (a
  // big map's snapshot under the moving transform, ~1 ms), the full redraw once it is there. A
  // zoom keeps in place the one point the start and the end show at the same place (the pointer's,
  // for a double click). None where the visitor's system asks for reduced motion, or with
  // `map.animate = false`; `map.easeMs` sets how long one takes. A pointer put down, the wheel,
  // or a move asked at once stops it where it is.
  var EASE_MS = 250;
  /** Whether a move asked with `opts` is eased. */
  AtlasMap.prototype._eases = function (opts) {
    if (!(opts && opts.animate) || this.animate === false || !this.view) return false;
    var mq = global.matchMedia && global.matchMedia('(prefers-reduced-motion: reduce)');
    return !(mq && mq.matches);
  };
  /** Where a move asked with `opts` starts from: an eased one on top of another still under way,
   *  from where that one goes; else from where the map is. */
  AtlasMap.prototype._base = function (opts) {
    return this._move && this._eases(opts) ? this._move.to : this;
  };
  /** The map at scale `k`, translation (tx, ty): at once, or eased there with `{ animate: true }`. */
  AtlasMap.prototype._moveTo = function (k, tx, ty, opts) {
    if (!this._eases(opts)) {
      this._stopMove(false);
      this.k = k; this.tx = tx; this.ty = ty;
      return this.render();
    }
    var was = this._move, k0 = this.k, tx0 = this.tx, ty0 = this.ty;
    if (was) cancelAnimationFrame(was.raf);
    // (a gesture under way, a drag, goes on: it is not this move's to end)
    var own = was ? was.own : !this._gesture;
    if (!was) this.beginGesture();
    // the point shown at the same place at the start and at the end: k0·w + t0 = k·w + t (y down:
    // t − k·w), which the frames keep there; none for a move at one scale
    var zoom = Math.abs(k / k0 - 1) > 1e-9;
    var wx = zoom ? (tx0 - tx) / (k - k0) : 0, wy = zoom ? (ty - ty0) / (k - k0) : 0;
    var px = tx0 + k0 * wx, py = ty0 - k0 * wy;
    // (longer for a long zoom: up to twice, from 16 times in or out; `map.easeMs` for another)
    var ms = (this.easeMs > 0 ? this.easeMs : EASE_MS) * Math.min(2, 1 + Math.abs(Math.log(k / k0) / Math.LN2) / 4);
    var self = this, m = this._move = { to: { k: k, tx: tx, ty: ty }, own: own, waiting: was ? was.waiting : [], raf: 0, t0: performance.now() };
    function frame(now) {
      if (self._move !== m) return;
      var s = Math.min(1, Math.max(0, (now - m.t0) / ms));
      if (s >= 1) { self._stopMove(true); return; }
      var e = 1 - Math.pow(1 - s, 3), kk = zoom ? k0 * Math.pow(k / k0, e) : k;
      self.k = kk;
      self.tx = zoom ? px - kk * wx : tx0 + (tx - tx0) * e;
      self.ty = zoom ? py + kk * wy : ty0 + (ty - ty0) * e;
      self.renderNow();
      m.raf = requestAnimationFrame(frame);
    }
    m.raf = requestAnimationFrame(frame);
    return this;
  };
  /** Ends an eased move under way: where it goes (`arrive`) or where it is; its gesture ended
   *  (the full redraw), and whoever waited for it (`drawn`) told. */
  AtlasMap.prototype._stopMove = function (arrive) {
    var m = this._move;
    if (!m) return;
    this._move = null;
    cancelAnimationFrame(m.raf);
    if (arrive) { this.k = m.to.k; this.tx = m.to.tx; this.ty = m.to.ty; }
    if (m.own) this.endGesture(); else this.render();
    m.waiting.forEach(function (f) { f(); });
  };
  /** Whether an eased move is under way. */
  AtlasMap.prototype.moving = function () { return !!this._move; };
  AtlasMap.prototype.select = function (f) { this.selected = f; this._drawOverlay(); this._emit('select', f); };
  /**
   * Brings feature `f` into view, in the middle: zoomed in until it spans a third of the map (a
   * commune among 35,000), never out of the map's home view, nor past the whole feature fitting
   * (a large one is shown whole). False if it is not drawn.
   */
  AtlasMap.prototype.zoomToFeature = function (f, opts) {
    if (!this.view) return false;
    if (!this._boxes) this._boxes = this.view.featureBoxes();
    var B = this._boxes, x0 = B[4 * f], y0 = B[4 * f + 1], x1 = B[4 * f + 2], y1 = B[4 * f + 3];
    if (!(x0 === x0 && x1 >= x0)) return false;
    var bw = Math.max(x1 - x0, 1e-12), bh = Math.max(y1 - y0, 1e-12), W = this.width, H = this.height;
    var whole = Math.min(0.8 * W / bw, 0.8 * H / bh), third = Math.min(W, H) / 3 / Math.max(bw, bh);
    var k = Math.max(Math.min(third, whole), this.home ? this.home[0] : 0);
    this.centreOn((x0 + x1) / 2, (y0 + y1) / 2, k, W / 2, H / 2, opts);
    return true;
  };
  /** Shows the projected point (x, y) at the CSS pixel (sx, sy) of the map, at scale k (pixels a
   *  projected unit); `{ animate: true }`: eased there. */
  AtlasMap.prototype.centreOn = function (x, y, k, sx, sy, opts) {
    this.moved = true;
    k = this.zoomLimit(k);
    return this._moveTo(k, sx - x * k, sy + y * k, opts);
  };
  /** Zooms so that the box between CSS pixels (x0, y0) and (x1, y1) of the map fills it, its middle
   *  in the middle (within the zoom limits); `{ animate: true }`: eased there. What a shift-drag
   *  asks. */
  AtlasMap.prototype.zoomToBox = function (x0, y0, x1, y1, opts) {
    var bw = Math.abs(x1 - x0), bh = Math.abs(y1 - y0);
    if (!this.view || !(bw > 0 && bh > 0)) return this;
    var c = this.toWorld((x0 + x1) / 2, (y0 + y1) / 2);
    return this.centreOn(c[0], c[1], this.k * Math.min(this.width / bw, this.height / bh), this.width / 2, this.height / 2, opts);
  };

  /** What the map's own keys and double click ask: an eased move (see `_moveTo`). */
  var EASED = { animate: true };
  AtlasMap.prototype._bind = function () {
    var self = this, c = this.overlay, drag = null, pointers = new Map(), box = null, lastTap = null, tapZoomed = -1e9;
    c.style.touchAction = 'none';
    // the pointer says what a press does, as web maps show it: a hand that takes the map (`grab`,
    // `grabbing` while it drags), a finger over a feature one can select (`pointer`), a cross while
    // a box is drawn (`crosshair`)
    c.style.cursor = 'grab';
    function pos(e) { var r = c.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
    // a drag with shift held (a mouse's main button) draws a box, and the map zooms to it when it
    // is let go, as desktop map tools do; Escape gives it up
    function endBox(zoom) {
      var b = self._box;
      box = null; self._box = null;
      c.style.cursor = 'grab';
      self._drawOverlay();
      if (zoom && b && Math.abs(b[2] - b[0]) >= 4 && Math.abs(b[3] - b[1]) >= 4) self.zoomToBox(b[0], b[1], b[2], b[3], EASED);
    }
    c.addEventListener('pointerdown', function (e) {
      self._stopMove(false); // (an eased move stops where it is: the hand takes the map)
      if (e.shiftKey && e.pointerType === 'mouse' && e.button === 0 && !pointers.size && self.view) {
        try { c.setPointerCapture(e.pointerId); } catch (err) { /* as below */ }
        var b0 = pos(e);
        box = e.pointerId; self._box = [b0[0], b0[1], b0[0], b0[1]];
        c.style.cursor = 'crosshair';
        // (no feature hovered meanwhile: its tooltip would hide what the box takes in)
        if (self.hover !== -1) { self.hover = -1; self._emit('hover', -1, null); }
        self._drawOverlay();
        c.focus();
        return;
      }
      pointers.set(e.pointerId, pos(e));
      // (a second finger makes it a pinch: no click at its end)
      drag = { p: pos(e), moved: pointers.size > 1 ? Infinity : 0 };
      c.focus();
    });
    c.addEventListener('pointermove', function (e) {
      var p = pos(e);
      if (box !== null) {
        if (e.pointerId === box && self._box) { self._box[2] = p[0]; self._box[3] = p[1]; self._drawOverlay(); }
        return;
      }
      if (pointers.has(e.pointerId) && pointers.size === 2) {
        // pinch: the point under the two fingers' middle follows it, scaled by the change of
        // distance between them
        var pts = Array.from(pointers.values());
        var d0 = Math.hypot(pts[0][0] - pts[1][0], pts[0][1] - pts[1][1]), m0 = [(pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2];
        pointers.set(e.pointerId, p);
        pts = Array.from(pointers.values());
        var d1 = Math.hypot(pts[0][0] - pts[1][0], pts[0][1] - pts[1][1]), m1 = [(pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2];
        self.beginGesture();
        self.panBy(m1[0] - m0[0], m1[1] - m0[1]);
        if (d0 > 0 && d1 > 0) self.zoomBy(d1 / d0, m1[0], m1[1]);
        return;
      }
      if (drag && pointers.has(e.pointerId)) {
        pointers.set(e.pointerId, p);
        var dx = p[0] - drag.p[0], dy = p[1] - drag.p[1];
        drag.moved += Math.abs(dx) + Math.abs(dy);
        if (drag.moved >= 4) c.style.cursor = 'grabbing';
        drag.p = p;
        // (a host that turns what it draws instead, a globe: map.dragTurn(dx, dy, x, y) true, the
        // pointer moved by dx, dy to x, y)
        if (typeof self.dragTurn === 'function' && self.dragTurn(dx, dy, p[0], p[1])) return;
        self.beginGesture();
        self.panBy(dx, dy);
        return;
      }
      var f = self.featureAt(p[0], p[1]);
      c.style.cursor = f >= 0 ? 'pointer' : 'grab';
      if (f !== self.hover) { self.hover = f; self._drawOverlay(); }
      self._emit('hover', f, { x: p[0], y: p[1] });
    });
    function up(e) {
      if (box !== null) { if (e.pointerId === box) endBox(e.type === 'pointerup'); return; }
      pointers.delete(e.pointerId);
      // a finger left of a pinch drags on from where it is, not from where the other one began
      if (drag && pointers.size === 1) drag.p = pointers.values().next().value;
      if (drag && drag.moved < 4 && pointers.size === 0) {
        var p = pos(e);
        self.select(self.featureAt(p[0], p[1]));
        // a finger's second tap soon after the first and near it zooms in there, as a double click
        // does (Chromium makes one of the two taps, Firefox none: the map tells them itself)
        if (e.pointerType === 'touch') {
          var now = performance.now();
          if (lastTap && now - lastTap.at < 400 && Math.hypot(p[0] - lastTap.p[0], p[1] - lastTap.p[1]) < 30) {
            lastTap = null; tapZoomed = now;
            self.zoomBy(2, p[0], p[1], EASED);
          } else lastTap = { at: now, p: p };
        }
      }
      // (a drag let go: the demo turns a globe then)
      var dragged = drag && drag.moved >= 4 && drag.moved !== Infinity;
      if (pointers.size === 0) { drag = null; c.style.cursor = 'grab'; self.endGesture(); if (dragged) self._emit('dragend'); }
    }
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
    c.addEventListener('pointerleave', function () { if (self.hover !== -1) { self.hover = -1; self._drawOverlay(); } self._emit('hover', -1, null); });
    c.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = pos(e);
      self._stopMove(false);
      self.beginGesture();
      self.zoomBy(Math.pow(2, -e.deltaY / (e.deltaMode === 1 ? 8 : 300)), p[0], p[1]);
      // the wheel has no "end" event: the gesture ends when the wheel has been still for a moment
      clearTimeout(self._wheelEnd);
      self._wheelEnd = setTimeout(function () { self.endGesture(); }, 160);
    }, { passive: false });
    c.addEventListener('dblclick', function (e) {
      if (performance.now() - tapZoomed < 600) return; // (the double tap that zoomed already)
      var p = pos(e);
      self.zoomBy(e.shiftKey ? 0.5 : 2, p[0], p[1], EASED);
    });
    // an arrow moves the map by a step, as a drag from the middle would (a host turning what it
    // draws turns it so: a drag of one step, let go)
    function step(dx, dy) {
      var x = self.width / 2, y = self.height / 2;
      if (typeof self.dragTurn === 'function' && self.dragTurn(dx, dy, x + dx, y + dy)) { self._emit('dragend'); return; }
      self.panBy(dx, dy, EASED);
    }
    c.addEventListener('keydown', function (e) {
      var handled = true;
      switch (e.key) {
        case '+': case '=': self.zoomBy(1.5, null, null, EASED); break;
        case '-': case '_': self.zoomBy(1 / 1.5, null, null, EASED); break;
        case 'ArrowLeft': step(60, 0); break;
        case 'ArrowRight': step(-60, 0); break;
        case 'ArrowUp': step(0, 60); break;
        case 'ArrowDown': step(0, -60); break;
        case '0': case 'Home': self.reset(EASED); break;
        case 'Escape': if (box !== null) endBox(false); else handled = false; break;
        default: handled = false;
      }
      if (handled) e.preventDefault();
    });
  };

  /** PNG of the map canvas at a scale (1, 2, 3), as a Blob. */
  AtlasMap.prototype.toPNG = function (scale, decorate) {
    var w = this.width, h = this.height, s = scale || 1;
    var c = this._withOver(s), ctx = c.getContext('2d');
    ctx.setTransform(s, 0, 0, s, 0, 0);
    if (decorate) decorate(ctx, w, h);
    return pngOf(c);
  };
  /** The map as the screen shows it (symbols, labels, scale bar), on a canvas of its own at `s`
   *  device pixels a CSS pixel: what `toPNG` and a print take. */
  AtlasMap.prototype._withOver = function (s) {
    var c = this._mapImage(s);
    paintMarks(c.getContext('2d'), this._exportOver(), s);
    return c;
  };
  /** While the page prints (`on`), the map's image over its canvases; after, the canvases again. */
  AtlasMap.prototype._printImage = function (on) {
    var screen = [this.canvas, this.overlay, this.bar];
    if (this._printed) {
      this._printed.remove(); this._printed = null;
      screen.forEach(function (c) { c.style.visibility = ''; });
    }
    if (!on || !this.view || !this.width || !this.height) return;
    var c = this._withOver(Math.max(2, this.dpr)), st = c.style;
    c.className = 'sa-print';
    st.position = 'absolute'; st.left = '0'; st.top = '0'; st.width = '100%'; st.height = '100%'; st.objectFit = 'contain';
    this.container.appendChild(c);
    screen.forEach(function (e) { e.style.visibility = 'hidden'; });
    this._printed = c;
  };
  function pngOf(canvas) { return new Promise(function (res) { canvas.toBlob(res, 'image/png'); }); }
  /** The map's features alone at `s` device pixels a CSS pixel, on white, on a canvas of its own. */
  AtlasMap.prototype._mapImage = function (s) {
    var c = document.createElement('canvas');
    c.width = Math.round(this.width * s); c.height = Math.round(this.height * s);
    var ctx = c.getContext('2d');
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height);
    this._drawSphere(ctx, s);
    // (in the classes' own colours, a legend entry hovered or not)
    this._exporting = true;
    try { if (this.view) this._drawGeometry(ctx, s); } finally { this._exporting = false; }
    this._drawFrames(ctx, s);
    return c;
  };
  /** What an export draws over the map: as the screen, symbols, labels and the scale bar. */
  AtlasMap.prototype._exportOver = function () {
    // (in their own colours: a class highlighted on the screen fades nothing in an export)
    var was = this._exporting, over;
    this._exporting = true;
    try { over = this._overMarks(); } finally { this._exporting = was; }
    var bar = this.view && this.scaleBar !== false ? this._scaleBarSize() : null;
    return bar ? over.concat(bar.marks) : over;
  };
  /**
   * What an export shows, for the engine's sheet (src/render/sheet.rs): the map's size and view,
   * what is over it and the symbols' key. `options`: `symbolsTitle`, `format` (a number as the
   * key writes it; default: the browser's locale).
   */
  AtlasMap.prototype._sheetSpec = function (title, source, options) {
    if (!this.view) throw new Error('sealed-atlas: no map to export (setLayer first)');
    options = options || {};
    var s = this.symbols, key = this.symbolKey(), fmt = options.format || function (v) { return v.toLocaleString(); };
    return {
      title: title || '', source: source || '', legendTitle: options.legendTitle || '', width: this.width, height: this.height,
      view: [this.k, this.tx, this.ty], over: this._exportOver(),
      symbols: key.length ? {
        // (the sizes in the losses' colour where all values are negative; grey when coloured by class)
        square: s.shape === 'square' ? 1 : 0, fill: s.pos || s.colorBy === 'class' ? this.symbolColor() : this.symbolNegativeColor(), title: options.symbolsTitle || '',
        sizes: key.map(function (z) { return [z.r, fmt(z.value)]; }), signs: this.symbolSigns().map(function (g) { return [g.color, g.label]; })
      } : null,
      plain: this._plain() ? PLAIN : null
    };
  };
  /** The exported sheet as SVG: title, the map as the screen shows it (view, symbols, labels,
   *  scale bar), legend with counts and histogram, the symbols' key, source. */
  AtlasMap.prototype.toSVG = function (classes, title, source, options) {
    return wb.exportSvg(this.view, classes.handle, JSON.stringify(this._sheetSpec(title, source, options)));
  };
  /** The same sheet as PNG at `scale` (1, 2, 3): a Promise of a Blob. */
  AtlasMap.prototype.toSheetPNG = function (classes, title, source, scale, options) {
    // (what is over the map is painted from the page's own list: the engine lays out the rest)
    var s = scale || 1, spec = this._sheetSpec(title, source, options);
    var sheet = JSON.parse(wb.exportSheet(classes.handle, JSON.stringify(spec)));
    var c = document.createElement('canvas');
    c.width = Math.round(sheet.width * s); c.height = Math.round(sheet.height * s);
    var ctx = c.getContext('2d'), f = sheet.frame;
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height);
    paintMarks(ctx, sheet.marks, s);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this._mapImage(s), Math.round(f[0] * s), Math.round(f[1] * s));
    ctx.save();
    ctx.beginPath(); ctx.rect(f[0] * s, f[1] * s, f[2] * s, f[3] * s); ctx.clip();
    paintMarks(ctx, spec.over, s, f[0], f[1]);
    ctx.restore();
    return pngOf(c);
  };

  // The warm-up (www/warm.js): as soon as the engine is ready, the worker runs the hot paths once on
  // a small synthetic atlas, so that the user's first file runs on optimised code. Off with
  // <script src="sealed-atlas.js" data-warm-up="off">, and where no worker can be made.
  var script = typeof document !== 'undefined' && document.currentScript;
  var warmOff = !!(script && script.getAttribute('data-warm-up') === 'off');
  // After it, the worker stays (its memory small) for the first file, and the second worker, which
  // reads the second part of a big GeoJSON, is started: a file then waits for neither start (~75 ms
  // each; the communes' first worker got its part ~55 ms after the call, the second ~80 ms). Both
  // end 1.5 s after their first file is read, giving its memory back.
  var workerWarm = readyPromise.then(function () {
    if (warmOff || pool.broken) return { ran: false, ms: 0, checksum: 0 };
    return inWorkerJob({ type: 'warm' }).then(function (m) {
      if (twoWorkers()) startWorker(second).catch(function () { /* then one reads it all */ });
      return { ran: true, ms: m.ms, checksum: m.checksum, rounds: m.rounds };
    });
  }).catch(function (e) { return { ran: false, ms: 0, checksum: 0, error: String(e && e.message || e) }; });
  // The page's own first map also costs more than its next ones, in the page: its JavaScript
  // compiled as it first runs, its first canvases and their first image, its first text (the scale
  // bar's font). Once the engine is ready and the page idle, a map of two squares (a TopoJSON, as
  // the counties) is drawn once in a box outside the viewport, then removed: the user's first map
  // does not pay for it. (Growing the engine's memory ahead as well saved ~5 ms more but took
  // 30–50 ms of the page to touch 12 MB, kept for good: not done.)
  var WARM_TOPO = '{"type":"Topology","objects":{"o":{"type":"GeometryCollection","geometries":[' +
    '{"type":"Polygon","id":"a","properties":{"n":"A"},"arcs":[[0,1]]},{"type":"Polygon","id":"b","properties":{"n":"B"},"arcs":[[-1,2]]}]}},' +
    '"arcs":[[[-99,40],[-99,41]],[[-99,41],[-100,41],[-100,40],[-99,40]],[[-99,40],[-98,40],[-98,41],[-99,41]]]}';
  function warmPage() {
    var body = typeof document !== 'undefined' && document.body;
    if (!body) return Promise.resolve(null);
    return new Promise(function (res) { (global.requestIdleCallback || setTimeout)(res); }).then(function () {
      var t0 = performance.now();
      return loadHere(new TextEncoder().encode(WARM_TOPO), 'warm.json', {}, null).then(function (ds) {
        var box = document.createElement('div'), map = null;
        box.style.cssText = 'position:absolute;left:-10000px;top:0;width:96px;height:64px;visibility:hidden';
        body.appendChild(box);
        try {
          map = new AtlasMap(box, {});
          map.setLayer(ds, 'albers-usa');
          map.setClasses(new Int32Array([0, 1]), ['#fee5d9', '#99000d']);
          map.renderNow();
          return { ms: performance.now() - t0, stroke: map.lastStroke };
        } finally {
          if (map) map.destroy();
          box.remove();
          ds.free();
        }
      });
    });
  }
  var pageWarm = readyPromise.then(function () { return warmOff ? null : warmPage(); })
    .catch(function (e) { return { error: String(e && e.message || e) }; });
  var warmPromise = Promise.all([workerWarm, pageWarm]).then(function (r) {
    r[0].page = r[1];
    return r[0];
  });

  global.SealedAtlas = {
    version: '0.1.0',
    ready: readyPromise.then(function () { return global.SealedAtlas; }),
    /** Resolves when the engine's warm-up is over: { ran, ms (in the worker), checksum }. */
    warm: warmPromise,
    load: load,
    project: project,
    workerAvailable: function () { return !pool.broken; },
    /** The reader's worker (or with `2`, the second, for big GeoJSON): 'refused' (no worker possible
     *  here), 'running', 'ending' (idle after its file, it ends in a moment) or 'none'. */
    workerState: function (which) {
      var p = which === 2 ? second : pool;
      return p.broken ? 'refused' : p.ready ? (p.idle ? 'ending' : 'running') : 'none';
    },
    /** Starts the reader's worker ahead of a load (e.g. when a file is being chosen or dragged in),
     *  so that its start (30–300 ms) is not waited for. Resolves to whether a worker is there. */
    prepareWorker: function () {
      if (pool.broken) return Promise.resolve(false);
      return readyPromise.then(function () { return startWorker(pool); }).then(function () { return true; }, function () { return false; });
    },
    join: join,
    choropleth: choropleth,
    classify: function (values, method, k, breaks) {
      return readyPromise.then(function () { return JSON.parse(wb.classify(Float64Array.from(values), method, k, Float64Array.from(breaks || []))); });
    },
    palettes: function () { return JSON.parse(wb.palettes()); },
    methods: function () { return JSON.parse(wb.methods()); },
    formatNumber: function (v, d, loc) { return wb.formatNumber(v, d, loc || 'en'); },
    // a number as people write it in the locale ('1 000 000', '2,5', '12 %'), as table cells are
    // read; undefined if the text is not one
    parseNumber: function (text, loc) { return wb.parseNumber(String(text), loc || 'en'); },
    // a table as CSV for a spreadsheet in the locale's language (fr: ';' and a decimal comma):
    // columns of numbers (typed arrays, NaN for none) or of text, all as long as the first
    writeCsv: function (header, columns, loc) {
      var kinds = '', texts = [], numbers = [], n = columns.length ? columns[0].length : 0;
      columns.forEach(function (c) {
        var numeric = ArrayBuffer.isView(c) || (c.length > 0 && Array.prototype.every.call(c, function (v) { return typeof v === 'number'; }));
        kinds += numeric ? 'n' : 't';
        for (var i = 0; i < n; i++) if (numeric) numbers.push(c[i] == null ? NaN : +c[i]); else texts.push(c[i] == null ? '' : String(c[i]));
      });
      // (cells joined by NUL, one string each way: a NUL in a cell dropped, as a spreadsheet would)
      var cells = function (a) { return a.map(function (t) { return String(t).replace(/\0/g, ''); }).join('\0'); };
      return wb.writeCsv(cells(header), kinds, cells(texts), new Float64Array(numbers), n, loc || 'en');
    },
    /** The map's export as SVG / PNG (a Promise of a Blob): see `Map.toSVG` and `Map.toSheetPNG`. */
    exportSVG: function (map, classes, title, source, options) { return map.toSVG(classes, title, source, options); },
    exportPNG: function (map, classes, title, source, scale, options) { return map.toSheetPNG(classes, title, source, scale, options); },
    gunzipBase64: gunzipBase64,
    gunzip: gunzip,
    fromBase64: b64ToBytes,
    openSealed: openSealed,
    Map: AtlasMap,
    engine: wb
  };
})(typeof window !== 'undefined' ? window : self);
