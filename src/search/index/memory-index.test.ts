import { describe, expect, it } from 'vitest';
import { type IndexDoc, type IndexQuery, MemoryIndex } from './memory-index.ts';
import { placeInNameOrder } from './name-order.ts';
import { runningAt } from './search-index.repository.ts';
import { lexemesOf } from './search-index.service.ts';

const doc = (d: Partial<IndexDoc> & { doc: number }): IndexDoc => ({
  kind: 'startup',
  status: 'active',
  band: null,
  min: null,
  max: null,
  created: null,
  fields: [],
  communes: [],
  tags: [],
  labels: [],
  lexemes: [],
  weights: '',
  ...d,
});

const query = (q: Partial<IndexQuery> = {}): IndexQuery => ({
  words: [],
  kind: [],
  status: [],
  field: [],
  commune: [],
  label: [],
  tag: [],
  sort: 'headcount',
  offset: 0,
  limit: 50,
  ...q,
});

/** a small register drawn from a fixed seed: every combination of values turns up */
function register(n: number): IndexDoc[] {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const bands: [string | null, number | null, number | null][] = [
    [null, null, null],
    ['00', 0, 0],
    ['11', 10, 19],
    ['21', 50, 99],
    ['42', 1000, 1999],
    ['53', 10000, null],
  ];
  const words = ['grenobl', 'grenat', 'logiciel', 'logist', 'alp', 'nano'];
  return Array.from({ length: n }, (_, i) => {
    const [band, min, max] = pick(bands);
    const lexemes = [...new Set([pick(words), pick(words)])].sort();
    return doc({
      doc: i + 1,
      kind: pick(['startup', 'sme', 'investor']),
      status: pick(['active', 'closed']),
      band,
      min,
      max,
      created:
        rand() < 0.2 ? null : `20${10 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-15`,
      fields: [...new Set([pick(['iot', 'data', 'health']), pick(['iot', 'data'])])].slice(
        0,
        Math.floor(rand() * 3),
      ),
      communes: [...new Set([pick(['38185', '38421', '38229']), pick(['38185', '38151'])])],
      tags: rand() < 0.3 ? ['ia'] : [],
      // few hold a label, some two
      labels: rand() < 0.7 ? [] : rand() < 0.5 ? ['french-tech'] : ['french-tech', 'pepite'],
      lexemes,
      weights: lexemes.map(() => pick(['A', 'C'])).join(''),
    });
  });
}

/** what a search should answer, by the definition: each facet counts under the other filters */
function expected(docs: IndexDoc[], q: IndexQuery) {
  const matchesWords = (d: IndexDoc) =>
    q.words.every((w) => d.lexemes.some((l) => l.startsWith(w))) &&
    q.tag.every((t) => d.tags.includes(t));
  const checks = {
    kind: (d: IndexDoc) => q.kind.length === 0 || q.kind.includes(d.kind),
    status: (d: IndexDoc) => q.status.length === 0 || q.status.includes(d.status),
    field: (d: IndexDoc) => q.field.length === 0 || d.fields.some((f) => q.field.includes(f)),
    commune: (d: IndexDoc) =>
      q.commune.length === 0 || d.communes.some((c) => q.commune.includes(c)),
    label: (d: IndexDoc) => q.label.length === 0 || d.labels.some((l) => q.label.includes(l)),
    headcount: (d: IndexDoc) =>
      (q.headcountMin === undefined ||
        (d.min !== null && (d.max === null || d.max >= q.headcountMin))) &&
      (q.headcountMax === undefined || (d.min !== null && d.min <= q.headcountMax)),
  };
  const values = {
    kind: (d: IndexDoc) => [d.kind],
    status: (d: IndexDoc) => [d.status],
    field: (d: IndexDoc) => [...d.fields],
    commune: (d: IndexDoc) => [...d.communes],
    label: (d: IndexDoc) => [...d.labels],
    headcount: (d: IndexDoc) => [d.band ?? 'unknown'],
  };
  const names = Object.keys(checks) as (keyof typeof checks)[];
  const pool = docs.filter(matchesWords);
  const facets = Object.fromEntries(
    names.map((f) => {
      const counts: Record<string, number> = {};
      for (const d of pool) {
        if (!names.every((g) => g === f || checks[g](d))) continue;
        for (const v of values[f](d)) counts[v] = (counts[v] ?? 0) + 1;
      }
      return [f, counts];
    }),
  );
  const all = pool.filter((d) => names.every((g) => checks[g](d)));
  return { total: all.length, facets, all };
}

