-- News: categories as a tree, articles with one version per language, every save a revision,
-- attachments kept in the file store, and the jobs that publish scheduled versions.

CREATE TABLE news_categories (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
  parent_id integer REFERENCES news_categories (id),
  name_fr text NOT NULL,
  name_en text NOT NULL,
  position integer NOT NULL DEFAULT 0
);

-- The trail of the public space's news ("Notre offre > Actualités"): configuration, not demo data.
INSERT INTO news_categories (slug, name_fr, name_en, position)
VALUES ('notre-offre', 'Notre offre', 'Our offer', 0);
INSERT INTO news_categories (slug, parent_id, name_fr, name_en, position)
SELECT 'actualites', id, 'Actualités', 'News', 0 FROM news_categories WHERE slug = 'notre-offre';

CREATE TABLE news_articles (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_id integer NOT NULL REFERENCES news_categories (id),
  tags text[] NOT NULL DEFAULT '{}',
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  -- a member's proposal for its organisation, reviewed by staff
  proposed_for uuid REFERENCES organisations (id) ON DELETE SET NULL,
  review text CHECK (review IN ('proposed', 'accepted', 'rejected')),
  -- optimistic concurrency: every save increments it, a save against an older one is refused
  version integer NOT NULL DEFAULT 1,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX news_articles_category_idx ON news_articles (category_id);
CREATE INDEX news_articles_tags_idx ON news_articles USING gin (tags);

-- Files kept in the file store (attachments and cover images); the name is the uploader's, cleaned.
CREATE TABLE news_files (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id integer NOT NULL REFERENCES news_articles (id) ON DELETE CASCADE,
  storage_key text NOT NULL UNIQUE,
  file_name text NOT NULL,
  title_fr text NOT NULL DEFAULT '',
  title_en text NOT NULL DEFAULT '',
  content_type text NOT NULL,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  sha256 text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX news_files_article_idx ON news_files (article_id, position);

-- One version per language, each with its own state and publication time.
CREATE TABLE news_versions (
  article_id integer NOT NULL REFERENCES news_articles (id) ON DELETE CASCADE,
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  title text NOT NULL,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  summary text NOT NULL DEFAULT '',
  body_md text NOT NULL DEFAULT '',
  cover_file_id integer REFERENCES news_files (id) ON DELETE SET NULL,
  cover_alt text NOT NULL DEFAULT '',
  -- a version written from the other language's (shown to readers as a translation)
  is_translation boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'scheduled', 'published', 'unpublished')),
  -- the date readers see; for a scheduled version, when it goes out
  publish_at timestamptz,
  -- when it actually went out
  published_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, locale),
  CHECK (state <> 'scheduled' OR publish_at IS NOT NULL)
);
CREATE UNIQUE INDEX news_versions_slug_key ON news_versions (locale, slug);
CREATE INDEX news_versions_public_idx ON news_versions (locale, state, publish_at DESC);

-- Every save: the whole article as it was saved (both languages' content, shared fields).
CREATE TABLE news_revisions (
  article_id integer NOT NULL REFERENCES news_articles (id) ON DELETE CASCADE,
  version integer NOT NULL,
  snapshot jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  saved_by uuid REFERENCES users (id) ON DELETE SET NULL,
  saved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, version)
);

CREATE TABLE news_article_organisations (
  article_id integer NOT NULL REFERENCES news_articles (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, organisation_id)
);

-- Scheduled publications. Workers take due rows with FOR UPDATE SKIP LOCKED; the version is
-- published by a conditional update in the same transaction, so it goes out once.
CREATE TABLE news_jobs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id integer NOT NULL REFERENCES news_articles (id) ON DELETE CASCADE,
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  run_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'done', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX news_jobs_one_waiting ON news_jobs (article_id, locale) WHERE status = 'waiting';
CREATE INDEX news_jobs_due_idx ON news_jobs (run_at) WHERE status = 'waiting';
