import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, type Session } from './directory.support.ts';
import {
  arrive,
  JOURNEY_TIMEOUT,
  pathOf,
  readOutbox,
  skipWithoutChromium,
  textOf,
  uniqueEmail,
} from './support.ts';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'fr-FR' };
/** waiting for suggestions to appear, never a measure */
const UPDATE = { timeout: 30_000, interval: 100 };
const PICKER_LABEL = 'Organisation à chercher dans l’annuaire';
const STAFF_SOURCE = 'Équipe du hub';
/** seed organisations (real ones, named by the seed) */
const HUB = { slug: 'digital-grenoble', name: 'Digital Grenoble' };
const METROPOLE = { slug: 'grenoble-alpes-metropole', name: 'Grenoble-Alpes Métropole' };

/** a table's rows as their cells' texts, after checking its column headers */
async function tableRows(table: Locator, header: string[]): Promise<string[][]> {
  expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(header);
  const rows = table.getByRole('row').filter({ has: table.page().getByRole('cell') });
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).getByRole('cell').allInnerTexts()).map((c) => c.trim()));
  }
  return out;
}

async function jsonLd(page: Page): Promise<Record<string, unknown>> {
  return JSON.parse(
    (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
  ) as Record<string, unknown>;
}

/** from the sign-in page to the account page, as the demo staff account */
async function signInAsStaff(s: Session, page: Page): Promise<void> {
  const account = s.server().demoAccount('staff');
  await page.goto(`${s.server().url}/connexion`);
  await s.audit.check(page);
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
  await arrive(page, () => page.getByRole('button', { name: 'Se connecter' }).click());
  expect(pathOf(page)).toBe('/compte');
  await s.audit.check(page);
}

/** a demo start-up of the register: its name and address */
async function aStartup(s: Session): Promise<{ slug: string; name: string }> {
  const res = await fetch(`${s.server().url}/api/v1/organisations?kind=startup&per_page=1`);
  const body = (await res.json()) as { items: { slug: string; name: string }[] };
  const first = body.items[0];
  if (!first) throw new Error('no start-up in the demo data');
  return first;
}

/** the staff record a relation with the combobox; the other profile says it the other way round */
async function recordRelation(s: Session): Promise<void> {
  const startup = await aStartup(s);
  const page = await s.audit.newPage(DESKTOP);
  await signInAsStaff(s, page);

  // from the start-up's profile to its relations
  await page.goto(`${s.server().url}/annuaire/${startup.slug}`);
  await s.audit.check(page);
  await arrive(page, () => page.getByRole('link', { name: 'Modifier les relations' }).click());
  expect(pathOf(page)).toBe(`/annuaire/${startup.slug}/relations`);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
    `Relations de « ${startup.name} »`,
  );
  await s.audit.check(page);

  // the combobox: typing offers the register's organisations, the keyboard picks one
  await page.getByLabel('Nature de la relation').selectOption({
    label: 'est accompagné (accéléré ou incubé) par',
  });
  const box = page.getByRole('combobox', { name: PICKER_LABEL });
  await box.fill('digital gren');
  const option = page.getByRole('option', { name: HUB.name });
  await option.waitFor({ state: 'visible', ...UPDATE });
  await expect.poll(() => box.getAttribute('aria-expanded'), UPDATE).toBe('true');
  await s.audit.check(page);
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect
    .poll(() => page.getByRole('radio', { name: HUB.name }).isChecked(), UPDATE)
    .toBe(true);
  expect(await box.inputValue()).toBe('');
  await page.getByLabel('Début').fill('2015-01-15');
  const saved = await arrive(page, () =>
    page.getByRole('button', { name: 'Ajouter', exact: true }).click(),
  );
  expect(saved.status()).toBe(200);
  expect(await textOf(page.getByRole('status').first())).toBe('Relation enregistrée.');
  const rows = await tableRows(page.getByRole('table'), [
    'Relation',
    'Période',
    'Provenance',
    'Actions',
  ]);
  expect(rows).toContainEqual([
    `Est accompagné (accéléré ou incubé) par ${HUB.name}`,
    'depuis le 15 janvier 2015',
    STAFF_SOURCE,
    'Modifier Supprimer',
  ]);
  await s.audit.check(page);

  // the hub's profile says it the other way round
  await arrive(page, () =>
    page.getByRole('main').getByRole('link', { name: HUB.name, exact: true }).click(),
  );
  expect(pathOf(page)).toBe(`/annuaire/${HUB.slug}`);
  const relations = page.getByRole('region', { name: 'Relations', exact: true });
  expect(await textOf(relations)).toContain(
    `Accompagne (accélère ou incube) ${startup.name} (depuis le 15 janvier 2015)`,
  );
  await s.audit.check(page);
}

