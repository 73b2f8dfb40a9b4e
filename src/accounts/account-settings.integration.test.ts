import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { MailKind } from '../db/schema.ts';
import { membersService } from '../directory/members.service.ts';
import { accountSettingsService } from './account-settings.service.ts';
import { usersRepository } from './users.repository.ts';

const PASSWORD = 'correct horse battery';

/** the mails queued in transactions (a change of address, its notice), oldest first */
const queued = (t: TestApp, to: string) =>
  t.database.db
    .selectFrom('mail_queue')
    .select(['to_address', 'subject', 'body'])
    .where('to_address', '=', to)
    .orderBy('id')
    .execute();

/** the path and query of the first link to `page` in a text */
function pathIn(text: string, page: string): string {
  const link = new RegExp(`https?://\\S+${page}\\?\\S+`).exec(text)?.[0];
  if (!link) throw new Error(`no link to ${page}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const client = new TestClient(t.app);
  await client.get('/connexion');
  const res = await client.post('/connexion', { email, password });
  return { client, res };
}

describe.each(engines())('what a person changes on their account page, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('changes the display name, and refuses an empty one with a message', async () => {
    const me = await signUp(t.app, { email: uniqueEmail('name'), name: 'Ana Old' });
    const page = await me.get('/compte');
    expect(page.body).toContain('value="Ana Old"');
    const empty = await me.post('/compte/nom', { display_name: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Ce champ est obligatoire.');
    const done = await me.post('/compte/nom', { display_name: 'Ana Nouvelle' });
    expect(done.statusCode).toBe(303);
    const after = await me.follow(done);
    expect(after.body).toContain('Votre nom est enregistré.');
    expect(after.body).toContain('value="Ana Nouvelle"');
  });

  it('changes the address through a link mailed to the new one; the old one is told', async () => {
    const oldEmail = uniqueEmail('old');
    const newEmail = uniqueEmail('new');
    const me = await signUp(t.app, { email: oldEmail });
    await me.get('/compte');

    // the current password is asked, and the same address is not a change
    const wrong = await me.post('/compte/adresse', {
      new_email: newEmail,
      email_password: 'not my password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Ce n’est pas votre mot de passe actuel.');
    expect(wrong.body).toContain(`value="${newEmail}"`);
    const same = await me.post('/compte/adresse', {
      new_email: oldEmail.toUpperCase(),
      email_password: PASSWORD,
    });
    expect(same.statusCode).toBe(422);
    expect(same.body).toContain('C’est déjà l’adresse de votre compte.');

    const asked = await me.post('/compte/adresse', {
      new_email: newEmail,
      email_password: PASSWORD,
    });
    expect(asked.statusCode).toBe(303);
    expect((await me.follow(asked)).body).toContain('Un lien vient d’être envoyé');
    // nothing changes until the link is used
    expect((await usersRepository(t.database.db).findByEmail(oldEmail))?.email).toBe(oldEmail);
    const [mail] = await queued(t, newEmail);
    expect(mail?.subject).toContain('confirmez votre nouvelle adresse');
    const link = pathIn(mail?.body ?? '', '/compte/nouvelle-adresse');

    // opening the link asks; a button changes the address
    const page = await me.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(newEmail);
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const done = await me.post('/compte/nouvelle-adresse', { token });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/compte');
    expect((await me.follow(done)).body).toContain('Votre nouvelle adresse est enregistrée');
    const row = await usersRepository(t.database.db).findByEmail(newEmail);
    expect(row?.email_verified_at).toBeInstanceOf(Date);
    const [notice] = await queued(t, oldEmail).then((m) =>
      m.filter((x) => x.subject.includes('a changé')),
    );
    expect(notice?.body).toContain(newEmail);
    expect(notice?.body).toContain('/reinitialiser-mot-de-passe?token=');

    // signs in with the new address only; the link served once
    expect((await signIn(t, newEmail)).res.statusCode).toBe(303);
    expect((await signIn(t, oldEmail)).res.statusCode).toBe(401);
    expect((await me.post('/compte/nouvelle-adresse', { token })).statusCode).toBe(400);
  });

  it('refuses a new address another account took meanwhile, and changes nothing', async () => {
    const mine = uniqueEmail('mine');
    const wanted = uniqueEmail('wanted');
    const me = await signUp(t.app, { email: mine });
    await me.get('/compte');
    await me.post('/compte/adresse', { new_email: wanted, email_password: PASSWORD });
    const [mail] = await queued(t, wanted);
    await signUp(t.app, { email: wanted });
    const link = pathIn(mail?.body ?? '', '/compte/nouvelle-adresse');
    await me.get(link);
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const refused = await me.post('/compte/nouvelle-adresse', { token });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Un compte existe déjà avec cette adresse.');
    expect((await usersRepository(t.database.db).findByEmail(mine))?.email).toBe(mine);
  });

  it('changes the password after the current one, ending the other sessions but this one', async () => {
    const email = uniqueEmail('pw');
    const me = await signUp(t.app, { email });
    const other = (await signIn(t, email)).client;
    expect((await other.get('/compte')).statusCode).toBe(200);

    // both sessions are listed, this one marked, the other with a button
    const page = await me.get('/compte');
    expect(page.body).toContain('(cette session)');
    expect(page.body.match(/\/compte\/sessions\/\d+\/fermer/g)).toHaveLength(1);

    const mismatch = await me.post('/compte/mot-de-passe', {
      current_password: PASSWORD,
      password: 'a new long password',
      confirm: 'another one entirely',
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('Les deux mots de passe ne sont pas identiques.');
    const wrong = await me.post('/compte/mot-de-passe', {
      current_password: 'not it at all',
      password: 'a new long password',
      confirm: 'a new long password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Ce n’est pas votre mot de passe actuel.');

    const done = await me.post('/compte/mot-de-passe', {
      current_password: PASSWORD,
      password: 'a new long password',
      confirm: 'a new long password',
    });
    expect(done.statusCode).toBe(303);
    expect((await me.follow(done)).body).toContain('vos autres sessions sont fermées');
    expect((await me.get('/compte')).statusCode).toBe(200);
    expect((await other.get('/compte')).statusCode).not.toBe(200);
    expect((await signIn(t, email)).res.statusCode).toBe(401);
    expect((await signIn(t, email, 'a new long password')).res.statusCode).toBe(303);
  });
});

describe.each(engines())('sessions, memberships and mails on the account page, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('ends one of its sessions from the list, never another account’s', async () => {
    const email = uniqueEmail('sessions');
    const me = await signUp(t.app, { email });
    const laptop = (await signIn(t, email)).client;
    const page = await me.get('/compte');
    const endPath = /\/compte\/sessions\/(\d+)\/fermer/.exec(page.body)?.[0] ?? '';
    expect(endPath).not.toBe('');

    // someone else's account cannot end it
    const stranger = await signUp(t.app, { email: uniqueEmail('stranger') });
    await stranger.get('/compte');
    const theirs = await stranger.post(endPath, {});
    expect((await stranger.follow(theirs)).body).toContain('Cette session était déjà fermée.');
    expect((await laptop.get('/compte')).statusCode).toBe(200);

    const ended = await me.post(endPath, {});
    expect((await me.follow(ended)).body).toContain('La session est fermée.');
    expect((await laptop.get('/compte')).statusCode).not.toBe(200);
    expect((await me.post('/compte/sessions/abc/fermer', {})).statusCode).toBe(400);
  });

  it('leaves an organisation it acts for', async () => {
    const email = uniqueEmail('leave');
    const me = await signUp(t.app, { email });
    const user = await usersRepository(t.database.db).findByEmail(email);
    const org = await buildOrganisation(t.database.db, { name: 'Quittée SAS' });
    await membersService(t.database.db).attach(org.id, user?.id ?? '');
    const page = await me.get('/compte');
    expect(page.body).toContain('Ne plus agir au nom de Quittée SAS');
    const left = await me.post(`/compte/organisations/${org.slug}/quitter`, {});
    expect((await me.follow(left)).body).toContain(
      'Vous n’agissez plus au nom de cette organisation.',
    );
    expect(await membersService(t.database.db).membershipsOf(user?.id ?? '')).toEqual([]);
    const again = await me.post(`/compte/organisations/${org.slug}/quitter`, {});
    expect((await me.follow(again)).body).toContain('Vous n’étiez pas membre');
  });

  it('turns reminders off on the page or by the link in a reminder, and a reminder then does not leave', async () => {
    const email = uniqueEmail('mails');
    const me = await signUp(t.app, { email });
    const userId = (await usersRepository(t.database.db).findByEmail(email))?.id ?? '';
    const settings = accountSettingsService({
      db: t.database.db,
      publicUrl: () => 'https://hub.example',
      hubName: async () => 'Hub',
      directory: membersService(t.database.db),
    });
    const db = t.database.db;
    const first = await db
      .transaction()
      .execute((trx) => settings.mailOf(userId, 'event_reminders', trx));
    if (!first.send) throw new Error('reminders are on by default');
    expect(first.footer).toContain('https://hub.example/desabonnement?cle=');

    // the page: the three reminders ticked, the digest not (a newsletter waits to be asked for);
    // untick the call reminders
    const page = await me.get('/compte');
    expect(page.body.match(/name="kinds"[^>]*checked/g)).toHaveLength(3);
    expect(page.body).not.toMatch(/value="news_digest"[^>]*checked/);
    const saved = await me.post('/compte/courriels', { kinds: 'event_reminders' });
    expect((await me.follow(saved)).body).toContain('Vos choix d’e-mails sont enregistrés.');
    const off = await db
      .transaction()
      .execute((trx) => settings.mailOf(userId, 'call_reminders', trx));
    expect(off.send).toBe(false);

    // the link at the end of a reminder, opened without any session: a button, then done
    const link = pathIn(first.footer, '/desabonnement');
    const visitor = new TestClient(t.app);
    const asks = await visitor.get(link);
    expect(asks.statusCode).toBe(200);
    expect(asks.body).toContain('Rappels la veille d’un événement');
    const key = new URL(link, 'http://x').searchParams.get('cle') ?? '';
    const done = await visitor.post('/desabonnement', { cle: key, type: 'event_reminders' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('C’est fait');
    const none = await db
      .transaction()
      .execute((trx) => settings.mailOf(userId, 'event_reminders', trx));
    expect(none.send).toBe(false);

    // a forged key or kind is refused, with a message
    expect((await visitor.get('/desabonnement?cle=nope&type=event_reminders')).statusCode).toBe(
      404,
    );
    expect((await visitor.get(`/desabonnement?cle=${key}&type=spam`)).statusCode).toBe(404);
    // and the account page shows both unticked now
    expect((await me.get('/compte')).body.match(/name="kinds"[^>]*checked/g)).toBeNull();
  });
});

describe.each(engines())('the kinds of mail a person chooses, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('lists the four kinds, turns the digest on and off, and each kind’s link unsubscribes from it', async () => {
    const email = uniqueEmail('kinds');
    const me = await signUp(t.app, { email });
    const userId = (await usersRepository(t.database.db).findByEmail(email))?.id ?? '';
    const settings = accountSettingsService({
      db: t.database.db,
      publicUrl: () => 'https://hub.example',
      hubName: async () => 'Hub',
      directory: membersService(t.database.db),
    });
    const db = t.database.db;
    const mailOf = (kind: MailKind) =>
      db.transaction().execute((trx) => settings.mailOf(userId, kind, trx));
    const page = await me.get('/compte');
    for (const kind of ['call_reminders', 'event_reminders', 'booking_reminders', 'news_digest']) {
      expect(page.body).toContain(`value="${kind}"`);
    }
    expect(page.body).toContain('Rappels la veille d’une réservation');
    expect(page.body).toContain('Lettre d’actualités');
    expect((await mailOf('news_digest')).send).toBe(false);
    expect(
      await db.transaction().execute((trx) => settings.subscribers('news_digest', trx)),
    ).toEqual([]);

    // ticking the digest turns it on, and keeps the reminders ticked
    const kinds = ['call_reminders', 'event_reminders', 'booking_reminders', 'news_digest'];
    await me.post('/compte/courriels', { kinds });
    expect((await me.get('/compte')).body.match(/name="kinds"[^>]*checked/g)).toHaveLength(4);
    const subscribed = await db
      .transaction()
      .execute((trx) => settings.subscribers('news_digest', trx));
    expect(subscribed.map((s) => s.email)).toEqual([email]);

    // each kind's footer carries its own link; following it turns that kind off only
    const visitor = new TestClient(t.app);
    for (const kind of ['booking_reminders', 'news_digest'] as const) {
      const choice = await mailOf(kind);
      if (!choice.send) throw new Error(`${kind} is on`);
      const link = pathIn(choice.footer, '/desabonnement');
      expect(link).toContain(`type=${kind}`);
      expect((await visitor.get(link)).statusCode).toBe(200);
      const key = new URL(link, 'http://x').searchParams.get('cle') ?? '';
      const done = await visitor.post('/desabonnement', { cle: key, type: kind });
      expect(done.body).toContain('C’est fait');
      expect((await mailOf(kind)).send).toBe(false);
    }
    expect((await mailOf('event_reminders')).send).toBe(true);
    const after = (await me.get('/compte')).body;
    expect(after).not.toMatch(/value="news_digest"[^>]*checked/);
    expect(after).not.toMatch(/value="booking_reminders"[^>]*checked/);
    expect(after.match(/name="kinds"[^>]*checked/g)).toHaveLength(2);

    // unticking the digest on the page turns it off too
    await me.post('/compte/courriels', { kinds: ['news_digest'] });
    expect((await mailOf('news_digest')).send).toBe(true);
    await me.post('/compte/courriels', { kinds: [] });
    expect((await mailOf('news_digest')).send).toBe(false);
  });
});
