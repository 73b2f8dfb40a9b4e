import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import type { Database, EngineKind } from '../db/engine.ts';
import { organisationLinks } from '../directory/organisation-links.service.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import type { Actor } from '../kernel/policy.ts';
import type { ArticleInput } from './news.schema.ts';
import { type NewsService, newsService } from './news.service.ts';
import { startPublicationWorker } from './publication.worker.ts';

/** What the tests of the news service share: a database, the service as the server builds it. */

const quiet = { info() {}, error() {} };
let n = 0;

/** what the editor sends once parsed: a scheduled version, due a minute ago, unless told */
export function articleInput(over: Partial<ArticleInput> = {}): ArticleInput {
  n += 1;
  return {
    version: 0,
    title: `Article ${n} ${Date.now()}`,
    slug: '',
    summary: 'Résumé',
    body_md: 'Le texte.',
    category: 'actualites',
    tags: [],
    organisations: [],
    cover_file: null,
    cover_alt: '',
    is_translation: false,
    state: 'scheduled',
    publish_at: new Date(Date.now() - 60_000),
    ...over,
  };
}

/**
 * A fresh database of one engine for the describe block that calls it, the news service on it
 * with the directory's answers about organisations (as app/modules.ts wires them), a staff
 * member, and publication workers that only run when drained.
 */
export function newsServiceTestbed(engine: EngineKind) {
  let database: Database | undefined;
  let news: NewsService | undefined;
  let staff: Actor | undefined;
  let filesDir = '';

  const bed = {
    get database(): Database {
      if (!database) throw new Error('the database did not open');
      return database;
    },
    get news(): NewsService {
      if (!news) throw new Error('the service was not built');
      return news;
    },
    get staff(): Actor {
      if (!staff) throw new Error('no staff member');
      return staff;
    },
    get filesDir(): string {
      return filesDir;
    },

    /** a person of this role, as the service sees them */
    actor(role: 'staff' | 'member'): Promise<Actor> {
      return person(bed.database.db, { role });
    },

    worker: () =>
      startPublicationWorker(bed.database.db, filesystemStorage(filesDir), quiet, {
        autostart: false,
      }),

    stateOf: async (id: number, locale: 'fr' | 'en' = 'fr') =>
      (await bed.news.forEditing(id)).versions.find((v) => v.locale === locale)?.state,
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    filesDir = await mkdtemp(path.join(tmpdir(), 'totem-news-'));
    news = newsService({
      db: database.db,
      storage: filesystemStorage(filesDir),
      maxBytes: 1e6,
      organisations: organisationLinks(database.db),
    });
    staff = await bed.actor('staff');
  });
  afterAll(async () => {
    await database?.close();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  return bed;
}
