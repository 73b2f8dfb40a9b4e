import path from 'node:path';
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
import { outboxRepository } from '../mail/outbox.repository.ts';
import { newSecret } from './passwords.ts';
import { SESSION_COOKIE } from './session.hooks.ts';
import { usersRepository } from './users.repository.ts';

const RESET = '/reinitialiser-mot-de-passe';

describe.each(engines())('password links and what the forms reveal on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  const outbox = () => outboxRepository(path.join(t.dataDir, 'outbox'));
  const resetMails = async (email: string) =>
    (await outbox().list(1000)).filter((m) => m.to === email && m.text.includes(`${RESET}?token=`));

  /** asks for a reset link from the form; waits for its mail (the account's nth); its path */
  async function askReset(email: string, before: number): Promise<string> {
    const visitor = new TestClient(t.app);
    await visitor.get('/mot-de-passe-oublie');
    expect((await visitor.post('/mot-de-passe-oublie', { email })).statusCode).toBe(303);
    // each request sends its own mail; the newest comes first
    await expect
      .poll(async () => (await resetMails(email)).length, { timeout: 10_000 })
      .toBe(before + 1);
    const [latest] = await resetMails(email);
    if (!latest) throw new Error('no reset mail');
    return linkIn(latest, RESET);
  }

  async function choose(link: string, password: string) {
    const visitor = new TestClient(t.app);
    const form = await visitor.get(link);
    if (form.statusCode !== 200) return form.statusCode;
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    return (await visitor.post(RESET, { token, password, confirm: password })).statusCode;
  }

  it('keeps one live reset link per account: a newer one ends the older', async () => {
    const email = uniqueEmail('twice');
    await signUp(t.app, { email });
    const first = await askReset(email, 0);
    const second = await askReset(email, 1);
    expect(first).not.toBe(second);
    // the older link no longer opens the form, nor sets a password
    expect((await new TestClient(t.app).get(first)).statusCode).toBe(400);
    expect(await choose(first, 'a password from the old link')).toBe(400);
    expect(await choose(second, 'a password from the new link')).toBe(303);
  });

  it('ends every other live link of the account when one is used', async () => {
    const email = uniqueEmail('both');
    await signUp(t.app, { email });
    const user = await usersRepository(t.database.db).findByEmail(email);
    if (!user) throw new Error('no account');
    // a link made before the rule above, still live beside the one asked now
    const { secret, hash } = newSecret();
    await t.database.db
      .insertInto('password_tokens')
      .values({
        token_hash: hash,
        user_id: user.id,
        purpose: 'reset',
        email,
        expires_at: new Date(Date.now() + 3_600_000),
      })
      .execute();
    const older = `${RESET}?token=${secret}`;
    expect((await new TestClient(t.app).get(older)).statusCode).toBe(200);
    const asked = await askReset(email, 0);
    expect(await choose(asked, 'the password chosen now')).toBe(303);
    expect(await choose(older, 'a password from the other link')).toBe(400);
  });

  it('answers a sign-up with a taken address as a new one, and tells the owner by mail', async () => {
    const taken = uniqueEmail('taken');
    const owner = await signUp(t.app, { email: taken, name: 'Awa Propriétaire' });
    const fresh = uniqueEmail('fresh');

    async function signUpAs(email: string) {
      const visitor = new TestClient(t.app);
      await visitor.get('/inscription');
      const res = await visitor.post('/inscription', {
        name: 'Quelqu’un',
        email,
        password: 'another long password',
      });
      const page = await visitor.follow(res);
      return {
        status: res.statusCode,
        location: res.headers.location,
        cookies: res.cookies.map((c) => c.name).sort(),
        signedIn: visitor.cookies.has(SESSION_COOKIE),
        page: page.body.replace(/value="[^"]*"/g, 'value=""'),
      };
    }

    const existing = await signUpAs(taken.toUpperCase());
    const created = await signUpAs(fresh);
    expect(existing).toEqual(created);
    expect(existing.status).toBe(303);
    expect(existing.signedIn).toBe(false);
    expect(existing.page).toContain('Un e-mail vient d’être envoyé');
    expect(existing.page).not.toContain('existe déjà');

    // the owner hears of it, with a link that works; no second account was made
    const told = await waitForMail(
      t.app,
      (m) => m.to === taken && m.subject.includes('vous avez déjà un compte'),
    );
    expect(told.text).toContain('Bonjour Awa Propriétaire');
    expect(told.text).toContain('/connexion');
    expect(await choose(linkIn(told, RESET), 'the owner’s new password')).toBe(303);
    const accounts = await t.database.db
      .selectFrom('users')
      .select('name')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', taken.toLowerCase()))
      .execute();
    expect(accounts).toEqual([{ name: 'Awa Propriétaire' }]);
    // the owner's other sessions ended with the new password, as any reset does
    expect((await owner.get('/compte')).statusCode).toBe(401);
    // the new address got its confirmation link, the taken one none
    await waitForMail(t.app, (m) => m.to === fresh && m.text.includes('/confirmer-adresse?token='));
    const toTaken = (await outbox().list(1000)).filter((m) => m.to === taken.toUpperCase());
    expect(toTaken).toEqual([]);
  });

  it('confirms the address of an account whose password is chosen through a mailed link', async () => {
    const email = uniqueEmail('unconfirmed');
    await signUp(t.app, { email, verify: false });
    const users = usersRepository(t.database.db);
    expect((await users.findByEmail(email))?.email_verified_at).toBeNull();
    expect(await choose(await askReset(email, 0), 'chosen through the mail')).toBe(303);
    expect((await users.findByEmail(email))?.email_verified_at).toBeInstanceOf(Date);
  });
});
