import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { DB } from '../db/schema.ts';
import { type Indicators, recompute } from './compute.service.ts';
import { observatoryRepository } from './observatory.repository.ts';

/**
 * The jobs figure after two imports, the second a partial file (it names only the establishments
 * that changed): the figure once crossed its own bounds and its headline read another date than
 * its chart.
 */
const D1 = '2025-01-31';
const D2 = '2025-02-28';

async function site(db: Kysely<DB>, name: string, siret: string, bands: [string, string][]) {
  const { id } = await buildOrganisation(db, { name, fields: ['objets-connectes'] });
  await db
    .insertInto('establishments')
    .values({
      siret,
      organisation_id: id,
      is_head_office: true,
      status: 'open',
      in_territory: true,
      commune_code: '38185',
      commune_name: 'Grenoble',
      naf_code: '62.01Z',
      headcount_band: bands.at(-1)?.[1] ?? null,
      headcount_year: 2024,
      restricted: false,
    })
    .execute();
  for (const [on, band] of bands) {
    await db
      .insertInto('headcount_observations')
      .values({ organisation_id: id, siret, band, year: 2024, source: 'register', observed_on: on })
      .execute();
  }
}

async function twoImports(db: Kysely<DB>) {
  for (const on of [D1, D2]) {
    await db
      .insertInto('imports')
      .values({ status: 'done', as_of: on, finished_at: new Date(`${on}T12:00:00Z`) })
      .execute();
  }
  // 10 000 or more at both imports: no upper bound
  await site(db, 'Very large', '20000000100011', [
    [D1, '53'],
    [D2, '53'],
  ]);
  // 50–99 at D1, absent from the second file: its band still holds at D2
  await site(db, 'Unchanged', '20000000200011', [[D1, '21']]);
  // 20–49 at D1, 100–199 at D2
  await site(db, 'Grows', '20000000300011', [
    [D1, '12'],
    [D2, '22'],
  ]);
  await recompute(db, 'import');
}

describe.each(engines())('the jobs figure after two imports on %s', (engine) => {
  let t: TestApp;
  let jobs: Indicators['jobs'];

  beforeAll(async () => {
    t = await createTestApp(engine);
    await twoImports(t.database.db);
    const stored = (await observatoryRepository(t.database.db).indicators()).get('all');
    jobs = (stored as Indicators).jobs;
  });
  afterAll(async () => t?.close());

  it('reads each import date as the bands that hold then, the low bound never above the high', () => {
    expect(jobs.history.map((p) => [p.on, p.low, p.openTop, p.known])).toEqual([
      [D1, 10_000 + 50 + 20, 1, 3],
      [D2, 10_000 + 50 + 100, 1, 3],
    ]);
    for (const p of jobs.history) expect(p.low).toBeLessThanOrEqual(p.high);
  });

  it('gives the headline of the chart’s latest point', () => {
    const last = jobs.history.at(-1);
    expect(jobs.now).toMatchObject({ on: D2, low: last?.low, openTop: last?.openTop });
  });

  it('shows an open-ended band as "at least", with no upper bound, in the text, chart and table', async () => {
    const page = await new TestClient(t.app).get('/observatoire');
    expect(page.statusCode).toBe(200);
    const text = page.body.replace(/\s+/g, ' ').replace(/&nbsp;|\u202f|\u00a0/g, ' ');
    expect(text).toContain('Au moins 10 150 emplois salariés');
    // no upper bound is invented: the table says there is none at either date
    expect(text).not.toMatch(/10 170|10 249|10 348/);
    expect(page.body.match(/sans borne haute/g)?.length).toBeGreaterThanOrEqual(3);
    const csv = await new TestClient(t.app).get('/observatoire/donnees/emplois.csv');
    expect(csv.body).toContain(`${D2},10150,,1,3`);
  });
});