const sorted = (facets: Record<string, Record<string, number>>) =>
  Object.fromEntries(
    Object.entries(facets)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [
        k,
        Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))),
      ]),
  );

describe('the in-memory search index', () => {
  const docs = register(600);
  const index = new MemoryIndex();
  for (const d of docs) index.put(d);

  const cases: Partial<IndexQuery>[] = [
    {},
    { words: ['gren'] },
    { words: ['grenobl'] },
    { words: ['log', 'alp'] },
    { words: ['zzz'] },
    { kind: ['sme'], commune: ['38185'] },
    { words: ['gren'], kind: ['sme', 'investor'], field: ['iot'], status: ['active'] },
    { headcountMin: 15 },
    { headcountMin: 20, headcountMax: 999 },
    { headcountMax: 0, field: ['data', 'health'] },
    { tag: ['ia'], commune: ['38151'] },
    { tag: ['unknown-tag'] },
    { kind: ['sme'], status: ['closed'], field: ['iot'], commune: ['38421'], headcountMin: 10 },
    { label: ['french-tech'] },
    { label: ['pepite', 'unknown-label'], kind: ['sme'] },
    { words: ['gren'], label: ['pepite'], commune: ['38185'], headcountMin: 10 },
    { label: ['unknown-label'] },
  ];
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))(
    'counts every facet under the other filters: %s',
    (_, c) => {
      const q = query(c);
      const answer = index.search(q);
      const want = expected(docs, q);
      expect(answer.total).toBe(want.total);
      expect(sorted(answer.facets)).toEqual(sorted(want.facets));
    },
  );

  it('orders by headcount then by creation date, unknown last, ties by document', () => {
    const q = query({ words: ['gren'], limit: 1000 });
    const page = index.search(q).page ?? [];
    const want = expected(docs, q).all.sort(
      (a, b) => (b.min ?? -1) - (a.min ?? -1) || a.doc - b.doc,
    );
    expect(page).toEqual(want.map((d) => d.doc));
    const created = index.search({ ...q, sort: 'created', offset: 5, limit: 10 }).page ?? [];
    const day = (d: IndexDoc) => (d.created === null ? -1e12 : Date.parse(d.created));
    const byDate = expected(docs, q).all.sort((a, b) => day(b) - day(a) || a.doc - b.doc);
    expect(created).toEqual(byDate.slice(5, 15).map((d) => d.doc));
  });

  it('ranks a name match above a description match, and a whole word above a prefix', () => {
    const small = new MemoryIndex();
    small.put(doc({ doc: 1, lexemes: ['grenobl'], weights: 'C' }));
    small.put(doc({ doc: 2, lexemes: ['grenobl'], weights: 'A' }));
    small.put(doc({ doc: 3, lexemes: ['gren'], weights: 'A' }));
    const page = small.search(query({ words: ['gren'], sort: 'relevance' })).page;
    expect(page).toEqual([3, 2, 1]);
  });

  it('forgets what changed: a new version replaces the old, a removed one is gone', () => {
    const small = new MemoryIndex();
    small.put(doc({ doc: 1, kind: 'sme', lexemes: ['alp'], weights: 'A' }));
    small.put(doc({ doc: 2, kind: 'sme', lexemes: ['alp'], weights: 'A' }));
    small.put(doc({ doc: 1, kind: 'investor', lexemes: ['nano'], weights: 'A' }));
    expect(small.search(query({ words: ['alp'] })).page).toEqual([2]);
    expect(small.search(query({ words: ['nano'] })).facets.kind).toEqual({ investor: 1 });
    small.remove(2);
    small.remove(42);
    const all = small.search(query());
    expect(all.total).toBe(1);
    expect(all.facets.kind).toEqual({ investor: 1 });
    expect(small.size).toBe(1);
    expect(small.deadShare).toBeCloseTo(2 / 3);
  });

  it('pages far beyond the heap with the same order as a full sort', () => {
    const q = query({ limit: 100 });
    const whole = index.search({ ...q, offset: 0, limit: 600 }).page ?? [];
    expect(index.search({ ...q, offset: 500, limit: 100 }).page).toEqual(whole.slice(500, 600));
    expect(index.search({ ...q, offset: 20, limit: 20 }).page).toEqual(whole.slice(20, 40));
    expect(index.search({ ...q, offset: 700, limit: 20 }).page).toEqual([]);
  });

  it('keeps the name order it is given, and places changed organisations between neighbours', () => {
    const small = new MemoryIndex();
    // the database's order: c (doc 3), a (doc 1), b (doc 2)
    for (const d of [1, 2, 3]) small.put(doc({ doc: d }));
    small.setRank(3, 0);
    small.setRank(1, 1);
    small.setRank(2, 2);
    const names = () => small.search(query({ sort: 'name' })).page;
    expect(names()).toEqual([3, 1, 2]);
    // two new ones between c and a, one after b, one before c
    for (const d of [4, 5, 6, 7]) small.put(doc({ doc: d }));
    expect(
      placeInNameOrder(small, [
        { doc: 7, prev: null, next: 3 },
        { doc: 5, prev: 3, next: 1 },
        { doc: 4, prev: 3, next: 1 },
        { doc: 6, prev: 2, next: null },
      ]),
    ).toBe(true);
    expect(names()).toEqual([7, 3, 5, 4, 1, 2, 6]);
    // a renamed one moves: a goes after b
    small.put(doc({ doc: 1 }));
    placeInNameOrder(small, [{ doc: 1, prev: 2, next: 6 }]);
    expect(names()).toEqual([7, 3, 5, 4, 2, 1, 6]);
    // places that can no longer be told apart are reported
    const crowded = new MemoryIndex();
    crowded.put(doc({ doc: 1 }));
    crowded.put(doc({ doc: 2 }));
    crowded.setRank(1, 1);
    crowded.setRank(2, 1 + Number.EPSILON);
    crowded.put(doc({ doc: 3 }));
    expect(placeInNameOrder(crowded, [{ doc: 3, prev: 1, next: 2 }])).toBe(false);
  });
});

