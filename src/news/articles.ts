import type { NewsLocale } from '../db/schema.ts';
import { AppError, coreError } from '../kernel/errors.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import type { CategoryRow, NewsRepository, VersionRow } from './news.repository.ts';
import type { NewsMessageKey } from './news.schema.ts';

/*
 * The rules about an article that need no service: snapshots and their differences, the
 * category tree, whether a version can go out, and the slug taken by a concurrent save.
 */
export const LOCALES: NewsLocale[] = ['fr', 'en'];
export const PAGE_SIZE = 10;

/** Field problems found by the rules (not by the form's shape): keys of `news.messages`. */
export class NewsInputError extends AppError {
  constructor(
    readonly problems: Partial<Record<string, NewsMessageKey>>,
    readonly detail: { unknownOrganisations?: string[] } = {},
  ) {
    super('VALIDATION_FAILED', coreError.table.VALIDATION_FAILED);
  }
}

export type VersionSnapshot = Pick<
  VersionRow,
  | 'title'
  | 'slug'
  | 'summary'
  | 'body_md'
  | 'cover_file_id'
  | 'cover_alt'
  | 'is_translation'
  | 'state'
> & { publish_at: string | null };

/** An article as saved at one version: what a revision keeps and what a conflict compares. */
export type Snapshot = {
  category: string;
  tags: string[];
  organisations: string[];
  versions: Partial<Record<NewsLocale, VersionSnapshot>>;
};

export type Change = { field: string; before: string; after: string };

/** The fields that differ between two snapshots, named as the editor shows them. */
export function diffSnapshots(before: Snapshot, after: Snapshot): Change[] {
  const show = (v: unknown) =>
    v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
  const out: Change[] = [];
  for (const key of ['category', 'tags', 'organisations'] as const) {
    if (show(before[key]) !== show(after[key]))
      out.push({ field: key, before: show(before[key]), after: show(after[key]) });
  }
  for (const locale of LOCALES) {
    const a = before.versions[locale];
    const b = after.versions[locale];
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    for (const k of keys) {
      const x = show(a?.[k as keyof VersionSnapshot]);
      const y = show(b?.[k as keyof VersionSnapshot]);
      if (x !== y) out.push({ field: `${locale}.${k}`, before: x, after: y });
    }
  }
  return out;
}

/** The category and its ancestors, from the root: the breadcrumb trail. */
export function trailOf(categories: CategoryRow[], id: number): CategoryRow[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const trail: CategoryRow[] = [];
  let current = byId.get(id);
  while (current && trail.length < 10) {
    trail.unshift(current);
    current = current.parent_id === null ? undefined : byId.get(current.parent_id);
  }
  return trail;
}

/** the category and every category below it */
export function subtreeOf(categories: CategoryRow[], id: number): number[] {
  const out = [id];
  for (let i = 0; i < out.length && out.length < 500; i++) {
    for (const c of categories) if (c.parent_id === out[i]) out.push(c.id);
  }
  return out;
}

/** Why a version cannot go out now; null when it can. */
export async function publicationProblem(
  repo: NewsRepository,
  storage: FileStorage,
  version: VersionRow,
): Promise<NewsMessageKey | null> {
  if (!version.title.trim()) return 'required';
  if (!version.body_md.trim()) return 'bodyRequired';
  if (version.cover_file_id !== null) {
    const file = await repo.file(version.cover_file_id);
    if (!file || !(await storage.stat(file.storage_key))) return 'coverUnknown';
    if (!version.cover_alt.trim()) return 'coverAltRequired';
  }
  return null;
}

/** The article as it is saved now: what a revision keeps. */
export async function articleSnapshot(r: NewsRepository, articleId: number): Promise<Snapshot> {
  const [article, versions, orgs, categories] = await Promise.all([
    r.article(articleId),
    r.versions(articleId),
    r.organisationsOf(articleId),
    r.categories(),
  ]);
  if (!article) throw coreError('NOT_FOUND');
  const out: Snapshot = {
    category: categories.find((c) => c.id === article.category_id)?.slug ?? '',
    tags: article.tags,
    organisations: orgs.map((o) => o.slug),
    versions: {},
  };
  for (const v of versions) {
    out.versions[v.locale] = {
      title: v.title,
      slug: v.slug,
      summary: v.summary,
      body_md: v.body_md,
      cover_file_id: v.cover_file_id,
      cover_alt: v.cover_alt,
      is_translation: v.is_translation,
      state: v.state,
      publish_at: v.publish_at ? v.publish_at.toISOString() : null,
    };
  }
  return out;
}

/** whether the unique index of slugs refused a write: a concurrent save took the slug first */
export function isSlugCollision(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === 'news_versions_slug_key';
}

/** Two saves of the same slug at once: the unique index answers for the one that came second. */
export async function slugRace<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isSlugCollision(error)) throw new NewsInputError({ slug: 'slugTaken' });
    throw error;
  }
}
