// End-to-end: the sealed demo atlas (dist/demo-atlas-sealed.html, its key beside it) opened from
// file:// in Chromium and Firefox ESR — nothing of its data without the key, refused with a wrong
// one, the atlas whole with the right one, from the link's fragment or typed in.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, openPage, axeViolations, DEMO_URL, ROOT, BROWSERS } from './browsers.mjs';

const FILE = join(ROOT, 'dist/demo-atlas-sealed.html');
const URL_ = pathToFileURL(FILE).href;
const KEY = readFileSync(join(ROOT, 'dist/demo-atlas-sealed.key'), 'utf8').trim();
// the same key with one digit changed
const WRONG = KEY.slice(0, 40) + ((parseInt(KEY[40], 16) + 1) % 16).toString(16) + KEY.slice(41);

const shown = (page) => page.evaluate(() => ({
  sealed: !document.getElementById('sealed').hidden,
  title: document.getElementById('title').textContent,
  error: document.getElementById('seal-error').textContent,
  ready: document.body.dataset.ready || null,
  text: document.body.innerText,
  tab: document.title,
}));

describe('the sealed atlas file', () => {
  it('carries none of its data in clear: no description, no file, no name', () => {
    const html = readFileSync(FILE, 'utf8');
    const plain = readFileSync(join(ROOT, 'dist/demo-atlas.html'), 'utf8');
    assert.match(html, /<script type="application\/octet-stream" id="atlas-sealed">[A-Za-z0-9+/=]{100000,}<\/script>/);
    for (const clear of ['"tableKey":"code"', 'data-file="fr/', 'data-file="us/', 'France — départements', 'Population légale', 'unemployment', 'us-counties']) {
      assert.ok(plain.includes(clear), `the plain atlas has ${clear}`);
      assert.ok(!html.includes(clear), `the sealed one has ${clear} in clear`);
    }
    assert.match(KEY, /^[0-9a-f]{64}$/);
  });
});

// an atlas of one's own, published sealed by `node www/publish.mjs ATLAS.json OUT.html --seal`:
// three zones, codes with leading zeros, a French table; the link it prints
/** Three square zones, codes with leading zeros, named `name` and their code, their `extra`
 *  properties besides. */
function zones(name, extra = () => ({})) {
  return { type: 'FeatureCollection', features: ['01', '02', '2A'].map((code, i) => ({
    type: 'Feature', properties: { code, nom: name + ' ' + code, ...extra() },
    geometry: { type: 'Polygon', coordinates: [[[i * 2, 45], [i * 2, 46], [i * 2 + 1.5, 46], [i * 2 + 1.5, 45], [i * 2, 45]]] },
  })) };
}

