import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, EngineKind } from '../src/db/engine.ts';
import { organisationLinks } from '../src/directory/organisation-links.service.ts';
import type { AppError } from '../src/kernel/errors.ts';
import type { Actor } from '../src/kernel/policy.ts';
import { bookingsDemo } from '../src/venue/bookings.demo.ts';
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

/** the error a promise rejects with */
async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('not refused');
}

/** The booking engine's rules, conflicts and times, on each engine (service level). */
let database: Database;
let siteId = '';
let member: User;
let stranger: User;
let staff: User;
let orgId = '';
const clock = testClock('2027-01-04T08:00:00Z'); // a Monday, 09:00 in Paris
let bookings: ReturnType<typeof bookingsService>;

/** a fresh database and the people of these tests, for one describe block */
function setup(engine: EngineKind) {
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const db = database.db;
    siteId = await testSite(db);
    member = await person(db);
    stranger = await person(db);
    staff = await person(db, { role: 'staff' });
    orgId = (await buildOrganisation(db, { name: 'Membre du Totem' })).id;
    await joinOrganisation(db, member, orgId);
    bookings = bookingsService(db, {
      membershipsOf: membershipsFrom(db),
      publicUrl: () => 'http://totem.test',
      clock: clock.now,
    });
  });
  afterAll(async () => database?.close());
}

