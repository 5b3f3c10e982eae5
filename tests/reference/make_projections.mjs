// Reference projected coordinates from d3-geo (the version in package-lock.json, 3.1.2) and
// d3-composite-projections (2.0.0, Albers USA with the territories), for
// tests/projections_reference.rs.   node tests/reference/make_projections.mjs > tests/reference/projections-d3.json
import * as d3 from 'd3-geo';
// (its index imports without extensions, which Node refuses: the projection's own module)
import albersUsaTerritories from 'd3-composite-projections/src/albersUsaTerritories.js';
import { readFileSync } from 'node:fs';

const R = Math.PI / 180;
const pts = [[2.35, 48.86], [-4.48, 48.39], [7.75, 48.58], [9.45, 42.7], [-122.42, 37.77], [-73.99, 40.73], [-87.63, 41.88],
  [-149.9, 61.22], [-157.86, 21.31], [-155.5, 19.6], [0, 0], [139.69, 35.69], [-58.38, -34.6], [151.21, -33.87], [18.42, -33.92], [-20, 64], [179.9, -16.5]];
const raw = {
  equirectangular: d3.geoEquirectangularRaw,
  mercator: d3.geoMercatorRaw,
  'equal-earth': d3.geoEqualEarthRaw,
  'natural-earth': d3.geoNaturalEarth1Raw,
};
const version = (m) => JSON.parse(readFileSync(new URL(`../../node_modules/${m}/package.json`, import.meta.url))).version;
const out = { d3geo: version('d3-geo'), d3CompositeProjections: version('d3-composite-projections'), raw: {}, conic: {}, albersUsa: [], albersUsaTerritories: [] };
for (const [name, f] of Object.entries(raw)) out.raw[name] = pts.map(([lon, lat]) => [lon, lat, ...f(lon * R, lat * R)]);
// conics: raw functions with (λ − λ0) in radians
const ea = d3.geoConicEqualAreaRaw(29.5 * R, 45.5 * R);
out.conic.albers = pts.filter(([, lat]) => lat > -60).map(([lon, lat]) => [lon, lat, ...ea((((lon + 96 + 540) % 360) - 180) * R, lat * R)]);
const cc = d3.geoConicConformalRaw(44 * R, 49 * R);
out.conic['conic-conformal'] = pts.filter(([, lat]) => lat > -60).map(([lon, lat]) => [lon, lat, ...cc((((lon - 3 + 540) % 360) - 180) * R, lat * R)]);
const usa = d3.geoAlbersUsa().scale(1).translate([0, 0]);
for (const [lon, lat] of pts) {
  const p = usa([lon, lat]);
  if (p) out.albersUsa.push([lon, lat, p[0], p[1]]);
}
// with the territories: the same places, and Puerto Rico, the US Virgin Islands, American Samoa,
// Guam and the Northern Mariana Islands
const territories = albersUsaTerritories().scale(1).translate([0, 0]);
for (const [lon, lat] of [...pts, [-66.1, 18.4], [-67.15, 18.2], [-64.9, 18.34], [-64.75, 17.73], [-170.7, -14.28], [-168.15, -14.2],
  [144.8, 13.45], [145.75, 15.2], [145.7, 18.1]]) {
  const p = territories([lon, lat]);
  if (p) out.albersUsaTerritories.push([lon, lat, p[0], p[1]]);
}
// orthographic centred on (10°E, 30°N): d3 rotates by the opposite; points on the far side are clipped
const ortho = d3.geoOrthographic().rotate([-10, -30]).scale(1).translate([0, 0]).clipAngle(null);
out.orthographic = pts.filter(([lon, lat]) => {
  const l = (lon - 10) * R, p = lat * R, p0 = 30 * R;
  return Math.sin(p0) * Math.sin(p) + Math.cos(p0) * Math.cos(p) * Math.cos(l) >= 0;
}).map(([lon, lat]) => { const q = ortho([lon, lat]); return [lon, lat, q[0], q[1]]; });
console.log(JSON.stringify(out, null, 1));
