import type { NewsLocale } from '../../db/schema.ts';
import { slugify } from '../../kernel/slug.ts';
import type { PageContext } from '../../web/context.ts';
import { localePath } from '../../web/i18n/index.ts';
import type { CategoryRow, FileRow } from '../news.repository.ts';

export function articlePath(locale: NewsLocale, slug: string): string {
  return localePath(locale, `/actualites/${slug}`);
}

/**
 * A file's address: found by its id; the name after it is for people and for the browser's
 * "save as" (the real name comes in Content-Disposition), kept short and plain, since a router
 * refuses a segment of more than 100 characters (a long name made the file unreachable).
 */
export function filePath(file: Pick<FileRow, 'id' | 'file_name'>): string {
  return `/actualites/fichiers/${file.id}/${fileUrlName(file.file_name)}`;
}

export function fileUrlName(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const base = slugify(dot > 0 ? name.slice(0, dot) : name);
  return /^[a-z0-9]{1,8}$/.test(extension) ? `${base}.${extension}` : base;
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
