import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { DB } from '../db/schema.ts';

type Item = {
  id: string;
  kind: string;
  status: string;
  fields: string[];
  tags: string[];
  communes: { code: string }[];
  headcount: { band: string | null; min: number | null; max: number | null };
};
type Answer = {
  total: number;
  items: { name: string }[];
  facets: Record<
    'kind' | 'field' | 'commune' | 'headcount' | 'status' | 'label',
    Record<string, number>
  >;
};
type Filters = {
  kind?: string[];
  status?: string[];
  field?: string[];
  commune?: string[];
  tag?: string[];
  headcount_min?: number;
  headcount_max?: number;
};

const KINDS = ['startup', 'sme', 'large_group', 'association', 'investor'];
const FIELDS = ['objets-connectes', 'sante-numerique', 'energie-numerique'];
const COMMUNES = ['38185', '38151', '38229', '38140'];
const BANDS = [null, 'NN', '00', '02', '11', '22', '32', '42'];
const WORDS = ['Grenoble', 'Logiciels', 'Capteurs', 'Atelier', 'Numérique'];

/** What a search must answer, worked out here from the exported rows (an independent path). */
function expected(rows: Item[], f: Filters) {
  const meets = (o: Item, except?: string) =>
    (except === 'kind' || !f.kind?.length || f.kind.includes(o.kind)) &&
    (except === 'status' || !f.status?.length || f.status.includes(o.status)) &&
    (except === 'field' || !f.field?.length || o.fields.some((v) => f.field?.includes(v))) &&
    (except === 'commune' ||
      !f.commune?.length ||
      o.communes.some((c) => f.commune?.includes(c.code))) &&
    (!f.tag?.length || f.tag.every((t) => o.tags.includes(t))) &&
    (except === 'headcount' ||
      ((f.headcount_min === undefined ||
        (o.headcount.min !== null &&
          (o.headcount.max === null || o.headcount.max >= f.headcount_min))) &&
        (f.headcount_max === undefined ||
          (o.headcount.min !== null && o.headcount.min <= f.headcount_max))));
  const count = (facet: string, values: (o: Item) => string[]) => {
    const out: Record<string, number> = {};
    for (const o of rows.filter((r) => meets(r, facet))) {
      for (const v of values(o)) out[v] = (out[v] ?? 0) + 1;
    }
    return out;
  };
  return {
    total: rows.filter((r) => meets(r)).length,
    facets: {
      kind: count('kind', (o) => [o.kind]),
      status: count('status', (o) => [o.status]),
      field: count('field', (o) => o.fields),
      commune: count('commune', (o) => o.communes.map((c) => c.code)),
      headcount: count('headcount', (o) => [o.headcount.band ?? 'unknown']),
      // this register holds no label (label-facet.integration.test.ts counts them)
      label: {},
    },
  };
}

function queryString(q: string, f: Filters): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [key, value] of Object.entries(f)) {
    for (const v of [value].flat()) params.append(key, String(v));
  }
  return params.toString();
}

/** searches with words, filters or both, each checked against a count worked out here */
const CASES: [string, Filters][] = [
  ['', {}],
  ['', { kind: ['startup'] }],
  ['', { kind: ['startup', 'sme'], commune: ['38185'] }],
  ['', { kind: ['startup'], field: ['objets-connectes'], commune: ['38185'] }],
  ['', { field: ['objets-connectes', 'sante-numerique'], commune: ['38185', '38229'] }],
  ['', { status: ['closed'], headcount_min: 10 }],
  ['', { headcount_max: 5, kind: ['sme'] }],
  ['', { tag: ['iot'] }],
  ['', { tag: ['iot'], kind: ['investor'], commune: ['38151'] }],
  ['grenob', {}],
  ['grenob', { kind: ['sme'] }],
  ['logiciel', { kind: ['startup', 'association'], field: ['objets-connectes'] }],
  ['capteur numer', { commune: ['38185'], headcount_min: 1, status: ['active'] }],
  ['zzyzx', { kind: ['sme'] }],
];

