import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../src/kernel/errors.ts';
import type { Actor } from '../src/kernel/policy.ts';
import { bookingsService } from '../src/venue/bookings.service.ts';
import {
  joinOrganisation,
  membershipsFrom,
  testClock,
  testSite,
  testSpace,
} from '../src/venue/bookings.testing.ts';
import { startCheckinWorker } from '../src/venue/checkin.worker.ts';
import { engines, twoConnections } from './support/engines.ts';
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

const quiet = { error() {} };

/**
 * A waitlist offer holds the time it offers until it is accepted, declined or expires: another
 * member (through another connection too) is refused it meanwhile; accepting books it; an expired
 * or declined offer frees it and passes it to the next member waiting.
 */
describe.each(engines())('the waitlist’s offers hold their time (%s)', (engine) => {
  let dbs: Awaited<ReturnType<typeof twoConnections>>;
  let siteId = '';
  const people: User[] = [];
  const clock = testClock('2027-10-01T08:00:00Z');
  let first: ReturnType<typeof bookingsService>;
  let second: ReturnType<typeof bookingsService>;
  const slot = { day: '2027-10-12', start: '10:00', end: '11:00' };

  beforeAll(async () => {
    dbs = await twoConnections(engine);
    const db = dbs.first.db;
    siteId = await testSite(db);
    const org = (await buildOrganisation(db, { name: 'Liste d’attente' })).id;
    for (let i = 0; i < 4; i++) {
      const p = await person(db);
      await joinOrganisation(db, p, org);
      people.push(p);
    }
    const deps = { publicUrl: () => 'http://totem.test', clock: clock.now };
    first = bookingsService(db, { ...deps, membershipsOf: membershipsFrom(db) });
    second = bookingsService(dbs.second.db, { ...deps, membershipsOf: membershipsFrom(db) });
  });
  afterAll(async () => dbs?.close());

  const heldRows = async (spaceId: string) =>
    dbs.first.db
      .selectFrom('venue_bookings')
      .select(['user_id'])
      .where('space_id', '=', spaceId)
      .where('status', '=', 'held')
      .execute();

  it('keeps the time for the member offered it; accepting turns the hold into the booking', async () => {
    const [a, b, c] = people as [User, User, User];
    clock.set('2027-10-01T08:00:00Z');
    const room = await testSpace(dbs.first.db, siteId);
    const booked = await first.book(a, room.id, slot);
    const waiting = await first.waitlist.join(b, room.id, slot);
    await first.cancel(a, booked.id);
    expect(await heldRows(room.id)).toEqual([{ user_id: b.user.id }]);
    // nobody else has it meanwhile, from either connection; the grid shows it taken
    expect((await refused(second.book(c, room.id, slot))).code).toBe('BOOKING_CONFLICT');
    expect((await refused(first.book(a, room.id, slot))).code).toBe('BOOKING_CONFLICT');
    const grid = await first.availability(room.id, slot.day, '2027-10-13');
    const ten = grid.days[0]?.slots.find((s) => s.start === '10:00');
    expect(ten?.free).toBe(0);
    // the member offered it does not see the hold as a booking of theirs
    expect(await first.mine(b)).toEqual([]);

    const accepted = await first.waitlist.accept(b, waiting.id);
    expect(accepted).toMatchObject({ status: 'confirmed', startTime: '10:00', endTime: '11:00' });
    expect(await heldRows(room.id)).toEqual([]);
    const entry = await dbs.first.db
      .selectFrom('venue_waitlist')
      .select(['status', 'booking_id'])
      .where('id', '=', waiting.id)
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ status: 'accepted', booking_id: accepted.id });
    expect((await first.mine(b)).map((x) => x.id)).toEqual([accepted.id]);
  });

  it('lets an expired offer go to the next member waiting, and a declined one to anyone', async () => {
    const [a, b, c, d] = people as [User, User, User, User];
    clock.set('2027-10-01T08:00:00Z');
    const room = await testSpace(dbs.first.db, siteId, { waitlist_offer_minutes: 30 });
    const booked = await first.book(a, room.id, slot);
    const firstWait = await first.waitlist.join(b, room.id, slot);
    const nextWait = await first.waitlist.join(c, room.id, slot);
    await first.cancel(a, booked.id);
    expect(await heldRows(room.id)).toEqual([{ user_id: b.user.id }]);

    clock.set('2027-10-01T08:31:00Z');
    const worker = startCheckinWorker(dbs.second.db, quiet, {
      publicUrl: () => 'http://totem.test',
      clock: clock.now,
      start: 'never',
    });
    expect(await worker.drain()).toContainEqual({ expired: firstWait.id, offeredTo: c.user.id });
    await worker.stop();
    // the time is now held for the next member: still not free for others
    expect(await heldRows(room.id)).toEqual([{ user_id: c.user.id }]);
    expect((await refused(first.book(d, room.id, slot))).code).toBe('BOOKING_CONFLICT');
    expect((await refused(first.waitlist.accept(b, firstWait.id))).code).toBe(
      'WAITLIST_OFFER_EXPIRED',
    );

    // declined: nobody else waits, so the time is free for anyone
    await first.waitlist.leave(c, nextWait.id);
    expect(await heldRows(room.id)).toEqual([]);
    expect(await first.waitlist.mine(c)).toEqual([]);
    const mine = await second.book(d, room.id, slot);
    expect(mine.status).toBe('confirmed');
  });

  it('holds a place of a space of several the same way (the capacity trigger counts it)', async () => {
    const [a, b, c, d] = people as [User, User, User, User];
    clock.set('2027-10-01T08:00:00Z');
    const desks = await testSpace(dbs.first.db, siteId, { unit: 'day', capacity: 2 });
    const day = { fromDay: '2027-10-13', toDay: '2027-10-14' };
    const one = await first.book(a, desks.id, day);
    await first.book(b, desks.id, day);
    const waiting = await first.waitlist.join(c, desks.id, day);
    await first.cancel(a, one.id);
    expect((await refused(second.book(d, desks.id, day))).code).toBe('SPACE_FULL');
    expect((await first.waitlist.accept(c, waiting.id)).status).toBe('confirmed');
    expect(await heldRows(desks.id)).toEqual([]);
  });

  it('leaves a waitlist that was not offered yet', async () => {
    const [a, b] = people as [User, User];
    clock.set('2027-10-01T08:00:00Z');
    const room = await testSpace(dbs.first.db, siteId);
    const booked = await first.book(a, room.id, { ...slot, day: '2027-10-14' });
    const waiting = await first.waitlist.join(b, room.id, { ...slot, day: '2027-10-14' });
    await first.waitlist.leave(b, waiting.id);
    expect(await first.waitlist.mine(b)).toEqual([]);
    await first.cancel(a, booked.id);
    expect(await heldRows(room.id)).toEqual([]);
    expect((await refused(first.waitlist.leave(b, waiting.id))).code).toBe('WAITLIST_NOT_FOUND');
  });
});
