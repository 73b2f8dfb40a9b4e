import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/engine.ts';
import type { AppError } from '../src/kernel/errors.ts';
import type { Actor } from '../src/kernel/policy.ts';
import { monthsOf } from '../src/venue/allowances.ts';
import { bookingsService } from '../src/venue/bookings.service.ts';
import {
  joinOrganisation,
  membershipsFrom,
  testClock,
  testSite,
  testSpace,
} from '../src/venue/bookings.testing.ts';
import { createTestDatabase, engines } from './support/engines.ts';
import { buildOrganisation, person } from './support/factories.ts';

type User = Actor & { kind: 'user' };

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('not refused');
}

it('names the Paris months a time touches', () => {
  const at = (iso: string) => new Date(iso);
  expect(monthsOf(at('2027-10-28T22:00:00Z'), at('2027-11-02T23:00:00Z'))).toEqual([
    '2027-10',
    '2027-11',
  ]);
  // the end is excluded: up to local midnight of 1 November stays in October
  expect(monthsOf(at('2027-10-29T22:00:00Z'), at('2027-10-31T23:00:00Z'))).toEqual(['2027-10']);
  expect(monthsOf(at('2027-12-30T23:00:00Z'), at('2028-01-02T23:00:00Z'))).toEqual([
    '2027-12',
    '2028-01',
  ]);
});

/** A booking of several days across the end of a month draws each day on its own month. */
describe.each(engines())('allowances across two months (%s)', (engine) => {
  let database: Database;
  let member: User;
  let bookings: ReturnType<typeof bookingsService>;
  let desks = { id: '' };
  const clock = testClock('2027-10-01T08:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const db = database.db;
    const siteId = await testSite(db, { coworking: 3 });
    desks = await testSpace(db, siteId, {
      unit: 'day',
      capacity: 10,
      max_length: 10,
      allowance: 'coworking_days',
    });
    member = await person(db);
    await joinOrganisation(db, member, (await buildOrganisation(db, { name: 'Deux mois' })).id);
    bookings = bookingsService(db, {
      membershipsOf: membershipsFrom(db),
      publicUrl: () => 'http://totem.test',
      clock: clock.now,
    });
  });
  afterAll(async () => database?.close());

  const left = async (month: string) =>
    (await bookings.allowances(member, month)).find((a) => a.kind === 'coworking_days');

  it('draws 29–31 October on October and 1–2 November on November', async () => {
    // five days, three a month allowed: by its start month alone it would be refused
    const booked = await bookings.book(member, desks.id, {
      fromDay: '2027-10-29',
      toDay: '2027-11-03',
    });
    expect(booked.status).toBe('confirmed');
    expect(await left('2027-10')).toMatchObject({ used: 3, left: 0, allowance: 3 });
    expect(await left('2027-11')).toMatchObject({ used: 2, left: 1 });
    // October is used up; November has one day left
    const october = await refused(
      bookings.book(member, desks.id, { fromDay: '2027-10-27', toDay: '2027-10-28' }),
    );
    expect(october.code).toBe('ALLOWANCE_EXHAUSTED');
    expect(october.message).toContain('2027-10');
    await bookings.book(member, desks.id, { fromDay: '2027-11-05', toDay: '2027-11-06' });
    const november = await refused(
      bookings.book(member, desks.id, { fromDay: '2027-11-08', toDay: '2027-11-09' }),
    );
    expect(november.code).toBe('ALLOWANCE_EXHAUSTED');
    expect(november.message).toContain('2027-11');
    // the export counts each month's part
    const usage = await bookings.usage('2027-11');
    expect(usage.find((u) => u.kind === 'coworking_days')).toMatchObject({ used: 3 });
  });
});
