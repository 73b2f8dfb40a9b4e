import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, person } from '../../test/support/factories.ts';
import { loadDemo } from '../app/demo.ts';
import type { DB } from '../db/schema.ts';
import { slugify } from '../kernel/slug.ts';
import { callConfers, decisionsOf, temporaryStorage } from '../programmes/decisions.testing.ts';
import { labelsService } from '../programmes/labels.service.ts';
import { clientWithRole, insertLabel, laureate, openCall } from '../programmes/labels.testing.ts';
import { parisToday } from './connections.schema.ts';
import { organisationsRepository } from './organisations.repository.ts';

type Answer = {
  total: number;
  items: { slug: string; kind: string }[];
  facets: Record<string, Record<string, number>>;
};

const NAME = 'Accélérateur labellisé';
const SLUG = 'accelerateur-labellise';

const dayAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Who holds which label on `day`, worked out here from the labels and the merges (an independent
 * path: the slugs by the platform's slugify, the merges followed in JavaScript).
 */
async function holders(db: Kysely<DB>, day: string): Promise<Map<string, string[]>> {
  const orgs = await db.selectFrom('organisations').select(['id', 'merged_into']).execute();
  const into = new Map(orgs.map((o) => [o.id, o.merged_into]));
  const kept = (id: string) => {
    let at = id;
    for (let i = 0; i < 100 && into.get(at); i++) at = into.get(at) as string;
    return at;
  };
  const labels = await db.selectFrom('labels').selectAll().execute();
  const out = new Map<string, Set<string>>();
  for (const l of labels) {
    if (!l.organisation_id || l.status !== 'active' || l.valid_from > day) continue;
    if (l.valid_until !== null && l.valid_until < day) continue;
    const id = kept(l.organisation_id);
    out.set(id, (out.get(id) ?? new Set()).add(slugify(l.name_fr)));
  }
  return new Map([...out].map(([id, s]) => [id, [...s].sort()]));
}

/** the label facet of the whole register as it should be on `day` */
async function expectedCounts(db: Kysely<DB>, day: string) {
  const counts: Record<string, number> = {};
  for (const slugs of (await holders(db, day)).values()) {
    for (const s of slugs) counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/** the column, the kept counts and the cells, against the labels and the register */
async function checkStored(db: Kysely<DB>, day: string) {
  const want = await holders(db, day);
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'label_slugs'])
    .where('merged_into', 'is', null)
    .execute();
  for (const r of rows) expect(r.label_slugs, r.id).toEqual(want.get(r.id) ?? []);
  const kept = await sql<{ value: string; n: number }>`
    SELECT value, n FROM directory_facet_counts WHERE facet = 'label' AND n <> 0 ORDER BY value
  `.execute(db);
  const counts = Object.fromEntries(kept.rows.map((r) => [r.value, Number(r.n)]));
  expect(counts).toEqual(await expectedCounts(db, day));
  const cells = await sql<{ cell: string; n: number }>`
    SELECT concat_ws('|', kind, status, headcount_band, field_slugs::text, communes::text,
                     label_slugs::text) AS cell, sum(n)::bigint AS n
    FROM directory_facet_cells WHERE n <> 0 GROUP BY 1 ORDER BY 1`.execute(db);
  const grouped = await sql<{ cell: string; n: number }>`
    SELECT concat_ws('|', kind, status, headcount_band, field_slugs::text, communes::text,
                     label_slugs::text) AS cell, count(*)::bigint AS n
    FROM organisations WHERE merged_into IS NULL GROUP BY 1 ORDER BY 1`.execute(db);
  expect(cells.rows).toEqual(grouped.rows);
}

const SEARCHES: { name: string; env: Record<string, string> }[] = [
  { name: 'the SQL search', env: {} },
  { name: 'the in-memory index', env: { SEARCH_INDEX_MIN_ORGANISATIONS: '0' } },
];

describe.each(engines())('the label facet on %s', (engine) => {
  describe.each(SEARCHES)('answered by $name', ({ env }) => {
    let t: TestApp;
    let staff: TestClient;
    let staffActor: Awaited<ReturnType<typeof person>>;
    let day = parisToday();
    const files = temporaryStorage();
    const db = () => t.database.db;
    let winner = { slug: '', organisationId: '' };
    let labelId = 0;

    const api = async (query: string): Promise<Answer> => {
      const res = await t.app.inject(`/api/v1/organisations?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      t = await createTestApp(engine, env);
      staffActor = await person(db(), { role: 'staff' });
      staff = (await clientWithRole(t, 'staff')).client;
      for (const [i, kind] of ['startup', 'sme', 'association', 'sme'].entries()) {
        await buildOrganisation(db(), { name: `Organisation ${i}`, kind: kind as 'sme' });
      }
    });
    afterAll(async () => t?.close());

    it('counts a label granted by a decision at once, and filters by it with the other facets', async () => {
      const callId = await openCall(db(), staffActor);
      await callConfers(db(), callId, { fr: NAME, en: 'Labelled accelerator', months: 24 });
      const app = await laureate(db(), staffActor, callId, 'Lauréat Alpha', false);
      const decided = await decisionsOf(db(), files.storage()).decide(
        staffActor,
        app.applicationId,
        { decision: 'accepted', reasons: 'Un projet solide.' },
        'fr',
      );
      labelId = decided.label?.id ?? 0;
      winner = app;
      const all = await api('');
      expect(all.facets.label).toEqual({ [SLUG]: 1 });
      const held = await api(`label=${SLUG}`);
      expect(held.total).toBe(1);
      expect(held.items.map((i) => i.slug)).toEqual([winner.slug]);
      const kind = held.items[0]?.kind ?? '';
      // the label facet counts under the other filters, and the others under it
      expect(held.facets.kind).toEqual({ [kind]: 1 });
      expect((await api(`label=${SLUG}&kind=${kind}`)).total).toBe(1);
      const other = kind === 'sme' ? 'association' : 'sme';
      const none = await api(`label=${SLUG}&kind=${other}`);
      expect(none.total).toBe(0);
      expect(none.facets.label).toEqual({});
      expect((await api(`q=alpha&label=${SLUG}`)).total).toBe(1);
      expect((await api(`q=organisation&label=${SLUG}`)).total).toBe(0);
      // a label nobody holds, or a slug that is not one
      expect((await api('label=inconnu')).total).toBe(0);
      expect((await t.app.inject('/api/v1/organisations?label=Pas%20Un%20Slug')).statusCode).toBe(
        400,
      );
      await checkStored(db(), day);
    });

    it('shows the facet on the page in both languages, ticked from the address', async () => {
      const fr = await t.app.inject(`/annuaire?label=${SLUG}`);
      expect(fr.statusCode).toBe(200);
      const facet = /<fieldset class="facet"><legend>Label<\/legend>.*?<\/fieldset>/s.exec(fr.body);
      expect(facet?.[0]).toContain(`name="label" checked="" value="${SLUG}"`);
      expect(facet?.[0]).toContain(`${NAME}<span class="visually-hidden"> (1)</span>`);
      // its count is a link to the list it counts, marked current: the filter is applied
      expect(facet?.[0]).toContain(
        `<a href="/annuaire?label=${SLUG}" aria-current="true">1<span class="visually-hidden"> organisations : ${NAME}</span></a>`,
      );
      expect(fr.body).toContain('Lauréat Alpha');
      expect(fr.body).toContain(`organisations.csv?label=${SLUG}`);
      const en = await t.app.inject(`/en/annuaire?label=${SLUG}&kind=sme&kind=startup`);
      expect(en.statusCode).toBe(200);
      expect(en.body).toContain('Labelled accelerator');
      // an unknown value in the address is left out, and said so
      const bad = await t.app.inject('/annuaire?label=%C3%A9%C3%A9');
      expect(bad.statusCode).toBe(200);
      expect(bad.body).toContain('(label)');
    });

    it('drops a withdrawn label from the counts and the filter', async () => {
      await labelsService(db()).withdraw(staffActor, labelId, 'Engagements non tenus');
      expect((await api('')).facets.label).toEqual({});
      expect((await api(`label=${SLUG}`)).total).toBe(0);
      // still ticked on the page, with its count, so that it can be unticked
      const page = await t.app.inject(`/annuaire?label=${SLUG}`);
      expect(page.body).toContain(`${NAME}<span class="visually-hidden"> (0)</span>`);
      await checkStored(db(), day);
    });

    it('counts a label from its first day to its last, as the days pass', async () => {
      day = await daysPass(db(), api, day);
    });

    it('counts the labels of a merged organisation for the one kept', async () => {
      const dup = await buildOrganisation(db(), { name: 'Doublon Labellisé', kind: 'startup' });
      const keep = await buildOrganisation(db(), { name: 'Gardée', kind: 'sme' });
      await insertLabel(db(), { name: 'Pépite', organisationId: dup.id, validFrom: '2024-01-01' });
      expect((await api('label=pepite')).items.map((i) => i.slug)).toEqual([dup.slug]);
      await staff.get(`/annuaire/${dup.slug}`);
      const res = await staff.post(`/annuaire/${dup.slug}/fusionner`, { target: keep.slug });
      expect(res.statusCode).toBe(303);
      const after = await api('label=pepite');
      expect(after.items.map((i) => i.slug)).toEqual([keep.slug]);
      expect(after.facets.label).toEqual({ pepite: 1 });
      // its profile says so too
      const profile = await t.app.inject(`/annuaire/${keep.slug}`);
      expect(profile.body).toContain('Pépite');
      await checkStored(db(), day);
    });

    it('keeps the counts right through the demo’s load (the 2014 French Tech labels)', async () => {
      await loadDemo(db(), t.app.capabilities, { withAccounts: false, dataDir: t.dataDir });
      await checkStored(db(), day);
      const metropole = await orgId(db(), 'grenoble-alpes-metropole');
      const all = await api('');
      expect(all.facets.label?.['metropole-french-tech']).toBe(metropole ? 1 : undefined);
      if (metropole) {
        const held = await api('label=metropole-french-tech');
        expect(held.items.map((i) => i.slug)).toEqual(['grenoble-alpes-metropole']);
        const page = await t.app.inject('/en/annuaire');
        expect(page.body).toContain(
          'French Tech Metropolis<span class="visually-hidden"> (1)</span>',
        );
      }
    });
  });
});

async function orgId(db: Kysely<DB>, slug: string | undefined) {
  if (!slug) return undefined;
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Labels ending today, ended yesterday and starting tomorrow: one counts today; tomorrow (the day
 * moved as the directory does before its first search), the first has ended and the third begun.
 * Returns the new day.
 */
async function daysPass(
  db: Kysely<DB>,
  api: (query: string) => Promise<Answer>,
  today: string,
): Promise<string> {
  let day = today;
  const [a, b, c] = (await api('sort=name&per_page=3')).items;
  const ends = await insertLabel(db, {
    name: 'Pépite',
    organisationId: (await orgId(db, a?.slug)) ?? null,
    validFrom: '2024-01-01',
    validUntil: day,
  });
  await insertLabel(db, {
    name: 'Pépite',
    organisationId: (await orgId(db, b?.slug)) ?? null,
    validFrom: '2024-01-01',
    validUntil: dayAfter(day, -1),
  });
  await insertLabel(db, {
    name: 'Pépite',
    organisationId: (await orgId(db, c?.slug)) ?? null,
    validFrom: dayAfter(day, 1),
  });
  expect(ends).toBeGreaterThan(0);
  expect((await api('')).facets.label).toEqual({ pepite: 1 });
  expect((await api('label=pepite')).items.map((i) => i.slug)).toEqual([a?.slug]);
  await checkStored(db, day);
  // tomorrow: the first has ended, the third has begun
  day = dayAfter(day, 1);
  expect(await organisationsRepository(db).holdLabelsOn(day)).toBe(2);
  expect(await organisationsRepository(db).holdLabelsOn(day)).toBe(0);
  expect((await api('label=pepite')).items.map((i) => i.slug)).toEqual([c?.slug]);
  await checkStored(db, day);
  // a label removed by hand
  await sql`DELETE FROM labels WHERE name_fr = 'Pépite'`.execute(db);
  expect((await api('')).facets.label).toEqual({});
  await checkStored(db, day);
  return day;
}
