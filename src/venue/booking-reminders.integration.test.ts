import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, twoConnections } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import { accountSettingsService } from '../accounts/account-settings.service.ts';
import type { DB } from '../db/schema.ts';
import { membersService } from '../directory/members.service.ts';
import { parisTomorrow } from '../kernel/paris-time.ts';
import { remindOneBooking } from './booking-reminders.worker.ts';
import { testSite, testSpace } from './bookings.testing.ts';
import { dayStart } from './venue-time.ts';

const URL_ = 'https://hub.example';

/** the accounts' answer to "does this person receive booking reminders", as the app wires it */
const choicesOn = (db: Kysely<DB>) =>
  accountSettingsService({
    db,
    publicUrl: () => URL_,
    hubName: async () => 'Hub',
    directory: membersService(db),
  });

const mailsTo = (db: Kysely<DB>, to: string) =>
  db.selectFrom('mail_queue').select(['subject', 'body']).where('to_address', '=', to).execute();

/** a booking of the space on a Paris day, from `start` for an hour, made directly in the table */
async function booking(
  db: Kysely<DB>,
  spaceId: string,
  userId: string,
  day: string,
  start: number,
  over: { status?: 'confirmed' | 'cancelled'; whole?: boolean } = {},
): Promise<string> {
  const from = new Date(dayStart(day).getTime() + start * 3_600_000);
  const to = new Date(from.getTime() + 3_600_000);
  const row = await db
    .insertInto('venue_bookings')
    .values({
      space_id: spaceId,
      user_id: userId,
      during: `[${from.toISOString()},${to.toISOString()})`,
      status: over.status ?? 'confirmed',
      whole: over.whole ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe.each(engines())('the reminder the day before a booking, on %s', (engine) => {
  let handles: Awaited<ReturnType<typeof twoConnections>>;
  let db: Kysely<DB>;
  let space: { id: string; slug: string };
  beforeAll(async () => {
    handles = await twoConnections(engine);
    db = handles.first.db;
    space = await testSpace(db, await testSite(db), { capacity: 50 });
  });
  afterAll(async () => handles?.close());

  it('reminds the requester of a confirmed booking once, the day before, with its unsubscribe line', async () => {
    const settings = choicesOn(db);
    const ana = await person(db);
    const id = await booking(db, space.id, ana.user.id, '2031-03-11', 10);
    // the day before, in the evening in Paris; two days before, nothing is due
    const eve = new Date('2031-03-10T19:00:00Z');
    expect(await remindOneBooking(db, new Date('2031-03-09T19:00:00Z'), () => URL_)).toBeNull();
    expect(await remindOneBooking(db, eve, () => URL_, settings.mailOf)).toBe(id);
    expect(await remindOneBooking(db, eve, () => URL_, settings.mailOf)).toBeNull();
    const mails = await mailsTo(db, ana.user.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toMatch(/^Demain\u00a0: Salle espace-/);
    expect(mail?.body).toContain('mardi 11 mars 2031, de 10:00 à 11:00 (heure de Paris)');
    expect(mail?.body).toContain(`${URL_}/lieu/reservations/${id}/annuler`);
    expect(mail?.body).toContain(`${URL_}/desabonnement?cle=`);
    expect(mail?.body).toContain('&type=booking_reminders');
  });

  it('reminds no cancelled booking, no booking of a whole space, none two days ahead', async () => {
    const ben = await person(db);
    await booking(db, space.id, ben.user.id, '2032-03-11', 9, { status: 'cancelled' });
    await booking(db, space.id, ben.user.id, '2032-03-11', 12, { whole: true });
    await booking(db, space.id, ben.user.id, '2032-03-12', 9);
    expect(await remindOneBooking(db, new Date('2032-03-10T08:00:00Z'), () => URL_)).toBeNull();
    expect(await mailsTo(db, ben.user.email)).toEqual([]);
  });

  it('sends nothing to a person who turned booking reminders off, and does not ask again', async () => {
    const settings = choicesOn(db);
    const cyd = await person(db);
    await settings.setMailChoices(cyd.user.id, ['call_reminders', 'event_reminders']);
    const id = await booking(db, space.id, cyd.user.id, '2033-03-11', 10);
    const eve = new Date('2033-03-10T08:00:00Z');
    expect(await remindOneBooking(db, eve, () => URL_, settings.mailOf)).toBe(id);
    expect(await remindOneBooking(db, eve, () => URL_, settings.mailOf)).toBeNull();
    expect(await mailsTo(db, cyd.user.email)).toEqual([]);
  });

  it('takes the Paris day, 23 hours long on the change to summer time', () => {
    const { from, to } = parisTomorrow(new Date('2031-03-29T12:00:00Z'));
    expect(from.toISOString()).toBe('2031-03-29T23:00:00.000Z');
    expect(to.getTime() - from.getTime()).toBe(23 * 3_600_000);
  });

  it('sends each reminder once with two workers racing', async () => {
    const people = [];
    for (let i = 0; i < 8; i++) {
      const p = await person(db);
      people.push(p);
      await booking(db, space.id, p.user.id, '2034-03-11', 8 + i);
    }
    const eve = new Date('2034-03-10T18:00:00Z');
    const worker = async (w: Kysely<DB>) => {
      const settings = choicesOn(w);
      let sent = 0;
      while ((await remindOneBooking(w, eve, () => URL_, settings.mailOf)) !== null) sent++;
      return sent;
    };
    const [a, b] = await Promise.all([worker(handles.first.db), worker(handles.second.db)]);
    expect(a + b).toBe(8);
    for (const p of people) expect(await mailsTo(db, p.user.email)).toHaveLength(1);
    expect(await worker(handles.second.db)).toBe(0);
  });
});