describe.each(engines())('booking a space: conflicts, capacity, rules (%s)', (engine) => {
  setup(engine);

  it('books a slot, allows the next one back to back, refuses an overlap naming the time taken, and frees it on cancel', async () => {
    const room = await testSpace(database.db, siteId);
    const first = await bookings.book(member, room.id, {
      day: '2027-01-05',
      start: '10:00',
      end: '11:00',
    });
    expect(first).toMatchObject({
      status: 'confirmed',
      startTime: '10:00',
      endTime: '11:00',
      day: '2027-01-05',
    });
    expect(first.start.toISOString()).toBe('2027-01-05T09:00:00.000Z');
    const next = await bookings.book(member, room.id, {
      day: '2027-01-05',
      start: '11:00',
      end: '12:00',
    });
    expect(next.status).toBe('confirmed');
    const overlap = await refused(
      bookings.book(staff, room.id, { day: '2027-01-05', start: '10:30', end: '11:30' }),
    );
    expect(overlap.code).toBe('BOOKING_CONFLICT');
    expect(overlap.status).toBe(409);
    expect(overlap.text('fr')).toContain('2027-01-05 10:00 – 2027-01-05 11:00');
    expect(overlap.text('en')).not.toContain('Personne');
    await bookings.cancel(member, first.id);
    const again = await bookings.book(staff, room.id, {
      day: '2027-01-05',
      start: '10:00',
      end: '11:00',
    });
    expect(again.status).toBe('confirmed');
    const grid = await bookings.availability(room.id, '2027-01-05', '2027-01-06');
    const slots = grid.days[0]?.slots ?? [];
    expect(slots).toHaveLength(24);
    expect(slots.filter((s) => s.free === 0).map((s) => s.start)).toEqual([
      '10:00',
      '10:30',
      '11:00',
      '11:30',
    ]);
  });

  it('never lets a day space of capacity 3 hold a fourth booking', async () => {
    const desks = await testSpace(database.db, siteId, { unit: 'day', capacity: 3 });
    const people = [member, staff, await person(database.db, { role: 'staff' })];
    for (const who of people) {
      await bookings.book(who, desks.id, { fromDay: '2027-01-06', toDay: '2027-01-08' });
    }
    const full = await refused(
      bookings.book(member, desks.id, { fromDay: '2027-01-07', toDay: '2027-01-08' }),
    );
    expect(full.code).toBe('SPACE_FULL');
    expect(full.status).toBe(409);
    const grid = await bookings.availability(desks.id, '2027-01-05', '2027-01-09');
    expect(grid.days.map((d) => d.free)).toEqual([3, 0, 0, 3]);
  });

  it('names the rule broken: hours, slots, lengths, notice, horizon, closings, who may book', async () => {
    const room = await testSpace(database.db, siteId, {
      max_length: 120,
      min_notice_minutes: 120,
      max_days_ahead: 30,
    });
    await database.db
      .insertInto('venue_closures')
      .values({
        site_id: siteId,
        space_id: room.id,
        starts_on: '2027-01-20',
        ends_on: '2027-01-21',
      })
      .execute();
    const code = async (input: { day: string; start: string; end: string }, who: User = member) =>
      (await refused(bookings.book(who, room.id, input))).code;
    expect(await code({ day: '2027-01-05', start: '07:00', end: '08:30' })).toBe(
      'BOOKING_RULE_OPENING_HOURS',
    );
    expect(await code({ day: '2027-01-05', start: '10:15', end: '11:00' })).toBe(
      'BOOKING_RULE_SLOT_ALIGNMENT',
    );
    expect(await code({ day: '2027-01-05', start: '10:00', end: '13:00' })).toBe(
      'BOOKING_RULE_MAX_LENGTH',
    );
    expect(await code({ day: '2027-01-04', start: '10:00', end: '11:00' })).toBe(
      'BOOKING_RULE_MIN_NOTICE',
    );
    expect(await code({ day: '2027-01-03', start: '10:00', end: '11:00' })).toBe(
      'BOOKING_RULE_IN_THE_PAST',
    );
    expect(await code({ day: '2027-03-01', start: '10:00', end: '11:00' })).toBe(
      'BOOKING_RULE_MAX_DAYS_AHEAD',
    );
    expect(await code({ day: '2027-01-20', start: '10:00', end: '11:00' })).toBe(
      'BOOKING_RULE_CLOSED_DAY',
    );
    expect(await code({ day: '2027-01-05', start: '11:00', end: '10:00' })).toBe(
      'BOOKING_BAD_TIME',
    );
    expect(await code({ day: '2027-02-30', start: '10:00', end: '11:00' })).toBe(
      'BOOKING_BAD_TIME',
    );
    expect(await code({ day: '2027-01-05', start: '10:00', end: '11:00' }, stranger)).toBe(
      'BOOKING_RULE_WHO_MAY_BOOK',
    );
    const staffOnly = await testSpace(database.db, siteId, { who_may_book: 'staff' });
    expect(
      (
        await refused(
          bookings.book(member, staffOnly.id, { day: '2027-01-05', start: '10:00', end: '11:00' }),
        )
      ).code,
    ).toBe('BOOKING_RULE_WHO_MAY_BOOK');
    expect(
      (
        await refused(
          bookings.book(member, '00000000-0000-0000-0000-000000000000', {
            day: '2027-01-05',
            start: '10:00',
            end: '11:00',
          }),
        )
      ).code,
    ).toBe('SPACE_NOT_FOUND');
  });

  it('takes a public request from a non-member as a request that holds nothing until staff confirm it', async () => {
    const hall = await testSpace(database.db, siteId, { who_may_book: 'public_request' });
    const asked = await bookings.book(stranger, hall.id, {
      day: '2027-01-05',
      start: '14:00',
      end: '15:00',
    });
    expect(asked.status).toBe('requested');
    const held = await bookings.book(member, hall.id, {
      day: '2027-01-05',
      start: '14:00',
      end: '15:00',
    });
    expect(held.status).toBe('confirmed');
    expect((await refused(bookings.confirm(staff, asked.id))).code).toBe('BOOKING_CONFLICT');
  });
});

