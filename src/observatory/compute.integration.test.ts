import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { buildOrganisation, type OrgInput } from '../../test/support/factories.ts';
import type { Database } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import { recompute } from './compute.service.ts';
import { observatoryRepository } from './observatory.repository.ts';

/**
 * Small hand-built registers whose counts can be read off the page: each organisation below is
 * there for one rule, and the comment says where it should (not) be counted.
 */
const D1 = '2024-01-31';
const D2 = '2024-02-29';
const D3 = '2024-03-31';

type Obs = { on: string; band?: string | null; exact?: number; year?: number; source?: string };

async function org(db: Kysely<DB>, input: OrgInput & { naf?: string }, observations: Obs[] = []) {
  const { id } = await buildOrganisation(db, {
    fields: input.naf ? [] : ['objets-connectes'],
    ...input,
  });
  if (input.naf) {
    await db
      .updateTable('organisations')
      .set({ naf_code: input.naf })
      .where('id', '=', id)
      .execute();
  }
  for (const o of observations) {
    await db
      .insertInto('headcount_observations')
      .values({
        organisation_id: id,
        siret: null,
        band: o.band ?? null,
        exact: o.exact ?? null,
        year: o.year ?? 2023,
        source: o.source ?? 'register',
        observed_on: o.on,
      })
      .execute();
  }
  return id;
}

async function establishment(
  db: Kysely<DB>,
  organisationId: string,
  siret: string,
  obs: Obs[],
  open = true,
) {
  await db
    .insertInto('establishments')
    .values({
      siret,
      organisation_id: organisationId,
      is_head_office: false,
      status: open ? 'open' : 'closed',
      commune_code: '38185',
      commune_name: 'Grenoble',
      latitude: 45.19,
      longitude: 5.72,
      naf_code: '62.01Z',
      // the directory keeps the latest band on the establishment too
      headcount_band: obs.at(-1)?.band ?? null,
      headcount_year: obs.at(-1)?.year ?? 2023,
      restricted: false,
    })
    .execute();
  for (const o of obs) {
    await db
      .insertInto('headcount_observations')
      .values({
        organisation_id: organisationId,
        siret,
        band: o.band ?? null,
        exact: o.exact ?? null,
        year: o.year ?? 2023,
        source: 'register',
        observed_on: o.on,
      })
      .execute();
  }
}

/**
 * The register the tests read: three imports, and organisations each there for one rule (the
 * comments say where each should, or should not, be counted). Returns the seed objectives' ids.
 */
async function buildRegister(db: Kysely<DB>): Promise<{ champion: number; hundreds: number }> {
  for (const on of [D1, D2, D3]) {
    await db
      .insertInto('imports')
      .values({ status: 'done', as_of: on, finished_at: new Date(`${on}T12:00:00Z`) })
      .execute();
  }
  const objectives = await observatoryRepository(db).objectives();
  const champion = objectives.find((o) => o.min_employees === 1000)?.id ?? 0;
  const hundreds = objectives.find((o) => o.min_employees === 250)?.id ?? 0;

  // band edges: 41 is 500–999, 42 starts at 1000
  await org(db, { name: 'Band 41' }, [{ on: D3, band: '41' }]);
  await org(db, { name: 'Band 42' }, [{ on: D3, band: '42' }]);
  await org(db, { name: 'Exact 999', naf: '62.01Z' }, [{ on: D3, exact: 999, source: 'self' }]);
  await org(db, { name: 'Exact 1000', naf: '62.01Z' }, [{ on: D3, exact: 1000, source: 'staff' }]);
  // 53 has no upper bound: still "1000 or more"
  await org(db, { name: 'Band 53' }, [{ on: D3, band: '53' }]);
  // band 31 (200–249) is not "several hundred" under the seed's rule (bands 32 and 41)
  await org(db, { name: 'Band 31' }, [{ on: D3, band: '31' }]);
  // not counted: closed, head office outside the territory, outside the sector selection
  await org(db, { name: 'Closed 42', status: 'closed' }, [{ on: D3, band: '42' }]);
  const away = await org(db, { name: 'Head office away 42', headOfficeInTerritory: false }, [
    { on: D3, band: '42' },
  ]);
  await establishment(db, away, '11111111100011', [{ on: D3, band: '21' }]);
  await org(db, { name: 'Out of sector 42', fields: [] }, [{ on: D3, band: '42' }]);
  // an unknown latest band (NN) hides the older known one
  await org(db, { name: 'Now NN', fields: ['objets-connectes'] }, [
    { on: D1, band: '42' },
    { on: D3, band: 'NN' },
  ]);
  // history: grows from 32 to 41 to 42 across the three imports
  await org(db, { name: 'Grower' }, [
    { on: D1, band: '32' },
    { on: D2, band: '41' },
    { on: D3, band: '42' },
  ]);
  // on the same day, staff's figure wins over the register's
  await org(db, { name: 'Staff corrected' }, [
    { on: D3, band: '42' },
    { on: D3, exact: 600, source: 'staff' },
  ]);

  // jobs: 10–19 + 10 000 and more (no upper bound) + unknown, and a closed establishment
  const jobsOrg = await org(db, { name: 'Jobs', fields: ['objets-connectes'] });
  await establishment(db, jobsOrg, '22222222200011', [{ on: D3, band: '11' }]);
  await establishment(db, jobsOrg, '22222222200029', [{ on: D3, band: '53' }]);
  await establishment(db, jobsOrg, '22222222200037', [{ on: D3, band: 'NN' }]);
  await establishment(db, jobsOrg, '22222222200045', [{ on: D3, band: '22' }], false);

  // high growth, three band-years apart: 10–19 → 50–99 is proven (50 > 19 × 1.728)
  await org(db, { name: 'Gazelle' }, [
    { on: D1, band: '11', year: 2020 },
    { on: D3, band: '21', year: 2023 },
  ]);
  // 20–49 → 50–99 might be 150 % growth, or 2 %: nothing is proven
  await org(db, { name: 'Maybe' }, [
    { on: D1, band: '12', year: 2020 },
    { on: D3, band: '21', year: 2023 },
  ]);
  // exact figures: 10 → 14 is 11.9 % a year: Eurostat's 10 %, not the OECD's 20 %
  await org(db, { name: 'Steady' }, [
    { on: D1, exact: 10, year: 2020 },
    { on: D3, exact: 14, year: 2023 },
  ]);
  // 6–9 at the start: under 10 employees, whatever the growth
  await org(db, { name: 'Too small' }, [
    { on: D1, band: '03', year: 2020 },
    { on: D3, band: '22', year: 2023 },
  ]);

  await recompute(db, 'staff');
  return { champion, hundreds };
}

