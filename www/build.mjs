// Assembles dist/: the drop-in engine script and the self-contained demo atlas.
// usage: node www/build.mjs <wasm-bindgen out dir> <dist dir>
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { publish, safe, zopfli } from './publish.mjs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [bindgenDir, distDir] = process.argv.slice(2);
mkdirSync(distDir, { recursive: true });

const wasm = readFileSync(join(bindgenDir, 'sealed_atlas_bg.wasm'));
const glue = readFileSync(join(bindgenDir, 'sealed_atlas.js'), 'utf8');
const api = readFileSync(join(root, 'www/warm.js'), 'utf8') + '\n' + readFileSync(join(root, 'www/api.js'), 'utf8');
// The engine inlined as gzip made by Zopfli (6 % smaller than zlib's best: 265 → 249 KB; ~2 s of
// build), then base64.
const wasmGz = await zopfli(wasm);

// The glue becomes a function, so that the page can also hand its source to a worker
// (Function.prototype.toString) instead of fetching a second script.
const GLUE_HEAD = 'let wasm_bindgen = ';
if (!glue.startsWith(GLUE_HEAD)) throw new Error('unexpected wasm-bindgen glue: it should start with ' + GLUE_HEAD);
const glueFn = 'function __saGlue() {\nreturn ' + glue.slice(GLUE_HEAD.length) + '\n}\nvar wasm_bindgen = __saGlue();\n';
const engine = safe(
  '/*! sealed-atlas ' + JSON.parse(JSON.stringify({ v: '0.1.0' })).v + ' — engine (Rust → Wasm) inlined: gzip + base64 */\n' +
  glueFn + '\n;window.__SEALED_ATLAS_ENGINE__ = "' + wasmGz.toString('base64') + '";\n' + api
);
writeFileSync(join(distDir, 'sealed-atlas.js'), engine);

// ---- the demo atlas, and the same sealed (its key beside it, for the tests: a published atlas's
// key is printed once and kept nowhere, see www/publish.mjs)
const demo = await publish(join(root, 'examples/atlas.json'), engine);
const html = demo.html;
writeFileSync(join(distDir, 'demo-atlas.html'), html);
const sealedDemo = await publish(join(root, 'examples/atlas.json'), engine, true);
writeFileSync(join(distDir, 'demo-atlas-sealed.html'), sealedDemo.html);
writeFileSync(join(distDir, 'demo-atlas-sealed.key'), sealedDemo.key + '\n');

const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const report = {
  wasmBytes: wasm.length, wasmGzipBytes: gzipSync(wasm, { level: 9 }).length, wasmInlinedGzipBytes: wasmGz.length,
  engineScriptBytes: Buffer.byteLength(engine), engineScriptGzipBytes: gzipSync(Buffer.from(engine), { level: 9 }).length,
  demoBytes: Buffer.byteLength(html), demoGzipBytes: gzipSync(Buffer.from(html), { level: 9 }).length,
};
writeFileSync(join(distDir, 'sizes.json'), JSON.stringify(report, null, 2) + '\n');
console.log('  engine wasm        ' + kb(report.wasmBytes) + ' (' + kb(report.wasmGzipBytes) + ' gzip, ' + kb(report.wasmInlinedGzipBytes) + ' as inlined by Zopfli)');
console.log('  dist/sealed-atlas.js ' + kb(report.engineScriptBytes) + ' (' + kb(report.engineScriptGzipBytes) + ' gzip)');
console.log('  dist/demo-atlas.html ' + kb(report.demoBytes) + ' (' + kb(report.demoGzipBytes) + ' gzip)');
