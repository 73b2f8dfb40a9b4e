/**
 * `npm run screenshots`: starts Totem on a fresh data folder (demo data), photographs the pages a
 * reviewer looks at first, on a desktop (1280 × 800) and on a phone (390 × 844), whole pages,
 * into `screenshots/` (not committed), then stops the server. CHROMIUM_PATH names the browser
 * (Debian's /usr/bin/chromium by default).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { start } from '../src/app/start.ts';
import { loadConfig } from '../src/kernel/config.ts';

const OUT = path.resolve(process.argv[2] ?? 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const DEVICES: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  {
    name: 'phone',
    options: {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    },
  },
];

/** the first link of a list page whose address starts with the prefix (a profile, an article) */
async function firstLink(page: Page, base: string, list: string, prefix: string): Promise<string> {
  await page.goto(`${base}${list}`);
  const hrefs = await page
    .locator(`main a[href^="${prefix}"]`)
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const found = hrefs.find((h) => h.length > prefix.length && !h.includes('?'));
  if (!found) throw new Error(`no link starting with ${prefix} on ${list}`);
  return found;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-shots-'));
  const started = await start(
    loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }),
    () => {},
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    await mkdir(OUT, { recursive: true });
    const base = started.url;
    const scout = await browser.newPage();
    const profile = await firstLink(scout, base, '/annuaire', '/annuaire/');
    const article = await firstLink(scout, base, '/actualites', '/actualites/');
    await scout.close();
    const pages: { name: string; path: string; element?: string }[] = [
      { name: 'home', path: '/' },
      { name: 'directory', path: '/annuaire' },
      { name: 'profile', path: profile },
      { name: 'observatory', path: '/observatoire' },
      { name: 'map', path: '/observatoire', element: 'figure[data-chart="chart-map"]' },
      { name: 'article', path: article },
    ];
    for (const device of DEVICES) {
      const context = await browser.newContext({ ...device.options, locale: 'fr-FR' });
      const page = await context.newPage();
      for (const shot of pages) {
        const file = path.join(OUT, `${shot.name}-${device.name}.png`);
        const response = await page.goto(`${base}${shot.path}`, { waitUntil: 'load' });
        if (response?.status() !== 200) {
          throw new Error(`${shot.path} answered ${response?.status()}`);
        }
        if (shot.element) {
          const element = page.locator(shot.element).first();
          await element.scrollIntoViewIfNeeded();
          await element.screenshot({ path: file });
        } else {
          await page.screenshot({ path: file, fullPage: true });
        }
        console.log(file);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await started.app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
