import type { Kysely } from 'kysely';
import type { DB, NewsLocale } from '../db/schema.ts';
import type { Actor } from '../kernel/policy.ts';
import { slugify } from '../kernel/slug.ts';
import { articleOrNotFound, authorId, requireStaff } from './actors.ts';
import {
  articleSnapshot,
  type Change,
  diffSnapshots,
  NewsInputError,
  type Snapshot,
  slugRace,
} from './articles.ts';
import { ALLOWED_TYPES } from './files.ts';
import { newsError } from './news.errors.ts';
import { linkOrganisations, type NewsOrganisations } from './news.organisations.ts';
import { type NewsRepository, newsRepository } from './news.repository.ts';
import type { ArticleInput, NewsMessageKey } from './news.schema.ts';

/**
 * Checks what only the database can tell (category, slug, cover), with the organisations as the
 * directory named them, and returns the values to write; every problem at once, by field.
 */
async function resolve(
  r: NewsRepository,
  articleId: number | null,
  locale: NewsLocale,
  input: ArticleInput,
  linked: { ids: string[]; unknown: string[] },
) {
  const problems: Partial<Record<string, NewsMessageKey>> = {};
  const categories = await r.categories();
  const category = categories.find((c) => c.slug === input.category);
  if (!category) problems.category = 'categoryUnknown';
  const unknown = linked.unknown;
  if (unknown.length > 0) problems.organisations = 'organisationsUnknown';
  const slug = input.slug || slugify(input.title);
  if (await r.slugTaken(locale, slug, articleId)) problems.slug = 'slugTaken';
  if (input.cover_file !== null) {
    const file = await r.file(input.cover_file);
    if (!file || file.article_id !== articleId || !ALLOWED_TYPES[file.content_type]?.image)
      problems.cover_file = 'coverUnknown';
    else if (!input.cover_alt) problems.cover_alt = 'coverAltRequired';
  }
  let state = input.state;
  let publishAt = input.publish_at;
  if (state === 'scheduled' && !publishAt) problems.publish_at = 'timeRequired';
  if (state === 'published' || state === 'scheduled') {
    if (!input.body_md.trim()) problems.body_md = 'bodyRequired';
  }
  // "published" with a time still to come is a schedule; "published" without one is now
  if (state === 'published' && publishAt && publishAt.getTime() > Date.now()) state = 'scheduled';
  if (state === 'published' && !publishAt) publishAt = new Date();
  if (Object.keys(problems).length > 0 || !category)
    throw new NewsInputError(problems, { unknownOrganisations: unknown });
  return {
    categoryId: category.id,
    organisationIds: linked.ids,
    values: {
      title: input.title,
      slug,
      summary: input.summary,
      body_md: input.body_md,
      cover_file_id: input.cover_file,
      cover_alt: input.cover_alt,
      is_translation: input.is_translation,
      state,
      publish_at: publishAt,
    },
  };
}

/** one language's texts and state, with its publication job scheduled or cancelled to match */
async function writeVersion(
  r: NewsRepository,
  articleId: number,
  locale: NewsLocale,
  values: Awaited<ReturnType<typeof resolve>>['values'],
) {
  await r.upsertVersion(articleId, locale, values);
  if (values.state === 'scheduled' && values.publish_at) {
    await r.schedule(articleId, locale, values.publish_at);
  } else {
    await r.cancelJobs(articleId, locale);
  }
}

/** Writing articles (staff): the editor's data, new articles, saves, a failed publication retried. */
export function newsEditingService(deps: {
  db: Kysely<DB>;
  repo: NewsRepository;
  organisations: NewsOrganisations;
}) {
  const { db, repo } = deps;

  return {
    categories: () => repo.categories(),

    /** everything the editor shows */
    async forEditing(id: number) {
      const article = await articleOrNotFound(repo, id);
      const [versions, organisations, files, jobs, authorName] = await Promise.all([
        repo.versions(id),
        repo.organisationsOf(id),
        repo.files(id),
        repo.latestJobs([id]),
        repo.authorName(article.author_id),
      ]);
      return { article, versions, organisations, files, jobs, authorName };
    },

    async adminList(filter: { proposals?: boolean } = {}) {
      const { articles, versions } = await repo.adminList(filter);
      const jobs = await repo.latestJobs(articles.map((a) => a.id));
      return { articles, versions, jobs };
    },

    /** a new article, starting with one language */
    async create(actor: Actor, locale: NewsLocale, input: ArticleInput): Promise<number> {
      requireStaff(actor);
      const savedBy = authorId(actor);
      // asked before the transaction: the directory answers through its own connection
      const linked = await linkOrganisations(deps.organisations, input.organisations);
      return slugRace(() =>
        db.transaction().execute(async (trx) => {
          const r = newsRepository(trx);
          const resolved = await resolve(r, null, locale, input, linked);
          const id = await r.createArticle({
            category_id: resolved.categoryId,
            tags: input.tags,
            author_id: savedBy,
          });
          await writeVersion(r, id, locale, resolved.values);
          await r.setOrganisations(id, resolved.organisationIds);
          await r.addRevision({
            articleId: id,
            version: 1,
            snapshot: await articleSnapshot(r, id),
            savedBy,
          });
          return id;
        }),
      );
    },

    /**
     * Saves one language (and the shared fields) on the version the editor saw. A save against
     * an older version writes nothing and answers STALE_VERSION.
     */
    async save(actor: Actor, id: number, locale: NewsLocale, input: ArticleInput): Promise<void> {
      requireStaff(actor);
      const savedBy = authorId(actor);
      const article = await articleOrNotFound(repo, id);
      const linked = await linkOrganisations(deps.organisations, input.organisations);
      await slugRace(() =>
        db.transaction().execute(async (trx) => {
          const r = newsRepository(trx);
          const resolved = await resolve(r, id, locale, input, linked);
          const review =
            article.review === 'proposed' && resolved.values.state !== 'draft'
              ? 'accepted'
              : undefined;
          const bumped = await r.bump(id, input.version, {
            category_id: resolved.categoryId,
            tags: input.tags,
            ...(review ? { review } : {}),
          });
          if (!bumped) throw newsError('STALE_VERSION');
          await writeVersion(r, id, locale, resolved.values);
          await r.setOrganisations(id, resolved.organisationIds);
          await r.addRevision({
            articleId: id,
            version: input.version + 1,
            snapshot: await articleSnapshot(r, id),
            savedBy,
          });
        }),
      );
    },

    /** what changed since the version an editor started from */
    async changesSince(id: number, base: number): Promise<Change[]> {
      const current = await articleSnapshot(repo, id);
      const old = await repo.revision(id, base);
      if (!old)
        return diffSnapshots({ category: '', tags: [], organisations: [], versions: {} }, current);
      return diffSnapshots(old.snapshot as Snapshot, current);
    },

    /** a failed scheduled publication, tried again now */
    async retry(actor: Actor, id: number, locale: NewsLocale): Promise<void> {
      requireStaff(actor);
      const version = await repo.version(id, locale);
      const job = await repo.failedJob(id, locale);
      if (version?.state !== 'scheduled' || !job || job.status !== 'failed')
        throw newsError('NOTHING_TO_RETRY');
      await repo.schedule(id, locale, new Date());
    },
  };
}
