import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import {
  DESKTOP,
  expectNoSidewaysScroll,
  facet,
  facetCount,
  facetCounts,
  filtersSummary,
  GRENOB,
  markDocument,
  openDirectory,
  PHONE,
  query,
  resultHeadings,
  resultNames,
  resultsTotal,
  SEARCH_LABEL,
  type Session,
  sameDocument,
  screenshot,
  sum,
  UPDATE,
} from './directory.support.ts';
import { arrive, parseCsv, pathOf, textOf } from './support.ts';

// The directory as a visitor uses it: searching (with and without JavaScript), exporting, and
// the page on a desktop and a phone. Each journey is one task from start to end; the spec file
// (directory.spec.ts) runs them on one server and browser.

/** a visitor types in the search box and ticks a facet; the address shares the results */
export async function searchAsYouType(s: Session): Promise<void> {
  const page = await s.audit.newPage();
  const total = await openDirectory(s, page);

  // demo organisations say so; the first page of the register is synthetic
  const demo = resultHeadings(page).filter({ hasText: /démo$/ });
  expect(await demo.count()).toBeGreaterThan(0);
  expect(await demo.first().getByText('démo', { exact: true }).getAttribute('title')).toBe(
    'Donnée de démonstration, synthétique',
  );
  await s.audit.check(page);

  // typing is enough: the results change in place, and the address follows
  await markDocument(page);
  const search = page.getByRole('searchbox', { name: SEARCH_LABEL });
  await search.pressSequentially('grenob', { delay: 40 });
  await expect.poll(() => query(page).get('q'), UPDATE).toBe('grenob');
  await expect.poll(() => resultsTotal(page), UPDATE).toBe(GRENOB.length);
  expect([...(await resultNames(page))].sort()).toEqual(GRENOB);
  expect(await sameDocument(page)).toBe(true);
  expect(pathOf(page)).toMatch(/^\/annuaire\?/);
  expect(await search.inputValue()).toBe('grenob');
  // the seed's organisations are real: no demo badge
  expect(await resultHeadings(page).filter({ hasText: /démo$/ }).count()).toBe(0);
  // the facets count the results of the search
  expect(sum(await facetCounts(page, 'Type'))).toBe(GRENOB.length);
  await s.audit.check(page);

  // ticking a facet narrows the results, at once
  const authorities = facet(page, 'Type', 'Collectivité');
  const expected = await facetCount(authorities);
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(GRENOB.length);
  await authorities.check();
  await expect.poll(() => query(page).getAll('kind'), UPDATE).toEqual(['local_authority']);
  await expect.poll(() => resultsTotal(page), UPDATE).toBe(expected);
  const names = await resultNames(page);
  expect(names).toHaveLength(expected);
  expect(names).toContain('Grenoble-Alpes Métropole');
  for (const name of names) expect(GRENOB).toContain(name);
  expect(query(page).get('q')).toBe('grenob');
  expect(await sameDocument(page)).toBe(true);
  // the refreshed filters keep the tick and the focus
  expect(await facet(page, 'Type', 'Collectivité').isChecked()).toBe(true);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.id), UPDATE)
    .toBe('f-kind-local_authority');
  await s.audit.check(page);

  // the address, opened elsewhere, shows the same results
  const shared = page.url();
  const other = await s.audit.newPage();
  const opened = await other.goto(shared);
  expect(opened?.status()).toBe(200);
  expect(await resultsTotal(other)).toBe(expected);
  expect(await resultNames(other)).toEqual(names);
  expect(await other.getByRole('searchbox', { name: SEARCH_LABEL }).inputValue()).toBe('grenob');
  expect(await facet(other, 'Type', 'Collectivité').isChecked()).toBe(true);
  await s.audit.check(other);

  // emptying the box and the filter brings every organisation back
  await search.fill('');
  await facet(page, 'Type', 'Collectivité').uncheck();
  await expect.poll(() => resultsTotal(page), UPDATE).toBe(total);
  expect(query(page).get('q')).toBeNull();
  expect(query(page).getAll('kind')).toEqual([]);
  expect(await sameDocument(page)).toBe(true);
  await s.audit.check(page);
}

