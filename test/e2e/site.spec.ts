import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContextOptions } from 'playwright-core';
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

const SHOTS_DIR = '/tmp/totem-shots';

const FIELDS_FR = [
  'Objets connectés',
  'Connaissance des clients par l’informatique',
  'Énergie numérique',
  'Santé numérique',
];
const FIELDS_EN = [
  'Connected objects',
  'Knowing customers through IT',
  'Digital energy',
  'Digital health',
];

describe.skipIf(skipWithoutChromium)(
  'the public site in a browser',
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

    function base(): string {
      if (!server) throw new Error('the server did not start');
      return server.url;
    }

    it('shows the home page in French, then in English, and the switch back keeps the page', async () => {
      const page = await audit.newPage();

      const home = await page.goto(`${base()}/`);
      expect(home?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Digital Grenoble');
      const fields = page.getByRole('region', { name: 'Champs de développement' });
      expect(await textOf(fields.getByRole('heading', { level: 2 }))).toBe(
        'Champs de développement',
      );
      expect(await fields.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(FIELDS_FR);
      await audit.check(page);

      const english = await arrive(page, () =>
        page.getByRole('link', { name: 'English', exact: true }).click(),
      );
      expect(english.status()).toBe(200);
      expect(pathOf(page)).toBe('/en');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Digital Grenoble');
      const fieldsEn = page.getByRole('region', { name: 'Fields of development' });
      expect(await fieldsEn.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(FIELDS_EN);
      expect(await page.getByText('Champs de développement').count()).toBe(0);
      await audit.check(page);

      // a page other than the home page, in English…
      const signInEn = await arrive(page, () =>
        page
          .getByRole('navigation', { name: 'Account' })
          .getByRole('link', { name: 'Sign in', exact: true })
          .click(),
      );
      expect(signInEn.status()).toBe(200);
      expect(pathOf(page)).toBe('/en/connexion');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Sign in');
      await audit.check(page);

      // …and back to French: the same page, not the home page
      const signInFr = await arrive(page, () =>
        page.getByRole('link', { name: 'Français', exact: true }).click(),
      );
      expect(signInFr.status()).toBe(200);
      expect(pathOf(page)).toBe('/connexion');
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Se connecter');
      expect(await page.getByLabel('Adresse e-mail').count()).toBe(1);
      await audit.check(page);
    });

    it('answers an unknown address with a 404 page, in each language', async () => {
      const page = await audit.newPage();

      const fr = await page.goto(`${base()}/cette-page-nexiste-pas`);
      expect(fr?.status()).toBe(404);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Page introuvable');
      expect(await textOf(page.getByRole('main'))).toContain(
        'La page demandée n’existe pas ou a été déplacée.',
      );
      expect(
        await page.getByRole('link', { name: 'Retour à l’accueil' }).getAttribute('href'),
      ).toBe('/');
      await audit.check(page);

      const en = await page.goto(`${base()}/en/does-not-exist`);
      expect(en?.status()).toBe(404);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Page not found');
      expect(await textOf(page.getByRole('main'))).toContain(
        'The page you asked for does not exist or has moved.',
      );
      expect(
        await page.getByRole('link', { name: 'Back to the home page' }).getAttribute('href'),
      ).toBe('/en');
      await audit.check(page);
    });

    it(`lays the home page out on a desktop and on a phone (screenshots in ${SHOTS_DIR})`, async () => {
      await mkdir(SHOTS_DIR, { recursive: true });
      const devices: { name: string; options: BrowserContextOptions; pngWidth: number }[] = [
        { name: 'desktop', options: { viewport: { width: 1280, height: 800 } }, pngWidth: 1280 },
        {
          name: 'phone',
          options: {
            viewport: { width: 390, height: 844 },
            deviceScaleFactor: 3,
            isMobile: true,
            hasTouch: true,
          },
          pngWidth: 390 * 3,
        },
      ];
      for (const device of devices) {
        const page = await audit.newPage({ ...device.options, locale: 'fr-FR' });
        const home = await page.goto(`${base()}/`);
        expect(home?.status()).toBe(200);
        expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Digital Grenoble');
        expect(await textOf(page.getByRole('heading', { name: 'Champs de développement' }))).toBe(
          'Champs de développement',
        );

        // nothing sticks out sideways: the page is no wider than the screen
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth, `${device.name}: horizontal overflow`).toBeLessThanOrEqual(clientWidth);

        const file = path.join(SHOTS_DIR, `home-fr-${device.name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const png = await readFile(file);
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(png.readUInt32BE(16), `${device.name}: width of the screenshot`).toBe(
          device.pngWidth,
        );

        await audit.check(page);
      }
    });
  },
);
