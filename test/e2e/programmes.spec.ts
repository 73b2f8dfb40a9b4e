import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type Applicant,
  applicantJourneys,
  CALL,
  PHONE,
  PROJECT,
  SAVED,
  SOON,
} from './programmes.support.ts';
import { arrive, JOURNEY_TIMEOUT, pathOf, skipWithoutChromium } from './support.ts';

describe.skipIf(skipWithoutChromium)('calls for applications, as an applicant', () => {
  const j = applicantJourneys();
  const { people, base, a11y, signIn, startFromTheCalls, fillTheForm, receiptFor } = j;
  const acknowledgementOn = (page: Page) => j.acknowledgementOn(page);

  it(
    'with JavaScript: finds the call, starts, is saved as it types, comes back, sees another tab’s change, submits and reads the receipt',
    async () => {
      const who = people[0] as Applicant;
      const page = await a11y().newPage({ locale: 'fr-FR' });
      await signIn(page, who);
      await startFromTheCalls(page, who);
      const address = page.url();
      // the condition: the investors' question shows only when the answer is yes
      const investors = page.getByLabel('Lesquels, et comment ?');
      await expect.poll(() => investors.isVisible(), SOON).toBe(false);
      await page
        .getByRole('group', { name: /Des investisseurs/ })
        .getByLabel('Oui')
        .check();
      await expect.poll(() => investors.isVisible(), SOON).toBe(true);
      await fillTheForm(page, who);
      await page.getByLabel('Le projet, en quelques lignes').fill(PROJECT);
      await expect.poll(() => page.locator('#save-status').textContent(), SOON).toMatch(SAVED);

      // come back later: everything is there, nothing was posted by a button
      await page.goto(`${base()}/candidatures`);
      await a11y().check(page);
      await arrive(page, () => page.getByRole('link', { name: CALL }).click());
      expect(page.url()).toBe(address);
      await a11y().check(page);
      expect(await page.getByLabel('Le projet, en quelques lignes').inputValue()).toBe(PROJECT);

      // another tab changes the project; this one's next change is not saved over it
      const other = await page.context().newPage();
      await other.goto(address);
      await a11y().check(other);
      await other.getByLabel('Le projet, en quelques lignes').fill(`${PROJECT} Depuis l’onglet B.`);
      await expect.poll(() => other.locator('#save-status').textContent(), SOON).toMatch(SAVED);
      await other.close();
      await page.getByLabel('Nom du programme d’accompagnement').fill('Alpes Hardware Lab');
      await expect
        .poll(() => page.locator('#save-status').textContent(), SOON)
        .toMatch(/modifiée ailleurs/);
      await arrive(page, () =>
        page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(),
      );
      const conflict = page.locator('#conflict');
      expect(await conflict.textContent()).toContain('Depuis l’onglet B.');
      await a11y().check(page);
      // the person keeps their own version: saving again writes it, knowingly
      await arrive(page, () =>
        page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(),
      );
      expect(await page.getByRole('status').first().textContent()).toContain(
        'Brouillon enregistré',
      );
      await a11y().check(page);

      await arrive(page, () =>
        page.getByRole('button', { name: 'Déposer la candidature' }).click(),
      );
      expect(await page.locator('main').textContent()).toContain('Candidature déposée');
      await a11y().check(page);
      await receiptFor(who.email, await acknowledgementOn(page), page);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'without JavaScript: starts, saves with the button, is told what to fix, comes back and submits',
    async () => {
      const who = people[1] as Applicant;
      const page = await a11y().newPage({ javaScriptEnabled: false, locale: 'fr-FR' });
      await signIn(page, who);
      await startFromTheCalls(page, who);
      await fillTheForm(page, who);
      await page.getByLabel('Le projet, en quelques lignes').fill('Trop court.');
      await arrive(page, () =>
        page.getByRole('button', { name: 'Déposer la candidature' }).click(),
      );
      const summary = page.locator('#error-summary');
      expect(await summary.textContent()).toContain('Saisissez au moins 50 caractères.');
      await a11y().check(page);
      await page.getByLabel('Le projet, en quelques lignes').fill(PROJECT);
      await arrive(page, () =>
        page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(),
      );
      expect(await page.getByRole('status').first().textContent()).toContain(
        'Brouillon enregistré',
      );
      await a11y().check(page);

      await page.goto(`${base()}/candidatures`);
      await a11y().check(page);
      await arrive(page, () => page.getByRole('link', { name: CALL }).click());
      await a11y().check(page);
      expect(await page.getByLabel('Nom', { exact: true }).first().inputValue()).toBe('Ada Martin');
      await arrive(page, () =>
        page.getByRole('button', { name: 'Déposer la candidature' }).click(),
      );
      expect(await page.locator('main').textContent()).toContain('Candidature déposée');
      await a11y().check(page);
      await receiptFor(who.email, await acknowledgementOn(page), page);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'on a phone: the same journey, readable without sideways scrolling, in English too',
    async () => {
      const who = people[2] as Applicant;
      const page = await a11y().newPage(PHONE);
      await signIn(page, who);
      await startFromTheCalls(page, who);
      await fillTheForm(page, who);
      await page.getByLabel('Le projet, en quelques lignes').fill(PROJECT);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await arrive(page, () =>
        page.getByRole('button', { name: 'Déposer la candidature' }).click(),
      );
      expect(await page.locator('main').textContent()).toContain('Candidature déposée');
      await a11y().check(page);
      await receiptFor(who.email, await acknowledgementOn(page), page);

      await arrive(page, () => page.getByRole('link', { name: 'English' }).click());
      expect(pathOf(page)).toMatch(/^\/en\/applications\/\d+$/);
      expect(await page.locator('main').textContent()).toContain('Submitted');
      await a11y().check(page);
      await page.goto(`${base()}/en/calls`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Calls for applications',
      );
      await a11y().check(page);
    },
    JOURNEY_TIMEOUT,
  );
});
