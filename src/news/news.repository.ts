import { type Kysely, sql } from 'kysely';
import type { DB, NewsLocale, NewsState } from '../db/schema.ts';
import { publicationJobsRepository } from './publication.repository.ts';

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

export type FileRow = {
  id: number;
  article_id: number;
  storage_key: string;
  file_name: string;
  title_fr: string;
  title_en: string;
  content_type: string;
  bytes: number;
  position: number;
  created_at: Date;
};

export type VersionValues = Omit<
  VersionRow,
  'article_id' | 'locale' | 'updated_at' | 'published_at'
>;

const VERSION_COLUMNS = [
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

const FILE_COLUMNS = [
  'id',
  'article_id',
  'storage_key',
  'file_name',
  'title_fr',
  'title_en',
  'content_type',
  'bytes',
  'position',
  'created_at',
] as const;

/** A published version as lists and feeds show it. */
export type PublishedRow = VersionRow & {
  category_id: number;
  tags: string[];
  is_demo: boolean;
  article_updated_at: Date;
};

/** The SQL of news: articles, versions, revisions and files; with the publication jobs' own. */
export function newsRepository(db: Kysely<DB>) {
  const publishedQuery = (locale: NewsLocale) =>
    db
      .selectFrom('news_versions as v')
      .innerJoin('news_articles as a', 'a.id', 'v.article_id')
      .select(VERSION_COLUMNS.map((c) => `v.${c}` as const))
      .select(['a.category_id', 'a.tags', 'a.is_demo', 'a.updated_at as article_updated_at'])
      .where('v.locale', '=', locale)
      .where('v.state', '=', 'published');

  return {
    // scheduling is part of writing an article: its jobs share the caller's transaction
    ...publicationJobsRepository(db),

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

    organisationsBySlugs(slugs: string[]) {
      if (slugs.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('organisations')
        .select(['id', 'slug', 'name'])
        .where('slug', 'in', slugs)
        .where('merged_into', 'is', null)
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

    async slugTaken(locale: NewsLocale, slug: string, exceptArticle: number | null) {
      let q = db
        .selectFrom('news_versions')
        .select('article_id')
        .where('locale', '=', locale)
        .where('slug', '=', slug);
      if (exceptArticle !== null) q = q.where('article_id', '<>', exceptArticle);
      return (await q.executeTakeFirst()) !== undefined;
    },

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

    // ── Reading ─────────────────────────────────────────────────────────────────────────────

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

    // ── Files ───────────────────────────────────────────────────────────────────────────────

    async addFile(values: {
      article_id: number;
      storage_key: string;
      file_name: string;
      title_fr: string;
      title_en: string;
      content_type: string;
      bytes: number;
      sha256: string;
      created_by: string | null;
    }): Promise<number> {
      const row = await db
        .insertInto('news_files')
        .values({
          ...values,
          position: sql`(SELECT coalesce(max(position), 0) + 1 FROM news_files WHERE article_id = ${values.article_id})`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async files(articleId: number): Promise<FileRow[]> {
      return (await db
        .selectFrom('news_files')
        .select(FILE_COLUMNS)
        .where('article_id', '=', articleId)
        .orderBy('position')
        .execute()) as FileRow[];
    },

    async file(id: number): Promise<FileRow | undefined> {
      return (await db
        .selectFrom('news_files')
        .select(FILE_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst()) as FileRow | undefined;
    },

    async deleteFile(id: number): Promise<void> {
      await db.deleteFrom('news_files').where('id', '=', id).execute();
    },
  };
}

export type NewsRepository = ReturnType<typeof newsRepository>;
