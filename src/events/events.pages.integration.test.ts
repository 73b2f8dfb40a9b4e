import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import { testSite, testSpace } from '../venue/bookings.testing.ts';
import { daysAhead } from './events.testing.ts';

/** a 1×1 PNG */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);

/** the server with a space, an organisation and staff; `bed.form` is the event's form */
function agendaTestbed(engine: 'pglite' | 'postgres') {
  let t: TestApp;
  let staff: TestClient;
  let visitor: TestClient;
  let space: { slug: string };
  let org: { slug: string };
  const day = daysAhead(9);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const site = await testSite(t.database.db);
    space = await testSpace(t.database.db, site, {
      capacity: 50,
      slot_minutes: 60,
      max_length: 600,
    });
    org = await buildOrganisation(t.database.db, { name: 'Atelier Chavant' });
    const email = uniqueEmail('staff');
    staff = await signUp(t.app, { email });
    await giveRole(t.database.db, email, 'staff');
    visitor = new TestClient(t.app);
  });
  afterAll(async () => t?.close());

  const form = (more: Record<string, string | string[]> = {}) => ({
    title_fr: 'Rencontre IA',
    title_en: 'AI meet-up',
    slug: 'rencontre-ia',
    description_fr:
      'Au **programme** : <script>alert(1)</script> [piège](javascript:alert(1)) et [lien](https://example.org).',
    description_en: 'On the **programme**.',
    space: space.slug,
    day,
    start: '18:00',
    end: '20:00',
    capacity: '2',
    registration_opens: '',
    registration_closes: '',
    price_fr: '',
    price_en: '',
    tags: 'ia, meetup',
    organisers: org.slug,
    accessibility_fr: 'Accès de plain-pied.',
    image_alt_fr: 'Affiche de la rencontre',
    ...more,
  });

  return {
    get t() {
      return t;
    },
    get staff() {
      return staff;
    },
    get visitor() {
      return visitor;
    },
    get org() {
      return org;
    },
    day,
    form,
  };
}