describe.each(engines())('booking a space: Paris times, cut-off, moves (%s)', (engine) => {
  setup(engine);

  it('refuses 02:30 on the spring change, and reads 02:30 on the autumn change as the first', async () => {
    const night = await testSpace(database.db, siteId, { opens: '00:00', closes: '24:00' });
    const spring = await refused(
      bookings.book(member, night.id, { day: '2027-03-28', start: '02:30', end: '03:30' }),
    );
    expect(spring.code).toBe('NONEXISTENT_LOCAL_TIME');
    expect(spring.status).toBe(422);
    expect(spring.text('en')).toContain('2027-03-28 02:30 does not exist');
    const autumn = await bookings.book(member, night.id, {
      day: '2027-10-31',
      start: '02:30',
      end: '03:00',
    });
    expect(autumn.start.toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(autumn.end.toISOString()).toBe('2027-10-31T02:00:00.000Z');
    const grid = await bookings.availability(night.id, '2027-03-28', '2027-03-29');
    expect(grid.days[0]?.slots.map((s) => s.start)).not.toContain('02:30');
    // 48 half hours less 01:30–02:00, 02:00–02:30 and 02:30–03:00: an end or a start that does not exist
    expect(grid.days[0]?.slots).toHaveLength(45);
  });

  it('keeps the cut-off for the booker, not for staff', async () => {
    const room = await testSpace(database.db, siteId, { cancel_cutoff_minutes: 24 * 60 });
    const soon = await bookings.book(member, room.id, {
      day: '2027-01-04',
      start: '18:00',
      end: '19:00',
    });
    expect((await refused(bookings.cancel(member, soon.id))).code).toBe('CANCEL_TOO_LATE');
    expect(
      (
        await refused(
          bookings.change(member, soon.id, { day: '2027-01-06', start: '18:00', end: '19:00' }),
        )
      ).code,
    ).toBe('CANCEL_TOO_LATE');
    expect((await bookings.cancel(staff, soon.id)).status).toBe('cancelled');
    expect((await refused(bookings.cancel(stranger, soon.id))).code).toBe('BOOKING_NOT_FOUND');
  });

  it('moves a booking, refusing a move onto a taken time', async () => {
    const room = await testSpace(database.db, siteId);
    const a = await bookings.book(member, room.id, {
      day: '2027-01-08',
      start: '09:00',
      end: '10:00',
    });
    await bookings.book(staff, room.id, { day: '2027-01-08', start: '11:00', end: '12:00' });
    const moved = await bookings.change(member, a.id, {
      day: '2027-01-08',
      start: '09:30',
      end: '10:30',
    });
    expect(moved.startTime).toBe('09:30');
    expect(
      (
        await refused(
          bookings.change(member, a.id, { day: '2027-01-08', start: '10:30', end: '11:30' }),
        )
      ).code,
    ).toBe('BOOKING_CONFLICT');
    const mine = await bookings.mine(member);
    expect(mine.some((b) => b.id === a.id && b.startTime === '09:30')).toBe(true);
  });

  it('books a handful of demo times for demo organisations only, once', async () => {
    const db = database.db;
    await db
      .updateTable('venue_spaces')
      .set({ slug: 'salle-belledonne' })
      .where('id', '=', (await testSpace(db, siteId)).id)
      .execute();
    await db
      .updateTable('venue_spaces')
      .set({ slug: 'coworking' })
      .where('id', '=', (await testSpace(db, siteId, { unit: 'day', capacity: 24 })).id)
      .execute();
    const demoOrg = await buildOrganisation(db, { name: 'Démo SAS', demo: true });
    const people = {
      demoMember: async () => member.user.id,
      demoOrganisations: organisationLinks(db).demoOrganisations,
    };
    await bookingsDemo(db, people, new Date('2027-01-04T08:00:00Z'));
    await bookingsDemo(db, people, new Date('2027-01-04T08:00:00Z'));
    const rows = await db
      .selectFrom('venue_bookings')
      .select(['organisation_id', 'is_demo'])
      .where('is_demo', '=', true)
      .execute();
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.organisation_id))).toEqual(new Set([demoOrg.id]));
  });
});
