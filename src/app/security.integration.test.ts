import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';

const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe.each(engines())('CSRF tokens and cookies over HTTPS on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { TRUST_PROXY: '1' });
  });
  afterAll(async () => t?.close());

  it('refuses a secret and a token planted in a signed-in browser from another session', async () => {
    // someone gets a secret and a token of their own, as any visitor can
    const attacker = new TestClient(t.app);
    const page = await attacker.get('/mot-de-passe-oublie');
    const plantedSecret = attacker.cookies.get('totem_csrf') ?? '';
    const plantedToken = tokenOf(page.body);
    expect(plantedSecret).not.toBe('');
    expect(plantedToken).not.toBe('');
    // and plants the secret in a victim's browser, then has it post a form with the token
    const victim = await signUp(t.app, { email: uniqueEmail('victim') });
    victim.cookies.set('totem_csrf', plantedSecret);
    const forged = await victim.post('/deconnexion', {}, { csrf: plantedToken });
    expect(forged.statusCode).toBe(403);
    expect((await victim.get('/compte')).statusCode).toBe(200);
    // the victim's own form, shown to its session, still works
    await victim.get('/compte');
    expect((await victim.post('/deconnexion', {})).statusCode).toBe(303);
  });

  it('marks every cookie Secure and asks browsers to stay on HTTPS when served over it', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const form = await t.app.inject({ url: '/connexion', headers: https });
    expect(form.headers['strict-transport-security']).toBe('max-age=15552000');
    const csrf = form.cookies.find((c) => c.name === 'totem_csrf');
    expect(csrf?.secure).toBe(true);
    expect(csrf?.httpOnly).toBe(true);
    // a form answered by a redirect leaves its notice in a Secure cookie too
    const reset = await t.app.inject({
      method: 'POST',
      url: '/mot-de-passe-oublie',
      headers: {
        ...https,
        cookie: `totem_csrf=${csrf?.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        email: uniqueEmail('nobody'),
        _csrf: tokenOf(form.body),
      }).toString(),
    });
    expect(reset.statusCode).toBe(303);
    const flash = reset.cookies.find((c) => c.name === 'totem_flash');
    expect(flash?.secure).toBe(true);
    // over plain HTTP, no such header (browsers would ignore it) and no Secure flag
    const plain = await t.app.inject({ url: '/connexion' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.cookies.find((c) => c.name === 'totem_csrf')?.secure).toBeFalsy();
  });
});
