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

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(skipWithoutChromium)(
  'the legal pages and the API reference in a browser',
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

    it('reaches each legal page from the footer, in French then in English, on a phone', async () => {
      const page = await audit.newPage(PHONE);
      await page.goto(`${base()}/`);
      await audit.check(page);
      const pages = [
        ['Mentions légales', '/mentions-legales', 'Mentions légales'],
        ['Accessibilité : non conforme', '/accessibilite', 'Déclaration d’accessibilité'],
        ['Données personnelles et cookies', '/confidentialite', 'Données personnelles et cookies'],
        ['Contact', '/contact', 'Contact'],
        ['Documentation de l’API', '/api/docs', 'Documentation de l’API'],
      ];
      for (const [link, path, heading] of pages) {
        const footer = page.getByRole('contentinfo');
        const res = await arrive(page, () =>
          footer.getByRole('link', { name: link as string, exact: true }).click(),
        );
        expect(res.status()).toBe(200);
        expect(pathOf(page)).toBe(path);
        expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(heading);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth, `${path}: horizontal overflow`).toBeLessThanOrEqual(clientWidth);
        await audit.check(page);
      }
      for (const path of [
        '/en/legal-notice',
        '/en/accessibility',
        '/en/privacy',
        '/en/contact',
        '/en/api/docs',
      ]) {
        const res = await page.goto(`${base()}${path}`);
        expect(res?.status(), path).toBe(200);
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        await audit.check(page);
      }
    });

    it('sends a message through the contact form, without JavaScript, after fixing the address', async () => {
      const page = await audit.newPage({ javaScriptEnabled: false });
      await page.goto(`${base()}/contact`);
      await audit.check(page);
      await page.getByLabel('Votre nom').fill('Camille Martin');
      await page.getByLabel('Votre adresse e-mail').fill('camille@');
      await page.getByLabel('Objet').fill('La carte');
      await page.getByLabel('Message').fill('La carte ne se lit pas au clavier.');
      const wrong = await arrive(page, () => page.getByRole('button', { name: 'Envoyer' }).click());
      expect(wrong.status()).toBe(422);
      expect(await textOf(page.getByRole('alert'))).toContain(
        'Saisissez une adresse e-mail valide',
      );
      await audit.check(page);

      await page.getByLabel('Votre adresse e-mail').fill('camille@example.org');
      await arrive(page, () => page.getByRole('button', { name: 'Envoyer' }).click());
      expect(pathOf(page)).toBe('/contact');
      expect(await textOf(page.getByRole('status'))).toContain('Votre message est envoyé.');
      await audit.check(page);
    });
  },
);
