import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  launchBrowser,
  pathOf,
  startServer,
  textOf,
} from './support.ts';

// What the directory's journeys share: the server and browser of a spec file, what the directory
// page and a profile show, and the first steps of a visit.

/**
 * One server (with the demo data) and one browser for all the journeys of a spec file, started
 * before the first and closed after the last; the pages of each journey are checked by axe and
 * closed after it.
 */
export type Session = {
  audit: A11yAudit;
  server(): E2eServer;
  /** the server's address */
  base(): string;
  /** a folder for the files a journey writes (downloads, uploads) */
  scratchDir(): string;
};

export function browserSession(): Session {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let scratch: string | undefined;
  const session = {
    server() {
      if (!server) throw new Error('the server did not start');
      return server;
    },
    base() {
      return session.server().url;
    },
    scratchDir() {
      if (!scratch) throw new Error('no scratch folder');
      return scratch;
    },
  } as Session;

  beforeAll(async () => {
    assertChromium();
    scratch = await mkdtemp(path.join(tmpdir(), 'totem-e2e-files-'));
    server = await startServer();
    browser = await launchBrowser();
    session.audit = new A11yAudit(browser);
  });

  afterEach(async () => {
    await session.audit?.finish();
  });

  afterAll(async () => {
    await session.audit?.close();
    await browser?.close();
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });
  return session;
}

export const SHOTS_DIR = '/tmp/totem-shots';
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'fr-FR',
};
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
};
/** waiting for the page to change (search as you type, an import's row), never a measure */
export const UPDATE = { timeout: 30_000, interval: 100 };
/** the server's worker takes a queued import within 2 s; the page refreshes its row every 3 s */
export const IMPORT_DONE = { timeout: 60_000, interval: 500 };

export const SEARCH_LABEL = 'Rechercher une organisation';
export const REGISTER = 'Répertoire SIRENE de l’Insee';
export const STAFF_SOURCE = 'Équipe du hub';
export const BAD_FILE = 'Ce fichier n’est pas un fichier SIRENE lisible (.csv, .csv.gz ou .zip).';
/** the seed's organisations that "grenob" finds (real ones, not demo) */
export const GRENOB = [
  'Centre de recherche Inria de Grenoble',
  'Chambre de Commerce et d’Industrie de Grenoble',
  'Communauté de communes Le Grésivaudan',
  'Digital Grenoble',
  'Grenoble-Alpes Métropole',
];

// ── What the directory page shows ──────────────────────────────────────────────────────────────

/** the results' heading: "295 organisations", "1 organisation", "Aucune organisation" */
export function resultsHeading(page: Page): Locator {
  return page.getByRole('heading', { level: 2, name: /organisation/ });
}

/** the number the results' heading gives */
export async function resultsTotal(page: Page): Promise<number> {
  const text = await textOf(resultsHeading(page));
  expect(text).toMatch(/^(\d[\d\s]* organisations?|Aucune organisation)$/);
  return Number(text.replace(/\D/g, ''));
}

/** the results' headings, one per organisation, with their link */
export function resultHeadings(page: Page): Locator {
  return page.getByRole('heading', { level: 3 });
}

/** the names of the organisations listed, in order */
export async function resultNames(page: Page): Promise<string[]> {
  return resultHeadings(page).getByRole('link').allInnerTexts();
}

/** a facet's checkbox by the start of its label: "Collectivité (2)" */
export function facet(page: Page, group: string, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .getByRole('group', { name: group, exact: true })
    .getByRole('checkbox', { name: new RegExp(`^${escaped} \\(\\d+\\)$`) });
}

/** the count a facet's label gives: 2 for "Collectivité (2)" */
export async function facetCount(checkbox: Locator): Promise<number> {
  const id = await checkbox.getAttribute('id');
  const label = await textOf(checkbox.page().locator(`label[for="${id}"]`));
  const count = /\((\d+)\)$/.exec(label)?.[1];
  if (count === undefined) throw new Error(`no count in the facet label "${label}"`);
  return Number(count);
}

/** every count of a facet group */
export async function facetCounts(page: Page, group: string): Promise<number[]> {
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
export function filtersSummary(page: Page): Locator {
  return page.locator('#facets-panel > summary');
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** marks the document, to tell later whether the page was reloaded or replaced */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { sameDocument?: boolean }).sameDocument = true;
  });
}

export async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(
    () => (window as unknown as { sameDocument?: boolean }).sameDocument === true,
  );
}

// ── What a profile shows ───────────────────────────────────────────────────────────────────────

/** the terms and definitions of a definition list, as a map */
export async function facts(list: Locator): Promise<Map<string, string>> {
  const terms = await list.getByRole('term').allInnerTexts();
  const definitions = await list.getByRole('definition').allInnerTexts();
  expect(definitions).toHaveLength(terms.length);
  return new Map(terms.map((term, i) => [term.trim(), (definitions[i] ?? '').trim()]));
}

/** a table's body rows, each as its cells' texts; checks the header first */
export async function tableRows(table: Locator, header: string[]): Promise<string[][]> {
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
export async function breadcrumbs(page: Page, name: string): Promise<string[]> {
  const items = await page.getByRole('navigation', { name }).getByRole('listitem').allInnerTexts();
  return items.map((item) => item.trim());
}

export type JsonLd = {
  '@context'?: string;
  '@type'?: string;
  name?: string;
  description?: string;
  identifier?: { propertyID?: string; value?: string };
  mainEntityOfPage?: string;
};

export async function jsonLd(page: Page): Promise<JsonLd> {
  const scripts = page.locator('script[type="application/ld+json"]');
  expect(await scripts.count(), 'one JSON-LD block').toBe(1);
  return JSON.parse((await scripts.textContent()) ?? '') as JsonLd;
}

/** the page is no wider than the screen */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${what}: horizontal overflow`).toBeLessThanOrEqual(clientWidth);
}

export async function screenshot(page: Page, name: string, width: number): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, name);
  await page.screenshot({ path: file, fullPage: true });
  const png = await readFile(file);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.readUInt32BE(16), `width of ${name}`).toBe(width);
}

// ── The first steps of a visit ─────────────────────────────────────────────────────────────────

/**
 * opens /annuaire and checks what a visitor sees first; returns the number of organisations.
 * On a phone the filters come folded under their summary, after which the results follow the
 * search box: it checks that, then unfolds them.
 */
export async function openDirectory(
  s: Session,
  page: Page,
  device: 'desktop' | 'phone' = 'desktop',
): Promise<number> {
  const answer = await page.goto(`${s.base()}/annuaire`);
  expect(answer?.status()).toBe(200);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Annuaire de l’écosystème');
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
export async function signInAs(s: Session, page: Page, role: string): Promise<void> {
  const account = s.server().demoAccount(role);
  const form = await page.goto(`${s.base()}/connexion`);
  expect(form?.status()).toBe(200);
  await s.audit.check(page);
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
  const signedIn = await arrive(page, () =>
    page.getByRole('button', { name: 'Se connecter' }).click(),
  );
  expect(signedIn.status()).toBe(200);
  expect(pathOf(page)).toBe('/compte');
  expect(await textOf(page.getByRole('main'))).toContain('Équipe d’animation');
  await s.audit.check(page);
}
