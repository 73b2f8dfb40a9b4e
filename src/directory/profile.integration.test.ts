import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import { outboxRepository } from '../mail/outbox.repository.ts';
import { emailMatchesWebsite } from './profile.service.ts';

describe('proof by e-mail domain', () => {
  it.each([
    ['ceo@acme.fr', 'https://www.acme.fr', true],
    ['ceo@lab.acme.fr', 'https://acme.fr/about', true],
    ['ceo@acme.fr.evil.com', 'https://acme.fr', false],
    ['ceo@notacme.fr', 'https://acme.fr', false],
    ['ceo@gmail.com', null, false],
    ['ceo@acme.fr', 'not a url', false],
  ])('%s for %s: %s', (email, website, expected) => {
    expect(emailMatchesWebsite(email, website)).toBe(expected);
  });
});

describe.each(engines())('profiles: edit, claim, merge on %s', (engine) => {
  let t: TestApp;
  let acme: { id: string; slug: string };
  let staff: TestClient;

  async function asStaff() {
    const email = uniqueEmail('staff');
    const client = await signUp(t.app, { email });
    const users = usersRepository(t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
    return client;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    acme = await buildOrganisation(t.database.db, { name: 'Acme Capteurs', kind: 'startup' });
    await t.database.db
      .updateTable('organisations')
      .set({ website: 'https://www.acme-capteurs.fr' })
      .where('id', '=', acme.id)
      .execute();
    staff = await asStaff();
  });
  afterAll(async () => t?.close());

  it('lets a person of the organisation’s domain claim it at once, and then edit it', async () => {
    const member = await signUp(t.app, { email: `lea.${Date.now()}@acme-capteurs.fr` });
    expect((await member.get(`/annuaire/${acme.slug}/modifier`)).statusCode).toBe(403);
    await member.get(`/annuaire/${acme.slug}`);
    const claim = await member.post(`/annuaire/${acme.slug}/revendiquer`, { message: '' });
    expect(claim.statusCode).toBe(303);
    expect((await member.follow(claim)).body).toContain('Vous êtes désormais membre');

    const form = await member.get(`/annuaire/${acme.slug}/modifier`);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="name"');
    const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const saved = await member.post(`/annuaire/${acme.slug}/modifier`, {
      version,
      description_fr: 'Capteurs <script>alert(1)</script> connectés',
      description_en: '',
      website: 'https://www.acme-capteurs.fr',
      tags: 'IoT, capteurs, iot',
      headcount: '14',
      headcount_year: '2025',
    });
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const page = await member.get(`/annuaire/${acme.slug}`);
    expect(page.body).toContain('Capteurs &lt;script&gt;alert(1)&lt;/script&gt; connectés');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('iot, capteurs');
    expect(page.body).toContain('Déclaré par l’organisation');
    const history = await t.database.db
      .selectFrom('headcount_observations')
      .selectAll()
      .where('organisation_id', '=', acme.id)
      .execute();
    expect(history).toEqual([expect.objectContaining({ exact: 14, year: 2025, source: 'self' })]);

    // a typo fixed the same day corrects that day's declaration, and says so
    const again = await member.get(`/annuaire/${acme.slug}/modifier`);
    const fixed = await member.post(`/annuaire/${acme.slug}/modifier`, {
      version: /name="version" value="([^"]+)"/.exec(again.body)?.[1] ?? '',
      description_fr: 'Capteurs connectés',
      description_en: '',
      website: 'https://www.acme-capteurs.fr',
      tags: 'iot',
      headcount: '41',
      headcount_year: '2025',
    });
    expect(fixed.statusCode).toBe(303);
    const corrected = await t.database.db
      .selectFrom('headcount_observations')
      .select(['exact', 'source'])
      .where('organisation_id', '=', acme.id)
      .execute();
    expect(corrected).toEqual([{ exact: 41, source: 'self' }]);
  });

  it('answers 409 to a save made on an older version, keeps what was typed, and writes nothing', async () => {
    const first = await staff.get(`/annuaire/${acme.slug}/modifier`);
    const stale = /name="version" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
    const base = {
      description_fr: 'Version A',
      description_en: '',
      website: '',
      tags: '',
      headcount: '',
      headcount_year: '',
      name: 'Acme Capteurs',
      acronym: '',
      kind: 'startup',
      status: 'active',
    };
    expect(
      (await staff.post(`/annuaire/${acme.slug}/modifier`, { ...base, version: stale })).statusCode,
    ).toBe(303);
    const late = await staff.post(`/annuaire/${acme.slug}/modifier`, {
      ...base,
      version: stale,
      description_fr: 'Version B typed late',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Rien n’a été enregistré');
    expect(late.body).toContain('Version B typed late');
    expect(late.body).toContain('Version A');
    const row = await t.database.db
      .selectFrom('organisations')
      .select('description_fr')
      .where('id', '=', acme.id)
      .executeTakeFirstOrThrow();
    expect(row.description_fr).toBe('Version A');
  });

  it('explains bad input per field: a javascript: link, an absurd headcount, too many tags', async () => {
    const form = await staff.get(`/annuaire/${acme.slug}/modifier`);
    const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await staff.post(`/annuaire/${acme.slug}/modifier`, {
      version,
      name: 'Acme Capteurs',
      acronym: '',
      kind: 'startup',
      status: 'active',
      description_fr: 'Texte gardé',
      description_en: '',
      website: 'javascript:alert(1)',
      tags: Array.from({ length: 25 }, (_, i) => `t${i}`).join(','),
      headcount: '99999999',
      headcount_year: '2025',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('commençant par https://');
    expect(res.body).toContain('n’est pas plausible');
    expect(res.body).toContain('Au plus 20 mots-clés.');
    expect(res.body).toContain('Texte gardé');
  });

  it('queues a claim from another domain for staff, who approve it', async () => {
    const email = uniqueEmail('outsider');
    const person = await signUp(t.app, { email });
    await person.get(`/annuaire/${acme.slug}`);
    const res = await person.post(`/annuaire/${acme.slug}/revendiquer`, {
      message: 'Je suis la fondatrice.',
    });
    expect((await person.follow(res)).body).toContain('Votre demande est enregistrée');
    const queue = await staff.get('/admin/revendications');
    expect(queue.body).toContain(email);
    expect(queue.body).toContain('Je suis la fondatrice.');
    const id = /\/admin\/revendications\/(\d+)/.exec(queue.body)?.[1];
    // the person's account page says the request waits
    const waiting = await person.get('/compte');
    expect(waiting.body).toMatch(/Acme Capteurs<\/a> · demande en attente de vérification/);
    const approve = await staff.post(`/admin/revendications/${id}`, { decision: 'approve' });
    expect(approve.statusCode).toBe(303);
    // the person hears of it, with the link to the profile it may now edit
    const mails = await outboxRepository(path.join(t.dataDir, 'outbox')).list();
    const told = mails.find((m) => m.to === email);
    expect(told?.subject).toContain('votre demande pour « Acme Capteurs »');
    expect(told?.text).toContain(`/annuaire/${acme.slug}`);
    // a second decision (another member of the team, a second click) is told, not applied
    const late = await staff.post(`/admin/revendications/${id}`, { decision: 'reject' });
    expect(late.statusCode).toBe(303);
    expect((await staff.follow(late)).body).toContain('Cette demande a déjà été traitée.');
    expect((await person.get(`/annuaire/${acme.slug}/modifier`)).statusCode).toBe(200);
    const account = await person.get('/compte');
    expect(account.body).toMatch(/Acme Capteurs<\/a> · <a href="\/annuaire\/[^"]+\/modifier">/);
  });

  it('merges a duplicate into the kept profile; the old address redirects', async () => {
    const dup = await buildOrganisation(t.database.db, { name: 'ACME CAPTEURS SAS' });
    await staff.get(`/annuaire/${dup.slug}/modifier`);
    const self = await staff.post(`/annuaire/${dup.slug}/fusionner`, { target: dup.slug });
    expect(self.statusCode).toBe(409);
    const missing = await staff.post(`/annuaire/${dup.slug}/fusionner`, { target: 'nobody' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Aucune fiche active');
    const merged = await staff.post(`/annuaire/${dup.slug}/fusionner`, {
      target: `https://hub.example/annuaire/${acme.slug}`,
    });
    expect(merged.statusCode).toBe(303);
    const old = await t.app.inject(`/annuaire/${dup.slug}`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/annuaire/${acme.slug}`);
    const search = await t.app.inject('/api/v1/organisations?q=acme');
    expect(search.json().items.map((i: { slug: string }) => i.slug)).toEqual([acme.slug]);
    const member = await signUp(t.app, { email: uniqueEmail('member') });
    await member.get('/connexion');
    expect(
      (await member.post(`/annuaire/${acme.slug}/fusionner`, { target: dup.slug })).statusCode,
    ).toBe(403);
  });
});
