import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ACCESS } from '../../src/app/server.ts';
import { type AccessLine, WHO, type Who } from '../../src/kernel/access.ts';
import { declaredModules } from '../support/modules.ts';
import {
  A11yAudit,
  arrive,
  assertChromium,
  type E2eServer,
  launchBrowser,
  readOutbox,
  skipWithoutChromium,
  startServer,
} from './support.ts';

/**
 * Every HTML page of the access matrix, opened by someone it serves and audited by axe. The
 * matrix's GET routes answering a document (not the API, a file, a feed or a calendar) are
 * reached on the demo data: each role, from the least to the most trusted, follows the links of
 * the pages it may see until each route it may open has an address; a route is then visited as
 * the first role that reached it.
 */

const MATRIX: Record<string, AccessLine> = Object.assign(
  { ...PLATFORM_ACCESS },
  ...declaredModules().map((m) => m.access ?? {}),
);

/** answers that are not a page: the API (but its reference), files, data, feeds, calendars */
function isPage(path: string): boolean {
  if (path.startsWith('/api/') && !path.startsWith('/api/docs')) return false;
  if (path.startsWith('/observatoire/donnees/')) return false;
  // a person's data archive: a JSON download (account-settings.spec takes one)
  if (path.startsWith('/compte/donnees/archive/')) return false;
  if (/\.(csv|ics|json|xml|rss|atom|pdf|txt|ico)$/.test(path)) return false;
  if (['/healthz', '/readyz', '/metrics'].includes(path)) return false;
  return !/\/(fichiers|photos)\/|\/image$/.test(path);
}

type Route = { pattern: string; regex: RegExp; params: number; line: AccessLine };

const ROUTES: Route[] = Object.entries(MATRIX)
  .filter(([key]) => key.startsWith('GET '))
  .map(([key, line]) => {
    const pattern = key.slice(4);
    const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
    return {
      pattern,
      regex: new RegExp(`^${source}$`),
      params: (pattern.match(/:/g) ?? []).length,
      line,
    };
  })
  .filter((r) => isPage(r.pattern));

/** the route an address is served by: the most static of those it matches, as the router does */
function routeOf(address: string): Route | undefined {
  const path = address.split('?')[0] ?? '';
  return ROUTES.filter((r) => r.regex.test(path)).sort((a, b) => a.params - b.params)[0];
}

/**
 * Routes the demo data gives no address for, and why. The test fails if one of them becomes
 * reachable (then it belongs with the others) or if another route cannot be reached.
 */
const UNREACHABLE: Record<string, string> = {
  '/admin/programmes/candidatures/:id/accompagnement': 'no demo application is accepted',
  '/candidatures/:id/accompagnement': 'no demo application is accepted',
};

/**
 * Pages opened by a mailed link, visited here as a stale or mistyped link leaves them (the page
 * says the link no longer works); their forms, with a live link, are audited by the journeys that
 * receive the mail: an address change (account-settings.spec), a registration (events.spec).
 */
const STALE_LINKS: Record<string, { path: string; status: number }> = {
  '/confirmer-adresse': { path: '/confirmer-adresse', status: 400 },
  '/compte/nouvelle-adresse': { path: '/compte/nouvelle-adresse?token=perime', status: 400 },
  '/desabonnement': { path: '/desabonnement?cle=perimee&type=call_reminders', status: 404 },
  '/agenda/desinscription/:token': { path: '/agenda/desinscription/perime', status: 404 },
};