describe('reading the tsquery of a search', () => {
  it('takes the prefixes of an AND of prefixes, and refuses anything else', () => {
    expect(lexemesOf("'grenobl':* & 'logiciel':*")).toEqual(['grenobl', 'logiciel']);
    expect(lexemesOf("'l''atelier':*")).toEqual(["l'atelier"]);
    expect(lexemesOf('')).toEqual([]);
    expect(lexemesOf("'a':* | 'b':*")).toBeNull();
    expect(lexemesOf("'a' <-> 'b'")).toBeNull();
  });
});

describe('an organisation with many values', () => {
  const many = (prefix: string) => Array.from({ length: 300 }, (_, i) => `${prefix}${i}`);
  const index = new MemoryIndex();
  index.put(
    doc({ doc: 1, fields: many('f'), communes: many('c'), tags: many('t'), labels: many('l') }),
  );
  index.put(doc({ doc: 2, fields: ['f299'], communes: ['c5'], tags: ['t299'], labels: ['l7'] }));
  const docs = (q: Partial<IndexQuery>) => index.search(query({ ...q, sort: 'name' })).page;

  it('is found by its 300th field, commune and tag, as by its first', () => {
    expect(docs({ field: ['f299'] })).toEqual([1, 2]);
    expect(docs({ field: ['f0'] })).toEqual([1]);
    expect(docs({ commune: ['c299'] })).toEqual([1]);
    expect(docs({ commune: ['c256'], field: ['f255'] })).toEqual([1]);
    expect(docs({ tag: ['t299'] })).toEqual([1, 2]);
    expect(docs({ tag: ['t0', 't299'] })).toEqual([1]);
    // the next organisation's values are its own
    expect(docs({ commune: ['c5'] })).toEqual([1, 2]);
    expect(docs({ commune: ['c6'], tag: ['t299'] })).toEqual([1]);
    expect(docs({ label: ['l299'] })).toEqual([1]);
    expect(docs({ label: ['l7'], tag: ['t299'] })).toEqual([1, 2]);
  });

  it('counts each of its values in the facets', () => {
    const answer = index.search(query({ commune: ['c299'] }));
    expect(Object.keys(answer.facets.field)).toHaveLength(300);
    expect(answer.facets.field.f299).toBe(1);
    // the commune facet counts under the other filters (none): every commune of both
    expect(Object.keys(answer.facets.commune)).toHaveLength(300);
    expect(answer.facets.commune.c5).toBe(2);
    expect(answer.facets.commune.c299).toBe(1);
    // the label facet counts under the commune filter: the first organisation's only
    expect(Object.keys(answer.facets.label)).toHaveLength(300);
    expect(answer.facets.label.l7).toBe(1);
  });
});

describe('reading a snapshot', () => {
  it('lists the transactions it saw running, and refuses anything else', () => {
    expect(runningAt('740:740:')).toEqual([]);
    expect(runningAt('735:742:736,739')).toEqual(['736', '739']);
    expect(() => runningAt('740')).toThrow(/not a snapshot/);
  });
});
