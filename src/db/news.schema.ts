import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** News: articles, their versions and revisions, files, scheduled publication (0004). */

export type NewsLocale = 'fr' | 'en';
export type NewsState = 'draft' | 'scheduled' | 'published' | 'unpublished';

export type NewsCategoryTable = {
  id: Generated<number>;
  slug: string;
  parent_id: number | null;
  name_fr: string;
  name_en: string;
  position: Generated<number>;
};

export type NewsArticleTable = {
  id: Generated<number>;
  category_id: number;
  tags: Generated<string[]>;
  author_id: string | null;
  proposed_for: string | null;
  review: 'proposed' | 'accepted' | 'rejected' | null;
  version: Generated<number>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type NewsFileTable = {
  id: Generated<number>;
  article_id: number;
  storage_key: string;
  file_name: string;
  title_fr: Generated<string>;
  title_en: Generated<string>;
  content_type: string;
  bytes: number;
  sha256: string;
  position: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
};

export type NewsVersionTable = {
  article_id: number;
  locale: NewsLocale;
  title: string;
  slug: string;
  summary: Generated<string>;
  body_md: Generated<string>;
  cover_file_id: number | null;
  cover_alt: Generated<string>;
  is_translation: Generated<boolean>;
  state: Generated<NewsState>;
  publish_at: Timestamp | null;
  published_at: Timestamp | null;
  updated_at: Generated<Date>;
};

export type NewsRevisionTable = {
  article_id: number;
  version: number;
  snapshot: ColumnType<unknown, string, string>;
  note: Generated<string>;
  saved_by: string | null;
  saved_at: Generated<Date>;
};

export type NewsArticleOrganisationTable = {
  article_id: number;
  organisation_id: string;
};

export type NewsJobTable = {
  id: Generated<number>;
  article_id: number;
  locale: NewsLocale;
  run_at: Timestamp;
  status: Generated<'waiting' | 'done' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  error: string | null;
  finished_at: Timestamp | null;
  created_at: Generated<Date>;
};

/** one row per week's digest sent (its Monday in Paris, 'YYYY-MM-DD') */
export type NewsDigestTable = {
  week: string;
  sent_at: Generated<Date>;
  articles: number;
  recipients: number;
};

export type NewsTables = {
  news_categories: NewsCategoryTable;
  news_articles: NewsArticleTable;
  news_files: NewsFileTable;
  news_versions: NewsVersionTable;
  news_revisions: NewsRevisionTable;
  news_article_organisations: NewsArticleOrganisationTable;
  news_jobs: NewsJobTable;
  news_digests: NewsDigestTable;
};
