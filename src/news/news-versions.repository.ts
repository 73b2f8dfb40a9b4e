import { type Kysely, sql } from 'kysely';
import type { DB, NewsLocale, NewsState } from '../db/schema.ts';

export type VersionRow = {
  article_id: number;
  locale: NewsLocale;
  title: string;
  slug: string;
  summary: string;
  body_md: string;
  cover_file_id: number | null;
  cover_alt: string;
  is_translation: boolean;
  state: NewsState;
  publish_at: Date | null;
  published_at: Date | null;
  updated_at: Date;
};

export type VersionValues = Omit<
  VersionRow,
  'article_id' | 'locale' | 'updated_at' | 'published_at'
>;

export const VERSION_COLUMNS = [
  'article_id',
  'locale',
  'title',
  'slug',
  'summary',
  'body_md',
  'cover_file_id',
  'cover_alt',
  'is_translation',
  'state',
  'publish_at',
  'published_at',
  'updated_at',
] as const;

/** The SQL of an article's versions, one per language, as the editor writes them. */
export function newsVersionsRepository(db: Kysely<DB>) {
  return {
    async versions(articleId: number): Promise<VersionRow[]> {
      return (await db
        .selectFrom('news_versions')
        .select(VERSION_COLUMNS)
        .where('article_id', '=', articleId)
        .orderBy('locale', 'desc')
        .execute()) as VersionRow[];
    },

    async version(articleId: number, locale: NewsLocale, lock = false) {
      let q = db
        .selectFrom('news_versions')
        .select(VERSION_COLUMNS)
        .where('article_id', '=', articleId)
        .where('locale', '=', locale);
      if (lock) q = q.forUpdate();
      return (await q.executeTakeFirst()) as VersionRow | undefined;
    },

    async upsertVersion(articleId: number, locale: NewsLocale, values: VersionValues) {
      const published_at = values.state === 'published' ? sql<Date>`now()` : null;
      await db
        .insertInto('news_versions')
        .values({ article_id: articleId, locale, ...values, published_at })
        .onConflict((oc) =>
          oc.columns(['article_id', 'locale']).doUpdateSet({
            ...values,
            // the first time it goes out is kept; a version taken offline loses it
            published_at:
              values.state === 'published'
                ? sql`coalesce(news_versions.published_at, now())`
                : values.state === 'unpublished'
                  ? sql`news_versions.published_at`
                  : null,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    },

    async slugTaken(locale: NewsLocale, slug: string, exceptArticle: number | null) {
      let q = db
        .selectFrom('news_versions')
        .select('article_id')
        .where('locale', '=', locale)
        .where('slug', '=', slug);
      if (exceptArticle !== null) q = q.where('article_id', '<>', exceptArticle);
      return (await q.executeTakeFirst()) !== undefined;
    },
  };
}
