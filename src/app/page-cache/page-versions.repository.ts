import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** The versions of the public pages' topics (0043), bumped by triggers when a write commits. */
export function pageVersionsRepository(db: Kysely<DB>) {
  return {
    async all(): Promise<{ topic: string; version: number }[]> {
      return db.selectFrom('page_versions').select(['topic', 'version']).execute();
    },
  };
}
