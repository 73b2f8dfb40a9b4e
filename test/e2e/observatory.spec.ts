import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type DemoAccount,
  type E2eServer,
  JOURNEY_TIMEOUT,
  launchBrowser,
  parseCsv,
  pathOf,
  skipWithoutChromium,
  startServer,
  textOf,
} from './support.ts';

const HUNDREDS = 'Une dizaine d’entreprises de plusieurs centaines d’emplois';
const KINDS_CHART = 'Organisations actives par type';
const MILESTONE = 'Création de la structure privée';

/** what a journey needs: the browser's page, the accessibility audit, the server's address */
type Visit = { page: Page; audit: A11yAudit; base: string };

/** "3 atteints pour un objectif de 10" → 3 */
const figureOf = (text: string) => {
  const m = /^(\d+) atteints? pour un objectif de (\d+)$/.exec(text.replace(/\s/g, ' ').trim());
  if (!m) throw new Error(`not a "value for a target" figure: ${text}`);
  return Number(m[1]);
};

/** From the home page to an objective, its figure in detail, and an organisation behind it. */
async function readAnObjective({ page, audit, base }: Visit) {
  // from the home page, through the main navigation
  await page.goto(`${base}/`);
  await audit.check(page);
  const home = page.getByRole('region', { name: 'Objectifs du hub' });
  await expect.poll(() => home.isVisible()).toBe(true);
  await arrive(page, () =>
    page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', {
        name: 'Observatoire',
      })
      .click(),
  );
  expect(pathOf(page)).toBe('/observatoire');
  await audit.check(page);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
    'Observatoire de l’écosystème',
  );
  // the page says in words that its figures come from demo data, and of which date
  expect(await textOf(page.locator('.data-notice'))).toMatch(
    /données de démonstration.*Données du répertoire au \d+/s,
  );

  // an objective at a glance, then in detail: the same figure
  const card = page.locator('.objective-card', {
    has: page.getByRole('link', { name: HUNDREDS }),
  });
  const value = figureOf(await textOf(card.locator('.objective-figure')));
  await arrive(page, () => card.getByRole('link', { name: HUNDREDS }).click());
  expect(pathOf(page)).toMatch(/^\/observatoire\/objectifs\/\d+$/);
  await audit.check(page);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(HUNDREDS);
  expect(figureOf(await textOf(page.locator('.objective-figure').first()))).toBe(value);
  expect(await textOf(page.getByRole('heading', { name: /^Projection$/ }))).toBe('Projection');
  // the organisations behind the figure: as many as it says, each marked as demo
  const rows = page.locator('table.data-table tbody tr');
  expect(await rows.count()).toBe(value);
  if (value > 0) {
    expect(await textOf(rows.first())).toContain('démo');
    const first = rows.first().getByRole('link');
    const name = await textOf(first);
    await arrive(page, () => first.click());
    expect(pathOf(page)).toMatch(/^\/annuaire\/[a-z0-9-]+$/);
    await audit.check(page);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain(name);
  }
}

