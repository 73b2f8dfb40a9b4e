import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NewsLocale } from '../db/schema.ts';
import { formValues } from '../kernel/forms.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { type Change, NewsInputError } from './articles.ts';
import { newsError } from './news.errors.ts';
import { newsPolicy as can } from './news.policy.ts';
import { articleForm } from './news.schema.ts';
import type { NewsService } from './news.service.ts';
import { articleId, editorData, localeOf, ruleErrors, zodErrors } from './news-admin.forms.ts';
import { AdminNewsPage } from './pages/AdminNewsPage.tsx';
import { ArticlePage } from './pages/ArticlePage.tsx';
import { EditorPage } from './pages/EditorPage.tsx';

type IdParams = { Params: { id: string; lang: string } };

/** The back office's list, the editor of each language, its preview and a publication's retry. */
export function newsEditingRoutes(
  app: FastifyInstance,
  deps: { news: NewsService; publicUrl: () => string },
) {
  const { news } = deps;

  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    locale: NewsLocale,
  ) {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const { data } = await editorData(news, id, locale);
    const again = (form: FormState, status: number, changes?: Change[]) =>
      reply.html(EditorPage({ ctx, data, form, changes }), status);
    const parsed = articleForm.safeParse(request.body ?? {});
    if (!parsed.success) return again({ values, errors: zodErrors(parsed.error, ctx) }, 422);
    try {
      if (id === null) {
        const created = await news.create(request.actor, locale, parsed.data);
        return reply
          .flash('newsSaved')
          .redirect(request.href(`/admin/actualites/${created}/${locale}`), 303);
      }
      await news.save(request.actor, id, locale, parsed.data);
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
        editorData(news, null, 'fr'),
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
        editorData(news, id, locale),
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
