import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { writeSireneSample } from '../../src/sirene/sample/sample.ts';
import {
  BAD_FILE,
  breadcrumbs,
  DESKTOP,
  expectNoSidewaysScroll,
  facts,
  IMPORT_DONE,
  jsonLd,
  markDocument,
  openDirectory,
  PHONE,
  REGISTER,
  resultHeadings,
  resultsTotal,
  type Session,
  STAFF_SOURCE,
  sameDocument,
  screenshot,
  signInAs,
  tableRows,
} from './directory.support.ts';
import { arrive, pathOf, textOf } from './support.ts';

// Profiles in the directory: reading one (and the seed's partners), the staff editing one, and the
// staff feeding the register with a SIRENE file. Each journey is one task from start to end; the
// spec file (directory.spec.ts) runs them on one server and browser.

/** from the results to a profile of the register, in French and English, then the seed’s partners */
export async function readProfiles(s: Session): Promise<void> {
  const page = await s.audit.newPage(DESKTOP);
  await openDirectory(s, page);
  await s.audit.check(page);

  // an organisation of the register whose size is known (its headcount has a year and source)
  const entry = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 3 }) })
    .filter({ hasText: REGISTER })
    .first();
  const link = entry.getByRole('heading', { level: 3 }).getByRole('link');
  const name = await textOf(link);
  const href = await link.getAttribute('href');
  const slug = /^\/annuaire\/([a-z0-9-]+)$/.exec(href ?? '')?.[1];
  if (!slug) throw new Error(`unexpected link to a profile: ${href}`);
  const profile = await arrive(page, () => link.click());
  expect(profile.status()).toBe(200);
  expect(pathOf(page)).toBe(`/annuaire/${slug}`);

  expect(await breadcrumbs(page, 'Fil d’Ariane')).toEqual([
    'Accueil',
    'Annuaire de l’écosystème',
    name,
  ]);
  const h1 = page.getByRole('heading', { level: 1 });
  expect(await textOf(h1)).toBe(`${name} démo`);
  expect(await h1.getByText('démo', { exact: true }).getAttribute('title')).toBe(
    'Donnée de démonstration, synthétique',
  );

  const identity = await facts(page.getByRole('region', { name: 'Identité' }));
  expect([...identity.keys()]).toEqual(
    expect.arrayContaining(['Type', 'Statut', 'SIREN', 'Effectif salarié']),
  );
  // printed in groups (narrow no-break spaces), as the register's documents print it
  const printed = identity.get('SIREN') ?? '';
  expect(printed).toMatch(/^\d{3}\u202f\d{3}\u202f\d{3}$/);
  const siren = printed.replace(/\D/g, '');
  expect(identity.get('Activité principale (NAF)')).toMatch(/^\d{2}\.\d{2}[A-Z] — \S/);
  expect(identity.get('Effectif salarié')).toMatch(
    new RegExp(`^.+ en \\d{4} · ${REGISTER.replace(/[()]/g, '\\$&')}$`),
  );

  const establishments = await tableRows(
    page.getByRole('region', { name: 'Établissements sur le territoire' }).getByRole('table'),
    ['SIRET', 'Adresse', 'Effectif salarié', 'Statut'],
  );
  expect(establishments.length).toBeGreaterThan(0);
  for (const [siret, address, , status] of establishments) {
    const grouped = siren.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1\u202f$2\u202f$3');
    expect(siret).toMatch(new RegExp(`^${grouped}\u202f\\d{5}( \\(Siège\\))?$`));
    expect(address).not.toBe('');
    expect(['Ouvert', 'Fermé']).toContain(status);
  }
  expect(establishments.filter(([siret]) => siret?.endsWith('(Siège)'))).toHaveLength(1);

  // two monthly stocks were loaded: the register's observations, with their year and source
  const history = await tableRows(
    page.getByRole('region', { name: 'Historique des effectifs' }).getByRole('table'),
    ['Observé le', 'Effectif', 'Année de référence', 'Source'],
  );
  expect(history.length).toBeGreaterThan(0);
  for (const [observed, value, year, source] of history) {
    expect(observed).toMatch(/^\d{1,2} \S+ \d{4}$/);
    expect(value).toMatch(/salarié/);
    expect(year).toMatch(/^\d{4}$/);
    expect(source).toBe(REGISTER);
  }

  const ld = await jsonLd(page);
  expect(ld['@context']).toBe('https://schema.org');
  expect(ld['@type']).toBe('Organization');
  expect(ld.name).toBe(name);
  expect(ld.identifier).toEqual({
    '@type': 'PropertyValue',
    propertyID: 'SIREN',
    value: siren,
  });
  expect(ld.mainEntityOfPage).toMatch(new RegExp(`/annuaire/${slug}$`));
  await s.audit.check(page);
  await screenshot(page, 'profile-fr-desktop.png', 1280);

  // the same profile in English
  const english = await arrive(page, () =>
    page.getByRole('link', { name: 'English', exact: true }).click(),
  );
  expect(english.status()).toBe(200);
  expect(pathOf(page)).toBe(`/en/annuaire/${slug}`);
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  expect(await breadcrumbs(page, 'Breadcrumb')).toEqual(['Home', 'Ecosystem directory', name]);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`${name} demo`);
  const identityEn = await facts(page.getByRole('region', { name: 'Identity' }));
  expect(identityEn.get('Kind')).toBeTruthy();
  expect(identityEn.get('SIREN')).toBe(printed);
  // the activity's code with its label (NACE's English one where known, else INSEE's French)
  expect(identityEn.get('Main activity (NAF)')).toMatch(/^\d{2}\.\d{2}[A-Z] — \S/);
  expect(identityEn.get('Salaried staff')).toMatch(/ in \d{4} · Insee’s SIRENE register$/);
  const establishmentsEn = await tableRows(
    page.getByRole('region', { name: 'Establishments in the territory' }).getByRole('table'),
    ['SIRET', 'Address', 'Salaried staff', 'Status'],
  );
  expect(establishmentsEn).toHaveLength(establishments.length);
  for (const row of establishmentsEn) expect(['Open', 'Closed']).toContain(row[3]);
  const historyEn = await tableRows(
    page.getByRole('region', { name: 'Headcount history' }).getByRole('table'),
    ['Observed on', 'Headcount', 'Reference year', 'Source'],
  );
  expect(historyEn).toHaveLength(history.length);
  for (const row of historyEn) expect(row[3]).toBe('Insee’s SIRENE register');
  expect(await page.getByText('Identité').count()).toBe(0);
  expect((await jsonLd(page))['@type']).toBe('Organization');
  await s.audit.check(page);

  // on a phone, the tables scroll in their own frame: the page never scrolls sideways
  const phone = await s.audit.newPage(PHONE);
  expect((await phone.goto(`${s.base()}/annuaire/${slug}`))?.status()).toBe(200);
  await expectNoSidewaysScroll(phone, 'profile on a phone');
  const frame = phone.getByRole('region', { name: 'Tableau : Établissements sur le territoire' });
  expect(await frame.getAttribute('tabindex')).toBe('0');
  await s.audit.check(phone);
  await screenshot(phone, 'profile-fr-phone.png', 390 * 3);
  await seedPartners(s, page);
}

