import type { Database } from '../../db/engine.ts';
import { pageVersionsRepository } from './page-versions.repository.ts';

/** a topic's version as this process knows it; compared, never interpreted */
export type Versions = ReadonlyMap<string, number>;

export type VersionSource = {
  /**
   * The versions as committed when this call was made, or later: a page cached under the same
   * versions shows what the database holds now.
   */
  current(): Versions | Promise<Versions>;
};

/**
 * On the embedded engine, the process is the database's only client: every commit that bumps a
 * version notifies it before the commit returns, so the versions are counted here and a cached
 * page costs no query (a reader never waits behind an import's transaction for the one
 * connection). On the server, other processes write too and a notification arrives a moment after
 * their commit: each check reads the versions, one query at a time for every request waiting
 * (a request joins only a query sent after it arrived, so it never reads versions older than
 * itself).
 */
export async function versionSource(database: Database): Promise<VersionSource> {
  if (database.listen) {
    const counted = new Map<string, number>();
    await database.listen('page_versions', (payload) => {
      for (const topic of payload.split(',')) counted.set(topic, (counted.get(topic) ?? 0) + 1);
    });
    return { current: () => counted };
  }
  return coalesced(async () => {
    const rows = await pageVersionsRepository(database.db).all();
    return new Map(rows.map((row) => [row.topic, row.version]));
  });
}

/**
 * One read in flight at a time: a caller arriving while one runs waits for the next, which starts
 * when the running one ends and answers every caller that arrived meanwhile.
 */
export function coalesced(read: () => Promise<Versions>): VersionSource {
  let running: Promise<Versions> | null = null;
  let next: Promise<Versions> | null = null;
  const start = () => {
    const started = read().finally(() => {
      if (running === started) running = null;
    });
    running = started;
    return started;
  };
  return {
    current() {
      if (!running) return start();
      if (!next) {
        next = running
          .catch(() => undefined)
          .then(() => {
            next = null;
            return start();
          });
      }
      return next;
    },
  };
}
