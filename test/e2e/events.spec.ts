import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  JOURNEY_TIMEOUT,
  launchBrowser,
  pathOf,
  readOutbox,
  skipWithoutChromium,
  startServer,
  textOf,
  uniqueEmail,
} from './support.ts';
import { signIn } from './venue.support.ts';

describe.skipIf(skipWithoutChromium)(
  'the agenda, registering and check-in, in a browser',
  { timeout: JOURNEY_TIMEOUT },
  () => {
    let server: E2eServer | undefined;
    let browser: Browser | undefined;
    let audit: A11yAudit;
    const base = () => server?.url ?? '';

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

    /** the message the mail queue delivered to this address (the outbox), once it is there */
    async function mailTo(address: string) {
      for (let i = 0; i < 120; i++) {
        const found = (await readOutbox(server?.dataDir ?? '')).find((m) => m.to === address);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`no mail to ${address}`);
    }

    async function registerAndCancel(page: Page) {
      await page.goto(`${base()}/`);
      await audit.check(page);
      const block = page.getByRole('region', { name: 'Prochains événements' });
      await arrive(page, () =>
        block.getByRole('link', { name: 'Démo : meetup IA embarquée' }).click(),
      );
      expect(pathOf(page)).toBe('/agenda/demo-meetup-ia-embarquee');
      await audit.check(page);
      // a wrong address comes back under its field, what was typed kept
      await page.getByLabel('Nom').fill('Camille Visiteuse');
      await page.getByLabel('Adresse e-mail').fill('camille@');
      const refused = await arrive(page, () =>
        page.getByRole('button', { name: 'M’inscrire' }).click(),
      );
      expect(refused.status()).toBe(422);
      expect(await page.getByRole('alert').textContent()).toContain('Une adresse e-mail valide');
      expect(await page.getByLabel('Nom').inputValue()).toBe('Camille Visiteuse');
      await audit.check(page);
      const email = uniqueEmail('visiteuse');
      await page.getByLabel('Adresse e-mail').fill(email);
      await arrive(page, () => page.getByRole('button', { name: 'M’inscrire' }).click());
      expect(await textOf(page.getByRole('status').first())).toContain('Inscription enregistrée');
      await audit.check(page);
      const mail = await mailTo(email);
      expect(mail.subject).toBe('Inscription confirmée\u00a0: Démo : meetup IA embarquée');
      const link = /https?:\/\/\S+\/agenda\/desinscription\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
      expect(link).toBeDefined();
      await page.goto(link ?? '');
      await audit.check(page);
      await arrive(page, () =>
        page.getByRole('button', { name: 'Annuler mon inscription' }).click(),
      );
      expect(await textOf(page.getByRole('status').first())).toBe('Votre inscription est annulée.');
      await audit.check(page);
    }

    it('lets a visitor find an event on the home page, register, and cancel by the mailed link', async () => {
      await registerAndCancel(await audit.newPage());
    });

    it('does the same without JavaScript', async () => {
      await registerAndCancel(await audit.newPage({ javaScriptEnabled: false }));
    });

    it('shows the agenda, its archive and the exhibitions', async () => {
      const page = await audit.newPage();
      await page.goto(`${base()}/agenda`);
      await audit.check(page);
      await arrive(page, () =>
        page.getByRole('link', { name: 'Voir les événements passés' }).click(),
      );
      expect(await page.textContent('main')).toContain('janvier 2015');
      await audit.check(page);
      await page.goto(`${base()}/expositions`);
      await audit.check(page);
      await page.goto(`${base()}/en/events`);
      await audit.check(page);
    });

    it('lets staff check someone in at the door from a phone', async () => {
      const page = await audit.newPage({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      const staff = server?.demoAccount('staff') ?? { email: '', password: '' };
      await signIn(page, audit, base(), staff.email, staff.password);
      await page.goto(`${base()}/admin/evenements`);
      await audit.check(page);
      const row = page.getByRole('row', { name: /meetup IA embarquée/ });
      await arrive(page, () => row.getByRole('link', { name: 'Accueil' }).click());
      await audit.check(page);
      await page.getByLabel('Rechercher une personne').fill('démo 2');
      await arrive(page, () => page.getByRole('button', { name: 'Chercher' }).click());
      await audit.check(page);
      await arrive(page, () =>
        page.getByRole('button', { name: 'Marquer l’arrivée : Visiteur démo 2' }).click(),
      );
      expect(await textOf(page.getByRole('status').first())).toBe('Arrivée enregistrée.');
      expect(
        await page.getByRole('button', { name: '✓ Annuler l’arrivée : Visiteur démo 2' }).count(),
      ).toBe(1);
      // the page fits the phone: nothing wider than the screen
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await audit.check(page);
      await page.goto(`${base()}${pathOf(page).replace('/accueil', '/inscriptions')}`);
      await audit.check(page);
    });
  },
);
