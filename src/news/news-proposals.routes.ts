import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formValues } from '../kernel/forms.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { NewsInputError } from './articles.ts';
import { newsPolicy as can } from './news.policy.ts';
import { proposalForm } from './news.schema.ts';
import type { NewsService } from './news.service.ts';
import { articleId, ruleErrors, zodErrors } from './news-admin.forms.ts';
import { ProposePage } from './pages/ProposePage.tsx';

/** Members propose a draft for their organisation; staff decline it (or publish it as any other). */
export function newsProposalsRoutes(app: FastifyInstance, deps: { news: NewsService }) {
  const { news } = deps;

  async function proposePage(request: FastifyRequest, form: FormState) {
    const [ctx, organisations, mine] = await Promise.all([
      request.pageContext(),
      news.memberships(request.actor),
      news.proposalsBy(request.actor),
    ]);
    return { ctx, organisations, mine, form };
  }

  app.get('/actualites/proposer', { config: { access: can.propose } }, async (request, reply) => {
    return reply.html(ProposePage(await proposePage(request, emptyForm())));
  });

  app.post('/actualites/proposer', { config: { access: can.propose } }, async (request, reply) => {
    const values = formValues(request.body);
    const parsed = proposalForm.safeParse(request.body ?? {});
    const ctx = await request.pageContext();
    if (!parsed.success) {
      return reply.html(
        ProposePage(await proposePage(request, { values, errors: zodErrors(parsed.error, ctx) })),
        422,
      );
    }
    try {
      await news.propose(request.actor, parsed.data);
    } catch (error) {
      if (!(error instanceof NewsInputError)) throw error;
      return reply.html(
        ProposePage(await proposePage(request, { values, errors: ruleErrors(error, ctx) })),
        422,
      );
    }
    return reply.flash('newsProposed').redirect(request.href('/actualites/proposer'), 303);
  });

  app.post<{ Params: { id: string } }>(
    '/admin/actualites/:id/refuser',
    { config: { access: can.review } },
    async (request, reply) => {
      await news.reject(request.actor, articleId(request.params.id));
      return reply
        .flash('newsRejected')
        .redirect(request.href('/admin/actualites?propositions=1'), 303);
    },
  );
}
