import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  linkIn,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
  waitForMail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { membersService } from '../directory/members.service.ts';
import { createMailer } from '../mail/mailer.ts';
import { loadAccountsDemo } from './accounts.demo.ts';
import { accountsService } from './accounts.service.ts';
import { operatorService } from './operator.service.ts';
import { usersRepository } from './users.repository.ts';

const CONFIRM = '/confirmer-adresse';
const RESET = '/reinitialiser-mot-de-passe';

/** one application per engine for the whole file */
function addressApp(engine: EngineKind) {
  const s = {} as { t: TestApp };
  beforeAll(async () => {
    s.t = await createTestApp(engine);
  });
  afterAll(async () => s.t?.close());
  return s;
}

const verifiedAtIn = async (t: TestApp, email: string) =>
  (await usersRepository(t.database.db).findByEmail(email))?.email_verified_at ?? null;

const confirmations = (email: string) => (m: { to: string; text: string }) =>
  m.to === email && m.text.includes(`${CONFIRM}?token=`);

describe.each(engines())('confirming an e-mail address by its link on %s', (engine) => {
  const s = addressApp(engine);
  let t: TestApp;
  beforeAll(() => {
    t = s.t;
  });
  const verifiedAt = (email: string) => verifiedAtIn(t, email);

  it('confirms the address with the link mailed at sign-up, by a button: opening the link is not enough', async () => {
    const email = uniqueEmail('confirm');
    const person = await signUp(t.app, { email, verify: false });
    const mail = await waitForMail(t.app, confirmations(email));
    expect(mail.text).toContain('valable 48 heures');
    const link = linkIn(mail, CONFIRM);

    // a mail scanner, or the person, opens the link: the page asks, nothing is confirmed yet
    const page = await new TestClient(t.app).get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Confirmez que l’adresse ${email} est bien la vôtre.`);
    expect(await verifiedAt(email)).toBeNull();

    // the button, from the person's own browser: back to the account, confirmed
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    await person.get(link);
    const done = await person.post(CONFIRM, { token });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/compte');
    expect((await person.follow(done)).body).toContain('Votre adresse e-mail est confirmée.');
    expect(await verifiedAt(email)).toBeInstanceOf(Date);

    // the link served once
    const again = new TestClient(t.app);
    expect((await again.get(link)).statusCode).toBe(400);
    await again.get('/connexion');
    const late = await again.post(CONFIRM, { token });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('Ce lien n’est plus valable');
  });

  it('sends a new link from the account page, which ends the older ones, a few times only', async () => {
    const email = uniqueEmail('resend');
    const person = await signUp(t.app, { email, verify: false });
    const first = linkIn(await waitForMail(t.app, confirmations(email)), CONFIRM);
    const account = await person.get('/compte');
    expect(account.body).toContain('Adresse e-mail à confirmer');
    expect(account.body).toContain('pas encore confirmée');

    const resent = await person.post('/compte/confirmer-adresse', {});
    expect(resent.statusCode).toBe(303);
    expect((await person.follow(resent)).body).toContain('Un nouveau lien vient d’être envoyé');
    const second = linkIn(
      await waitForMail(t.app, (m) => confirmations(email)(m) && !m.text.includes(first)),
      CONFIRM,
    );
    expect((await new TestClient(t.app).get(first)).statusCode).toBe(400);
    expect((await new TestClient(t.app).get(second)).statusCode).toBe(200);

    // three sends in a quarter of an hour, then a wait that doubles
    await person.get('/compte');
    expect((await person.post('/compte/confirmer-adresse', {})).statusCode).toBe(303);
    await person.get('/compte');
    expect((await person.post('/compte/confirmer-adresse', {})).statusCode).toBe(303);
    await person.get('/compte');
    const refused = await person.post('/compte/confirmer-adresse', {});
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toContain('Trop de tentatives');
  });

  it('does not take a confirmation link for a password link, nor the reverse', async () => {
    const email = uniqueEmail('kinds');
    await signUp(t.app, { email, verify: false });
    const confirm = linkIn(await waitForMail(t.app, confirmations(email)), CONFIRM);
    const token = new URL(confirm, 'http://x').searchParams.get('token') ?? '';
    const visitor = new TestClient(t.app);
    expect((await visitor.get(`${RESET}?token=${token}`)).statusCode).toBe(400);
    await visitor.get(confirm);
    const reset = await visitor.post(RESET, {
      token,
      password: 'taken over by a confirmation link',
      confirm: 'taken over by a confirmation link',
    });
    expect(reset.statusCode).toBe(400);

    await visitor.get('/mot-de-passe-oublie');
    await visitor.post('/mot-de-passe-oublie', { email });
    const resetMail = await waitForMail(t.app, (m) => m.to === email && m.text.includes(RESET));
    const resetToken = new URL(linkIn(resetMail, RESET), 'http://x').searchParams.get('token');
    expect((await visitor.get(`${CONFIRM}?token=${resetToken}`)).statusCode).toBe(400);
    expect((await visitor.post(CONFIRM, { token: resetToken ?? '' })).statusCode).toBe(400);
    expect(await verifiedAt(email)).toBeNull();
  });

  it('mails the link in the language of the sign-up, to the English page', async () => {
    const email = uniqueEmail('english');
    const person = await signUp(t.app, { email, locale: 'en', name: 'Sam Smith', verify: false });
    const mail = await waitForMail(t.app, confirmations(email));
    expect(mail.subject).toContain('confirm your e-mail address');
    expect(mail.text).toContain('Hello Sam Smith');
    const link = linkIn(mail, `/en${CONFIRM}`);
    expect((await person.get(link)).body).toContain('Confirm my address');
    expect((await person.get('/en/compte')).body).toContain('not confirmed yet');
  });
});

describe.each(engines())('addresses proved otherwise on %s', (engine) => {
  const s = addressApp(engine);
  let t: TestApp;
  beforeAll(() => {
    t = s.t;
  });
  const verifiedAt = (email: string) => verifiedAtIn(t, email);

  it('confirms the address of an account an operator made, once its password is chosen through the link', async () => {
    const deps = { db: t.database.db, publicUrl: () => 'http://totem.test' };
    const accounts = accountsService({
      ...deps,
      mailer: createMailer({ dataDir: t.dataDir, from: 'totem@example.org' }),
      hubName: async () => 'Totem',
    });
    const operator = operatorService({ ...deps, directory: membersService(t.database.db) });
    const org = await buildOrganisation(t.database.db, { name: 'Opérée', siren: '552100554' });
    const made = [
      (await accounts.createWithRole({ email: uniqueEmail('admin'), role: 'admin' })).user,
      (
        await operator.addUser({
          email: uniqueEmail('member'),
          role: 'member',
          organisationSiren: '552100554',
        })
      ).user,
    ];
    const links = [
      (await accounts.createWithRole({ email: made[0]?.email ?? '', role: 'admin' })).link,
      (await accounts.createWithRole({ email: made[1]?.email ?? '', role: 'member' })).link,
    ];
    for (const [i, user] of made.entries()) {
      if (!user) throw new Error('no account');
      expect(await verifiedAt(user.email)).toBeNull();
      const link = new URL(links[i] ?? '');
      const visitor = new TestClient(t.app);
      await visitor.get(`${link.pathname}${link.search}`);
      const chosen = await visitor.post(RESET, {
        token: link.searchParams.get('token') ?? '',
        password: 'chosen by the operator’s link',
        confirm: 'chosen by the operator’s link',
      });
      expect(chosen.statusCode).toBe(303);
      expect(await verifiedAt(user.email)).toBeInstanceOf(Date);
    }
    // the member attached by the command acts for its organisation once its password is chosen
    const member = new TestClient(t.app);
    await member.get('/connexion');
    await member.post('/connexion', {
      email: made[1]?.email ?? '',
      password: 'chosen by the operator’s link',
    });
    expect((await member.get(`/annuaire/${org.slug}/modifier`)).statusCode).toBe(200);
  });

  it('makes the demo accounts with their addresses confirmed', async () => {
    await loadAccountsDemo(t.database.db);
    for (const role of ['admin', 'staff', 'reviewer', 'member']) {
      expect(await verifiedAt(`demo-${role}@totem.example`)).toBeInstanceOf(Date);
    }
  });
});
