import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  JOURNEY_TIMEOUT,
  launchBrowser,
  pathOf,
  readOutbox,
  skipWithoutChromium,
  startServer,
  textOf,
  uniqueEmail,
} from './support.ts';

const WELCOME = 'Bienvenue ! Votre compte est créé et vous êtes connecté.';
const SIGNED_OUT = 'Vous êtes déconnecté.';
const INVALID_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';
const REQUIRED = 'Ce champ est obligatoire.';

type Person = { name: string; email: string; password: string };

/** The text a screen reader reads with a field: what its aria-describedby points at. */
async function descriptionOf(field: Locator): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
  const texts = await Promise.all(
    ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()),
  );
  return texts.map((t) => (t ?? '').trim()).join(' ');
}

function passwordField(page: Page): Locator {
  return page.getByLabel('Mot de passe', { exact: true });
}

/** the one status message (role=status) of the page */
async function notice(page: Page): Promise<string> {
  return textOf(page.getByRole('status'));
}

/** the server, browser and accessibility audit the journeys share, set up once for the file */
let server: E2eServer | undefined;
let browser: Browser | undefined;
let audit: A11yAudit;

function running(): E2eServer {
  if (!server) throw new Error('the server did not start');
  return server;
}

/** from the sign-up page to the account page */
async function signUp(page: Page, person: Person): Promise<void> {
  const form = await page.goto(`${running().url}/inscription`);
  expect(form?.status()).toBe(200);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Créer un compte');
  await audit.check(page);

  await page.getByLabel('Nom complet').fill(person.name);
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await passwordField(page).fill(person.password);
  const account = await arrive(page, () =>
    page.getByRole('button', { name: 'Créer mon compte' }).click(),
  );
  expect(account.status()).toBe(200);
  expect(pathOf(page)).toBe('/compte');
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mon compte');
  expect(await notice(page)).toBe(WELCOME);
  const main = await textOf(page.getByRole('main'));
  expect(main).toContain(person.name);
  expect(main).toContain(person.email);
  expect(main).toContain('Membre');
  await audit.check(page);
}

/** the header's button; lands on the sign-in page */
async function signOut(page: Page): Promise<void> {
  const signedOut = await arrive(page, () =>
    page.getByRole('button', { name: 'Se déconnecter' }).click(),
  );
  expect(signedOut.status()).toBe(200);
  expect(pathOf(page)).toBe('/connexion');
  expect(await notice(page)).toBe(SIGNED_OUT);
  expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(0);
  await audit.check(page);
}

/** fills the sign-in form of the page shown and submits it; returns the answer's status */
async function signIn(page: Page, email: string, password: string): Promise<number> {
  expect(pathOf(page)).toMatch(/^\/connexion/);
  await page.getByLabel('Adresse e-mail').fill(email);
  await passwordField(page).fill(password);
  const answer = await arrive(page, () =>
    page.getByRole('button', { name: 'Se connecter' }).click(),
  );
  await audit.check(page);
  return answer.status();
}

async function expectRefused(page: Page, email: string): Promise<void> {
  expect(pathOf(page)).toBe('/connexion');
  expect(await textOf(page.getByRole('alert'))).toBe(INVALID_CREDENTIALS);
  expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe(email);
  expect(await passwordField(page).inputValue()).toBe('');
  expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(0);
}

describe.skipIf(skipWithoutChromium)('accounts in a browser', { timeout: JOURNEY_TIMEOUT }, () => {
  beforeAll(async () => {
    assertChromium();
    server = await startServer();
    browser = await launchBrowser();
    audit = new A11yAudit(browser);
  });

  afterEach(async () => {
    await audit?.finish();
  });

  afterAll(async () => {
    await audit?.close();
    await browser?.close();
    await server?.close();
  });

  signingUpAndInJourney();
  passwordResetJourney();
  withoutJavaScriptJourney();
  apiTokenJourney();
  userAdministrationJourney();
});

function signingUpAndInJourney() {
  it('signs up, signs out, signs in again, and refuses a wrong password keeping the e-mail', async () => {
    const page = await audit.newPage();
    const person = {
      name: 'Camille Dupont',
      email: uniqueEmail('camille'),
      password: 'une phrase de passe solide',
    };

    await signUp(page, person);
    await signOut(page);

    expect(await signIn(page, person.email, person.password)).toBe(200);
    expect(pathOf(page)).toBe('/compte');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mon compte');
    expect(await textOf(page.getByRole('main'))).toContain(person.name);
    // the welcome was said once, at the sign-up
    expect(await page.getByRole('status').count()).toBe(0);

    await signOut(page);
    expect(await signIn(page, person.email, 'pas le bon mot de passe')).toBe(401);
    await expectRefused(page, person.email);
  });
}

