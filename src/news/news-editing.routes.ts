import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NewsLocale } from '../db/schema.ts';
import { formValues } from '../kernel/forms.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { type Change, NewsInputError } from './articles.ts';
import { newsError } from './news.errors.ts';
import type { NewsPicker } from './news.organisations.ts';
import { newsPolicy as can } from './news.policy.ts';
import { articleForm } from './news.schema.ts';
import type { NewsService } from './news.service.ts';
import {
  articleId,
  editorData,
  localeOf,
  pickedIds,
  ruleErrors,
  zodErrors,
} from './news-admin.forms.ts';
import { AdminNewsPage } from './pages/AdminNewsPage.tsx';
import { ArticlePage } from './pages/ArticlePage.tsx';
import { EditorPage } from './pages/EditorPage.tsx';

type IdParams = { Params: { id: string; lang: string } };

/** The back office's list, the editor of each language, its preview and a publication's retry. */
export function newsEditingRoutes(
  app: FastifyInstance,
  deps: { news: NewsService; publicUrl: () => string; picker: NewsPicker },
) {
  const { news, picker } = deps;

  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    locale: NewsLocale,
  ) {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const body = (request.body ?? {}) as Record<string, unknown>;
    // the organisations' picker: what is ticked, and a search asked (its button, or text left in
    // its box when saving: the matches are shown to be ticked, nothing is saved)
    const query = String(body.organisations_q ?? '')
      .trim()
      .slice(0, 200);
    const asked = body.action === 'search-organisations';
    const state = { ids: pickedIds(body.organisations_id), query, search: asked || query !== '' };
    const { data } = await editorData(news, id, locale, picker, state);
    const again = (form: FormState, status: number, changes?: Change[]) =>
      reply.html(EditorPage({ ctx, data, form, changes }), status);
    if (asked) return again({ values, errors: {} }, 200);
    if (query !== '') {
      return again({ values, errors: { organisations_q: ctx.t.news.editor.pickFirst } }, 422);
    }
    const parsed = articleForm.safeParse(body);
    if (!parsed.success) return again({ values, errors: zodErrors(parsed.error, ctx) }, 422);
    const input = {
      ...parsed.data,
      organisations: [
        ...new Set([...data.organisations.chosen.map((o) => o.slug), ...parsed.data.organisations]),
      ],
    };
    try {
      if (id === null) {
        const created = await news.create(request.actor, locale, input);
        return reply
          .flash('newsSaved')
          .redirect(request.href(`/admin/actualites/${created}/${locale}`), 303);
      }
      await news.save(request.actor, id, locale, input);
      return reply
        .flash('newsSaved')
        .redirect(request.href(`/admin/actualites/${id}/${locale}`), 303);
    } catch (error) {
      if (error instanceof NewsInputError)
        return again({ values, errors: ruleErrors(error, ctx) }, 422);
      if (newsError.is(error, 'STALE_VERSION') && id !== null) {
        const changes = await news.changesSince(id, parsed.data.version);
        return again({ values, errors: {} }, 409, changes);
      }
      throw error;
    }
  }

  app.get<{ Querystring: { propositions?: string } }>(
    '/admin/actualites',
    { config: { access: can.write } },
    async (request, reply) => {
      const proposals = request.query?.propositions === '1';
      const [ctx, list] = await Promise.all([request.pageContext(), news.adminList({ proposals })]);
      return reply.html(AdminNewsPage({ ctx, ...list, proposals }));
    },
  );

  app.get(
    '/admin/actualites/nouveau',
    { config: { access: can.write } },
    async (request, reply) => {
      const [ctx, { data, values }] = await Promise.all([
        request.pageContext(),
        editorData(news, null, 'fr', picker),
      ]);
      return reply.html(EditorPage({ ctx, data, form: emptyForm(values) }));
    },
  );

  app.post('/admin/actualites/nouveau', { config: { access: can.write } }, (request, reply) =>
    save(request, reply, null, 'fr'),
  );

  app.get<IdParams>(
    '/admin/actualites/:id/:lang',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const locale = localeOf(request.params.lang);
      const [ctx, { data, values }] = await Promise.all([
        request.pageContext(),
        editorData(news, id, locale, picker),
      ]);
      return reply.html(EditorPage({ ctx, data, form: emptyForm(values) }));
    },
  );

  app.post<IdParams>(
    '/admin/actualites/:id/:lang',
    { config: { access: can.write } },
    (request, reply) =>
      save(request, reply, articleId(request.params.id), localeOf(request.params.lang)),
  );

  app.get<IdParams>(
    '/admin/actualites/:id/:lang/apercu',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const locale = localeOf(request.params.lang);
      const [ctx, data] = await Promise.all([request.pageContext(), news.preview(id, locale)]);
      return reply.html(ArticlePage({ ctx, data, publicUrl: deps.publicUrl(), preview: true }));
    },
  );

  app.post<IdParams>(
    '/admin/actualites/:id/:lang/reessayer',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const locale = localeOf(request.params.lang);
      await news.retry(request.actor, id, locale);
      return reply
        .flash('newsRetried')
        .redirect(request.href(`/admin/actualites/${id}/${locale}`), 303);
    },
  );
}
