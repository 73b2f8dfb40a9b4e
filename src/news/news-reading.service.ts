import type { NewsLocale } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { articleOrNotFound } from './actors.ts';
import { PAGE_SIZE, subtreeOf, trailOf } from './articles.ts';
import type { NewsRepository, VersionRow } from './news.repository.ts';

/** Reading: lists, an article's page (published, or previewed by staff), feeds, the sitemap. */
export function newsReadingService(deps: { repo: NewsRepository }) {
  const { repo } = deps;

  /** what an article's page shows around one of its versions */
  async function assemble(
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
  }

  return {
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
      return assemble(version.article_id, version);
    },

    /** the page of a version whatever its state (staff preview) */
    async preview(id: number, locale: NewsLocale) {
      const version = await repo.version(id, locale);
      if (!version) throw coreError('NOT_FOUND');
      const article = await articleOrNotFound(repo, id);
      return assemble(id, {
        ...version,
        category_id: article.category_id,
        tags: article.tags,
        is_demo: article.is_demo,
      });
    },

    assemble,

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