function publishOwn() {
  const dir = mkdtempSync(join(tmpdir(), 'sa-publish-'));
  mkdirSync(join(dir, 'data'));
  // (each zone with 700 KB of notes that do not compress: the sealed data over 1 MB, opened in the
  // reader's worker)
  const notes = () => randomBytes(350 * 1024).toString('hex');
  writeFileSync(join(dir, 'data/zones.geojson'), JSON.stringify(zones('Secteur', () => ({ notes: notes() }))));
  // two years a zone, the atlas keeping 2020's (its `filter`)
  writeFileSync(join(dir, 'data/ventes.csv'), 'code;annee;ventes\r\n01;2019;1\r\n01;2020;10,5\r\n02;2019;2\r\n02;2020;50,25\r\n2A;2019;3\r\n2A;2020;99\r\n');
  // and a second map whose table is a workbook's sheet (its `sheet`: not the first, of notes)
  writeFileSync(join(dir, 'data/departements.geojson'), readFileSync(join(ROOT, 'examples/fr/departements-version-simplifiee.geojson')));
  writeFileSync(join(dir, 'data/departements.xlsx'), readFileSync(join(ROOT, 'tests/data/departements.xlsx')));
  writeFileSync(join(dir, 'atlas.json'), JSON.stringify({ title: 'Ventes', maps: [{
    id: 'zones', title: 'Ventes confidentielles par secteur', geo: 'data/zones.geojson', table: 'data/ventes.csv',
    geoKey: 'code', tableKey: 'code', filter: { column: 'annee', value: '2020' }, nameColumn: 'nom', projection: 'mercator', locale: 'fr',
    indicators: [{ column: 'ventes', label: 'Ventes (k€)', palette: 'Blues' }], source: 'Service commercial' }, {
    id: 'depts', title: 'Départements', geo: 'data/departements.geojson', table: 'data/departements.xlsx', sheet: 'population',
    geoKey: 'code', tableKey: 'code', nameColumn: 'nom', projection: 'lambert93', locale: 'fr',
    indicators: [{ column: 'population', label: 'Population', palette: 'Greens' }], source: 'Classeur' }, {
    id: 'absente', title: 'Feuille absente', geo: 'data/departements.geojson', table: 'data/departements.xlsx', sheet: 'absente',
    geoKey: 'code', tableKey: 'code', projection: 'lambert93', locale: 'fr', indicators: [{ column: 'population', label: 'Population' }] }] }));
  const out = execFileSync('node', [join(ROOT, 'www/publish.mjs'), join(dir, 'atlas.json'), join(dir, 'ventes.html'), '--seal'], { encoding: 'utf8' });
  const link = out.match(/(file:\S+#key=[0-9a-f]{64})/);
  assert.ok(link, out);
  const html = readFileSync(join(dir, 'ventes.html'), 'utf8');
  assert.ok(html.length > 1.4 * 2 ** 20, `${html.length} bytes`);
  for (const clear of ['Ventes', 'Secteur 2A', 'ventes.csv']) assert.ok(!html.includes(clear), clear + ' in clear');
  return link[1];
}
const OWN = publishOwn();

describe('the publisher', () => {
  it('says what an atlas.json lacks, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sa-publish-bad-'));
    const run = (atlas) => {
      writeFileSync(join(dir, 'atlas.json'), JSON.stringify(atlas));
      try {
        execFileSync('node', [join(ROOT, 'www/publish.mjs'), join(dir, 'atlas.json'), join(dir, 'out.html'), '--seal'], { encoding: 'utf8', stdio: 'pipe' });
        return 'written';
      } catch (e) { return e.status + ' ' + e.stderr.trim().replace(dir, 'DIR'); }
    };
    const map = { id: 'a', geo: 'g.geojson', table: 't.csv', geoKey: 'code', tableKey: 'code', indicators: [{ column: 'v' }] };
    assert.equal(run({ maps: [] }), '1 DIR/atlas.json: an atlas has "maps", at least one');
    assert.equal(run({ maps: [{ ...map, table: undefined }] }), '1 DIR/atlas.json: maps[0] (a) has no "table"');
    assert.equal(run({ maps: [map, { ...map, indicators: [{ label: 'x' }] }] }), '1 DIR/atlas.json: maps[1] (a) needs "indicators", each with its "column"');
    assert.equal(run({ maps: [map, map] }), '1 DIR/atlas.json: two maps are "a"');
    assert.equal(run({ maps: [map] }), '1 cannot read ' + join(dir, 'g.geojson').replace(dir, 'DIR') + ': no such file');
    assert.throws(() => readFileSync(join(dir, 'out.html')));
  });
});

