import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmAddress,
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
  waitForMail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildServer } from '../app/server.ts';
import { loadConfig } from '../kernel/config.ts';
import { createMailer } from '../mail/mailer.ts';
import { outboxRepository } from '../mail/outbox.repository.ts';
import { SESSION_COOKIE } from './session.hooks.ts';

describe.each(engines())('signing up on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('signs a person up, asks them to confirm the address, shows their account, signs them out and back in', async () => {
    const email = uniqueEmail();
    const client = new TestClient(t.app);
    await client.get('/inscription');
    const sent = await client.post('/inscription', {
      name: 'Awa Diallo',
      email,
      password: 'correct horse battery',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/connexion');
    // nobody is signed in by a sign-up: the page says a mail went to the address
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await client.follow(sent)).body).toContain('Un e-mail vient d’être envoyé');
    const mail = await waitForMail(t.app, (m) => m.to === email);
    expect(mail.subject).toContain('confirmez votre adresse e-mail');
    expect(mail.text).toContain('Bonjour Awa Diallo');

    await client.get('/connexion');
    const signedIn = await client.post('/connexion', { email, password: 'correct horse battery' });
    expect(signedIn.statusCode).toBe(303);
    const account = await client.get('/compte');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Awa Diallo');
    expect(account.body).toContain('Membre');
    expect(account.body).toContain('pas encore confirmée');
    expect(account.body).toContain('Renvoyer le lien');

    await confirmAddress(client, email);
    const confirmed = await client.get('/compte');
    expect(confirmed.body).toContain('Votre adresse e-mail est confirmée.');
    expect(confirmed.body).not.toContain('Renvoyer le lien');

    const out = await client.post('/deconnexion', {});
    expect(out.statusCode).toBe(303);
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await client.get('/compte')).statusCode).toBe(401);

    await client.get('/connexion');
    const back = await client.post('/connexion', {
      email: email.toUpperCase(),
      password: 'correct horse battery',
    });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/compte');
    expect((await client.get('/compte')).body).toContain('Awa Diallo');
  });

  it('keeps what was typed and explains each field when the sign-up form is wrong', async () => {
    const client = new TestClient(t.app);
    await client.get('/inscription');
    const res = await client.post('/inscription', {
      name: 'Jo <b>Bold</b>',
      email: 'not-an-address',
      password: 'short',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Saisissez une adresse e-mail valide');
    expect(res.body).toContain('au moins 10 caractères');
    expect(res.body).toContain('value="not-an-address"');
    expect(res.body).toContain('value="Jo &lt;b&gt;Bold&lt;/b&gt;"');
    expect(res.body).not.toContain('<b>Bold</b>');
    // the password is never sent back
    expect(res.body).not.toContain('value="short"');
  });

  it('answers in English on the English page', async () => {
    const client = new TestClient(t.app);
    await client.get('/en/inscription');
    const res = await client.post('/en/inscription', { name: '', email: '', password: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This field is required.');
    expect(res.body).toContain('lang="en"');
  });

  it('refuses a form posted without its CSRF token', async () => {
    const client = new TestClient(t.app);
    await client.get('/inscription');
    const res = await client.post(
      '/inscription',
      { name: 'X', email: uniqueEmail(), password: 'long enough pass' },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Le formulaire a expiré');
    const forged = await client.post(
      '/inscription',
      { name: 'X', email: uniqueEmail(), password: 'long enough pass' },
      { csrf: 'forged-token' },
    );
    expect(forged.statusCode).toBe(403);
  });
});

describe.each(engines())('signing in and sessions on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('sets the session cookie httpOnly and SameSite=Lax, and a new session id at each sign-in', async () => {
    const email = uniqueEmail();
    const client = await signUp(t.app, { email });
    const first = client.cookies.get(SESSION_COOKIE);
    // a form of a page shown to this session (a token made before signing in holds no more)
    await client.get('/compte');
    const res = await client.post('/connexion', { email, password: 'correct horse battery' });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.value).toBeTruthy();
    expect(cookie?.value).not.toBe(first);
    // the old session was ended by the new sign-in
    const stale = new TestClient(t.app);
    stale.cookies.set(SESSION_COOKIE, first ?? '');
    expect((await stale.get('/compte')).statusCode).toBe(401);
  });

  it('marks the session cookie Secure when served over HTTPS', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/inscription',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.statusCode).toBe(200);
    // without TRUST_PROXY the forwarded header is not believed
    const csrf = res.cookies.find((c) => c.name === 'totem_csrf');
    expect(csrf?.secure).toBeFalsy();
  });

  it('says the same thing for an unknown address and a wrong password', async () => {
    const email = uniqueEmail();
    await signUp(t.app, { email });
    const client = new TestClient(t.app);
    await client.get('/connexion');
    const wrong = await client.post('/connexion', { email, password: 'not the password' });
    const unknown = await client.post('/connexion', {
      email: uniqueEmail('nobody'),
      password: 'not the password',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Adresse e-mail ou mot de passe incorrect.');
    expect(unknown.body).toContain('Adresse e-mail ou mot de passe incorrect.');
    expect(wrong.body).toContain(`value="${email}"`);
  });

  it('never follows a sign-in to another site', async () => {
    const email = uniqueEmail();
    await signUp(t.app, { email });
    const client = new TestClient(t.app);
    await client.get('/connexion');
    const res = await client.post('/connexion', {
      email,
      password: 'correct horse battery',
      next: '//evil.example/',
    });
    expect(res.headers.location).toBe('/compte');
  });

  it('keeps sessions across a restart of the server', async () => {
    const email = uniqueEmail();
    const client = await signUp(t.app, { email, name: 'Restart Proof' });
    const config = loadConfig({ DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' });
    const second = await buildServer({
      config,
      database: t.database,
      mailer: createMailer({ dataDir: t.dataDir, from: config.mailFrom }),
    });
    const again = new TestClient(second);
    again.cookies.set(SESSION_COOKIE, client.cookies.get(SESSION_COOKIE) ?? '');
    const res = await again.get('/compte');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Restart Proof');
    await second.close();
  });

  it('answers the signed-in account as JSON, and 401 to a visitor', async () => {
    const email = uniqueEmail();
    const client = await signUp(t.app, { email, name: 'Api Person' });
    const me = await client.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email, name: 'Api Person', role: 'member', locale: 'fr' });
    expect(me.json()).not.toHaveProperty('password_hash');
    const anon = await new TestClient(t.app).get('/api/v1/me');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});

describe.each(engines())('resetting a password on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  const outbox = () => outboxRepository(path.join(t.dataDir, 'outbox'));

  it('resets a password through the link sent by e-mail, once', async () => {
    const email = uniqueEmail();
    const owner = await signUp(t.app, { email, name: 'Léa Martin' });
    const visitor = new TestClient(t.app);
    await visitor.get('/mot-de-passe-oublie');
    const asked = await visitor.post('/mot-de-passe-oublie', { email });
    expect(asked.statusCode).toBe(303);
    expect((await visitor.follow(asked)).body).toContain('Si un compte existe pour cette adresse');

    const mail = await waitForMail(
      t.app,
      (m) => m.to === email && m.text.includes('/reinitialiser-mot-de-passe?token='),
    );
    expect(mail.subject).toContain('réinitialisation');
    const link = /https?:\/\/\S+token=\S+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    const url = new URL(link ?? '');

    const form = await visitor.get(url.pathname + url.search);
    expect(form.statusCode).toBe(200);
    const mismatch = await visitor.post('/reinitialiser-mot-de-passe', {
      token: url.searchParams.get('token') ?? '',
      password: 'a brand new password',
      confirm: 'something else entirely',
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('ne sont pas identiques');

    const done = await visitor.post('/reinitialiser-mot-de-passe', {
      token: url.searchParams.get('token') ?? '',
      password: 'a brand new password',
      confirm: 'a brand new password',
    });
    expect(done.statusCode).toBe(303);
    expect((await visitor.follow(done)).body).toContain('Votre mot de passe est enregistré');

    // the owner's other session was signed out, and the link cannot serve twice
    expect((await owner.get('/compte')).statusCode).toBe(401);
    const again = await new TestClient(t.app).get(url.pathname + url.search);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('n’est plus valable');

    const fresh = new TestClient(t.app);
    await fresh.get('/connexion');
    expect(
      (await fresh.post('/connexion', { email, password: 'correct horse battery' })).statusCode,
    ).toBe(401);
    expect(
      (await fresh.post('/connexion', { email, password: 'a brand new password' })).statusCode,
    ).toBe(303);
  });

  it('sends no mail for an unknown address but answers the same', async () => {
    const ghost = uniqueEmail('ghost');
    const real = uniqueEmail('real');
    await signUp(t.app, { email: real });
    const answers = [];
    for (const email of [ghost, real]) {
      const visitor = new TestClient(t.app);
      await visitor.get('/mot-de-passe-oublie');
      const res = await visitor.post('/mot-de-passe-oublie', { email });
      answers.push({ status: res.statusCode, location: res.headers.location });
      answers.push({ page: (await visitor.follow(res)).body.replace(/value="[^"]*"/g, '') });
    }
    expect(answers[0]).toEqual(answers[2]);
    expect(answers[1]).toEqual(answers[3]);
    // the mails leave after the answers, in order: once the real address's is out, the ghost's
    // turn has passed, and it sent nothing
    await waitForMail(t.app, (m) => m.to === real && m.subject.includes('réinitialisation'));
    expect((await outbox().list()).filter((m) => m.to === ghost)).toEqual([]);
  });
});
