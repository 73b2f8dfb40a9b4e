import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { expect } from 'vitest';
import { type Started, start } from '../../src/app/start.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import type { OutboxEntry } from '../../src/mail/mailer.ts';
import { outboxRepository } from '../../src/mail/outbox.repository.ts';

// ── The browser ────────────────────────────────────────────────────────────────────────────────

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const chromiumFound = isExecutable(CHROMIUM_PATH);
/** E2E_REQUIRED=1 turns a missing browser into a failure instead of a skip. */
export const e2eRequired = process.env.E2E_REQUIRED === '1';
/** for describe.skipIf: no browser, and nobody said it was required */
export const skipWithoutChromium = !chromiumFound && !e2eRequired;

/**
 * A journey's budget: it runs axe on each page it visits, one to five seconds a page on a busy
 * two-core machine, so the longest journeys need more than the project's 60 s per test. It only
 * stops a journey that hangs: no test measures how fast anything is.
 */
export const JOURNEY_TIMEOUT = 180_000;

/** In beforeAll: fails with a message naming the path when the browser is required but absent. */
export function assertChromium(): void {
  if (!chromiumFound) {
    throw new Error(
      `E2E_REQUIRED=1 but no executable Chromium at ${CHROMIUM_PATH}: install Debian's chromium ` +
        'package or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
}

export function launchBrowser(): Promise<Browser> {
  assertChromium();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

// ── The server ─────────────────────────────────────────────────────────────────────────────────

export type DemoAccount = { role: string; email: string; password: string };

export type E2eServer = {
  url: string;
  dataDir: string;
  started: Started;
  /** the demo accounts the first start wrote to DATA_DIR/demo-accounts.txt */
  demoAccounts: DemoAccount[];
  demoAccount(role: string): DemoAccount;
  close(): Promise<void>;
};

/** Reads demo-accounts.txt (see formatAccounts in src/demo/demo.service.ts). */
export function parseDemoAccounts(text: string): DemoAccount[] {
  const [heading, ...lines] = text.split('\n');
  if (!heading?.startsWith('Totem demo accounts')) {
    throw new Error(`demo-accounts.txt does not start with its heading: ${heading}`);
  }
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [role, email, password, ...rest] = line.split(/\s+/);
      if (!role || !email || !password || rest.length > 0) {
        throw new Error(`unexpected line in demo-accounts.txt: ${line}`);
      }
      return { role, email, password };
    });
}

/** The real start (database, migrations, demo data, HTTP) on a fresh data folder and a free port. */
export async function startServer(): Promise<E2eServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-e2e-'));
  let started: Started;
  try {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    started = await start(config, () => {});
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const demoAccounts = parseDemoAccounts(
    await readFile(path.join(dataDir, 'demo-accounts.txt'), 'utf8'),
  );
  return {
    url: started.url,
    dataDir,
    started,
    demoAccounts,
    demoAccount(role) {
      const account = demoAccounts.find((a) => a.role === role);
      if (!account) throw new Error(`no demo account with the role ${role} in demo-accounts.txt`);
      return account;
    },
    async close() {
      try {
        await started.app.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** The messages the outbox transport wrote, newest first (what /admin/outbox lists). */
export function readOutbox(dataDir: string): Promise<OutboxEntry[]> {
  return outboxRepository(path.join(dataDir, 'outbox')).list();
}

// ── Accessibility ──────────────────────────────────────────────────────────────────────────────

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

type Visit = { page: Page; url: string };

/**
 * Opens the pages of the journeys and runs axe on them. It remembers every document a page loaded,
 * so that no page of a journey goes unchecked (finish, after each test). Findings are
 * soft assertions: the journey goes on, and the test fails at its end listing, page by page, each
 * serious or critical violation with its rule id and targets.
 */
export class A11yAudit {
  private readonly loads: Visit[] = [];
  private readonly checks: Visit[] = [];
  private readonly contexts: BrowserContext[] = [];
  /** for the pages without scripts: the answer that brought their current document */
  private readonly documentOf = new WeakMap<Page, Response>();
  private mirrorContext: BrowserContext | undefined;

  constructor(private readonly browser: Browser) {}

  /** a page in a context of its own (its own cookies), watched */
  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    const page = await context.newPage();
    if (options.javaScriptEnabled === false) {
      page.on('response', (response) => {
        const request = response.request();
        if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
          this.documentOf.set(page, response);
        }
      });
    }
    page.on('load', () => {
      this.loads.push({ page, url: page.url() });
    });
    return page;
  }

  /** axe on the document the page shows now */
  async check(page: Page): Promise<void> {
    const url = page.url();
    // axe runs as a script in the page, and a page whose scripts are off runs none (the analysis
    // never answers): where scripts are off, axe runs on the document as it was served, in a page
    // where the site's own scripts are kept out (mirror)
    const document = this.documentOf.get(page);
    const target = document ? await this.mirror(page, document) : page;
    try {
      const results = await new AxeBuilder({ page: target }).analyze();
      // the analysis looked at this document: a blank or broken page would pass nothing
      expect(results.passes.length, `axe found nothing to check on ${url}`).toBeGreaterThan(0);
      const violations = results.violations
        .filter((v) => v.impact && BLOCKING_IMPACTS.has(v.impact))
        .flatMap((v) =>
          v.nodes.map(
            (node) => `${v.id} (${v.impact}) at ${node.target.map(String).join(' ')}: ${v.help}`,
          ),
        );
      expect.soft(violations, `axe: serious or critical violations on ${url}`).toEqual([]);
    } finally {
      if (target !== page) await target.close();
    }
    this.checks.push({ page, url });
  }

  /**
   * The page a visitor without JavaScript gets: the bytes the server sent (not a DOM a script
   * changed), with the same headers (the CSP above all), in a page where only axe runs: the
   * site's scripts are refused, and what <noscript> holds in the body is shown, as it is to that
   * visitor.
   */
  private async mirror(page: Page, answer: Response): Promise<Page> {
    const url = page.url();
    const served = await answer.text().catch(() => undefined);
    const html = served ?? (await page.content());
    const headers = Object.fromEntries(
      Object.entries(await answer.allHeaders()).filter(
        ([name]) => !['content-length', 'content-encoding', 'set-cookie'].includes(name),
      ),
    );
    this.mirrorContext ??= await this.browser.newContext();
    const copy = await this.mirrorContext.newPage();
    await copy.route(
      (u) => u.href === url,
      (route) => route.fulfill({ status: 200, headers, body: html }),
    );
    await copy.route(
      (u) => u.href !== url && (u.pathname.endsWith('.js') || u.pathname.endsWith('.mjs')),
      (route) => route.abort(),
    );
    const shown = await copy.goto(url);
    expect(shown?.status(), `the copy of ${url} for axe`).toBe(200);
    await copy.evaluate(() => {
      for (const element of Array.from(document.body.querySelectorAll('noscript'))) {
        const shownWithout = document.createElement('div');
        shownWithout.innerHTML = element.textContent ?? '';
        element.replaceWith(shownWithout);
      }
    });
    return copy;
  }

  /** after each test: closes its pages, then checks that every document they loaded was checked */
  async finish(): Promise<void> {
    const contexts = this.contexts.splice(0);
    await Promise.all(contexts.map((c) => c.close()));
    // counted per page and address, so the order in which the events arrive does not matter
    const checks = this.checks.splice(0);
    const unchecked: string[] = [];
    for (const load of this.loads.splice(0)) {
      const i = checks.findIndex((c) => c.page === load.page && c.url === load.url);
      if (i === -1) unchecked.push(load.url);
      else checks.splice(i, 1);
    }
    expect(unchecked, 'pages visited without an axe check').toEqual([]);
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((c) => c.close()));
    await this.mirrorContext?.close();
  }
}

// ── Navigation ─────────────────────────────────────────────────────────────────────────────────

/**
 * Does what leads to a new page (a click on a link or a submit button) and waits for that page to
 * have loaded; returns the answer of its last request (after redirects).
 */
export async function arrive(page: Page, action: () => Promise<unknown>): Promise<Response> {
  // started before the action, so it cannot miss the navigation
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await action();
  const response = await navigation;
  if (!response) throw new Error(`no response for the navigation to ${page.url()}`);
  return response;
}

/** A locator's visible text, once it is there. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return ((await locator.textContent()) ?? '').trim();
}

/** The path and query of the page, without the origin. */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

let counter = 0;
export function uniqueEmail(prefix = 'e2e'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${Date.now()}.${counter}@example.org`;
}

// ── Files ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Reads CSV text (RFC 4180: comma, double quotes, "" inside quotes, CRLF or LF line ends) into
 * rows of fields; a final line end does not make an empty row.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