/** the addresses of the links of a page, on this site, in French, without their fragment */
function linksOf(html: string): string[] {
  const links = new Set<string>();
  for (const [, raw] of html.matchAll(/href="(\/[^"#]*)/g)) {
    const href = (raw ?? '').replaceAll('&amp;', '&');
    if (href.startsWith('/en/') || href === '/en' || href.startsWith('/assets/')) continue;
    links.add(href);
  }
  return [...links];
}

/**
 * Addresses the exploration starts from besides the main pages: the recurring booking form is
 * linked only from a room booked by the slot (the demo's room), and which booking forms the
 * exploration opens first depends on the day's availability.
 */
const START_ALSO = ['/lieu/reservations/repetee?espace=salle-belledonne'];

/** the password reset link a mail holds (other background work may have written mail too) */
const resetLink = (mail: { text: string }) =>
  mail.text.match(/https?:\/\/[^/\s]+(\/reinitialiser-mot-de-passe\?\S+)/)?.[1];

/** how many pages of one route a role opens while looking for the others, at most */
const PER_ROUTE = 2;
/** how many pages one role opens in all, at most */
const PER_ROLE = 150;

describe.skipIf(skipWithoutChromium)('every page of the access matrix, with axe', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let audit: A11yAudit;
  /** route pattern → who opens it, and where */
  const reached = new Map<string, { who: Who; path: string }>();
  const pages = new Map<Who, Page>();

  async function signIn(page: Page, who: Who): Promise<void> {
    if (who === 'visitor' || !server) return;
    const account = server.demoAccount(who);
    await page.goto(`${server.url}/connexion`);
    await audit.check(page);
    await page.getByLabel('Adresse e-mail').fill(account.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
    const answer = await arrive(page, () =>
      page.getByRole('button', { name: 'Se connecter' }).click(),
    );
    expect(answer.status(), `${who} signs in`).toBe(200);
    await audit.check(page);
  }

  /** a funding round, so that its edit page has an address (the demo has none) */
  async function addFundingRound(page: Page): Promise<void> {
    const base = server?.url ?? '';
    const html = await (await page.request.get(`${base}/annuaire`)).text();
    const profile = linksOf(html).find((h) => /^\/annuaire\/[^/]+$/.test(h));
    await page.goto(`${base}${profile}/levees`);
    await audit.check(page);
    await page.getByLabel('Date de l’annonce').fill('2016-03-01');
    await page.getByLabel('Étape').selectOption({ index: 1 });
    await page.getByLabel('Montant en euros').fill('30000');
    const saved = await arrive(page, () =>
      page.getByRole('button', { name: 'Ajouter', exact: true }).click(),
    );
    expect(saved.status(), 'the funding round is saved').toBe(200);
    await audit.check(page);
  }

  /**
   * A mail in the outbox (its page) and a password reset link (the reset page): the demo member
   * forgets their password.
   */
  async function forgetPassword(page: Page): Promise<void> {
    if (!server) return;
    const base = server.url;
    await page.goto(`${base}/mot-de-passe-oublie`);
    await audit.check(page);
    await page.getByLabel('Adresse e-mail').fill(server.demoAccount('member').email);
    await arrive(page, () => page.getByRole('button', { name: 'Recevoir le lien' }).click());
    await audit.check(page);
    // the mail queue is sent by the server's background work: its turn comes within seconds
    for (let i = 0; i < 60; i += 1) {
      const link = (await readOutbox(server.dataDir)).map(resetLink).find(Boolean);
      if (link) {
        reached.set('/reinitialiser-mot-de-passe', { who: 'visitor', path: link });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('no password reset mail in the outbox');
  }

  /** follows links as one role until each route it may open has an address, or nothing is left */
  async function explore(who: Who, request: APIRequestContext): Promise<void> {
    const base = server?.url ?? '';
    const wanted = (r: Route | undefined) =>
      r !== undefined && r.line[who] === 'ok' && !reached.has(r.pattern);
    const opened = new Map<string, number>();
    const seen = new Set<string>();
    const queue = ['/', '/compte', '/admin', '/jury', '/candidatures', '/lieu/reservations'];
    queue.push(...START_ALSO);
    for (const r of ROUTES) if (r.params === 0 && r.line[who] === 'ok') queue.push(r.pattern);
    const left = () =>
      ROUTES.some((r) => wanted(r) && !(r.pattern in UNREACHABLE) && !(r.pattern in STALE_LINKS));
    while (queue.length > 0 && seen.size < PER_ROLE && left()) {
      const path = queue.shift() ?? '';
      if (seen.has(path)) continue;
      const route = routeOf(path);
      if (route?.line[who] !== 'ok') continue;
      if (!route) continue;
      const count = opened.get(route.pattern) ?? 0;
      if (!wanted(route) && count >= PER_ROUTE) continue;
      seen.add(path);
      opened.set(route.pattern, count + 1);
      const answer = await request.get(`${base}${path}`, { maxRedirects: 0 });
      if (answer.status() !== 200) continue;
      if (!(answer.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      if (wanted(route)) reached.set(route.pattern, { who, path });
      for (const link of linksOf(await answer.text())) {
        // what is still wanted first, the rest after
        if (wanted(routeOf(link))) queue.unshift(link);
        else queue.push(link);
      }
    }
  }

  beforeAll(async () => {
    assertChromium();
    server = await startServer();
    browser = await launchBrowser();
    audit = new A11yAudit(browser);
  }, 120_000);

  afterEach(async () => {
    await audit?.finish();
  });

  afterAll(async () => {
    await audit?.close();
    await browser?.close();
    await server?.close();
  });

  it('reaches each on the demo data, and axe finds nothing serious in it', {
    timeout: 900_000,
  }, async () => {
    for (const who of WHO) {
      const page = await audit.newPage({ locale: 'fr-FR' });
      await signIn(page, who);
      if (who === 'visitor') await forgetPassword(page);
      if (who === 'admin') await addFundingRound(page);
      pages.set(who, page);
      await explore(who, page.request);
    }
    for (const [pattern, { path }] of Object.entries(STALE_LINKS)) {
      reached.set(pattern, { who: 'visitor', path });
    }
    expect(ROUTES.length).toBeGreaterThan(60);
    const missing = ROUTES.filter((r) => !reached.has(r.pattern)).map((r) => r.pattern);
    expect
      .soft([...missing].sort(), 'page routes no role reached')
      .toEqual(Object.keys(UNREACHABLE).sort());
    const base = server?.url ?? '';
    for (const [pattern, { who, path }] of reached) {
      const page = pages.get(who);
      if (!page) throw new Error(who);
      const answer = await page.goto(`${base}${path}`);
      expect
        .soft(answer?.status(), `${pattern} as ${who} at ${path}`)
        .toBe(STALE_LINKS[pattern]?.status ?? 200);
      expect.soft(answer?.headers()['content-type'], path).toMatch(/^text\/html/);
      await audit.check(page);
    }
  });
});
