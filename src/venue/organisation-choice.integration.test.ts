import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { apiTokensService } from '../accounts/api-tokens.service.ts';
import { plusDays } from './spaces.calendar.ts';
import { nextTuesday, venueTestbed } from './spaces.testing.ts';

/** A member of several organisations chooses whose allowance a booking draws on. */
describe.each(engines())('choosing the organisation of a booking, on %s', (engine) => {
  const bed = venueTestbed(engine);
  let second = { id: '', slug: '' };
  let userId = '';

  beforeAll(async () => {
    // "Studio Bastille" comes after "Atelier Chavant" by name: the engine's default is the first
    second = await buildOrganisation(bed.db, { name: 'Studio Bastille' });
    const user = await bed.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', bed.emails.other)
      .executeTakeFirstOrThrow();
    userId = user.id;
    await bed.db
      .insertInto('organisation_members')
      .values({ organisation_id: second.id, user_id: userId })
      .execute();
  });

  const organisationOf = async (bookingId: string) =>
    (
      await bed.db
        .selectFrom('venue_bookings')
        .select('organisation_id')
        .where('id', '=', bookingId)
        .executeTakeFirstOrThrow()
    ).organisation_id;

  it('offers the choice on the form only to a member of several, and books on the one chosen', async () => {
    const single = await bed.member.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    expect(single.body).not.toContain('name="organisation"');
    const form = await bed.other.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    expect(form.body).toContain('<select id="field-organisation" name="organisation"');
    expect(form.body).toContain('Studio Bastille');
    const day = nextTuesday();
    const booked = await bed.other.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '15:00',
      fin: '16:00',
      organisation: second.id,
    });
    expect(booked.statusCode, booked.body.slice(0, 1500)).toBe(303);
    const row = await bed.db
      .selectFrom('venue_bookings')
      .select('id')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(await organisationOf(row.id)).toBe(second.id);
    // an organisation the member is not in is refused on the form
    const foreign = await buildOrganisation(bed.db, { name: 'Ailleurs' });
    const refused = await bed.other.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '16:00',
      fin: '17:00',
      organisation: foreign.id,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Choisissez une organisation dont vous êtes membre.');
  });

  it('takes `organisation` (a slug or an id) in the API, next to organisation_id', async () => {
    const token = (await apiTokensService(bed.db).create(userId, 'venue')).secret;
    const coworking = await bed.spaceId('coworking');
    const post = (body: object) =>
      bed.t.app.inject({
        method: 'POST',
        url: `/api/v1/spaces/${coworking}/bookings`,
        payload: body,
        headers: { authorization: `Bearer ${token}` },
      });
    const day = plusDays(nextTuesday(), 7);
    const bySlug = await post({ start: day, end: plusDays(day, 1), organisation: second.slug });
    expect(bySlug.statusCode, bySlug.body).toBe(201);
    expect(await organisationOf(bySlug.json().id)).toBe(second.id);
    const byDefault = await post({ start: plusDays(day, 1), end: plusDays(day, 2) });
    expect(byDefault.statusCode).toBe(201);
    expect(await organisationOf(byDefault.json().id)).toBe(bed.organisation);
    const unknown = await post({
      start: plusDays(day, 2),
      end: plusDays(day, 3),
      organisation: 'x',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('ALLOWANCE_ORGANISATION');
    const doc = (await bed.t.app.inject('/api/openapi.json')).json();
    const schema = JSON.stringify(doc.paths['/api/v1/spaces/{id}/bookings'].post);
    expect(schema).toContain('"organisation"');
    expect(schema).toContain('"organisation_id"');
  });
});
