/**
 * The venue's booking engine under load (`npm run bench -- venue`).
 *
 * 1. Contention (the PostgreSQL server only, TEST_DATABASE_URL): two `totem serve` processes on
 *    one database; 200 booking requests for one slot of a capacity-1 room, then 100 for one day
 *    of capacity-20 coworking desks, all sent at once over HTTP, half to each process. Goals:
 *    exactly 1 × 201 and 199 × 409, exactly 20 × 201, never a 500. Reports each request's time
 *    (p50/p95, from sending to the whole answer) under that load.
 * 2. Availability: one space's month (`bookings.availability`) with BENCH_BOOKINGS (100 000)
 *    bookings in the database, the month measured fully booked. Goal: p95 under 20 ms. On each
 *    engine (PGlite; the server too when TEST_DATABASE_URL is set).
 *
 * Writes bench/results/venue.json (with the machine's load average). A goal missed is reported,
 * never an exit code.
 */
import { sql } from 'kysely';
import type { EngineKind } from '../src/db/engine.ts';
import {
  contentionSetup,
  countStatuses,
  fireBookings,
} from '../src/venue/booking-contention.testing.ts';
import { bookingsService } from '../src/venue/bookings.service.ts';
import { membershipsFrom, testSite, testSpace } from '../src/venue/bookings.testing.ts';
import { dayStart } from '../src/venue/venue-time.ts';
import { createEmptyServerDatabase, createTestDatabase } from '../test/support/engines.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { envInt, log, timed } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { measure, summarize } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

const AVAILABILITY_GOAL_MS = 20;

async function contention(rows: (string | number)[][]) {
  const database = await createEmptyServerDatabase();
  const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
  try {
    log('contention: two server processes');
    const setup = await contentionSetup(database.url);
    const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    const urls = servers.map((s) => s.url);
    // a first request each, so that neither process pays its warm-up in the figures
    for (const url of urls) await fetch(`${url}/api/v1/spaces`);
    const runs = [
      {
        name: 'slot, capacity 1',
        space: setup.room.id,
        body: setup.slot,
        count: 200,
        goal: { 201: 1, 409: 199 },
      },
      {
        name: 'day, capacity 20',
        space: setup.desks.id,
        body: { start: setup.day, end: setup.dayAfter },
        count: 100,
        goal: { 201: 20, 409: 80 },
      },
    ];
    const out: Record<string, unknown> = {};
    for (const run of runs) {
      log(`contention: ${run.count} requests, ${run.name}`);
      const { seconds, value: fired } = await timed(() =>
        fireBookings(urls, setup, run.space, run.body, run.count),
      );
      const counts = countStatuses(fired);
      const met = JSON.stringify(counts) === JSON.stringify(run.goal);
      const latency = summarize(fired.map((f) => f.ms));
      out[run.name] = {
        requests: run.count,
        counts,
        goal: run.goal,
        met,
        wallSeconds: seconds,
        latencyMs: latency,
      };
      rows.push([
        `${run.name}: ${run.count} at once`,
        Object.entries(counts)
          .map(([s, n]) => `${n}×${s}`)
          .join(' '),
        met ? 'met' : 'MISSED',
        latency.p50,
        latency.p95,
        latency.max,
      ]);
    }
    return out;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

/** 100 000 bookings over 40 rooms of capacity 1, back to back by 30 minutes from the month measured */
async function availability(engine: EngineKind, total: number, rows: (string | number)[][]) {
  const database = await createTestDatabase(engine);
  try {
    const db = database.db;
    const siteId = await testSite(db);
    const spaces: { id: string; slug: string }[] = [];
    for (let i = 0; i < 40; i++)
      spaces.push(await testSpace(db, siteId, { capacity: 1, slot_minutes: 30 }));
    const user = await db
      .insertInto('users')
      .values({ email: `bench.venue.${Date.now()}@example.org`, name: 'Bench' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const perSpace = Math.ceil(total / spaces.length);
    const from = dayStart('2027-03-01');
    log(`${engine}: inserting ${perSpace * spaces.length} bookings`);
    const { seconds } = await timed(async () => {
      for (const s of spaces) {
        await sql`
          INSERT INTO venue_bookings (space_id, user_id, during)
          SELECT ${s.id}::uuid, ${user.id}::uuid,
                 tstzrange(${from}::timestamptz + (i * interval '30 minutes'),
                           ${from}::timestamptz + ((i + 1) * interval '30 minutes'), '[)')
          FROM generate_series(0, ${perSpace - 1}::int) AS i`.execute(db);
      }
      await sql`ANALYZE venue_bookings`.execute(db);
    });
    const bookings = bookingsService(db, {
      membershipsOf: membershipsFrom(db),
      publicUrl: () => 'http://bench',
      clock: () => new Date('2027-02-01T00:00:00Z'),
    });
    const target = spaces[0]?.id ?? '';
    const month = await bookings.availability(target, '2027-03-01', '2027-04-01');
    const taken = month.days.flatMap((d) => d.slots).filter((s) => s.free === 0).length;
    const latency = await measure(() => bookings.availability(target, '2027-03-01', '2027-04-01'), {
      warmups: 20,
      runs: envInt('BENCH_RUNS', 200),
    });
    const met = latency.p95 < AVAILABILITY_GOAL_MS;
    rows.push([
      `${engine}: a month's availability, ${total} bookings`,
      `${taken} slots taken`,
      met ? 'met' : 'MISSED',
      latency.p50,
      latency.p95,
      latency.max,
    ]);
    return {
      bookings: perSpace * spaces.length,
      insertSeconds: seconds,
      slotsTakenInMonth: taken,
      latencyMs: latency,
      goal: { p95BelowMs: AVAILABILITY_GOAL_MS, met },
    };
  } finally {
    await database.close();
  }
}

export async function run(): Promise<void> {
  const total = envInt('BENCH_BOOKINGS', 100_000);
  const engines: EngineKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const rows: (string | number)[][] = [];
  const results: Record<string, unknown> = {};
  if (process.env.TEST_DATABASE_URL) results.contention = await contention(rows);
  else log('contention skipped: it needs the PostgreSQL server (TEST_DATABASE_URL)');
  for (const engine of engines)
    results[`availability_${engine}`] = await availability(engine, total, rows);
  const file = await writeResults('venue', { machine: machine(), results });
  process.stdout.write(
    `${formatTable('Venue bookings (ms)', ['what', 'outcome', 'goal', 'p50', 'p95', 'max'], rows)}\n`,
  );
  log(`written ${file}`);
}
