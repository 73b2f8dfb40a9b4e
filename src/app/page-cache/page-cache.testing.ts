import http from 'node:http';
import { beforeAll, expect } from 'vitest';
import { buildOrganisation } from '../../../test/support/factories.ts';
import type { EngineKind } from '../../db/engine.ts';
import { newsTestbed } from '../../news/news.testing.ts';

/** every public page template kept for visitors, in both languages where it has a page */
export const templatesOf = (org: { slug: string }, article: string) => [
  '/',
  '/en/',
  '/annuaire',
  '/annuaire?q=photons',
  `/annuaire/${org.slug}`,
  `/en/annuaire/${org.slug}`,
  '/actualites',
  article,
  '/actualites/flux.rss',
  '/actualites/flux.atom',
  '/sitemap.xml',
  '/observatoire',
  '/observatoire/feuille-de-route',
  '/agenda',
  '/agenda/rss.xml',
  '/labels',
  '/mentions-legales',
  '/accessibilite',
  '/confidentialite',
  // the API's search, for callers without a token
  '/api/v1/organisations?q=photons',
];

/**
 * A test app with an organisation and a published article, for the page cache's tests: every
 * public page template has something to show.
 */
export function cacheTestbed(engine: EngineKind) {
  const news = newsTestbed(engine);
  const bed = {
    news,
    org: { id: '', slug: '' },
    article: '/actualites/article-en-cache',
  };
  beforeAll(async () => {
    bed.org = await buildOrganisation(news.t.database.db, { name: 'Photons Alpins' });
    await news.create({
      title: 'Un article en cache',
      slug: 'article-en-cache',
      state: 'published',
    });
  });
  return bed;
}

export type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** one GET over real HTTP, the answer's bytes as sent (compressed or not) */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

/** the headers that belong to the page, not to one answer */
export const pageHeaders = (raw: Raw) => {
  const { date: _date, 'x-request-id': requestId, ...rest } = raw.headers;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  return rest;
};
