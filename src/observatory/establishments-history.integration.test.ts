import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { buildOrganisation, type OrgInput } from '../../test/support/factories.ts';
import type { Database } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import { recompute } from './compute.service.ts';
import { observatoryRepository } from './observatory.repository.ts';

/**
 * An objective measured by the territory's establishments (the sum of their bands' lower bounds),
 * over three imports, on a register small enough that each value can be read off the comments.
 */
const D1 = '2025-01-31';
const D2 = '2025-02-28';
const D3 = '2025-03-31';

type Site = { siret: string; inTerritory?: boolean; open?: boolean; bands: [string, string][] };

async function org(
  db: Kysely<DB>,
  input: Omit<OrgInput, 'fields'>,
  sites: Site[],
  closedOn?: string,
) {
  const { id } = await buildOrganisation(db, { ...input, fields: ['objets-connectes'] });
  if (closedOn) {
    await db
      .updateTable('organisations')
      .set({ closed_on: closedOn })
      .where('id', '=', id)
      .execute();
  }
  for (const site of sites) {
    await db
      .insertInto('establishments')
      .values({
        siret: site.siret,
        organisation_id: id,
        is_head_office: false,
        status: site.open === false ? 'closed' : 'open',
        in_territory: site.inTerritory ?? true,
        commune_code: '38185',
        commune_name: 'Grenoble',
        naf_code: '62.01Z',
        headcount_band: site.bands.at(-1)?.[1] ?? null,
        headcount_year: 2024,
        restricted: false,
      })
      .execute();
    for (const [on, band] of site.bands) {
      await db
        .insertInto('headcount_observations')
        .values({
          organisation_id: id,
          siret: site.siret,
          band,
          year: 2024,
          source: 'register',
          observed_on: on,
        })
        .execute();
    }
  }
}

/**
 * The register the tests read: three imports, an objective on the territory's establishments,
 * and organisations whose values at each date the comments give. Returns the objective's id.
 */
async function buildRegister(db: Kysely<DB>): Promise<number> {
  for (const on of [D1, D2, D3]) {
    await db
      .insertInto('imports')
      .values({ status: 'done', as_of: on, finished_at: new Date(`${on}T12:00:00Z`) })
      .execute();
  }
  const objective = await observatoryRepository(db).createObjective({
    title_fr: 'Cinquante emplois ici',
    title_en: 'Fifty jobs here',
    scope: 'head_office',
    field_slugs: [],
    kinds: [],
    measure: 'territory_establishments',
    min_employees: 50,
    max_employees: null,
    created_on_or_after: null,
    active_only: true,
    target: 5,
    deadline: '2026-12-31',
  });

  const all = (band: string): [string, string][] => [
    [D1, band],
    [D2, band],
    [D3, band],
  ];
  // 50–99 and 20–49 at every date: 70, counted at D1, D2 and D3
  await org(db, { name: 'Two sites' }, [
    { siret: '10000000100011', bands: all('21') },
    { siret: '10000000100029', bands: all('12') },
  ]);
  // 10–19 at D1, then 50–99 from D2 (no observation at D3: the band of D2 still holds)
  await org(db, { name: 'Grows' }, [
    {
      siret: '10000000200011',
      bands: [
        [D1, '11'],
        [D2, '21'],
      ],
    },
  ]);
  // 50–99 at D1, then unknown: counted at D1 only
  await org(db, { name: 'Goes unknown' }, [
    {
      siret: '10000000300011',
      bands: [
        [D1, '21'],
        [D2, 'NN'],
        [D3, 'NN'],
      ],
    },
  ]);
  // 200–249 outside the territory does not count; 6–9 here is too few: never counted
  await org(db, { name: 'Sites away' }, [
    { siret: '10000000400011', inTerritory: false, bands: all('31') },
    { siret: '10000000400029', bands: all('03') },
  ]);
  // 100–199, closed on D3: counted at D1 and D2, not at D3 nor now
  await org(
    db,
    { name: 'Closed on D3', status: 'closed' },
    [{ siret: '10000000500011', open: false, bands: all('22') }],
    D3,
  );
  // first observed at D2: counted at D2 and D3
  await org(db, { name: 'Opens at D2' }, [
    {
      siret: '10000000600011',
      bands: [
        [D2, '21'],
        [D3, '21'],
      ],
    },
  ]);

  await recompute(db, 'import');
  return objective;
}

describe.each(engines())('an objective on the territory’s establishments on %s', (engine) => {
  let database: Database;
  let objective = 0;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    objective = await buildRegister(database.db);
  });
  afterAll(async () => database?.close());

  it('counts, at each import date, the organisations whose establishments here sum to 50 or more then', async () => {
    const result = (await observatoryRepository(database.db).results()).get(objective);
    expect(result?.history).toEqual([
      { on: D1, value: 3 }, // Two sites, Goes unknown, Closed on D3
      { on: D2, value: 4 }, // Two sites, Grows, Closed on D3, Opens at D2
      { on: D3, value: 3 }, // Two sites, Grows, Opens at D2
    ]);
    expect(result?.value).toBe(3);
  });

  it('lists the organisations counted now with their establishments’ sum as a range', async () => {
    const { rows, total } = await observatoryRepository(database.db).members(
      `objective:${objective}`,
    );
    expect(total).toBe(3);
    // largest first; the two of 50 in the order of their ids
    expect(rows[0]?.name).toBe('Two sites');
    expect(
      rows
        .slice(1)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['Grows', 'Opens at D2']);
    // dated by the latest observation that holds now
    expect(rows[0]).toMatchObject({
      low: 70,
      high: 99 + 49,
      source: 'register',
      observed_on: D3,
      detail: { establishments: 2 },
    });
    expect(rows.find((r) => r.name === 'Grows')).toMatchObject({
      low: 50,
      high: 99,
      observed_on: D2,
      detail: { establishments: 1 },
    });
  });
});
