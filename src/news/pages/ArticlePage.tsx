import type { PageContext } from '../../web/context.ts';
import { Notice } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import { renderMarkdown } from '../markdown.ts';
import type { NewsService } from '../news.service.ts';
import { articlePath, categoryName, feedPaths, fileKind, filePath, jsonLd } from './common.tsx';

export type ArticleData = Awaited<ReturnType<NewsService['read']>>;

export function ArticlePage({
  ctx,
  data,
  publicUrl,
  preview = false,
}: {
  ctx: PageContext;
  data: ArticleData;
  publicUrl: string;
  preview?: boolean;
}) {
  const { t, fmt } = ctx;
  const n = t.news;
  const v = data.version;
  const here = articlePath(v.locale, v.slug);
  const url = `${publicUrl}${here}`;
  // absolute, as search engines want them (the Layout writes the hreflang links from these)
  const alternates = {
    [v.locale]: url,
    ...(data.other
      ? { [data.other.locale]: `${publicUrl}${articlePath(data.other.locale, data.other.slug)}` }
      : {}),
  };
  const section = data.trail.at(-1);
  const feeds = feedPaths(v.locale, section?.slug);
  const cover = data.cover ? `${publicUrl}${filePath(data.cover)}` : undefined;
  const description = v.summary || v.title;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: v.title,
    description,
    inLanguage: v.locale,
    url,
    mainEntityOfPage: url,
    datePublished: v.publish_at?.toISOString(),
    dateModified: v.updated_at.toISOString(),
    ...(cover ? { image: [cover] } : {}),
    ...(data.authorName ? { author: { '@type': 'Person', name: data.authorName } } : {}),
    publisher: { '@type': 'Organization', name: ctx.hub.name, url: publicUrl },
    articleSection: section ? categoryName(ctx, section) : undefined,
    keywords: v.tags.length > 0 ? v.tags.join(', ') : undefined,
    ...(v.is_translation && data.other
      ? {
          translationOfWork: {
            '@id': `${publicUrl}${articlePath(data.other.locale, data.other.slug)}`,
          },
        }
      : {}),
    about: data.organisations.map((o) => ({
      '@type': 'Organization',
      name: o.name,
      url: `${publicUrl}${ctx.href(`/annuaire/${o.slug}`)}`,
    })),
  };
  return (
    <Layout
      ctx={ctx}
      title={v.title}
      alternates={alternates}
      breadcrumbs={[
        { label: t.publicSpace, href: '/' },
        ...data.trail.map((c) => ({
          label: categoryName(ctx, c),
          href: `/actualites?categorie=${c.slug}`,
        })),
        { label: v.title },
      ]}
      head={
        <>
          <link rel="canonical" href={url} />
          <link rel="alternate" hrefLang="x-default" href={alternates.fr ?? url} />
          <meta name="description" content={description.slice(0, 300)} />
          {preview && <meta name="robots" content="noindex" />}
          <meta property="og:type" content="article" />
          <meta property="og:title" content={v.title} />
          <meta property="og:description" content={description.slice(0, 300)} />
          <meta property="og:url" content={url} />
          <meta property="og:site_name" content={ctx.hub.name} />
          <meta property="og:locale" content={v.locale === 'fr' ? 'fr_FR' : 'en_GB'} />
          {v.publish_at && (
            <meta property="article:published_time" content={v.publish_at.toISOString()} />
          )}
          {cover && <meta property="og:image" content={cover} />}
          {cover && <meta property="og:image:alt" content={v.cover_alt} />}
          <meta name="twitter:card" content={cover ? 'summary_large_image' : 'summary'} />
          <meta name="twitter:title" content={v.title} />
          <meta name="twitter:description" content={description.slice(0, 200)} />
          {cover && <meta name="twitter:image" content={cover} />}
          <link rel="alternate" type="application/rss+xml" title={`${n.rss}`} href={feeds.rss} />
          <link rel="alternate" type="application/atom+xml" title={`${n.atom}`} href={feeds.atom} />
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: JSON data block, `<` escaped by jsonLd */}
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(ld) }} />
        </>
      }
    >
      {preview && <Notice>{n.preview}</Notice>}
      <article className="news-article" lang={v.locale}>
        <h1>
          {v.title}
          {data.isDemo && (
            <>
              {' '}
              <DemoBadge ctx={ctx} />
            </>
          )}
        </h1>
        <p className="meta">
          {v.publish_at && (
            <time dateTime={v.publish_at.toISOString()}>
              {n.publishedOn(fmt.date(v.publish_at))}
            </time>
          )}
        </p>
        {v.is_translation && <p className="badge-line">{n.translation}</p>}
        {v.summary && <p className="lead">{v.summary}</p>}
        {data.cover && (
          <figure>
            <img src={filePath(data.cover)} alt={v.cover_alt} />
          </figure>
        )}
        <div
          className="news-body"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: Markdown rendered through an allow-list (renderMarkdown)
          dangerouslySetInnerHTML={{ __html: renderMarkdown(v.body_md) }}
        />
      </article>
      {data.attachments.length > 0 && (
        <section aria-labelledby="news-resources" className="card">
          <h2 id="news-resources">{n.resources}</h2>
          <ul>
            {data.attachments.map((f) => (
              <li key={f.id}>
                <a href={filePath(f)} download={f.file_name}>
                  {ctx.locale === 'en' ? f.title_en : f.title_fr}
                </a>{' '}
                ({n.download(fileKind(ctx, f.content_type), n.bytes(f.bytes))})
              </li>
            ))}
          </ul>
        </section>
      )}
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
    </Layout>
  );
}
