import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeSireneSample } from '../../src/sirene/sample/sample.ts';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  JOURNEY_TIMEOUT,
  launchBrowser,
  parseCsv,
  pathOf,
  skipWithoutChromium,
  startServer,
  textOf,
} from './support.ts';

const SHOTS_DIR = '/tmp/totem-shots';
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'fr-FR' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
};
/** waiting for the page to change (search as you type, an import's row), never a measure */
const UPDATE = { timeout: 30_000, interval: 100 };
/** the server's worker takes a queued import within 2 s; the page refreshes its row every 3 s */
const IMPORT_DONE = { timeout: 60_000, interval: 500 };

const SEARCH_LABEL = 'Rechercher une organisation';
const REGISTER = 'Répertoire SIRENE (Insee)';
const STAFF_SOURCE = 'Équipe du hub';
const BAD_FILE = 'Ce fichier n’est pas un fichier SIRENE lisible (.csv, .csv.gz ou .zip).';
/** the seed's organisations that "grenob" finds (real ones, not demo) */
const GRENOB = [
  'Centre de recherche Inria de Grenoble',
  'Chambre de Commerce et d’Industrie de Grenoble',
  'Communauté de communes Le Grésivaudan',
  'Digital Grenoble',
  'Grenoble-Alpes Métropole',
];

// ── What the directory page shows ──────────────────────────────────────────────────────────────

/** the results' heading: "295 organisations", "1 organisation", "Aucune organisation" */
function resultsHeading(page: Page): Locator {
  return page.getByRole('heading', { level: 2, name: /organisation/ });
}

/** the number the results' heading gives */
async function resultsTotal(page: Page): Promise<number> {
  const text = await textOf(resultsHeading(page));
  expect(text).toMatch(/^(\d[\d\s]* organisations?|Aucune organisation)$/);
  return Number(text.replace(/\D/g, ''));
}

/** the results' headings, one per organisation, with their link */
function resultHeadings(page: Page): Locator {
  return page.getByRole('heading', { level: 3 });
}

/** the names of the organisations listed, in order */
async function resultNames(page: Page): Promise<string[]> {
  return resultHeadings(page).getByRole('link').allInnerTexts();
}

/** a facet's checkbox by the start of its label: "Collectivité (2)" */
function facet(page: Page, group: string, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .getByRole('group', { name: group, exact: true })
    .getByRole('checkbox', { name: new RegExp(`^${escaped} \\(\\d+\\)$`) });
}

/** the count a facet's label gives: 2 for "Collectivité (2)" */
async function facetCount(checkbox: Locator): Promise<number> {
  const id = await checkbox.getAttribute('id');
  const label = await textOf(checkbox.page().locator(`label[for="${id}"]`));
  const count = /\((\d+)\)$/.exec(label)?.[1];
  if (count === undefined) throw new Error(`no count in the facet label "${label}"`);
  return Number(count);
}

/** every count of a facet group */
async function facetCounts(page: Page, group: string): Promise<number[]> {
  const labels = await page
    .getByRole('group', { name: group, exact: true })
    .locator('label')
    .allInnerTexts();
  return labels.map((label) => {
    const count = /\((\d+)\)$/.exec(label.trim())?.[1];
    if (count === undefined) throw new Error(`no count in the facet label "${label}"`);
    return Number(count);
  });
}

/** the summary of the filters' panel, shown on narrow screens: "Filtres et tri (1 actif)" */
function filtersSummary(page: Page): Locator {
  return page.locator('#facets-panel > summary');
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** marks the document, to tell later whether the page was reloaded or replaced */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { sameDocument?: boolean }).sameDocument = true;
  });
}

async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(
    () => (window as unknown as { sameDocument?: boolean }).sameDocument === true,
  );
}

// ── What a profile shows ───────────────────────────────────────────────────────────────────────

/** the terms and definitions of a definition list, as a map */
async function facts(list: Locator): Promise<Map<string, string>> {
  const terms = await list.getByRole('term').allInnerTexts();
  const definitions = await list.getByRole('definition').allInnerTexts();
  expect(definitions).toHaveLength(terms.length);
  return new Map(terms.map((term, i) => [term.trim(), (definitions[i] ?? '').trim()]));
}

