import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords.ts';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  JOURNEY_TIMEOUT,
  launchBrowser,
  pathOf,
  readOutbox,
  startServer,
} from './support.ts';

export const CALL = 'Appel ouvert : labellisation des accélérateurs (démonstration)';
export const PROJECT =
  'Un programme de six mois pour les start-ups du matériel, avec un atelier de prototypage et des mentors.';
export const SAVED = /Brouillon enregistré à/;
/** the draft is saved 1.5 s after typing stops; a server under load answers later */
export const SOON = { timeout: 20_000, interval: 250 };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
};

export type Applicant = { email: string; password: string; organisation: string; siret: string };

/**
 * Gives each journey its applicant: an account with a confirmed address, member of a demo
 * organisation of the territory that has not applied to the demo's open call yet (joining an
 * organisation is the directory's own journey; here it is the starting point).
 */
async function applicants(server: E2eServer, count: number): Promise<Applicant[]> {
  const db = server.started.database.db;
  const organisations = await db
    .selectFrom('organisations as o')
    .innerJoin('establishments as e', 'e.organisation_id', 'o.id')
    .where('o.is_demo', '=', true)
    .where('o.status', '=', 'active')
    .where('o.merged_into', 'is', null)
    .where('e.status', '=', 'open')
    .where(sql<boolean>`cardinality(o.communes) > 0`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('programme_applications as a')
            .select('a.id')
            .whereRef('a.organisation_id', '=', 'o.id')
            .where('a.state', '<>', 'withdrawn'),
        ),
      ),
    )
    .select(['o.id', 'o.name', sql<string>`min(e.siret)`.as('siret')])
    .groupBy(['o.id', 'o.name'])
    .orderBy('o.name')
    .limit(count)
    .execute();
  expect(organisations).toHaveLength(count);
  const password = `Candidature-${randomUUID()}`;
  const hash = await hashPassword(password);
  return Promise.all(
    organisations.map(async (o, i) => {
      const email = `candidat-${i}-${randomUUID().slice(0, 8)}@example.org`;
      const user = await db
        .insertInto('users')
        .values({
          email,
          name: `Candidat ${i + 1}`,
          password_hash: hash,
          email_verified_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('organisation_members')
        .values({ organisation_id: o.id, user_id: user.id })
        .execute();
      return { email, password, organisation: o.name, siret: o.siret };
    }),
  );
}

/**
 * What the applicant's journeys share, started once for the describe block that calls it: the
 * server with its demo data, the browser, the accessibility audit of every page visited, three
 * applicants, and the steps every journey takes.
 */
export function applicantJourneys() {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let audit: A11yAudit | undefined;
  const people: Applicant[] = [];

  beforeAll(async () => {
    assertChromium();
    server = await startServer();
    browser = await launchBrowser();
    audit = new A11yAudit(browser);
    people.push(...(await applicants(server, 3)));
  }, JOURNEY_TIMEOUT);
  afterEach(async () => {
    await audit?.finish();
  });
  afterAll(async () => {
    await audit?.close();
    await browser?.close();
    await server?.close();
  });

  const base = () => server?.url ?? '';
  const a11y = () => {
    if (!audit) throw new Error('the browser did not start');
    return audit;
  };

  async function signIn(page: Page, who: Applicant) {
    await page.goto(`${base()}/connexion`);
    await a11y().check(page);
    await page.getByLabel('Adresse e-mail').fill(who.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(who.password);
    await arrive(page, () => page.getByRole('button', { name: 'Se connecter' }).click());
    await a11y().check(page);
  }

  /** from the site's navigation to a new draft for the person's organisation */
  async function startFromTheCalls(page: Page, who: Applicant) {
    await page.goto(base());
    await a11y().check(page);
    // on a phone the navigation folds behind the header's "Menu"
    const menu = page.locator('summary', { hasText: 'Menu' });
    if (await menu.isVisible()) await menu.click();
    await arrive(page, () => page.getByRole('link', { name: 'Appels', exact: true }).click());
    expect(pathOf(page)).toBe('/appels');
    await a11y().check(page);
    await arrive(page, () => page.getByRole('link', { name: CALL }).click());
    expect(pathOf(page)).toBe('/appels/accelerateurs-demo');
    await a11y().check(page);
    await arrive(page, () =>
      page.getByRole('button', { name: `Commencer la candidature de ${who.organisation}` }).click(),
    );
    expect(pathOf(page)).toMatch(/^\/candidatures\/\d+$/);
    await a11y().check(page);
  }

  /** the required answers but the project, typed as a person would */
  async function fillTheForm(page: Page, who: Applicant) {
    await page.getByLabel('Nom du programme d’accompagnement').fill('Alpes Hardware');
    await page.getByLabel('SIRET de l’établissement porteur').fill(who.siret);
    await page.getByLabel('Start-ups accompagnées par an').fill('12');
    await page.getByRole('checkbox', { name: 'Mentorat' }).check();
    await page
      .getByRole('group', { name: /Des investisseurs/ })
      .getByLabel('Non')
      .check();
    await page.getByLabel('Nom', { exact: true }).first().fill('Ada Martin');
    await page.getByLabel('Rôle').first().fill('Directrice');
  }

  /** the receipt in the outbox, once, with the link back to the application */
  async function receiptFor(email: string, acknowledgement: string, page: Page) {
    const dataDir = server?.dataDir ?? '';
    const receipts = async () =>
      (await readOutbox(dataDir)).filter(
        (m) => m.to === email && m.subject.includes(acknowledgement),
      );
    await expect
      .poll(async () => (await receipts()).length, { timeout: 30_000, interval: 500 })
      .toBe(1);
    expect((await receipts())[0]?.text).toContain(`/candidatures/${pathOf(page).split('/')[2]}`);
  }

  async function acknowledgementOn(page: Page) {
    const text = (await page.locator('main').textContent()) ?? '';
    const number = /\d{4}-ACC-\d{4}/.exec(text)?.[0];
    expect(number).toBeDefined();
    return number ?? '';
  }

  return {
    people,
    base,
    a11y,
    signIn,
    startFromTheCalls,
    fillTheForm,
    receiptFor,
    acknowledgementOn,
  };
}
