import { type Kysely, sql } from 'kysely';
import type { DB, NewsLocale } from '../db/schema.ts';
import { VERSION_COLUMNS, type VersionRow } from './news-versions.repository.ts';

/** A published version as lists and feeds show it. */
export type PublishedRow = VersionRow & {
  category_id: number;
  tags: string[];
  is_demo: boolean;
  article_updated_at: Date;
};

/** The SQL of reading: published versions for lists, pages, feeds and the sitemap. */
export function newsPublishedRepository(db: Kysely<DB>) {
  const publishedQuery = (locale: NewsLocale) =>
    db
      .selectFrom('news_versions as v')
      .innerJoin('news_articles as a', 'a.id', 'v.article_id')
      .select(VERSION_COLUMNS.map((c) => `v.${c}` as const))
      .select(['a.category_id', 'a.tags', 'a.is_demo', 'a.updated_at as article_updated_at'])
      .where('v.locale', '=', locale)
      .where('v.state', '=', 'published');

  return {
    async published(input: {
      locale: NewsLocale;
      categoryIds: number[] | null;
      tag: string | null;
      limit: number;
      offset: number;
    }): Promise<{ rows: PublishedRow[]; total: number }> {
      let q = publishedQuery(input.locale);
      if (input.categoryIds) q = q.where('a.category_id', 'in', input.categoryIds);
      if (input.tag) q = q.where(sql<boolean>`${input.tag} = ANY(a.tags)`);
      const rows = (await q
        .orderBy('v.publish_at', 'desc')
        .orderBy('v.article_id', 'desc')
        .limit(input.limit)
        .offset(input.offset)
        .execute()) as PublishedRow[];
      let count = db
        .selectFrom('news_versions as v')
        .innerJoin('news_articles as a', 'a.id', 'v.article_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('v.locale', '=', input.locale)
        .where('v.state', '=', 'published');
      if (input.categoryIds) count = count.where('a.category_id', 'in', input.categoryIds);
      if (input.tag) count = count.where(sql<boolean>`${input.tag} = ANY(a.tags)`);
      const total = Number((await count.executeTakeFirstOrThrow()).n);
      return { rows, total };
    },

    async publishedBySlug(locale: NewsLocale, slug: string) {
      return (await publishedQuery(locale).where('v.slug', '=', slug).executeTakeFirst()) as
        | PublishedRow
        | undefined;
    },

    /** the tags in use on published versions of a language, most used first */
    async tags(locale: NewsLocale) {
      const rows = await sql<{ tag: string; n: number }>`
        SELECT t.tag, count(*)::int AS n
        FROM news_versions v JOIN news_articles a ON a.id = v.article_id, unnest(a.tags) AS t(tag)
        WHERE v.locale = ${locale} AND v.state = 'published'
        GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT 30`.execute(db);
      return rows.rows;
    },

    /** every published version (for the sitemap) */
    async allPublished() {
      return db
        .selectFrom('news_versions')
        .select(['article_id', 'locale', 'slug', 'updated_at'])
        .where('state', '=', 'published')
        .orderBy('article_id')
        .execute();
    },

    /** every public directory profile (for the sitemap) */
    async profiles() {
      return db
        .selectFrom('organisations')
        .select(['slug', 'updated_at'])
        .where('merged_into', 'is', null)
        .orderBy('slug')
        .execute();
    },

    /** the last change any reader could see: a publication or an edit of something published */
    async lastPublicChange(): Promise<Date | null> {
      const row = await db
        .selectFrom('news_versions')
        .select((eb) => eb.fn.max('updated_at').as('at'))
        .executeTakeFirst();
      return row?.at ? new Date(row.at as Date) : null;
    },
  };
}
