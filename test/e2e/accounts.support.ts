import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type A11yAudit, arrive, type E2eServer, pathOf, readOutbox, textOf } from './support.ts';

// What the accounts' journeys share: the server and browser of the spec file, the notices they
// read, and the steps of signing up, in and out.

export const SENT =
  'Un e-mail vient d’être envoyé à l’adresse indiquée pour la confirmer : ouvrez le lien qu’il contient (valable 48 heures). Vous pouvez vous connecter dès maintenant.';
export const CONFIRMED_SIGN_IN =
  'Votre adresse e-mail est confirmée. Connectez-vous pour continuer.';
export const CONFIRMED = 'Votre adresse e-mail est confirmée.';
export const RESET_SUBJECT = 'Digital Grenoble — réinitialisation de votre mot de passe';
export const SIGNED_OUT = 'Vous êtes déconnecté.';
export const INVALID_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';
export const REQUIRED = 'Ce champ est obligatoire.';

export type Person = { name: string; email: string; password: string };

/** The text a screen reader reads with a field: what its aria-describedby points at. */
export async function descriptionOf(field: Locator): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
  const texts = await Promise.all(
    ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()),
  );
  return texts.map((t) => (t ?? '').trim()).join(' ');
}

export function passwordField(page: Page): Locator {
  return page.getByLabel('Mot de passe', { exact: true });
}

/** the one status message (role=status) of the page */
export async function notice(page: Page): Promise<string> {
  return textOf(page.getByRole('status'));
}

/** the server, browser and accessibility audit the journeys share, set up once for the file */
export const shared: { server?: E2eServer; browser?: Browser; audit?: A11yAudit } = {};

export function running(): E2eServer {
  if (!shared.server) throw new Error('the server did not start');
  return shared.server;
}

function currentAudit(): A11yAudit {
  if (!shared.audit) throw new Error('the browser did not start');
  return shared.audit;
}

/** the shared audit's pages and checks */
export const audit = {
  newPage: (options?: BrowserContextOptions) => currentAudit().newPage(options),
  check: (page: Page) => currentAudit().check(page),
};

/**
 * The path and query of the newest link to this page mailed to the address, once the mail is out
 * (the account forms send their mails after answering). The link's origin is PUBLIC_URL, which
 * defaults to http://HOST:PORT as configured: here port 0, not the port the system chose.
 */
export async function mailedLink(email: string, to: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const pattern = new RegExp(`https?://\\S+${to}\\?token=\\S+`);
        const mails = (await readOutbox(running().dataDir)).filter((m) => m.to === email);
        link = mails.map((m) => pattern.exec(m.text)?.[0]).find((l) => l !== undefined);
        return link !== undefined;
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
  const url = new URL(link ?? '');
  return `${url.pathname}${url.search}`;
}

/** opens the confirmation link mailed to the person and presses its button */
export async function confirmAddress(page: Page, person: Person): Promise<void> {
  const link = await mailedLink(person.email, '/confirmer-adresse');
  const form = await page.goto(`${running().url}${link}`);
  expect(form?.status()).toBe(200);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
    'Confirmer votre adresse e-mail',
  );
  expect(await textOf(page.getByRole('main'))).toContain(person.email);
  await audit.check(page);
  const done = await arrive(page, () =>
    page.getByRole('button', { name: 'Confirmer mon adresse' }).click(),
  );
  expect(done.status()).toBe(200);
  await audit.check(page);
}

/** from the sign-up page, through the mail that confirms the address, to the account page */
export async function signUp(page: Page, person: Person): Promise<void> {
  const form = await page.goto(`${running().url}/inscription`);
  expect(form?.status()).toBe(200);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Créer un compte');
  await audit.check(page);

  await page.getByLabel('Nom complet').fill(person.name);
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await passwordField(page).fill(person.password);
  const sent = await arrive(page, () =>
    page.getByRole('button', { name: 'Créer mon compte' }).click(),
  );
  expect(sent.status()).toBe(200);
  // nobody is signed in by a sign-up: the page says a mail went to the address
  expect(pathOf(page)).toBe('/connexion');
  expect(await notice(page)).toBe(SENT);
  await audit.check(page);

  await confirmAddress(page, person);
  expect(pathOf(page)).toBe('/connexion');
  expect(await notice(page)).toBe(CONFIRMED_SIGN_IN);
  expect(await signIn(page, person.email, person.password)).toBe(200);
  expect(pathOf(page)).toBe('/compte');
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mon compte');
  const main = await textOf(page.getByRole('main'));
  expect(main).toContain(person.name);
  expect(main).toContain(person.email);
  expect(main).toContain('Membre');
  expect(main).toContain('confirmée');
  expect(main).not.toContain('Renvoyer le lien');
  await audit.check(page);
}

/** the header's button; lands on the sign-in page */
export async function signOut(page: Page): Promise<void> {
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
export async function signIn(page: Page, email: string, password: string): Promise<number> {
  expect(pathOf(page)).toMatch(/^\/connexion/);
  await page.getByLabel('Adresse e-mail').fill(email);
  await passwordField(page).fill(password);
  const answer = await arrive(page, () =>
    page.getByRole('button', { name: 'Se connecter' }).click(),
  );
  await audit.check(page);
  return answer.status();
}

export async function expectRefused(page: Page, email: string): Promise<void> {
  expect(pathOf(page)).toBe('/connexion');
  expect(await textOf(page.getByRole('alert'))).toBe(INVALID_CREDENTIALS);
  expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe(email);
  expect(await passwordField(page).inputValue()).toBe('');
  expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(0);
}
