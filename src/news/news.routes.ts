import type { FastifyInstance } from 'fastify';
import type { NewsLocale } from '../db/schema.ts';
import { answerHeldFile, contentDisposition } from '../kernel/download.ts';
import { coreError } from '../kernel/errors.ts';
import { localePath } from '../web/i18n/index.ts';
import { atom, rss, sitemap } from './feeds.ts';
import { sendCached, sendPage } from './http-cache.ts';
import { newsPolicy as can } from './news.policy.ts';
import { listQuery } from './news.schema.ts';
import type { NewsService } from './news.service.ts';
import { ArticlePage } from './pages/ArticlePage.tsx';
import { categoryName } from './pages/common.tsx';
import { NewsListPage } from './pages/NewsListPage.tsx';

/** Reading: the list, articles, their files, feeds, and the site's sitemap and robots.txt. */
/** the sitemap lists the articles, the profiles and the events */
const SITEMAP_TOPICS = ['directory', 'news', 'events', 'people'] as const;
const LIST = { access: can.read, cache: { topics: ['news', 'directory'] } } as const;

export function newsRoutes(
  app: FastifyInstance,
  deps: { news: NewsService; publicUrl: () => string },
) {
  const { news, publicUrl } = deps;
  const lang = (l: string): NewsLocale => (l === 'en' ? 'en' : 'fr');

  app.get('/actualites', { config: LIST }, async (request, reply) => {
    const query = listQuery.parse(request.query ?? {});
    const [ctx, list] = await Promise.all([
      request.pageContext(),
      news.list(lang(request.locale), {
        category: query.categorie,
        tag: query.tag,
        page: query.page,
      }),
    ]);
    return sendPage(
      request,
      reply,
      NewsListPage({
        ctx,
        publicUrl: publicUrl(),
        data: { ...list, page: Math.min(query.page, list.pages), tag: query.tag },
      }),
    );
  });

  for (const format of ['rss', 'atom'] as const) {
    app.get(`/actualites/flux.${format}`, { config: LIST }, async (request, reply) => {
      const query = listQuery.parse(request.query ?? {});
      const locale = lang(request.locale);
      const [ctx, feed] = await Promise.all([
        request.pageContext(),
        news.feed(locale, query.categorie),
      ]);
      const q = feed.category ? `?categorie=${feed.category.slug}` : '';
      const input = {
        locale,
        title: ctx.t.news.feedTitle(
          ctx.hub.name,
          feed.category ? categoryName(ctx, feed.category) : undefined,
        ),
        description: ctx.t.news.intro,
        publicUrl: publicUrl(),
        pagePath: localePath(locale, `/actualites${q}`),
        selfPath: localePath(locale, `/actualites/flux.${format}${q}`),
        rows: feed.rows,
      };
      return format === 'rss'
        ? sendCached(request, reply, rss(input), 'application/rss+xml; charset=utf-8')
        : sendCached(request, reply, atom(input), 'application/atom+xml; charset=utf-8');
    });
  }

  app.get<{ Params: { slug: string } }>(
    '/actualites/:slug',
    { config: { access: can.read, cache: { topics: ['news', 'directory', 'people'] } } },
    async (request, reply) => {
      const slug = request.params.slug;
      if (!/^[a-z0-9-]{1,100}$/.test(slug)) throw coreError('NOT_FOUND');
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        news.read(lang(request.locale), slug),
      ]);
      return sendPage(request, reply, ArticlePage({ ctx, data, publicUrl: publicUrl() }));
    },
  );

  fileRoute(app, news);

  app.get(
    '/sitemap.xml',
    { config: { access: can.read, cache: { topics: SITEMAP_TOPICS } } },
    async (request, reply) => {
      const { news: versions, profiles } = await news.sitemap();
      const byArticle = new Map<
        number,
        { paths: Partial<Record<NewsLocale, string>>; updated?: Date }
      >();
      for (const v of versions) {
        const entry = byArticle.get(v.article_id) ?? { paths: {} };
        entry.paths[v.locale] = localePath(v.locale, `/actualites/${v.slug}`);
        if (!entry.updated || v.updated_at > entry.updated) entry.updated = v.updated_at;
        byArticle.set(v.article_id, entry);
      }
      const both = (p: string) => ({ fr: p, en: localePath('en', p) });
      const entries = [
        { paths: both('/') },
        { paths: both('/annuaire') },
        { paths: both('/actualites') },
        ...byArticle.values(),
        ...profiles.map((p) => ({ paths: both(`/annuaire/${p.slug}`), updated: p.updated_at })),
      ];
      return sendCached(
        request,
        reply,
        sitemap(publicUrl(), entries),
        'application/xml; charset=utf-8',
      );
    },
  );

  app.get('/robots.txt', { config: { access: can.read } }, async (request, reply) => {
    const lines = [
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /en/admin',
      'Disallow: /compte',
      'Disallow: /en/compte',
      'Disallow: /en/account',
      'Disallow: /api/',
      '',
      `Sitemap: ${publicUrl()}/sitemap.xml`,
      '',
    ];
    return sendCached(request, reply, lines.join('\n'), 'text/plain; charset=utf-8');
  });
}

/** an article's attached file, as stored: public once a version of its article is */
function fileRoute(app: FastifyInstance, news: NewsService) {
  app.get<{ Params: { id: string; name: string } }>(
    '/actualites/fichiers/:id/:name',
    { config: { access: can.download } },
    async (request, reply) => {
      const { file, stream, published } = await news.download(
        request.actor,
        Number(request.params.id),
      );
      const etag = `"file-${file.id}"`;
      const cacheControl = published ? 'public, max-age=3600' : 'private, no-store';
      // its bytes never change under its number: a browser holding it gets a 304
      const held = published && answerHeldFile(request, reply, { etag, cacheControl, stream });
      if (held) return held;
      const inline =
        file.content_type === 'application/pdf' || file.content_type.startsWith('image/');
      return reply
        .type(file.content_type)
        .header('content-length', String(file.bytes))
        .header(
          'content-disposition',
          contentDisposition(file.file_name, inline ? 'inline' : 'attachment'),
        )
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-security-policy',
          "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        )
        .header('cache-control', cacheControl)
        .header('etag', etag)
        .send(stream);
    },
  );
}