function passwordResetJourney() {
  it('resets a forgotten password with the link an administrator reads in the outbox', async () => {
    const { url, dataDir } = running();
    const person = {
      name: 'Lou Moreau',
      email: uniqueEmail('lou'),
      password: 'ancien mot de passe',
    };
    const newPassword = 'nouveau mot de passe 2';
    // the person has an account, made in their own browser
    const owner = await audit.newPage();
    await signUp(owner, person);

    // a visitor asks for a link, from the sign-in page
    const page = await audit.newPage();
    await page.goto(`${url}/connexion`);
    await audit.check(page);
    const forgot = await arrive(page, () =>
      page.getByRole('link', { name: 'Mot de passe oublié ?' }).click(),
    );
    expect(forgot.status()).toBe(200);
    expect(pathOf(page)).toBe('/mot-de-passe-oublie');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mot de passe oublié');
    await audit.check(page);
    await page.getByLabel('Adresse e-mail').fill(person.email);
    const sent = await arrive(page, () =>
      page.getByRole('button', { name: 'Recevoir le lien' }).click(),
    );
    expect(sent.status()).toBe(200);
    expect(pathOf(page)).toBe('/mot-de-passe-oublie');
    expect(await notice(page)).toBe(
      'Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé. Le lien est valable une heure.',
    );
    await audit.check(page);
    const mailed = (await readOutbox(dataDir)).filter((m) => m.to === person.email);
    expect(mailed).toHaveLength(1);

    // the demo administrator reads it in the outbox
    const admin = running().demoAccount('admin');
    await arrive(page, () =>
      page
        .getByRole('navigation', { name: 'Compte' })
        .getByRole('link', { name: 'Se connecter' })
        .click(),
    );
    await audit.check(page);
    expect(await signIn(page, admin.email, admin.password)).toBe(200);
    expect(pathOf(page)).toBe('/compte');
    expect(await textOf(page.getByRole('main'))).toContain('Administrateur');

    await arrive(page, () => page.getByRole('link', { name: 'Administration' }).click());
    expect(pathOf(page)).toBe('/admin');
    await audit.check(page);
    const outbox = await arrive(page, () =>
      page.getByRole('link', { name: 'Courriers sortants' }).click(),
    );
    expect(outbox.status()).toBe(200);
    expect(pathOf(page)).toBe('/admin/outbox');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Courriers sortants');
    await audit.check(page);

    const subject = 'Digital Grenoble — réinitialisation de votre mot de passe';
    const row = page.getByRole('row').filter({ hasText: person.email });
    expect(await row.count()).toBe(1);
    const message = await arrive(page, () => row.getByRole('link', { name: subject }).click());
    expect(message.status()).toBe(200);
    expect(pathOf(page)).toMatch(/^\/admin\/outbox\/[0-9TZ-]+_[0-9a-f]{8}$/);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(subject);
    await audit.check(page);
    const body = await textOf(page.getByText(/Bonjour/));
    expect(body).toContain(`Bonjour ${person.name},`);
    const link = /(https?:\/\/\S+\/reinitialiser-mot-de-passe\?token=\S+)/.exec(body)?.[1];
    if (!link) throw new Error(`no reset link in the message shown:\n${body}`);
    expect(mailed[0]?.text).toContain(link);

    await signOut(page);

    // the person opens the link
    const resetUrl = new URL(link);
    expect(resetUrl.pathname).toBe('/reinitialiser-mot-de-passe');
    // The link's origin is PUBLIC_URL, which defaults to http://HOST:PORT as configured: here
    // port 0, not the port the system chose. Its path and token are opened on this server.
    const resetPath = `${resetUrl.pathname}${resetUrl.search}`;
    const reset = await page.goto(`${url}${resetPath}`);
    expect(reset?.status()).toBe(200);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
      'Choisir un nouveau mot de passe',
    );
    await audit.check(page);
    await passwordField(page).fill(newPassword);
    await page.getByLabel('Confirmez le mot de passe').fill(newPassword);
    const saved = await arrive(page, () =>
      page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click(),
    );
    expect(saved.status()).toBe(200);
    expect(pathOf(page)).toBe('/compte');
    expect(await notice(page)).toBe('Votre mot de passe est enregistré. Vous êtes connecté.');
    expect(await textOf(page.getByRole('main'))).toContain(person.name);
    await audit.check(page);

    // the link served once
    const again = await page.goto(`${url}${resetPath}`);
    expect(again?.status()).toBe(400);
    expect(await textOf(page.getByRole('alert'))).toContain(
      'Ce lien n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.',
    );
    await audit.check(page);

    // the reset signed the person's other browser out
    const elsewhere = await owner.goto(`${url}/compte`);
    expect(elsewhere?.status()).toBe(401);
    expect(await textOf(owner.getByRole('heading', { level: 1 }))).toBe('Connexion requise');
    await audit.check(owner);

    // the old password no longer opens the account; the new one does
    await signOut(page);
    expect(await signIn(page, person.email, person.password)).toBe(401);
    await expectRefused(page, person.email);
    expect(await signIn(page, person.email, newPassword)).toBe(200);
    expect(pathOf(page)).toBe('/compte');
    expect(await textOf(page.getByRole('main'))).toContain(person.email);
  });
}

