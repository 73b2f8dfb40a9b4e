import type { z } from 'zod';
import type { NewsLocale } from '../db/schema.ts';
import { coreError, type FieldErrors } from '../kernel/errors.ts';
import { fieldMessages } from '../kernel/forms.ts';
import type { PageContext } from '../web/context.ts';
import type { NewsInputError } from './articles.ts';
import type { NewsPicker } from './news.organisations.ts';
import type { NewsMessageKey } from './news.schema.ts';
import type { NewsService } from './news.service.ts';
import { type EditorData, editorValues } from './pages/EditorPage.tsx';

/** What the back office's routes share: reading the address, the messages of a form, the editor. */

/** the form's problems, in the visitor's language */
export function zodErrors(error: z.ZodError, ctx: PageContext): FieldErrors {
  const messages = ctx.t.news.messages;
  return fieldMessages(error.issues, messages, messages.required);
}

/** the problems the rules found, in the visitor's language */
export function ruleErrors(error: NewsInputError, ctx: PageContext): FieldErrors {
  const messages = ctx.t.news.messages;
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(error.problems)) {
    if (!key) continue;
    out[field] =
      key === 'organisationsUnknown'
        ? `${messages[key]} ${ctx.t.news.unknownOrganisations((error.detail.unknownOrganisations ?? []).join(', '))}`
        : messages[key as NewsMessageKey];
  }
  return out;
}

/** an article's id from the address, NOT_FOUND when it cannot be one */
export function articleId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

/** a language from the address, NOT_FOUND for any other */
export function localeOf(raw: string): NewsLocale {
  if (raw !== 'fr' && raw !== 'en') throw coreError('NOT_FOUND');
  return raw;
}

/** the ids a picker's checkboxes sent (none, one or several) */
export function pickedIds(raw: unknown): string[] {
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return all.filter((v): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v));
}

/** the picker as a sent form left it: its ticked ids, its text, and whether to search it */
export type PickerState = { ids: string[]; query: string; search: boolean };

/**
 * What the editor of one language shows, and its form's values as saved. The organisations' picker
 * shows those linked, or (`state`) what the form sent.
 */
export async function editorData(
  news: NewsService,
  id: number | null,
  locale: NewsLocale,
  picker: NewsPicker,
  state?: PickerState,
) {
  const [categories, loaded] = await Promise.all([
    news.categories(),
    id === null ? null : news.forEditing(id),
  ]);
  const choose = (ids: string[]) =>
    state ? picker.pick(state.ids, state.query, state.search) : picker.pick(ids, '', false);
  if (id === null || loaded === null) {
    const data: EditorData = {
      id: null,
      locale,
      version: 0,
      categories,
      files: [],
      versions: [],
      job: undefined,
      review: null,
      organisations: await choose([]),
    };
    return {
      data,
      values: editorValues({
        version: 0,
        v: undefined,
        category: 'actualites',
        tags: [],
        organisations: [],
      }),
    };
  }
  const data: EditorData = {
    id,
    locale,
    version: loaded.article.version,
    categories,
    files: loaded.files,
    versions: loaded.versions,
    job: loaded.jobs.find((j) => j.locale === locale),
    review: loaded.article.review,
    organisations: await choose(loaded.organisations.map((o) => o.id)),
  };
  const other = loaded.versions.find((v) => v.locale !== locale);
  const mine = loaded.versions.find((v) => v.locale === locale);
  const values = editorValues({
    version: loaded.article.version,
    v: mine,
    category: categories.find((c) => c.id === loaded.article.category_id)?.slug ?? '',
    tags: loaded.article.tags,
    organisations: loaded.organisations.map((o) => o.slug),
  });
  // a new language starts as a translation of the other one, marked as such
  if (!mine && other) values.is_translation = '1';
  return { data, values };
}
