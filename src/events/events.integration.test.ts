import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, twoConnections } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import type { Database } from '../db/engine.ts';
import { parisTomorrow } from '../kernel/paris-time.ts';
import { bookingsError } from '../venue/bookings.errors.ts';
import { testSite, testSpace } from '../venue/bookings.testing.ts';
import { occupancyService } from '../venue/occupancy.service.ts';
import { eventsError } from './events.errors.ts';
import { eventsIcs } from './events.feeds.ts';
import { daysAhead, eventInput, eventsOn } from './events.testing.ts';
import { sendOneReminder } from './reminders.worker.ts';

const mails = (db: Database['db'], to: string) =>
  db.selectFrom('mail_queue').select(['subject', 'body']).where('to_address', '=', to).execute();

describe.each(engines())('events and their space, on %s', (engine) => {
  let database: Database;
  let space: { id: string; slug: string };
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const site = await testSite(database.db);
    space = await testSpace(database.db, site, { capacity: 40, slot_minutes: 60, max_length: 600 });
  });
  afterAll(async () => database?.close());

  it('books the space whole: an event cannot be placed over a booking, nor a booking over it', async () => {
    const { events, bookings } = eventsOn(database.db);
    const staff = await person(database.db, { role: 'staff' });
    const day = daysAhead(10);
    await bookings.book(staff, space.id, { day, start: '18:00', end: '19:00' });
    const refused = await events
      .create(staff, eventInput(space.slug, day))
      .catch((error: unknown) => error);
    expect(eventsError.is(refused, 'EVENT_SPACE_TAKEN')).toBe(true);
    const count = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);

    const other = daysAhead(11);
    const event = await events.create(staff, eventInput(space.slug, other));
    expect(event.booking_id).not.toBeNull();
    // a booking of one place of the space, within the event's time, is refused by the database
    const over = await bookings
      .book(staff, space.id, { day: other, start: '19:00', end: '20:00' })
      .catch((error: unknown) => error);
    expect(bookingsError.is(over, 'SPACE_FULL')).toBe(true);
    // and the availability shows no place left during it
    const free = await bookings.availability(space.id, other, daysAhead(12));
    const slot = free.days[0]?.slots?.find((s) => s.start === '18:00');
    expect(slot?.free).toBe(0);
  });

  it('refuses a capacity above the space’s, an unknown organiser and a bad time, field by field', async () => {
    const { events } = eventsOn(database.db);
    const staff = await person(database.db, { role: 'staff' });
    const error = await events
      .create(
        staff,
        eventInput(space.slug, daysAhead(12), { capacity: 41, organisers: ['Nulle Part SAS'] }),
      )
      .catch((e: unknown) => e);
    expect(eventsError.is(error, 'EVENT_INVALID')).toBe(true);
    expect((error as { fields?: Record<string, string> }).fields).toMatchObject({
      capacity: 'capacity_too_large',
      organisers: 'org_unknown',
    });
  });

  it('holds nothing for a member’s request until staff approve it', async () => {
    const member = await person(database.db);
    const staff = await person(database.db, { role: 'staff' });
    const staffRow = await database.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', staff.user?.id ?? '')
      .executeTakeFirstOrThrow();
    const { events } = eventsOn(database.db, {
      staff: async () => [{ email: staffRow.email, locale: 'fr' }],
    });
    const asked = await events.create(member, eventInput(space.slug, daysAhead(14)));
    expect(asked.status).toBe('requested');
    expect(asked.booking_id).toBeNull();
    // the team is told, with a link to the page where staff decide
    const told = await mails(database.db, staffRow.email);
    expect(told.map((m) => m.subject)).toContain('Proposition d’événement : Rencontre de test');
    expect(told.find((m) => m.subject.startsWith('Proposition'))?.body).toContain(
      'http://totem.test/admin/evenements',
    );
    const approved = await events.approve(staff, asked.id);
    expect(approved.status).toBe('published');
    expect(approved.booking_id).not.toBeNull();
    // the member is told either way, with the event's address when it is accepted
    const memberRow = await database.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', member.user?.id ?? '')
      .executeTakeFirstOrThrow();
    const accepted = (await mails(database.db, memberRow.email)).find((m) =>
      m.subject.startsWith('Événement accepté'),
    );
    expect(accepted?.body).toContain(`http://totem.test/agenda/${asked.slug}`);
    const other = await events.create(member, eventInput(space.slug, daysAhead(15)));
    await events.decline(staff, other.id);
    expect((await events.find(other.id)).status).toBe('declined');
    const subjects = (await mails(database.db, memberRow.email)).map((m) => m.subject);
    expect(subjects).toContain('Proposition d’événement non retenue : Rencontre de test');
  });
});

