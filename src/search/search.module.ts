import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { indexedSearch } from './index/search-index.service.ts';

/**
 * The directory's search: SQL over the register, and the index held in memory that answers it
 * faster on a large register. It has no page of its own; each server process builds its index at
 * start, in the background (until it is there, SQL answers), unless the register holds fewer
 * organisations than the setting SEARCH_INDEX_MIN_ORGANISATIONS, where SQL is as fast.
 */
export function searchModule(platform: Platform) {
  const search = indexedSearch(platform.db, {
    minOrganisations: platform.config.searchIndexMinOrganisations,
  });
  return {
    name: 'search',
    api: search,
    tasks: [
      {
        name: 'search index',
        start(log) {
          // logs whether the index was built, and why not
          void search.start(log);
        },
        async stop() {},
      },
    ],
  } satisfies CapabilityModule & { api: unknown };
}