/** the seed's Digital Grenoble and its partners, from the directory: each says it of the other */
async function seedPartners(s: Session, page: Page): Promise<void> {
  const found = await page.goto(`${s.base()}/annuaire?q=grenob`);
  expect(found?.status()).toBe(200);
  await s.audit.check(page);
  const hub = await arrive(page, () =>
    resultHeadings(page).getByRole('link', { name: 'Digital Grenoble', exact: true }).click(),
  );
  expect(hub.status()).toBe(200);
  expect(pathOf(page)).toBe('/annuaire/digital-grenoble');
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Digital Grenoble');
  const relations = page.getByRole('region', { name: 'Relations' });
  const said = (await relations.getByRole('listitem').allInnerTexts()).map((r) => r.trim());
  expect(said).toEqual(
    expect.arrayContaining([
      // said from the profile's side, with who recorded it
      `Est partenaire de Grenoble-Alpes Métropole · ${STAFF_SOURCE}`,
      `Est partenaire de Communauté de communes Le Grésivaudan · ${STAFF_SOURCE}`,
      `Est partenaire de Chambre de Commerce et d’Industrie de Grenoble · ${STAFF_SOURCE}`,
    ]),
  );
  expect(said).toHaveLength(3);
  expect((await jsonLd(page)).name).toBe('Digital Grenoble');
  await s.audit.check(page);

  const partner = await arrive(page, () =>
    relations.getByRole('link', { name: 'Grenoble-Alpes Métropole' }).click(),
  );
  expect(partner.status()).toBe(200);
  expect(pathOf(page)).toBe('/annuaire/grenoble-alpes-metropole');
  expect((await facts(page.getByRole('region', { name: 'Identité' }))).get('SIREN')).toBe(
    '200\u202f040\u202f715',
  );
  expect(
    await page.getByRole('region', { name: 'Relations' }).getByRole('listitem').allInnerTexts(),
  ).toEqual([`Est partenaire de Digital Grenoble · ${STAFF_SOURCE}`]);
  await s.audit.check(page);
}

