import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { testSpace } from './bookings.testing.ts';
import { nextTuesday, venueTestbed } from './spaces.testing.ts';

/** What staff take away or rearrange: spaces, plans, photos; and the occupancy per week. */
describe.each(engines())('removing and rearranging the venue’s settings, on %s', (engine) => {
  const bed = venueTestbed(engine);
  const siteId = async () =>
    (await bed.db.selectFrom('venue_sites').select('id').executeTakeFirstOrThrow()).id;

  it('deletes a space never booked, and archives one with bookings (its bookings kept)', async () => {
    const empty = await testSpace(bed.db, await siteId());
    expect(
      (await bed.member.post(`/admin/lieu/espaces/${empty.id}/supprimer`, {})).statusCode,
    ).toBe(403);
    await bed.staff.get(`/admin/lieu/espaces/${empty.id}`);
    const deleted = await bed.staff.post(`/admin/lieu/espaces/${empty.id}/supprimer`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await bed.staff.follow(deleted)).body).toContain('Espace supprimé.');
    const gone = await bed.db.selectFrom('venue_spaces').select('id').where('id', '=', empty.id);
    expect(await gone.execute()).toEqual([]);

    const day = nextTuesday();
    const room = await bed.spaceId('salle-belledonne');
    await bed.member.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    const booked = await bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '16:00',
      fin: '17:00',
    });
    expect(booked.statusCode).toBe(303);
    const archived = await bed.staff.post(`/admin/lieu/espaces/${room}/supprimer`, {});
    expect(archived.statusCode).toBe(303);
    expect((await bed.staff.follow(archived)).body).toContain('Espace archivé');
    const row = await bed.db
      .selectFrom('venue_spaces')
      .select('active')
      .where('id', '=', room)
      .executeTakeFirstOrThrow();
    expect(row.active).toBe(false);
    expect((await bed.visitor.get('/lieu/espaces/salle-belledonne')).statusCode).toBe(404);
    expect((await bed.member.get('/lieu/reservations')).body).toContain('16:00–17:00');
    // an unknown space is a 404
    expect(
      (
        await bed.staff.post(
          '/admin/lieu/espaces/00000000-0000-4000-8000-000000000000/supprimer',
          {},
        )
      ).statusCode,
    ).toBe(404);
  });

  it('edits a photo’s descriptions and moves it earlier or later', async () => {
    const space = await bed.spaceId('coworking');
    const [a, b] = await bed.db
      .insertInto('venue_space_photos')
      .values(
        ['a', 'b'].map((n, i) => ({
          space_id: space,
          file_key: `venue/${space}/${n}.png`,
          media_type: 'image/png',
          alt_fr: `Photo ${n}`,
          alt_en: `Picture ${n}`,
          position: i,
        })),
      )
      .returning('id')
      .execute();
    const order = async () => {
      const page = await bed.staff.get(`/admin/lieu/espaces/${space}`);
      return [...page.body.matchAll(/<li id="photo-([0-9a-f-]{36})"/g)].map((m) => m[1]);
    };
    expect(await order()).toEqual([a?.id, b?.id]);
    const moved = await bed.staff.post(`/admin/lieu/photos/${a?.id}/deplacer`, { sens: 'bas' });
    expect(moved.statusCode).toBe(303);
    expect(await order()).toEqual([b?.id, a?.id]);
    await bed.staff.post(`/admin/lieu/photos/${a?.id}/deplacer`, { sens: 'haut' });
    expect(await order()).toEqual([a?.id, b?.id]);
    const described = await bed.staff.post(`/admin/lieu/photos/${b?.id}`, {
      alt_fr: 'Les postes près des fenêtres',
      alt_en: 'Desks by the windows',
    });
    expect(described.statusCode).toBe(303);
    const page = await bed.staff.follow(described);
    expect(page.body).toContain('Photo enregistrée.');
    expect(page.body).toContain('value="Les postes près des fenêtres"');
    expect((await bed.member.post(`/admin/lieu/photos/${b?.id}`, { alt_fr: 'x' })).statusCode).toBe(
      403,
    );
    expect((await bed.staff.post('/admin/lieu/photos/nope', { alt_fr: 'x' })).statusCode).toBe(404);
  });

  it('deletes a plan never given, and archives one that was', async () => {
    const [unused, held] = await bed.db
      .insertInto('venue_plans')
      .values([
        { slug: 'jamais-donnee', name_fr: 'Jamais donnée', name_en: 'Never given' },
        { slug: 'deja-donnee', name_fr: 'Déjà donnée', name_en: 'Given once' },
      ])
      .returning('id')
      .execute();
    await bed.db
      .insertInto('venue_organisation_plans')
      .values({
        organisation_id: bed.organisation,
        plan_id: held?.id ?? '',
        starts_on: '2026-01-01',
      })
      .execute();
    await bed.staff.get('/admin/lieu/formules');
    const deleted = await bed.staff.post(`/admin/lieu/formules/${unused?.id}/supprimer`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await bed.staff.follow(deleted)).body).toContain('Formule supprimée.');
    const archived = await bed.staff.post(`/admin/lieu/formules/${held?.id}/supprimer`, {});
    const page = await bed.staff.follow(archived);
    expect(page.body).toContain('Formule archivée');
    expect(page.body).toContain('Déjà donnée (archivée)');
    expect(page.body).not.toContain(`<option value="${held?.id}"`);
    expect(page.body).not.toContain('Jamais donnée');
    // an archived plan cannot be given again
    const again = await bed.staff.post('/admin/lieu/formules/titulaires', {
      plan_id: held?.id ?? '',
      org_q: 'Atelier Chavant',
      starts_on: '2027-01-01',
    });
    expect(again.statusCode).toBe(422);
  });

  it('charts the occupancy of each space week by week', async () => {
    const page = await bed.staff.get('/admin/lieu/occupation');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Coworking : taux d’occupation par semaine');
    expect(page.body.match(/<svg/g)?.length).toBeGreaterThanOrEqual(4);
    expect(page.body.match(/sem\. du /g)?.length).toBeGreaterThanOrEqual(8);
  });
});
