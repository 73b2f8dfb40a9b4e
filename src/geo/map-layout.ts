import type { Polygon, Ring, Shape } from './contours.ts';

/**
 * What a map of communes needs besides their contours, as plain numbers: the projection, the
 * paths, the shading classes and the labels' places. No drawing here (src/web/CommuneMap.tsx).
 */

export type Point = [number, number];

export type Projection = {
  project: (p: Point) => Point;
  width: number;
  height: number;
};

/**
 * An equirectangular projection corrected by the cosine of the middle latitude (enough at the
 * scale of a territory), fitted to the shapes within `maxWidth` × `maxHeight` with a margin.
 */
export function fitProjection(
  shapes: readonly Shape[],
  maxWidth: number,
  maxHeight: number,
  pad = 8,
): Projection {
  let lonMin = Infinity;
  let lonMax = -Infinity;
  let latMin = Infinity;
  let latMax = -Infinity;
  for (const shape of shapes)
    for (const polygon of shape)
      for (const [lon, lat] of polygon[0] ?? []) {
        lonMin = Math.min(lonMin, lon);
        lonMax = Math.max(lonMax, lon);
        latMin = Math.min(latMin, lat);
        latMax = Math.max(latMax, lat);
      }
  if (!Number.isFinite(lonMin))
    return { project: () => [pad, pad], width: 2 * pad, height: 2 * pad };
  const k = Math.cos((((latMin + latMax) / 2) * Math.PI) / 180);
  const spanX = Math.max(1e-6, (lonMax - lonMin) * k);
  const spanY = Math.max(1e-6, latMax - latMin);
  const scale = Math.min((maxWidth - 2 * pad) / spanX, (maxHeight - 2 * pad) / spanY);
  return {
    project: ([lon, lat]) => [pad + (lon - lonMin) * k * scale, pad + (latMax - lat) * scale],
    width: Math.round(spanX * scale + 2 * pad),
    height: Math.round(spanY * scale + 2 * pad),
  };
}

/** numbers of a path, the minus sign standing for the space before a negative one */
function joined(numbers: readonly number[]): string {
  let out = '';
  for (const n of numbers) out += out === '' || n < 0 ? `${n}` : ` ${n}`;
  return out;
}

/**
 * An SVG path of a shape in whole units of the picture (a 640-wide picture is drawn at most
 * 640 pixels wide: a unit is a pixel or less), each ring a first point then relative steps,
 * repeated points left out: the lightest text for the page.
 */
export function pathOf(shape: Shape, project: Projection['project']): string {
  const parts: string[] = [];
  for (const polygon of shape)
    for (const ring of polygon) {
      const points: Point[] = [];
      for (const p of ring) {
        const [x, y] = project(p);
        const here: Point = [Math.round(x), Math.round(y)];
        const last = points[points.length - 1];
        if (!last || last[0] !== here[0] || last[1] !== here[1]) points.push(here);
      }
      const first = points[0];
      if (!first || points.length < 4) continue;
      const steps: number[] = [];
      for (let i = 1; i < points.length; i++) {
        const [x, y] = points[i] as Point;
        const [px, py] = points[i - 1] as Point;
        steps.push(x - px, y - py);
      }
      parts.push(`M${joined(first)}l${joined(steps)}z`);
    }
  return parts.join('');
}

/** a ring's edges, each from the previous point to the next (the last closing on the first) */
function* edges(ring: readonly Point[]): Generator<[Point, Point]> {
  let previous = ring[ring.length - 1];
  for (const point of ring) {
    if (previous) yield [previous, point];
    previous = point;
  }
}

/** the signed area of a projected ring (positive or negative by its direction) */
function ringArea(ring: readonly Point[]): number {
  let sum = 0;
  for (const [a, b] of edges(ring)) sum += a[0] * b[1] - b[0] * a[1];
  return sum / 2;
}

/** a projected shape's area, in square units of the picture (holes taken out) */
export function shapeArea(shape: Shape, project: Projection['project']): number {
  let total = 0;
  for (const polygon of shape)
    polygon.forEach((ring, i) => {
      const a = Math.abs(ringArea(ring.map(project)));
      total += i === 0 ? a : -a;
    });
  return total;
}

/**
 * Where a commune's name goes: the middle of the widest inside stretch of the horizontal line
 * through its largest polygon's centroid — inside the commune even when it is not convex.
 */