/** what the statement triggers keep, beside the register counted again */
async function storedCounts(db: Kysely<DB>) {
  const counts = await sql<{ facet: string; value: string; n: number }>`
    SELECT facet, value, n FROM directory_facet_counts WHERE n <> 0 ORDER BY facet, value
  `.execute(db);
  const recounted = await sql<{ facet: string; value: string; n: number }>`
    SELECT v.facet, v.value, count(*)::bigint AS n
    FROM organisations o,
      LATERAL (
        SELECT 'total', '' UNION ALL SELECT 'kind', o.kind UNION ALL SELECT 'status', o.status
        UNION ALL SELECT 'headcount', coalesce(o.headcount_band, 'unknown')
        UNION ALL SELECT 'field', f FROM unnest(o.field_slugs) AS f
        UNION ALL SELECT 'commune', m FROM unnest(o.communes) AS m
        UNION ALL SELECT 'label', l FROM unnest(o.label_slugs) AS l
      ) AS v(facet, value)
    WHERE o.merged_into IS NULL
    GROUP BY 1, 2 ORDER BY 1, 2
  `.execute(db);
  const cells = await sql<{ cell: string; n: number }>`
    SELECT concat_ws('|', kind, status, headcount_band, headcount_min, headcount_max,
                     field_slugs::text, communes::text, label_slugs::text) AS cell, n
    FROM directory_facet_cells WHERE n <> 0 ORDER BY 1
  `.execute(db);
  const grouped = await sql<{ cell: string; n: number }>`
    SELECT concat_ws('|', kind, status, headcount_band, headcount_min, headcount_max,
                     field_slugs::text, communes::text, label_slugs::text) AS cell,
           count(*)::bigint AS n
    FROM organisations WHERE merged_into IS NULL
    GROUP BY kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes,
      label_slugs
    ORDER BY 1
  `.execute(db);
  return {
    counts: counts.rows,
    recounted: recounted.rows,
    cells: cells.rows,
    grouped: grouped.rows,
  };
}

async function checkStoredCounts(db: Kysely<DB>, label: string) {
  const now = await storedCounts(db);
  expect(now.counts, label).toEqual(now.recounted);
  expect(now.cells, label).toEqual(now.grouped);
}

