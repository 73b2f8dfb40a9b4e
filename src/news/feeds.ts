import type { NewsLocale } from '../db/schema.ts';
import { localePath } from '../web/i18n/index.ts';
import { renderMarkdown } from './markdown.ts';
import type { PublishedRow } from './news.repository.ts';

/** Text for XML: the five special characters escaped, and characters XML 1.0 forbids removed. */
export function xml(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
  const forbidden = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
  return value
    .replace(forbidden, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Plain text where RSS readers expect HTML (an item's or the channel's `<description>`): escaped
 * for HTML first, then for XML, so that a reader shows the text as typed — a summary reading
 * `<img onerror=…>` stays those characters instead of becoming markup.
 */
function htmlText(value: string): string {
  const html = value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  return xml(html);
}

export type FeedInput = {
  locale: NewsLocale;
  title: string;
  description: string;
  publicUrl: string;
  /** the page the feed follows, and the feed's own address (paths) */
  pagePath: string;
  selfPath: string;
  rows: PublishedRow[];
};

const itemUrl = (f: FeedInput, row: PublishedRow) =>
  `${f.publicUrl}${localePath(f.locale, `/actualites/${row.slug}`)}`;

const updatedOf = (rows: PublishedRow[]) =>
  new Date(Math.max(0, ...rows.map((r) => r.updated_at.getTime())));

/**
 * RSS 2.0. The article's HTML (already through the allow-list) goes in escaped, as the
 * format wants: a reader shows it, nothing in it runs.
 */
export function rss(f: FeedInput): string {
  const items = f.rows
    .map((row) => {
      const url = itemUrl(f, row);
      return `    <item>
      <title>${xml(row.title)}</title>
      <link>${xml(url)}</link>
      <guid isPermaLink="true">${xml(url)}</guid>
      <pubDate>${(row.publish_at ?? row.updated_at).toUTCString()}</pubDate>
      <description>${htmlText(row.summary || row.title)}</description>
      <content:encoded>${xml(renderMarkdown(row.body_md, f.locale))}</content:encoded>
${row.tags.map((tag) => `      <category>${xml(tag)}</category>`).join('\n')}
    </item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${xml(f.title)}</title>
    <link>${xml(f.publicUrl + f.pagePath)}</link>
    <description>${htmlText(f.description)}</description>
    <language>${f.locale === 'fr' ? 'fr-FR' : 'en-GB'}</language>
    <atom:link href="${xml(f.publicUrl + f.selfPath)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${updatedOf(f.rows).toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

/** Atom (RFC 4287). */
export function atom(f: FeedInput): string {
  const entries = f.rows
    .map((row) => {
      const url = itemUrl(f, row);
      return `  <entry>
    <title type="text">${xml(row.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(url)}"/>
    <id>${xml(url)}</id>
    <published>${(row.publish_at ?? row.updated_at).toISOString()}</published>
    <updated>${row.updated_at.toISOString()}</updated>
    <summary type="text">${xml(row.summary || row.title)}</summary>
    <content type="html">${xml(renderMarkdown(row.body_md, f.locale))}</content>
${row.tags.map((tag) => `    <category term="${xml(tag)}"/>`).join('\n')}
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${f.locale}">
  <title type="text">${xml(f.title)}</title>
  <subtitle type="text">${xml(f.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${xml(f.publicUrl + f.pagePath)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(f.publicUrl + f.selfPath)}"/>
  <id>${xml(f.publicUrl + f.selfPath)}</id>
  <updated>${updatedOf(f.rows).toISOString()}</updated>
  <author><name>${xml(f.title)}</name></author>
${entries}
</feed>
`;
}

/** sitemap.xml with the language versions of each page (xhtml:link alternates) */
export function sitemap(
  publicUrl: string,
  entries: { paths: Partial<Record<NewsLocale, string>>; updated?: Date }[],
): string {
  const urls = entries.flatMap((e) =>
    Object.values(e.paths).map(
      (p) => `  <url>
    <loc>${xml(publicUrl + p)}</loc>
${e.updated ? `    <lastmod>${e.updated.toISOString()}</lastmod>\n` : ''}${Object.entries(e.paths)
  .map(
    ([lang, q]) =>
      `    <xhtml:link rel="alternate" hreflang="${lang}" href="${xml(publicUrl + q)}"/>`,
  )
  .join('\n')}
  </url>`,
    ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
}
