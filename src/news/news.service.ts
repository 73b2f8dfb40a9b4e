import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import type { NewsOrganisations } from './news.organisations.ts';
import { newsRepository } from './news.repository.ts';
import { newsEditingService } from './news-editing.service.ts';
import { newsFilesService } from './news-files.service.ts';
import { newsProposalsService } from './news-proposals.service.ts';
import { newsReadingService } from './news-reading.service.ts';
import { newsRevisionsService } from './news-revisions.service.ts';

export type NewsService = ReturnType<typeof newsService>;

/**
 * Writing, reviewing and reading news: the rules, apart from HTTP. One service made of its
 * sub-concerns: editing (and retrying a publication), revisions, members' proposals, files,
 * reading.
 */
export function newsService(deps: {
  db: Kysely<DB>;
  storage: FileStorage;
  maxBytes: number;
  /** the directory's answers about organisations (app/modules.ts wires them) */
  organisations: NewsOrganisations;
}) {
  const { db, storage, organisations } = deps;
  const repo = newsRepository(db);
  return {
    ...newsEditingService({ db, repo, organisations }),
    ...newsRevisionsService({ db, repo, organisations }),
    ...newsProposalsService({ db, repo, organisations }),
    ...newsFilesService({ repo, storage }),
    ...newsReadingService({ repo }),
  };
}
