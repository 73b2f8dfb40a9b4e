import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, NewsLocale } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Actor } from '../kernel/policy.ts';
import { slugify } from '../kernel/slug.ts';
import { articleOrNotFound, authorId, requireStaff } from './actors.ts';
import {
  articleSnapshot,
  type Change,
  diffSnapshots,
  LOCALES,
  NewsInputError,
  PAGE_SIZE,
  type Snapshot,
  slugRace,
  subtreeOf,
  trailOf,
} from './articles.ts';
import { ALLOWED_TYPES } from './files.ts';
import { type NewsRepository, newsRepository, type VersionRow } from './news.repository.ts';
import type { ArticleInput, NewsMessageKey, ProposalInput } from './news.schema.ts';
import { newsFilesService } from './news-files.service.ts';
import type { FileStorage } from './storage/file-storage.ts';
export type NewsService = ReturnType<typeof newsService>;

/** Writing, reviewing and reading news: the rules, apart from HTTP. */
export function newsService(deps: { db: Kysely<DB>; storage: FileStorage; maxBytes: number }) {
  const { db, storage } = deps;
  const repo = newsRepository(db);

  const loadArticle = (id: number) => articleOrNotFound(repo, id);

  /**
   * Checks what only the database can tell (category, organisations, slug, cover) and returns the
   * values to write; every problem at once, by field.
   */
  async function resolve(
    r: NewsRepository,
    articleId: number | null,
    locale: NewsLocale,
    input: ArticleInput,
  ) {
    const problems: Partial<Record<string, NewsMessageKey>> = {};
    const categories = await r.categories();
    const category = categories.find((c) => c.slug === input.category);
    if (!category) problems.category = 'categoryUnknown';
    const orgs = await r.organisationsBySlugs(input.organisations);
    const unknown = input.organisations.filter((s) => !orgs.some((o) => o.slug === s));
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
      organisationIds: orgs.map((o) => o.id),
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

  return {
    categories: () => repo.categories(),

    /** everything the editor shows */
    async forEditing(id: number) {
      const article = await loadArticle(id);
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
      return slugRace(() =>
        db.transaction().execute(async (trx) => {
          const r = newsRepository(trx);
          const resolved = await resolve(r, null, locale, input);
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
     * an older version writes nothing and answers CONFLICT.
     */
    async save(actor: Actor, id: number, locale: NewsLocale, input: ArticleInput): Promise<void> {
      requireStaff(actor);
      const savedBy = authorId(actor);
      const article = await loadArticle(id);
      await slugRace(() =>
        db.transaction().execute(async (trx) => {
          const r = newsRepository(trx);
          const resolved = await resolve(r, id, locale, input);
          const review =
            article.review === 'proposed' && resolved.values.state !== 'draft'
              ? 'accepted'
              : undefined;
          const bumped = await r.bump(id, input.version, {
            category_id: resolved.categoryId,
            tags: input.tags,
            ...(review ? { review } : {}),
          });
          if (!bumped) throw coreError('CONFLICT');
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

    revisions: (id: number) => repo.revisions(id),

    async revision(id: number, version: number) {
      await loadArticle(id);
      const row = Number.isSafeInteger(version) ? await repo.revision(id, version) : undefined;
      if (!row) throw coreError('NOT_FOUND');
      return { ...row, snapshot: row.snapshot as Snapshot };
    },

    /**
     * Brings back the content of a revision as a new revision. The states stay as they are now:
     * restoring text never publishes or withdraws anything by itself.
     */
    async restore(actor: Actor, id: number, version: number, expected: number): Promise<void> {
      requireStaff(actor);
      const savedBy = authorId(actor);
      const old = await this.revision(id, version);
      await db.transaction().execute(async (trx) => {
        const r = newsRepository(trx);
        const categories = await r.categories();
        const category = categories.find((c) => c.slug === old.snapshot.category);
        const article = await r.article(id);
        if (!article) throw coreError('NOT_FOUND');
        const bumped = await r.bump(id, expected, {
          category_id: category?.id ?? article.category_id,
          tags: old.snapshot.tags,
        });
        if (!bumped) throw coreError('CONFLICT');
        const current = await r.versions(id);
        for (const locale of LOCALES) {
          const then = old.snapshot.versions[locale];
          const now = current.find((v) => v.locale === locale);
          if (!then || !now) continue;
          if (await r.slugTaken(locale, then.slug, id))
            throw new NewsInputError({ slug: 'slugTaken' });
          const cover =
            then.cover_file_id !== null && (await r.file(then.cover_file_id))
              ? then.cover_file_id
              : null;
          await r.upsertVersion(id, locale, {
            title: then.title,
            slug: then.slug,
            summary: then.summary,
            body_md: then.body_md,
            cover_file_id: cover,
            cover_alt: then.cover_alt,
            is_translation: then.is_translation,
            state: now.state,
            publish_at: now.publish_at,
          });
        }
        const orgs = await r.organisationsBySlugs(old.snapshot.organisations);
        await r.setOrganisations(
          id,
          orgs.map((o) => o.id),
        );
        await r.addRevision({
          articleId: id,
          version: expected + 1,
          snapshot: await articleSnapshot(r, id),
          savedBy,
          note: `restored:${version}`,
        });
      });
    },

    /** a failed scheduled publication, tried again now */
    async retry(actor: Actor, id: number, locale: NewsLocale): Promise<void> {
      requireStaff(actor);
      const version = await repo.version(id, locale);
      const job = await repo.failedJob(id, locale);
      if (version?.state !== 'scheduled' || !job || job.status !== 'failed')
        throw coreError('CONFLICT');
      await repo.schedule(id, locale, new Date());
    },

    // ── Proposals from members ──────────────────────────────────────────────────────────────

    async memberships(actor: Actor) {
      if (actor.kind !== 'user') return [];
      return db
        .selectFrom('organisation_members as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select(['o.id', 'o.slug', 'o.name'])
        .where('m.user_id', '=', actor.user.id)
        .where('o.merged_into', 'is', null)
        .orderBy('o.name')
        .execute();
    },

    proposalsBy: (actor: Actor) => (actor.kind === 'user' ? repo.proposalsBy(actor.user.id) : []),

    /** a member's draft for one of its organisations; only staff can publish it */
    async propose(actor: Actor, input: ProposalInput): Promise<number> {
      const userId = authorId(actor);
      const mine = await this.memberships(actor);
      const org = mine.find((o) => o.slug === input.organisation);
      if (!org) throw new NewsInputError({ organisation: 'organisationRequired' });
      const categories = await repo.categories();
      const category = categories.find((c) => c.slug === 'actualites') ?? categories[0];
      if (!category) throw coreError('INTERNAL');
      return db.transaction().execute(async (trx) => {
        const r = newsRepository(trx);
        let slug = slugify(input.title);
        if (await r.slugTaken(input.locale, slug, null))
          slug = `${slug}-${randomBytes(3).toString('hex')}`;
        const id = await r.createArticle({
          category_id: category.id,
          tags: [],
          author_id: userId,
          proposed_for: org.id,
          review: 'proposed',
        });
        await r.upsertVersion(id, input.locale, {
          title: input.title,
          slug,
          summary: input.summary,
          body_md: input.body_md,
          cover_file_id: null,
          cover_alt: '',
          is_translation: false,
          state: 'draft',
          publish_at: null,
        });
        await r.setOrganisations(id, [org.id]);
        await r.addRevision({
          articleId: id,
          version: 1,
          snapshot: await articleSnapshot(r, id),
          savedBy: userId,
          note: 'proposed',
        });
        return id;
      });
    },

    async reject(actor: Actor, id: number): Promise<void> {
      requireStaff(actor);
      const article = await loadArticle(id);
      if (article.review !== 'proposed') throw coreError('CONFLICT');
      await repo.setReview(id, 'rejected');
    },

    // ── Files ───────────────────────────────────────────────────────────────────────────────

    ...newsFilesService({ repo, storage }),

    // ── Reading ─────────────────────────────────────────────────────────────────────────────

    async list(locale: NewsLocale, query: { category?: string; tag?: string; page: number }) {
      const categories = await repo.categories();
      const category = query.category
        ? categories.find((c) => c.slug === query.category)
        : undefined;
      if (query.category && !category) throw coreError('NOT_FOUND');
      const { rows, total } = await repo.published({
        locale,
        categoryIds: category ? subtreeOf(categories, category.id) : null,
        tag: query.tag?.toLowerCase() || null,
        limit: PAGE_SIZE,
        offset: (query.page - 1) * PAGE_SIZE,
      });
      const tags = await repo.tags(locale);
      return {
        rows,
        total,
        categories,
        category,
        tags,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      };
    },

    latest: (locale: NewsLocale, limit = 3) =>
      repo
        .published({ locale, categoryIds: null, tag: null, limit, offset: 0 })
        .then((r) => r.rows),

    /** a published article in one language, with what its page shows */
    async read(locale: NewsLocale, slug: string) {
      const version = await repo.publishedBySlug(locale, slug);
      if (!version) throw coreError('NOT_FOUND');
      return this.assemble(version.article_id, version);
    },

    /** the page of a version whatever its state (staff preview) */
    async preview(id: number, locale: NewsLocale) {
      const version = await repo.version(id, locale);
      if (!version) throw coreError('NOT_FOUND');
      const article = await loadArticle(id);
      return this.assemble(id, {
        ...version,
        category_id: article.category_id,
        tags: article.tags,
        is_demo: article.is_demo,
      });
    },

    async assemble(
      id: number,
      version: VersionRow & { category_id: number; tags: string[]; is_demo: boolean },
    ) {
      const [categories, versions, organisations, files, article] = await Promise.all([
        repo.categories(),
        repo.versions(id),
        repo.organisationsOf(id),
        repo.files(id),
        repo.article(id),
      ]);
      const other = versions.find((v) => v.locale !== version.locale && v.state === 'published');
      return {
        version,
        trail: trailOf(categories, version.category_id),
        other: other ? { locale: other.locale, slug: other.slug } : null,
        organisations,
        attachments: files.filter((f) => f.id !== version.cover_file_id),
        cover: files.find((f) => f.id === version.cover_file_id) ?? null,
        authorName: await repo.authorName(article?.author_id ?? null),
        isDemo: version.is_demo,
      };
    },

    async feed(locale: NewsLocale, categorySlug: string | undefined) {
      const categories = await repo.categories();
      const category = categorySlug ? categories.find((c) => c.slug === categorySlug) : undefined;
      if (categorySlug && !category) throw coreError('NOT_FOUND');
      const { rows } = await repo.published({
        locale,
        categoryIds: category ? subtreeOf(categories, category.id) : null,
        tag: null,
        limit: 30,
        offset: 0,
      });
      return { rows, category, categories };
    },

    async sitemap() {
      const [news, profiles] = await Promise.all([repo.allPublished(), repo.profiles()]);
      return { news, profiles };
    },

    lastPublicChange: () => repo.lastPublicChange(),
  };
}
