/**
 * Whether the forgotten-password form tells, by its time, which addresses have an account
 * (`npm run bench -- account-forms`). Its peer in the same run is the same form for an address
 * nobody holds: the two must answer alike, since the mail (written for a real account only) leaves
 * after the answer.
 *
 * Per engine (PGlite; the server too when TEST_DATABASE_URL is set): BENCH_RUNS accounts signed up
 * through the form, then, taking turns, the form posted for one of them and for an unknown address,
 * each from a browser of its own (so that no limit of the forms is met), timing the POST only.
 * Writes bench/results/account-forms.json. A goal missed is reported, never an exit code.
 */
import type { EngineKind } from '../src/db/engine.ts';
import { createTestApp, TestClient } from '../test/support/app.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { summarize } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

/** the known address's median against the unknown's: within a fifth, either way */
const GOAL_RATIO = 1.2;

type Kind = 'known' | 'unknown';

export async function run(): Promise<void> {
  const runs = envInt('BENCH_RUNS', 150);
  const warmups = envInt('BENCH_WARMUPS', 20);
  const kinds: EngineKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const results: Record<string, unknown> = {};
  const rows: (string | number)[][] = [];
  for (const engine of kinds) {
    const t = await createTestApp(engine);
    try {
      const total = runs + warmups;
      log(`${engine}: signing ${total} accounts up`);
      const known: string[] = [];
      for (let i = 0; i < total; i++) {
        const email = `bench.known.${i}@example.org`;
        const client = new TestClient(t.app);
        await client.get('/inscription');
        const res = await client.post('/inscription', {
          name: 'Bench',
          email,
          password: 'correct horse battery',
        });
        if (res.statusCode !== 303) throw new Error(`sign-up: ${res.statusCode}`);
        known.push(email);
      }
      const samples: Record<Kind, number[]> = { known: [], unknown: [] };
      log(`${engine}: measuring`);
      for (let i = 0; i < total; i++) {
        const order: Kind[] = i % 2 === 0 ? ['known', 'unknown'] : ['unknown', 'known'];
        for (const kind of order) {
          const email = kind === 'known' ? (known[i] as string) : `bench.nobody.${i}@example.org`;
          const client = new TestClient(t.app);
          await client.get('/mot-de-passe-oublie');
          const start = performance.now();
          const res = await client.post('/mot-de-passe-oublie', { email });
          const ms = performance.now() - start;
          if (res.statusCode !== 303 && res.statusCode !== 200) {
            throw new Error(`forgotten password: ${res.statusCode}`);
          }
          if (i >= warmups) samples[kind].push(ms);
        }
      }
      const latency = { known: summarize(samples.known), unknown: summarize(samples.unknown) };
      const ratio = Math.round((latency.known.p50 / latency.unknown.p50) * 100) / 100;
      const met = ratio <= GOAL_RATIO && ratio >= 1 / GOAL_RATIO;
      results[engine] = {
        latencyMs: latency,
        goal: { what: `known p50 / unknown p50 within ${GOAL_RATIO}× either way`, ratio, met },
      };
      for (const kind of ['known', 'unknown'] as const) {
        const l = latency[kind];
        rows.push([engine, `${kind} address`, l.runs, l.p50, l.p95, l.max]);
      }
      rows.push([
        engine,
        `known / unknown (p50), goal within ${GOAL_RATIO}×: ${met ? 'met' : 'missed'}`,
        '',
        ratio,
        '',
        '',
      ]);
    } finally {
      await t.close();
    }
  }
  const file = await writeResults('account-forms', { machine: machine(), results });
  process.stdout.write(
    `${formatTable('Forgotten-password form (ms)', ['engine', 'address', 'runs', 'p50', 'p95', 'max'], rows)}\n`,
  );
  log(`written ${file}`);
}
