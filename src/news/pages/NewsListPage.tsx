import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import { trailOf } from '../articles.ts';
import type { CategoryRow, PublishedRow } from '../news.repository.ts';
import { articlePath, categoryName, feedPaths } from './common.tsx';

export type NewsListData = {
  rows: PublishedRow[];
  total: number;
  pages: number;
  page: number;
  categories: CategoryRow[];
  category: CategoryRow | undefined;
  tag: string | undefined;
  tags: { tag: string; n: number }[];
};

function listPath(query: { category?: string; tag?: string; page?: number }): string {
  const params = new URLSearchParams();
  if (query.category) params.set('categorie', query.category);
  if (query.tag) params.set('tag', query.tag);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const s = params.toString();
  return `/actualites${s ? `?${s}` : ''}`;
}

/** the page's articles, or why there are none */
function NewsRows({ ctx, data }: { ctx: PageContext; data: NewsListData }) {
  const { t, fmt } = ctx;
  const n = t.news;
  if (data.rows.length === 0) return <p>{data.category || data.tag ? n.emptyFiltered : n.empty}</p>;
  return (
    <ul className="org-list news-list">
      {data.rows.map((row) => (
        <li key={row.article_id} className="org">
          <h2>
            <a href={articlePath(ctx.locale, row.slug)}>{row.title}</a>
            {row.is_demo && (
              <>
                {' '}
                <DemoBadge ctx={ctx} />
              </>
            )}
          </h2>
          <p className="meta">
            {row.publish_at && (
              <time dateTime={row.publish_at.toISOString()}>
                {n.publishedOn(fmt.date(row.publish_at))}
              </time>
            )}
            {' · '}
            {trailOf(data.categories, row.category_id)
              .map((c) => categoryName(ctx, c))
              .join(' › ')}
          </p>
          {row.summary && <p>{row.summary}</p>}
          {row.tags.length > 0 && (
            <ul className="tags" aria-label={n.tags}>
              {row.tags.map((tag) => (
                <li key={tag}>
                  <a href={ctx.href(listPath({ tag }))}>{tag}</a>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

/** previous and next pages, when there is more than one */
function Pagination({ ctx, data }: { ctx: PageContext; data: NewsListData }) {
  const n = ctx.t.news;
  const here = { category: data.category?.slug, tag: data.tag };
  if (data.pages <= 1) return null;
  return (
    <nav aria-label={n.pagination} className="pagination">
      {data.page > 1 && (
        <a rel="prev" href={ctx.href(listPath({ ...here, page: data.page - 1 }))}>
          {n.prev}
        </a>
      )}
      <span>{n.pageOf(data.page, data.pages)}</span>
      {data.page < data.pages && (
        <a rel="next" href={ctx.href(listPath({ ...here, page: data.page + 1 }))}>
          {n.next}
        </a>
      )}
    </nav>
  );
}

/** the tags in use, and the feeds */
function TagsAndFeeds({ ctx, data }: { ctx: PageContext; data: NewsListData }) {
  const n = ctx.t.news;
  const feeds = feedPaths(ctx.locale, data.category?.slug);
  return (
    <>
      {data.tags.length > 0 && (
        <section aria-labelledby="news-tags">
          <h2 id="news-tags">{n.tags}</h2>
          <ul className="tags">
            {data.tags.map((x) => (
              <li key={x.tag}>
                <a href={ctx.href(listPath({ category: data.category?.slug, tag: x.tag }))}>
                  {x.tag} ({x.n})
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="news-feeds">
        <h2 id="news-feeds">{n.feeds}</h2>
        <ul>
          <li>
            <a href={feeds.rss} type="application/rss+xml">
              {n.rss}
            </a>
          </li>
          <li>
            <a href={feeds.atom} type="application/atom+xml">
              {n.atom}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

export function NewsListPage({
  ctx,
  data,
  publicUrl,
}: {
  ctx: PageContext;
  data: NewsListData;
  publicUrl: string;
}) {
  const { t } = ctx;
  const n = t.news;
  const feeds = feedPaths(ctx.locale, data.category?.slug);
  const trail = data.category ? trailOf(data.categories, data.category.id) : [];
  const here = { category: data.category?.slug, tag: data.tag };
  const feedTitle = n.feedTitle(
    ctx.hub.name,
    data.category ? categoryName(ctx, data.category) : undefined,
  );
  return (
    <Layout
      ctx={ctx}
      title={data.category ? categoryName(ctx, data.category) : n.title}
      breadcrumbs={[
        { label: t.publicSpace, href: '/' },
        ...(trail.length > 0
          ? trail.map((c) => ({
              label: categoryName(ctx, c),
              href: listPath({ category: c.slug }),
            }))
          : [{ label: n.title }]),
      ]}
      head={
        <>
          <link
            rel="canonical"
            href={`${publicUrl}${ctx.href(listPath({ ...here, page: data.page }))}`}
          />
          <link
            rel="alternate"
            type="application/rss+xml"
            title={`${feedTitle} (RSS)`}
            href={feeds.rss}
          />
          <link
            rel="alternate"
            type="application/atom+xml"
            title={`${feedTitle} (Atom)`}
            href={feeds.atom}
          />
          <meta name="description" content={n.intro} />
        </>
      }
    >
      <h1>{data.category ? categoryName(ctx, data.category) : n.title}</h1>
      <p className="lead">{n.intro}</p>
      {ctx.user && (
        <p>
          <a href={ctx.href('/actualites/proposer')}>{n.propose.title}</a>
        </p>
      )}
      <form method="get" action={ctx.href('/actualites')} className="search-row">
        <div className="field">
          <label htmlFor="news-category">{n.category}</label>
          <select id="news-category" name="categorie" defaultValue={data.category?.slug ?? ''}>
            <option value="">{n.allCategories}</option>
            {data.categories.map((c) => (
              <option key={c.id} value={c.slug}>
                {trailOf(data.categories, c.id)
                  .map((x) => categoryName(ctx, x))
                  .join(' › ')}
              </option>
            ))}
          </select>
        </div>
        {data.tag && <input type="hidden" name="tag" value={data.tag} />}
        <button type="submit">{n.filter}</button>
      </form>
      {(data.category || data.tag) && (
        <p>
          {data.tag && <span>{n.taggedWith(data.tag)} — </span>}
          <a href={ctx.href('/actualites')}>{n.clearFilters}</a>
        </p>
      )}
      <p className="count" role="status">
        {n.count(data.total)}
      </p>
      <NewsRows ctx={ctx} data={data} />
      <Pagination ctx={ctx} data={data} />
      <TagsAndFeeds ctx={ctx} data={data} />
    </Layout>
  );
}