describe.each(engines())('facet counts on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    // a small register where every combination occurs: kinds, fields, communes, bands, statuses
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 60; i++) {
      const fields = FIELDS.filter(() => next(3) === 0);
      const communes = [
        ...new Set([COMMUNES[next(4)], ...(next(4) === 0 ? [COMMUNES[next(4)]] : [])]),
      ];
      await buildOrganisation(t.database.db, {
        name: `${WORDS[next(5)]} ${WORDS[next(5)]} ${i}`,
        kind: KINDS[next(KINDS.length)] as 'sme',
        status: next(5) === 0 ? 'closed' : 'active',
        fields,
        tags: next(3) === 0 ? ['iot'] : [],
        communes: communes as string[],
        band: BANDS[next(BANDS.length)] ?? undefined,
      });
    }
  });
  afterAll(async () => t?.close());

  const get = async (url: string) => {
    const res = await t.app.inject(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const exported = async (q: string): Promise<Item[]> =>
    get(`/api/v1/organisations.json?${queryString(q, {})}`);

  it('counts each facet under the other filters, with or without words', async () => {
    for (const [q, filters] of CASES) {
      const rows = await exported(q);
      const want = expected(rows, filters);
      const body: Answer = await get(`/api/v1/organisations?${queryString(q, filters)}`);
      const label = `q=${q} ${JSON.stringify(filters)}`;
      expect(body.total, label).toBe(want.total);
      expect(body.facets, label).toEqual(want.facets);
      expect(body.items.length, label).toBe(Math.min(20, want.total));
    }
  });

  it('keeps the counts of the whole register right through edits, merges and new rows', async () => {
    const db = t.database.db;
    const rows = await exported('');
    const [first, second, third] = rows as [Item, Item, Item];
    await db
      .updateTable('organisations')
      .set({ kind: 'investor', field_slugs: ['energie-numerique'], communes: ['38140'] })
      .where('id', '=', first.id)
      .execute();
    await db
      .updateTable('organisations')
      .set({ merged_into: third.id })
      .where('id', '=', second.id)
      .execute();
    await db
      .updateTable('organisations')
      .set({ status: 'closed', headcount_band: null, headcount_min: null, headcount_max: null })
      .where('kind', '=', 'association')
      .execute();
    await buildOrganisation(db, { name: 'Nouvelle Venue', kind: 'startup', band: '11' });
    // a statement that changes nothing a count reads leaves the counts alone
    await sql`UPDATE organisations SET description_fr = 'Texte.'`.execute(db);

    const after = await exported('');
    expect(after).toHaveLength(rows.length);
    for (const [q, filters] of CASES.filter(([q]) => q === '')) {
      const body: Answer = await get(`/api/v1/organisations?${queryString(q, filters)}`);
      const want = expected(after, filters);
      expect(body.total, JSON.stringify(filters)).toBe(want.total);
      expect(body.facets, JSON.stringify(filters)).toEqual(want.facets);
    }
  });

  it('keeps the stored counts equal to a recount through statements of many rows', async () => {
    const db = t.database.db;
    // one statement writes hundreds of rows, many of them in the same cell
    await sql`
      INSERT INTO organisations (slug, name, kind, status, field_slugs, communes, headcount_band,
        headcount_min, headcount_max)
      SELECT 'lot-' || g, 'Lot ' || g, (ARRAY['startup', 'sme', 'association'])[1 + g % 3],
        CASE WHEN g % 7 = 0 THEN 'closed' ELSE 'active' END,
        CASE WHEN g % 2 = 0 THEN ARRAY['objets-connectes'] ELSE '{}' END,
        ARRAY[(ARRAY['38185', '38151'])[1 + g % 2]],
        CASE WHEN g % 5 = 0 THEN NULL ELSE '11' END,
        CASE WHEN g % 5 = 0 THEN NULL ELSE 10 END, CASE WHEN g % 5 = 0 THEN NULL ELSE 19 END
      FROM generate_series(1, 300) g
    `.execute(db);
    await checkStoredCounts(db, 'insert');
    // rows that leave a cell and rows that enter it in the same statement
    await sql`
      UPDATE organisations SET kind = CASE kind WHEN 'startup' THEN 'sme' ELSE 'startup' END
      WHERE slug LIKE 'lot-%' AND kind IN ('startup', 'sme')
    `.execute(db);
    await checkStoredCounts(db, 'update');
    await sql`UPDATE organisations SET status = 'closed' WHERE slug LIKE 'lot-%'`.execute(db);
    await checkStoredCounts(db, 'closing');
    await sql`DELETE FROM organisations WHERE slug LIKE 'lot-%' AND kind = 'association'`.execute(
      db,
    );
    await checkStoredCounts(db, 'delete');
    // and the register as the other tests of this file expect it
    await sql`DELETE FROM organisations WHERE slug LIKE 'lot-%'`.execute(db);
    await checkStoredCounts(db, 'all deleted');
  });

  it('pages through the results in the order of the export', async () => {
    const all = (await exported('')) as (Item & { name: string })[];
    const page2: Answer = await get('/api/v1/organisations?sort=name&per_page=7&page=2');
    expect(page2.items.map((i) => i.name)).toEqual(all.slice(7, 14).map((o) => o.name));
    const filtered: Answer = await get('/api/v1/organisations?kind=sme&sort=name&per_page=100');
    expect(filtered.items.map((i) => i.name)).toEqual(
      all.filter((o) => o.kind === 'sme').map((o) => o.name),
    );
  });
});
