import type { NewsLocale } from '../../db/schema.ts';
import type { PageContext } from '../../web/context.ts';
import { localePath } from '../../web/i18n/index.ts';
import type { CategoryRow, FileRow } from '../news.repository.ts';

export function articlePath(locale: NewsLocale, slug: string): string {
  return localePath(locale, `/actualites/${slug}`);
}

export function filePath(file: Pick<FileRow, 'id' | 'file_name'>): string {
  return `/actualites/fichiers/${file.id}/${encodeURIComponent(file.file_name)}`;
}

export function categoryName(ctx: PageContext, c: CategoryRow): string {
  return ctx.locale === 'en' ? c.name_en : c.name_fr;
}

export function fileKind(ctx: PageContext, contentType: string): string {
  const k = ctx.t.news.fileTypes;
  if (contentType === 'application/pdf') return k.pdf;
  if (contentType.startsWith('image/')) return k.image;
  return k.document;
}

/** a JSON data block for <script type="application/ld+json">: "<" escaped so it cannot close it */
export function jsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** the feed addresses of the news in one language, optionally of one section */
export function feedPaths(locale: NewsLocale, category?: string) {
  const q = category ? `?categorie=${encodeURIComponent(category)}` : '';
  return {
    rss: localePath(locale, `/actualites/flux.rss${q}`),
    atom: localePath(locale, `/actualites/flux.atom${q}`),
  };
}