/** the staff record a funding round with the plain form; the investor’s profile lists it */
async function recordRound(s: Session): Promise<void> {
  const startup = await aStartup(s);
  // search, tick, add: the plain form
  const plain = await s.audit.newPage({ ...DESKTOP, javaScriptEnabled: false });
  await signInAsStaff(s, plain);
  await plain.goto(`${s.server().url}/annuaire/${startup.slug}/levees`);
  expect(await textOf(plain.getByRole('heading', { level: 1 }))).toBe(
    `Levées de fonds de « ${startup.name} »`,
  );
  await s.audit.check(plain);
  await plain.getByLabel('Date de l’annonce').fill('2016-03-01');
  await plain.getByLabel('Étape').selectOption({ label: 'Subvention' });
  await plain.getByLabel('Montant en euros').fill('-30000');
  await plain.getByLabel(PICKER_LABEL).fill('métropole');
  await arrive(plain, () => plain.getByRole('button', { name: 'Chercher' }).click());
  await s.audit.check(plain);
  // what was typed is kept while searching
  expect(await plain.getByLabel('Montant en euros').inputValue()).toBe('-30000');
  await plain.getByRole('checkbox', { name: METROPOLE.name }).check();
  const refused = await arrive(plain, () =>
    plain.getByRole('button', { name: 'Ajouter', exact: true }).click(),
  );
  expect(refused.status()).toBe(422);
  expect(await textOf(plain.getByRole('alert'))).toContain('Le montant doit être positif.');
  // the investor ticked stays ticked
  expect(await plain.getByRole('checkbox', { name: METROPOLE.name }).isChecked()).toBe(true);
  await s.audit.check(plain);
  await plain.getByLabel('Montant en euros').fill('30 000');
  await arrive(plain, () => plain.getByRole('button', { name: 'Ajouter', exact: true }).click());
  expect(pathOf(plain)).toBe(`/annuaire/${startup.slug}/levees`);
  expect(await textOf(plain.getByRole('status').first())).toBe('Levée de fonds enregistrée.');
  await s.audit.check(plain);

  // the start-up's profile: the round with its investor, and schema.org's funder
  await plain.goto(`${s.server().url}/annuaire/${startup.slug}`);
  const rounds = await tableRows(
    plain.getByRole('region', { name: 'Levées de fonds', exact: true }).getByRole('table'),
    ['Date', 'Étape', 'Montant', 'Investisseurs', 'Provenance'],
  );
  expect(rounds).toHaveLength(1);
  expect(rounds[0]?.[0]).toBe('1 mars 2016');
  expect(rounds[0]?.[1]).toBe('Subvention');
  expect(rounds[0]?.[2]?.replace(/\s/g, ' ')).toBe('30 000 €');
  expect(rounds[0]?.slice(3)).toEqual([METROPOLE.name, STAFF_SOURCE]);
  const ld = await jsonLd(plain);
  expect(ld.funder).toEqual([
    expect.objectContaining({ '@type': 'Organization', name: METROPOLE.name }),
  ]);
  await s.audit.check(plain);

  // the investor's profile lists the round it took part in
  await arrive(plain, () =>
    plain.getByRole('main').getByRole('link', { name: METROPOLE.name, exact: true }).click(),
  );
  expect(pathOf(plain)).toBe(`/annuaire/${METROPOLE.slug}`);
  const investments = await tableRows(
    plain
      .getByRole('region', { name: 'Participations dans des levées de fonds', exact: true })
      .getByRole('table'),
    ['Date', 'Organisation financée', 'Étape', 'Montant', 'Provenance'],
  );
  expect(investments.map((r) => r[1])).toEqual([startup.name]);
  await s.audit.check(plain);
}

/** the path of the newest confirmation link mailed to the address, once the mail is out */
async function confirmationLink(s: Session, email: string): Promise<string> {
  const pattern = /https?:\/\/\S+\/confirmer-adresse\?token=\S+/;
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await readOutbox(s.server().dataDir)).filter((m) => m.to === email);
        link = mails.map((m) => pattern.exec(m.text)?.[0]).find((l) => l !== undefined);
        return link !== undefined;
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
  const url = new URL(link ?? '');
  return `${url.pathname}${url.search}`;
}

/**
 * A person of a start-up's domain (its website set by the staff) signs up: until the address is
 * confirmed, the profile offers a new link instead of the claim; once confirmed, the claim makes
 * them a member at once; the staff see it in the claims queue and revoke it.
 */