/** a table's body rows, each as its cells' texts; checks the header first */
async function tableRows(table: Locator, header: string[]): Promise<string[][]> {
  expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(header);
  const rows = table.getByRole('row').filter({ has: table.page().getByRole('cell') });
  const count = await rows.count();
  const cells: string[][] = [];
  for (let i = 0; i < count; i++) {
    cells.push((await rows.nth(i).getByRole('cell').allInnerTexts()).map((c) => c.trim()));
  }
  return cells;
}

/** the breadcrumbs' items, in order */
async function breadcrumbs(page: Page, name: string): Promise<string[]> {
  const items = await page.getByRole('navigation', { name }).getByRole('listitem').allInnerTexts();
  return items.map((item) => item.trim());
}

type JsonLd = {
  '@context'?: string;
  '@type'?: string;
  name?: string;
  description?: string;
  identifier?: { propertyID?: string; value?: string };
  mainEntityOfPage?: string;
};

async function jsonLd(page: Page): Promise<JsonLd> {
  const scripts = page.locator('script[type="application/ld+json"]');
  expect(await scripts.count(), 'one JSON-LD block').toBe(1);
  return JSON.parse((await scripts.textContent()) ?? '') as JsonLd;
}

/** the page is no wider than the screen */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${what}: horizontal overflow`).toBeLessThanOrEqual(clientWidth);
}

async function screenshot(page: Page, name: string, width: number): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, name);
  await page.screenshot({ path: file, fullPage: true });
  const png = await readFile(file);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.readUInt32BE(16), `width of ${name}`).toBe(width);
}

describe.skipIf(skipWithoutChromium)(
  'the directory in a browser',
  { timeout: JOURNEY_TIMEOUT },
  () => {
    let server: E2eServer | undefined;
    let browser: Browser | undefined;
    let audit: A11yAudit;
    let scratch: string | undefined;

    beforeAll(async () => {
      assertChromium();
      scratch = await mkdtemp(path.join(tmpdir(), 'totem-e2e-files-'));
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

    function running(): E2eServer {
      if (!server) throw new Error('the server did not start');
      return server;
    }

    function base(): string {
      return running().url;
    }

    function scratchDir(): string {
      if (!scratch) throw new Error('no scratch folder');
      return scratch;
    }

    /**
     * opens /annuaire and checks what a visitor sees first; returns the number of organisations.
     * On a phone the filters come folded under their summary, after which the results follow the
     * search box: it checks that, then unfolds them.
     */
    async function openDirectory(
      page: Page,
      device: 'desktop' | 'phone' = 'desktop',
    ): Promise<number> {
      const answer = await page.goto(`${base()}/annuaire`);
      expect(answer?.status()).toBe(200);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
        'Annuaire de l’écosystème',
      );
      const total = await resultsTotal(page);
      expect(total).toBeGreaterThan(20);
      const kinds = page.getByRole('group', { name: 'Type', exact: true });
      const summary = filtersSummary(page);
      if (device === 'phone') {
        await expect.poll(() => kinds.isVisible(), UPDATE).toBe(false);
        expect(await textOf(summary)).toBe('Filtres et tri');
        const first = await resultHeadings(page).first().boundingBox();
        const height = page.viewportSize()?.height ?? 0;
        expect(first && first.y + first.height, 'first result on the first screen').toBeLessThan(
          height,
        );
        await summary.click();
      } else {
        expect(await summary.isVisible()).toBe(false);
      }
      expect(await kinds.isVisible()).toBe(true);
      // each organisation has one kind and one status: with no filter, each group adds up to all
      expect(sum(await facetCounts(page, 'Type'))).toBe(total);
      expect(sum(await facetCounts(page, 'Statut'))).toBe(total);
      for (const group of ['Champ de développement', 'Commune']) {
        const counts = await facetCounts(page, group);
        expect(counts.length, `facet ${group}`).toBeGreaterThan(0);
        for (const count of counts) expect(count).toBeGreaterThan(0);
      }
      // twenty results a page
      expect(await resultHeadings(page).count()).toBe(20);
      expect(await textOf(page.getByRole('navigation', { name: 'Pages de résultats' }))).toContain(
        `Page 1 sur ${Math.ceil(total / 20)}`,
      );
      return total;
    }

    /** from the sign-in page to the account page, as a demo account */
    async function signInAs(page: Page, role: string): Promise<void> {
      const account = running().demoAccount(role);
      const form = await page.goto(`${base()}/connexion`);
      expect(form?.status()).toBe(200);
      await audit.check(page);
      await page.getByLabel('Adresse e-mail').fill(account.email);
      await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
      const signedIn = await arrive(page, () =>
        page.getByRole('button', { name: 'Se connecter' }).click(),
      );
      expect(signedIn.status()).toBe(200);
      expect(pathOf(page)).toBe('/compte');
      expect(await textOf(page.getByRole('main'))).toContain('Équipe d’animation');
      await audit.check(page);
    }

    it('searches as you type, filters with a facet, and the address shares the results', async () => {
      const page = await audit.newPage();
      const total = await openDirectory(page);

      // demo organisations say so; the first page of the register is synthetic
      const demo = resultHeadings(page).filter({ hasText: /démo$/ });
      expect(await demo.count()).toBeGreaterThan(0);
      expect(await demo.first().getByText('démo', { exact: true }).getAttribute('title')).toBe(
        'Donnée de démonstration, synthétique',
      );
      await audit.check(page);

      // typing is enough: the results change in place, and the address follows
      await markDocument(page);
      const search = page.getByRole('searchbox', { name: SEARCH_LABEL });
      await search.pressSequentially('grenob', { delay: 40 });
      await expect.poll(() => query(page).get('q'), UPDATE).toBe('grenob');
      await expect.poll(() => resultsTotal(page), UPDATE).toBe(GRENOB.length);
      expect([...(await resultNames(page))].sort()).toEqual(GRENOB);
      expect(await sameDocument(page)).toBe(true);
      expect(pathOf(page)).toMatch(/^\/annuaire\?/);
      expect(await search.inputValue()).toBe('grenob');
      // the seed's organisations are real: no demo badge
      expect(await resultHeadings(page).filter({ hasText: /démo$/ }).count()).toBe(0);
      // the facets count the results of the search
      expect(sum(await facetCounts(page, 'Type'))).toBe(GRENOB.length);
      await audit.check(page);

      // ticking a facet narrows the results, at once
      const authorities = facet(page, 'Type', 'Collectivité');
      const expected = await facetCount(authorities);
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(GRENOB.length);
      await authorities.check();
      await expect.poll(() => query(page).getAll('kind'), UPDATE).toEqual(['local_authority']);
      await expect.poll(() => resultsTotal(page), UPDATE).toBe(expected);
      const names = await resultNames(page);
      expect(names).toHaveLength(expected);
      expect(names).toContain('Grenoble-Alpes Métropole');
      for (const name of names) expect(GRENOB).toContain(name);
      expect(query(page).get('q')).toBe('grenob');
      expect(await sameDocument(page)).toBe(true);
      // the refreshed filters keep the tick and the focus
      expect(await facet(page, 'Type', 'Collectivité').isChecked()).toBe(true);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id), UPDATE)
        .toBe('f-kind-local_authority');
      await audit.check(page);

      // the address, opened elsewhere, shows the same results
      const shared = page.url();
      const other = await audit.newPage();
      const opened = await other.goto(shared);
      expect(opened?.status()).toBe(200);
      expect(await resultsTotal(other)).toBe(expected);
      expect(await resultNames(other)).toEqual(names);
      expect(await other.getByRole('searchbox', { name: SEARCH_LABEL }).inputValue()).toBe(
        'grenob',
      );
      expect(await facet(other, 'Type', 'Collectivité').isChecked()).toBe(true);
      await audit.check(other);

      // emptying the box and the filter brings every organisation back
      await search.fill('');
      await facet(page, 'Type', 'Collectivité').uncheck();
      await expect.poll(() => resultsTotal(page), UPDATE).toBe(total);
      expect(query(page).get('q')).toBeNull();
      expect(query(page).getAll('kind')).toEqual([]);
      expect(await sameDocument(page)).toBe(true);
      await audit.check(page);
    });

    it('searches, filters and pages without JavaScript, with the plain form', async () => {
      const page = await audit.newPage({ javaScriptEnabled: false });
      const total = await openDirectory(page);
      expect(await page.evaluate(() => matchMedia('(scripting: none)').matches)).toBe(true);
      await audit.check(page);

      // typing alone changes nothing: the form is sent with its button
      const search = page.getByRole('searchbox', { name: SEARCH_LABEL });
      await search.fill('grenob');
      expect(await resultsTotal(page)).toBe(total);
      const searched = await arrive(page, () =>
        page.getByRole('button', { name: 'Rechercher', exact: true }).click(),
      );
      expect(searched.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/annuaire');
      expect(query(page).get('q')).toBe('grenob');
      expect(await resultsTotal(page)).toBe(GRENOB.length);
      expect([...(await resultNames(page))].sort()).toEqual(GRENOB);
      expect(await search.inputValue()).toBe('grenob');
      await audit.check(page);

      // a facet, then "Appliquer"
      const expected = await facetCount(facet(page, 'Type', 'Collectivité'));
      await facet(page, 'Type', 'Collectivité').check();
      const filtered = await arrive(page, () =>
        page.getByRole('button', { name: 'Appliquer', exact: true }).click(),
      );
      expect(filtered.status()).toBe(200);
      expect(query(page).get('q')).toBe('grenob');
      expect(query(page).getAll('kind')).toEqual(['local_authority']);
      expect(await resultsTotal(page)).toBe(expected);
      const names = await resultNames(page);
      expect(names).toContain('Grenoble-Alpes Métropole');
      for (const name of names) expect(GRENOB).toContain(name);
      expect(await facet(page, 'Type', 'Collectivité').isChecked()).toBe(true);
      await audit.check(page);

      // back to everything, then one kind over several pages
      const cleared = await arrive(page, () =>
        page.getByRole('link', { name: 'Effacer les filtres' }).click(),
      );
      expect(cleared.status()).toBe(200);
      expect(pathOf(page)).toBe('/annuaire');
      expect(await resultsTotal(page)).toBe(total);
      await audit.check(page);

      const smes = facet(page, 'Type', 'PME');
      const smeCount = await facetCount(smes);
      expect(smeCount, 'enough SMEs for two pages').toBeGreaterThan(20);
      const pages = Math.ceil(smeCount / 20);
      await smes.check();
      await arrive(page, () =>
        page.getByRole('button', { name: 'Appliquer', exact: true }).click(),
      );
      expect(query(page).getAll('kind')).toEqual(['sme']);
      expect(await resultsTotal(page)).toBe(smeCount);
      const pagination = page.getByRole('navigation', { name: 'Pages de résultats' });
      expect(await textOf(pagination)).toContain(`Page 1 sur ${pages}`);
      expect(await pagination.getByRole('link', { name: 'Page précédente' }).count()).toBe(0);
      const first = await resultNames(page);
      expect(first).toHaveLength(20);
      await audit.check(page);

      const next = await arrive(page, () =>
        pagination.getByRole('link', { name: 'Page suivante' }).click(),
      );
      expect(next.status()).toBe(200);
      expect(query(page).get('page')).toBe('2');
      expect(query(page).getAll('kind')).toEqual(['sme']);
      expect(await textOf(pagination)).toContain(`Page 2 sur ${pages}`);
      const second = await resultNames(page);
      expect(second.length).toBe(Math.min(20, smeCount - 20));
      for (const name of second) expect(first).not.toContain(name);
      for (const meta of await page.locator('.org .meta:first-of-type').allInnerTexts()) {
        expect(meta).toMatch(/^PME\b/);
      }
      expect(await facet(page, 'Type', 'PME').isChecked()).toBe(true);
      await audit.check(page);

      const previous = await arrive(page, () =>
        pagination.getByRole('link', { name: 'Page précédente' }).click(),
      );
      expect(previous.status()).toBe(200);
      expect(query(page).get('page') ?? '1').toBe('1');
      expect(query(page).getAll('kind')).toEqual(['sme']);
      expect(await textOf(pagination)).toContain(`Page 1 sur ${pages}`);
      expect(await resultNames(page)).toEqual(first);
      await audit.check(page);
    });

    it('opens a profile from the results: identity, establishments, history, JSON-LD, in English too', async () => {
      const page = await audit.newPage(DESKTOP);
      await openDirectory(page);
      await audit.check(page);

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
      const siren = identity.get('SIREN') ?? '';
      expect(siren).toMatch(/^\d{9}$/);
      expect(identity.get('Effectif salarié')).toMatch(
        new RegExp(`^.+ en \\d{4} · ${REGISTER.replace(/[()]/g, '\\$&')}$`),
      );

      const establishments = await tableRows(
        page.getByRole('region', { name: 'Établissements sur le territoire' }).getByRole('table'),
        ['SIRET', 'Adresse', 'Effectif salarié', 'Statut'],
      );
      expect(establishments.length).toBeGreaterThan(0);
      for (const [siret, address, , status] of establishments) {
        expect(siret).toMatch(new RegExp(`^${siren}\\d{5}( \\(Siège\\))?$`));
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
      await audit.check(page);
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
      expect(identityEn.get('SIREN')).toBe(siren);
      expect(identityEn.get('Salaried staff')).toMatch(/ in \d{4} · SIRENE register \(Insee\)$/);
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
      for (const row of historyEn) expect(row[3]).toBe('SIRENE register (Insee)');
      expect(await page.getByText('Identité').count()).toBe(0);
      expect((await jsonLd(page))['@type']).toBe('Organization');
      await audit.check(page);

      // the seed's Digital Grenoble and its partners, from the directory
      const found = await page.goto(`${base()}/annuaire?q=grenob`);
      expect(found?.status()).toBe(200);
      await audit.check(page);
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
      await audit.check(page);

      const partner = await arrive(page, () =>
        relations.getByRole('link', { name: 'Grenoble-Alpes Métropole' }).click(),
      );
      expect(partner.status()).toBe(200);
      expect(pathOf(page)).toBe('/annuaire/grenoble-alpes-metropole');
      expect((await facts(page.getByRole('region', { name: 'Identité' }))).get('SIREN')).toBe(
        '200040715',
      );
      expect(
        await page.getByRole('region', { name: 'Relations' }).getByRole('listitem').allInnerTexts(),
      ).toEqual([`Est partenaire de Digital Grenoble · ${STAFF_SOURCE}`]);
      await audit.check(page);
    });

    it('exports the filtered results as CSV, every row matching the filters', async () => {
      const page = await audit.newPage();
      await openDirectory(page);
      await audit.check(page);

      const startups = facet(page, 'Type', 'Start-up');
      const startupCount = await facetCount(startups);
      await startups.check();
      await expect.poll(() => resultsTotal(page), UPDATE).toBe(startupCount);
      const grenoble = facet(page, 'Commune', 'Grenoble');
      const expected = await facetCount(grenoble);
      expect(expected).toBeGreaterThan(0);
      await grenoble.check();
      await expect.poll(() => query(page).getAll('commune'), UPDATE).toEqual(['38185']);
      await expect.poll(() => resultsTotal(page), UPDATE).toBe(expected);
      expect(query(page).getAll('kind')).toEqual(['startup']);
      await audit.check(page);

      const exportLink = page.getByRole('link', { name: 'Exporter en CSV' });
      const href = new URL((await exportLink.getAttribute('href')) ?? '', base()).searchParams;
      expect(href.getAll('kind')).toEqual(['startup']);
      expect(href.getAll('commune')).toEqual(['38185']);
      const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
      expect(download.suggestedFilename()).toMatch(/^organisations-\d{4}-\d{2}-\d{2}\.csv$/);
      const file = path.join(scratchDir(), 'export.csv');
      await download.saveAs(file);
      const text = await readFile(file, 'utf8');
      // a byte-order mark, for spreadsheets
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...rows] = parseCsv(text.slice(1));
      if (!header) throw new Error('an empty CSV');
      expect(header.slice(0, 4)).toEqual(['id', 'slug', 'siren', 'name']);
      const column = (name: string) => {
        const i = header.indexOf(name);
        expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
        return i;
      };
      const kind = column('kind');
      const communes = column('commune_codes');
      const name = column('name');
      expect(rows).toHaveLength(expected);
      for (const row of rows) {
        expect(row).toHaveLength(header.length);
        expect(row[kind]).toBe('startup');
        expect(row[communes]?.split('|')).toContain('38185');
      }
      // the page listed the first of them
      const listed = await resultNames(page);
      for (const shown of listed) expect(rows.map((r) => r[name])).toContain(shown);
      // nothing loaded: a download, not a page
      expect(pathOf(page)).toMatch(/^\/annuaire\?/);
    });

    it('lets the staff edit a profile: the saved description, with the source of what they said', async () => {
      const page = await audit.newPage(DESKTOP);
      await signInAs(page, 'staff');

      await openDirectory(page);
      await audit.check(page);
      const link = resultHeadings(page).filter({ hasText: /démo$/ }).first().getByRole('link');
      const name = await textOf(link);
      const slug = ((await link.getAttribute('href')) ?? '').replace(/^\/annuaire\//, '');
      await arrive(page, () => link.click());
      expect(pathOf(page)).toBe(`/annuaire/${slug}`);
      await audit.check(page);

      const edit = await arrive(page, () =>
        page.getByRole('link', { name: 'Modifier la fiche' }).click(),
      );
      expect(edit.status()).toBe(200);
      expect(pathOf(page)).toBe(`/annuaire/${slug}/modifier`);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Modifier « ${name} »`);
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
      await audit.check(page);
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
      await audit.check(page);

      // the English page falls back to the French text it has not been given
      const english = await arrive(page, () =>
        page.getByRole('link', { name: 'English', exact: true }).click(),
      );
      expect(english.status()).toBe(200);
      expect(await textOf(page.getByRole('main'))).toContain(description);
      await audit.check(page);
    });

    it('lets the staff upload a SIRENE file: it runs to the end, and a disguised file is refused', async () => {
      const page = await audit.newPage(DESKTOP);
      await signInAs(page, 'staff');

      const before = await page.goto(`${base()}/annuaire`);
      expect(before?.status()).toBe(200);
      const totalBefore = await resultsTotal(page);
      await audit.check(page);

      await arrive(page, () =>
        page
          .getByRole('navigation', { name: 'Compte' })
          .getByRole('link', { name: 'Administration' })
          .click(),
      );
      expect(pathOf(page)).toBe('/admin');
      await audit.check(page);
      const imports = await arrive(page, () =>
        page.getByRole('link', { name: 'Imports SIRENE' }).click(),
      );
      expect(imports.status()).toBe(200);
      expect(pathOf(page)).toBe('/admin/imports');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Imports SIRENE');
      const table = page.getByRole('region', { name: 'Imports' }).getByRole('table');
      const idsBefore = await table.getByRole('row').locator('td:first-child').allInnerTexts();
      await audit.check(page);

      // a small establishments file, in INSEE's format
      const sample = await writeSireneSample({
        directory: path.join(scratchDir(), 'sirene'),
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
      await audit.check(page);

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
      await audit.check(page);
      await screenshot(page, 'imports-fr-desktop.png', 1280);

      // a PNG named .csv, then random bytes: a clear message, the form again, nothing queued
      const png = path.join(scratchDir(), 'etablissements.csv');
      await writeFile(
        png,
        Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(2048)]),
      );
      const noise = path.join(scratchDir(), 'StockEtablissement_utf8.csv');
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
        await audit.check(page);
      }

      // what the import created is in the directory
      const after = await page.goto(`${base()}/annuaire`);
      expect(after?.status()).toBe(200);
      expect(await resultsTotal(page)).toBe(totalBefore + Number(created?.[1]));
      await audit.check(page);
    });

    it(`lays the directory out on a desktop and on a phone (screenshots in ${SHOTS_DIR})`, async () => {
      for (const [device, options, width] of [
        ['desktop', DESKTOP, 1280],
        ['phone', PHONE, 390 * 3],
      ] as const) {
        const page = await audit.newPage(options);
        await openDirectory(page, device);
        expect(await page.getByRole('search').count()).toBe(1);
        if (device === 'phone') {
          // the unfolded panel, then a filter ticked in it: the results change around it, it
          // stays open
          await audit.check(page);
          await markDocument(page);
          await facet(page, 'Type', 'Start-up').check();
          await expect.poll(() => query(page).getAll('kind'), UPDATE).toEqual(['startup']);
          await expect
            .poll(() => textOf(filtersSummary(page)), UPDATE)
            .toBe('Filtres et tri (1 actif)');
          expect(await facet(page, 'Type', 'Start-up').isVisible()).toBe(true);
          expect(await sameDocument(page)).toBe(true);
        }
        await expectNoSidewaysScroll(page, device);
        await audit.check(page);
        await screenshot(page, `directory-fr-${device}.png`, width);
      }
    });
  },
);
