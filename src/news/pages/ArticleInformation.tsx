import type { PageContext } from '../../web/context.ts';
import { DemoBadge } from '../../web/Layout.tsx';
import type { ArticleData } from './ArticlePage.tsx';
import { articlePath, categoryName } from './common.tsx';

/** The article's "Information" box: dates, category, author, organisations, tags, other language. */
export function ArticleInformation({ ctx, data }: { ctx: PageContext; data: ArticleData }) {
  const { t, fmt } = ctx;
  const n = t.news;
  const v = data.version;
  return (
    <aside aria-labelledby="news-information" className="card">
      <h2 id="news-information">{n.information}</h2>
      <dl className="facts">
        {v.publish_at && (
          <>
            <dt>{n.infoPublished}</dt>
            <dd>{fmt.date(v.publish_at)}</dd>
          </>
        )}
        {data.trail.length > 0 && (
          <>
            <dt>{n.infoCategory}</dt>
            <dd>{data.trail.map((c) => categoryName(ctx, c)).join(' › ')}</dd>
          </>
        )}
        {data.authorName && (
          <>
            <dt>{n.infoAuthor}</dt>
            <dd>{data.authorName}</dd>
          </>
        )}
        {data.organisations.length > 0 && (
          <>
            <dt>{n.infoOrganisations}</dt>
            <dd>
              <ul>
                {data.organisations.map((o) => (
                  <li key={o.id}>
                    <a href={ctx.href(`/annuaire/${o.slug}`)}>{o.name}</a>
                    {o.is_demo && (
                      <>
                        {' '}
                        <DemoBadge ctx={ctx} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {v.tags.length > 0 && (
          <>
            <dt>{n.infoTags}</dt>
            <dd>
              <ul className="tags">
                {v.tags.map((tag) => (
                  <li key={tag}>
                    <a href={ctx.href(`/actualites?tag=${encodeURIComponent(tag)}`)}>{tag}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {data.other && (
          <>
            <dt>{n.infoOther}</dt>
            <dd>
              <a
                href={articlePath(data.other.locale, data.other.slug)}
                hrefLang={data.other.locale}
                lang={data.other.locale}
              >
                {n.otherVersion}
              </a>
            </dd>
          </>
        )}
      </dl>
    </aside>
  );
}
