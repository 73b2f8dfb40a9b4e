import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { organisationsRepository } from './organisations.repository.ts';

type Item = { slug: string; headcount: Record<string, unknown> };

/** one application per engine for the whole file: an organisation with a member, and staff */
type Declared = {
  t: TestApp;
  org: { id: string; slug: string };
  member: TestClient;
  staff: TestClient;
};

async function person(s: Declared, role?: 'staff') {
  const email = uniqueEmail(role ?? 'member');
  const client = await signUp(s.t.app, { email });
  const id = await giveRole(s.t.database.db, email, role ?? 'member');
  return { client, id };
}

async function declare(
  s: Declared,
  client: TestClient,
  headcount: string,
  extra: Record<string, string> = {},
) {
  const form = await client.get(`/annuaire/${s.org.slug}/modifier`);
  const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  return client.post(`/annuaire/${s.org.slug}/modifier`, {
    version,
    description_fr: '',
    description_en: '',
    website: '',
    tags: '',
    headcount,
    headcount_year: '2026',
    ...extra,
  });
}

async function columns(s: Declared) {
  return s.t.database.db
    .selectFrom('organisations')
    .select([
      'headcount_band',
      'headcount_min',
      'headcount_max',
      'headcount_year',
      'headcount_source',
    ])
    .where('id', '=', s.org.id)
    .executeTakeFirstOrThrow();
}

const search = async (s: Declared, query: string) =>
  (await s.t.app.inject(`/api/v1/organisations?${query}`)).json();
const slugs = (body: { items: Item[] }) => body.items.map((i) => i.slug);

function declaredApp(engine: EngineKind): Declared {
  const s = {} as Declared;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    s.org = await buildOrganisation(s.t.database.db, {
      name: 'Horlogerie Déclarée',
      kind: 'cluster',
      band: '11',
      bandYear: 2024,
    });
    await s.t.database.db
      .insertInto('headcount_observations')
      .values({
        organisation_id: s.org.id,
        band: '11',
        year: 2024,
        source: 'register',
        observed_on: '2025-01-31',
      })
      .execute();
    const m = await person(s);
    s.member = m.client;
    await organisationsRepository(s.t.database.db).addMember(s.org.id, m.id);
    s.staff = (await person(s, 'staff')).client;
  });
  afterAll(async () => s.t?.close());
  return s;
}

function aMembersFigure(s: Declared) {
  it('makes a member’s figure the current headcount: search, facets, item, profile', async () => {
    const before = {
      words: await search(s, 'q=horlogerie'),
      plain: await search(s, 'kind=cluster'),
      all: await search(s, ''),
    };
    expect(before.words.facets.headcount).toEqual({ '11': 1 });
    expect(slugs(await search(s, 'headcount_min=40'))).not.toContain(s.org.slug);

    const saved = await declare(s, s.member, '42');
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(await columns(s)).toEqual({
      headcount_band: '12',
      headcount_min: 42,
      headcount_max: 42,
      headcount_year: 2026,
      headcount_source: 'self',
    });

    // found by the range it meets, with and without words
    expect(slugs(await search(s, 'headcount_min=40'))).toContain(s.org.slug);
    expect(slugs(await search(s, 'q=horlogerie&headcount_min=40&headcount_max=42'))).toEqual([
      s.org.slug,
    ]);
    expect(slugs(await search(s, 'q=horlogerie&headcount_min=43'))).toEqual([]);
    expect(slugs(await search(s, 'kind=cluster&headcount_max=41'))).not.toContain(s.org.slug);

    // counted in the band the figure falls in (20 to 49), by every way the facets are counted
    const after = {
      words: await search(s, 'q=horlogerie'),
      plain: await search(s, 'kind=cluster'),
      all: await search(s, ''),
    };
    expect(after.words.facets.headcount).toEqual({ '12': 1 });
    for (const way of ['plain', 'all'] as const) {
      const was = before[way].facets.headcount;
      const now = after[way].facets.headcount;
      expect(now['12'] ?? 0, way).toBe((was['12'] ?? 0) + 1);
      expect(now['11'] ?? 0, way).toBe((was['11'] ?? 0) - 1);
    }

    const item = after.words.items[0] as Item;
    expect(item.headcount).toEqual({ band: null, min: 42, max: 42, year: 2026, source: 'self' });
    const detail = (await s.t.app.inject(`/api/v1/organisations/${s.org.slug}`)).json();
    expect(detail.headcount).toEqual(item.headcount);
    expect(detail.headcount_history[0]).toMatchObject({ exact: 42, source: 'self' });

    const page = await s.t.app.inject(`/annuaire/${s.org.slug}`);
    expect(page.body).toContain('42 salariés en 2026 · Déclaré par l’organisation');
    const list = await s.t.app.inject('/en/annuaire?q=horlogerie');
    expect(list.body).toContain('42 employees in 2026 · Declared by the organisation');
  });
}

function laterFigures(s: Declared) {
  it('puts the hub team’s figure before the organisation’s on the same day', async () => {
    const saved = await declare(s, s.staff, '40', {
      name: 'Horlogerie Déclarée',
      acronym: '',
      kind: 'cluster',
      status: 'active',
    });
    expect(saved.statusCode).toBe(303);
    expect(await columns(s)).toMatchObject({
      headcount_min: 40,
      headcount_max: 40,
      headcount_source: 'staff',
    });
    // the member corrects its own figure the same day: the team's still stands
    expect((await declare(s, s.member, '44')).statusCode).toBe(303);
    expect(await columns(s)).toMatchObject({ headcount_min: 40, headcount_source: 'staff' });
    const item = (await search(s, 'q=horlogerie')).items[0] as Item;
    expect(item.headcount.source).toBe('staff');
  });

  it('follows a later observation, whatever its source', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await s.t.database.db
      .insertInto('headcount_observations')
      .values({
        organisation_id: s.org.id,
        band: '21',
        year: 2025,
        source: 'register',
        observed_on: tomorrow,
      })
      .execute();
    await organisationsRepository(s.t.database.db).refreshCurrentHeadcount(s.org.id);
    expect(await columns(s)).toEqual({
      headcount_band: '21',
      headcount_min: 50,
      headcount_max: 99,
      headcount_year: 2025,
      headcount_source: 'register',
    });
    const item = (await search(s, 'q=horlogerie')).items[0] as Item;
    expect(item.headcount).toEqual({
      band: '21',
      min: 50,
      max: 99,
      year: 2025,
      source: 'register',
    });
  });

  it('refuses a figure that is not a number and leaves the current headcount as it was', async () => {
    const was = await columns(s);
    const res = await declare(s, s.member, '-3');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Saisissez un nombre entier de salariés.');
    expect(await columns(s)).toEqual(was);
  });
}

describe.each(engines())('a declared headcount in the search on %s', (engine) => {
  const s = declaredApp(engine);
  describe('a member’s figure', () => aMembersFigure(s));
  describe('the team’s, later and refused figures', () => laterFigures(s));
});
