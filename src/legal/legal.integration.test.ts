import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { usersRepository } from '../accounts/users.repository.ts';

const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const mails = (t: TestApp) =>
  t.database.db
    .selectFrom('mail_queue')
    .select(['to_address', 'subject', 'body'])
    .orderBy('id')
    .execute();

const message = {
  name: 'Camille Martin',
  email: 'camille@example.org',
  subject: 'Une question\r\nBcc: someone@example.org',
  message: 'La carte ne se lit pas au clavier.',
};

describe.each(engines())('the legal and trust pages on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('links the four pages from every page’s footer, in both languages', async () => {
    const visitor = new TestClient(t.app);
    const home = await visitor.get('/');
    for (const href of ['/mentions-legales', '/accessibilite', '/confidentialite', '/contact']) {
      expect(home.body).toContain(`href="${href}"`);
    }
    const english = await visitor.get('/en/observatory');
    for (const href of ['/en/legal-notice', '/en/accessibility', '/en/privacy', '/en/contact']) {
      expect(english.body).toContain(`href="${href}"`);
    }
  });

  it('answers each page in French and English', async () => {
    const visitor = new TestClient(t.app);
    const pages = [
      ['/mentions-legales', 'Mentions légales'],
      ['/accessibilite', 'non conforme'],
      ['/confidentialite', 'totem_session'],
      ['/contact', 'Votre adresse e-mail'],
      ['/en/legal-notice', 'Director of publication'],
      ['/en/accessibility', 'not compliant'],
      ['/en/privacy', 'totem_csrf'],
      ['/en/contact', 'Your e-mail address'],
    ];
    for (const [url, text] of pages) {
      const res = await visitor.get(url as string);
      expect(res.statusCode, url).toBe(200);
      expect(plain(res.body), url).toContain(text);
    }
  });

  it('names the seed’s publisher, says what is not given, and shows what staff give in the settings', async () => {
    const visitor = new TestClient(t.app);
    const before = plain((await visitor.get('/mentions-legales')).body);
    expect(before).toContain(
      'Digital Grenoble, projet French Tech porté par Grenoble-Alpes Métropole',
    );
    expect(before).toContain('Non renseigné à ce jour');

    const email = uniqueEmail('staff');
    const staff = await signUp(t.app, { email });
    const users = usersRepository(t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
    const form = await staff.get('/admin/parametres');
    const value = (name: string) =>
      (
        new RegExp(`<textarea id="field-${name}"[^>]*>([^<]*)</textarea>`).exec(form.body)?.[1] ??
        ''
      )
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, '&');
    const base = {
      epci: '200040715, 200018166',
      sectors: value('sectors'),
      fields: value('fields'),
    };

    const wrong = await staff.post('/admin/parametres', {
      ...base,
      contactEmail: 'not an address',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Saisissez une adresse e-mail valide');

    const saved = await staff.post('/admin/parametres', {
      ...base,
      director: 'Dominique Exemple',
      host: 'Hébergeur Exemple\n1 rue de l’Exemple, 38000 Grenoble',
    });
    expect(saved.statusCode).toBe(303);
    const after = plain((await visitor.get('/mentions-legales')).body);
    expect(after).toContain('Dominique Exemple');
    expect(after).toContain('1 rue de l’Exemple, 38000 Grenoble');
    expect(after).toContain('Digital Grenoble, projet French Tech');

    // with an address in the settings, the contact form writes there, and only there
    await staff.post('/admin/parametres', { ...base, contactEmail: 'contact@example.org' });
    const writer = new TestClient(t.app);
    await writer.get('/contact');
    expect((await writer.post('/contact', message)).statusCode).toBe(303);
    expect((await mails(t)).map((m) => m.to_address)).toEqual(['contact@example.org']);
  });
});

describe.each(engines())('the contact form on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('says so, without a 500, when nobody could receive the message', async () => {
    const visitor = new TestClient(t.app);
    await visitor.get('/contact');
    const res = await visitor.post('/contact', message);
    expect(res.statusCode).toBe(409);
    expect(plain(res.body)).toContain('n’a pas encore de destinataire');
    expect(res.body).toContain('camille@example.org');
    expect(await mails(t)).toEqual([]);
  });

  it('refuses a wrong address or missing fields, field by field, keeping what was typed', async () => {
    const email = uniqueEmail('team');
    const staff = await signUp(t.app, { email });
    const users = usersRepository(t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
    await staff.post('/deconnexion', {});

    const visitor = new TestClient(t.app);
    await visitor.get('/contact');
    const res = await visitor.post('/contact', { ...message, email: 'camille@', message: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Saisissez une adresse e-mail valide');
    expect(res.body).toContain('Ce champ est obligatoire.');
    expect(res.body).toContain('value="Camille Martin"');
    const odd = await visitor.post('/contact', { name: ['a', 'b'], email: [] as string[] });
    expect(odd.statusCode).toBe(422);
    expect(await mails(t)).toEqual([]);
  });

  it('queues the message to the team, one line of subject, and says it is sent', async () => {
    const visitor = new TestClient(t.app);
    await visitor.get('/contact');
    const res = await visitor.post('/contact', message);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/contact');
    const page = await visitor.follow(res);
    expect(plain(page.body)).toContain('Votre message est envoyé.');
    const queued = await mails(t);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.to_address).toMatch(/^team/);
    expect(queued[0]?.subject).toBe('[Contact] Une question Bcc: someone@example.org');
    expect(queued[0]?.body).toContain('De : Camille Martin <camille@example.org>');
    expect(queued[0]?.body).toContain('La carte ne se lit pas au clavier.');
  });

  it('limits the messages of one client address, and not those of another', async () => {
    const visitor = new TestClient(t.app);
    await visitor.get('/en/contact');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await visitor.post('/en/contact', message)).statusCode);
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
    const refused = await visitor.post('/en/contact', message);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(plain(refused.body)).toContain('Too many messages');

    const other = new TestClient(t.app);
    await other.get('/contact');
    expect((await other.post('/contact', message)).statusCode).toBe(303);
  });
});
