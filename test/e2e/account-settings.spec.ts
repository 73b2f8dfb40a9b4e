import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  audit,
  expectRefused,
  mailedLink,
  notice,
  running,
  shared,
  signIn,
  signUp,
} from './accounts.support.ts';
import {
  A11yAudit,
  arrive,
  assertChromium,
  JOURNEY_TIMEOUT,
  launchBrowser,
  pathOf,
  readOutbox,
  skipWithoutChromium,
  textOf,
  uniqueEmail,
} from './support.ts';

const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function submit(page: Page, region: string, button: string) {
  const answer = await arrive(page, () =>
    section(page, region).getByRole('button', { name: button }).click(),
  );
  await audit.check(page);
  return answer.status();
}

/** a person changes everything on their account page, then takes their data and leaves */
function accountJourney(javaScript: boolean) {
  const mode = javaScript ? 'with' : 'without';
  it(`changes name, address and password, downloads the data and deletes the account, ${mode} JavaScript`, async () => {
    const page = await audit.newPage({ javaScriptEnabled: javaScript });
    const person = {
      name: 'Sacha Compte',
      email: uniqueEmail(`account-${mode}`),
      password: 'une phrase de passe solide',
    };
    await signUp(page, person);
    // another browser of the same person (a context of its own: its own cookies), whose session
    // the new password ends; its pages are the sign-in form and the account page, audited above
    if (!shared.browser) throw new Error('the browser did not start');
    const elsewhere = await shared.browser.newContext();
    const laptop = await elsewhere.newPage();
    await laptop.goto(`${running().url}/connexion`);
    await laptop.getByLabel('Adresse e-mail').fill(person.email);
    await laptop.getByLabel('Mot de passe', { exact: true }).fill(person.password);
    await arrive(laptop, () => laptop.getByRole('button', { name: 'Se connecter' }).click());
    expect(pathOf(laptop)).toBe('/compte');

    // the name
    await section(page, 'Identité').getByLabel('Nom affiché').fill('Sacha Renommée');
    expect(await submit(page, 'Identité', 'Enregistrer le nom')).toBe(200);
    expect(await notice(page)).toBe('Votre nom est enregistré.');

    // the address: a link to the new one, followed from the mail
    const newEmail = uniqueEmail(`moved-${mode}`);
    const email = section(page, 'Adresse e-mail');
    await email.getByLabel('Nouvelle adresse e-mail').fill(newEmail);
    await email.getByLabel('Mot de passe actuel').fill('pas le bon');
    expect(await submit(page, 'Adresse e-mail', 'Recevoir le lien de confirmation')).toBe(422);
    expect(await textOf(page.getByRole('alert').first())).toContain(
      'Ce n’est pas votre mot de passe actuel.',
    );
    await section(page, 'Adresse e-mail').getByLabel('Mot de passe actuel').fill(person.password);
    expect(await submit(page, 'Adresse e-mail', 'Recevoir le lien de confirmation')).toBe(200);
    const link = await mailedLink(newEmail, '/compte/nouvelle-adresse');
    await page.goto(`${running().url}${link}`);
    expect(await textOf(page.getByRole('main'))).toContain(newEmail);
    await audit.check(page);
    await arrive(page, () =>
      page.getByRole('button', { name: 'Confirmer la nouvelle adresse' }).click(),
    );
    expect(pathOf(page)).toBe('/compte');
    expect(await notice(page)).toContain('Votre nouvelle adresse est enregistrée');
    await audit.check(page);
    expect(await textOf(page.getByRole('main'))).toContain(newEmail);

    // the password: the laptop's session ends, this one stays
    const pw = section(page, 'Mot de passe');
    await pw.getByLabel('Mot de passe actuel').fill(person.password);
    await pw.getByLabel('Nouveau mot de passe').fill('un tout nouveau secret');
    await pw.getByLabel('Confirmez le mot de passe').fill('un tout nouveau secret');
    expect(await submit(page, 'Mot de passe', 'Changer le mot de passe')).toBe(200);
    expect(await notice(page)).toContain('vos autres sessions sont fermées');
    // the ended session is a visitor now: the account page asks it to sign in (401)
    const ended = await laptop.goto(`${running().url}/compte`);
    expect(ended?.status()).toBe(401);
    expect(await laptop.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(0);
    await elsewhere.close();

    // the data: readable, and as an archive
    await arrive(page, () => page.getByRole('link', { name: 'Voir mes données' }).click());
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mes données');
    expect(await textOf(page.getByRole('main'))).toContain(newEmail);
    await audit.check(page);
    // the archive: asked for, prepared by the server's background work, announced by mail
    await arrive(page, () => page.getByRole('button', { name: 'Préparer une archive' }).click());
    expect(await notice(page)).toContain('Votre archive est en préparation');
    await audit.check(page);
    await expect
      .poll(
        async () =>
          (await readOutbox(running().dataDir)).some(
            (m) => m.to === newEmail && m.text.includes('/compte/donnees'),
          ),
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    await page.reload();
    await audit.check(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Télécharger l’archive du/ }).click(),
    ]);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const data = JSON.parse(await readFile(file, 'utf8')) as {
      account: { email: string; name: string };
    };
    expect(data.account).toMatchObject({ email: newEmail, name: 'Sacha Renommée' });

    // the way out: the password, then the account is gone
    await page.goto(`${running().url}/compte/supprimer`);
    await audit.check(page);
    await page.getByLabel('Votre mot de passe, pour confirmer').fill('un tout nouveau secret');
    await arrive(page, () =>
      page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click(),
    );
    expect(pathOf(page)).toBe('/');
    expect(await notice(page)).toBe('Votre compte est supprimé.');
    await audit.check(page);
    await page.goto(`${running().url}/connexion`);
    await audit.check(page);
    expect(await signIn(page, newEmail, 'un tout nouveau secret')).toBe(401);
    await expectRefused(page, newEmail);
  });
}

describe.skipIf(skipWithoutChromium)(
  'the account page in a browser',
  { timeout: JOURNEY_TIMEOUT },
  () => {
    beforeAll(async () => {
      assertChromium();
      const { startServer } = await import('./support.ts');
      shared.server = await startServer();
      shared.browser = await launchBrowser();
      shared.audit = new A11yAudit(shared.browser);
    });
    afterEach(async () => {
      await shared.audit?.finish();
    });
    afterAll(async () => {
      await shared.audit?.close();
      await shared.browser?.close();
      await shared.server?.close();
    });

    accountJourney(true);
    accountJourney(false);
  },
);
