import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ContentionSetup,
  contentionSetup,
  countStatuses,
  fireBookings,
} from '../src/venue/booking-contention.testing.ts';
import { createEmptyServerDatabase } from './support/engines.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * The database's guarantees as Totem runs: two server processes on one PostgreSQL database, many
 * requests for the same time at once, half through each process. Counts, never times.
 */
describe.skipIf(!serverUrl)('bookings sent at once to two server processes', () => {
  let database: { url: string; drop: () => Promise<void> };
  const servers: ServerProcess[] = [];
  let setup: ContentionSetup;

  beforeAll(async () => {
    database = await createEmptyServerDatabase();
    setup = await contentionSetup(database.url);
    const env = { DATABASE_URL: database.url };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it('gives one slot of a capacity-1 room to exactly one of 200 requests; the others get 409', async () => {
    const fired = await fireBookings(
      servers.map((s) => s.url),
      setup,
      setup.room.id,
      setup.slot,
      200,
    );
    expect(countStatuses(fired)).toEqual({ 201: 1, 409: 199 });
    expect(new Set(fired.filter((f) => f.status === 409).map((f) => f.code))).toEqual(
      new Set(['BOOKING_CONFLICT']),
    );
  }, 120_000);

  it('gives a capacity-20 coworking day to exactly 20 of 100 requests; the others get SPACE_FULL', async () => {
    const fired = await fireBookings(
      servers.map((s) => s.url),
      setup,
      setup.desks.id,
      { start: setup.day, end: setup.dayAfter },
      100,
    );
    expect(countStatuses(fired)).toEqual({ 201: 20, 409: 80 });
    expect(new Set(fired.filter((f) => f.status === 409).map((f) => f.code))).toEqual(
      new Set(['SPACE_FULL']),
    );
  }, 120_000);
});
