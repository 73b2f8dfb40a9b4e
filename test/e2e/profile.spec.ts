import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

describe.skipIf(skipWithoutChromium)(
  'relations and funding rounds in a browser',
  { timeout: JOURNEY_TIMEOUT },
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

    function running(): E2eServer {
      if (!server) throw new Error('the server did not start');
      return server;
    }

    async function signInAsStaff(page: Page): Promise<void> {
      const account = running().demoAccount('staff');
      await page.goto(`${running().url}/connexion`);
      await audit.check(page);
      await page.getByLabel('Adresse e-mail').fill(account.email);
      await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
      await arrive(page, () => page.getByRole('button', { name: 'Se connecter' }).click());
      expect(pathOf(page)).toBe('/compte');
      await audit.check(page);
    }

    /** a demo start-up of the register: its name and address */
    async function aStartup(): Promise<{ slug: string; name: string }> {
      const res = await fetch(`${running().url}/api/v1/organisations?kind=startup&per_page=1`);
      const body = (await res.json()) as { items: { slug: string; name: string }[] };
      const first = body.items[0];
      if (!first) throw new Error('no start-up in the demo data');
      return first;
    }

    it('lets the staff record a relation with the suggestions; the other profile shows it the other way round', async () => {
      const startup = await aStartup();
      const page = await audit.newPage(DESKTOP);
      await signInAsStaff(page);

      // from the start-up's profile to its relations
      await page.goto(`${running().url}/annuaire/${startup.slug}`);
      await audit.check(page);
      await arrive(page, () => page.getByRole('link', { name: 'Modifier les relations' }).click());
      expect(pathOf(page)).toBe(`/annuaire/${startup.slug}/relations`);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
        `Relations de « ${startup.name} »`,
      );
      await audit.check(page);

      // the combobox: typing offers the register's organisations, the keyboard picks one
      await page.getByLabel('Nature de la relation').selectOption({
        label: 'est accompagné (accéléré ou incubé) par',
      });
      const box = page.getByRole('combobox', { name: PICKER_LABEL });
      await box.fill('digital gren');
      const option = page.getByRole('option', { name: HUB.name });
      await option.waitFor({ state: 'visible', ...UPDATE });
      await expect.poll(() => box.getAttribute('aria-expanded'), UPDATE).toBe('true');
      await audit.check(page);
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
      await audit.check(page);

      // the hub's profile says it the other way round
      await arrive(page, () =>
        page.getByRole('main').getByRole('link', { name: HUB.name, exact: true }).click(),
      );
      expect(pathOf(page)).toBe(`/annuaire/${HUB.slug}`);
      const relations = page.getByRole('region', { name: 'Relations', exact: true });
      expect(await textOf(relations)).toContain(
        `Accompagne (accélère ou incube) ${startup.name} (depuis le 15 janvier 2015)`,
      );
      await audit.check(page);
    });

    it('lets the staff record a funding round without JavaScript; the investor’s profile lists it', async () => {
      const startup = await aStartup();
      // search, tick, add: the plain form
      const plain = await audit.newPage({ ...DESKTOP, javaScriptEnabled: false });
      await signInAsStaff(plain);
      await plain.goto(`${running().url}/annuaire/${startup.slug}/levees`);
      expect(await textOf(plain.getByRole('heading', { level: 1 }))).toBe(
        `Levées de fonds de « ${startup.name} »`,
      );
      await audit.check(plain);
      await plain.getByLabel('Date de l’annonce').fill('2016-03-01');
      await plain.getByLabel('Étape').selectOption({ label: 'Subvention' });
      await plain.getByLabel('Montant en euros').fill('-30000');
      await plain.getByLabel(PICKER_LABEL).fill('métropole');
      await arrive(plain, () => plain.getByRole('button', { name: 'Chercher' }).click());
      await audit.check(plain);
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
      await audit.check(plain);
      await plain.getByLabel('Montant en euros').fill('30 000');
      await arrive(plain, () =>
        plain.getByRole('button', { name: 'Ajouter', exact: true }).click(),
      );
      expect(pathOf(plain)).toBe(`/annuaire/${startup.slug}/levees`);
      expect(await textOf(plain.getByRole('status').first())).toBe('Levée de fonds enregistrée.');
      await audit.check(plain);

      // the start-up's profile: the round with its investor, and schema.org's funder
      await plain.goto(`${running().url}/annuaire/${startup.slug}`);
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
      await audit.check(plain);

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
      await audit.check(plain);
    });
  },
);