/** the same searches without JavaScript: the plain form, its buttons and the pages */
export async function searchWithoutScript(s: Session): Promise<void> {
  const page = await s.audit.newPage({ javaScriptEnabled: false });
  const total = await openDirectory(s, page);
  expect(await page.evaluate(() => matchMedia('(scripting: none)').matches)).toBe(true);
  await s.audit.check(page);

  // typing alone changes nothing: the form is sent with its button
  const search = page.getByRole('searchbox', { name: SEARCH_LABEL });
  await search.fill('grenob');
  expect(await resultsTotal(page)).toBe(total);
  const searched = await arrive(page, () =>
    page.getByRole('button', { name: 'Rechercher', exact: true }).click(),
  );
  expect(searched.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/annuaire');
  expect(query(page).get('q')).toBe('grenob');
  expect(await resultsTotal(page)).toBe(GRENOB.length);
  expect([...(await resultNames(page))].sort()).toEqual(GRENOB);
  expect(await search.inputValue()).toBe('grenob');
  await s.audit.check(page);

  // a facet, then "Appliquer"
  const expected = await facetCount(facet(page, 'Type', 'Collectivité'));
  await facet(page, 'Type', 'Collectivité').check();
  const filtered = await arrive(page, () =>
    page.getByRole('button', { name: 'Appliquer', exact: true }).click(),
  );
  expect(filtered.status()).toBe(200);
  expect(query(page).get('q')).toBe('grenob');
  expect(query(page).getAll('kind')).toEqual(['local_authority']);
  expect(await resultsTotal(page)).toBe(expected);
  const names = await resultNames(page);
  expect(names).toContain('Grenoble-Alpes Métropole');
  for (const name of names) expect(GRENOB).toContain(name);
  expect(await facet(page, 'Type', 'Collectivité').isChecked()).toBe(true);
  await s.audit.check(page);

  // back to everything, then one kind over several pages
  const cleared = await arrive(page, () =>
    page.getByRole('link', { name: 'Effacer les filtres' }).click(),
  );
  expect(cleared.status()).toBe(200);
  expect(pathOf(page)).toBe('/annuaire');
  expect(await resultsTotal(page)).toBe(total);
  await s.audit.check(page);

  const smes = facet(page, 'Type', 'PME');
  const smeCount = await facetCount(smes);
  expect(smeCount, 'enough SMEs for two pages').toBeGreaterThan(20);
  const pages = Math.ceil(smeCount / 20);
  await smes.check();
  await arrive(page, () => page.getByRole('button', { name: 'Appliquer', exact: true }).click());
  expect(query(page).getAll('kind')).toEqual(['sme']);
  expect(await resultsTotal(page)).toBe(smeCount);
  const pagination = page.getByRole('navigation', { name: 'Pages de résultats' });
  expect(await textOf(pagination)).toContain(`Page 1 sur ${pages}`);
  expect(await pagination.getByRole('link', { name: 'Page précédente' }).count()).toBe(0);
  const first = await resultNames(page);
  expect(first).toHaveLength(20);
  await s.audit.check(page);

  const next = await arrive(page, () =>
    pagination.getByRole('link', { name: 'Page suivante' }).click(),
  );
  expect(next.status()).toBe(200);
  expect(query(page).get('page')).toBe('2');
  expect(query(page).getAll('kind')).toEqual(['sme']);
  expect(await textOf(pagination)).toContain(`Page 2 sur ${pages}`);
  const second = await resultNames(page);
  expect(second.length).toBe(Math.min(20, smeCount - 20));
  for (const name of second) expect(first).not.toContain(name);
  for (const meta of await page.locator('.org .meta:first-of-type').allInnerTexts()) {
    expect(meta).toMatch(/^PME\b/);
  }
  expect(await facet(page, 'Type', 'PME').isChecked()).toBe(true);
  await s.audit.check(page);

  const previous = await arrive(page, () =>
    pagination.getByRole('link', { name: 'Page précédente' }).click(),
  );
  expect(previous.status()).toBe(200);
  expect(query(page).get('page') ?? '1').toBe('1');
  expect(query(page).getAll('kind')).toEqual(['sme']);
  expect(await textOf(pagination)).toContain(`Page 1 sur ${pages}`);
  expect(await resultNames(page)).toEqual(first);
  await s.audit.check(page);
}

/**
 * A place typed in the box: the commune's organisations are included and the page says so, with a
 * link to the commune alone; then a facet's count, followed as a link, filters (no script).
 */
export async function searchByPlaceAndFacetLinks(s: Session): Promise<void> {
  const page = await s.audit.newPage({ javaScriptEnabled: false });
  await openDirectory(s, page);
  await s.audit.check(page);
  const search = page.getByRole('searchbox', { name: SEARCH_LABEL });
  await search.fill('grenoble');
  await arrive(page, () => page.getByRole('button', { name: 'Rechercher', exact: true }).click());
  expect(query(page).get('q')).toBe('grenoble');
  await expect
    .poll(() => textOf(page.locator('.place-notice')))
    .toMatch(/^Organisations situées à Grenoble incluses\./);
  const withPlace = await resultsTotal(page);
  // more than the organisations named so: those located in Grenoble too
  expect(withPlace).toBeGreaterThan(GRENOB.length);
  await s.audit.check(page);

  // the commune alone, from the notice's link: the commune facet's own count
  const only = page.getByRole('link', {
    name: 'Voir seulement les organisations situées à Grenoble',
  });
  expect((await arrive(page, () => only.click())).status()).toBe(200);
  expect(query(page).getAll('commune')).toEqual(['38185']);
  expect(query(page).get('q')).toBeNull();
  const inGrenoble = await resultsTotal(page);
  expect(inGrenoble).toBe(await facetCount(facet(page, 'Commune', 'Grenoble')));
  expect(withPlace).toBeGreaterThanOrEqual(inGrenoble);
  // its count is the current one
  const current = page
    .getByRole('group', { name: 'Commune', exact: true })
    .locator('[aria-current="true"]');
  expect(await current.count()).toBe(1);
  await s.audit.check(page);

  // a count is a link: the start-ups of Grenoble
  const startups = facet(page, 'Type', 'Start-up');
  const expected = await facetCount(startups);
  const link = page.getByRole('link', {
    name: `${expected} organisations : Start-up`,
    exact: true,
  });
  expect((await arrive(page, () => link.click())).status()).toBe(200);
  expect(query(page).getAll('kind')).toEqual(['startup']);
  expect(query(page).getAll('commune')).toEqual(['38185']);
  expect(await resultsTotal(page)).toBe(expected);
  expect(await facet(page, 'Type', 'Start-up').isChecked()).toBe(true);
  expect(
    await page
      .getByRole('link', { name: `${expected} organisations : Start-up`, exact: true })
      .getAttribute('aria-current'),
  ).toBe('true');
  await s.audit.check(page);
}

/** the results of a search and two filters, downloaded as CSV */
export async function exportResults(s: Session): Promise<void> {
  const page = await s.audit.newPage();
  await openDirectory(s, page);
  await s.audit.check(page);

  const startups = facet(page, 'Type', 'Start-up');
  const startupCount = await facetCount(startups);
  await startups.check();
  await expect.poll(() => resultsTotal(page), UPDATE).toBe(startupCount);
  const grenoble = facet(page, 'Commune', 'Grenoble');
  const expected = await facetCount(grenoble);
  expect(expected).toBeGreaterThan(0);
  await grenoble.check();
  await expect.poll(() => query(page).getAll('commune'), UPDATE).toEqual(['38185']);
  await expect.poll(() => resultsTotal(page), UPDATE).toBe(expected);
  expect(query(page).getAll('kind')).toEqual(['startup']);
  await s.audit.check(page);

  const exportLink = page.getByRole('link', { name: 'Exporter en CSV' });
  const href = new URL((await exportLink.getAttribute('href')) ?? '', s.base()).searchParams;
  expect(href.getAll('kind')).toEqual(['startup']);
  expect(href.getAll('commune')).toEqual(['38185']);
  const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^organisations-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = path.join(s.scratchDir(), 'export.csv');
  await download.saveAs(file);
  const text = await readFile(file, 'utf8');
  // a byte-order mark, for spreadsheets
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  if (!header) throw new Error('an empty CSV');
  expect(header.slice(0, 4)).toEqual(['id', 'slug', 'siren', 'name']);
  const column = (name: string) => {
    const i = header.indexOf(name);
    expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
    return i;
  };
  const kind = column('kind');
  const communes = column('commune_codes');
  const name = column('name');
  expect(rows).toHaveLength(expected);
  for (const row of rows) {
    expect(row).toHaveLength(header.length);
    expect(row[kind]).toBe('startup');
    expect(row[communes]?.split('|')).toContain('38185');
  }
  // the page listed the first of them
  const listed = await resultNames(page);
  for (const shown of listed) expect(rows.map((r) => r[name])).toContain(shown);
  // nothing loaded: a download, not a page
  expect(pathOf(page)).toMatch(/^\/annuaire\?/);
}

/** the directory on a desktop and on a phone, with screenshots */
export async function layOut(s: Session): Promise<void> {
  for (const [device, options, width] of [
    ['desktop', DESKTOP, 1280],
    ['phone', PHONE, 390 * 3],
  ] as const) {
    const page = await s.audit.newPage(options);
    await openDirectory(s, page, device);
    expect(await page.getByRole('search').count()).toBe(1);
    if (device === 'phone') {
      // the unfolded panel, then a filter ticked in it: the results change around it, it
      // stays open
      await s.audit.check(page);
      await markDocument(page);
      await facet(page, 'Type', 'Start-up').check();
      await expect.poll(() => query(page).getAll('kind'), UPDATE).toEqual(['startup']);
      await expect
        .poll(() => textOf(filtersSummary(page)), UPDATE)
        .toBe('Filtres et tri (1 actif)');
      expect(await facet(page, 'Type', 'Start-up').isVisible()).toBe(true);
      expect(await sameDocument(page)).toBe(true);
    }
    await expectNoSidewaysScroll(page, device);
    await s.audit.check(page);
    await screenshot(page, `directory-fr-${device}.png`, width);
  }
}

/** the search as a map: each commune a link to the same search's list there, on a phone too */
export async function searchOnTheMap(s: Session): Promise<void> {
  const page = await s.audit.newPage();
  await page.goto(`${s.base()}/annuaire?kind=startup`);
  await s.audit.check(page);
  const startups = await resultsTotal(page);
  await arrive(page, () =>
    page
      .getByRole('navigation', { name: 'Affichage des résultats' })
      .getByRole('link', { name: 'Carte' })
      .click(),
  );
  expect(pathOf(page)).toBe('/annuaire?kind=startup&vue=carte');
  await s.audit.check(page);
  // the same search: the same total, and the filter still ticked
  expect(await resultsTotal(page)).toBe(startups);
  expect(await facet(page, 'Type', 'Start-up').isChecked()).toBe(true);
  const map = page.getByRole('group', { name: /Organisations de la recherche par commune/ });
  const communes = map.getByRole('link');
  expect(await communes.count()).toBeGreaterThan(40);
  // a commune is reached with the keyboard, named with its count
  const grenoble = map.getByRole('link', { name: /^Grenoble : \d+ organisations?$/ });
  await grenoble.focus();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
    /^Grenoble : /,
  );
  const count = Number((await grenoble.getAttribute('aria-label'))?.replace(/\D/g, ''));
  expect(count).toBeGreaterThan(0);
  // the table says the same
  const cell = page.locator('td[data-commune="38185"]');
  expect(Number((await textOf(cell)).replace(/\D/g, ''))).toBe(count);
  // it leads to the list of this search in Grenoble, with that many organisations
  await arrive(page, () => grenoble.press('Enter'));
  expect(pathOf(page)).toBe('/annuaire?kind=startup&commune=38185');
  await s.audit.check(page);
  expect(await resultsTotal(page)).toBe(count);

  // on a phone: the whole map within the screen's width
  const phone = await s.audit.newPage(PHONE);
  await phone.goto(`${s.base()}/annuaire?vue=carte`);
  await expectNoSidewaysScroll(phone, 'map on a phone');
  const box = await phone.locator('svg.commune-map').boundingBox();
  expect(box?.width ?? 0).toBeLessThanOrEqual(390);
  await s.audit.check(phone);
  await screenshot(phone, 'directory-map-fr-phone.png', 390 * 3);
}
