/* The demo atlas page: maps from the embedded atlas, or the visitor's own files. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  // the atlas's description and files: in the page, or sealed until opened with its key (openAtlas)
  var atlas = $('atlas-config') ? JSON.parse($('atlas-config').textContent) : null, opened = null;
  // the page's own parts, as an atlas published from it takes them (publishAtlas): this script and
  // the markup before anything is drawn in it
  var ownScript = document.currentScript;
  var pristine = Array.prototype.filter.call(document.body.children, function (e) { return e.tagName !== 'SCRIPT'; })
    .map(function (e) { return e.outerHTML; }).join('\n');
  var SA, map, current = null, cache = {}, user = { layer: null, table: null, layerName: '', tableName: '' };
  var renders = 0;

  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function option(sel, value, label) { var o = el('option', label); o.value = value; sel.appendChild(o); return o; }

  function showMessage(text, kind) {
    // (once: a map drawn again, in another projection or palette, says the same again)
    var shown = $('messages').querySelectorAll('.msg');
    for (var i = 0; i < shown.length; i++) if (shown[i].firstChild && shown[i].firstChild.nodeValue === text) return;
    var m = el('div', text, 'msg' + (kind === 'warn' ? ' warn' : ''));
    m.setAttribute('role', kind === 'warn' ? 'status' : 'alert');
    var b = el('button', '×'); b.setAttribute('aria-label', 'Close'); b.onclick = function () { m.remove(); };
    m.appendChild(b);
    $('messages').appendChild(m);
  }

  function embedded(name) {
    if (opened) return SA.gunzip(opened[name]);
    return SA.gunzipBase64(fileNode(name).textContent.trim());
  }
  // an embedded file as it is carried: its gzip
  function embeddedGz(name) {
    return opened ? opened[name] : SA.fromBase64(fileNode(name).textContent.trim());
  }
  // (by its name as written, whatever characters it holds: not through a selector)
  function fileNode(name) {
    return Array.prototype.filter.call(document.querySelectorAll('script[data-file]'), function (e) { return e.dataset.file === name; })[0];
  }
  function base64(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  // A sealed atlas (see www/publish.mjs) opened with the key of the link's fragment (`#key=…`,
  // never sent to a server), or typed in: until then the page shows nothing of it but a form; a key
  // that does not open it is said, and asked again.
  function openAtlas(sa) {
    var node = $('atlas-sealed');
    if (!node) return Promise.resolve();
    var sealed = sa.fromBase64(node.textContent.trim());
    return new Promise(function (resolve) {
      // a Promise of null once opened, else of why not
      function tryKey(key) {
        $('seal-error').textContent = '';
        $('sealed').setAttribute('aria-busy', 'true');
        return sa.openSealed(sealed, key).then(function (plain) {
          try { unpack(plain); } catch (e) { return 'atlas illisible / unreadable atlas: ' + e.message; }
          // (the sealed text and bytes let go: as large as the atlas, twice)
          node.remove(); sealed = null; $('seal-form').onsubmit = null;
          document.body.classList.remove('sealed');
          $('sealed').hidden = true;
          document.title = atlas.title || atlas.maps[0].title || document.title;
          resolve();
          return null;
        }, function (e) { return (e && e.message) || String(e); }).then(function (why) {
          $('sealed').removeAttribute('aria-busy');
          return why;
        });
      }
      function ask(why) {
        document.body.classList.add('sealed');
        $('title').textContent = 'Atlas scellé / Sealed atlas';
        $('sealed').hidden = false;
        if (why) $('seal-error').textContent = why;
        $('seal-form').onsubmit = function (ev) {
          ev.preventDefault();
          tryKey($('seal-key').value).then(function (why) {
            if (why) { $('seal-error').textContent = why; $('seal-key').focus(); }
          });
        };
        $('seal-key').focus();
      }
      if (location.hash.length > 1) {
        tryKey(location.hash).then(function (why) { if (why) ask('Clé du lien / The link’s key: ' + why); });
      } else ask(null);
    });
  }
  // what is sealed: `SAB1`, the description (u32 length, JSON), the files (u32 count; each a u16
  // name's length, the name, a u32 length, the gzip)
  function unpack(b) {
    var v = new DataView(b.buffer, b.byteOffset, b.byteLength), at = 0, text = new TextDecoder();
    var take = function (n) { if (at + n > b.length) throw new Error('cut short'); at += n; return at - n; };
    var bytes = function (n) { var a = take(n); return b.subarray(a, a + n); };
    var u16 = function () { return v.getUint16(take(2), true); };
    var u32 = function () { return v.getUint32(take(4), true); };
    if (text.decode(bytes(4)) !== 'SAB1') throw new Error('not an atlas');
    var config = JSON.parse(text.decode(bytes(u32())));
    var files = {}, n = u32();
    for (var i = 0; i < n; i++) {
      var name = text.decode(bytes(u16()));
      files[name] = bytes(u32());
    }
    atlas = config;
    opened = files;
  }

  function dataset(name, opts) {
    var key = name + JSON.stringify(opts || {});
    if (!cache[key]) cache[key] = embedded(name).then(function (b) { return SA.load(b, name, opts); }).then(function (ds) { ds._cached = true; return ds; });
    return cache[key];
  }

  function fmt(v, locale) {
    if (v == null || isNaN(v)) return locale === 'fr' ? 'pas de données' : 'no data';
    var a = Math.abs(v), d = a >= 100 ? 0 : a >= 1 ? 2 : 3;
    return SA.formatNumber(v, d, locale);
  }
  // How an atlas shows an indicator's values (its `scale` and `suffix`: a rate of 0.097 as « 9.7% »;
  // the legend's bounds too, by the engine): the values themselves, their classes and the CSV
  // unchanged. Any other column as it is.
  function unitOf(column) {
    var it = indicatorOf(column);
    return { scale: it && it.scale > 0 ? it.scale : 1, suffix: (it && it.suffix) || '' };
  }
  // the current map's indicator of a column (undefined: none), and what it calls it (else the
  // column's own name)
  function indicatorOf(column) {
    return current ? current.indicators.filter(function (i) { return i.column === column; })[0] : undefined;
  }
  function labelOf(column) { var it = indicatorOf(column); return it ? it.label : column; }
  // each feature's area in km² (the engine's, on the ellipsoid), once per map: what densities divide by
  function areasOf(spec) { return spec.areas || (spec.areas = SA.engine.featureAreas(spec.layer)); }
  function fmtIn(v, column) {
    var u = unitOf(column);
    return v == null || isNaN(v) ? fmt(v, current.locale) : fmt(v * u.scale, current.locale) + u.suffix;
  }

  // ------------------------------------------------------------------ drawing a map spec
  // spec: {id, title, subtitle, layer, table, joined, indicators:[{column,label,palette}], nameColumn, locale, projection, source}
  // What a map shown before made and the next one does not use, given back to the engine: its
  // classes, its join, its layers recentred or simplified (with their views), and the visitor's
  // files it was made of once others replace them (never the atlas's own, kept for the next
  // visit). Wasm memory never shrinks: every map switch kept a join, every drop of the counties
  // and their table ~2 MB.
  function freeDataset(ds) {
    Object.keys(ds._views || {}).forEach(function (v) { ds._views[v].free(); });
    ds._views = {};
    ds.free();
  }
  function dropSpec(old, next) {
    if (!old || old === next) return;
    if (old.choro && old.choro !== next.choro) old.choro.free();
    old.choro = null;
    if (old.joined && old.joined !== next.joined) old.joined.free();
    old.joined = null;
    dropRecentred(old, map.layer);
    dropCoarse(old, map.layer);
    var used = [next.layer, next.table, user.layer, user.table, map.layer];
    [old.layer, old.table].forEach(function (ds, i) {
      if (ds && !ds._cached && used.indexOf(ds) < 0 && !(i === 1 && ds === old.layer)) freeDataset(ds);
    });
  }

  function show(spec) {
    var before = current;
    current = spec;
    $('find').value = ''; $('find-list').className = ''; found = [];
    $('title').textContent = spec.title;
    $('subtitle').textContent = spec.subtitle || '';
    $('source').textContent = spec.source || '';
    document.documentElement.lang = spec.locale || 'en';
    $('symbols').value = '';
    listIndicators(spec);
    $('projection').value = spec.projection.split(':')[0];
    spec.lon0 = 0; $('centre').value = '0'; centreOffered();
    map.setLayer(spec.layer, spec.projection);
    dropSpec(before, spec);
    noteHidden();
    // labels from any text column of the layer, its names by default
    var lab = $('labels'); lab.innerHTML = '';
    option(lab, '', '—');
    columnsOf(spec.layer).forEach(function (c) { if (c.type === 'text' || c.type === 'key') option(lab, c.name, c.name); });
    lab.value = spec.nameColumn || '';
    applyLabels();
    showReport(spec);
    applyIndicator(0);
  }

  // features this projection does not draw (Albers USA leaves Puerto Rico out): said, never silent
  function noteHidden() {
    var n = map.view.hiddenCount(), fr = document.documentElement.lang === 'fr';
    $('hidden-note').textContent = !n ? '' : fr
      ? n + ' entité(s) hors de la projection ' + $('projection').value + ', non dessinée(s)'
      : n + ' feature(s) outside the ' + $('projection').value + ' projection, not drawn';
  }

  // categories take a qualitative palette and numbers an ordered one: the palette shown is the one
  // drawn (the engine gives categories Tableau10 when the palette chosen is not qualitative)
  // (values on both sides of zero — a balance, a change — take a diverging palette, centred on
  // zero by restyle: a sequential one would paint a loss and a gain as degrees of one thing)
  function fitPalette(column) {
    var fam = {}, type = current.table.columnType(column), pal = $('palette');
    SA.palettes().forEach(function (p) { fam[p.name] = p.family; });
    var categories = type === 'text' || type === 'key';
    if (categories && fam[pal.value] !== 'qualitative') pal.value = 'Tableau10';
    else if (!categories && signed(column) && fam[pal.value] !== 'diverging') pal.value = 'RdBu';
    else if (!categories && fam[pal.value] === 'qualitative') pal.value = 'YlOrRd';
  }
  /** Whether a numeric column's joined values lie on both sides of zero. */
  function signed(column) {
    var lo = Infinity, hi = -Infinity;
    try {
      var v = SA.engine.joinedValues(current.joined, current.table, column);
      for (var i = 0; i < v.length; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i]; }
    } catch (e) { return false; }
    return lo < 0 && hi > 0;
  }

  // The indicators offered — the map's, and those « Taux, densité » made — for the classes, the
  // symbols (the symbols' choice kept), and the two sides of a new ratio (numbers only).
  function listIndicators(spec) {
    var ind = $('indicator'); ind.innerHTML = '';
    spec.indicators.forEach(function (it, i) { option(ind, String(i), it.label); });
    var sym = $('symbols'), was = sym.value; sym.innerHTML = '';
    option(sym, '', '—');
    spec.indicators.forEach(function (it) { if (it.kind !== 'text' && it.column) option(sym, it.column, it.label); });
    sym.value = was; if (sym.value !== was) sym.value = '';
    var num = $('derive-num'), den = $('derive-den');
    num.innerHTML = ''; den.innerHTML = '';
    option(den, '', spec.locale === 'fr' ? 'superficie calculée / area (km²)' : 'area (km²) / superficie calculée');
    spec.indicators.forEach(function (it) {
      if (!it.column || spec.table.columnType(it.column) !== 'number') return;
      option(num, it.column, it.label); option(den, it.column, it.label);
    });
    $('derive-box').hidden = !num.options.length;
  }

  // A new indicator (« Taux, densité / Rate, density »): a number column over another, or over
  // each feature's area (km², on the ellipsoid: a density), times 1, 100 (%), 1,000 (‰) or
  // 100,000 — a column the engine adds to the map's table, then mapped like any other (a map of
  // raw counts paints the big areas dark whatever happens in them).
  function derive() {
    var spec = current, num = $('derive-num').value, den = $('derive-den').value, scale = +$('derive-scale').value;
    if (!spec || !num) return;
    var fr = spec.locale === 'fr';
    var per = { 100: ' (%)', 1000: ' (‰)', 100000: fr ? ' pour 100 000' : ' per 100,000' }[scale] || '';
    var base = labelOf(num) + ' / ' + (den ? labelOf(den) : 'km²') + per, name = base;
    for (var k = 2; spec.table.columnType(name) !== ''; k++) name = base + ' (' + k + ')';
    var made;
    try {
      var areas = den ? new Float64Array(0) : areasOf(spec);
      made = JSON.parse(spec.table.addRatio(spec.joined, num, den, areas, scale, name));
    } catch (e) { showMessage((e && e.message) || String(e)); return; }
    // (a column of the table from now on: a visitor's keys chosen again keep it among the indicators)
    if (spec.table.infoJson) spec.table.infoJson.columns.push({ name: name, type: 'number' });
    var it = { column: name, label: name, palette: $('palette').value, ratio: { of: num, over: den || 'km2', times: scale } };
    // (kept with the table, how it is made with it: the visitor's map shown again — other keys —
    // offers the same indicator, and a published atlas makes it again from the file's columns)
    (spec.table._derived = spec.table._derived || {})[name] = it;
    if (scale === 100) it.suffix = '%'; else if (scale === 1000) it.suffix = '‰';
    spec.indicators.push(it);
    listIndicators(spec);
    applyIndicator(spec.indicators.length - 1);
    // (the rows it could not divide, said: no value rather than an infinite one)
    if (made.zero) showMessage(fr ? made.zero + ' ligne(s) au diviseur nul : sans valeur / row(s) with a zero divisor: no value' : made.zero + ' row(s) with a zero divisor: no value / ligne(s) au diviseur nul : sans valeur');
  }

  function applyIndicator(i) {
    var spec = current, it = spec.indicators[i];
    $('breaks').value = ''; // (another indicator, or another map: breaks of its own)
    if (it.palette) $('palette').value = it.palette;
    // (an atlas's classes as its author left them: method, classes, breaks, palette reversed)
    if (it.method) $('method').value = it.method;
    if (it.k) $('k').value = String(it.k);
    if (it.reverse != null) $('reverse').checked = !!it.reverse;
    if (it.breaks) $('breaks').value = it.breaks;
    if (it.column) fitPalette(it.column);
    $('indicator').value = String(i);
    // (a new ratio starts from the indicator shown, if it is a number)
    var num = $('derive-num'); num.value = it.column || '';
    if (num.selectedIndex < 0) num.selectedIndex = 0;
    restyle();
  }

  // Breaks typed by the visitor, « ; » between them, each read as the map's language writes
  // numbers, as the engine reads table cells (French: `1 000 000`, `2,5`; English: `1,000,000`,
  // `2.5`): the numbers, increasing, or an error naming the one that is not.
  function typedBreaks(text, locale) {
    var parts = text.split(';').map(function (t) { return t.trim(); }).filter(Boolean);
    if (!parts.length) throw new Error('Seuils : aucun / breaks: none (ex. 100 000 ; 250 000)');
    var out = parts.map(function (t) {
      var v = SA.parseNumber(t, locale);
      if (v === undefined) throw new Error('Seuil illisible / unreadable break : « ' + t + ' »');
      return v;
    });
    for (var i = 1; i < out.length; i++) {
      if (out[i] <= out[i - 1]) throw new Error('Seuils croissants attendus / breaks must increase : « ' + parts[i - 1] + ' » puis / then « ' + parts[i] + ' »');
    }
    return out;
  }

  function restyle() {
    var spec = current; if (!spec) return;
    var it = spec.indicators[+$('indicator').value || 0];
    var unit = unitOf(it.column);
    var opts = { method: $('method').value, k: +$('k').value, palette: $('palette').value, reverse: $('reverse').checked, locale: spec.locale, scale: unit.scale, suffix: unit.suffix };
    // (a diverging palette over values of both signs: its neutral middle on the class holding zero)
    if (it.column && signed(it.column)) opts.pivot = 0;
    var manual = opts.method === 'manual';
    $('breaks-row').hidden = !manual;
    if (manual && !$('breaks').value.trim() && it.column) {
      // none typed yet: the breaks of the classes on screen to start from, to edit (another
      // indicator's or map's: its quantiles)
      try {
        var c = spec.choro && spec.choroColumn === it.column && spec.choro.classification, qb = c ? c.breaks : [];
        if (!c) {
          var q = SA.choropleth(spec.joined, spec.table, it.column, Object.assign({}, opts, { method: 'quantile' }));
          qb = q.classification ? q.classification.breaks : [];
          q.free();
        }
        // (in the indicator's unit, as the legend shows them)
        $('breaks').value = qb.slice(1, -1).map(function (b) { b *= unit.scale; return SA.formatNumber(b, Math.abs(b) >= 100 ? 0 : 2, spec.locale); }).join(' ; ');
      } catch (e) { /* (no numbers: said below) */ }
    }
    if (manual) {
      // (breaks that cannot be read leave the map as it is, and say why)
      try { opts.breaks = typedBreaks($('breaks').value, spec.locale).map(function (b) { return b / unit.scale; }); } catch (e) { showMessage(e.message); return; }
    }
    try {
      if (it.none) throw new Error(it.none);
      var ch = SA.choropleth(spec.joined, spec.table, it.column, opts);
      if (spec.choro) spec.choro.free();
      spec.choro = ch; spec.choroColumn = it.column;
      spec.values = ch.classification ? SA.engine.joinedValues(spec.joined, spec.table, it.column) : null;
      map.setClasses(ch.classes, ch.colors);
      // (categories take no classification: its method and number of classes set nothing)
      $('method').disabled = !ch.classification;
      $('k').disabled = !ch.classification || manual;
      if (manual && ch.classification) $('k').value = ch.legend.classes.length; // (the classes the breaks make)
      drawLegend(it.label, ch);
      describeMap(it.label, ch);
      drawSymbolKey();
      var type = spec.table.columnType(it.column);
      if (type) $('coltype').value = type === 'empty' ? 'text' : type;
      document.body.dataset.method = opts.method;
      document.body.dataset.indicator = it.column;
    } catch (e) {
      // no classes: every feature drawn as no data, the legend saying so (the previous map's
      // classes and legend would be a wrong map in silence)
      if (spec.choro) spec.choro.free();
      spec.choro = null; spec.values = null;
      var n = spec.layer.length;
      drawClasses(spec);
      var none = { legend: { classes: [], noData: { label: 'Pas de données / No data', color: map.noDataColor, count: n } }, classification: null };
      drawLegend(it.label, none);
      describeMap(it.label, none);
      var why = (e && e.message) || String(e), r = !spec.selfJoined && spec.joined && spec.joined.reportJson;
      // a table that joined no feature says so, with keys of both sides, rather than that every
      // value is missing (a table of counties on a map of states)
      if (r && r.matched === 0 && r.ambiguousFeatures === 0 && r.rows > 0) why = joinedNothing(r);
      $('legend-title').appendChild(el('div', why, 'note'));
      document.body.dataset.indicator = it.column || '';
      showMessage(why);
    }
    tableChanged();
  }

  /** The message of a join that matched no feature: a few keys of each side, to compare. */
  function joinedNothing(r) {
    var some = function (list) {
      return list.slice(0, 3).map(function (x) { return x.key ? '« ' + x.key + ' »' : '(vide/empty)'; }).join(', ') + (list.length > 3 ? '…' : '');
    };
    return 'Aucune ligne du tableau ne correspond à une entité de la carte / no table row matches a feature: ' +
      'clés de la carte / map keys ' + some(r.unmatchedFeatures) + ' — clés du tableau / table keys ' + some(r.unmatchedRows) +
      ' (voir Jointure / see Join)';
  }

  // Labels: a text column's (the names by default), and with « avec les valeurs / with values »
  // the indicator's value under each name (alone without a name column), as the tooltip and the
  // table write it; a feature without a value keeps its name alone. Asked at each render: the
  // values follow the indicator and its classes.
  function applyLabels() {
    var spec = current;
    var layer = spec.layer, column = $('labels').value, values = $('label-values').checked;
    if (!column && !values) { map.setLabels(null); return; }
    // a name asked only for a feature big enough on screen to take a label
    map.setLabels(function (f) {
      var name = column ? layer.columnText(column, f) : null, value = values && featureClass(f) ? featureText(f) : null;
      return name && value ? name + '\n' + value : value || name;
    }, { max: 40 });
  }

  // (« aux couleurs des classes »: each symbol in its feature's class's colour, the map under them
  // plain — sizes by one column, colours by the indicator's classes)
  function symbolOptions() { return { maxRadius: 28, shape: $('shape').value, colorBy: $('symbol-classes').checked ? 'class' : null }; }
  function applySymbols() {
    var spec = current, col = $('symbols').value;
    // (every symbol whole on a map not moved since it was fitted)
    map.setSymbols(col ? SA.engine.joinedValues(spec.joined, spec.table, col) : null, Object.assign(symbolOptions(), { fit: true }));
    drawSymbolKey();
    // (the table's column of the symbols' values comes or goes with them)
    tableChanged();
  }
  // the key: nested symbols of the largest value and two round fractions of it, painted as on the
  // map (as the exports draw it), in the symbols' colour (which follows the palette's)
  function drawSymbolKey() {
    var box = $('symbol-legend');
    box.innerHTML = '';
    var key = map.symbolKey(); if (!key.length) return;
    // (negative values: a row under the sizes says which colour is which sign; the sizes in the
    // positives' colour, in the negatives' where all are negative)
    var signs = map.symbolSigns(), square = map.symbols.shape === 'square';
    var fill = signs.length && signs[0].label === '< 0' ? signs[0].color : map.symbolColor();
    // (room above the largest for its value's text)
    var R = key[0].r, SR = signs.length ? 22 : 0, W = Math.max(2 * R + 110, 130), H = 2 * R + 14 + SR, NS = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(NS, 'svg'); svg.setAttribute('width', W); svg.setAttribute('height', H);
    var shape = function (cx, cy, r, colour) {
      var c;
      if (square) { c = document.createElementNS(NS, 'rect'); c.setAttribute('x', cx - r); c.setAttribute('y', cy - r); c.setAttribute('width', 2 * r); c.setAttribute('height', 2 * r); }
      else { c = document.createElementNS(NS, 'circle'); c.setAttribute('cx', cx); c.setAttribute('cy', cy); c.setAttribute('r', r); }
      c.setAttribute('fill', colour); c.setAttribute('stroke', colour.slice(0, 7));
      return c;
    };
    signs.forEach(function (g, i) {
      var x = 2 + 60 * i, c = shape(x + 6, H - 9, 6, g.color);
      c.setAttribute('data-sign', g.label); svg.appendChild(c);
      var t = document.createElementNS(NS, 'text'); t.setAttribute('x', x + 17); t.setAttribute('y', H - 5); t.setAttribute('font-size', '11'); t.textContent = g.label; svg.appendChild(t);
    });
    H -= SR;
    key.forEach(function (z) {
      var r = z.r, top = H - 3 - 2 * r;
      svg.appendChild(shape(R + 2, top + r, r, fill));
      var l = document.createElementNS(NS, 'line'); l.setAttribute('x1', R + 2); l.setAttribute('x2', 2 * R + 10); l.setAttribute('y1', top); l.setAttribute('y2', top); l.setAttribute('stroke', '#5b6472'); svg.appendChild(l);
      var t = document.createElementNS(NS, 'text'); t.setAttribute('x', 2 * R + 14); t.setAttribute('y', top + 4); t.setAttribute('font-size', '11'); t.textContent = fmtIn(z.value, $('symbols').value); svg.appendChild(t);
    });
    box.appendChild(el('div', symbolsTitle(), 't'));
    box.appendChild(svg);
    box.dataset.max = map.symbols.max;
    box.dataset.fill = fill;
  }
  function symbolsTitle() {
    return labelOf($('symbols').value);
  }


  function drawLegend(title, ch) {
    $('legend-title').textContent = title;
    var ul = $('legend'); ul.innerHTML = '';
    var add = function (entry, cls, i) {
      var li = el('li'); li.dataset.color = entry.color; li.dataset.count = entry.count;
      if (cls) li.className = cls;
      if (i != null) { li.dataset.class = i; if (entry.lo != null) { li.dataset.lo = entry.lo; li.dataset.hi = entry.hi; } }
      var sw = el('span', null, 'sw'); sw.style.backgroundColor = entry.color;
      li.appendChild(sw); li.appendChild(el('span', entry.label, 'label')); li.appendChild(el('span', String(entry.count), 'count'));
      // hovered: its features in their colour, the others faded
      var k = i != null ? i : ch.legend.classes.length;
      // (or reached by Tab: the same, for the keyboard)
      li.tabIndex = 0;
      li.onmouseenter = li.onfocus = function () { map.highlightClass(k); };
      li.onmouseleave = li.onblur = function () { map.highlightClass(null); };
      ul.appendChild(li);
    };
    ch.legend.classes.forEach(function (c, i) { add(c, 'class', i); });
    add(ch.legend.noData, 'nodata', null);
    var c = ch.classification;
    var h = $('histogram');
    h.innerHTML = c ? SA.engine.histogramSvg(current.values, ch.handle, 220, 70) : '';
    if (c) h.appendChild(el('div', 'GVF ' + c.gvf.toFixed(3) + ' · ' + c.method + (c.notes.length ? ' · ' + c.notes.join('; ') : ''), 'gof'));
  }

  function showReport(spec) {
    var r = spec.joined.reportJson, box = $('report'); box.innerHTML = '';
    if (!r || spec.selfJoined) { box.textContent = spec.selfJoined ? 'Valeurs lues dans les propriétés de la carte / values from the map\'s own properties.' : ''; return; }
    var p = el('div');
    p.textContent = r.matched + ' / ' + r.features + ' entités jointes / features joined' + (r.paddedTo ? ' (codes complétés à ' + r.paddedTo + ' chiffres / zero-padded to ' + r.paddedTo + ')' : '');
    p.id = 'report-summary';
    box.appendChild(p);
    if (spec.filter) box.appendChild(el('div', spec.filter.column + ' = ' + spec.filter.value + ' : ' + r.filteredOut + ' lignes écartées / rows left out'));
    if (r.ambiguousFeatures) box.appendChild(el('div', r.ambiguousFeatures + ' entités sans valeur, leur clé sur plusieurs lignes (un filtre en garde une) / features left without a value, their key on several rows (a filter keeps one)', 'note'));
    var list = function (title, items, fmtItem) {
      if (!items.length) return;
      box.appendChild(el('div', title));
      // (a list that scrolls takes the keyboard's focus, so that the keys scroll it)
      var ul = el('ul'); ul.tabIndex = 0; ul.setAttribute('aria-label', title);
      items.slice(0, 50).forEach(function (x) { ul.appendChild(el('li', fmtItem(x))); }); box.appendChild(ul);
    };
    list(r.unmatchedRowCount + ' lignes sans entité / rows without a feature:', r.unmatchedRows, function (x) { return (x.key || '(vide)') + (x.line ? ' — ligne/line ' + x.line : ''); });
    list(r.unmatchedFeatureCount + ' entités sans données / features without data:', r.unmatchedFeatures, function (x) { return (x.key || '(no key)') + ' — #' + x.feature; });
    list(r.duplicateRowKeyCount + ' clés en double dans la table / duplicate table keys:', r.duplicateRowKeys, function (x) { return x.key + ' — lines ' + x.lines.join(', '); });
    list(r.duplicateFeatureKeyCount + ' clés en double sur la carte / duplicate map keys:', r.duplicateFeatureKeys, function (x) { return x.key + ' — features ' + x.features.join(', '); });
  }

  function loadAtlasMap(m) {
    var gp = dataset(m.geo, m.object ? { object: m.object, projection: m.projection } : { projection: m.projection });
    var tp = dataset(m.table, m.sheet ? { sheet: m.sheet } : undefined);
    return Promise.all([gp, tp]).then(function (d) {
      var joined = SA.join(d[0], d[1], m.geoKey, m.tableKey, m.filter ? { filter: m.filter } : {});
      // indicators the atlas defines as ratios (`"ratio": {"of", "over": a column or "km2",
      // "times"}`): their columns made once, by the engine, as « Taux, densité » makes them — an
      // atlas author's table has counts, its maps show rates and densities
      var spec = { id: m.id, title: m.title, subtitle: m.subtitle, layer: d[0], table: d[1], joined: joined, indicators: m.indicators, nameColumn: m.nameColumn, locale: m.locale, projection: m.projection, source: m.source, geoNameSource: 'layer' };
      m.indicators.forEach(function (it) {
        var r = it.ratio;
        if (!r || d[1].columnType(it.column) !== '') return;
        try {
          // (the areas once for the map, whatever its densities: its tooltips and CSV take them too)
          var areas = r.over === 'km2' ? areasOf(spec) : new Float64Array(0);
          d[1].addRatio(joined, r.of, r.over === 'km2' ? '' : r.over, areas, r.times || 1, it.column);
        } catch (e) { throw new Error((it.label || it.column) + ' : ' + ((e && e.message) || e)); }
      });
      return spec;
    });
  }

  function selectMap(id) {
    if (id === 'user') return showUser();
    var m = atlas.maps.filter(function (x) { return x.id === id; })[0];
    return loadAtlasMap(m).then(show).catch(function (e) { showMessage(m.geo + ': ' + (e.message || e)); });
  }

  // ------------------------------------------------------------------ progress
  // Each long step (reading a big file, projecting, first drawing) is announced, and the browser
  // paints the announcement before the step starts.
  function progress(text, fraction) {
    var p = $('progress'), bar = $('progress-bar');
    // the text is a live region: it changes per step, while the bar follows the percentage
    if ($('progress-text').textContent !== (text || '')) $('progress-text').textContent = text || '';
    p.className = text ? 'on' : '';
    if (fraction == null) bar.removeAttribute('value'); else bar.value = fraction;
    if (text) { var log = window.__progressLog || (window.__progressLog = []); log.push(text + (fraction != null ? ' ' + Math.round(fraction * 100) + ' %' : '')); }
    return new Promise(function (r) { requestAnimationFrame(function () { setTimeout(r, 0); }); });
  }
  // what the reader reports while it works in its worker (the page stays free meanwhile)
  var STAGES = { decode: 'Décodage', parse: 'Lecture', project: 'Projection et index', transfer: 'Transfert', rebuild: 'Mise en place' };
  function reader(fileName) {
    var last = -1;
    return function (stage, f) {
      var pct = Math.floor(f * 100);
      if (stage === 'parse' && pct === last) return;
      last = stage === 'parse' ? pct : -1;
      progress((STAGES[stage] || stage) + ' — ' + fileName + '…', stage === 'parse' ? f : null);
    };
  }
  function readOptions(fileName, extra) {
    var o = { projection: 'auto', onProgress: reader(fileName) };
    Object.keys(extra || {}).forEach(function (k) { o[k] = extra[k]; });
    return o;
  }
  function size(n) { return n > 1e6 ? (n / 1e6).toFixed(1) + ' Mo' : Math.max(1, Math.round(n / 1e3)) + ' ko'; }

  // ------------------------------------------------------------------ the visitor's files
  function loadFiles(files) {
    // all read at once, the largest first, its reading shown (a table dropped with a big map is
    // read by the reader's second worker while the first decodes or reads the map: see api.js
    // inWorker); taken in the order they were given (the last map and the last table win)
    var given = Array.prototype.slice.call(files);
    var bySize = given.slice().sort(function (a, b) { return b.size - a.size; });
    var read = new Map();
    var text = bySize.map(function (f) { return f.name + ' (' + size(f.size) + ')'; }).join(', ');
    return progress('Lecture de ' + text + '…').then(function () {
      return Promise.all(bySize.map(function (f, i) {
        return SA.load(f, f.name, i === 0 ? readOptions(f.name) : { projection: 'auto' }).then(function (ds) {
          read.set(f, ds);
        }).catch(function (e) {
          // the map on screen stays as it is
          showMessage(((e && e.message) || String(e)).indexOf(f.name) === 0 ? e.message : f.name + ': ' + ((e && e.message) || e));
        });
      }));
    }).then(function () {
      var layerOnly = given.some(function (f) { var ds = read.get(f); return ds && ds.isLayer(); }) &&
        !given.some(function (f) { var ds = read.get(f); return ds && !ds.isLayer(); });
      // a map dropped alone keeps the table dropped before only if that table joins it (see
      // setupUserKeys): a file of shops after a table of counties shows the shops' own properties
      user.tableOnTrial = layerOnly && !!user.table;
      given.forEach(function (f) {
        var ds = read.get(f);
        if (!ds) return;
        var warn = ds.infoJson.warnings.filter(function (w) { return w.code !== 'gzip'; });
        if (warn.length) showMessage(f.name + ': ' + warn.length + ' avertissement(s) / warning(s) — ' + warn.slice(0, 3).map(function (w) { return w.message; }).join(' · '), 'warn');
        if (ds.isLayer()) { user.layer = ds; user.layerName = f.name; user.layerFile = f; user.layerPart = null; } else { user.table = ds; user.tableName = f.name; user.tableFile = f; user.tablePart = null; }
      });
    }).then(function () {
      if (!user.layer) return progress('');
      // (the progress shown until the map is: a big one is drawn over several frames)
      return progress('Jointure et dessin…').then(function () { setupParts(); setupUserKeys(); showUser(); return map.drawn(); }).then(function () { return progress(''); });
    }).catch(function (e) { showMessage((e && e.message) || String(e)); return progress(''); });
  }

  function columnsOf(ds) { return ds.infoJson.columns; }

  // TopoJSON objects and workbook sheets: a choice, when there is more than one
  function setupParts() {
    var part = $('part'); part.innerHTML = '';
    [['layer', user.layer], ['table', user.table]].forEach(function (x) {
      var objs = x[1] && x[1].infoJson.objects;
      if (!objs || objs.length < 2) return;
      objs.forEach(function (o) { option(part, x[0] + ':' + o.name, (x[0] === 'layer' ? user.layerName : user.tableName) + ' › ' + o.name); });
    });
    $('part-choice').style.display = part.options.length ? '' : 'none';
    // show the sheet actually read (the reader picks the first sheet with numbers)
    var read = user.table && user.table.infoJson.warnings.filter(function (w) { return w.code === 'workbook'; })[0];
    var m = read && /read sheet '(.*)' of/.exec(read.message);
    if (m) part.value = 'table:' + m[1];
  }
  function choosePart() {
    var v = $('part').value.split(':'), which = v[0], name = v.slice(1).join(':');
    var file = which === 'layer' ? user.layerFile : user.tableFile;
    var opts = which === 'layer' ? { object: name } : { sheet: name };
    return progress('Lecture de ' + file.name + ' › ' + name + '…').then(function () { return SA.load(file, file.name, readOptions(file.name, opts)); }).then(function (ds) {
      if (which === 'layer') { user.layer = ds; user.layerPart = name; } else { user.table = ds; user.tablePart = name; }
      setupUserKeys(); showUser(); return progress('');
    }).catch(function (e) { showMessage((e && e.message) || String(e)); return progress(''); });
  }

  function setupUserKeys() {
    var gk = $('geo-key'), tk = $('table-key');
    gk.innerHTML = ''; tk.innerHTML = '';
    if (user.layer.infoJson.hasIds) option(gk, '@id', 'id (feature id)');
    columnsOf(user.layer).forEach(function (c) { option(gk, c.name, c.name + ' (' + c.type + ')'); });
    var keyish = columnsOf(user.layer).filter(function (c) { return c.type === 'key'; })[0];
    if (keyish) gk.value = keyish.name;
    var best = user.table ? bestJoin(gk.value) : null;
    if (user.table && user.tableOnTrial && !(best && best.n > 0)) {
      // a map dropped alone, a table from before that joins none of it: the map's own properties
      if (best) best.join.free();
      best = null;
      showMessage(user.tableName + ' ne correspond à aucune entité de ' + user.layerName + ' : la carte montre ses propres propriétés / matches no feature of ' + user.layerName + ': the map shows its own properties', 'warn');
      user.table = null; user.tableName = ''; user.tableFile = null;
      setupParts();
    }
    user.tableOnTrial = false;
    if (user.table) {
      columnsOf(user.table).forEach(function (c) { option(tk, c.name, c.name + ' (' + c.type + ')'); });
      if (best) gk.value = best.geo;
      // the winning join is kept for the map that follows (a join of 35,000 communes is not free)
      user.keptJoin = best ? { geoKey: gk.value, tableKey: best.name, join: best.join } : null;
      if (best) tk.value = best.name;
    } else {
      option(tk, '', '(propriétés de la carte / map properties)');
    }
    setupFilter(user.keptJoin && user.keptJoin.join);
    $('user-keys').className = 'on';
  }

  /**
   * The pair of keys that joins the visitor's table to the most features of their map, as
   * `{ n, geo, name, join }` (null if none is a key): on the map its key-like columns, its ids,
   * then its names (a table of countries by name: world-atlas has ISO numbers as ids), else
   * `fallback`; in the table, key-like columns first; a pair that joins 90 % of the features ends
   * the search (each try is a full join: 35,000 communes…). A feature whose key is on several
   * rows counts: a filter can make it one (see setupFilter).
   */
  function bestJoin(fallback) {
    var best = null, nf = user.layer.length, lc = columnsOf(user.layer);
    var geos = lc.filter(function (c) { return c.type === 'key'; }).map(function (c) { return c.name; });
    if (user.layer.infoJson.hasIds) geos.push('@id');
    lc.forEach(function (c) { if (c.type === 'text' && c.distinct >= 0.8 * nf) geos.push(c.name); });
    if (!geos.length) geos.push(fallback);
    var cands = columnsOf(user.table).filter(function (c) { return c.type !== 'number' || /id|code/i.test(c.name); });
    cands.sort(function (a, b) { return (b.type === 'key') - (a.type === 'key'); });
    for (var g = 0; g < Math.min(geos.length, 6) && !(best && best.n >= 0.9 * nf); g++) {
      for (var i = 0; i < cands.length && !(best && best.n >= 0.9 * nf); i++) {
        try {
          var j = SA.join(user.layer, user.table, geos[g], cands[i].name), jn = j.reportJson.matched + j.reportJson.ambiguousFeatures;
          if (!best || jn > best.n) { if (best) best.join.free(); best = { n: jn, geo: geos[g], name: cands[i].name, join: j }; } else j.free();
        } catch (e) { /* not a key */ }
      }
    }
    return best;
  }

  // A table with several rows per key (a country a year: gapminder) joins no feature until one row
  // per key is kept: by the column that tells the most keys' rows apart, with the fewest values
  // (the year), its last value (the latest year) at first. Offered whenever the table has keys on
  // several rows; none otherwise.
  function setupFilter(joined) {
    var fc = $('filter-col'), fv = $('filter-val');
    fc.innerHTML = ''; fv.innerHTML = '';
    var dups = joined ? joined.reportJson.duplicateRowKeys : [];
    $('filter-choice').style.display = dups.length ? '' : 'none';
    if (!dups.length) return;
    option(fc, '', '—');
    var tk = $('table-key').value, best = null;
    columnsOf(user.table).forEach(function (c) {
      if (c.name === tk) return;
      var t = user.table.columnTexts(c.name), n = new Set(t).size;
      if (n < 2 || n > 200) return;
      option(fc, c.name, c.name);
      // (the keys whose rows it tells apart: not every one, when two rows share a key by mistake —
      // gapminder's two Koreas are both KOR — and a filter leaves those ambiguous, said so)
      var apart = dups.filter(function (d) { return new Set(d.rows.map(function (i) { return t[i]; })).size === d.rows.length; }).length;
      if (apart && (!best || apart > best.apart || (apart === best.apart && n < best.n))) best = { name: c.name, n: n, apart: apart };
    });
    fc.value = best ? best.name : '';
    filterValues(true);
  }
  // the values of the filter's column, sorted (numbers as numbers); `last`: the last one chosen
  function filterValues(last) {
    var fv = $('filter-val'), col = $('filter-col').value, keep = fv.value;
    fv.innerHTML = '';
    if (!col) return;
    var seen = {}, vals = user.table.columnTexts(col).filter(function (v) { return v !== '' && !seen[v] && (seen[v] = true); });
    var num = vals.every(function (v) { return isFinite(+v); });
    vals.sort(num ? function (a, b) { return a - b; } : function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
    vals.forEach(function (v) { option(fv, v, v); });
    fv.value = last || vals.indexOf(keep) < 0 ? vals[vals.length - 1] : keep;
  }
  function chosenFilter() {
    var col = $('filter-choice').style.display === 'none' ? '' : $('filter-col').value;
    return col && $('filter-val').value !== '' ? { column: col, value: $('filter-val').value } : null;
  }

  function showUser() {
    if (!user.layer) return;
    var table = user.table || user.layer, joined;
    try {
      var kept = user.keptJoin, filter = user.table ? chosenFilter() : null;
      user.keptJoin = null;
      if (kept && user.table && !filter && kept.geoKey === $('geo-key').value && kept.tableKey === $('table-key').value) joined = kept.join;
      else {
        if (kept) kept.join.free();
        joined = user.table ? SA.join(user.layer, user.table, $('geo-key').value, $('table-key').value, filter ? { filter: filter } : {}) : SA.engine.selfJoin(user.layer);
      }
    } catch (e) { showMessage((e && e.message) || String(e)); return; }
    // numbers first (the first one is shown), then text columns with few values as typologies;
    // names and codes (thousands of values) are not indicators
    // (nor the filter's column: one value once filtered)
    var tk = $('table-key').value, fcol = filter ? filter.column : null;
    var cols = columnsOf(table).filter(function (c) { return c.name !== tk && c.name !== fcol && c.type === 'number'; })
      .concat(columnsOf(table).filter(function (c) { return c.name !== tk && c.name !== fcol && c.type === 'text' && c.distinct <= 24; }));
    // no values (a layer of outlines alone): the map drawn all the same, its legend saying what
    // is missing (the geometry is what the user checks first, before choosing a table)
    var none = !cols.length;
    // the features' names (for labels and the tooltip): a column so called, else the first text
    // column whose values are mostly distinct (Montréal's "district")
    var n = user.layer.length, texts = columnsOf(user.layer).filter(function (c) { return c.type === 'text'; });
    var nameCol = texts.filter(function (c) { return /^(nom|name|libelle|libellé|label|lib_?\w*|nom_?\w*|name_?\w*)$/i.test(c.name); })[0] ||
      texts.filter(function (c) { return c.distinct >= 0.8 * n; })[0];
    var inf = user.layer.infoJson;
    if (!$('map-select').querySelector('option[value=user]')) option($('map-select'), 'user', 'Vos données / Your data');
    $('map-select').value = 'user';
    var spec = {
      id: 'user', title: user.layerName + (user.tableName ? ' + ' + user.tableName : ''), subtitle: inf.features + ' entités / features',
      layer: user.layer, table: table, joined: joined, selfJoined: !user.table,
      indicators: none ? [{ column: null, label: (user.tableName || user.layerName), none: 'aucune colonne de valeurs : ajoutez un tableau (CSV, XLSX…) / no value column: add a table' }]
        : cols.map(function (c) { return (table._derived && table._derived[c.name]) || { column: c.name, label: c.name }; }),
      nameColumn: nameCol ? nameCol.name : null, locale: document.documentElement.lang === 'fr' ? 'fr' : 'en',
      projection: inf.projection, source: 'Fichiers locaux / local files', filter: filter
    };
    if (filter) spec.subtitle += ' · ' + filter.column + ' = ' + filter.value;
    user.spec = spec;
    show(spec);
  }

  // A longitude into −180…180.
  function wrapLon(lon) { return ((lon + 540) % 360) - 180; }
  // The place (longitude, latitude) in the middle of the view, or null (off the world).
  function viewPlace() {
    if (!map.view) return null;
    var c = map.toWorld(map.width / 2, map.height / 2), at = map.view.place(c[0], c[1]);
    // (a layer recentred: its longitudes are counted from its centre)
    var lon0 = (map.layer && map.layer._lon0) || 0;
    return at.length === 2 ? [wrapLon(at[0] + lon0), at[1]] : null;
  }
  // The place (lon, lat) shown at the map's CSS pixel `at`, at scale k (a globe turned keeps its
  // middle where it was, at the same zoom).
  function placeAt(place, at, k) {
    var o = map.view && map.view.project(place[0], place[1]);
    if (o && o.length === 2) map.centreOn(o[0], o[1], k, at[0], at[1]);
  }

  // ------------------------------------------------------------------ the central meridian
  // A world map centred on another meridian than Greenwich (the Pacific: 150° E): the layer
  // recentred there (its longitudes turned, cut again at its new antimeridian: Dataset.recentred,
  // made once a centre) drawn by the projection centred at 0°. For a world projection (the
  // engine's rule: centreOffered).
  function layerFor(spec, p) {
    var lon0 = spec.lon0 || 0;
    if (!lon0 || !SA.engine.centreOffered(p, lon0) || !spec.layer.isLayer()) return spec.layer;
    spec.recentred = spec.recentred || {};
    if (!spec.recentred[lon0]) {
      var l = spec.layer.recentred(lon0);
      l.infoJson = spec.layer.infoJson; l._lon0 = lon0;
      spec.recentred[lon0] = l;
    }
    return spec.recentred[lon0];
  }
  // (offered for a world projection only: a map of France or of the United States has no use for it)
  function centreOffered() { $('centre-row').hidden = !current || !SA.engine.centreOffered(current.projection, 0); }
  function globeAt(at) {
    return 'orthographic:' + at[0].toFixed(2) + ',' + Math.max(-90, Math.min(90, at[1])).toFixed(2);
  }
  // The map's classes as classified (drawn again in another projection or layer), or every
  // feature as no data when nothing is (restyle said why).
  function drawClasses(spec) {
    if (spec.choro) map.setClasses(spec.choro.classes, spec.choro.colors);
    else map.setClasses(new Int32Array(spec.layer.length).fill(-1), []);
  }
  // Lets go of the layers recentred on another centre than the one `keep` is, with the views
  // projected for them (the world's land at 1 km is 1.3 M vertices a centre, and their view).
  function dropRecentred(spec, keep) {
    Object.keys(spec.recentred || {}).forEach(function (c) {
      var old = spec.recentred[c];
      if (old === keep) return;
      freeDataset(old);
      delete spec.recentred[c];
    });
  }
  // Lets go of the layers simplified for a turning globe but `keep` (the one the map shows).
  function dropCoarse(spec, keep) {
    Object.keys(spec.coarse || {}).forEach(function (t) {
      if (spec.coarse[t] !== keep) { spec.coarse[t].free(); delete spec.coarse[t]; }
    });
  }
  // The map in projection `p` (a big layer projected again in the worker: the page keeps answering
  // meanwhile); `keep`: a place to keep at a pixel of the map, at a scale ({place, at, k}: a globe
  // turned by a drag, let go), unless another drag turns it meanwhile.
  function reproject(p, keep) {
    var spec = current, layer = null;
    // (a big layer recentred once the progress shows: the world's land at 1 km, 125 ms)
    return progress('Projection ' + p + '…').then(function () { layer = layerFor(spec, p); return SA.project(layer, p); }).then(function () {
      if (current !== spec) return progress('');
      spec.projection = p; map.setLayer(layer, p); noteHidden(); centreOffered();
      dropRecentred(spec, layer);
      drawClasses(spec);
      if (keep && !turn) placeAt(keep.place, keep.at, keep.k);
      applyLabels(); applySymbols();
      // a globe: its simplified layer made while the page is idle, before a drag needs it (the
      // world's land at 1 km: 65 ms)
      if (/^orthographic/.test(p) && spec.layer.isLayer()) (window.requestIdleCallback || setTimeout)(function () { if (current === spec) coarseOf(spec, map.k); });
      return progress('');
    }).catch(function (e) { showMessage((e && e.message) || String(e)); return progress(''); });
  }

  // ------------------------------------------------------------------ the globe, turned by a drag
  // While the globe is dragged each frame draws the layer simplified to under a pixel (made once
  // a zoom: world-atlas's countries at 1:50m, 100,000 vertices, 20,000 on a whole globe; a frame
  // ~20 ms instead of 55–70) turned as far as the drag went, at the same zoom, with its labels
  // and symbols at the places the map had put them (map.anchorPlaces: found once a feature, not
  // again each frame); let go, the layer itself, at the place reached.
  var turn = null;
  function turnBy(dx, dy, x, y) {
    var spec = current;
    if (!spec || !/^orthographic/.test(spec.projection)) return false;
    if (!turn) {
      // the globe's centre and its place on the screen, and the place the pointer took hold of
      var c = Array.from(map.view.centre()), o = map.view.project(c[0], c[1]);
      var w = map.toWorld(x - dx, y - dy), grab = map.view.place(w[0], w[1]);
      turn = { spec: spec, c: c, s0: o.length === 2 ? map.toScreen(o[0], o[1]) : [map.width / 2, map.height / 2], k: map.k,
        grab: grab.length === 2 ? Array.from(grab) : null, at: [x - dx, y - dy], last: [x - dx, y - dy], moved: 0, raf: 0,
        places: map.anchorPlacesFound() };
      // (the symbols' values, as drawn: the same features each frame)
      turn.symbols = $('symbols').value ? SA.engine.joinedValues(spec.joined, spec.table, $('symbols').value) : null;
    }
    turn.at = [x, y]; turn.moved += Math.abs(dx) + Math.abs(dy);
    // (as the map counts a drag: under 4 px it is a click)
    if (turn.moved >= 4 && !turn.raf) turn.raf = requestAnimationFrame(turnFrame);
    return true;
  }
  // The turn so far: the place taken hold of under the pointer, exactly where the orthographic
  // can put it there; else (the pointer past the globe's rim, or a drag begun off the globe) the
  // centre moved by the pointer's motion, a radian every k pixels, longitudes wider to the poles.
  function turned(t) {
    var x = (t.at[0] - t.s0[0]) / t.k, y = (t.s0[1] - t.at[1]) / t.k;
    // (the engine's: the orthographic's centre that draws the place there)
    var c = t.grab && SA.engine.orthographicCentre(t.grab[0], t.grab[1], x, y);
    if (!c || c.length !== 2) {
      var d = 180 / Math.PI / t.k, mx = t.at[0] - t.last[0], my = t.at[1] - t.last[1];
      var lon = t.c[0] - mx * d / Math.max(Math.cos(t.c[1] * Math.PI / 180), 0.2);
      c = [wrapLon(lon), Math.max(-89.9, Math.min(89.9, t.c[1] + my * d))];
      // (the place held no longer where it was: it is let go of)
      t.grab = null;
    }
    t.last = t.at;
    t.c = Array.from(c);
    return t.c;
  }
  // The layer simplified to three quarters of a pixel at zoom k (a power of two of degrees: one
  // simplification per zoom step; 0.125° for a whole globe 700 px wide).
  function coarseOf(spec, k) {
    var tol = Math.max(1 / 128, Math.pow(2, Math.round(Math.log2(0.75 * 180 / Math.PI / k))));
    spec.coarse = spec.coarse || {};
    if (!spec.coarse[tol]) {
      // (one zoom step's kept: the others let go, unless the map shows one)
      dropCoarse(spec, map.layer);
      spec.coarse[tol] = spec.layer.coarse(tol); spec.coarse[tol].infoJson = spec.layer.infoJson;
    }
    return spec.coarse[tol];
  }
  function turnFrame() {
    var t = turn;
    if (!t) return;
    t.raf = 0;
    if (current !== t.spec) { turn = null; return; }
    var spec = t.spec, at = turned(t);
    map.setLayer(coarseOf(spec, t.k), globeAt(at));
    map.anchorPlaces = t.places;
    noteHidden();
    drawClasses(spec);
    applyLabels();
    map.setSymbols(t.symbols, symbolOptions());
    // the globe's middle where it was, at the same zoom
    placeAt(at, t.s0, t.k);
    map.renderNow();
    document.body.dataset.turning = at.map(function (v) { return v.toFixed(2); }).join(',');
  }
  function turnEnd() {
    var t = turn;
    turn = null;
    if (t.raf) cancelAnimationFrame(t.raf);
    delete document.body.dataset.turning;
    if (t.moved < 4 || current !== t.spec) return;
    var at = turned(t);
    // the layer itself, turned there, its middle where the globe's was
    reproject(globeAt(at), { place: at, at: t.s0, k: t.k });
  }

  // The current map's key column on the features' side (the codes its table joins on), else
  // their ids.
  function keyColumn() {
    if (!current || !current.joined || current.selfJoined) return '@id';
    var gk = current.id === 'user' ? $('geo-key').value : atlas.maps.filter(function (m) { return m.id === current.id; })[0].geoKey;
    return gk || '@id';
  }

  // ------------------------------------------------------------------ tooltip
  // what a feature's tooltip says: its name, its code and value, the symbols' value (if another)
  function featureLines(f) {
    var props = JSON.parse(current.layer.featureProperties(f));
    var name = current.nameColumn ? props[current.nameColumn] : null;
    var kc = keyColumn(), code = props[kc] != null ? props[kc] : null;
    var it = current.indicators[+$('indicator').value || 0];
    var lines = [name || code || ('#' + f), (code ? code + ' · ' : '') + it.label + ' : ' + featureText(f)];
    var sc = $('symbols').value;
    if (sc && sc !== it.column && map.symbols) lines.push(symbolsTitle() + ' : ' + fmtIn(map.symbols.values[f], sc));
    var how = ratioOf(it, f);
    if (how) lines.push(how);
    return lines;
  }
  // A ratio's making for feature f, as the analyst checks it: `= Population 76 486 ÷ 5 184 km²`
  // (the sides fetched once per map and indicator), or null for an indicator of the table.
  function ratioOf(it, f) {
    var r = it.ratio, spec = current;
    if (!r) return null;
    var parts = (spec.ratioParts = spec.ratioParts || {});
    var p = parts[it.column] || (parts[it.column] = {
      num: SA.engine.joinedValues(spec.joined, spec.table, r.of),
      den: r.over === 'km2' ? areasOf(spec) : SA.engine.joinedValues(spec.joined, spec.table, r.over)
    });
    var loc = spec.locale, num = labelOf(r.of) + ' ' + fmtIn(p.num[f], r.of);
    var den = r.over === 'km2' ? fmt(p.den[f], loc) + ' km²' : labelOf(r.over) + ' ' + fmtIn(p.den[f], r.over);
    return '= ' + num + ' ÷ ' + den + (r.times && r.times !== 1 ? ' × ' + SA.formatNumber(r.times, 0, loc) : '');
  }
  function tooltip(f, p) {
    var tt = $('tooltip');
    if (f < 0 || !p || !current) { tt.style.display = 'none'; return; }
    var lines = featureLines(f);
    tt.innerHTML = '';
    tt.appendChild(el('b', lines[0]));
    tt.appendChild(el('span', lines[1]));
    lines.slice(2).forEach(function (l) { tt.appendChild(el('span', l, l.charAt(0) === '=' ? 'how' : 'sym')); });
    tt.dataset.feature = f;
    tt.style.display = 'block';
    var W = $('map').clientWidth;
    tt.style.left = Math.min(p.x + 14, W - tt.offsetWidth - 4) + 'px';
    tt.style.top = (p.y + 14) + 'px';
  }

  // ------------------------------------------------------------------ find a feature
  // What is typed, matched by the engine against the features' names and codes (accents, case
  // and hyphens aside: "st germain en l"), the best eight listed; one chosen (click, or arrows and
  // Enter) is brought to the middle of the map, selected, its tooltip shown.
  var found = [], foundAt = -1;
  function findList() {
    var list = $('find-list'), q = $('find').value, open = !!(current && q.trim());
    list.innerHTML = ''; foundAt = -1;
    var kc = keyColumn();
    found = open ? Array.from(current.layer.search([current.nameColumn, kc, '@id'].filter(Boolean), q, 8)) : [];
    found.forEach(function (f, i) {
      var name = current.nameColumn && current.layer.columnText(current.nameColumn, f);
      var code = kc === '@id' ? JSON.parse(current.layer.featureProperties(f))['@id'] : current.layer.columnText(kc, f);
      var li = el('li', name || code || ('#' + f));
      if (name && code) li.appendChild(el('span', code, 'code'));
      li.id = 'find-' + i; li.setAttribute('role', 'option'); li.dataset.feature = f;
      li.onmousedown = function (e) { e.preventDefault(); findGo(f); };
      list.appendChild(li);
    });
    if (open && !found.length) list.appendChild(el('li', 'aucun résultat / no match', 'none'));
    list.className = open ? 'open' : '';
    $('find').setAttribute('aria-expanded', open ? 'true' : 'false');
    $('find').removeAttribute('aria-activedescendant');
  }
  function findMark(i) {
    var items = $('find-list').querySelectorAll('li[role=option]');
    if (!items.length) return;
    foundAt = (i + items.length) % items.length;
    for (var k = 0; k < items.length; k++) items[k].setAttribute('aria-selected', k === foundAt ? 'true' : 'false');
    $('find').setAttribute('aria-activedescendant', items[foundAt].id);
    items[foundAt].scrollIntoView({ block: 'nearest' });
  }
  function findGo(f) {
    $('find-list').className = ''; $('find').setAttribute('aria-expanded', 'false');
    if (!map.zoomToFeature(f, { animate: true })) { showMessage('Cette entité n\'est pas dessinée dans cette projection / this feature is not drawn in this projection', 'warn'); return; }
    map.select(f);
    // its tooltip where it arrives (the move is eased; none meanwhile), if it is still the one
    // selected
    tooltip(-1);
    var view = map.view;
    map.drawn().then(function () {
      if (map.selected !== f || map.view !== view || map.moving()) return;
      var p = map.featureScreenPoint(f);
      if (p) tooltip(f, { x: p[0], y: p[1] });
    });
  }
  function initFind() {
    var input = $('find');
    input.addEventListener('input', findList);
    input.addEventListener('focus', function () { if (input.value.trim()) findList(); });
    input.addEventListener('blur', function () { $('find-list').className = ''; input.setAttribute('aria-expanded', 'false'); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); if (!$('find-list').className) findList(); findMark(foundAt + (e.key === 'ArrowDown' ? 1 : -1)); }
      else if (e.key === 'Enter') { e.preventDefault(); if (found.length) findGo(found[foundAt >= 0 ? foundAt : 0]); }
      else if (e.key === 'Escape') { $('find-list').className = ''; input.setAttribute('aria-expanded', 'false'); }
    });
  }

  // ------------------------------------------------------------------ the map in words and in a table
  // What the canvas shows, for those who cannot see it (a screen reader reads the canvas's name):
  // the title, the indicator and every legend entry with its count.
  function describeMap(title, ch) {
    var fr = current.locale === 'fr', n = current.layer.length;
    var entries = ch.legend.classes.concat([ch.legend.noData]).map(function (c) { return c.label + ' : ' + c.count; });
    var c = ch.classification;
    map.describe(current.title + ' — ' + title + (c ? ' (' + c.method + ', ' + ch.legend.classes.length + ' classes)' : '') +
      ' : ' + entries.join(' ; ') + '. ' + n + (fr ? ' entités.' : ' features.'));
  }

  // The data table (RGAA/WCAG: a map's values as text): every feature's name, value and class,
  // sorted by value or by name, a hundred rows at a time; a name clicked (or Enter on it) brings
  // the feature to the middle of the map, selected. Made only when opened, again when the map
  // changes while it is open.
  var PAGE_ROWS = 100;
  var rows = null; // {order, names, codes, keys, kc, shown, by, dir} for the map shown
  // A feature's class in the legend (null: no data), its value to sort by (a category: its
  // class), and that value as the tooltip and the table write it.
  function featureClass(f) {
    var ch = current.choro, k = ch ? ch.classes[f] : -1;
    return ch && k >= 0 && k < ch.legend.classes.length ? ch.legend.classes[k] : null;
  }
  function featureValue(f) {
    var ch = current.choro;
    if (ch && !ch.classification) return featureClass(f) ? ch.classes[f] : NaN;
    return ch && current.values ? current.values[f] : NaN;
  }
  function featureText(f) {
    var ch = current.choro;
    if (ch && !ch.classification) { var c = featureClass(f); return c ? c.label : fmt(NaN, current.locale); }
    return fmtIn(featureValue(f), current.indicators[+$('indicator').value || 0].column);
  }
  // (the names and codes of the rows shown asked one by one, all of them only to sort by name or
  // for the CSV: fetched at once, 35 ms each on the communes, the table took ~0.3 s to open)
  function tableRows() {
    var n = current.layer.length, order = new Uint32Array(n);
    for (var i = 0; i < n; i++) order[i] = i;
    return { order: order, names: null, codes: null, kc: keyColumn(), shown: 0, by: 'value', dir: valueFirst() };
  }
  // (numbers largest first; categories in the legend's order)
  function valueFirst() { return current.choro && !current.choro.classification ? 1 : -1; }
  function nameOf(r, f) {
    if (r.names) return r.names[f];
    return (current.nameColumn && current.layer.columnText(current.nameColumn, f)) || codeOf(r, f);
  }
  function codeOf(r, f) { return r.codes ? r.codes[f] : current.layer.columnText(r.kc, f) || ''; }
  function allNames(r) {
    if (!r.codes) r.codes = current.layer.columnTexts(r.kc);
    if (!r.names) {
      var names = current.nameColumn ? current.layer.columnTexts(current.nameColumn) : [];
      r.names = r.codes.map(function (c, f) { return names[f] || c; });
    }
    return r.names;
  }
  // the symbols' column, when they show another column than the classes: its values per feature
  // (the table gives them a column of their own, sortable, and the CSV too), else null
  function symbolValues() {
    var sc = $('symbols').value, it = current.indicators[+$('indicator').value || 0];
    return sc && sc !== it.column && map.symbols ? map.symbols.values : null;
  }
  function sortRows() {
    var r = rows, dir = r.dir, o = Array.from(r.order), sv = r.by === 'symbol' ? symbolValues() : null;
    if (r.by === 'name') {
      // (by each name folded once, accents and case aside, as the language's collation orders
      // them first: the collation itself took ~150 ms over the communes' names)
      var names = allNames(r), keys = r.keys || (r.keys = names.map(function (t) {
        return String(t).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
      }));
      o.sort(function (a, b) { var x = keys[a], y = keys[b]; return (x < y ? -1 : x > y ? 1 : 0) * dir || a - b; });
    } else {
      // (missing values last, whichever the direction; equal values in the file's order)
      var at = new Float64Array(o.length);
      for (var i = 0; i < at.length; i++) at[i] = sv ? sv[i] : featureValue(i);
      o.sort(function (a, b) {
        var x = at[a], y = at[b], nx = x !== x, ny = y !== y;
        if (nx || ny) return nx === ny ? a - b : nx ? 1 : -1;
        return (x - y) * dir || a - b;
      });
    }
    r.order = Uint32Array.from(o);
  }
  function drawRows(more) {
    var box = $('data-box');
    $('data-count').textContent = current ? '(' + current.layer.length + ')' : '';
    // (closed: its rows dropped, none of an older map left to show when it opens again)
    if (!box.open || !current) { if (!more) { rows = null; $('data-rows').innerHTML = ''; } return; }
    if (!rows) { rows = tableRows(); sortRows(); }
    var r = rows, body = $('data-rows'), fr = current.locale === 'fr', sv = symbolValues(), sc = $('symbols').value;
    // (the symbols' column shown only when they show another column than the classes)
    var head = $('data-sym');
    head.hidden = !sv; $('data-table').classList.toggle('sym', !!sv);
    if (sv) head.firstChild.textContent = symbolsTitle();
    if (!more) { body.innerHTML = ''; r.shown = 0; }
    var end = Math.min(r.order.length, r.shown + PAGE_ROWS);
    for (var i = r.shown; i < end; i++) {
      var f = r.order[i], tr = el('tr'), th = el('th'), code = codeOf(r, f), b = el('button', nameOf(r, f) || '#' + f, 'link');
      th.scope = 'row'; tr.dataset.feature = f;
      if (current.nameColumn && code) b.title = code;
      b.onclick = (function (f) { return function () { findGo(f); }; })(f);
      // (pointed at or reached by Tab: its feature outlined on the map)
      tr.onmouseenter = b.onfocus = (function (f) { return function () { map.outline(f); }; })(f);
      tr.onmouseleave = b.onblur = function () { map.outline(-1); };
      th.appendChild(b); tr.appendChild(th);
      tr.appendChild(el('td', featureText(f), 'num'));
      if (sv) tr.appendChild(el('td', fmtIn(sv[f], sc), 'num'));
      var td = el('td'), c = featureClass(f), sw = el('span', null, 'sw');
      sw.style.backgroundColor = c ? c.color : map.noDataColor;
      td.appendChild(sw); td.appendChild(el('span', c ? c.label : fmt(NaN, current.locale), 'vh'));
      tr.appendChild(td);
      body.appendChild(tr);
    }
    r.shown = end;
    markRow(map.selected, true);
    var left = r.order.length - end, m = $('data-more');
    m.hidden = left <= 0;
    m.textContent = fr ? 'Afficher ' + Math.min(left, PAGE_ROWS) + ' de plus (' + left + ' restantes)' : 'Show ' + Math.min(left, PAGE_ROWS) + ' more (' + left + ' left)';
    var heads = document.querySelectorAll('#data-table thead th[data-by]');
    for (var k = 0; k < heads.length; k++) heads[k].setAttribute('aria-sort', heads[k].dataset.by === r.by ? (r.dir > 0 ? 'ascending' : 'descending') : 'none');
    $('data-table').dataset.by = r.by; $('data-table').dataset.dir = r.dir;
  }
  function sortBy(by) {
    if (!rows) return;
    rows.dir = rows.by === by ? -rows.dir : by === 'name' ? 1 : by === 'symbol' ? -1 : valueFirst();
    rows.by = by;
    sortRows();
    drawRows(false);
  }
  // the feature selected on the map marked in the table (if its row is shown), brought into view
  // (not when the table is only drawn again: "show more" keeps its place)
  function markRow(f, quiet) {
    var old = document.querySelectorAll('#data-rows tr[aria-current]');
    for (var i = 0; i < old.length; i++) old[i].removeAttribute('aria-current');
    var tr = f >= 0 && $('data-box').open && document.querySelector('#data-rows tr[data-feature="' + f + '"]');
    if (!tr) return;
    tr.setAttribute('aria-current', 'true');
    if (!quiet) tr.scrollIntoView({ block: 'nearest' });
  }
  // (a new map, indicator or classification: the table made again, if it is open, else when opened)
  function tableChanged() { rows = null; drawRows(false); }
  function initTable() {
    $('data-box').addEventListener('toggle', function () { drawRows(false); });
    $('data-more').onclick = function () { drawRows(true); };
    var heads = document.querySelectorAll('#data-table thead th[data-by] button');
    for (var k = 0; k < heads.length; k++) heads[k].onclick = (function (by) { return function () { sortBy(by); }; })(heads[k].parentNode.dataset.by);
  }

  // The data as CSV for a spreadsheet, in the map's language (see src/table/write.rs): code, name,
  // the indicator (its values whole, or its category) and the class of each feature.
  function exportCSV() {
    try {
      // (in the table's order if it is open, else the features')
      var r = rows || tableRows(), n = current.layer.length, it = current.indicators[+$('indicator').value || 0];
      allNames(r);
      var fr = current.locale === 'fr', ch = current.choro, numeric = !!(ch && ch.classification), sv = symbolValues();
      var codes = [], names = [], values = numeric ? new Float64Array(n) : [], classes = [], sizes = sv ? new Float64Array(n) : null;
      for (var i = 0; i < n; i++) {
        var f = r.order[i], c = featureClass(f);
        codes.push(r.codes[f]); names.push(r.names[f]); classes.push(c ? c.label : '');
        values[i] = numeric ? featureValue(f) : c ? c.label : '';
        if (sv) sizes[i] = sv[f];
      }
      // (the symbols' column, when they show another one, after the indicator's: its values whole)
      var header = ['code', fr ? 'nom' : 'name', it.label || it.column || 'value'], columns = [codes, names, values];
      if (sv) { header.push(symbolsTitle()); columns.push(sizes); }
      // (a density: the areas it divides by, as the engine computed them, for the analyst to check)
      if (it.ratio && it.ratio.over === 'km2') {
        var km2 = areasOf(current), area = new Float64Array(n);
        for (var k = 0; k < n; k++) area[k] = km2[r.order[k]];
        header.push(fr ? 'superficie calculée (km²)' : 'computed area (km²)'); columns.push(area);
      }
      header.push(fr ? 'classe' : 'class'); columns.push(classes);
      var csv = SA.writeCsv(header, columns, current.locale);
      download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), current.id + '.csv');
    } catch (e) { exportFailed(e); }
  }

  // ------------------------------------------------------------------ export
  function download(blob, name) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  // both exports are one sheet (src/render/sheet.rs): title, the map as the screen shows it
  // (view, symbols, labels, scale bar), legend with counts and histogram, the symbols' key, source
  function exportArgs() {
    return [current.title, current.source,
      { legendTitle: current.indicators[+$('indicator').value].label, symbolsTitle: map.symbols ? symbolsTitle() : '', format: function (v) { return fmtIn(v, $('symbols').value); } }];
  }
  // (an export that fails says so; the map stays as it is)
  function exportFailed(e) { showMessage('Export : ' + ((e && e.message) || e)); }
  function exportPNG(scale) {
    try {
      var a = exportArgs();
      SA.exportPNG(map, current.choro, a[0], a[1], scale, a[2]).then(function (b) {
        if (!b) throw new Error('the browser made no image (' + scale + '×: too large?)');
        download(b, current.id + '@' + scale + 'x.png');
      }).catch(exportFailed);
    } catch (e) { exportFailed(e); }
  }
  function exportSVG() {
    try {
      var a = exportArgs();
      download(new Blob([SA.exportSVG(map, current.choro, a[0], a[1], a[2])], { type: 'image/svg+xml' }), current.id + '.svg');
    } catch (e) { exportFailed(e); }
  }

  // ------------------------------------------------------------------ publishing
  // The atlas as it is here — its maps and, with a table, the visitor's — as one HTML file like
  // this one (www/publish.mjs makes the same from an atlas.json): this page's script, style,
  // Content-Security-Policy and markup, the files gzipped in it; sealed, the description and the
  // files encrypted by the engine (AES-256-GCM) under a key drawn here (`crypto.getRandomValues`,
  // present where `crypto.subtle` is not), given once. A Promise of {html, key, name}.
  function publishAtlas(sealed) {
    // (copies: the page's own description is not changed)
    var maps = JSON.parse(JSON.stringify(atlas.maps)), gz = {};
    atlas.maps.forEach(function (m) { [m.geo, m.table].forEach(function (f) { if (f && !gz[f]) gz[f] = Promise.resolve(embeddedGz(f)); }); });
    var u = user.spec, skipped = null;
    if (user.layer && user.table && u) {
      // (an id and a folder of its own: a page opened from an atlas published so has one already)
      var id = 'vos-donnees';
      for (var n = 2; maps.some(function (m) { return m.id === id; }); n++) id = 'vos-donnees-' + n;
      var dir = id + '/';
      var um = {
        id: id, title: u.title, subtitle: u.subtitle, geo: dir + user.layerName, table: dir + user.tableName,
        geoKey: $('geo-key').value, tableKey: $('table-key').value, nameColumn: u.nameColumn || undefined,
        projection: u.projection, locale: u.locale, source: u.source,
        indicators: u.indicators.filter(function (it) { return it.column; }).map(function (it) {
          var o = { column: it.column, label: it.label };
          ['palette', 'scale', 'suffix', 'ratio'].forEach(function (k) { if (it[k] != null) o[k] = it[k]; });
          return o;
        })
      };
      if (user.layerPart) um.object = user.layerPart;
      if (user.tablePart) um.sheet = user.tablePart;
      if (u.filter) um.filter = u.filter;
      maps.push(um);
      if (u === current) um.shown = true;
      [[um.geo, user.layerFile], [um.table, user.tableFile]].forEach(function (x) {
        gz[x[0]] = new Response(x[1].stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
    } else if (user.layer) skipped = user.layerName;
    // the map shown first (the published atlas opens on it), its indicator shown first, with the
    // classes as they are (method, classes, breaks typed, palette and its direction)
    var shown = maps.filter(function (m) { return current && (m.id === current.id || m.shown); })[0];
    if (shown) {
      delete shown.shown;
      maps.splice(maps.indexOf(shown), 1);
      maps.unshift(shown);
      var i = +$('indicator').value || 0, it = shown.indicators.splice(i, 1)[0];
      if (it) {
        it.palette = $('palette').value; it.method = $('method').value; it.k = +$('k').value; it.reverse = $('reverse').checked;
        if (it.method === 'manual') it.breaks = $('breaks').value; else delete it.breaks;
        shown.indicators.unshift(it);
      }
    }
    var names = Object.keys(gz);
    return Promise.all(names.map(function (n) { return gz[n]; })).then(function (bytes) {
      var config = { title: atlas.title, maps: maps }, data = '', key = null;
      var safe = function (t) { return t.replace(/<\//g, '<\\/').replace(/<!--/g, '<\\!--'); };
      if (!sealed) {
        data = '<script type="application/json" id="atlas-config">' + safe(JSON.stringify(config)) + '</script>\n';
        names.forEach(function (n, i) { data += '<script type="application/x-gzip-base64" data-file="' + esc(n) + '">' + base64(bytes[i]) + '</script>\n'; });
      } else {
        // what is sealed, as www/publish.mjs writes it (see unpack)
        var enc = new TextEncoder(), parts = [enc.encode('SAB1')], cfg = enc.encode(JSON.stringify(config));
        var u32 = function (n) { var b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
        var u16 = function (n) { var b = new Uint8Array(2); new DataView(b.buffer).setUint16(0, n, true); return b; };
        parts.push(u32(cfg.length), cfg, u32(names.length));
        names.forEach(function (n, i) { var nb = enc.encode(n); parts.push(u16(nb.length), nb, u32(bytes[i].length), bytes[i]); });
        var total = parts.reduce(function (a, p) { return a + p.length; }, 0), plain = new Uint8Array(total), at = 0;
        parts.forEach(function (p) { plain.set(p, at); at += p.length; });
        var k = crypto.getRandomValues(new Uint8Array(32)), nonce = crypto.getRandomValues(new Uint8Array(12));
        key = Array.prototype.map.call(k, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
        data = '<script type="application/octet-stream" id="atlas-sealed">' + base64(SA.engine.sealBytes(plain, key, nonce)) + '</script>\n';
      }
      var csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      var title = sealed ? 'Atlas scellé / Sealed atlas' : (atlas.title || maps[0].title);
      var html = '<!doctype html>\n<html lang="' + document.documentElement.lang + '">\n<head>\n<meta charset="utf-8">\n' +
        '<meta http-equiv="Content-Security-Policy" content="' + esc(csp) + '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
        '<title>' + esc(title) + '</title>\n<style>' + document.querySelector('head style').textContent + '</style>\n</head>\n<body>\n' +
        pristine + '\n' + data + '<script>' + ownScript.textContent + '</script>\n</body>\n</html>\n';
      return { html: html, key: key, name: sealed ? 'atlas-scelle.html' : 'atlas.html', skipped: skipped };
    });
  }
  function esc(t) { return String(t).replace(/&/g, '&amp;').replace(/[<]/g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
  function publishClicked() {
    var sealed = $('publish-sealed').checked;
    $('published').textContent = '';
    progress('Publication…').then(function () { return publishAtlas(sealed); }).then(function (p) {
      download(new Blob([p.html], { type: 'text/html' }), p.name);
      var out = $('published');
      out.textContent = p.name + ' (' + size(p.html.length) + ')' + (p.skipped ? ' — sans / without ' + p.skipped + ' (pas de tableau / no table)' : '');
      if (p.key) {
        out.appendChild(document.createTextNode(' — sa clé, donnée une seule fois, à la fin de son lien / its key, given once, at the end of its link: '));
        out.appendChild(el('code', '#key=' + p.key));
      }
      return progress('');
    }).catch(function (e) { progress(''); showMessage('Publication : ' + ((e && e.message) || e)); });
  }

  // ------------------------------------------------------------------ start
  function init(sa) {
    SA = sa;
    map = new SA.Map($('map'));
    map.on('hover', tooltip);
    map.on('select', function (f) {
      markRow(f);
      // (said to a screen reader, as the tooltip shows it: a hover would say too much, a selection
      // is asked for)
      $('announce').textContent = f >= 0 && current ? featureLines(f).join(' — ') : '';
    });
    initFind();
    map.on('render', function () { renders++; document.body.dataset.renders = renders; });
    atlas.maps.forEach(function (m) { option($('map-select'), m.id, m.title); });
    SA.methods().forEach(function (m) { if (m !== 'percentiles') option($('method'), m, m === 'manual' ? 'manual (seuils / breaks)' : m); });
    $('method').value = 'quantile';
    SA.palettes().forEach(function (p) { option($('palette'), p.name, p.name + (p.colorblindSafe ? ' ◐' : '') + ' · ' + p.family); });
    ['lambert93', 'france-insets', 'albers-usa', 'albers-usa-territories', 'mercator', 'equirectangular', 'equal-earth', 'natural-earth', 'orthographic'].forEach(function (p) { option($('projection'), p, p); });
    $('map-select').onchange = function () { selectMap(this.value); };
    $('indicator').onchange = function () { applyIndicator(+this.value); };
    ['method', 'k', 'palette', 'reverse', 'breaks'].forEach(function (id) { $(id).onchange = restyle; });
    $('symbols').onchange = applySymbols;
    $('derive').onclick = derive;
    $('symbol-classes').onchange = applySymbols;
    $('shape').onchange = applySymbols;
    // overrides the inferred type of the mapped column (a code read as a number, numbers kept as categories)
    $('coltype').onchange = function () {
      var it = current.indicators[+$('indicator').value || 0];
      if (!it.column) return; // (no value column: nothing to type)
      try { current.table.setColumnType(it.column, this.value); } catch (e) { showMessage(e.message); }
      fitPalette(it.column);
      restyle();
    };
    $('labels').onchange = applyLabels;
    $('label-values').onchange = applyLabels;
    // (every 10°: the graticule keeps the world's round meridians on any centre)
    for (var d = -170; d <= 180; d += 10) option($('centre'), String(d), d === 0 ? '0° (Greenwich)' : d === 180 ? '180°' : Math.abs(d) + '° ' + (d > 0 ? 'E' : 'O / W'));
    $('centre').value = '0';
    $('centre').onchange = function () {
      if (!current) return;
      current.lon0 = +this.value;
      reproject(current.projection);
    };
    $('projection').onchange = function () {
      // the globe centred where the map was looking once moved (else Europe and Africa)
      var at = this.value === 'orthographic' && map.moved ? viewPlace() : null;
      reproject(at ? globeAt(at) : this.value);
    };
    // the globe turned as it is dragged (see turnBy)
    map.dragTurn = turnBy;
    map.on('dragend', function () { if (turn) turnEnd(); });
    $('geo-key').onchange = showUser;
    $('table-key').onchange = function () {
      // (the rows per key of this key decide the filter)
      var j = null;
      try { if (user.table) j = SA.join(user.layer, user.table, $('geo-key').value, $('table-key').value); } catch (e) { /* said by showUser */ }
      setupFilter(j);
      if (j) j.free();
      showUser();
    };
    $('filter-col').onchange = function () { filterValues(true); showUser(); };
    $('filter-val').onchange = showUser;
    $('part').onchange = choosePart;
    $('files').onchange = function () { loadFiles(this.files); this.value = ''; };
    // the reader's worker starts while the visitor is still choosing a file
    $('files').addEventListener('click', function () { SA.prepareWorker(); });
    // (eased, as the map's own keys and double click: see api.js `_moveTo`)
    $('zin').onclick = function () { map.zoomBy(1.5, null, null, { animate: true }); };
    $('zout').onclick = function () { map.zoomBy(1 / 1.5, null, null, { animate: true }); };
    $('zreset').onclick = function () { map.reset({ animate: true }); };
    // the page in full screen, its title, map, legend and sources alone (Escape, or the button
    // again, ends it); none where the page may not go full screen (a frame without allowfullscreen)
    $('zfull').hidden = !document.fullscreenEnabled;
    $('zfull').onclick = function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.body.requestFullscreen().catch(function (e) { showMessage('Plein écran refusé / full screen refused: ' + (e && e.message || e), 'warn'); });
    };
    document.addEventListener('fullscreenchange', function () { $('zfull').setAttribute('aria-pressed', document.fullscreenElement ? 'true' : 'false'); });
    $('png1').onclick = function () { exportPNG(1); };
    $('png2').onclick = function () { exportPNG(2); };
    $('png3').onclick = function () { exportPNG(3); };
    $('svg').onclick = exportSVG;
    $('csv').onclick = exportCSV;
    $('publish').onclick = publishClicked;
    initTable();
    var main = document.querySelector('main'), depth = 0;
    main.addEventListener('dragenter', function (e) { e.preventDefault(); if (!depth) SA.prepareWorker(); depth++; document.body.classList.add('dragging'); });
    main.addEventListener('dragover', function (e) { e.preventDefault(); });
    main.addEventListener('dragleave', function () { if (--depth <= 0) { depth = 0; document.body.classList.remove('dragging'); } });
    main.addEventListener('drop', function (e) { e.preventDefault(); depth = 0; document.body.classList.remove('dragging'); loadFiles(e.dataTransfer.files); });
    $('engine-info').textContent = 'sealed-atlas ' + SA.version + ' · hors ligne / offline';
    window.__atlas = { map: map, current: function () { return current; }, user: function () { return user; }, SA: SA, loadFiles: loadFiles, publish: publishAtlas };
    return selectMap(atlas.maps[0].id).then(function () { document.body.dataset.ready = '1'; });
  }

  SealedAtlas.ready.then(function (sa) { return openAtlas(sa).then(function () { return init(sa); }); }).catch(function (e) { showMessage('sealed-atlas: ' + ((e && e.message) || e)); });
})();