describe.each(engines())('observatory computation on %s', (engine) => {
  let database: Database;
  let champion = 0;
  let hundreds = 0;

  const memberNames = async (key: string) =>
    (await observatoryRepository(database.db).members(key)).rows.map((r) => r.name).sort();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ champion, hundreds } = await buildRegister(database.db));
  });
  afterAll(async () => database?.close());

  it('counts the bands that start at 1000 or more, and only active ones with a head office here in the sector', async () => {
    expect(await memberNames(`objective:${champion}`)).toEqual([
      'Band 42',
      'Band 53',
      'Exact 1000',
      'Grower',
    ]);
  });

  it('counts "several hundred" as bands starting between 250 and 999', async () => {
    expect(await memberNames(`objective:${hundreds}`)).toEqual([
      'Band 41',
      'Exact 999',
      'Staff corrected',
    ]);
  });

  it('keeps each figure’s band, year, source and date', async () => {
    const { rows } = await observatoryRepository(database.db).members(`objective:${hundreds}`);
    const staff = rows.find((r) => r.name === 'Staff corrected');
    expect(staff).toMatchObject({ exact: 600, source: 'staff', observed_on: D3, year: 2023 });
    const band = rows.find((r) => r.name === 'Band 41');
    expect(band).toMatchObject({ band: '41', low: 500, high: 999, source: 'register' });
  });

  it('stores the value now and at each import date, with a projection that names its method', async () => {
    const results = await observatoryRepository(database.db).results();
    const one = results.get(champion);
    expect(one?.value).toBe(4);
    // D1 and D2: Now NN (its 42 of D1 holds until the NN of D3); D3: the four
    expect(one?.history).toEqual([
      { on: D1, value: 1 },
      { on: D2, value: 1 },
      { on: D3, value: 4 },
    ]);
    const ten = results.get(hundreds);
    expect(ten?.history).toEqual([
      { on: D1, value: 1 },
      { on: D2, value: 1 },
      { on: D3, value: 3 },
    ]);
    // the seed's deadline (2024-11-12) is after these dates: a straight line is drawn to it
    expect(one?.projection).toMatchObject({ method: 'least_squares', on: '2024-11-12', points: 3 });
  });

  it('gives jobs as a range from the open establishments’ bands, naming what has no upper bound', async () => {
    const data = (await observatoryRepository(database.db).indicators()).get('all') as {
      jobs: { now: { low: number; high: number; openTop: number; known: number } };
    };
    // 10–19, 10 000+, and the head-office-away firm's 50–99
    expect(data.jobs.now).toMatchObject({ low: 10 + 10_000 + 50, openTop: 1, known: 3 });
    // the open-ended band counts its lower bound in both sums, so the bounds never cross; with
    // it, the high sum is no upper bound (openTop), and no page shows it as one
    expect(data.jobs.now.high).toBe(19 + 10_000 + 99);
  });

  it('counts high-growth firms only where the bands prove the growth', async () => {
    expect(await memberNames('high_growth:oecd')).toEqual(['Gazelle']);
    expect(await memberNames('high_growth:eurostat')).toEqual(['Gazelle', 'Steady']);
    const data = (await observatoryRepository(database.db).indicators()).get('all') as {
      highGrowth: { oecd: { candidates: number } };
    };
    expect(data.highGrowth.oecd.candidates).toBe(4);
  });

  it('gives the planner statistics on a register written without an import', async () => {
    // PGlite has no autovacuum: without them, the run's joins took minutes at 40 000 organisations
    const r = await sql<{ name: string; rows: number }>`
      SELECT relname AS name, reltuples::int AS rows FROM pg_class
      WHERE relname IN ('organisations', 'establishments', 'headcount_observations')
      ORDER BY relname`.execute(database.db);
    expect(r.rows.map((x) => x.name)).toEqual([
      'establishments',
      'headcount_observations',
      'organisations',
    ]);
    for (const table of r.rows) expect(table.rows, table.name).toBeGreaterThan(0);
  });

  it('recomputes to the same results, and the run records the data’s date', async () => {
    const before = await observatoryRepository(database.db).results();
    await recompute(database.db, 'staff');
    const after = await observatoryRepository(database.db).results();
    expect([...after.values()].map((r) => r.value)).toEqual(
      [...before.values()].map((r) => r.value),
    );
    const runs = await observatoryRepository(database.db).runs();
    expect(runs.done?.as_of).toBe(D3);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM observatory_runs`.execute(
      database.db,
    );
    expect(n.rows[0]?.n).toBe(2);
  });
});
