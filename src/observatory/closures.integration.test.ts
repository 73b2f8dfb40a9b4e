import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClient } from '../../test/support/app.ts';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { Database } from '../db/engine.ts';
import { headcountBand } from '../sirene/headcount.ts';
import { type Indicators, observatoryJobs, recompute } from './compute.service.ts';
import { observatoryRepository } from './observatory.repository.ts';
import { observatoryService } from './observatory.service.ts';

/**
 * Closures per year, and each objective's history read with the status the organisation had at
 * each date: hand-built registers where closure dates fall between the import dates.
 */
const D1 = '2025-01-31';
const D2 = '2025-02-28';
const D3 = '2025-03-31';
const DATES = [D1, D2, D3];

describe.each(engines())('closures and history at the time on %s', (engine) => {
  let database: Database;
  let champion = 0;
  let hundreds = 0;

  async function org(
    name: string,
    status: 'active' | 'closed' | 'exited',
    closedOn: string | null,
    observations: { on: string; band?: string; exact?: number; source?: string }[],
  ) {
    const { id } = await buildOrganisation(database.db, {
      name,
      status,
      fields: ['objets-connectes'],
    });
    await database.db
      .updateTable('organisations')
      .set({ closed_on: closedOn })
      .where('id', '=', id)
      .execute();
    for (const o of observations) {
      await database.db
        .insertInto('headcount_observations')
        .values({
          organisation_id: id,
          siret: null,
          band: o.band ?? null,
          exact: o.exact ?? null,
          year: 2024,
          source: o.source ?? 'register',
          observed_on: o.on,
        })
        .execute();
    }
    return id;
  }

  const memberNames = async (key: string) =>
    (await observatoryRepository(database.db).members(key)).rows.map((r) => r.name).sort();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    for (const on of DATES) {
      await database.db
        .insertInto('imports')
        .values({ status: 'done', as_of: on, finished_at: new Date(`${on}T12:00:00Z`) })
        .execute();
    }
    const objectives = await observatoryRepository(database.db).objectives();
    champion = objectives.find((o) => o.min_employees === 1000)?.id ?? 0;
    hundreds = objectives.find((o) => o.min_employees === 250)?.id ?? 0;

    // 1000 or more from D1; closed between D2 and D3: counts at D1 and D2, not at D3 nor now
    await org('Closed in March', 'closed', '2025-03-10', [{ on: D1, band: '42' }]);
    // closed on D2 itself: no longer active on that date
    await org('Closed on D2', 'closed', D2, [{ on: D1, band: '51' }]);
    // closed after the last import: counted at every import date, not now
    await org('Closed in April', 'closed', '2025-04-15', [{ on: D1, band: '42' }]);
    // closed without a date: today's status at every date (never counted)
    await org('Closed undated', 'closed', null, [{ on: D1, band: '42' }]);
    // gone from the territory: today's status at every date
    await org('Exited', 'exited', null, [{ on: D1, band: '42' }]);
    // active: grows into the range at D2
    await org('Active grower', 'active', null, [
      { on: D1, band: '41' },
      { on: D2, band: '42' },
    ]);
    // several hundred, closed in February: counts at D1 only
    await org('Hundreds closed in February', 'closed', '2025-02-01', [{ on: D1, band: '32' }]);
    // a closure year with no observation at all: counted in the closures, not in objectives
    await org('Closed long ago', 'closed', '2019-06-30', []);

    await recompute(database.db, 'staff');
  });
  afterAll(async () => database?.close());

  it('uses the status at each import date: closed after it still counted, closed on or before it did not', async () => {
    const results = await observatoryRepository(database.db).results();
    expect(results.get(champion)?.history).toEqual([
      // Closed in March, Closed on D2, Closed in April
      { on: D1, value: 3 },
      // Closed in March, Closed in April, Active grower
      { on: D2, value: 3 },
      // Closed in April, Active grower
      { on: D3, value: 2 },
    ]);
    expect(results.get(champion)?.value).toBe(1);
    expect(results.get(hundreds)?.history).toEqual([
      { on: D1, value: 2 },
      { on: D2, value: 0 },
      { on: D3, value: 0 },
    ]);
    expect(results.get(hundreds)?.value).toBe(0);
    // the organisations behind the value now are today's active ones only
    expect(await memberNames(`objective:${champion}`)).toEqual(['Active grower']);
  });

  it('counts closures per year from the closure dates, and the undated ones apart', async () => {
    const data = (await observatoryRepository(database.db).indicators()).get('all') as Indicators;
    expect(data.closuresPerYear).toEqual([
      { year: 2019, count: 1 },
      { year: 2025, count: 4 },
    ]);
    expect(data.closures).toMatchObject({ closed: 6, exited: 1, undated: 1 });
    // each year's organisations, and the undated ones, at the addresses the page links to
    const service = observatoryService(database.db);
    const names = async (set: string) =>
      (await service.members(set, 'fr')).organisations.map((r) => r.name).sort();
    expect(await names('fermetures-2019')).toEqual(['Closed long ago']);
    expect(await names('fermetures-2025')).toEqual([
      'Closed in April',
      'Closed in March',
      'Closed on D2',
      'Hundreds closed in February',
    ]);
    expect(await names('fermetures-date-inconnue')).toEqual(['Closed undated']);
    // the download of a year's list streams the same organisations
    const download = await service.memberBatches({ set: 'fermetures-2025' }, 'fr');
    const streamed: string[] = [];
    for await (const batch of download.batches) streamed.push(...batch.map((r) => r.name));
    expect(streamed.sort()).toEqual(await names('fermetures-2025'));
    expect(await names('fermetures-2024')).toEqual([]);
    // an address that names no set is not found, not an error
    await expect(service.members('fermetures-deux-mille', 'fr')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

/**
 * The computation against the rules written out plainly: a register drawn at random (fixed seed)
 * with bands, exact figures, sources on the same day, unknown bands and closures between the
 * dates, counted here organisation by organisation and date by date.
 */
describe.each(engines())('objectives against the rules, drawn at random, on %s', (engine) => {
  let database: Database;
  const dates = ['2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31'];
  const bands = ['NN', '00', '03', '12', '22', '31', '32', '41', '42', '51', '53'];
  type Row = { on: string; band: string | null; exact: number | null; source: string };
  const register: {
    id: string;
    status: string;
    closedOn: string | null;
    inTerritory: boolean;
    obs: Row[];
  }[] = [];

  // a small deterministic generator (the same register on every run)
  let seed = 20251126;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    for (const on of dates) {
      await database.db
        .insertInto('imports')
        .values({ status: 'done', as_of: on, finished_at: new Date(`${on}T12:00:00Z`) })
        .execute();
    }
    for (let i = 0; i < 80; i++) {
      const status = pick(['active', 'active', 'active', 'closed', 'closed', 'exited'] as const);
      const closedOn =
        status === 'closed' ? pick([null, '2024-08-15', '2024-12-31', '2025-01-10']) : null;
      const inTerritory = next() > 0.15;
      const { id } = await buildOrganisation(database.db, {
        name: `Random ${i}`,
        status,
        fields: ['objets-connectes'],
        headOfficeInTerritory: inTerritory,
      });
      await database.db
        .updateTable('organisations')
        .set({ closed_on: closedOn })
        .where('id', '=', id)
        .execute();
      const obs: Row[] = [];
      for (const on of dates) {
        if (next() < 0.4) continue;
        obs.push({ on, band: pick(bands), exact: null, source: 'register' });
        // now and then a figure from the organisation or the staff on the same day, which wins
        if (next() < 0.15)
          obs.push({
            on,
            band: null,
            exact: pick([120, 260, 640, 999, 1000, 1500]),
            source: pick(['self', 'staff']),
          });
      }
      // an observation between the import dates, read from its own date on
      if (next() < 0.2)
        obs.push({ on: '2024-11-15', band: pick(bands), exact: null, source: 'register' });
      for (const o of obs) {
        await database.db
          .insertInto('headcount_observations')
          .values({
            organisation_id: id,
            siret: null,
            band: o.band,
            exact: o.exact,
            year: 2024,
            source: o.source as 'register',
            observed_on: o.on,
          })
          .execute();
      }
      register.push({ id, status, closedOn, inTerritory, obs });
    }
    await recompute(database.db, 'staff');
  }, 120_000);
  afterAll(async () => database?.close());

  const rank = (source: string) => (source === 'staff' ? 0 : source === 'self' ? 1 : 2);

  /** the rule, plainly: active then, head office here, latest figure on or before the date */
  function expected(on: string, min: number, max: number | null): number {
    let n = 0;
    for (const r of register) {
      const active =
        on === 'infinity'
          ? r.status === 'active'
          : r.status === 'active' ||
            (r.status === 'closed' && r.closedOn !== null && r.closedOn > on);
      if (!active || !r.inTerritory) continue;
      const seen = r.obs
        .filter((o) => on === 'infinity' || o.on <= on)
        .sort((a, b) => (a.on === b.on ? rank(a.source) - rank(b.source) : a.on < b.on ? 1 : -1));
      const latest = seen[0];
      if (!latest) continue;
      const low = latest.exact ?? headcountBand(latest.band)?.min ?? null;
      if (low !== null && low >= min && (max === null || low <= max)) n++;
    }
    return n;
  }

  it('gives, at every date and now, the count the rules give', async () => {
    const repo = observatoryRepository(database.db);
    const [objectives, results] = await Promise.all([repo.objectives(), repo.results()]);
    let total = 0;
    for (const o of objectives) {
      const r = results.get(o.id);
      expect(r?.history.map((h) => h.on)).toEqual(dates);
      for (const h of r?.history ?? []) {
        expect(h.value, `${o.title_en} on ${h.on}`).toBe(
          expected(h.on, o.min_employees, o.max_employees),
        );
        total += h.value;
      }
      expect(r?.value, `${o.title_en} now`).toBe(
        expected('infinity', o.min_employees, o.max_employees),
      );
    }
    // the draw has firms of these sizes: the comparison is not of zeros
    expect(total).toBeGreaterThan(5);
  });
});

describe.each(engines())('closures on the page, in the CSV and the API on %s', (engine) => {
  let t: TestApp;
  const visitor = () => new TestClient(t.app);

  beforeAll(async () => {
    t = await createTestApp(engine);
    for (const [name, closedOn] of [
      ['Fermée en mars', '2024-03-01'],
      ['Fermée en juin', '2024-06-30'],
      ['Fermée sans date', null],
    ] as const) {
      const { id } = await buildOrganisation(t.database.db, { name, status: 'closed' });
      await t.database.db
        .updateTable('organisations')
        .set({ closed_on: closedOn })
        .where('id', '=', id)
        .execute();
    }
    await buildOrganisation(t.database.db, { name: 'Toujours ouverte' });
    await observatoryJobs(t.database.db).idle();
    await recompute(t.database.db, 'staff');
  });
  afterAll(async () => t?.close());

  it('charts the closures per year and says the undated ones in words, with links to each list', async () => {
    const page = await visitor().get('/observatoire');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Fermetures par année');
    expect(page.body).toContain('ensemble=fermetures-2024');
    expect(page.body).toContain('dont 1 sans date de fermeture');
    expect(page.body).toContain('ensemble=fermetures-date-inconnue');
    const en = await visitor().get('/en/observatoire');
    expect(en.body).toContain('Closures per year');
    expect(en.body).toContain('1 of them without a closure date');

    const list = await visitor().get('/observatoire/organisations?ensemble=fermetures-2024');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Organisations fermées en 2024');
    expect(list.body).toContain('Fermée en mars');
    expect(list.body).not.toContain('Fermée sans date');
    const undated = await visitor().get(
      '/observatoire/organisations?ensemble=fermetures-date-inconnue',
    );
    expect(undated.body).toContain('Fermée sans date');
    // a malformed set name is a page not found, never a 500
    const bad = await visitor().get('/observatoire/organisations?ensemble=fermetures-20x4');
    expect(bad.statusCode).toBe(404);
  });

  it('gives the same rows as CSV, the undated ones on a row of their own', async () => {
    const csv = await visitor().get('/observatoire/donnees/fermetures.csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('year,organisations,date_known');
    expect(lines.slice(1)).toEqual(['2024,2,true', ',1,false']);
  });

  it('serves creations and closures per year in the API, each year with its list', async () => {
    const res = await visitor().get('/api/v1/indicators/per-year');
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      computed: boolean;
      closures: {
        per_year: { year: number; count: number; organisations_url: string }[];
        date_unknown: number;
        date_unknown_url: string | null;
        closed: number;
      };
    };
    expect(body.computed).toBe(true);
    expect(body.closures.per_year).toEqual([
      {
        year: 2024,
        count: 2,
        organisations_url: '/observatoire/organisations?ensemble=fermetures-2024',
      },
    ]);
    expect(body.closures).toMatchObject({ date_unknown: 1, closed: 3 });
    expect(body.closures.date_unknown_url).toBe(
      '/observatoire/organisations?ensemble=fermetures-date-inconnue',
    );
  });
});
