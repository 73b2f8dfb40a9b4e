import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  audit,
  CONFIRMED,
  confirmAddress,
  descriptionOf,
  expectRefused,
  mailedLink,
  notice,
  passwordField,
  REQUIRED,
  RESET_SUBJECT,
  running,
  SENT,
  shared,
  signIn,
  signOut,
  signUp,
} from './accounts.support.ts';
import { apiTokenJourney, userAdministrationJourney } from './accounts.tokens.ts';
import {
  A11yAudit,
  arrive,
  assertChromium,
  JOURNEY_TIMEOUT,
  launchBrowser,
  pathOf,
  readOutbox,
  skipWithoutChromium,
  startServer,
  textOf,
  uniqueEmail,
} from './support.ts';

describe.skipIf(skipWithoutChromium)('accounts in a browser', { timeout: JOURNEY_TIMEOUT }, () => {
  beforeAll(async () => {
    assertChromium();
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
    // the notices were said once, at the sign-up and the confirmation
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
      page.getByRole('link', { name: 'Mot de passe oublié ?' }).click(),
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
    // the mail leaves after the answer
    const resetMails = async () =>
      (await readOutbox(dataDir)).filter(
        (m) => m.to === person.email && m.subject === RESET_SUBJECT,
      );
    await expect.poll(async () => (await resetMails()).length, { timeout: 15_000 }).toBe(1);
    const mailed = await resetMails();

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

    const subject = RESET_SUBJECT;
    // the person's mails: the confirmation of the address, then the reset
    const row = page
      .getByRole('row')
      .filter({ hasText: person.email })
      .filter({ hasText: subject });
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
    expect(summary).toContain('Le formulaire contient des erreurs :');
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
    const sent = await arrive(page, submit);
    expect(sent.status()).toBe(200);
    expect(pathOf(page)).toBe('/connexion');
    expect(await notice(page)).toBe(SENT);
    await audit.check(page);

    // signed in before confirming: the account page says so, and sends a new link
    expect(await signIn(page, person.email, person.password)).toBe(200);
    expect(pathOf(page)).toBe('/compte');
    const pending = page.getByRole('region', { name: 'Adresse e-mail à confirmer' });
    expect(await textOf(pending)).toContain(person.email);
    const first = await mailedLink(person.email, '/confirmer-adresse');
    const resent = await arrive(page, () =>
      pending.getByRole('button', { name: 'Renvoyer le lien' }).click(),
    );
    expect(resent.status()).toBe(200);
    expect(await notice(page)).toBe(
      'Un nouveau lien vient d’être envoyé à votre adresse. Les liens précédents ne sont plus valables.',
    );
    await audit.check(page);
    await expect
      .poll(() => mailedLink(person.email, '/confirmer-adresse'), { timeout: 15_000 })
      .not.toBe(first);
    const older = await page.goto(`${running().url}${first}`);
    expect(older?.status()).toBe(400);
    expect(await textOf(page.getByRole('alert'))).toContain('Ce lien n’est plus valable');
    await audit.check(page);

    // the new link, in the browser signed in: back to the account, confirmed
    await confirmAddress(page, person);
    expect(pathOf(page)).toBe('/compte');
    expect(await notice(page)).toBe(CONFIRMED);
    expect(await page.getByRole('region', { name: 'Adresse e-mail à confirmer' }).count()).toBe(0);
    expect(await textOf(page.getByRole('main'))).toContain(person.name);
    await audit.check(page);
  });
}
