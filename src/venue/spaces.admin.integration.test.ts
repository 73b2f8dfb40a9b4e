import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { nextTuesday, venueTestbed } from './spaces.testing.ts';

/** a space form as the page sends it */
function spaceForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    kind: 'meeting_room',
    name_fr: 'Salle Chartreuse',
    name_en: 'Chartreuse room',
    slug: '',
    area_m2: '15',
    capacity: '1',
    description_fr: '',
    description_en: '',
    accessibility_fr: '',
    accessibility_en: '',
    unit: 'slot',
    slot_minutes: '30',
    min_length: '30',
    max_length: '120',
    min_notice_minutes: '0',
    max_days_ahead: '60',
    who_may_book: 'members',
    max_upcoming_per_member: '',
    cancel_cutoff_minutes: '0',
    checkin_grace_minutes: '',
    allowance: 'meeting_hours',
    active: '1',
    ...over,
  };
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(engines())('the venue’s settings for staff, on %s', (engine) => {
  const bed = venueTestbed(engine);

  it('keeps the settings to staff', async () => {
    expect((await bed.visitor.get('/admin/lieu')).statusCode).toBe(401);
    expect((await bed.member.get('/admin/lieu')).statusCode).toBe(403);
    const page = await bed.staff.get('/admin/lieu');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Le Totem"');
    expect(page.body).toContain('Salle Belledonne');
    expect((await bed.staff.get('/admin')).body).toContain('href="/admin/lieu"');
  });

  it('refuses a bad building form with messages under its fields, keeping what was typed', async () => {
    await bed.staff.get('/admin/lieu');
    const bad = await bed.staff.post('/admin/lieu/batiment', {
      name: '',
      address: 'Grenoble',
      area_m2: 'six cents',
      opened_on: '2015-13',
      default_coworking_days: '40',
      default_meeting_hours: '20',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Ce champ est obligatoire.');
    expect(bad.body).toContain('Un nombre entier, en chiffres.');
    expect(bad.body).toContain('Une date au format AAAA-MM-JJ.');
    expect(bad.body).toContain('Ce nombre est hors des limites permises.');
    expect(bad.body).toContain('value="six cents"');
    const good = await bed.staff.post('/admin/lieu/batiment', {
      name: 'Le Totem',
      address: 'Bâtiment Pasteur « Orange », Grenoble Chavant',
      area_m2: '650',
      opened_on: '2015-01',
      default_coworking_days: '12',
      default_meeting_hours: '20',
    });
    expect(good.statusCode).toBe(303);
    const site = await bed.db.selectFrom('venue_sites').selectAll().executeTakeFirstOrThrow();
    expect(site.default_coworking_days).toBe(12);
  });

  it('creates a space, refuses bad rules and a taken address, and edits it', async () => {
    await bed.staff.get('/admin/lieu/espaces/nouveau');
    const bad = await bed.staff.post(
      '/admin/lieu/espaces/nouveau',
      spaceForm({ name_fr: '', capacity: 'x', min_length: '120', max_length: '30', kind: 'cave' }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Ce champ est obligatoire.');
    expect(bad.body).toContain('Le maximum est plus petit que le minimum.');
    expect(bad.body).toContain('Choisissez une des valeurs proposées.');
    expect(bad.body).toContain('value="Chartreuse room"');
    const taken = await bed.staff.post(
      '/admin/lieu/espaces/nouveau',
      spaceForm({ slug: 'salle-belledonne' }),
    );
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('Cette adresse est déjà prise.');
    const made = await bed.staff.post('/admin/lieu/espaces/nouveau', spaceForm());
    expect(made.statusCode).toBe(303);
    const id = await bed.spaceId('salle-chartreuse');
    const edit = await bed.staff.get(`/admin/lieu/espaces/${id}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Chartreuse room"');
    const saved = await bed.staff.post(`/admin/lieu/espaces/${id}`, spaceForm({ capacity: '2' }));
    expect(saved.statusCode).toBe(303);
    expect((await bed.staff.get('/admin/lieu/espaces/pas-un-id')).statusCode).toBe(404);
    expect(
      (await bed.staff.get('/admin/lieu/espaces/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('sets a space’s hours (several ranges a day) and refuses ranges out of order', async () => {
    const id = await bed.spaceId('salle-belledonne');
    await bed.staff.get(`/admin/lieu/espaces/${id}`);
    const bad = await bed.staff.post(`/admin/lieu/espaces/${id}/horaires`, {
      hours_1: '8-12',
      hours_2: '14:00-12:00',
      hours_3: '08:00-12:00, 11:00-13:00',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Des plages au format 08:00-12:00');
    expect(bad.body).toContain('Chaque plage finit après son début');
    expect(bad.body).toContain('value="8-12"');
    const good = await bed.staff.post(`/admin/lieu/espaces/${id}/horaires`, {
      hours_1: '08:00-12:00, 14:00-20:00',
      hours_2: '08:00-20:00',
      hours_3: '08:00-20:00',
      hours_4: '08:00-20:00',
      hours_5: '08:00-20:00',
      hours_6: '09h00-12h00',
      hours_7: '',
    });
    expect(good.statusCode).toBe(303);
    const rows = await bed.db
      .selectFrom('venue_space_hours')
      .select(['weekday'])
      .where('space_id', '=', id)
      .execute();
    expect(rows).toHaveLength(7);
    const page = await bed.visitor.get('/lieu/espaces/salle-belledonne');
    expect(page.body).toContain('08:00–12:00, 14:00–20:00');
    expect(page.body).toContain('09:00–12:00');
  });

  it('adds a closing for one space, refuses bad dates, and removes it', async () => {
    await bed.staff.get('/admin/lieu');
    const bad = await bed.staff.post('/admin/lieu/fermetures', {
      starts_on: '2027-06-10',
      ends_on: '2027-06-01',
      space_id: 'nope',
      reason_fr: '',
      reason_en: '',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('La fin précède le début.');
    expect(bad.body).toContain('value="2027-06-10"');
    const id = await bed.spaceId('coworking');
    const day = nextTuesday();
    const good = await bed.staff.post('/admin/lieu/fermetures', {
      starts_on: day,
      ends_on: '',
      space_id: id,
      reason_fr: 'Travaux',
      reason_en: 'Works',
    });
    expect(good.statusCode).toBe(303);
    const grid = await bed.member.get(`/lieu/espaces/coworking?jour=${day}`);
    expect(grid.body).toContain('>fermé<');
    const closure = await bed.db
      .selectFrom('venue_closures')
      .select('id')
      .where('reason_fr', '=', 'Travaux')
      .executeTakeFirstOrThrow();
    await bed.staff.get('/admin/lieu');
    const removed = await bed.staff.post(`/admin/lieu/fermetures/${closure.id}/supprimer`, {});
    expect(removed.statusCode).toBe(303);
    expect((await bed.staff.post('/admin/lieu/fermetures/x/supprimer', {})).statusCode).toBe(404);
  });
});

describe.each(engines())('the venue’s photos, plans and occupancy for staff, on %s', (engine) => {
  const bed = venueTestbed(engine);

  it('keeps a photo whose bytes are an image, and refuses one that is not', async () => {
    const id = await bed.spaceId('salle-belledonne');
    const page = await bed.staff.get(`/admin/lieu/espaces/${id}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const send = (content: Buffer, name: string) => {
      const boundary = '----venue';
      const parts = [
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="alt_fr"\r\n\r\nLa salle vide\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
      ];
      const payload = Buffer.concat([
        Buffer.from(parts.join('')),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return bed.t.app.inject({
        method: 'POST',
        url: `/admin/lieu/espaces/${id}/photos`,
        payload,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: [...bed.staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
    };
    const refused = await send(Buffer.from('not an image at all'), 'fake.png');
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('n’est pas une photo JPEG, PNG ou WebP');
    const kept = await send(PNG, 'salle.png');
    expect(kept.statusCode).toBe(303);
    const photo = await bed.db
      .selectFrom('venue_space_photos')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(photo.media_type).toBe('image/png');
    expect(photo.file_key).toMatch(/^venue\//);
    const served = await bed.visitor.get(`/lieu/photos/${photo.id}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    // a photo's bytes never change under its id: a browser that holds it gets a 304
    const held = await bed.visitor.get(`/lieu/photos/${photo.id}`, {
      'if-none-match': String(served.headers.etag),
    });
    expect(held.statusCode).toBe(304);
    expect(held.rawPayload.length).toBe(0);
    expect((await bed.visitor.get('/lieu')).body).toContain('alt="La salle vide"');
    expect((await bed.visitor.get('/lieu/photos/nope')).statusCode).toBe(404);
  });

  it('edits plans and gives one to an organisation named by the staff', async () => {
    await bed.staff.get('/admin/lieu/formules');
    const bad = await bed.staff.post('/admin/lieu/formules', {
      name_fr: '',
      name_en: 'Flex',
      slug: '',
      coworking_days: 'beaucoup',
      meeting_hours: '5',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Un nombre entier, en chiffres.');
    expect(bad.body).toContain('value="Flex"');
    const made = await bed.staff.post('/admin/lieu/formules', {
      name_fr: 'Flex',
      name_en: 'Flex',
      slug: '',
      coworking_days: '4',
      meeting_hours: '5',
    });
    expect(made.statusCode).toBe(303);
    const plan = await bed.db
      .selectFrom('venue_plans')
      .select('id')
      .where('slug', '=', 'flex')
      .executeTakeFirstOrThrow();
    await buildOrganisation(bed.db, { name: 'Minalogic Démo Un' });
    await buildOrganisation(bed.db, { name: 'Minalogic Démo Deux' });
    await bed.staff.get('/admin/lieu/formules');
    const unknown = await bed.staff.post('/admin/lieu/formules/titulaires', {
      org_q: 'Personne de ce nom',
      plan_id: plan.id,
      starts_on: '2027-01-01',
      ends_on: '',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Aucune organisation de l’annuaire ne correspond.');
    const ambiguous = await bed.staff.post('/admin/lieu/formules/titulaires', {
      org_q: 'Minalogic Démo',
      plan_id: plan.id,
      starts_on: '2027-01-01',
      ends_on: '2026-01-01',
    });
    expect(ambiguous.statusCode).toBe(422);
    expect(ambiguous.body).toContain('La fin précède le début.');
    const given = await bed.staff.post('/admin/lieu/formules/titulaires', {
      org_q: 'Atelier Chavant',
      plan_id: plan.id,
      starts_on: '2026-01-01',
      ends_on: '',
    });
    expect(given.statusCode, given.body.slice(0, 1500)).toBe(303);
    const list = await bed.staff.follow(given);
    expect(list.body).toContain('Formule attribuée.');
    expect(list.body).toContain('Atelier Chavant');
  });

  it('shows the occupancy with its chart and table, and exports usage as CSV', async () => {
    const day = nextTuesday();
    await bed.member.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    const booked = await bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '09:00',
      fin: '11:00',
    });
    expect(booked.statusCode, booked.body.slice(0, 1500)).toBe(303);
    const page = await bed.staff.get('/admin/lieu/occupation');
    expect(page.body).toContain('<th scope="row">Atelier Chavant</th>');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('Taux d’occupation par espace — les données');
    expect((await bed.member.get('/admin/lieu/occupation')).statusCode).toBe(403);
    const csv = await bed.staff.get(`/admin/lieu/occupation.csv?a=${day.slice(0, 7)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFMois,Organisation')).toBe(true);
    expect(csv.body).toContain(`${day.slice(0, 7)},Atelier Chavant,0,2,1,0`);
    const odd = await bed.staff.get('/admin/lieu/occupation.csv?de=x&a=2027-13');
    expect(odd.statusCode).toBe(200);
    expect((await bed.staff.get('/admin/lieu/occupation?semaine=nope')).statusCode).toBe(200);
  });
});