for (const name of BROWSERS) {
  describe(`sealed atlas in ${name}`, () => {
    let browser;
    before(async () => { browser = await launch(name); });
    after(async () => { await browser.close(); });

    it('without its key shows a form and nothing of the atlas, fetching nothing', async () => {
      const { page, errors, requests } = await openPage(browser, URL_);
      await page.waitForFunction(() => !document.getElementById('sealed').hidden, { timeout: 30000 });
      const s = await shown(page);
      assert.equal(s.title, 'Atlas scellé / Sealed atlas');
      assert.equal(s.tab, 'Atlas scellé / Sealed atlas');
      assert.equal(s.ready, null);
      for (const clear of ['départements', 'Lozère', 'Population', 'unemployment']) assert.ok(!s.text.includes(clear), `${clear} shown`);
      assert.equal(await page.$eval('#map-select', (e) => e.options.length), 0);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'seal-key');
      assert.deepEqual(errors, []);
      assert.deepEqual(requests.filter((u) => u.split('#')[0] !== URL_), []);
      // a key misread, then a wrong one: said, the atlas still sealed
      await page.type('#seal-key', KEY.slice(0, 62));
      await page.click('#seal-form button');
      await page.waitForFunction(() => /64/.test(document.getElementById('seal-error').textContent), { timeout: 10000 });
      assert.match((await shown(page)).error, /a key is 64 hexadecimal digits: this one has 62/);
      await page.$eval('#seal-key', (e) => { e.value = ''; });
      await page.type('#seal-key', WRONG);
      await page.click('#seal-form button');
      await page.waitForFunction(() => /does not open/.test(document.getElementById('seal-error').textContent), { timeout: 10000 });
      assert.ok((await shown(page)).sealed);
      // the form and its message pass axe-core's WCAG 2.1 A and AA rules
      assert.deepEqual(await axeViolations(page), []);
      // the right one, pasted with its link, a space in the middle: the atlas whole, its first map drawn
      await page.$eval('#seal-key', (e) => { e.value = ''; });
      await page.type('#seal-key', URL_ + '#key=' + KEY.slice(0, 32) + ' ' + KEY.slice(32).toUpperCase());
      await page.click('#seal-form button');
      await page.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 30000 });
      const o = await shown(page);
      assert.equal(o.sealed, false);
      assert.equal(o.title, 'France — départements');
      assert.equal(o.tab, 'sealed-atlas — démo');
      assert.ok(o.text.includes('Population'), 'the legend');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('opens with the key of its link, without crypto.subtle (absent on plain http://), both maps', async () => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1200, height: 800, deviceScaleFactor: 1 });
      const errors = [], requests = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('request', (r) => { const u = r.url(); if (!u.startsWith('data:') && !u.startsWith('blob:')) requests.push(u); });
      await page.evaluateOnNewDocument(() => { Object.defineProperty(Crypto.prototype, 'subtle', { get() { return undefined; } }); });
      await page.goto(URL_ + '#key=' + KEY, { waitUntil: 'load' });
      await page.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 30000 });
      assert.equal(await page.evaluate(() => typeof crypto.subtle), 'undefined');
      // (under 1 MB: opened in the page)
      assert.equal(await page.evaluate(() => SealedAtlas.openSealed.inWorker), undefined);
      const s = await shown(page);
      assert.equal(s.sealed, false);
      assert.equal(s.title, 'France — départements');
      // its first map as the plain atlas draws it: 96 départements in five classes
      const counts = await page.$$eval('#legend li', (lis) => lis.map((li) => li.textContent));
      assert.equal(counts.length, 6, counts.join(' | '));
      assert.equal(await page.evaluate(() => window.__atlas.current().layer.length), 96);
      // the second map, from the sealed files too
      await page.select('#map-select', 'us-counties');
      await page.waitForFunction(() => document.body.dataset.indicator === 'rate', { timeout: 30000 });
      assert.equal(await page.evaluate(() => window.__atlas.current().joined.reportJson.matched), 3212);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests.filter((u) => u.split('#')[0] !== URL_), []);
      await page.close();
    });

    it('an atlas of one’s own, published sealed, opens from the link the publisher printed', async () => {
      const { page, errors, requests } = await openPage(browser, OWN);
      await page.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 30000 });
      const s = await shown(page);
      assert.equal(s.title, 'Ventes confidentielles par secteur');
      assert.equal(s.tab, 'Ventes');
      assert.equal(await page.evaluate(() => window.__atlas.current().joined.reportJson.matched), 3);
      assert.deepEqual(await page.evaluate(() => { const c = window.__atlas.current(); return Array.from(window.__atlas.SA.engine.joinedValues(c.joined, c.table, 'ventes')); }), [10.5, 50.25, 99]);
      assert.ok(s.text.includes('Service commercial'), 'its source');
      // opened in the reader's worker (over 1 MB), not in the page
      assert.equal(await page.evaluate(() => SealedAtlas.openSealed.inWorker), 1);
      // the workbook's sheet named
      await page.select('#map-select', 'depts');
      await page.waitForFunction(() => window.__atlas.current().id === 'depts', { timeout: 30000 });
      const d = await page.evaluate(() => { const c = window.__atlas.current(); return { matched: c.joined.reportJson.matched, values: Array.from(window.__atlas.SA.engine.joinedValues(c.joined, c.table, 'population')).filter((v) => v === v) }; });
      assert.equal(d.matched, 4);
      assert.ok(d.values.includes(2103778), d.values.join(' '));
      // (a sheet the workbook does not have: said, the map on screen kept)
      await page.select('#map-select', 'absente');
      await page.waitForFunction(() => /no sheet named 'absente'; the sheets are: notes, population/.test(document.getElementById('messages').textContent), { timeout: 30000 });
      assert.equal(await page.evaluate(() => window.__atlas.current().id), 'depts');
      assert.deepEqual(errors, []);
      // and a wrong key, refused by the worker, said in the page
      const bad = OWN.slice(0, -1) + (OWN.endsWith('0') ? '1' : '0');
      const other = await openPage(browser, bad);
      await other.page.waitForFunction(() => /does not open/.test(document.getElementById('seal-error').textContent), { timeout: 30000 });
      assert.equal((await shown(other.page)).ready, null);
      assert.deepEqual(other.errors, []);
      await other.page.close();
      assert.deepEqual(requests.filter((u) => u.split('#')[0] !== OWN.split('#')[0]), []);
      await page.close();
    });

    it('publishes the atlas from the page, the visitor’s map and its density with it, sealed: the file opens with the key the page gave', async () => {
      const { page, errors } = await openPage(browser, DEMO_URL);
      await page.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 30000 });
      await page.evaluate(async (geo) => {
        // (a file name with quotes: the published page finds its file all the same)
        await window.__atlas.loadFiles([new File([geo], 'zones.geojson'), new File(['code;valeur\r\n1;10,5\r\n02;50,25\r\n2A;99\r\n'], 'valeurs "2020".csv')]);
      }, JSON.stringify(zones('Zone')));
      await page.waitForFunction(() => window.__atlas.current() && window.__atlas.current().id === 'user', { timeout: 30000 });
      // a density of the visitor's own (« Taux, densité »), the values the page maps
      const want = await page.evaluate(() => {
        const $ = (id) => document.getElementById(id);
        $('derive-num').value = 'valeur'; $('derive-den').value = ''; $('derive-scale').value = '1';
        $('derive').click();
        const c = window.__atlas.current();
        return Array.from(window.__atlas.SA.engine.joinedValues(c.joined, c.table, 'valeur / km²'));
      });
      assert.equal(want.filter((v) => v > 0).length, 3, String(want));
      // the map shown again (its keys chosen again): the density still an indicator made of two
      // others (its tooltip says how, a published atlas makes it again)
      const kept = await page.evaluate(() => {
        document.getElementById('geo-key').dispatchEvent(new Event('change'));
        const it = window.__atlas.current().indicators.filter((i) => i.column === 'valeur / km²')[0];
        return it && it.ratio;
      });
      assert.deepEqual(kept, { of: 'valeur', over: 'km2', times: 1 });
      await page.evaluate(() => { const $ = (id) => document.getElementById(id); $('indicator').value = String(window.__atlas.current().indicators.length - 1); $('indicator').dispatchEvent(new Event('change')); });
      // its classes as the visitor leaves them: two equal intervals, the palette reversed
      await page.evaluate(() => {
        const $ = (id) => document.getElementById(id);
        $('method').value = 'equal-interval'; $('k').value = '2'; $('reverse').checked = true;
        $('k').dispatchEvent(new Event('change'));
      });
      await page.waitForFunction(() => document.querySelectorAll('#legend li').length === 3, { timeout: 30000 });
      const legend = await page.$$eval('#legend li', (x) => x.map((e) => e.textContent));
      // « Publier l'atlas », sealed: the file handed over (its download caught) and the key shown once
      await page.evaluate(() => {
        const made = window.__made = {};
        // (the page's own blobs, its reader's worker, made as usual)
        const url = URL.createObjectURL;
        URL.createObjectURL = (b) => { if (b && b.type === 'text/html') { made.blob = b; return 'blob:caught'; } return url.call(URL, b); };
        HTMLAnchorElement.prototype.click = function () { made.name = this.download; };
      });
      assert.equal(await page.$eval('#publish-sealed', (e) => e.checked), true);
      await page.click('#publish');
      await page.waitForFunction(() => window.__made.name && document.querySelector('#published code'), { timeout: 30000 });
      const got = await page.evaluate(async () => ({
        html: await window.__made.blob.text(), name: window.__made.name, type: window.__made.blob.type,
        key: document.querySelector('#published code').textContent.replace('#key=', ''),
      }));
      assert.equal(got.name, 'atlas-scelle.html');
      assert.equal(got.type, 'text/html');
      assert.match(got.key, /^[0-9a-f]{64}$/);
      for (const clear of ['valeurs "2020"', 'valeurs \\"2020', 'valeurs &quot;2020', 'Zone 2A', 'France — départements', '"tableKey":"code"']) assert.ok(!got.html.includes(clear), clear + ' in clear');
      // not sealed: the same atlas in clear, no key
      await page.evaluate(() => { window.__made.name = null; document.getElementById('publish-sealed').checked = false; });
      await page.click('#publish');
      await page.waitForFunction(() => window.__made.name === 'atlas.html', { timeout: 30000 });
      const plain = await page.evaluate(async () => ({ html: await window.__made.blob.text(), shown: document.getElementById('published').textContent }));
      assert.ok(plain.html.includes('data-file="vos-donnees/zones.geojson"') && plain.html.includes('"tableKey":"code"'));
      assert.ok(!/key=/.test(plain.shown), plain.shown);
      assert.deepEqual(errors, []);
      await page.close();
      const dir = mkdtempSync(join(tmpdir(), 'sa-published-'));
      writeFileSync(join(dir, got.name), got.html);
      const url = pathToFileURL(join(dir, got.name)).href;
      // without the key: sealed; with it: the atlas's maps and the visitor's, its density made again
      const closed = await openPage(browser, url);
      await closed.page.waitForFunction(() => !document.getElementById('sealed').hidden, { timeout: 30000 });
      await closed.page.close();
      writeFileSync(join(dir, 'atlas.html'), plain.html);
      const clear = await openPage(browser, pathToFileURL(join(dir, 'atlas.html')).href);
      await clear.page.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 30000 });
      assert.equal(await clear.page.$$eval('#map-select option', (x) => x.length), 3);
      await clear.page.select('#map-select', 'vos-donnees');
      await clear.page.waitForFunction(() => window.__atlas.current().id === 'vos-donnees', { timeout: 30000 });
      assert.equal(await clear.page.evaluate(() => window.__atlas.current().joined.reportJson.matched), 3);
      assert.deepEqual(clear.errors, []);
      await clear.page.close();
      const o = await openPage(browser, url + '#key=' + got.key);
      await o.page.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 30000 });
      // (it opens on the map shown when it was published)
      assert.deepEqual(await o.page.$$eval('#map-select option', (x) => x.map((e) => e.value)), ['vos-donnees', 'fr-departements', 'us-counties']);
      assert.equal(await o.page.evaluate(() => window.__atlas.current().id), 'vos-donnees');
      const r = await o.page.evaluate(() => {
        const c = window.__atlas.current();
        return { matched: c.joined.reportJson.matched, indicators: c.indicators.map((i) => i.label), values: Array.from(window.__atlas.SA.engine.joinedValues(c.joined, c.table, 'valeur / km²')) };
      });
      assert.equal(r.matched, 3);
      // the density shown first, in the classes it was published with
      assert.equal(r.indicators[0], 'valeur / km²', r.indicators.join(' | '));
      assert.deepEqual(await o.page.evaluate(() => [document.getElementById('method').value, document.getElementById('k').value, document.getElementById('reverse').checked]), ['equal-interval', '2', true]);
      assert.deepEqual(await o.page.$$eval('#legend li', (x) => x.map((e) => e.textContent)), legend);
      r.values.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-9 * want[i], `${v} vs ${want[i]}`));
      // published again from there with other files: a map of its own, beside the first
      const again = await o.page.evaluate(async () => {
        const geo = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '01' }, geometry: { type: 'Polygon', coordinates: [[[0, 45], [0, 46], [1, 46], [1, 45], [0, 45]]] } }] };
        await window.__atlas.loadFiles([new File([JSON.stringify(geo)], 'zones.geojson'), new File(['code;v\n01;1\n'], 'v.csv')]);
        const p = await window.__atlas.publish(false);
        const cfg = JSON.parse(new DOMParser().parseFromString(p.html, 'text/html').getElementById('atlas-config').textContent);
        return cfg.maps.map((m) => m.id + ' ' + m.geo);
      });
      assert.deepEqual(again, ['vos-donnees-2 vos-donnees-2/zones.geojson', 'vos-donnees vos-donnees/zones.geojson', 'fr-departements fr/departements-version-simplifiee.geojson', 'us-counties us/counties-10m.json']);
      assert.deepEqual(o.errors, [], 'its Content-Security-Policy holds: no script or style refused');
      assert.deepEqual(o.requests.filter((u) => u.split('#')[0] !== url), []);
      await o.page.close();
    });

    it('a link with a wrong key says so and asks for the key', async () => {
      const { page, errors } = await openPage(browser, URL_ + '#key=' + WRONG);
      await page.waitForFunction(() => !document.getElementById('sealed').hidden, { timeout: 30000 });
      const s = await shown(page);
      assert.match(s.error, /link’s key: this key does not open this atlas/);
      assert.equal(s.ready, null);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}
