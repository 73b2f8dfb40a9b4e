import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  A11yAudit,
  assertChromium,
  type E2eServer,
  launchBrowser,
  skipWithoutChromium,
  startServer,
} from './support.ts';

/**
 * Every public page template, on a phone and on a desktop, in French and in English: nothing
 * sticks out sideways (the document is no wider than the screen); axe finds nothing serious in
 * the English versions (the French ones are audited with every page of the access matrix, in
 * pages.spec.ts). The pages with an address of their own (a profile, an article…) are the first
 * of their list.
 */

const SIZES: { name: string; options: BrowserContextOptions }[] = [
  {
    name: 'phone 390 × 844',
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  },
  { name: 'desktop 1280 × 800', options: { viewport: { width: 1280, height: 800 } } },
];

const FIXED = [
  '/',
  '/annuaire',
  '/actualites',
  '/observatoire',
  '/observatoire/feuille-de-route',
  '/agenda',
  '/expositions',
  '/lieu',
  '/appels',
  '/labels',
  '/mentions-legales',
  '/accessibilite',
  '/confidentialite',
  '/contact',
  '/api/docs',
  '/connexion',
  '/inscription',
  '/mot-de-passe-oublie',
];

/** a page of each list: [the list, the start of its pages' addresses] */
const FIRST_OF: [string, string][] = [
  ['/annuaire', '/annuaire/'],
  ['/actualites', '/actualites/'],
  ['/observatoire', '/observatoire/objectifs/'],
  ['/agenda', '/agenda/'],
  ['/lieu', '/lieu/espaces/'],
  ['/appels', '/appels/'],
  ['/labels', '/labels/'],
];

/** the first link of a list's main content to a page under the prefix (read over HTTP) */
async function firstPageOf(base: string, list: string, prefix: string): Promise<string> {
  const html = await (await fetch(`${base}${list}`)).text();
  const main = html.slice(html.indexOf('<main'));
  for (const [, href] of main.matchAll(/href="([^"?#]+)"/g)) {
    if (href?.startsWith(prefix) && href.length > prefix.length && !/\.\w+$/.test(href)) {
      return href;
    }
  }
  throw new Error(`no page under ${prefix} on ${list}`);
}

/** the English version a page names (hreflang), which may have an address of its own */
async function englishOf(base: string, path: string): Promise<string> {
  const html = await (await fetch(`${base}${path}`)).text();
  const href = /<link rel="alternate" hrefLang="en" href="([^"]+)"/i.exec(html)?.[1];
  if (!href) throw new Error(`${path} names no English version`);
  return new URL(href, base).pathname;
}

describe.skipIf(skipWithoutChromium)('every public page template fits the screen', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let audit: A11yAudit;
  /** each template's French address and its English one */
  let templates: { fr: string; en: string }[] = [];

  beforeAll(async () => {
    assertChromium();
    server = await startServer();
    browser = await launchBrowser();
    audit = new A11yAudit(browser);
    const found = await Promise.all(
      FIRST_OF.map(([list, prefix]) => firstPageOf(server?.url ?? '', list, prefix)),
    );
    templates = await Promise.all(
      [...FIXED, ...found].map(async (fr) => ({ fr, en: await englishOf(server?.url ?? '', fr) })),
    );
  }, 120_000);

  afterEach(async () => {
    await audit?.finish();
  });

  afterAll(async () => {
    await audit?.close();
    await browser?.close();
    await server?.close();
  });

  for (const size of SIZES) {
    it(`is no wider than a ${size.name}, in French and English`, { timeout: 300_000 }, async () => {
      const base = server?.url ?? '';
      // the width only: no axe here, so a page of its own, outside the audit
      const context = await browser?.newContext({ ...size.options, locale: 'fr-FR' });
      if (!context) throw new Error('no browser');
      const page = await context.newPage();
      const wide: string[] = [];
      const visit = async (path: string) => {
        const answer = await page.goto(`${base}${path}`);
        expect.soft(answer?.status(), path).toBe(200);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        if (scrollWidth > innerWidth) wide.push(`${path}: ${scrollWidth} px`);
      };
      try {
        for (const { fr, en } of templates) {
          await visit(fr);
          await visit(en);
        }
      } finally {
        await context.close();
      }
      expect(wide, `pages wider than ${size.name}`).toEqual([]);
    });
  }

  it('has no serious or critical axe finding in English, on a phone', {
    timeout: 300_000,
  }, async () => {
    const base = server?.url ?? '';
    const phone = SIZES[0]?.options ?? {};
    const page = await audit.newPage({ ...phone, locale: 'en-GB' });
    for (const { en } of templates) {
      const answer = await page.goto(`${base}${en}`);
      expect.soft(answer?.status(), en).toBe(200);
      expect(await page.locator('html').getAttribute('lang'), en).toBe('en');
      await audit.check(page);
    }
  });
});
