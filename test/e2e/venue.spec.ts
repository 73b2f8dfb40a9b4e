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
import { bookAndCancel, frenchDate, parisDay, signIn } from './venue.support.ts';

describe.skipIf(skipWithoutChromium)(
  'the Totem’s spaces and bookings, in a browser',
  { timeout: JOURNEY_TIMEOUT },
  () => {
    let server: E2eServer | undefined;
    let browser: Browser | undefined;
    let audit: A11yAudit;
    const tomorrow = parisDay(1);
    const base = () => server?.url ?? '';
    const member = () => server?.demoAccount('member') ?? { email: '', password: '' };

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

    // first: staff open the meeting room every day, so that "tomorrow" is open whatever day it is
    it('lets staff edit a space’s hours, field messages first', async () => {
      const page = await audit.newPage();
      const staff = server?.demoAccount('staff') ?? { email: '', password: '' };
      await signIn(page, audit, base(), staff.email, staff.password);
      await page.goto(`${base()}/admin/lieu`);
      await audit.check(page);
      await arrive(page, () =>
        page.getByRole('link', { name: 'Modifier Salle Belledonne' }).click(),
      );
      expect(pathOf(page)).toMatch(/^\/admin\/lieu\/espaces\/[0-9a-f-]{36}$/);
      await audit.check(page);
      await page.getByLabel('samedi').fill('8h-12h');
      await arrive(page, () =>
        page.getByRole('button', { name: 'Enregistrer les horaires' }).click(),
      );
      expect(await page.getByRole('alert').textContent()).toContain(
        'Des plages au format 08:00-12:00',
      );
      expect(await page.getByLabel('samedi').inputValue()).toBe('8h-12h');
      await audit.check(page);
      for (const day of ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'])
        await page.getByLabel(day, { exact: true }).fill('08:00-20:00');
      await arrive(page, () =>
        page.getByRole('button', { name: 'Enregistrer les horaires' }).click(),
      );
      expect(await textOf(page.getByRole('status'))).toBe('Horaires enregistrés.');
      await audit.check(page);
      // a demo holiday tomorrow would close the venue: staff lift it
      await page.goto(`${base()}/admin/lieu`);
      await audit.check(page);
      const holiday = page.getByRole('button', { name: `Supprimer ${frenchDate(tomorrow)}` });
      if ((await holiday.count()) > 0) {
        await arrive(page, () => holiday.click());
        await audit.check(page);
      }
      const space = await page.goto(`${base()}/lieu/espaces/salle-belledonne`);
      expect(space?.status()).toBe(200);
      expect(await page.locator('.venue-hours').textContent()).toContain('dimanche08:00–20:00');
      await audit.check(page);
    });

    it('books the meeting room for tomorrow 10:00–11:00, lists it and cancels it, with JavaScript', async () => {
      const page = await audit.newPage();
      await signIn(page, audit, base(), member().email, member().password);
      await bookAndCancel(page, audit, base(), tomorrow, 'mouse');
    });

    it('does the same without JavaScript', async () => {
      const page = await audit.newPage({ javaScriptEnabled: false });
      await signIn(page, audit, base(), member().email, member().password);
      await bookAndCancel(page, audit, base(), tomorrow, 'mouse');
    });

    it('does the same with the keyboard only', async () => {
      const page = await audit.newPage();
      await signIn(page, audit, base(), member().email, member().password);
      await bookAndCancel(page, audit, base(), tomorrow, 'keyboard');
    });

    it('does the same on a phone, the page no wider than the screen', async () => {
      const page = await audit.newPage({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      await signIn(page, audit, base(), member().email, member().password);
      await bookAndCancel(page, audit, base(), tomorrow, 'mouse');
      for (const path of ['/lieu', '/lieu/espaces/salle-belledonne', '/lieu/reservations']) {
        await page.goto(`${base()}${path}`);
        await audit.check(page);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, path).toBeLessThanOrEqual(390);
      }
    });

    it('lets staff book the meeting room for a member and cancel it, without JavaScript', async () => {
      const page = await audit.newPage({ javaScriptEnabled: false });
      const staff = server?.demoAccount('staff') ?? { email: '', password: '' };
      await signIn(page, audit, base(), staff.email, staff.password);
      await page.goto(`${base()}/admin/lieu`);
      await audit.check(page);
      await arrive(page, () => page.getByRole('link', { name: 'Toutes les réservations' }).click());
      expect(pathOf(page)).toBe('/admin/lieu/reservations');
      await audit.check(page);
      await page.getByLabel('Espace', { exact: true }).selectOption('salle-belledonne');
      await page.getByLabel('Du (AAAA-MM-JJ)').fill(tomorrow);
      await page.getByLabel('Au, compris (AAAA-MM-JJ)').fill(tomorrow);
      await arrive(page, () => page.getByRole('button', { name: 'Afficher' }).click());
      await audit.check(page);
      await page.getByLabel('Adresse e-mail du membre').fill(member().email);
      await page.locator('#field-date').fill(tomorrow);
      await page.locator('#field-debut').fill('14:00');
      await page.locator('#field-fin').fill('15:00');
      await arrive(page, () =>
        page.getByRole('button', { name: 'Réserver pour ce membre' }).click(),
      );
      expect(await textOf(page.getByRole('status'))).toBe(
        'Réservation enregistrée pour le membre.',
      );
      await audit.check(page);
      const row = page.getByRole('row').filter({ hasText: '14:00–15:00' });
      expect(await row.textContent()).toContain(member().email);
      await arrive(page, () => row.getByRole('button', { name: /^Annuler/ }).click());
      expect(await textOf(page.getByRole('status'))).toBe('Réservation annulée.');
      expect(
        await page.getByRole('row').filter({ hasText: '14:00–15:00' }).textContent(),
      ).toContain('annulée');
      await audit.check(page);
    });

    it('shows the building in English to a visitor, who is asked to sign in to book', async () => {
      const page = await audit.newPage();
      const answer = await page.goto(`${base()}/en/venue`);
      expect(answer?.status()).toBe(200);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain('Le Totem');
      await audit.check(page);
      await arrive(page, () => page.getByRole('link', { name: 'Coworking', exact: true }).click());
      expect(pathOf(page)).toBe('/en/venue/spaces/coworking');
      expect(await page.locator('main').textContent()).toContain('Sign in to book a free slot.');
      await audit.check(page);
    });
  },
);
