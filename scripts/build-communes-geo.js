#!/usr/bin/env node
/**
 * Derives the communes' contours the maps draw (src/geo/communes-<dep>.topo.json) from an
 * official GeoJSON of one département's communes (IGN Admin Express COG, properties.code the INSEE
 * code), for today's communes as @etalab/decoupage-administratif lists them:
 *
 *   node scripts/build-communes-geo.js <communes.geojson> <département> [min-area-m2]
 *
 * - a commune made of former communes since the source's year (a "commune nouvelle") is drawn as
 *   the union of their contours: each delegated commune the package names joins its chef-lieu,
 *   and ABSORBED below names those it no longer lists;
 * - the borders are simplified as a topology (topojson-server, topojson-simplify: Visvalingam's
 *   effective area), so that neighbours keep one shared border, with no gap and no overlap;
 * - coordinates are quantized (topojson-client) and delta-encoded.
 * See src/geo/README.md for the source, its licence and the figures of the shipped file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mergeArcs, quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';

const require = createRequire(import.meta.url);

/**
 * Former communes merged since 2018 that the package keeps no delegated commune for (INSEE's
 * code officiel géographique): their ground joins the commune that absorbed them.
 */
const ABSORBED = { 38293: '38560' }; // Panissage → Val-de-Virieu, 1 January 2019

const [source, dep, minAreaArg] = process.argv.slice(2);
if (!source || !dep) {
  console.error(
    'usage: node scripts/build-communes-geo.js <communes.geojson> <département> [min-area-m2]',
  );
  process.exit(2);
}
// the smallest triangle a point may make with its neighbours and stay, in square metres
const minAreaM2 = Number(minAreaArg ?? 60000);
const EARTH_RADIUS_M = 6371008.8;

const input = JSON.parse(readFileSync(source, 'utf8'));
const all = require('@etalab/decoupage-administratif/data/communes.json');
const today = all.filter((c) => c.type === 'commune-actuelle' && c.departement === dep);
const chefLieu = new Map(
  all.filter((c) => c.type === 'commune-deleguee').map((c) => [c.code, c.chefLieu]),
);
const current = new Set(today.map((c) => c.code));
/** the commune of today a feature of the source belongs to */
const ownerOf = (code) => (current.has(code) ? code : (chefLieu.get(code) ?? ABSORBED[code]));

const byCode = {};
const orphans = [];
input.features.forEach((f, i) => {
  const owner = ownerOf(String(f.properties.code));
  if (!owner || !current.has(owner)) orphans.push(f.properties.code);
  byCode[`f${i}`] = f;
});
if (orphans.length > 0) console.error(`no commune of today for: ${orphans.join(', ')}`);

const topo = topology(byCode);
const parts = new Map();
Object.entries(topo.objects).forEach(([key, geometry]) => {
  const owner = ownerOf(String(byCode[key].properties.code));
  if (!owner || !current.has(owner)) return;
  parts.set(owner, [...(parts.get(owner) ?? []), geometry]);
});
const missing = today.filter((c) => !parts.has(c.code)).map((c) => c.code);
if (missing.length > 0) console.error(`no contour for: ${missing.join(', ')}`);

const geometries = [...parts.entries()]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([code, geoms]) => ({ ...mergeArcs(topo, geoms), id: code }));
const merged = { ...topo, objects: { communes: { type: 'GeometryCollection', geometries } } };

// spherical areas are in steradians: the threshold in square metres over the radius squared
const weighed = presimplify(merged, sphericalTriangleArea);
const simplified = simplify(weighed, minAreaM2 / EARTH_RADIUS_M ** 2);
// ~11 m steps over a département: far finer than a pixel of the maps
const out = quantize(simplified, 1e4);
// arcs no commune uses any more (merges) are left as they are: few, and harmless
const json = JSON.stringify({
  ...out,
  metadata: {
    source: 'IGN Admin Express COG 2018 (via france-geojson), Licence Ouverte / Open Licence 2.0',
    communes: 'today’s communes of @etalab/decoupage-administratif 6.0.0',
    simplification: `Visvalingam (topojson-simplify), spherical effective area ≥ ${minAreaM2} m²`,
  },
});
const target = new URL(`../src/geo/communes-${dep}.topo.json`, import.meta.url);
writeFileSync(target, `${json}\n`);
console.log(`${geometries.length} communes, ${json.length} bytes → ${target.pathname}`);
