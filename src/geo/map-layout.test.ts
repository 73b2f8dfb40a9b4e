import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { communeContours, type Shape } from './contours.ts';
import {
  classOf,
  classShades,
  contrast,
  countClasses,
  fitProjection,
  labelPoint,
  pathOf,
  placeLabels,
  SCALE,
  ZERO_SHADE,
} from './map-layout.ts';

type RawEpci = {
  code: string;
  membres: { code: string; nom: string; populationMunicipale?: number }[];
};
const epcis = createRequire(import.meta.url)(
  '@etalab/decoupage-administratif/data/epci.json',
) as RawEpci[];
// Grenoble-Alpes Métropole, the default territory
const gam = (epcis.find((e) => e.code === '200040715')?.membres ?? []).map((m) => ({
  code: m.code,
  name: m.nom,
  population: m.populationMunicipale ?? 0,
}));

/** whether a point is inside a projected ring (even–odd rule) */
function inside([x, y]: [number, number], ring: [number, number][]): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

describe('the shipped contours', () => {
  it('has one for each of the 49 communes of Grenoble-Alpes Métropole', () => {
    expect(gam).toHaveLength(49);
    const shapes = communeContours(gam.map((c) => c.code));
    expect([...shapes.keys()].sort()).toEqual(gam.map((c) => c.code).sort());
    for (const shape of shapes.values()) {
      expect(shape.length).toBeGreaterThan(0);
      expect(shape[0]?.[0]?.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('draws a commune nouvelle as the union of its former communes', () => {
    // Plateau-des-Petites-Roches (2019): Saint-Hilaire, Saint-Bernard and Saint-Pancrasse
    const [plateau] = communeContours(['38395']).values();
    const [crolles] = communeContours(['38140']).values();
    const span = (s: Shape) => {
      const lats = s.flatMap((p) => (p[0] ?? []).map(([, lat]) => lat));
      return Math.max(...lats) - Math.min(...lats);
    };
    // three villages along the plateau: longer from south to north than Crolles below them
    expect(span(plateau as Shape)).toBeGreaterThan(span(crolles as Shape));
  });

  it('has none for a commune of another département (the map is then drawn otherwise)', () => {
    expect(communeContours(['75056', '38185']).has('75056')).toBe(false);
    expect(communeContours(['75056', '38185']).has('38185')).toBe(true);
  });
});

describe('the projection', () => {
  const square: Shape = [
    [
      [
        [5, 45],
        [6, 45],
        [6, 46],
        [5, 46],
        [5, 45],
      ],
    ],
  ];
  it('shrinks longitudes by the cosine of the latitude and fits the frame', () => {
    const { project, width, height } = fitProjection([square], 640, 520, 0);
    expect(height).toBe(520);
    expect(width / height).toBeCloseTo(Math.cos((45.5 * Math.PI) / 180), 2);
    expect(project([5, 46])).toEqual([0, 0]);
    const [x, y] = project([6, 45]);
    expect(x).toBeCloseTo(width, 0);
    expect(y).toBeCloseTo(520, 6);
  });

  it('keeps every point of the territory inside the picture', () => {
    const shapes = [...communeContours(gam.map((c) => c.code)).values()];
    const { project, width, height } = fitProjection(shapes, 640, 520);
    expect(width).toBeLessThanOrEqual(640);
    expect(height).toBeLessThanOrEqual(520);
    for (const s of shapes)
      for (const p of s)
        for (const point of p[0] ?? []) {
          const [x, y] = project(point);
          expect(x >= 0 && x <= width && y >= 0 && y <= height).toBe(true);
        }
  });
});

describe('the paths', () => {
  it('are a first point then whole relative steps, repeated points left out, each ring closed', () => {
    const identity = (p: [number, number]) => p;
    const square: Shape = [
      [
        [
          [0, 0],
          [10.2, 0],
          [10.4, 0.1],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        // a hole too small to draw at this scale
        [
          [5, 5],
          [5.2, 5],
          [5, 5.3],
          [5, 5],
        ],
      ],
    ];
    expect(pathOf(square, identity)).toBe('M0 0l10 0 0 10-10 0 0-10z');
  });
});

describe('the shading classes', () => {
  it('are contiguous from 1 to the largest count, at most five, each count in one', () => {
    const counts = [0, 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 123];
    const classes = countClasses(counts);
    expect(classes.length).toBeLessThanOrEqual(5);
    expect(classes[0]?.low).toBe(1);
    expect(classes[classes.length - 1]?.high).toBe(123);
    classes.forEach((c, i) => {
      expect(c.high).toBeGreaterThanOrEqual(c.low);
      if (i > 0) expect(c.low).toBe((classes[i - 1]?.high ?? 0) + 1);
    });
    for (const n of counts) {
      const i = classOf(classes, n);
      if (n === 0) expect(i).toBe(-1);
      else expect(n >= (classes[i]?.low ?? 0) && n <= (classes[i]?.high ?? 0)).toBe(true);
    }
    // ten communes above zero: two in each class
    expect(classes).toEqual([
      { low: 1, high: 1 },
      { low: 2, high: 3 },
      { low: 4, high: 8 },
      { low: 9, high: 21 },
      { low: 22, high: 123 },
    ]);
  });

  it('are fewer when counts repeat, and none when nothing counts', () => {
    expect(countClasses([4, 4, 4, 0])).toEqual([{ low: 1, high: 4 }]);
    expect(countClasses([1, 2])).toEqual([
      { low: 1, high: 1 },
      { low: 2, high: 2 },
    ]);
    expect(countClasses([0, 0])).toEqual([]);
  });

  it('have shades whose borders contrast with them by 3:1 at least, darker as they count more', () => {
    for (const s of [ZERO_SHADE, ...SCALE])
      expect(contrast(s.fill, s.border)).toBeGreaterThanOrEqual(3);
    const shades = classShades(5);
    expect(shades).toEqual([...SCALE]);
    expect(classShades(2)).toEqual([SCALE[0], SCALE[4]]);
    expect(classShades(1)).toEqual([SCALE[4]]);
  });
});

describe('the labels', () => {
  it('sit inside their commune, even a concave one', () => {
    // a U open to the north: its centroid falls in the gap
    const u: Shape = [
      [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    ];
    const identity = (p: [number, number]) => p;
    const at = labelPoint(u, identity);
    expect(inside(at, u[0]?.[0] ?? [])).toBe(true);
  });

  it('never overlap, stay in the frame, and the most important come first', () => {
    const shapes = communeContours(gam.map((c) => c.code));
    const { project, width, height } = fitProjection([...shapes.values()], 640, 520);
    const byPopulation = [...gam].sort((a, b) => b.population - a.population);
    const placed = placeLabels(
      byPopulation.map((c) => ({
        code: c.code,
        text: c.name,
        at: labelPoint(shapes.get(c.code) as Shape, project),
      })),
      { width, height },
      13,
      49,
    );
    expect(placed[0]?.text).toBe('Grenoble');
    expect(placed.length).toBeGreaterThan(5);
    expect(placed.length).toBeLessThan(49);
    for (const a of placed) {
      expect(a.box.x >= 0 && a.box.y >= 0).toBe(true);
      expect(a.box.x + a.box.width <= width && a.box.y + a.box.height <= height).toBe(true);
      for (const b of placed) {
        if (a === b) continue;
        const apart =
          a.box.x + a.box.width <= b.box.x ||
          b.box.x + b.box.width <= a.box.x ||
          a.box.y + a.box.height <= b.box.y ||
          b.box.y + b.box.height <= a.box.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('keep at most the number asked for', () => {
    const c = (code: string, x: number) => ({ code, text: 'Ab', at: [x, 50] as [number, number] });
    const placed = placeLabels(
      [c('a', 20), c('b', 21), c('c', 80), c('d', 140)],
      { width: 200, height: 100 },
      10,
      2,
    );
    expect(placed.map((p) => p.code)).toEqual(['a', 'c']);
  });
});
