import { type Kysely, sql } from 'kysely';
import type { DB, NewsLocale } from '../db/schema.ts';

/** an article as the digest lists it: one published version */
export type DigestArticle = { locale: NewsLocale; title: string; summary: string; slug: string };

/** The SQL of the weekly digest: its week's row (news_digests, 0045) and the week's articles. */
export function newsDigestRepository(db: Kysely<DB>) {
  return {
    /**
     * Takes the week (its Monday, 'YYYY-MM-DD'), in the caller's transaction: true for the one
     * transaction that inserts its row; false when it is there (sent), or was inserted by another
     * process's transaction, which this one waits for and then finds.
     */
    async takeWeek(week: string): Promise<boolean> {
      const taken = await sql<{ week: string }>`
        INSERT INTO news_digests (week, articles, recipients) VALUES (${week}::date, 0, 0)
        ON CONFLICT (week) DO NOTHING RETURNING week::text`.execute(db);
      return taken.rows.length > 0;
    },

    async recordWeek(week: string, articles: number, recipients: number): Promise<void> {
      await sql`UPDATE news_digests SET articles = ${articles}, recipients = ${recipients}
        WHERE week = ${week}::date`.execute(db);
    },

    /** the versions published in [from, to) and still published, oldest first, each language */
    async publishedBetween(from: Date, to: Date): Promise<DigestArticle[]> {
      return db
        .selectFrom('news_versions')
        .select(['locale', 'title', 'summary', 'slug'])
        .where('state', '=', 'published')
        .where('published_at', '>=', from)
        .where('published_at', '<', to)
        .orderBy('published_at')
        .orderBy('article_id')
        .execute();
    },
  };
}
