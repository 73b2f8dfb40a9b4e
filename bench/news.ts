/**
 * News: what it costs to render an article's Markdown through the allow-list, to read a page of
 * the list among many published articles, and how fast scheduled versions go out with one worker
 * and with two racing (PGlite always; the server too when TEST_DATABASE_URL is set).
 * Writes bench/results/news.json and prints the tables.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { usersRepository } from '../src/accounts/users.repository.ts';
import type { EngineKind } from '../src/db/engine.ts';
import { organisationLinks } from '../src/directory/organisation-links.service.ts';
import { filesystemStorage } from '../src/kernel/file-storage.ts';
import type { Actor } from '../src/kernel/policy.ts';
import { renderMarkdown, renderMarkdownUncached } from '../src/news/markdown.ts';
import type { ArticleInput } from '../src/news/news.schema.ts';
import { newsService } from '../src/news/news.service.ts';
import { startPublicationWorker } from '../src/news/publication.worker.ts';
import { createTestDatabase } from '../test/support/engines.ts';
import { log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { type Latency, measure } from './lib/stats.ts';
import { type Cell, formatTable } from './lib/table.ts';

const ARTICLES = 300;
const quiet = { info() {}, error() {} };

const paragraph =
  'La capitale des Alpes figure dans la liste des premières villes à recevoir le label **French Tech**, a annoncé [la secrétaire d’État](https://example.org). ';
const BODIES = {
  'seed-sized (3 kB)': `## Titre\n\n${paragraph.repeat(4)}\n\n- un\n- deux\n\n${paragraph.repeat(8)}`,
  'long (60 kB)': Array.from(
    { length: 60 },
    (_, i) => `## Partie ${i}\n\n${paragraph.repeat(6)}`,
  ).join('\n\n'),
};

function input(n: number, state: ArticleInput['state']): ArticleInput {
  return {
    version: 0,
    title: `Article ${n}`,
    slug: `article-${n}-${Date.now()}`,
    summary: 'Résumé',
    body_md: BODIES['seed-sized (3 kB)'],
    category: 'actualites',
    tags: n % 3 === 0 ? ['label'] : [],
    organisations: [],
    cover_file: null,
    cover_alt: '',
    is_translation: false,
    state,
    publish_at: new Date(Date.now() - 60_000),
  };
}

type EngineResult = {
  engine: EngineKind;
  articles: number;
  listPage: Latency;
  publishOneWorkerMs: number;
  publishTwoWorkersMs: number;
};

async function onEngine(engine: EngineKind): Promise<EngineResult> {
  const database = await createTestDatabase(engine);
  const files = await mkdtemp(path.join(tmpdir(), 'totem-bench-news-'));
  try {
    const storage = filesystemStorage(files);
    const organisations = organisationLinks(database.db);
    const news = newsService({ db: database.db, storage, maxBytes: 1e6, organisations });
    const user = await usersRepository(database.db).create({
      email: `bench-${Date.now()}@example.org`,
      name: 'Bench',
      passwordHash: null,
      role: 'staff',
    });
    if (!user) throw new Error('no user');
    const staff: Actor = {
      kind: 'user',
      user: {
        id: user.id,
        name: 'Bench',
        email: user.email,
        role: 'staff',
        locale: 'fr',
        createdAt: new Date(),
        verified: true,
      },
    };
    const worker = () => startPublicationWorker(database.db, storage, quiet, { autostart: false });

    log(`${engine}: ${ARTICLES} scheduled versions, one worker`);
    for (let i = 0; i < ARTICLES; i++) await news.create(staff, 'fr', input(i, 'scheduled'));
    let t = performance.now();
    const one = await worker().drain();
    const publishOneWorkerMs = performance.now() - t;
    if (one.filter((o) => o.outcome === 'published').length !== ARTICLES)
      throw new Error('not all published');

    log(`${engine}: ${ARTICLES} more, two workers racing`);
    for (let i = 0; i < ARTICLES; i++)
      await news.create(staff, 'fr', input(ARTICLES + i, 'scheduled'));
    t = performance.now();
    const both = await Promise.all([worker().drain(), worker().drain()]);
    const publishTwoWorkersMs = performance.now() - t;
    if (both.flat().filter((o) => o.outcome === 'published').length !== ARTICLES)
      throw new Error('not each published once');

    log(`${engine}: a page of the list among ${2 * ARTICLES} published, filtered by tag`);
    const listPage = await measure(() => news.list('fr', { tag: 'label', page: 3 }), {
      warmups: 5,
      runs: 50,
    });
    return { engine, articles: 2 * ARTICLES, listPage, publishOneWorkerMs, publishTwoWorkersMs };
  } finally {
    await database.close();
    await rm(files, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const host = machine();
  log('Markdown to sanitised HTML');
  const render: Record<string, Latency> = {};
  for (const [name, body] of Object.entries(BODIES)) {
    render[name] = await measure(async () => renderMarkdownUncached(body), {
      warmups: 10,
      runs: 100,
    });
    render[`${name}, cached`] = await measure(async () => renderMarkdown(body), {
      warmups: 10,
      runs: 100,
    });
  }
  const engines: EngineKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await onEngine(engine));
  const written = await writeResults('news', {
    machine: { ...host, loadAverageAtEnd: machine().loadAverage },
    render,
    engines: results,
  });
  const renderRows: Cell[][] = Object.entries(render).map(([name, l]) => [
    name,
    l.p50,
    l.p95,
    l.runs,
  ]);
  const engineRows: Cell[][] = results.map((r) => [
    r.engine,
    r.listPage.p50,
    r.listPage.p95,
    Math.round((ARTICLES / r.publishOneWorkerMs) * 1000),
    Math.round((ARTICLES / r.publishTwoWorkersMs) * 1000),
  ]);
  process.stdout.write(
    `${formatTable('Markdown → sanitised HTML (ms)', ['body', 'p50', 'p95', 'runs'], renderRows)}\n` +
      `${formatTable(
        `News on each engine (${2 * ARTICLES} published; load average ${host.loadAverage.join(' ')})`,
        ['engine', 'list page p50 ms', 'p95 ms', 'published/s, 1 worker', 'published/s, 2 workers'],
        engineRows,
      )}\n`,
  );
  log(`results written to ${written}`);
}
