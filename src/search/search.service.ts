import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { indexedSearch } from './index/search-index.service.ts';
import { type SearchRequest, searchRepository } from './search.repository.ts';

export type { OrgListRow, SearchAnswer, SearchRequest } from './search.repository.ts';

/** What other capabilities ask of the search: a page of results, or every result for a download. */
export function searchService(db: Kysely<DB>) {
  const indexed = indexedSearch(db);
  const sql = searchRepository(db);
  return {
    /**
     * one page of results with the facets' counts, from the index when it is there; with
     * `places`, the organisations located in those communes match the words too
     */
    search: (query: SearchRequest) => indexed.search(query),
    /** every organisation matching the query, a batch at a time, in the page's order */
    all: (query: SearchRequest) => sql.all(query),
  };
}

export type SearchService = ReturnType<typeof searchService>;
