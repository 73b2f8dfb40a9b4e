import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineKind } from '../src/db/engine.ts';
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

/** Series, allowances, the release of no-shows by two workers, and the waitlist (service level). */
let dbs: Awaited<ReturnType<typeof twoConnections>>;
let siteId = '';
let member: User;
let other: User;
let staff: User;
let orgId = '';
const clock = testClock('2027-10-01T08:00:00Z');
let bookings: ReturnType<typeof bookingsService>;

/** a fresh database and the people of these tests, for one describe block */
function setup(engine: EngineKind) {
  beforeAll(async () => {
    clock.set('2027-10-01T08:00:00Z');
    dbs = await twoConnections(engine);
    const db = dbs.first.db;
    siteId = await testSite(db, { coworking: 3, meeting: 2 });
    member = await person(db);
    other = await person(db, { locale: 'en' });
    staff = await person(db, { role: 'staff' });
    orgId = (await buildOrganisation(db, { name: 'Forfait Totem' })).id;
    await joinOrganisation(db, member, orgId);
    await joinOrganisation(db, staff, orgId);
    const org2 = (await buildOrganisation(db, { name: 'Autre membre' })).id;
    await joinOrganisation(db, other, org2);
    bookings = bookingsService(db, {
      membershipsOf: membershipsFrom(db),
      publicUrl: () => 'http://totem.test',
      clock: clock.now,
    });
  });
  afterAll(async () => dbs?.close());
}

describe.each(engines())('recurring bookings across the changes of time (%s)', (engine) => {
  setup(engine);

  it('keeps a weekly 09:00 at 09:00 in Paris across the autumn and spring changes, with a report per occurrence', async () => {
    const room = await testSpace(dbs.first.db, siteId);
    const blocker = await bookings.book(other, room.id, {
      day: '2027-11-08',
      start: '09:30',
      end: '10:00',
    });
    const input = {
      frequency: 'weekly' as const,
      weekdays: [1],
      firstDay: '2027-10-18',
      start: '09:00',
      end: '10:00',
      count: 4,
    };
    const preview = await bookings.bookRecurring(member, room.id, { ...input, mode: 'preview' });
    expect(preview.occurrences.map((o) => [o.day, o.outcome])).toEqual([
      ['2027-10-18', 'free'],
      ['2027-10-25', 'free'],
      ['2027-11-01', 'free'],
      ['2027-11-08', 'conflict'],
    ]);
    expect(preview.occurrences[3]?.message?.fr).toContain('2027-11-08 09:30 – 2027-11-08 10:00');
    // 09:00 in Paris is 07:00 UTC in summer time, 08:00 UTC after the last Sunday of October
    expect(preview.occurrences.map((o) => o.start?.toISOString().slice(11, 16))).toEqual([
      '07:00',
      '07:00',
      '08:00',
      '08:00',
    ]);
    const none = await bookings.bookRecurring(member, room.id, { ...input, mode: 'all_or_none' });
    expect(none).toMatchObject({ booked: 0, refused: 1, seriesId: null });
    expect((await bookings.mine(member)).filter((b) => b.spaceId === room.id)).toHaveLength(0);
    const some = await bookings.bookRecurring(member, room.id, { ...input, mode: 'free_only' });
    expect(some.booked).toBe(3);
    expect(some.seriesId).not.toBeNull();
    await bookings.cancel(other, blocker.id);
    const spring = await bookings.bookRecurring(member, room.id, {
      ...input,
      firstDay: '2028-03-20',
      count: 3,
      mode: 'free_only',
    });
    expect(spring.occurrences.map((o) => o.start?.toISOString().slice(11, 16))).toEqual([
      '08:00',
      '07:00',
      '07:00',
    ]);
    expect(spring.booked).toBe(3);
    const mine = (await bookings.mine(member)).filter((b) => b.spaceId === room.id);
    expect(new Set(mine.map((b) => b.startTime))).toEqual(new Set(['09:00']));
    const invalid = await refused(
      bookings.bookRecurring(member, room.id, { ...input, count: 500, mode: 'preview' }),
    );
    expect(invalid.code).toBe('RECURRENCE_INVALID');
  });
});

