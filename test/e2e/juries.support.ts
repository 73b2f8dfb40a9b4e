import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords.ts';
import type { Role } from '../../src/db/schema.ts';
import { applicationsService } from '../../src/programmes/applications.service.ts';
import { programmesService } from '../../src/programmes/programmes.service.ts';
import { memberOrganisation } from '../../src/programmes/programmes.testing.ts';
import { person } from '../support/factories.ts';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  JOURNEY_TIMEOUT,
  launchBrowser,
  startServer,
} from './support.ts';

export type Account = { email: string; password: string; name: string };

/** the rubric of the journey's call: two criteria, weighted, scored 0 to 5 */
export const RUBRIC = [
  { key: 'innovation', label: { fr: 'Innovation', en: 'Innovation' }, weight: 2, min: 0, max: 5 },
  { key: 'equipe', label: { fr: 'Équipe', en: 'Team' }, weight: 1, min: 0, max: 5 },
];
export const LABEL = 'Accélérateur labellisé (parcours de test)';
export const ORGANISATION = 'Alpes Prototypes (parcours de test)';

/**
 * The jury's journey's world, set up in the database (the jury's own set-up pages are another
 * part's): a call with a rubric and a label, an application submitted by an applicant, two
 * reviewers assigned to it, and a staff member; each account with a password to sign in with.
 */
async function world(server: E2eServer) {
  const db = server.started.database.db;
  const password = `Jury-${randomUUID()}`;
  const hash = await hashPassword(password);
  const account = async (name: string, role: Role): Promise<Account & { id: string }> => {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.org`;
    const row = await db
      .insertInto('users')
      .values({ email, name, role, password_hash: hash, email_verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, email, password, name };
  };
  const staff = await account('Sophie Personnel', 'staff');
  const first = await account('Rita Relectrice', 'reviewer');
  const second = await account('Bruno Juré', 'reviewer');
  const applicant = await account('Ada Candidate', 'member');
  const staffActor = await person(db, { role: 'staff' });
  const programmes = programmesService(db);
  const programmeId = await programmes.createProgramme(staffActor, {
    slug: 'parcours-jury',
    nameFr: 'Programme du parcours de test',
    nameEn: 'Test journey programme',
  });
  const now = Date.now();
  const call = await programmes.createCall(staffActor, {
    programmeId,
    slug: 'parcours-jury',
    referenceCode: 'JURY',
    titleFr: 'Appel du parcours de test',
    titleEn: 'Test journey call',
    opensAt: new Date(now - 86_400_000),
    closesAt: new Date(now + 86_400_000),
    graceUntil: new Date(now + 86_400_000),
    eligibility: [{ rule: 'active' }],
    form: [
      { key: 'project', type: 'text', label: { fr: 'Projet', en: 'Project' }, required: true },
    ],
  });
  await db
    .updateTable('programme_calls')
    .set({
      rubric: JSON.stringify(RUBRIC),
      score_method: 'weighted_mean',
      scores_hidden_until_submitted: true,
      label_name_fr: LABEL,
      label_name_en: 'Labelled accelerator (test journey)',
      label_valid_months: 24,
    })
    .where('id', '=', call.id)
    .execute();
  const actor = {
    kind: 'user' as const,
    user: {
      id: applicant.id,
      name: applicant.name,
      email: applicant.email,
      role: 'member' as const,
      locale: 'fr' as const,
      createdAt: new Date(),
      verified: true,
    },
  };
  const org = await memberOrganisation(db, actor, { name: ORGANISATION });
  const applications = applicationsService(db);
  const draft = await applications.start(
    actor,
    {
      callId: call.id,
      organisationSiren: org.siren,
      answers: { project: 'Un atelier de prototypage.' },
    },
    'fr',
  );
  const submitted = await applications.submit(actor, draft.id, 'fr');
  for (const reviewer of [first, second]) {
    await db
      .insertInto('programme_jury_members')
      .values({ call_id: call.id, user_id: reviewer.id, added_by: staff.id })
      .execute();
    await db
      .insertInto('programme_assignments')
      .values({
        application_id: submitted.id,
        reviewer_id: reviewer.id,
        method: 'manual',
        assigned_by: staff.id,
      })
      .execute();
  }
  return { db, staff, first, second, applicant, applicationId: submitted.id, callId: call.id };
}

/** the server, the browser, the accessibility audit, and the journey's world */
export function juryJourney() {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let audit: A11yAudit | undefined;
  let made: Awaited<ReturnType<typeof world>> | undefined;

  beforeAll(async () => {
    assertChromium();
    server = await startServer();
    browser = await launchBrowser();
    audit = new A11yAudit(browser);
    made = await world(server);
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
  const the = () => {
    if (!made) throw new Error('the world was not made');
    return made;
  };

  /** a new browser context (its own cookies), signed in */
  async function signedIn(who: Account): Promise<Page> {
    const page = await a11y().newPage({ locale: 'fr-FR' });
    await page.goto(`${base()}/connexion`);
    await a11y().check(page);
    await page.getByLabel('Adresse e-mail').fill(who.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(who.password);
    await arrive(page, () => page.getByRole('button', { name: 'Se connecter' }).click());
    await a11y().check(page);
    return page;
  }

  /** opens a page of the site and audits it */
  async function visit(page: Page, path: string) {
    const response = await page.goto(`${base()}${path}`);
    await a11y().check(page);
    return response;
  }

  /** the reviewer scores each criterion and presses a button ("Enregistrer le brouillon" or "Soumettre l’évaluation") */
  async function score(page: Page, scores: Record<string, string>, jury: string, button: string) {
    for (const [criterion, value] of Object.entries(scores))
      await page.getByRole('spinbutton', { name: new RegExp(`^${criterion} `) }).fill(value);
    await page.getByLabel(/Commentaire au jury/).fill(jury);
    await arrive(page, () => page.getByRole('button', { name: button, exact: true }).click());
    await a11y().check(page);
  }

  const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  return { base, a11y, the, signedIn, visit, score, mainText };
}