/** A chart's data as CSV, its tooltips with scripts, and a bar that leads to the directory. */
async function followAChart({ page, audit, base }: Visit, javaScript: boolean) {
  // a chart's data as CSV: the numbers it draws
  await page.goto(`${base}/observatoire`);
  await audit.check(page);
  const chart = page.locator('figure.chart', { hasText: KINDS_CHART });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('link', { name: 'Télécharger les données (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('observatoire-types.csv');
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const csv = parseCsv(
    Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
  );
  expect(csv[0]).toEqual(['kind', 'label', 'organisations']);
  const counts = new Map(csv.slice(1).map((r) => [r[1] ?? '', Number(r[2])]));
  expect(counts.size).toBeGreaterThan(0);
  // the same numbers as the chart's table for screen readers
  const tableRows = await chart.locator('table tbody tr').allTextContents();
  expect(tableRows.length).toBe(counts.size);

  // with scripts, a bar tells its value on hover
  const firstBar = chart.locator('a').first();
  if (javaScript) {
    await firstBar.hover();
    await expect.poll(() => chart.locator('.chart-tooltip').isVisible()).toBe(true);
    expect(await textOf(chart.locator('.chart-tooltip'))).toMatch(/\s:\s\d/);
  } else {
    expect(await chart.locator('.chart-tooltip').count()).toBe(0);
  }

  // a bar leads to the directory filtered on its kind, which counts the same organisations
  const label = (await firstBar.getAttribute('aria-label')) ?? '';
  const kindLabel = label.split(/\s:\s/)[0] ?? '';
  await arrive(page, () => firstBar.click());
  expect(pathOf(page)).toMatch(/^\/annuaire\?kind=[a-z_]+&status=active$/);
  await audit.check(page);
  const heading = await textOf(page.getByRole('heading', { level: 2, name: /organisation/ }));
  expect(Number(heading.replace(/\D/g, ''))).toBe(counts.get(kindLabel));
}

/** The map of communes: borders, a link per commune to the directory filtered on it. */
async function followTheMap({ page, audit, base }: Visit) {
  await page.goto(`${base}/observatoire`);
  await audit.check(page);
  const map = page.getByRole('group', { name: /Établissements ouverts par commune/ });
  // every commune of the territory (Grenoble-Alpes Métropole and Le Grésivaudan) drawn
  expect(await map.getByRole('link').count()).toBe(49 + 43);
  expect(await map.locator('text').count()).toBeGreaterThan(2);
  const grenoble = map.getByRole('link', { name: /^Grenoble\s:\s\d+\sétablissements?$/ });
  const label = (await grenoble.getAttribute('aria-label')) ?? '';
  // the chart's table has the same number
  const figure = page.locator('figure.chart', { has: map });
  await figure.locator('summary').click();
  const row = figure.locator('tbody tr', { hasText: /^Grenoble/ });
  expect(await textOf(row.locator('td').nth(1))).toBe(label.split(/\s:\s/)[1]?.split(/\s/)[0]);
  await grenoble.focus();
  await arrive(page, () => grenoble.press('Enter'));
  expect(pathOf(page)).toBe('/annuaire?commune=38185');
  await audit.check(page);
  expect(await page.getByRole('checkbox', { name: /^Grenoble/ }).isChecked()).toBe(true);
}

/** The roadmap, linked from the observatory. */
async function readTheRoadmap({ page, audit, base }: Visit) {
  await page.goto(`${base}/observatoire`);
  await audit.check(page);
  await arrive(page, () => page.getByRole('link', { name: 'Feuille de route du hub' }).click());
  await audit.check(page);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Feuille de route');
  expect(await page.locator('.milestone').count()).toBe(4);
}

async function journey(visit: Visit, javaScript: boolean) {
  await readAnObjective(visit);
  await followAChart(visit, javaScript);
  await followTheMap(visit);
  await readTheRoadmap(visit);
}

async function signInAsStaff({ page, audit, base }: Visit, account: DemoAccount | undefined) {
  if (!account) throw new Error('no staff account');
  await page.goto(`${base}/connexion`);
  await audit.check(page);
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
  await arrive(page, () => page.getByRole('button', { name: 'Se connecter' }).click());
  expect(pathOf(page)).toBe('/compte');
  await audit.check(page);
}

/** Staff delete a milestone: a page that says what goes, a way back, then the deletion. */
async function deleteAMilestone({ page, audit, base }: Visit) {
  await page.goto(`${base}/admin/observatoire`);
  await audit.check(page);
  await arrive(page, () =>
    page.getByRole('link', { name: `Supprimer ${MILESTONE}`, exact: true }).click(),
  );
  expect(pathOf(page)).toMatch(/^\/admin\/observatoire\/jalons\/\d+\/supprimer$/);
  await audit.check(page);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Supprimer le jalon');
  expect(await textOf(page.locator('main'))).toContain(`Le jalon « ${MILESTONE} » sera retiré`);
  // going back deletes nothing
  await arrive(page, () => page.getByRole('link', { name: 'Annuler' }).click());
  expect(pathOf(page)).toBe('/admin/observatoire');
  await audit.check(page);
  await page.goto(`${base}/observatoire/feuille-de-route`);
  await audit.check(page);
  expect(await page.locator('.milestone').count()).toBe(4);

  await page.goto(`${base}/admin/observatoire`);
  await audit.check(page);
  await arrive(page, () =>
    page.getByRole('link', { name: `Supprimer ${MILESTONE}`, exact: true }).click(),
  );
  await audit.check(page);
  await arrive(page, () => page.getByRole('button', { name: 'Supprimer définitivement' }).click());
  expect(pathOf(page)).toBe('/admin/observatoire');
  await audit.check(page);
  expect(await textOf(page.locator('main'))).toContain('Jalon supprimé.');
  expect(await page.getByRole('link', { name: MILESTONE, exact: true }).count()).toBe(0);

  await page.goto(`${base}/observatoire/feuille-de-route`);
  await audit.check(page);
  expect(await page.locator('.milestone').count()).toBe(3);
  expect(await textOf(page.locator('main'))).not.toContain(MILESTONE);
}

describe.skipIf(skipWithoutChromium)(
  'the observatory in a browser',
  // each test is two journeys' worth of pages (and of axe checks)
  { timeout: JOURNEY_TIMEOUT * 2 },
  () => {
    let server: E2eServer | undefined;
    let browser: Browser | undefined;
    let audit: A11yAudit;

    beforeAll(async () => {
      assertChromium();
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
    });

    const base = () => {
      if (!server) throw new Error('the server did not start');
      return server.url;
    };

    it('a visitor reads an objective, follows a figure to its organisations and downloads a chart’s data, with JavaScript', async () => {
      if (!browser) throw new Error('no browser');
      const page = await audit.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
      await journey({ page, audit, base: base() }, true);
    });

    it('does the same without JavaScript', async () => {
      if (!browser) throw new Error('no browser');
      const page = await audit.newPage({
        viewport: { width: 1280, height: 900 },
        locale: 'fr-FR',
        javaScriptEnabled: false,
      });
      await journey({ page, audit, base: base() }, false);
    });

    it('staff delete a milestone from the back office after confirming, without JavaScript', async () => {
      if (!browser) throw new Error('no browser');
      const page = await audit.newPage({
        viewport: { width: 1280, height: 900 },
        locale: 'fr-FR',
        javaScriptEnabled: false,
      });
      const visit = { page, audit, base: base() };
      await signInAsStaff(visit, server?.demoAccount('staff'));
      await deleteAMilestone(visit);
    });
  },
);