describe.each(engines())('the agenda’s pages, on %s', (engine) => {
  const bed = agendaTestbed(engine);
  it('lets staff create an event, field by field when wrong', async () => {
    await bed.staff.get('/admin/evenements/nouveau');
    const bad = await bed.staff.post(
      '/admin/evenements/nouveau',
      bed.form({ day: '2027-13-45', capacity: '999', organisers: 'Nulle Part' }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Une date (AAAA-MM-JJ).');
    const tooBig = await bed.staff.post('/admin/evenements/nouveau', bed.form({ capacity: '60' }));
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.body).toContain('La jauge dépasse la capacité de l’espace.');
    const done = await bed.staff.post('/admin/evenements/nouveau', bed.form());
    expect(done.statusCode).toBe(303);
    const list = await bed.staff.follow(done);
    expect(list.body).toContain('Événement enregistré.');
    expect(list.body).toContain('Rencontre IA');
    // the same time again: the space is taken (409, over the form)
    await bed.staff.get('/admin/evenements/nouveau');
    const taken = await bed.staff.post('/admin/evenements/nouveau', bed.form({ slug: 'autre' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('L’espace est déjà réservé sur ce créneau');
  });

  it('shows the agenda, the event with its metadata, and the home page’s block, in both languages', async () => {
    const agenda = await bed.visitor.get('/agenda');
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain('href="/agenda/rencontre-ia"');
    expect((await bed.visitor.get('/en/events')).body).toContain('AI meet-up');
    expect(
      (await bed.visitor.get(`/agenda?mois=${bed.day.slice(0, 7)}&organisateur=${bed.org.slug}`))
        .body,
    ).toContain('Rencontre IA');
    expect((await bed.visitor.get('/agenda?organisateur=personne&mois=x')).body).not.toContain(
      'Rencontre IA',
    );
    const page = await bed.visitor.get('/agenda/rencontre-ia');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<script type="application/ld+json">');
    const ld = JSON.parse(
      /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '{}',
    );
    expect(ld['@type']).toBe('Event');
    expect(ld.maximumAttendeeCapacity).toBe(2);
    expect(page.body).toContain('property="og:title" content="Rencontre IA"');
    expect(page.body).toContain('Atelier Chavant');
    // Markdown rendered safely: no script, no javascript: link
    expect(page.body).toContain('<strong>programme</strong>');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toMatch(/href="javascript:/i);
    expect(page.body).toContain('&lt;script&gt;alert(1)');
    const home = await bed.visitor.get('/');
    expect(home.body).toContain('Prochains événements');
    expect(home.body).toContain('Rencontre IA');
    expect((await bed.visitor.get('/agenda/nulle-part')).statusCode).toBe(404);
  });

  it('moves the event’s booking when staff change its time', async () => {
    const event = await bed.t.database.db
      .selectFrom('events')
      .select(['id', 'booking_id'])
      .where('slug', '=', 'rencontre-ia')
      .executeTakeFirstOrThrow();
    const edit = await bed.staff.get(`/admin/evenements/${event.id}`);
    expect(edit.body).toContain('value="18:00"');
    const moved = await bed.staff.post(
      `/admin/evenements/${event.id}`,
      bed.form({ start: '17:00', end: '19:00' }),
    );
    expect(moved.statusCode).toBe(303);
    const booking = await bed.t.database.db
      .selectFrom('venue_bookings')
      .select(sql<Date>`lower(during)`.as('start'))
      .where('id', '=', event.booking_id ?? '')
      .executeTakeFirstOrThrow();
    const page = await bed.visitor.get('/agenda/rencontre-ia');
    expect(page.body).toContain('17:00–19:00');
    expect(new Date(booking.start).toISOString()).toBe(
      JSON.parse((await bed.visitor.get(`/api/v1/events/${event.id}`)).body).start,
    );
    // and back, for the tests that follow
    await bed.staff.get(`/admin/evenements/${event.id}`);
    expect((await bed.staff.post(`/admin/evenements/${event.id}`, bed.form())).statusCode).toBe(
      303,
    );
  });

  it('keeps an image whose bytes are one, with its description, and refuses one that is not', async () => {
    const event = await bed.t.database.db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', 'rencontre-ia')
      .executeTakeFirstOrThrow();
    const page = await bed.staff.get(`/admin/evenements/${event.id}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const send = (content: Buffer) => {
      const boundary = '----event';
      const head = [
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="affiche.png"\r\nContent-Type: image/png\r\n\r\n`,
      ];
      return bed.t.app.inject({
        method: 'POST',
        url: `/admin/evenements/${event.id}/image`,
        payload: Buffer.concat([
          Buffer.from(head.join('')),
          content,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: [...bed.staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
    };
    // refused: the event's form again, saying why, and nothing kept
    const refused = await send(Buffer.from('<svg onload="alert(1)">'));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Cette image est refusée (JPEG, PNG ou WebP, 5 Mo au plus)');
    expect(refused.body).toContain(`action="/admin/evenements/${event.id}/image"`);
    expect((await bed.visitor.get('/agenda/rencontre-ia/image')).statusCode).toBe(404);
    expect((await send(PNG)).statusCode).toBe(303);
    const image = await bed.visitor.get('/agenda/rencontre-ia/image');
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    const shown = await bed.visitor.get('/agenda/rencontre-ia');
    expect(shown.body).toContain('src="/agenda/rencontre-ia/image" alt="Affiche de la rencontre"');
    expect(shown.body).toContain('property="og:image"');
  });

  it('serves the calendars and the feeds', async () => {
    const one = await bed.visitor.get('/agenda/rencontre-ia/evenement.ics');
    expect(one.headers['content-type']).toContain('text/calendar');
    const vevent = new ICAL.Component(ICAL.parse(one.body)).getFirstSubcomponent('vevent');
    expect(vevent?.getFirstPropertyValue('summary')).toBe('Rencontre IA');
    const all = await bed.visitor.get('/agenda.ics');
    expect(all.body).toContain('BEGIN:VEVENT');
    expect((await bed.visitor.get('/agenda/rss.xml')).body).toContain(
      '<title>Rencontre IA</title>',
    );
    expect((await bed.visitor.get('/agenda/atom.xml')).body).toContain('Rencontre IA');
    expect((await bed.visitor.get('/agenda/filieres/inconnue.ics')).statusCode).toBe(404);
  });
});

describe.each(engines())('registering through the pages and the API, on %s', (engine) => {
  const bed = agendaTestbed(engine);
  beforeAll(async () => {
    await bed.staff.get('/admin/evenements/nouveau');
    expect((await bed.staff.post('/admin/evenements/nouveau', bed.form())).statusCode).toBe(303);
  });

  it('registers a visitor by name and e-mail, mails the confirmation, and cancels by its link', async () => {
    const page = await bed.visitor.get('/agenda/rencontre-ia');
    expect(page.body).toContain('M’inscrire');
    const bad = await bed.visitor.post('/agenda/rencontre-ia/inscription', {
      name: '',
      email: 'pas-une-adresse',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Une adresse e-mail valide');
    const email = uniqueEmail('visiteur');
    const ok = await bed.visitor.post('/agenda/rencontre-ia/inscription', {
      name: 'Ada Visiteur',
      email,
    });
    expect(ok.statusCode).toBe(303);
    expect((await bed.visitor.follow(ok)).body).toContain('Inscription enregistrée');
    const mail = await bed.t.database.db
      .selectFrom('mail_queue')
      .select(['subject', 'body'])
      .where('to_address', '=', email)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Inscription confirmée : Rencontre IA');
    const link = /\/agenda\/desinscription\/[A-Za-z0-9_-]+/.exec(mail.body)?.[0] ?? '';
    const ask = await bed.visitor.get(link);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Annuler votre inscription');
    const cancelled = await bed.visitor.post(link, {});
    expect(cancelled.statusCode).toBe(303);
    expect((await bed.visitor.get(link)).statusCode).toBe(404);
  });

  it('answers the API with capacity and remaining places, EVENT_FULL with the waiting list, and cancels by token', async () => {
    const list = await bed.visitor.get(`/api/v1/events?from=${bed.day}&to=${daysAhead(10)}`);
    expect(list.statusCode).toBe(200);
    const item = JSON.parse(list.body).items.find(
      (e: { slug: string }) => e.slug === 'rencontre-ia',
    );
    expect(item).toMatchObject({ capacity: 2, remaining: 2 });
    const api = new TestClient(bed.t.app);
    const post = (email: string, waitlist?: boolean) =>
      bed.t.app.inject({
        method: 'POST',
        url: `/api/v1/events/${item.id}/registrations`,
        payload: { name: 'Par API', email, ...(waitlist ? { waitlist } : {}) },
        remoteAddress: api.remoteAddress,
      });
    expect((await post('a@example.org')).statusCode).toBe(201);
    const second = await post('b@example.org');
    expect(second.statusCode).toBe(201);
    const full = await post('c@example.org');
    expect(full.statusCode).toBe(409);
    expect(JSON.parse(full.body).error).toMatchObject({ code: 'EVENT_FULL', waitlist: true });
    const waiting = await post('c@example.org', true);
    expect(waiting.statusCode).toBe(201);
    expect(JSON.parse(waiting.body).status).toBe('waiting');
    expect((await post('not an address')).statusCode).toBeGreaterThanOrEqual(400);
    const token = JSON.parse(second.body).cancel_token;
    const del = await bed.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/events/${item.id}/registrations/${token}`,
    });
    expect(JSON.parse(del.body)).toEqual({ status: 'cancelled', promoted: true });
    const again = await bed.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/events/${item.id}/registrations/${token}`,
    });
    expect(again.statusCode).toBe(404);
    const one = JSON.parse((await bed.visitor.get(`/api/v1/events/${item.id}`)).body);
    expect(one).toMatchObject({ capacity: 2, remaining: 0 });
  });

  it('limits registrations per client address, and lists the API in the OpenAPI document', async () => {
    const event = await bed.t.database.db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', 'rencontre-ia')
      .executeTakeFirstOrThrow();
    const from = new TestClient(bed.t.app);
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await bed.t.app.inject({
        method: 'POST',
        url: `/api/v1/events/${event.id}/registrations`,
        payload: { name: `Rafale ${i}`, email: `rafale.${i}@example.org`, waitlist: true },
        remoteAddress: from.remoteAddress,
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(JSON.parse(res.body).error.code).toBe('EVENT_TOO_MANY_ATTEMPTS');
      }
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(20);
    expect(codes.slice(20).every((c) => c === 429)).toBe(true);
    // another address is not held up
    const other = await bed.t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/registrations`,
      payload: { name: 'Autre', email: 'autre@example.org', waitlist: true },
      remoteAddress: new TestClient(bed.t.app).remoteAddress,
    });
    expect(other.statusCode).toBe(201);
    const doc = JSON.parse((await bed.visitor.get('/api/openapi.json')).body);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/events',
        '/api/v1/events/{id}',
        '/api/v1/events/{id}/registrations',
        '/api/v1/events/{id}/registrations/{token}',
      ]),
    );
  });

  it('lets staff list, export and check people in at the door without a script', async () => {
    const event = await bed.t.database.db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', 'rencontre-ia')
      .executeTakeFirstOrThrow();
    const list = await bed.staff.get(`/admin/evenements/${event.id}/inscriptions`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('a@example.org');
    const csv = await bed.staff.get(`/admin/evenements/${event.id}/inscriptions.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('a@example.org');
    const door = await bed.staff.get(`/admin/evenements/${event.id}/accueil?q=a@ex`);
    expect(door.body).toContain('Marquer l’arrivée : Par API');
    const reg = /action="(\/admin\/evenements\/[^"]+\/accueil\/[^"]+)"/.exec(door.body)?.[1] ?? '';
    const checked = await bed.staff.post(reg, { q: 'a@ex' });
    expect(checked.statusCode).toBe(303);
    expect((await bed.staff.follow(checked)).body).toContain('Annuler l’arrivée : Par API');
    expect((await bed.visitor.get(`/admin/evenements/${event.id}/accueil`)).statusCode).toBe(401);
  });
});