async function claimByDomain(s: Session): Promise<void> {
  const startup = await aStartup(s);
  const staff = await s.audit.newPage(DESKTOP);
  await signInAsStaff(s, staff);
  await staff.goto(`${s.base()}/annuaire/${startup.slug}/modifier`);
  await s.audit.check(staff);
  await staff.getByLabel('Site web').fill('https://www.jeune-pousse-e2e.example');
  await arrive(staff, () => staff.getByRole('button', { name: 'Enregistrer' }).click());
  expect(await textOf(staff.getByRole('status').first())).toBe('Fiche enregistrée.');
  await s.audit.check(staff);

  // the person signs up and signs in before opening the mail
  const person = {
    name: 'Alix Fondatrice',
    email: uniqueEmail('alix').replace(/@.*/, '@jeune-pousse-e2e.example'),
  };
  const page = await s.audit.newPage(DESKTOP);
  await page.goto(`${s.base()}/inscription`);
  await s.audit.check(page);
  await page.getByLabel('Nom complet').fill(person.name);
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('une fondatrice patiente');
  await arrive(page, () => page.getByRole('button', { name: 'Créer mon compte' }).click());
  expect(pathOf(page)).toBe('/connexion');
  await s.audit.check(page);
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('une fondatrice patiente');
  await arrive(page, () => page.getByRole('button', { name: 'Se connecter' }).click());
  expect(pathOf(page)).toBe('/compte');
  await s.audit.check(page);

  // the profile: no claim until the address is confirmed, and a new link on offer
  await page.goto(`${s.base()}/annuaire/${startup.slug}`);
  const claim = page.getByRole('region', { name: 'Vous représentez cette organisation ?' });
  expect(await textOf(claim)).toContain('Confirmez d’abord votre adresse e-mail');
  expect(await claim.getByRole('button', { name: 'Revendiquer cette fiche' }).count()).toBe(0);
  expect(
    await claim.getByRole('button', { name: 'Renvoyer le lien de confirmation' }).count(),
  ).toBe(1);
  await s.audit.check(page);

  // the link mailed, its button: confirmed
  await page.goto(`${s.base()}${await confirmationLink(s, person.email)}`);
  await s.audit.check(page);
  await arrive(page, () => page.getByRole('button', { name: 'Confirmer mon adresse' }).click());
  expect(pathOf(page)).toBe('/compte');
  expect(await textOf(page.getByRole('status').first())).toBe(
    'Votre adresse e-mail est confirmée.',
  );
  await s.audit.check(page);

  // now the claim makes the person a member at once
  await page.goto(`${s.base()}/annuaire/${startup.slug}`);
  await s.audit.check(page);
  await arrive(page, () => claim.getByRole('button', { name: 'Revendiquer cette fiche' }).click());
  expect(await textOf(page.getByRole('status').first())).toBe(
    'Vous êtes désormais membre de cette organisation et pouvez modifier sa fiche.',
  );
  await s.audit.check(page);
  expect((await page.goto(`${s.base()}/annuaire/${startup.slug}/modifier`))?.status()).toBe(200);
  await s.audit.check(page);

  // the staff see it in the claims queue, and revoke it
  await staff.goto(`${s.base()}/admin/revendications`);
  const automatic = staff.getByRole('region', { name: /Membres entrés par leur adresse e-mail/ });
  expect(await textOf(automatic)).toContain(person.email);
  await s.audit.check(staff);
  await arrive(staff, () =>
    automatic
      .getByRole('button', { name: `Révoquer l’accès de ${person.name} à ${startup.name}` })
      .click(),
  );
  expect(await textOf(staff.getByRole('status').first())).toBe(
    'L’accès est révoqué : la personne n’est plus membre de l’organisation.',
  );
  expect(await textOf(automatic)).not.toContain(person.email);
  await s.audit.check(staff);
  expect((await page.goto(`${s.base()}/annuaire/${startup.slug}/modifier`))?.status()).toBe(403);
  await s.audit.check(page);
}

describe.skipIf(skipWithoutChromium)(
  'relations and funding rounds in a browser',
  { timeout: JOURNEY_TIMEOUT },
  () => {
    const s = browserSession();

    it('lets the staff record a relation with the suggestions; the other profile shows it the other way round', () =>
      recordRelation(s));
    it('lets the staff record a funding round without JavaScript; the investor’s profile lists it', () =>
      recordRound(s));
    it('lets a person of the staff’s website domain claim the profile once the address is confirmed; the staff revoke it', () =>
      claimByDomain(s));
  },
);
