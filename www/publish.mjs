// Publishes an atlas as one self-contained HTML file: the engine, the page, the atlas's description
// and its files inlined (gzip, base64), nothing fetched when it opens — optionally sealed.
//
//   node www/publish.mjs ATLAS.json OUT.html [--seal]      (after ./pkg-build.sh: uses dist/sealed-atlas.js)
//
// ATLAS.json describes the maps (see examples/README.md); their `geo` and `table` files are read
// relative to it, compressed (gzip) and inlined. Sealed (`--seal`): the description and the files
// are encrypted with AES-256-GCM under a key drawn here at random, printed once as the link to give (`OUT.html#key=<64 hex
// digits>`) and kept nowhere: the file alone shows nothing of the data; the page opens it with the
// key from its link's fragment (never sent to a server) or typed in. Sealed bytes: `SAS1`, a
// 12-byte nonce, the ciphertext, the 16-byte tag (`SAS1` authenticated too); the engine opens them
// (src/atlas/seal.rs). What is sealed: `SAB1`, the description's length (u32, little-endian) and
// its JSON, the number of files (u32), then each file's name (u16 length, UTF-8) and its gzip
// (u32 length, bytes).
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash, createCipheriv, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipAsync } from '@gfx/zopfli';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Zopfli's gzip: what any inflater reads, 6 % smaller than zlib's best, ~1 s a MB. */
export const zopfli = (buf) => gzipAsync(buf, { numiterations: 5 }).then((z) => Buffer.from(z));
// Zopfli for files under 1 MB; zlib's best above (minutes for the 46 MB of the communes)
const gzip = (buf) => buf.length < 1 << 20 ? zopfli(buf) : Promise.resolve(gzipSync(buf, { level: 9 }));
// (a file's gzip made once for the build's two demo atlases, plain and sealed)
const gzipped = new Map();
const gzipOf = (path) => { if (!gzipped.has(path)) gzipped.set(path, gzip(readFileSync(path))); return gzipped.get(path); };
// Inline text must never close the <script> it sits in.
export const safe = (s) => s.replace(/<\//g, '<\\/').replace(/<!--/g, '<\\!--');

/** `plain` sealed under `key` (32 bytes), as the engine opens it. */
export function seal(plain, key) {
  const magic = Buffer.from('SAS1'), nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(magic);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([magic, nonce, body, c.getAuthTag()]);
}

/** The atlas at `atlasPath` as one HTML page running `engineScript` (the text of
 *  dist/sealed-atlas.js); sealed under a new key if `sealIt`. Returns `{ html, key }` (`key`: hex). */
export async function publish(atlasPath, engineScript, sealIt = false) {
  const atlas = JSON.parse(readFileSync(atlasPath, 'utf8'));
  if (!Array.isArray(atlas.maps) || !atlas.maps.length) throw new Error(atlasPath + ': an atlas has "maps", at least one');
  // what the page needs of each map, said before anything is written (the page would fail on it)
  atlas.maps.forEach((m, i) => {
    const name = 'maps[' + i + ']' + (m && m.id ? ' (' + m.id + ')' : '');
    for (const k of ['id', 'geo', 'table', 'geoKey', 'tableKey']) {
      if (!m || typeof m[k] !== 'string' || !m[k]) throw new Error(atlasPath + ': ' + name + ' has no "' + k + '"');
    }
    if (!Array.isArray(m.indicators) || !m.indicators.length || m.indicators.some((it) => !it || !it.column)) {
      throw new Error(atlasPath + ': ' + name + ' needs "indicators", each with its "column"');
    }
  });
  const ids = atlas.maps.map((m) => m.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(atlasPath + ': two maps are "' + twice + '"');
  const files = [...new Set(atlas.maps.flatMap((m) => [m.geo, m.table]).filter(Boolean))];
  const gz = {};
  for (const f of files) gz[f] = await gzipOf(resolve(dirname(atlasPath), f));
  let data, key = null;
  if (!sealIt) {
    data = '<script type="application/json" id="atlas-config">' + safe(JSON.stringify(atlas)) + '</script>\n';
    const attr = (t) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    for (const f of files) data += '<script type="application/x-gzip-base64" data-file="' + attr(f) + '">' + gz[f].toString('base64') + '</script>\n';
  } else {
    const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
    const u16 = (n) => { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; };
    const config = Buffer.from(JSON.stringify(atlas), 'utf8');
    const parts = [Buffer.from('SAB1'), u32(config.length), config, u32(files.length)];
    for (const f of files) { const name = Buffer.from(f, 'utf8'); parts.push(u16(name.length), name, u32(gz[f].length), gz[f]); }
    const k = randomBytes(32);
    key = k.toString('hex');
    data = '<script type="application/octet-stream" id="atlas-sealed">' + seal(Buffer.concat(parts), k).toString('base64') + '</script>\n';
  }
  const script = engineScript + '\n' + safe(readFileSync(join(root, 'www/demo.js'), 'utf8'));
  const style = readFileSync(join(root, 'www/demo.css'), 'utf8');
  const sha = (s) => "'sha256-" + createHash('sha256').update(s, 'utf8').digest('base64') + "'";
  const csp = [
    "default-src 'none'",
    "script-src " + sha(script) + " 'wasm-unsafe-eval'",
    // the reader's worker is made from the page's own script text (a blob: URL), never fetched
    "worker-src blob:",
    "style-src " + sha(style),
    "img-src data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const html = readFileSync(join(root, 'www/demo.html'), 'utf8');
  // placeholders are replaced by position so that no inlined text is ever re-scanned
  // the tab's title: the atlas's, or nothing of it while sealed (the page names it once opened)
  const esc = (t) => String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const title = sealIt ? 'Atlas scellé / Sealed atlas' : esc(atlas.title || atlas.maps[0].title || 'sealed-atlas');
  const parts = { '{{CSP}}': csp, '{{STYLE}}': style, '{{DATA}}': data, '{{SCRIPT}}': script, '{{TITLE}}': title };
  return { html: html.replace(/\{\{(CSP|STYLE|DATA|SCRIPT|TITLE)\}\}/g, (m) => parts[m]), key };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2), sealIt = args.includes('--seal');
  const [atlasPath, out] = args.filter((a) => a !== '--seal');
  if (!atlasPath || !out) {
    console.error('usage: node www/publish.mjs ATLAS.json OUT.html [--seal]');
    process.exit(2);
  }
  try {
    const { html, key } = await publish(atlasPath, readFileSync(join(root, 'dist/sealed-atlas.js'), 'utf8'), sealIt);
    writeFileSync(out, html);
    console.log('wrote ' + out + ' (' + (Buffer.byteLength(html) / 1024).toFixed(1) + ' KB)');
    if (key) console.log('sealed: its link, with its key (given once here, kept nowhere else):\n  ' + pathToFileURL(resolve(out)).href + '#key=' + key);
  } catch (e) {
    console.error(e.code === 'ENOENT' ? 'cannot read ' + e.path + ': no such file' : e.message);
    process.exit(1);
  }
}
