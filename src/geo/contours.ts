import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** a closed ring of [longitude, latitude] points (WGS84) */
export type Ring = [number, number][];
/** an outer ring, then its holes */
export type Polygon = Ring[];
/** a commune's ground: one polygon or more (an exclave) */
export type Shape = Polygon[];

/**
 * The départements whose communes' contours are shipped (communes-<dep>.topo.json, derived by
 * scripts/build-communes-geo.js; see README.md). Any other commune has none, and a map of it is
 * drawn otherwise.
 */
const SHIPPED = ['38'] as const;

const loaded = new Map<string, Map<string, Shape>>();

/** the département of an INSEE commune code: 2 characters, 3 overseas (971…) */
export function departementOf(code: string): string {
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}

function shapesOf(dep: string): Map<string, Shape> {
  const cached = loaded.get(dep);
  if (cached) return cached;
  const shapes = new Map<string, Shape>();
  if ((SHIPPED as readonly string[]).includes(dep)) {
    const file = new URL(`./communes-${dep}.topo.json`, import.meta.url);
    const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{
      communes: GeometryCollection;
    }>;
    const collection = feature(topology, topology.objects.communes);
    for (const f of collection.features) {
      const g = f.geometry;
      if (g.type === 'Polygon') shapes.set(String(f.id), [g.coordinates as Polygon]);
      else if (g.type === 'MultiPolygon') shapes.set(String(f.id), g.coordinates as Shape);
    }
  }
  loaded.set(dep, shapes);
  return shapes;
}

/**
 * The contours of the communes asked for, read once per département on first use; a commune
 * with no shipped contour is absent from the answer.
 */
export function communeContours(codes: readonly string[]): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const code of codes) {
    const shape = shapesOf(departementOf(code)).get(code);
    if (shape) out.set(code, shape);
  }
  return out;
}
