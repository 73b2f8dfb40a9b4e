import type { FastifyInstance } from 'fastify';
import { coreError } from '../kernel/errors.ts';
import { newsPolicy as can } from './news.policy.ts';
import type { NewsService } from './news.service.ts';
import { articleId } from './news-admin.forms.ts';
import { RevisionPage, RevisionsPage } from './pages/RevisionsPage.tsx';

/** An article's revisions: the list, one of them, and bringing one back. */
export function newsRevisionsRoutes(app: FastifyInstance, deps: { news: NewsService }) {
  const { news } = deps;

  app.get<{ Params: { id: string } }>(
    '/admin/actualites/:id/revisions',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const [ctx, loaded, revisions] = await Promise.all([
        request.pageContext(),
        news.forEditing(id),
        news.revisions(id),
      ]);
      const title = loaded.versions[0]?.title ?? String(id);
      return reply.html(
        RevisionsPage({ ctx, id, title, current: loaded.article.version, revisions }),
      );
    },
  );

  app.get<{ Params: { id: string; version: string } }>(
    '/admin/actualites/:id/revisions/:version',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const [ctx, loaded, revision] = await Promise.all([
        request.pageContext(),
        news.forEditing(id),
        news.revision(id, Number(request.params.version)),
      ]);
      return reply.html(RevisionPage({ ctx, id, revision, current: loaded.article.version }));
    },
  );

  app.post<{ Params: { id: string; version: string } }>(
    '/admin/actualites/:id/revisions/:version/restaurer',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const expected = Number((request.body as { version?: string } | undefined)?.version);
      if (!Number.isSafeInteger(expected)) throw coreError('BAD_REQUEST');
      await news.restore(request.actor, id, Number(request.params.version), expected);
      return reply
        .flash('newsRestored')
        .redirect(request.href(`/admin/actualites/${id}/revisions`), 303);
    },
  );
}
