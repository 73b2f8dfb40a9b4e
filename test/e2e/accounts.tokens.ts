import { expect, it } from 'vitest';
import { audit, expectRefused, notice, running, signIn, signUp } from './accounts.support.ts';
import { arrive, pathOf, textOf, uniqueEmail } from './support.ts';

// The account page's API tokens, and the administration of accounts: journeys of the accounts'
// spec file, on its server and browser.

export function apiTokenJourney() {
  it('creates an API token on the account page, sees it once, uses it, then revokes it', async () => {
    const { url } = running();
    const page = await audit.newPage();
    const person = {
      name: 'Noa Girard',
      email: uniqueEmail('noa'),
      password: 'un script bien rangé',
    };
    await signUp(page, person);
    const tokens = page.getByRole('region', { name: 'Jetons d’API' });
    expect(await textOf(tokens)).toContain('Aucun jeton pour le moment.');

    await tokens.getByLabel('Nom du jeton').fill('Export nocturne');
    const created = await arrive(page, () =>
      tokens.getByRole('button', { name: 'Créer un jeton' }).click(),
    );
    expect(created.status()).toBe(200);
    expect(pathOf(page)).toBe('/compte');
    expect(
      await textOf(page.getByRole('heading', { name: 'Votre nouveau jeton « Export nocturne »' })),
    ).toBeTruthy();
    expect(await textOf(tokens)).toContain('Copiez-le maintenant : il ne sera plus affiché.');
    const secret = await page.getByLabel('Le jeton, à copier').inputValue();
    expect(secret).toMatch(/^totem_[\w-]{43}$/);
    await audit.check(page);

    // a script uses it: no cookie, no CSRF token
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: person.email, role: 'member' });

    // the page shows it no more; its line says it was used
    const again = await page.reload();
    expect(again?.status()).toBe(200);
    await audit.check(page);
    expect(await page.getByLabel('Le jeton, à copier').count()).toBe(0);
    const row = tokens.getByRole('row').filter({ hasText: 'Export nocturne' });
    expect(await textOf(row)).toContain(`${secret.slice(0, 12)}…`);
    expect(await textOf(row)).not.toContain('Jamais');

    const revoked = await arrive(page, () =>
      row.getByRole('button', { name: 'Révoquer le jeton « Export nocturne »' }).click(),
    );
    expect(revoked.status()).toBe(200);
    expect(await notice(page)).toBe('Le jeton est révoqué : il ne permet plus d’utiliser l’API.');
    expect(await textOf(tokens)).toContain('Aucun jeton pour le moment.');
    await audit.check(page);
    const refused = await fetch(`${url}/api/v1/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'API_TOKEN_INVALID',
    );
  });
}

export function userAdministrationJourney() {
  it('an administrator finds an account and disables it: the person is out at their next request', async () => {
    const { url } = running();
    const person = {
      name: 'Sacha Bernard',
      email: uniqueEmail('sacha'),
      password: 'bientôt désactivé',
    };
    const own = await audit.newPage();
    await signUp(own, person);

    const page = await audit.newPage();
    const admin = running().demoAccount('admin');
    await page.goto(`${url}/connexion`);
    await audit.check(page);
    expect(await signIn(page, admin.email, admin.password)).toBe(200);
    await arrive(page, () => page.getByRole('link', { name: 'Administration' }).click());
    expect(pathOf(page)).toBe('/admin');
    await audit.check(page);
    const list = await arrive(page, () => page.getByRole('link', { name: 'Utilisateurs' }).click());
    expect(list.status()).toBe(200);
    expect(pathOf(page)).toBe('/admin/utilisateurs');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Utilisateurs');
    await audit.check(page);

    await page.getByLabel('Nom ou adresse e-mail').fill(person.email);
    await arrive(page, () => page.getByRole('button', { name: 'Rechercher' }).click());
    expect(await textOf(page.getByRole('main'))).toContain('1 compte');
    await audit.check(page);
    const account = await arrive(page, () => page.getByRole('link', { name: person.name }).click());
    expect(account.status()).toBe(200);
    expect(pathOf(page)).toMatch(/^\/admin\/utilisateurs\/[0-9a-f-]{36}$/);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(person.name);
    await audit.check(page);

    const disabled = await arrive(page, () =>
      page.getByRole('button', { name: 'Désactiver le compte' }).click(),
    );
    expect(disabled.status()).toBe(200);
    expect(await notice(page)).toBe(
      'Le compte est désactivé : ses sessions et ses jetons ne fonctionnent plus.',
    );
    const history = await textOf(
      page.getByRole('region', { name: 'Historique des modifications' }),
    );
    expect(history).toContain('Compte désactivé');
    expect(history).toContain(admin.email);
    await audit.check(page);

    // the person's very next request finds them signed out, and they cannot sign in again
    const next = await own.reload();
    expect(next?.status()).toBe(401);
    expect(await textOf(own.getByRole('heading', { level: 1 }))).toBe('Connexion requise');
    await audit.check(own);
    await own.goto(`${url}/connexion`);
    await audit.check(own);
    expect(await signIn(own, person.email, person.password)).toBe(401);
    await expectRefused(own, person.email);
  });
}