function withoutJavaScriptJourney() {
  it('works without JavaScript: sign-up errors come back per field with the typed values', async () => {
    const page = await audit.newPage({ javaScriptEnabled: false });
    const person = {
      name: 'Dominique Martin',
      email: uniqueEmail('dominique'),
      password: 'sans script aucun',
    };
    const name = page.getByLabel('Nom complet');
    const email = page.getByLabel('Adresse e-mail');
    const password = passwordField(page);
    const submit = () => page.getByRole('button', { name: 'Créer mon compte' }).click();

    const form = await page.goto(`${running().url}/inscription`);
    expect(form?.status()).toBe(200);
    // the browser really runs no script
    expect(await page.evaluate(() => matchMedia('(scripting: none)').matches)).toBe(true);
    await audit.check(page);

    // the empty form: one message per field, and a summary
    const empty = await arrive(page, submit);
    expect(empty.status()).toBe(422);
    expect(pathOf(page)).toBe('/inscription');
    const summary = await textOf(page.getByRole('alert'));
    expect(summary).toContain('Le formulaire contient des erreurs :');
    for (const field of [name, email, password]) {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await descriptionOf(field)).toContain(REQUIRED);
    }
    expect(await page.getByRole('alert').getByRole('link').allInnerTexts()).toEqual([
      REQUIRED,
      REQUIRED,
      REQUIRED,
    ]);
    await audit.check(page);

    // what was typed comes back, except the password; each field says what is wrong with it
    await name.fill(person.name);
    await email.fill('dominique-at-example.org');
    await password.fill('court');
    const wrong = await arrive(page, submit);
    expect(wrong.status()).toBe(422);
    expect(await name.inputValue()).toBe(person.name);
    expect(await email.inputValue()).toBe('dominique-at-example.org');
    expect(await password.inputValue()).toBe('');
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    expect(await descriptionOf(email)).toBe(
      'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    );
    expect(await descriptionOf(password)).toBe(
      'Au moins 10 caractères. Le mot de passe doit contenir au moins 10 caractères.',
    );
    await audit.check(page);

    await email.fill(person.email);
    await password.fill(person.password);
    const account = await arrive(page, submit);
    expect(account.status()).toBe(200);
    expect(pathOf(page)).toBe('/compte');
    expect(await notice(page)).toBe(WELCOME);
    expect(await textOf(page.getByRole('main'))).toContain(person.name);
    await audit.check(page);
  });
}
function apiTokenJourney() {
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
      await textOf(page.getByRole('heading', { name: 'Votre nouveau jeton « Export nocturne »' })),
    ).toBeTruthy();
    expect(await textOf(tokens)).toContain('Copiez-le maintenant : il ne sera plus affiché.');
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
      row.getByRole('button', { name: 'Révoquer le jeton « Export nocturne »' }).click(),
    );
    expect(revoked.status()).toBe(200);
    expect(await notice(page)).toBe('Le jeton est révoqué : il ne permet plus d’utiliser l’API.');
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

function userAdministrationJourney() {
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
      'Le compte est désactivé : ses sessions et ses jetons ne fonctionnent plus.',
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