/** the staff edit a profile from the directory and see what they said, with its source */
export async function staffEdit(s: Session): Promise<void> {
  const page = await s.audit.newPage(DESKTOP);
  await signInAs(s, page, 'staff');

  await openDirectory(s, page);
  await s.audit.check(page);
  const link = resultHeadings(page).filter({ hasText: /démo$/ }).first().getByRole('link');
  const name = await textOf(link);
  const slug = ((await link.getAttribute('href')) ?? '').replace(/^\/annuaire\//, '');
  await arrive(page, () => link.click());
  expect(pathOf(page)).toBe(`/annuaire/${slug}`);
  await s.audit.check(page);

  const edit = await arrive(page, () =>
    page.getByRole('link', { name: 'Modifier la fiche' }).click(),
  );
  expect(edit.status()).toBe(200);
  expect(pathOf(page)).toBe(`/annuaire/${slug}/modifier`);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Modifier « ${name} »`);
  expect(await breadcrumbs(page, 'Fil d’Ariane')).toEqual([
    'Accueil',
    'Annuaire de l’écosystème',
    name,
    'Modifier la fiche',
  ]);
  // the staff may correct what the register says
  expect(await page.getByRole('group', { name: 'Réservé à l’équipe du hub' }).count()).toBe(1);
  expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe(name);

  const description = `Fiche relue et complétée (essai ${process.pid}).`;
  const year = new Date().getFullYear() - 1;
  await page.getByLabel('Description (français)').fill(description);
  await page.getByLabel('Effectif salarié déclaré').fill('42');
  await page.getByLabel('Année de cet effectif').fill(String(year));
  await s.audit.check(page);
  await screenshot(page, 'edit-fr-desktop.png', 1280);

  const saved = await arrive(page, () =>
    page.getByRole('button', { name: 'Enregistrer', exact: true }).click(),
  );
  expect(saved.status()).toBe(200);
  expect(pathOf(page)).toBe(`/annuaire/${slug}`);
  expect(await textOf(page.getByRole('status'))).toBe('Fiche enregistrée.');
  // the new text, and who said it: its paragraph names the source, as the fields' and the
  // website's do
  const said = await textOf(page.getByRole('main').getByText(description));
  expect(said).toContain(description);
  expect.soft(said, 'the source of the description').toContain(STAFF_SOURCE);
  // the declared headcount joins the history, said by the hub's team
  const history = await tableRows(
    page.getByRole('region', { name: 'Historique des effectifs' }).getByRole('table'),
    ['Observé le', 'Effectif', 'Année de référence', 'Source'],
  );
  expect(history).toContainEqual([expect.any(String), '42', String(year), STAFF_SOURCE]);
  expect((await jsonLd(page)).description).toBe(description);
  await s.audit.check(page);

  // the English page falls back to the French text it has not been given
  const english = await arrive(page, () =>
    page.getByRole('link', { name: 'English', exact: true }).click(),
  );
  expect(english.status()).toBe(200);
  expect(await textOf(page.getByRole('main'))).toContain(description);
  await s.audit.check(page);
}

/** the staff upload a register file from the back office and follow it to the end */
export async function staffUpload(s: Session): Promise<void> {
  const page = await s.audit.newPage(DESKTOP);
  await signInAs(s, page, 'staff');

  const before = await page.goto(`${s.base()}/annuaire`);
  expect(before?.status()).toBe(200);
  const totalBefore = await resultsTotal(page);
  await s.audit.check(page);

  await arrive(page, () =>
    page
      .getByRole('navigation', { name: 'Compte' })
      .getByRole('link', { name: 'Administration' })
      .click(),
  );
  expect(pathOf(page)).toBe('/admin');
  await s.audit.check(page);
  const imports = await arrive(page, () =>
    page.getByRole('link', { name: 'Imports SIRENE' }).click(),
  );
  expect(imports.status()).toBe(200);
  expect(pathOf(page)).toBe('/admin/imports');
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Imports SIRENE');
  const table = page.getByRole('region', { name: 'Imports' }).getByRole('table');
  const idsBefore = await table.getByRole('row').locator('td:first-child').allInnerTexts();
  await s.audit.check(page);

  // a small establishments file, in INSEE's format
  const sample = await writeSireneSample({
    directory: path.join(s.scratchDir(), 'sirene'),
    rows: 300,
    seed: 7,
  });
  expect(sample.establishmentRows).toBe(300);
  const upload = page.getByLabel('Fichier des établissements');
  await upload.setInputFiles(sample.establishmentsPath);
  const queued = await arrive(page, () =>
    page.getByRole('button', { name: 'Lancer l’import' }).click(),
  );
  expect(queued.status()).toBe(200);
  expect(pathOf(page)).toBe('/admin/imports');
  expect(await textOf(page.getByRole('status'))).toMatch(/^Import enregistré/);
  await s.audit.check(page);

  const ids = await table.getByRole('row').locator('td:first-child').allInnerTexts();
  const added = ids.filter((id) => !idsBefore.includes(id));
  expect(added).toHaveLength(1);
  const id = added[0] as string;
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: id, exact: true }) });
  expect((await row.getByRole('cell').allInnerTexts())[1]?.trim()).toBe(
    path.basename(sample.establishmentsPath),
  );

  // the page follows the import without being reloaded
  await markDocument(page);
  const cell = async (n: number) =>
    ((await row.getByRole('cell').nth(n).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  await expect.poll(() => cell(2), IMPORT_DONE).toMatch(/^Terminé/);
  expect(await sameDocument(page)).toBe(true);
  expect(await cell(3)).toMatch(/100 % · 300 lignes lues$/);
  const summary = await cell(4);
  const created = /^(\d+) organisations créées, (\d+) mises à jour, 0 lignes rejetées$/.exec(
    summary,
  );
  expect(summary, 'the result of the import').toMatch(
    /^\d+ organisations créées, \d+ mises à jour, 0 lignes rejetées$/,
  );
  expect(Number(created?.[1])).toBeGreaterThan(0);
  expect(await row.getByRole('progressbar').getAttribute('value')).toBe('100');
  await s.audit.check(page);
  await screenshot(page, 'imports-fr-desktop.png', 1280);

  // a PNG named .csv, then random bytes: a clear message, the form again, nothing queued
  const png = path.join(s.scratchDir(), 'etablissements.csv');
  await writeFile(
    png,
    Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(2048)]),
  );
  const noise = path.join(s.scratchDir(), 'StockEtablissement_utf8.csv');
  await writeFile(noise, Buffer.concat([Buffer.from('x'), randomBytes(4096)]));
  for (const disguised of [png, noise]) {
    await page.getByLabel('Fichier des établissements').setInputFiles(disguised);
    const refused = await arrive(page, () =>
      page.getByRole('button', { name: 'Lancer l’import' }).click(),
    );
    expect(refused.status(), path.basename(disguised)).toBe(422);
    expect(new URL(page.url()).pathname).toBe('/admin/imports');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Imports SIRENE');
    expect(await textOf(page.getByRole('alert'))).toBe(BAD_FILE);
    expect(await table.getByRole('row').locator('td:first-child').allInnerTexts()).toEqual(ids);
    await s.audit.check(page);
  }

  // what the import created is in the directory
  const after = await page.goto(`${s.base()}/annuaire`);
  expect(after?.status()).toBe(200);
  expect(await resultsTotal(page)).toBe(totalBefore + Number(created?.[1]));
  await s.audit.check(page);
}
