import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokensService } from '../src/accounts/api-tokens.service.ts';
import type { EngineKind } from '../src/db/engine.ts';
import type { Actor } from '../src/kernel/policy.ts';
import { bookingsService } from '../src/venue/bookings.service.ts';
import {
  joinOrganisation,
  membershipsFrom,
  testSite,
  testSpace,
} from '../src/venue/bookings.testing.ts';
import { addDays, localInstant, parisDay } from '../src/venue/venue-time.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { engines } from './support/engines.ts';
import { buildOrganisation, person } from './support/factories.ts';

type User = Actor & { kind: 'user' };

/** The venue's API and calendars through the whole server: answers, bad input, feeds. */
let t: TestApp;
let member: User;
let staff: User;
let token = '';
let staffToken = '';
let room: { id: string; slug: string };
let desks: { id: string; slug: string };
const day = addDays(parisDay(new Date()), 3);

const at = (hhmm: string) => {
  const r = localInstant(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
  if (!r.ok) throw new Error('no such time');
  return r.instant.toISOString();
};

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, secret = token) =>
  t.app.inject({
    method,
    url,
    payload,
    headers: {
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      'accept-language': 'en',
    },
  });

/** a fresh database and the people of these tests, for one describe block */
function setup(engine: EngineKind) {
  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const siteId = await testSite(db);
    room = await testSpace(db, siteId, { slot_minutes: 30 });
    desks = await testSpace(db, siteId, { unit: 'day', capacity: 2 });
    member = await person(db);
    staff = await person(db, { role: 'staff' });
    await joinOrganisation(db, member, (await buildOrganisation(db, { name: 'API Membre' })).id);
    token = (await apiTokensService(db).create(member.user.id, 'venue')).secret;
    staffToken = (await apiTokensService(db).create(staff.user.id, 'venue')).secret;
  });
  afterAll(async () => t?.close());
}