describe.each(engines())('an event’s space and time after it is made, on %s', (engine) => {
  let database: Database;
  let space: { id: string; slug: string };
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const site = await testSite(database.db);
    space = await testSpace(database.db, site, { capacity: 40, slot_minutes: 60, max_length: 600 });
  });
  afterAll(async () => database?.close());

  it('moves an event to another space or time in one transaction, or leaves it as it was', async () => {
    const { events, bookings } = eventsOn(database.db);
    const staff = await person(database.db, { role: 'staff' });
    const site = await database.db.selectFrom('venue_sites').select('id').executeTakeFirstOrThrow();
    const room = await testSpace(database.db, site.id, { capacity: 30, slot_minutes: 60 });
    const day = daysAhead(20);
    const event = await events.create(staff, eventInput(space.slug, day));
    const status = async (id: string | null) =>
      (
        await database.db
          .selectFrom('venue_bookings')
          .select('status')
          .where('id', '=', id ?? '')
          .executeTakeFirst()
      )?.status;
    // the other space is taken at that time: refused, and the event keeps its space and booking
    await bookings.book(staff, room.id, { day, start: '19:00', end: '20:00' });
    const input = { ...eventInput(room.slug, day), slug: event.slug };
    const refused = await events.update(staff, event.id, input).catch((error: unknown) => error);
    expect(eventsError.is(refused, 'EVENT_SPACE_TAKEN')).toBe(true);
    const kept = await database.db
      .selectFrom('events')
      .select(['space_id', 'booking_id'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ space_id: space.id, booking_id: event.booking_id });
    expect(await status(event.booking_id)).toBe('confirmed');
    // a free time there: booked whole in the new space, the old booking cancelled, together
    const later = { ...input, start: '14:00', end: '16:00' };
    const moved = await events.update(staff, event.id, later);
    expect(moved.space_id).toBe(room.id);
    expect(moved.booking_id).not.toBe(event.booking_id);
    expect(await status(event.booking_id)).toBe('cancelled');
    expect(await status(moved.booking_id)).toBe('confirmed');
    // a new time in the same space moves the booking and the event's times together
    const earlier = await events.update(staff, event.id, {
      ...later,
      start: '10:00',
      end: '12:00',
    });
    expect(earlier.booking_id).toBe(moved.booking_id);
    const booking = await database.db
      .selectFrom('venue_bookings')
      .select(['during'])
      .where('id', '=', moved.booking_id ?? '')
      .executeTakeFirstOrThrow();
    expect(String(booking.during)).toContain(earlier.starts_at.toISOString().slice(0, 10));
    expect(earlier.ends_at.getTime() - earlier.starts_at.getTime()).toBe(2 * 3_600_000);
  });

  it('counts an event as every place of its space in the venue’s occupancy', async () => {
    const { events } = eventsOn(database.db);
    const staff = await person(database.db, { role: 'staff' });
    const site = await database.db.selectFrom('venue_sites').select('id').executeTakeFirstOrThrow();
    const hall = await testSpace(database.db, site.id, { capacity: 25, slot_minutes: 60 });
    const day = daysAhead(30);
    await events.create(staff, eventInput(hall.slug, day, { start: '10:00', end: '12:00' }));
    const figures = await occupancyService(database.db).weekly(staff, day, 1);
    const week = figures.spaces.find((s) => s.space.id === hall.id)?.weeks[0];
    // two hours of all 25 places: 50 place-hours
    expect(week?.booked).toBe(50);
    expect(week?.rate).toBe(Math.round((100 * 50) / (week?.open ?? 1)));
  });
});

