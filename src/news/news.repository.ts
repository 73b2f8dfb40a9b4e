import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { newsArticlesRepository } from './news-articles.repository.ts';
import { newsFilesRepository } from './news-files.repository.ts';
import { newsPublishedRepository } from './news-published.repository.ts';
import { newsRevisionsRepository } from './news-revisions.repository.ts';
import { newsVersionsRepository } from './news-versions.repository.ts';
import { publicationJobsRepository } from './publication.repository.ts';

export type { ArticleRow, CategoryRow } from './news-articles.repository.ts';
export type { FileRow } from './news-files.repository.ts';
export type { PublishedRow } from './news-published.repository.ts';
export type { VersionRow, VersionValues } from './news-versions.repository.ts';

/**
 * The SQL of news, built from one `Kysely` or one transaction: articles, versions, revisions,
 * files, reading, and the publication jobs' own (scheduling is part of writing an article: its
 * jobs share the caller's transaction).
 */
export function newsRepository(db: Kysely<DB>) {
  return {
    ...newsArticlesRepository(db),
    ...newsVersionsRepository(db),
    ...newsRevisionsRepository(db),
    ...newsFilesRepository(db),
    ...newsPublishedRepository(db),
    ...publicationJobsRepository(db),
  };
}

export type NewsRepository = ReturnType<typeof newsRepository>;
