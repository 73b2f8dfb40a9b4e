import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import type { Database } from '../db/engine.ts';
import { importsRepository } from '../imports/imports.repository.ts';
import { describeFiles, runSireneImport } from '../imports/sirene-import.service.ts';
import { headcountBand } from '../sirene/headcount.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
import { recompute } from './compute.service.ts';
import { observatoryRepository } from './observatory.repository.ts';

/**
 * Three monthly imports of generated SIRENE files, then the objectives' history checked against
 * a plain count over the same rows: for each import date, the organisations active then whose
 * latest legal-unit band on or before that date starts in the objective's range.
 */
describe.each(engines())('objectives across three imports on %s', (engine) => {
  let dir: string;
  let database: Database;
  const months = ['2026-04', '2026-05', '2026-06'];
  const asOfs: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-observatory-'));
    database = await createTestDatabase(engine);
    for (const [i, month] of months.entries()) {
      const sample = await writeSireneSample({
        directory: path.join(dir, month),
        rows: 1500,
        seed: 11,
        month,
      });
      const request = {
        establishmentsPath: sample.establishmentsPath,
        unitsPath: sample.unitsPath,
        // one import a month, dated as the month's file would be
        asOf: `${month}-0${i + 1}`,
      };
      const id = await importsRepository(database.db).create({
        files: describeFiles(request, new Map()),
        options: {},
        status: 'running',
      });
      const summary = await runSireneImport(database.db, id, request);
      asOfs.push(summary.asOf);
    }
    await recompute(database.db, 'import');
  }, 240_000);
  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function expected(on: string, min: number, max: number | null): Promise<number> {
    const orgs = await database.db
      .selectFrom('organisations')
      .select(['id', 'status', 'closed_on', 'head_office_in_territory', 'merged_into'])
      .execute();
    const obs = await database.db
      .selectFrom('headcount_observations')
      .select(['organisation_id', 'band', 'exact', 'observed_on', 'source'])
      .where('siret', 'is', null)
      .where('observed_on', '<=', on)
      .execute();
    const latest = new Map<string, { band: string | null; exact: number | null; on: string }>();
    for (const o of obs) {
      const seen = latest.get(o.organisation_id);
      if (!seen || o.observed_on > seen.on)
        latest.set(o.organisation_id, { ...o, on: o.observed_on });
    }
    // every organisation an import keeps has an activity in the sector selection (the import's rule)
    let n = 0;
    for (const org of orgs) {
      // active at that date: active now, or closed on a later date
      const active =
        org.status === 'active' ||
        (org.status === 'closed' && org.closed_on !== null && org.closed_on > on);
      if (!active || !org.head_office_in_territory || org.merged_into) continue;
      const l = latest.get(org.id);
      if (!l) continue;
      const low = l.exact ?? headcountBand(l.band)?.min ?? null;
      if (low === null) continue;
      if (low >= min && (max === null || low <= max)) n++;
    }
    return n;
  }

  it('keeps one value per import date, each the count of what the register said then', async () => {
    const repo = observatoryRepository(database.db);
    const [objectives, results] = await Promise.all([repo.objectives(), repo.results()]);
    let seen = 0;
    for (const o of objectives) {
      const history = results.get(o.id)?.history ?? [];
      expect(history.map((h) => h.on)).toEqual(asOfs);
      for (const point of history) {
        expect(point.value, `${o.title_en} on ${point.on}`).toBe(
          await expected(point.on, o.min_employees, o.max_employees),
        );
        seen += point.value;
      }
      expect(results.get(o.id)?.value).toBe(history.at(-1)?.value);
    }
    // the generated register has firms of these sizes: the comparison is not of zeros
    expect(seen).toBeGreaterThan(0);
  });

  it('dates the observatory’s data with the last import', async () => {
    const runs = await observatoryRepository(database.db).runs();
    expect(runs.done?.as_of).toBe(asOfs.at(-1));
  });
});
