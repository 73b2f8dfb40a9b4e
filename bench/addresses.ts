/**
 * What the old-address hook costs (`npm run bench -- addresses`): every request under
 * /annuaire/{slug}/… and /api/v1/organisations/{slug} first asks where the slug leads
 * (organisationsRepository.whereIs, one recursive query). Its peer in the same run is the lookup
 * the profile already made for every request, findBySlug on the same slug.
 *
 * Per engine (PGlite; the server too when TEST_DATABASE_URL is set): BENCH_ORGS organisations
 * (default 100 000) loaded with SQL, a chain of two merges (A into B, B into C), then the three
 * lookups interleaved. Writes bench/results/addresses.json. A goal missed is reported, never an
 * exit code.
 */
import { sql } from 'kysely';
import type { EngineKind } from '../src/db/engine.ts';
import { organisationsRepository } from '../src/directory/organisations.repository.ts';
import { createTestDatabase } from '../test/support/engines.ts';
import { loadOrganisations } from './directory/organisations.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { type Latency, measureInterleaved } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

/** the hook's lookup of a current slug, against the profile's own lookup of it (p95) */
const GOAL_RATIO = 2;

export async function run(): Promise<void> {
  const count = envInt('BENCH_ORGS', 100_000);
  const runs = envInt('BENCH_RUNS', 200);
  const warmups = envInt('BENCH_WARMUPS', 20);
  const kinds: EngineKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const results: Record<string, unknown> = {};
  const rows: (string | number)[][] = [];
  for (const kind of kinds) {
    log(`${kind}: loading ${count} organisations`);
    const database = await createTestDatabase(kind);
    try {
      const db = database.db;
      await loadOrganisations(db, count, () => {});
      await sql`ANALYZE organisations`.execute(db);
      const picked = await db
        .selectFrom('organisations')
        .select(['id', 'slug'])
        .orderBy('id')
        .limit(4)
        .execute();
      const [a, b, c, current] = picked;
      if (!a || !b || !c || !current) throw new Error('not enough organisations');
      await db
        .updateTable('organisations')
        .set({ merged_into: b.id })
        .where('id', '=', a.id)
        .execute();
      await db
        .updateTable('organisations')
        .set({ merged_into: c.id })
        .where('id', '=', b.id)
        .execute();
      const orgs = organisationsRepository(db);
      const check = await orgs.whereIs(a.slug);
      if (check?.kind !== 'moved' || check.slug !== c.slug) throw new Error('chain not followed');
      log(`${kind}: measuring`);
      const measured: Record<string, Latency> = await measureInterleaved(
        {
          'findBySlug, current slug (peer)': () => orgs.findBySlug(current.slug),
          'whereIs, current slug': () => orgs.whereIs(current.slug),
          'whereIs, merged twice': () => orgs.whereIs(a.slug),
          'whereIs, unknown slug': () => orgs.whereIs('no-such-organisation'),
        },
        { warmups, runs },
      );
      const peer = measured['findBySlug, current slug (peer)'] as Latency;
      const own = measured['whereIs, current slug'] as Latency;
      const ratio = Math.round((own.p95 / peer.p95) * 100) / 100;
      results[kind] = {
        organisations: count,
        latencyMs: measured,
        goal: {
          what: `whereIs p95 ≤ ${GOAL_RATIO} × findBySlug p95`,
          ratio,
          met: ratio <= GOAL_RATIO,
        },
      };
      for (const [name, l] of Object.entries(measured)) {
        rows.push([kind, name, l.runs, l.p50, l.p95, l.max]);
      }
      rows.push([
        kind,
        `ratio whereIs / findBySlug (p95), goal ≤ ${GOAL_RATIO}`,
        '',
        '',
        ratio,
        '',
      ]);
    } finally {
      await database.close();
    }
  }
  const file = await writeResults('addresses', { machine: machine(), results });
  process.stdout.write(
    `${formatTable('Old-address lookup (ms)', ['engine', 'lookup', 'runs', 'p50', 'p95', 'max'], rows)}\n`,
  );
  log(`written ${file}`);
}
