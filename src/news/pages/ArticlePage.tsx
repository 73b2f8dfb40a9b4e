import type { PageContext } from '../../web/context.ts';
import { Notice } from '../../web/forms.tsx';
import { frenchSpacing } from '../../web/i18n/typography.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import { renderMarkdown } from '../markdown.ts';
import type { NewsService } from '../news.service.ts';
import { ArticleInformation } from './ArticleInformation.tsx';
import { articlePath, categoryName, feedPaths, fileKind, filePath, jsonLd } from './common.tsx';

export type ArticleData = Awaited<ReturnType<NewsService['read']>>;

/** where the article lives, absolute, and the addresses its head names */
function addresses(data: ArticleData, publicUrl: string) {
  const v = data.version;
  const url = `${publicUrl}${articlePath(v.locale, v.slug)}`;
  const otherUrl = data.other
    ? `${publicUrl}${articlePath(data.other.locale, data.other.slug)}`
    : undefined;
  // absolute, as search engines want them (the Layout writes the hreflang links from these)
  const alternates: Record<string, string> = {
    [v.locale]: url,
    ...(data.other && otherUrl ? { [data.other.locale]: otherUrl } : {}),
  };
  const section = data.trail.at(-1);
  return {
    url,
    otherUrl,
    alternates,
    section,
    feeds: feedPaths(v.locale, section?.slug),
    cover: data.cover ? `${publicUrl}${filePath(data.cover)}` : undefined,
    description: v.summary || v.title,
  };
}

/** the schema.org `NewsArticle` the page carries */
function articleLd(ctx: PageContext, data: ArticleData, publicUrl: string) {
  const v = data.version;
  const { url, otherUrl, section, cover, description } = addresses(data, publicUrl);
  return {
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
    ...(v.is_translation && data.other ? { translationOfWork: { '@id': otherUrl } } : {}),
    about: data.organisations.map((o) => ({
      '@type': 'Organization',
      name: o.name,
      url: `${publicUrl}${ctx.href(`/annuaire/${o.slug}`)}`,
    })),
  };
}

/** what the page's head says of it: canonical, Open Graph, Twitter card, feeds, schema.org */
function ArticleHead({
  ctx,
  data,
  publicUrl,
  preview,
}: {
  ctx: PageContext;
  data: ArticleData;
  publicUrl: string;
  preview: boolean;
}) {
  const n = ctx.t.news;
  const v = data.version;
  const { url, alternates, feeds, cover, description } = addresses(data, publicUrl);
  const ld = jsonLd(articleLd(ctx, data, publicUrl));
  return (
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
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: ld }} />
    </>
  );
}

/** the files attached to the article, apart from its cover */
function ArticleResources({ ctx, data }: { ctx: PageContext; data: ArticleData }) {
  const n = ctx.t.news;
  return (
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
  );
}

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
  // the title and lead in the article's language, with its typography (the body's is the renderer's)
  const typeset = (text: string) => (v.locale === 'fr' ? frenchSpacing(text) : text);
  return (
    <Layout
      ctx={ctx}
      title={v.title}
      alternates={addresses(data, publicUrl).alternates}
      breadcrumbs={[
        { label: t.publicSpace, href: '/' },
        ...data.trail.map((c) => ({
          label: categoryName(ctx, c),
          href: `/actualites?categorie=${c.slug}`,
        })),
        { label: v.title },
      ]}
      head={<ArticleHead ctx={ctx} data={data} publicUrl={publicUrl} preview={preview} />}
    >
      {preview && <Notice>{n.preview}</Notice>}
      <article className="news-article" lang={v.locale}>
        <h1>
          {typeset(v.title)}
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
        {v.summary && <p className="lead">{typeset(v.summary)}</p>}
        {data.cover && (
          <figure>
            <img src={filePath(data.cover)} alt={v.cover_alt} />
          </figure>
        )}
        <div
          className="news-body"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: Markdown rendered through an allow-list (renderMarkdown)
          dangerouslySetInnerHTML={{ __html: renderMarkdown(v.body_md, v.locale) }}
        />
      </article>
      {data.attachments.length > 0 && <ArticleResources ctx={ctx} data={data} />}
      <ArticleInformation ctx={ctx} data={data} />
    </Layout>
  );
}