describe.each(engines())('the venue API (%s)', (engine) => {
  setup(engine);

  it('lists spaces with their unit and rules, and their availability', async () => {
    const list = await call('GET', '/api/v1/spaces', undefined, '');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ id: room.id, unit: 'slot', slot_minutes: 30, capacity: 1 }),
    );
    const grid = await call(
      'GET',
      `/api/v1/spaces/${room.id}/availability?from=${day}&to=${addDays(day, 1)}`,
      undefined,
      '',
    );
    expect(grid.statusCode).toBe(200);
    expect(grid.json().days[0].slots[0]).toMatchObject({
      local_start: '08:00',
      local_end: '08:30',
      free: 1,
    });
    const byDay = await call(
      'GET',
      `/api/v1/spaces/${desks.slug}/availability?from=${day}&to=${addDays(day, 2)}`,
    );
    expect(byDay.json().days.map((d: { free: number }) => d.free)).toEqual([2, 2]);
  });

  it('books by instants, answers 409 naming the time taken, 422 naming the rule, and cancels', async () => {
    const made = await call('POST', `/api/v1/spaces/${room.id}/bookings`, {
      start: at('10:00'),
      end: at('11:00'),
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toEqual({
      id: expect.any(String),
      start: at('10:00'),
      end: at('11:00'),
      status: 'confirmed',
    });
    const backToBack = await call('POST', `/api/v1/spaces/${room.id}/bookings`, {
      start: `${day}T11:00`,
      end: `${day}T11:30`,
    });
    expect(backToBack.statusCode).toBe(201);
    const clash = await call(
      'POST',
      `/api/v1/spaces/${room.id}/bookings`,
      { start: at('10:30'), end: at('11:30') },
      staffToken,
    );
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('BOOKING_CONFLICT');
    expect(clash.json().error.message).toContain(`${day} 10:00 – ${day} 11:00 (Paris time)`);
    const rule = await call('POST', `/api/v1/spaces/${room.id}/bookings`, {
      start: at('10:15'),
      end: at('12:00'),
    });
    expect(rule.statusCode).toBe(422);
    expect(rule.json().error).toMatchObject({
      code: 'BOOKING_RULE_SLOT_ALIGNMENT',
      rule: 'slot_alignment',
    });
    const seen = await call(
      'GET',
      `/api/v1/spaces/${room.id}/bookings?from=${day}&to=${addDays(day, 1)}`,
    );
    expect(seen.json().items).toEqual([
      { start: at('10:00'), end: at('11:00'), status: 'confirmed' },
      { start: at('11:00'), end: at('11:30'), status: 'confirmed' },
    ]);
    const staffSees = await call(
      'GET',
      `/api/v1/spaces/${room.id}/bookings?from=${day}&to=${addDays(day, 1)}`,
      undefined,
      staffToken,
    );
    expect(staffSees.json().items[0]).toMatchObject({ id: made.json().id, user: member.user.name });
    const cancelled = await call('DELETE', `/api/v1/bookings/${made.json().id}`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const rebooked = await call(
      'POST',
      `/api/v1/spaces/${room.id}/bookings`,
      { start: at('10:00'), end: at('11:00') },
      staffToken,
    );
    expect(rebooked.statusCode).toBe(201);
  });

  it('books a day space by dates, end excluded, and says SPACE_FULL past its capacity', async () => {
    const body = { start: day, end: addDays(day, 1) };
    expect((await call('POST', `/api/v1/spaces/${desks.id}/bookings`, body)).json()).toMatchObject({
      start: day,
      end: addDays(day, 1),
      status: 'confirmed',
    });
    expect(
      (await call('POST', `/api/v1/spaces/${desks.id}/bookings`, body, staffToken)).statusCode,
    ).toBe(201);
    const full = await call('POST', `/api/v1/spaces/${desks.id}/bookings`, body);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('SPACE_FULL');
  });
});

describe.each(engines())('bad input to the venue API, and the calendars (%s)', (engine) => {
  setup(engine);

  it('answers bad input with a clear 4xx, never a 500', async () => {
    const post = (id: string, body: object, secret = token) =>
      call('POST', `/api/v1/spaces/${id}/bookings`, body, secret);
    const cases: [
      Promise<{ statusCode: number; json(): { error: { code: string } } }>,
      number,
      string,
    ][] = [
      [post(room.id, { start: 'demain', end: at('11:00') }), 422, 'BOOKING_BAD_TIME'],
      [
        post(room.id, { start: '2027-02-30T10:00:00Z', end: '2027-02-30T11:00:00Z' }),
        422,
        'BOOKING_BAD_TIME',
      ],
      [post(room.id, { start: at('11:00'), end: at('10:00') }), 422, 'BOOKING_BAD_TIME'],
      [post(room.id, { start: day, end: addDays(day, 1) }), 422, 'BOOKING_BAD_TIME'],
      [post(desks.id, { start: at('10:00'), end: at('11:00') }), 422, 'BOOKING_BAD_TIME'],
      [post(desks.id, { start: addDays(day, 1), end: day }), 422, 'BOOKING_BAD_TIME'],
      [
        post(room.id, { start: '2027-03-28T02:30', end: '2027-03-28T03:30' }),
        422,
        'NONEXISTENT_LOCAL_TIME',
      ],
      [post('no-such-space', { start: at('10:00'), end: at('11:00') }), 404, 'SPACE_NOT_FOUND'],
      [
        post('00000000-0000-0000-0000-000000000000', { start: at('10:00'), end: at('11:00') }),
        404,
        'SPACE_NOT_FOUND',
      ],
      [post(room.id, { start: at('10:00') }), 400, 'BAD_REQUEST'],
      [post(room.id, { start: at('10:00'), end: at('11:00') }, ''), 401, 'UNAUTHENTICATED'],
      [call('DELETE', '/api/v1/bookings/not-an-id'), 404, 'BOOKING_NOT_FOUND'],
      [
        call('GET', `/api/v1/spaces/${room.id}/availability?from=2027-13-01&to=2027-13-02`),
        400,
        'BAD_REQUEST',
      ],
      [
        call('GET', `/api/v1/spaces/${room.id}/availability?from=${day}&to=${addDays(day, 100)}`),
        422,
        'BOOKING_BAD_TIME',
      ],
      [call('GET', `/api/v1/spaces/${room.id}/bookings?from=${day}&to=${day}`), 400, 'BAD_REQUEST'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      expect([r.statusCode, r.json().error.code]).toEqual([status, code]);
    }
  });

  it('serves a member’s private calendar at a secret address, revocable, and a space’s occupancy without names', async () => {
    const bookings = bookingsService(t.database.db, {
      membershipsOf: membershipsFrom(t.database.db),
      publicUrl: () => 'http://totem.test',
    });
    const made = await call('POST', `/api/v1/spaces/${room.id}/bookings`, {
      start: at('11:00'),
      end: at('12:00'),
    });
    expect(made.statusCode).toBe(201);
    const { url } = await bookings.feeds.create(member);
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/lieu\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await t.app.inject(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(feed.body).toContain(`DTSTART:${at('11:00').replace(/[-:]/g, '').replace('.000', '')}`);
    for (const line of feed.body.split('\r\n'))
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const renewed = await bookings.feeds.create(member);
    expect((await t.app.inject(path)).statusCode).toBe(404);
    await bookings.feeds.revoke(member);
    expect((await t.app.inject(new URL(renewed.url).pathname)).statusCode).toBe(404);
    const occupancy = await t.app.inject(`/lieu/espaces/${room.slug}/occupation.ics`);
    expect(occupancy.statusCode).toBe(200);
    expect(occupancy.body).toContain('SUMMARY:Occupé');
    expect(occupancy.body).not.toContain(member.user.name);
    expect(occupancy.body).not.toContain(member.user.email);
    expect((await t.app.inject('/lieu/espaces/nulle-part/occupation.ics')).statusCode).toBe(404);
  });
});
