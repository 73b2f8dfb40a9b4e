import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { indexedSearch } from './index/search-index.service.ts';

/**
 * The directory's search: SQL over the register, and the index held in memory that answers it
 * faster on a large register. It has no page of its own; each server process builds its index at
 * start, in the background (until it is there, SQL answers).
 */
export function searchModule(platform: Platform) {
  const search = indexedSearch(platform.db);
  return {
    name: 'search',
    api: search,
    tasks: [
      {
        name: 'search index',
        start(log) {
          search.build().then(
            (built) =>
              log.info({ organisations: built.index.size }, 'directory search index built'),
            (error: unknown) =>
              log.warn({ err: error }, 'directory search index not built: SQL answers'),
          );
        },
        async stop() {},
      },
    ],
  } satisfies CapabilityModule & { api: unknown };
}
