import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instantToParis } from '../../src/kernel/paris-time.ts';
import { articleTextPdf } from '../../src/news/news.demo.ts';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  JOURNEY_TIMEOUT,
  launchBrowser,
  pathOf,
  skipWithoutChromium,
  startServer,
  textOf,
} from './support.ts';

const TITLE = 'Le Totem ouvre son espace au public';
const SLUG = 'le-totem-ouvre-son-espace-au-public';
const SEED_TITLE = 'Grenoble décroche le label "French Tech"';
/** the server's publication worker looks every 2 s; the time chosen is at most ~70 s ahead */
const PUBLISHED = { timeout: 120_000, interval: 1000 };

/**
 * What the journeys share, started once for the describe block that calls it: the server with its
 * demo data, the browser, the accessibility audit of every page visited, a scratch folder.
 */
function newsJourneys() {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let audit: A11yAudit | undefined;
  let scratch: string | undefined;

  beforeAll(async () => {
    assertChromium();
    scratch = await mkdtemp(path.join(tmpdir(), 'totem-e2e-news-'));
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
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const j = {
    base(): string {
      if (!server) throw new Error('the server did not start');
      return server.url;
    },
    get audit(): A11yAudit {
      if (!audit) throw new Error('the browser did not start');
      return audit;
    },
    scratch: () => scratch ?? tmpdir(),

    async signInAsStaff(page: Page): Promise<void> {
      const account = server?.demoAccount('staff');
      if (!account) throw new Error('no staff account');
      await page.goto(`${j.base()}/connexion`);
      await j.audit.check(page);
      await page.getByLabel('Adresse e-mail').fill(account.email);
      await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
      await arrive(page, () => page.getByRole('button', { name: 'Se connecter' }).click());
      expect(pathOf(page)).toBe('/compte');
      await j.audit.check(page);
    },
  };
  return j;
}

type Journeys = ReturnType<typeof newsJourneys>;

/** from the back office's home to a new article saved, after a first try without a title */
async function writeArticle(j: Journeys, page: Page): Promise<void> {
  const { audit } = j;
  await page.goto(`${j.base()}/admin`);
  await audit.check(page);
  await arrive(page, () => page.getByRole('link', { name: 'Actualités — gestion' }).click());
  expect(pathOf(page)).toBe('/admin/actualites');
  // the seed article is there, marked as demo, published in both languages
  expect(await textOf(page.getByRole('table'))).toContain(SEED_TITLE);
  await audit.check(page);

  await arrive(page, () => page.getByRole('link', { name: 'Écrire une actualité' }).click());
  await audit.check(page);
  // a first try without a title: the message, and the text kept
  await page.getByLabel('Texte', { exact: true }).fill('Dès janvier, **le public** est accueilli.');
  const refused = await arrive(page, () =>
    page.getByRole('button', { name: 'Enregistrer' }).click(),
  );
  expect(refused.status()).toBe(422);
  expect(await textOf(page.getByRole('alert'))).toContain('Ce champ est obligatoire.');
  expect(await page.getByLabel('Texte', { exact: true }).inputValue()).toBe(
    'Dès janvier, **le public** est accueilli.',
  );
  await audit.check(page);
  await page.getByLabel('Titre', { exact: true }).fill(TITLE);
  await page
    .getByLabel('Chapeau')
    .fill('Un espace ouvert au grand public, un coworking et des showrooms.');
  await page.getByLabel('Mots-clés').fill('totem, public');
  // the organisation it is about, chosen with the directory's picker: suggestions as one types
  const box = page.getByRole('combobox', { name: 'Organisation à chercher dans l’annuaire' });
  await box.pressSequentially('Digital Gren', { delay: 40 });
  const option = page.getByRole('option', { name: 'Digital Grenoble', exact: true });
  await option.waitFor({ timeout: 30_000 });
  await audit.check(page);
  await option.click();
  expect(
    await page.getByRole('checkbox', { name: 'Digital Grenoble', exact: true }).isChecked(),
  ).toBe(true);
  const saved = await arrive(page, () => page.getByRole('button', { name: 'Enregistrer' }).click());
  expect(saved.status()).toBe(200);
  expect(pathOf(page)).toMatch(/^\/admin\/actualites\/\d+\/fr$/);
  expect(await textOf(page.locator('.notice[role="status"]'))).toBe('Actualité enregistrée.');
  await audit.check(page);
}

/** the PDF, attached from the editor */
async function attachPdf(j: Journeys, page: Page): Promise<void> {
  const pdf = path.join(j.scratch(), 'Communiqué.pdf');
  await writeFile(pdf, await articleTextPdf());
  await page.getByLabel('Titre affiché').fill('Le communiqué');
  await page.getByLabel('Fichier', { exact: true }).setInputFiles(pdf);
  await arrive(page, () => page.getByRole('button', { name: 'Joindre' }).click());
  expect(await textOf(page.locator('.notice[role="status"]'))).toBe('Fichier joint.');
  expect(await textOf(page.getByRole('region', { name: 'Fichiers joints' }))).toContain(
    'Le communiqué',
  );
  await j.audit.check(page);
}

/** scheduled for the next whole minute (Paris time), at least ten seconds ahead */
async function schedule(j: Journeys, page: Page): Promise<void> {
  const at = new Date(Math.ceil((Date.now() + 10_000) / 60_000) * 60_000);
  await page.getByLabel('Programmé').check();
  await page.getByLabel('Date de publication (heure de Paris)').fill(instantToParis(at));
  await arrive(page, () => page.getByRole('button', { name: 'Enregistrer' }).click());
  const publication = page.getByRole('region', { name: 'Publication programmée' });
  expect(await textOf(publication)).toContain('En attente : publication le ');
  await j.audit.check(page);
  // not public before its time
  expect((await page.request.get(`${j.base()}/actualites/${SLUG}`)).status()).toBe(404);
}

describe.skipIf(skipWithoutChromium)('news in a browser', { timeout: JOURNEY_TIMEOUT }, () => {
  const j = newsJourneys();
  const base = () => j.base();
  /** the editor of the article the staff journey writes */
  let editorPath = '';

  it('a staff member writes, schedules and publishes an article with a PDF', async () => {
    const page = await j.audit.newPage({ locale: 'fr-FR' });
    await j.signInAsStaff(page);
    await writeArticle(j, page);
    await attachPdf(j, page);
    await schedule(j, page);
    editorPath = pathOf(page);
  });

  it('the server publishes it when its time comes, and the back office says so', async () => {
    expect(editorPath, 'the article written in the previous journey').toMatch(
      /^\/admin\/actualites\/\d+\/fr$/,
    );
    await expect
      .poll(async () => (await fetch(`${base()}/actualites/${SLUG}`)).status, PUBLISHED)
      .toBe(200);
    const page = await j.audit.newPage({ locale: 'fr-FR' });
    await j.signInAsStaff(page);
    await page.goto(`${base()}${editorPath}`);
    const publication = page.getByRole('region', { name: 'Publication programmée' });
    expect(await textOf(publication)).toContain('Publié le ');
    await j.audit.check(page);
  });

  it('without JavaScript, the picker searches with its button, and the ticked organisation is saved', async () => {
    expect(editorPath, 'the article written and published in the journeys before').toMatch(
      /^\/admin\/actualites\/\d+\/fr$/,
    );
    const page = await j.audit.newPage({ locale: 'fr-FR', javaScriptEnabled: false });
    await j.signInAsStaff(page);
    await page.goto(`${base()}${editorPath}`);
    await j.audit.check(page);
    // the organisation chosen with the script is there, ticked
    const chosen = page.getByRole('checkbox', { name: /^Digital Grenoble/ });
    expect(await chosen.isChecked()).toBe(true);
    await page.getByLabel('Organisation à chercher dans l’annuaire').fill('Inria');
    const searched = await arrive(page, () =>
      page.getByRole('button', { name: 'Chercher', exact: true }).click(),
    );
    expect(searched.status()).toBe(200);
    const inria = page.getByRole('checkbox', { name: /^Centre de recherche Inria de Grenoble/ });
    expect(await inria.isChecked()).toBe(false);
    await j.audit.check(page);
    await inria.check();
    await page.getByLabel('Organisation à chercher dans l’annuaire').fill('');
    const saved = await arrive(page, () =>
      page.getByRole('button', { name: 'Enregistrer' }).click(),
    );
    expect(saved.status()).toBe(200);
    expect(await textOf(page.locator('.notice[role="status"]'))).toBe('Actualité enregistrée.');
    for (const name of [/^Digital Grenoble/, /^Centre de recherche Inria de Grenoble/]) {
      expect(await page.getByRole('checkbox', { name }).isChecked()).toBe(true);
    }
    await j.audit.check(page);
  });

  it('a visitor finds it, downloads the PDF and subscribes to the feed', async () => {
    const { audit } = j;
    const page = await audit.newPage({ locale: 'fr-FR' });
    await page.goto(base());
    await audit.check(page);
    const latest = page.getByRole('region', { name: 'Dernières actualités' });
    await arrive(page, () => latest.getByRole('link', { name: TITLE }).click());
    expect(pathOf(page)).toBe(`/actualites/${SLUG}`);
    await audit.check(page);
    const crumbs = await page
      .getByRole('navigation', { name: 'Fil d’Ariane' })
      .getByRole('listitem')
      .allInnerTexts();
    expect(crumbs.map((c) => c.trim())).toEqual([
      'Espace public',
      'Notre offre',
      'Actualités',
      TITLE,
    ]);
    expect(await textOf(page.getByRole('main'))).toContain('Dès janvier, le public est accueilli.');
    // the organisations chosen with the picker, linked to their profiles
    expect(await page.locator('main a[href="/annuaire/digital-grenoble"]').count()).toBe(1);

    const resources = page.getByRole('region', { name: 'Ressources complémentaires' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      resources.getByRole('link', { name: 'Le communiqué' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Communiqué.pdf');
    const file = path.join(j.scratch(), 'downloaded.pdf');
    await download.saveAs(file);
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const feedHref = await page
      .locator('link[rel="alternate"][type="application/rss+xml"]')
      .getAttribute('href');
    const feed = await page.request.get(new URL(String(feedHref), base()).toString());
    expect(feed.headers()['content-type']).toContain('application/rss+xml');
    const xml = await feed.text();
    expect(xml).toContain(`<title>${TITLE}</title>`);
    expect(xml).toContain(`/actualites/${SLUG}</link>`);
  });

  it('a visitor without JavaScript reads the seed article in French and in English', async () => {
    const { audit } = j;
    const page = await audit.newPage({ javaScriptEnabled: false, locale: 'fr-FR' });
    await page.goto(`${base()}/actualites`);
    await audit.check(page);
    await arrive(page, () => page.getByRole('link', { name: SEED_TITLE }).click());
    await audit.check(page);
    const main = await textOf(page.getByRole('main'));
    expect(main).toContain('Publié le 14 novembre 2014');
    // French typography, set as the article is rendered: narrow no-break space before !, no-break before :
    expect(main).toContain('La métropole grenobloise labellisée French Tech\u202f!');
    expect(main).toContain(
      'Source\u00a0: extrait communiqué de Presse Digital Grenoble 14/11/2014',
    );
    expect(
      await textOf(page.getByRole('region', { name: 'Ressources complémentaires' })),
    ).toContain("le communiqué de presse original n'est pas disponible");
    await arrive(page, () =>
      page.getByRole('link', { name: 'Read this article in English' }).click(),
    );
    expect(pathOf(page)).toBe('/en/actualites/grenoble-wins-the-french-tech-label');
    expect(await textOf(page.getByRole('main'))).toContain('This article is a translation.');
    await audit.check(page);
  });
});
