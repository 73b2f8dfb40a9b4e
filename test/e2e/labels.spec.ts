import type { Browser } from 'playwright-core';
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

describe.skipIf(skipWithoutChromium)(
  'the laureates, in a browser',
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

    it('reads the 2014 French Tech labels, Grenoble’s holder’s profile and the label’s page', async () => {
      const page = await audit.newPage();
      const list = await page.goto(`${server?.url}/labels`);
      expect(list?.status()).toBe(200);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
        'Les lauréats et leurs labels',
      );
      const table = page.getByRole('table', { name: 'Métropole French Tech' });
      expect(await table.getByRole('rowheader').allInnerTexts()).toEqual(
        expect.arrayContaining(['Bordeaux', 'Grenoble-Alpes Métropole', 'Toulouse']),
      );
      await audit.check(page);

      await arrive(page, () =>
        page.getByRole('link', { name: 'Grenoble-Alpes Métropole' }).click(),
      );
      expect(pathOf(page)).toBe('/annuaire/grenoble-alpes-metropole');
      const labels = page.getByRole('region', { name: 'Labels' });
      await audit.check(page);
      await arrive(page, () => labels.getByRole('link', { name: 'Métropole French Tech' }).click());
      expect(pathOf(page)).toMatch(/^\/labels\/\d+$/);
      expect(await page.locator('main').textContent()).toContain('Axelle Lemaire');
      await audit.check(page);

      const english = await page.goto(`${server?.url}/en/labels`);
      expect(english?.status()).toBe(200);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
        'Laureates and their labels',
      );
      await audit.check(page);
    });

    it('filters the directory by the label, without JavaScript, in both languages', async () => {
      const page = await audit.newPage({ javaScriptEnabled: false });
      expect((await page.goto(`${server?.url}/annuaire`))?.status()).toBe(200);
      await audit.check(page);
      const group = page.getByRole('group', { name: 'Label' });
      const box = group.getByRole('checkbox', { name: /^Métropole French Tech \(1\)/ });
      await box.check();
      await arrive(page, () =>
        page.getByRole('button', { name: 'Appliquer', exact: true }).click(),
      );
      expect(new URL(page.url()).searchParams.getAll('label')).toEqual(['metropole-french-tech']);
      const results = page.locator('.org-list h3 a');
      expect(await results.allInnerTexts()).toEqual(['Grenoble-Alpes Métropole']);
      expect(await box.isChecked()).toBe(true);
      await audit.check(page);

      expect(
        (await page.goto(`${server?.url}/en/annuaire?label=metropole-french-tech`))?.status(),
      ).toBe(200);
      const english = page.getByRole('group', { name: 'Label' });
      expect(
        await english.getByRole('checkbox', { name: /^French Tech Metropolis \(1\)/ }).isChecked(),
      ).toBe(true);
      await audit.check(page);
    });
  },
);
