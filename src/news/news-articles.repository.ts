import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { VERSION_COLUMNS, type VersionRow } from './news-versions.repository.ts';

export type CategoryRow = {
  id: number;
  slug: string;
  parent_id: number | null;
  name_fr: string;
  name_en: string;
};

export type ArticleRow = {
  id: number;
  category_id: number;
  tags: string[];
  author_id: string | null;
  proposed_for: string | null;
  review: 'proposed' | 'accepted' | 'rejected' | null;
  version: number;
  is_demo: boolean;
  created_at: Date;
  updated_at: Date;
};

const ARTICLE_COLUMNS = [
  'id',
  'category_id',
  'tags',
  'author_id',
  'proposed_for',
  'review',
  'version',
  'is_demo',
  'created_at',
  'updated_at',
] as const;

/** The SQL of articles: what the languages share (category, tags, organisations, review, version). */
export function newsArticlesRepository(db: Kysely<DB>) {
  return {
    categories(): Promise<CategoryRow[]> {
      return db
        .selectFrom('news_categories')
        .select(['id', 'slug', 'parent_id', 'name_fr', 'name_en'])
        .orderBy('position')
        .orderBy('id')
        .execute();
    },

    async article(id: number, lock = false): Promise<ArticleRow | undefined> {
      let q = db.selectFrom('news_articles').select(ARTICLE_COLUMNS).where('id', '=', id);
      if (lock) q = q.forUpdate();
      return (await q.executeTakeFirst()) as ArticleRow | undefined;
    },

    organisationsOf(articleId: number) {
      return db
        .selectFrom('news_article_organisations as n')
        .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
        .select(['o.id', 'o.slug', 'o.name', 'o.is_demo'])
        .where('n.article_id', '=', articleId)
        .where('o.merged_into', 'is', null)
        .orderBy('o.name')
        .execute();
    },

    async authorName(userId: string | null): Promise<string | null> {
      if (!userId) return null;
      const row = await db
        .selectFrom('users')
        .select('name')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.name ?? null;
    },

    async createArticle(values: {
      category_id: number;
      tags: string[];
      author_id: string | null;
      proposed_for?: string | null;
      review?: ArticleRow['review'];
      is_demo?: boolean;
    }): Promise<number> {
      const row = await db
        .insertInto('news_articles')
        .values({
          ...values,
          proposed_for: values.proposed_for ?? null,
          review: values.review ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** the optimistic check: true when the article was still at `expected` (now one more) */
    async bump(
      id: number,
      expected: number,
      patch: { category_id: number; tags: string[]; review?: ArticleRow['review'] },
    ): Promise<boolean> {
      const res = await db
        .updateTable('news_articles')
        .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
        .where('id', '=', id)
        .where('version', '=', expected)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async setReview(id: number, review: ArticleRow['review']): Promise<void> {
      await db.updateTable('news_articles').set({ review }).where('id', '=', id).execute();
    },

    async setOrganisations(articleId: number, ids: string[]): Promise<void> {
      await db
        .deleteFrom('news_article_organisations')
        .where('article_id', '=', articleId)
        .execute();
      if (ids.length === 0) return;
      await db
        .insertInto('news_article_organisations')
        .values(ids.map((organisation_id) => ({ article_id: articleId, organisation_id })))
        .execute();
    },

    /** the back office's list: every article, newest first, with its versions */
    async adminList(filter: { proposals?: boolean } = {}) {
      let q = db.selectFrom('news_articles').select(ARTICLE_COLUMNS).orderBy('updated_at', 'desc');
      if (filter.proposals) q = q.where('review', '=', 'proposed');
      const articles = (await q.limit(200).execute()) as ArticleRow[];
      const ids = articles.map((a) => a.id);
      const versions =
        ids.length === 0
          ? []
          : ((await db
              .selectFrom('news_versions')
              .select(VERSION_COLUMNS)
              .where('article_id', 'in', ids)
              .execute()) as VersionRow[]);
      return { articles, versions };
    },

    /** what a member proposed */
    async proposalsBy(userId: string) {
      return db
        .selectFrom('news_articles as a')
        .innerJoin('news_versions as v', 'v.article_id', 'a.id')
        .leftJoin('organisations as o', 'o.id', 'a.proposed_for')
        .select(['a.id', 'a.review', 'v.title', 'v.state', 'v.locale', 'o.name as organisation'])
        .where('a.author_id', '=', userId)
        .where('a.review', 'is not', null)
        .orderBy('a.created_at', 'desc')
        .execute();
    },
  };
}