export function labelPoint(shape: Shape, project: Projection['project']): Point {
  let best: Polygon | undefined;
  let bestArea = -1;
  for (const polygon of shape) {
    const a = Math.abs(ringArea((polygon[0] ?? []).map(project)));
    if (a > bestArea) {
      bestArea = a;
      best = polygon;
    }
  }
  const rings: Point[][] = (best ?? []).map((r: Ring) => r.map(project));
  const outer = rings[0] ?? [];
  const first = outer[0];
  if (!first) return [0, 0];
  // centroid of the outer ring
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  for (const [a, b] of edges(outer)) {
    const f = a[0] * b[1] - b[0] * a[1];
    cx += (a[0] + b[0]) * f;
    cy += (a[1] + b[1]) * f;
    a2 += f;
  }
  if (a2 === 0) return first;
  cx /= 3 * a2;
  cy /= 3 * a2;
  // the crossings of the line y = cy with every ring's edges, in order: inside between pairs
  const xs: number[] = [];
  for (const ring of rings)
    for (const [[x1, y1], [x2, y2]] of edges(ring)) {
      if (y1 > cy !== y2 > cy) xs.push(x1 + ((cy - y1) * (x2 - x1)) / (y2 - y1));
    }
  xs.sort((p, q) => p - q);
  let widest: Point = [cx, cy];
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const left = xs[i] as number;
    const right = xs[i + 1] as number;
    if (right - left > width) {
      width = right - left;
      widest = [(left + right) / 2, cy];
    }
  }
  return widest;
}

/** a class of counts: from `low` to `high` included (`high` null: and more) */
export type CountClass = { low: number; high: number };

/**
 * Up to `most` classes of the counts above zero, by quantiles of the communes' counts (each class
 * holds about as many communes), contiguous from 1 to the largest count. Zero is a class of its
 * own, not listed here. No count above zero: no class.
 */
export function countClasses(counts: readonly number[], most = 5): CountClass[] {
  const values = counts.filter((c) => c > 0).sort((a, b) => a - b);
  if (values.length === 0) return [];
  const highs: number[] = [];
  for (let i = 1; i <= most; i++) {
    const at = Math.min(values.length - 1, Math.ceil((i * values.length) / most) - 1);
    const high = values[at] as number;
    if (high > (highs[highs.length - 1] ?? 0)) highs.push(high);
  }
  return highs.map((high, i) => ({ low: (highs[i - 1] ?? 0) + 1, high }));
}

/** the index of the class a count falls in: -1 for zero */
export function classOf(classes: readonly CountClass[], count: number): number {
  if (count <= 0) return -1;
  const i = classes.findIndex((c) => count <= c.high);
  return i === -1 ? classes.length - 1 : i;
}

export type Box = { x: number; y: number; width: number; height: number };

export type LabelCandidate = { code: string; text: string; at: Point };
export type PlacedLabel = LabelCandidate & { box: Box };

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The labels that fit: candidates in order of importance, each centred on its point, kept when its
 * box (a conservative width per character) overlaps no label kept before and stays in the frame;
 * at most `most`.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  frame: { width: number; height: number },
  fontSize: number,
  most: number,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const c of candidates) {
    if (placed.length >= most) break;
    const width = c.text.length * fontSize * 0.62 + 6;
    const height = fontSize + 4;
    const box = { x: c.at[0] - width / 2, y: c.at[1] - height / 2, width, height };
    const inside =
      box.x >= 0 && box.y >= 0 && box.x + width <= frame.width && box.y + height <= frame.height;
    if (inside && !placed.some((p) => overlaps(p.box, box))) placed.push({ ...c, box });
  }
  return placed;
}

/** WCAG's relative luminance of a #rrggbb colour */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG's contrast ratio of two #rrggbb colours */
export function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export type Shade = { fill: string; border: string };

/** no organisation: the lightest, with a border that contrasts with it by at least 3:1 */
export const ZERO_SHADE: Shade = { fill: '#f4f6f8', border: '#5b6673' };

/**
 * The sequential scale, lightest first, each fill with the colour of its borders, which
 * contrasts with it by at least 3:1 (WCAG 1.4.11).
 */
export const SCALE: readonly Shade[] = [
  { fill: '#d6e6f5', border: '#4a5561' },
  { fill: '#9cc3e6', border: '#2d3640' },
  { fill: '#5b9bd5', border: '#1b1f24' },
  { fill: '#2a6cb0', border: '#ffffff' },
  { fill: '#0b3d75', border: '#ffffff' },
];

/**
 * The shade of each of `n` classes: spread over the scale so that classes look apart, the darkest
 * for the highest.
 */
export function classShades(n: number): Shade[] {
  const last = SCALE.length - 1;
  const at = (i: number) => SCALE[Math.min(last, Math.max(0, i))] ?? ZERO_SHADE;
  if (n <= 0) return [];
  if (n === 1) return [at(last)];
  return Array.from({ length: n }, (_, i) => at(Math.round((i * last) / (n - 1))));
}

/** the shade of a count among its classes */
export function shadeOf(classes: readonly CountClass[], shades: readonly Shade[], count: number) {
  return shades[classOf(classes, count)] ?? ZERO_SHADE;
}
