import type {
  APIRequestContext,
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ACCESS } from '../../src/app/server.ts';
import { type AccessLine, WHO, type Who } from '../../src/kernel/access.ts';
import { localePath } from '../../src/kernel/locale.ts';
import { assembleCatalogues } from '../../src/web/i18n/catalogue.ts';
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
 * Every HTML page of the access matrix, opened by someone it serves and audited, in French and in
 * English. The matrix's GET routes answering a document (not the API, a file, a feed or a
 * calendar) are reached on the demo data: each role, from the least to the most trusted, follows
 * the links of the pages it may see until each route it may open has an address; a route is then
 * visited as the first role that reached it: in French on a desktop (axe) and on a phone (its
 * width), then its English version on a phone (axe, width, the page's language, no text of the
 * French catalogue left in it): the one the page names (hreflang), else `localePath`'s.
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
const UNREACHABLE: Record<string, string> = {};

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

/** the one page that may exist in French only: an article written in one language */
const WRITTEN_IN_FRENCH = '/actualites/:slug';

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};

/** spaces as a page's text reads them: no-break ones are spaces, runs are one */
const spaced = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

/**
 * Texts of the French catalogue an English page should not show: those of a few words whose
 * English differs, and that no English text contains (a name both languages share is left out).
 */
const FRENCH_ONLY: string[] = (() => {
  const { fr, en } = assembleCatalogues(declaredModules().flatMap((m) => (m.text ? [m.text] : [])));
  const pairs: [string, string | undefined][] = [];
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === 'string')
      pairs.push([spaced(a), typeof b === 'string' ? spaced(b) : undefined]);
    else if (a && typeof a === 'object') {
      for (const [key, value] of Object.entries(a))
        walk(value, (b as Record<string, unknown>)?.[key]);
    }
  };
  walk(fr, en);
  const english = pairs.flatMap(([, e]) => (e === undefined ? [] : [e])).join('\n');
  return pairs
    .filter(([f, e]) => f !== e && f.split(' ').length >= 3 && f.length >= 15)
    .map(([f]) => f)
    .filter((f) => !english.includes(f));
})();

/** how many pages of one route a role opens while looking for the others, at most */
const PER_ROUTE = 2;
/** how many pages one role opens in all, at most */
const PER_ROLE = 150;

/**
 * Each role's phones, signed in as its desktop page is (its cookies): one for the English pages
 * (audited), one measuring the French ones (outside the audit: no axe there); and what they found.
 */
function phonesOf(browser: Browser, audit: A11yAudit, base: string) {
  const english = new Map<Who, Page>();
  const rulers = new Map<Who, Page>();
  const contexts: BrowserContext[] = [];
  /** pages wider than the screen, French texts in English pages */
  const wide: string[] = [];
  const french: string[] = [];

  /** notes the page when its document is wider than its screen */
  async function measure(page: Page, path: string): Promise<void> {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    if (scrollWidth > innerWidth) wide.push(`${path}: ${scrollWidth} px`);
  }

  /** the French texts a page shows */
  const frenchIn = async (page: Page) => {
    const text = spaced((await page.locator('body').textContent()) ?? '');
    return FRENCH_ONLY.filter((f) => text.includes(f));
  };
  /** French pages where those texts were found: the search finds them where they belong */
  let frenchPages = 0;

  return {
    wide,
    french,
    frenchPages: () => frenchPages,
    async add(who: Who, page: Page): Promise<void> {
      const storageState = await page.context().storageState();
      english.set(who, await audit.newPage({ ...PHONE, locale: 'en-GB', storageState }));
      const ruler = await browser.newContext({ ...PHONE, locale: 'fr-FR', storageState });
      contexts.push(ruler);
      rulers.set(who, await ruler.newPage());
    },

    /** the French page's width on a phone, then its English twin on a phone: audited, measured */
    async visit(pattern: string, who: Who, path: string): Promise<void> {
      const ruler = rulers.get(who);
      const phone = english.get(who);
      if (!ruler || !phone) throw new Error(who);
      await ruler.goto(`${base}${path}`);
      await measure(ruler, path);
      if ((await frenchIn(ruler)).length > 0) frenchPages += 1;
      // the English version the page names (an article's has its own address, or none: an
      // article written in French only), else its twin
      const named = await ruler.evaluate(() =>
        ['fr', 'en'].map((l) =>
          document.querySelector(`link[rel="alternate"][hreflang="${l}"]`)?.getAttribute('href'),
        ),
      );
      if (named[0] && !named[1]) {
        expect.soft(pattern, `${path} names no English version`).toBe(WRITTEN_IN_FRENCH);
        return;
      }
      const address = named[1] ? new URL(named[1], base) : undefined;
      const twin = address ? `${address.pathname}${address.search}` : localePath('en', path);
      const answer = await phone.goto(`${base}${twin}`);
      expect
        .soft(answer?.status(), `${pattern} in English as ${who} at ${twin}`)
        .toBe(STALE_LINKS[pattern]?.status ?? 200);
      expect.soft(await phone.locator('html').getAttribute('lang'), twin).toBe('en');
      await measure(phone, twin);
      const left = await frenchIn(phone);
      if (left.length > 0) french.push(`${twin}: ${left.map((f) => `“${f}”`).join(', ')}`);
      await audit.check(phone);
    },

    close: () => Promise.all(contexts.map((c) => c.close())),
  };
}
type Phones = ReturnType<typeof phonesOf>;

/** signs the role in through the sign-in form (a visitor stays as it is) */
async function signIn(
  page: Page,
  who: Who,
  server: E2eServer | undefined,
  audit: A11yAudit,
): Promise<void> {
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

describe.skipIf(skipWithoutChromium)('every page of the access matrix, with axe', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let audit: A11yAudit;
  /** route pattern → who opens it, and where */
  const reached = new Map<string, { who: Who; path: string }>();
  const pages = new Map<Who, Page>();
  let phones: Phones;
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
    phones = phonesOf(browser, audit, server.url);
  }, 120_000);

  afterEach(async () => {
    await audit?.finish();
  });

  afterAll(async () => {
    await phones?.close();
    await audit?.close();
    await browser?.close();
    await server?.close();
  });

  it('reaches each on the demo data; axe finds nothing serious in it, in French or English, and it fits a phone', {
    timeout: 900_000,
  }, async () => {
    for (const who of WHO) {
      const page = await audit.newPage({ locale: 'fr-FR' });
      await signIn(page, who, server, audit);
      if (who === 'visitor') await forgetPassword(page);
      if (who === 'admin') await addFundingRound(page);
      pages.set(who, page);
      await explore(who, page.request);
      await phones.add(who, page);
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
      await phones.visit(pattern, who, path);
    }
    expect.soft(phones.wide, 'pages wider than a phone 390 px wide').toEqual([]);
    expect.soft(phones.french, 'English pages showing texts of the French catalogue').toEqual([]);
    expect(
      phones.frenchPages(),
      'French pages showing texts of the French catalogue',
    ).toBeGreaterThan(ROUTES.length / 2);
  });
});
