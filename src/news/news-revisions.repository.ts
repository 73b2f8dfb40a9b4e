import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The SQL of revisions: a snapshot of the whole article at each saved version. */
export function newsRevisionsRepository(db: Kysely<DB>) {
  return {
    async addRevision(input: {
      articleId: number;
      version: number;
      snapshot: unknown;
      savedBy: string | null;
      note?: string;
    }): Promise<void> {
      await db
        .insertInto('news_revisions')
        .values({
          article_id: input.articleId,
          version: input.version,
          snapshot: JSON.stringify(input.snapshot),
          saved_by: input.savedBy,
          note: input.note ?? '',
        })
        .execute();
    },

    revisions(articleId: number) {
      return db
        .selectFrom('news_revisions as r')
        .leftJoin('users as u', 'u.id', 'r.saved_by')
        .select(['r.version', 'r.note', 'r.saved_at', 'u.name as saved_by_name'])
        .where('r.article_id', '=', articleId)
        .orderBy('r.version', 'desc')
        .execute();
    },

    revision(articleId: number, version: number) {
      return db
        .selectFrom('news_revisions as r')
        .leftJoin('users as u', 'u.id', 'r.saved_by')
        .select(['r.version', 'r.snapshot', 'r.note', 'r.saved_at', 'u.name as saved_by_name'])
        .where('r.article_id', '=', articleId)
        .where('r.version', '=', version)
        .executeTakeFirst();
    },
  };
}
