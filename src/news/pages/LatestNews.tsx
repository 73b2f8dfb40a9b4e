import type { PageContext } from '../../web/context.ts';
import { DemoBadge } from '../../web/Layout.tsx';
import { articlePath } from './common.tsx';

export type LatestNewsItem = {
  slug: string;
  locale: 'fr' | 'en';
  title: string;
  summary: string;
  publish_at: Date | null;
  is_demo: boolean;
};

/** The home page's block: the latest published news in the visitor's language. */
export function LatestNews({ ctx, items }: { ctx: PageContext; items: LatestNewsItem[] }) {
  const n = ctx.t.news;
  return (
    <section aria-labelledby="latest-news-title" className="latest-news">
      <h2 id="latest-news-title">{n.latestTitle}</h2>
      <ul className="cards">
        {items.map((item) => (
          <li key={item.slug} className="card">
            <h3>
              <a href={articlePath(item.locale, item.slug)}>{item.title}</a>
              {item.is_demo && (
                <>
                  {' '}
                  <DemoBadge ctx={ctx} />
                </>
              )}
            </h3>
            {item.publish_at && (
              <p className="meta">
                <time dateTime={item.publish_at.toISOString()}>
                  {n.publishedOn(ctx.fmt.date(item.publish_at))}
                </time>
              </p>
            )}
            {item.summary && <p>{item.summary}</p>}
          </li>
        ))}
      </ul>
      <p>
        <a href={ctx.href('/actualites')}>{n.allNews}</a>
      </p>
    </section>
  );
}
