import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type A11yAudit, arrive, pathOf, textOf } from './support.ts';

/** What the venue's journeys share: Paris days, signing in, moving by keyboard, one booking. */

/** a Paris day, `n` days from today */
export function parisDay(n: number): string {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** a day as the pages write it in French ("8 décembre 2026") */
export function frenchDate(day: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** a day as "my bookings" lists it ("mar. 8 déc. 2026") */
export function listedDate(day: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

export async function signIn(
  page: Page,
  audit: A11yAudit,
  base: string,
  email: string,
  password: string,
) {
  await page.goto(`${base}/connexion`);
  await audit.check(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  const answer = await arrive(page, () =>
    page.getByRole('button', { name: 'Se connecter' }).click(),
  );
  expect(answer.status()).toBe(200);
  await audit.check(page);
}

/** presses Tab until the element has the focus (as a keyboard user moves), within `max` presses */
export async function tabTo(page: Page, target: Locator, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('the element was not reached with the Tab key');
}

type Way = 'mouse' | 'keyboard';

/** follows a link or presses a button, with the mouse or the keyboard (Tab to it, then Enter) */
async function press(page: Page, target: Locator, way: Way) {
  if (way === 'mouse') return arrive(page, () => target.click());
  await tabTo(page, target);
  return arrive(page, () => page.keyboard.press('Enter'));
}

/**
 * A member books the meeting room for `day` 10:00–11:00 from the space's grid, sees it in "my
 * bookings", then cancels it; every page checked by axe.
 */
export async function bookAndCancel(
  page: Page,
  audit: A11yAudit,
  base: string,
  day: string,
  way: Way,
) {
  await page.goto(`${base}/lieu`);
  await audit.check(page);
  await press(page, page.getByRole('link', { name: 'Salle Belledonne', exact: true }), way);
  expect(pathOf(page)).toBe('/lieu/espaces/salle-belledonne');
  await audit.check(page);
  await page.goto(`${base}/lieu/espaces/salle-belledonne?jour=${day}`);
  await audit.check(page);
  const grid = page.getByRole('table', { name: /Disponibilités de Salle Belledonne/ });
  const row = grid.getByRole('row', { name: /^10:00–10:30/ });
  expect(await row.getByRole('cell').first().textContent()).toMatch(/^libre/);
  await press(page, row.getByRole('link', { name: /libre/ }), way);
  expect(pathOf(page)).toBe(
    `/lieu/reservations/nouvelle?espace=salle-belledonne&date=${day}&debut=10%3A00&fin=10%3A30`,
  );
  await audit.check(page);
  expect(await page.getByLabel('Début').inputValue()).toBe('10:00');
  const end = page.getByLabel('Fin');
  if (way === 'mouse') await end.fill('11:00');
  else {
    await tabTo(page, end);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('11:00');
  }
  await press(page, page.getByRole('button', { name: 'Réserver', exact: true }), way);
  expect(pathOf(page)).toBe('/lieu/reservations');
  expect(await textOf(page.getByRole('status'))).toBe('Réservation enregistrée.');
  await audit.check(page);
  const upcoming = page.getByRole('table', { name: 'À venir' });
  // a booking cancelled earlier at the same time stays listed, as cancelled
  const booking = upcoming
    .getByRole('row', { name: /Salle Belledonne/ })
    .filter({ hasText: `${listedDate(day)}, 10:00–11:00` })
    .filter({ hasText: 'confirmée' });
  expect(await booking.count(), (await upcoming.textContent()) ?? '').toBe(1);
  await press(page, booking.getByRole('link', { name: /Annuler/ }), way);
  expect(pathOf(page)).toMatch(/^\/lieu\/reservations\/[0-9a-f-]{36}\/annuler$/);
  await audit.check(page);
  await press(page, page.getByRole('button', { name: 'Oui, annuler la réservation' }), way);
  expect(pathOf(page)).toBe('/lieu/reservations');
  expect(await textOf(page.getByRole('status'))).toBe('Réservation annulée.');
  await audit.check(page);
  // no longer upcoming: listed with the cancelled ones
  const listedIn = (table: string) =>
    page
      .getByRole('table', { name: table })
      .getByRole('row')
      .filter({ hasText: `${listedDate(day)}, 10:00–11:00` });
  expect(await listedIn('À venir').filter({ hasText: 'confirmée' }).count()).toBe(0);
  expect(await listedIn('Annulées').filter({ hasText: 'annulée' }).count()).toBeGreaterThan(0);
}