describe.each(engines())('registrations under contention, on %s', (engine) => {
  let handles: Awaited<ReturnType<typeof twoConnections>>;
  let spaceSlug: string;
  beforeAll(async () => {
    handles = await twoConnections(engine);
    const site = await testSite(handles.first.db);
    const s = await testSpace(handles.first.db, site, {
      capacity: 100,
      slot_minutes: 60,
      max_length: 600,
    });
    spaceSlug = s.slug;
  });
  afterAll(async () => handles?.close());

  it('registers exactly the capacity of 100 parallel registrations from two connections, the rest waiting', async () => {
    const one = eventsOn(handles.first.db);
    const two = eventsOn(handles.second.db);
    const staff = await person(handles.first.db, { role: 'staff' });
    const event = await one.events.create(
      staff,
      eventInput(spaceSlug, daysAhead(20), { capacity: 20 }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 === 0 ? one : two).registrations.register(
          event.id,
          { name: `Personne ${i}`, email: `personne.${i}@example.org` },
          { waitlist: true },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await handles.first.db
      .selectFrom('event_registrations')
      .select(['status', 'email'])
      .where('event_id', '=', event.id)
      .execute();
    expect(rows).toHaveLength(100);
    expect(rows.filter((r) => r.status === 'registered')).toHaveLength(20);
    expect(rows.filter((r) => r.status === 'waiting')).toHaveLength(80);
    // one mail each, in the registration's transaction
    const queued = await handles.first.db
      .selectFrom('mail_queue')
      .select('to_address')
      .where('to_address', 'like', 'personne.%@example.org')
      .execute();
    expect(queued).toHaveLength(100);
    const again = await one.events.get({ kind: 'visitor' }, event.id);
    expect(again.remaining).toBe(0);
  });

  it('refuses a full event without the waiting list, and the same address twice', async () => {
    const { events, registrations } = eventsOn(handles.first.db);
    const staff = await person(handles.first.db, { role: 'staff' });
    const event = await events.create(staff, eventInput(spaceSlug, daysAhead(21), { capacity: 1 }));
    await registrations.register(event.id, { name: 'Ada', email: 'ada@example.org' });
    const twice = await registrations
      .register(event.id, { name: 'Ada', email: 'ADA@example.org' }, { waitlist: true })
      .catch((e: unknown) => e);
    expect(eventsError.is(twice, 'EVENT_ALREADY_REGISTERED')).toBe(true);
    const full = await registrations
      .register(event.id, { name: 'Bob', email: 'bob@example.org' })
      .catch((e: unknown) => e);
    expect(eventsError.is(full, 'EVENT_FULL')).toBe(true);
    const bad = await registrations
      .register(event.id, { name: 'Eve', email: 'eve@@example' })
      .catch((e: unknown) => e);
    expect(eventsError.is(bad, 'EVENT_INVALID')).toBe(true);
  });

  it('promotes exactly the first person waiting when a registered person cancels by the link', async () => {
    const { events, registrations } = eventsOn(handles.first.db);
    const staff = await person(handles.first.db, { role: 'staff' });
    const event = await events.create(staff, eventInput(spaceSlug, daysAhead(22), { capacity: 2 }));
    const reg = (name: string) =>
      registrations.register(event.id, { name, email: `${name}@example.org` }, { waitlist: true });
    const first = await reg('ana');
    await reg('ben');
    const waiting1 = await reg('cyd');
    const waiting2 = await reg('dan');
    expect(waiting1.registration.status).toBe('waiting');
    // a waiting person leaving promotes nobody
    const left = await registrations.cancel(waiting2.token);
    expect(left.promoted).toBeNull();
    const done = await registrations.cancel(first.token, event.id);
    expect(done.promoted?.email).toBe('cyd@example.org');
    const statuses = await handles.first.db
      .selectFrom('event_registrations')
      .select(['email', 'status'])
      .where('event_id', '=', event.id)
      .orderBy('email')
      .execute();
    expect(statuses.map((r) => `${r.email}:${r.status}`)).toEqual([
      'ana@example.org:cancelled',
      'ben@example.org:registered',
      'cyd@example.org:registered',
      'dan@example.org:cancelled',
    ]);
    const toCyd = await mails(handles.first.db, 'cyd@example.org');
    expect(toCyd.map((m) => m.subject)).toEqual([
      'Liste d’attente : Rencontre de test',
      'Une place s’est libérée : Rencontre de test',
    ]);
    // the link works once
    const reused = await registrations.cancel(first.token).catch((e: unknown) => e);
    expect(eventsError.is(reused, 'EVENT_REGISTRATION_NOT_FOUND')).toBe(true);
  });

  it('sends each reminder once, the day before, with two workers', async () => {
    const { events, registrations } = eventsOn(handles.first.db);
    const staff = await person(handles.first.db, { role: 'staff' });
    const day = daysAhead(40);
    const event = await events.create(staff, eventInput(spaceSlug, day, { capacity: 30 }));
    for (let i = 0; i < 12; i++) {
      await registrations.register(event.id, { name: `R${i}`, email: `rappel.${i}@example.org` });
    }
    // the day before the event, late morning in Paris; two days before, nothing is due
    const eve = new Date(`${daysAhead(39)}T10:00:00Z`);
    const early = new Date(`${daysAhead(38)}T10:00:00Z`);
    expect(parisTomorrow(eve).from.getTime()).toBeLessThan(event.starts_at.getTime());
    expect(await sendOneReminder(handles.first.db, early, () => 'http://totem.test')).toBeNull();
    const worker = async (db: Database['db']) => {
      let sent = 0;
      while ((await sendOneReminder(db, eve, () => 'http://totem.test')) !== null) sent++;
      return sent;
    };
    const [a, b] = await Promise.all([worker(handles.first.db), worker(handles.second.db)]);
    expect(a + b).toBe(12);
    const reminders = await handles.first.db
      .selectFrom('mail_queue')
      .select('to_address')
      .where('subject', '=', 'Demain : Rencontre de test')
      .execute();
    expect(reminders).toHaveLength(12);
    expect(new Set(reminders.map((r) => r.to_address)).size).toBe(12);
    expect(await worker(handles.second.db)).toBe(0);
  });
});

describe.each(engines())('the agenda as iCalendar, on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database?.close());

  it('parses with a real parser, with Paris times right on both sides of each change of time', async () => {
    const site = await testSite(database.db);
    const s = await testSpace(database.db, site, {
      capacity: 10,
      slot_minutes: 60,
      max_length: 600,
    });
    const { events } = eventsOn(database.db);
    const staff = await person(database.db, { role: 'staff' });
    const days = ['2027-03-27', '2027-03-28', '2027-10-30', '2027-10-31'];
    for (const day of days) {
      await events.create(
        staff,
        eventInput(s.slug, day, {
          capacity: 5,
          start: '10:00',
          end: '12:00',
          title_fr: `Le ${day}, avec ; et , et \\`,
        }),
      );
    }
    const list = await events.list({ from: new Date('2027-03-01T00:00:00Z') });
    const ics = eventsIcs({ locale: 'fr', title: 'Agenda', publicUrl: 'http://totem.test' }, list);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const parsed = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const byDay = new Map(parsed.map((e) => [e.summary.slice(3, 13), e]));
    const utc = (day: string) => byDay.get(day)?.startDate.toJSDate().toISOString();
    // winter (UTC+1) the day before the spring change, summer (UTC+2) on it, and back in October
    expect(utc('2027-03-27')).toBe('2027-03-27T09:00:00.000Z');
    expect(utc('2027-03-28')).toBe('2027-03-28T08:00:00.000Z');
    expect(utc('2027-10-30')).toBe('2027-10-30T08:00:00.000Z');
    expect(utc('2027-10-31')).toBe('2027-10-31T09:00:00.000Z');
    expect(byDay.get('2027-03-28')?.endDate.toJSDate().toISOString()).toBe(
      '2027-03-28T10:00:00.000Z',
    );
    // text escaped and read back as typed
    expect(byDay.get('2027-03-28')?.summary).toBe('Le 2027-03-28, avec ; et , et \\');
  });
});
