import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { Database } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import { jobsFigure } from './chart-data.ts';
import { type Indicators, recompute } from './compute.service.ts';
import { observatoryRepository } from './observatory.repository.ts';

/**
 * Over random registers (organisations, establishments in and out of the territory, open and
 * closed, bands observed at some imports and not others, open-ended bands, unknown ones): the
 * figures never contradict themselves.
 */
const DATES = ['2024-06-30', '2024-12-31', '2025-06-30'];
const BANDS: Record<string, [number, number | null] | null> = {
  NN: null,
  '00': [0, 0],
  '03': [6, 9],
  '12': [20, 49],
  '21': [50, 99],
  '42': [1000, 1999],
  '53': [10000, null],
};

const observation = fc.option(fc.constantFrom(...Object.keys(BANDS)), { nil: undefined });
const siteArb = fc.record({
  inTerritory: fc.boolean(),
  open: fc.boolean(),
  bands: fc.tuple(observation, observation, observation),
});
const orgArb = fc.record({
  kind: fc.constantFrom('startup', 'sme', 'cluster'),
  closedOn: fc.option(fc.constantFrom('2023-05-01', '2024-09-15', '2025-01-10', 'undated'), {
    nil: undefined,
  }),
  unitBands: fc.tuple(observation, observation, observation),
  sites: fc.array(siteArb, { maxLength: 3 }),
});
const registerArb = fc.record({
  imports: fc.integer({ min: 1, max: 3 }),
  organisations: fc.array(orgArb, { maxLength: 7 }),
});
type Register = typeof registerArb extends fc.Arbitrary<infer R> ? R : never;

async function load(db: Kysely<DB>, register: Register): Promise<void> {
  await sql`TRUNCATE headcount_observations, establishments, organisations, imports CASCADE`.execute(
    db,
  );
  const dates = DATES.slice(0, register.imports);
  for (const on of dates) {
    await db
      .insertInto('imports')
      .values({ status: 'done', as_of: on, finished_at: new Date(`${on}T12:00:00Z`) })
      .execute();
  }
  let n = 0;
  for (const [i, o] of register.organisations.entries()) {
    const closed = o.closedOn !== undefined;
    const { id } = await buildOrganisation(db, {
      name: `Organisation ${i}`,
      kind: o.kind,
      status: closed ? 'closed' : 'active',
      fields: ['objets-connectes'],
    });
    if (o.closedOn && o.closedOn !== 'undated') {
      await db
        .updateTable('organisations')
        .set({ closed_on: o.closedOn })
        .where('id', '=', id)
        .execute();
    }
    const observe = async (siret: string | null, bands: (string | undefined)[]) => {
      for (const [k, on] of dates.entries()) {
        const band = bands[k];
        if (band === undefined) continue;
        await db
          .insertInto('headcount_observations')
          .values({
            organisation_id: id,
            siret,
            band,
            year: 2024,
            source: 'register',
            observed_on: on,
          })
          .execute();
      }
    };
    await observe(null, o.unitBands);
    for (const s of o.sites) {
      n += 1;
      const siret = String(30000000000000 + n);
      const last =
        s.bands
          .slice(0, dates.length)
          .filter((b) => b !== undefined)
          .at(-1) ?? null;
      await db
        .insertInto('establishments')
        .values({
          siret,
          organisation_id: id,
          is_head_office: false,
          status: s.open ? 'open' : 'closed',
          in_territory: s.inTerritory,
          commune_code: '38185',
          commune_name: 'Grenoble',
          latitude: 45.19,
          longitude: 5.72,
          naf_code: '62.01Z',
          headcount_band: last,
          headcount_year: last ? 2024 : null,
          restricted: false,
        })
        .execute();
      await observe(siret, s.bands);
    }
  }
}

/** what the jobs figure must be at each date, read off the register as written */
function expectedJobs(register: Register) {
  const dates = DATES.slice(0, register.imports);
  return dates.map((on, k) => {
    let low = 0;
    let openTop = 0;
    let known = 0;
    let holding = 0;
    for (const o of register.organisations) {
      for (const s of o.sites) {
        if (!s.open || !s.inTerritory) continue;
        const band = s.bands
          .slice(0, k + 1)
          .filter((b) => b !== undefined)
          .at(-1);
        if (band === undefined) continue;
        holding += 1;
        const bounds = BANDS[band];
        if (!bounds) continue;
        known += 1;
        low += bounds[0];
        if (bounds[1] === null) openTop += 1;
      }
    }
    return { on, low, openTop, known, holding };
  });
}

describe.each(engines())('the observatory’s figures over random registers on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.close());

  it('orders every range, heads the jobs chart with its latest point, and sums to the lists behind', async () => {
    const db = database.db;
    const repo = observatoryRepository(db);
    await fc.assert(
      fc.asyncProperty(registerArb, async (register) => {
        await load(db, register);
        await recompute(db, 'staff');
        const data = (await repo.indicators()).get('all') as Indicators;

        // the jobs figure: as the register says, ordered, and its headline its latest point
        const expected = expectedJobs(register);
        expect(
          data.jobs.history.map(({ on, low, openTop, known }) => ({ on, low, openTop, known })),
        ).toEqual(
          // a date is drawn when some establishment's observation holds then, even an unknown band
          expected.filter((p) => p.holding > 0).map(({ holding: _, ...p }) => p),
        );
        const { headline, points } = jobsFigure(data.jobs);
        for (const p of points) {
          if (p.openTop > 0) expect(p.high).toBeNull();
          else expect(p.high).toBeGreaterThanOrEqual(p.low);
        }
        for (const p of data.jobs.history) expect(p.high).toBeGreaterThanOrEqual(p.low);
        if (points.length > 0) expect(headline).toEqual(points.at(-1));

        // each figure equals the number of rows of the list behind it
        for (const [id, result] of await repo.results()) {
          expect((await repo.members(`objective:${id}`)).total).toBe(result.value);
        }
        for (const c of data.closuresPerYear ?? []) {
          expect((await repo.closedOrganisations(c.year, { limit: 1000 })).total).toBe(c.count);
        }
        expect((await repo.closedOrganisations(null, { limit: 1000 })).total).toBe(
          data.closures.undated ?? 0,
        );
        for (const d of ['oecd', 'eurostat'] as const) {
          expect((await repo.members(`high_growth:${d}`)).total).toBe(data.highGrowth[d].proven);
        }
        const byCommune = data.byCommune.reduce((sum, c) => sum + c.establishments, 0);
        expect(byCommune).toBe(data.jobs.openEstablishments);
      }),
      { numRuns: 20 },
    );
  });
});