describe.each(engines())('monthly allowances (%s)', (engine) => {
  setup(engine);

  it('draws on the organisation’s monthly allowance, refuses past it saying what is left, and lets staff override with a reason', async () => {
    const room = await testSpace(dbs.first.db, siteId, { allowance: 'meeting_hours' });
    await bookings.book(member, room.id, { day: '2027-10-05', start: '10:00', end: '11:00' });
    await bookings.book(member, room.id, { day: '2027-10-06', start: '10:00', end: '10:30' });
    const past = await refused(
      bookings.book(member, room.id, { day: '2027-10-07', start: '10:00', end: '11:00' }),
    );
    expect(past.code).toBe('ALLOWANCE_EXHAUSTED');
    expect(past.status).toBe(422);
    expect(past.text('en')).toContain('0.5 meeting-room hour(s) left of 2 in 2027-10');
    const left = await bookings.allowances(member, '2027-10');
    expect(left.find((a) => a.kind === 'meeting_hours')).toMatchObject({
      allowance: 2,
      used: 1.5,
      left: 0.5,
    });
    // another month has its own allowance
    await bookings.book(member, room.id, { day: '2027-11-05', start: '10:00', end: '11:00' });
    const override = await bookings.book(staff, room.id, {
      day: '2027-10-07',
      start: '10:00',
      end: '11:00',
      overrideReason: 'Réunion du conseil',
    });
    const row = await dbs.first.db
      .selectFrom('venue_bookings')
      .select(['allowance_override_by', 'allowance_override_reason'])
      .where('id', '=', override.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      allowance_override_by: staff.user.id,
      allowance_override_reason: 'Réunion du conseil',
    });
    const audit = await dbs.first.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', override.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['allowance_overridden']);
    const usage = await bookings.usage('2027-10');
    expect(
      usage.find((u) => u.organisationId === orgId && u.kind === 'meeting_hours'),
    ).toMatchObject({
      used: 2.5,
      allowance: 2,
      left: 0,
    });
  });

  it('never lets two concurrent bookings together pass an allowance', async () => {
    const desks = await testSpace(dbs.first.db, siteId, {
      unit: 'day',
      capacity: 20,
      allowance: 'coworking_days',
    });
    const second = bookingsService(dbs.second.db, {
      membershipsOf: membershipsFrom(dbs.second.db),
      publicUrl: () => 'http://totem.test',
      clock: clock.now,
    });
    const days = [
      '2027-12-01',
      '2027-12-02',
      '2027-12-03',
      '2027-12-06',
      '2027-12-07',
      '2027-12-08',
    ];
    const outcomes = await Promise.allSettled(
      days.map((day, i) =>
        (i % 2 ? second : bookings).book(member, desks.id, {
          fromDay: day,
          toDay: `${day.slice(0, 8)}${String(Number(day.slice(8)) + 1).padStart(2, '0')}`,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect((o.reason as AppError).code).toBe('ALLOWANCE_EXHAUSTED');
    }
  });
});

describe.each(engines())('no-shows released and the waitlist (%s)', (engine) => {
  setup(engine);

  it('releases a booking not checked in, once, with two workers at once, and offers it to the first waiting', async () => {
    const room = await testSpace(dbs.first.db, siteId, { checkin_grace_minutes: 15, capacity: 1 });
    clock.set('2027-10-04T07:00:00Z');
    const noShow = await bookings.book(member, room.id, {
      day: '2027-10-04',
      start: '10:00',
      end: '12:00',
    });
    const came = await bookings.book(member, room.id, {
      day: '2027-10-04',
      start: '13:00',
      end: '14:00',
    });
    const waiting = await bookings.waitlist.join(other, room.id, {
      day: '2027-10-04',
      start: '11:00',
      end: '12:00',
    });
    expect(
      (
        await refused(
          bookings.waitlist.join(other, room.id, {
            day: '2027-10-04',
            start: '11:00',
            end: '12:00',
          }),
        )
      ).code,
    ).toBe('WAITLIST_ALREADY');
    expect(
      (
        await refused(
          bookings.waitlist.join(other, room.id, {
            day: '2027-10-04',
            start: '15:00',
            end: '16:00',
          }),
        )
      ).code,
    ).toBe('WAITLIST_SLOT_FREE');
    clock.set('2027-10-04T11:00:00Z'); // 13:00 in Paris
    await bookings.checkIn(member, came.id);
    clock.set('2027-10-04T08:20:00Z'); // 10:20 in Paris: the no-show is 20 minutes late
    const workers = [dbs.first.db, dbs.second.db].map((db) =>
      startCheckinWorker(db, quiet, {
        publicUrl: () => 'http://totem.test',
        clock: clock.now,
        start: 'never',
      }),
    );
    const rounds = await Promise.all(workers.map((w) => w.drain()));
    const released = rounds.flat().filter((r) => 'released' in r);
    expect(released).toEqual([{ released: noShow.id, offeredTo: other.user.id }]);
    const statuses = await dbs.first.db
      .selectFrom('venue_bookings')
      .select(['id', 'status'])
      .where('id', 'in', [noShow.id, came.id])
      .execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [noShow.id]: 'released',
      [came.id]: 'confirmed',
    });
    const mail = await dbs.first.db
      .selectFrom('mail_queue')
      .select(['subject', 'body'])
      .where('to_address', '=', other.user.email)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain('A place is free');
    // the page of "my bookings" (named in English once the app has registered its addresses)
    expect(mail[0]?.body).toMatch(
      new RegExp(`/en/(lieu/reservations|venue/bookings)#attente-${waiting.id}`),
    );
    expect(mail[0]?.body).toContain('it is kept for you');
    const accepted = await bookings.waitlist.accept(other, waiting.id);
    expect(accepted).toMatchObject({ status: 'confirmed', startTime: '11:00', endTime: '12:00' });
    await Promise.all(workers.map((w) => w.stop()));
  });

  it('passes an expired offer to the next member waiting', async () => {
    const room = await testSpace(dbs.first.db, siteId, { waitlist_offer_minutes: 30 });
    clock.set('2027-10-01T08:00:00Z');
    const third = await person(dbs.first.db);
    await joinOrganisation(dbs.first.db, third, orgId);
    const held = await bookings.book(member, room.id, {
      day: '2027-10-12',
      start: '10:00',
      end: '11:00',
    });
    const first = await bookings.waitlist.join(other, room.id, {
      day: '2027-10-12',
      start: '10:00',
      end: '11:00',
    });
    const second = await bookings.waitlist.join(third, room.id, {
      day: '2027-10-12',
      start: '10:00',
      end: '11:00',
    });
    await bookings.cancel(member, held.id);
    expect((await bookings.waitlist.mine(other)).map((w) => w.status)).toEqual(['offered']);
    clock.set('2027-10-01T08:31:00Z');
    expect((await refused(bookings.waitlist.accept(other, first.id))).code).toBe(
      'WAITLIST_OFFER_EXPIRED',
    );
    const worker = startCheckinWorker(dbs.first.db, quiet, {
      publicUrl: () => 'http://totem.test',
      clock: clock.now,
      start: 'never',
    });
    const done = await worker.drain();
    expect(done).toContainEqual({ expired: first.id, offeredTo: third.user.id });
    const booked = await bookings.waitlist.accept(third, second.id);
    expect(booked.status).toBe('confirmed');
    await worker.stop();
  });
});
