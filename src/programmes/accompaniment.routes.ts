import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CapabilityModule } from '../kernel/module.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import type { AccompanimentService, MilestoneChange } from './accompaniment.service.ts';
import { labelsError } from './labels.errors.ts';
import { pageId, posted } from './labels.routes.ts';
import { AccompanimentPage, LateMilestonesPage } from './pages/AccompanimentPages.tsx';
import { programmesPolicy as can } from './programmes.policy.ts';

export const accompanimentFlash = {
  milestoneAdded: (t) => t.programmes.accompaniment.flash.added,
  milestoneChanged: (t) => t.programmes.accompaniment.flash.changed,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof accompanimentFlash, true> {}
}

type IdParams = { Params: { id: string } };

/** what a milestone's form posts: done, reopened, or a new due date */
function changeOf(body: unknown): MilestoneChange {
  const action = posted(body, 'action');
  if (action === 'done' || action === 'reopen') return { action };
  return { action: 'due', dueOn: posted(body, 'due_on').trim() };
}

/**
 * The laureates' accompaniment: staff's page of an accepted application's milestones (add, done,
 * reopen, due date: each change a post and a redirect, a refused one the page again with its
 * messages, 422), the late milestones of every laureate, and the members' reading page.
 */
export function accompanimentRoutes(app: FastifyInstance, accompaniment: AccompanimentService) {
  const staff = { config: { access: can.manage } };

  async function staffPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: FormState,
    status = 200,
  ) {
    const data = await accompaniment.view(request.actor, id);
    const ctx = await request.pageContext();
    return reply.html(AccompanimentPage({ ctx, data, staff: true, form }), status);
  }

  app.get<IdParams>('/admin/programmes/candidatures/:id/accompagnement', staff, (request, reply) =>
    staffPage(request, reply, pageId(request.params.id), emptyForm()),
  );

  app.post<IdParams>(
    '/admin/programmes/candidatures/:id/accompagnement',
    staff,
    async (request, reply) => {
      const id = pageId(request.params.id);
      const input = {
        title: posted(request.body, 'title'),
        description: posted(request.body, 'description'),
        dueOn: posted(request.body, 'due_on').trim(),
      };
      try {
        await accompaniment.add(request.actor, id, input);
      } catch (error) {
        if (!labelsError.is(error, 'MILESTONE_INVALID')) throw error;
        const messages = (await request.pageContext()).t.programmes.accompaniment.messages;
        const errors = Object.fromEntries(
          Object.entries(error.fields ?? {}).map(([k, v]) => [k, messages[v] ?? v]),
        );
        const values = { title: input.title, description: input.description, due_on: input.dueOn };
        return staffPage(request, reply, id, { values, errors }, 422);
      }
      return reply
        .flash('milestoneAdded')
        .redirect(request.href(`/admin/programmes/candidatures/${id}/accompagnement`), 303);
    },
  );

  app.post<IdParams>('/admin/programmes/jalons/:id', staff, async (request, reply) => {
    const id = pageId(request.params.id);
    // a due date that is not one answers MILESTONE_INVALID (422), on the error page
    const applicationId = await accompaniment.change(request.actor, id, changeOf(request.body));
    return reply
      .flash('milestoneChanged')
      .redirect(
        request.href(`/admin/programmes/candidatures/${applicationId}/accompagnement`),
        303,
      );
  });

  app.get('/admin/programmes/accompagnement', staff, async (request, reply) => {
    const [ctx, late] = await Promise.all([
      request.pageContext(),
      accompaniment.late(request.actor),
    ]);
    return reply.html(LateMilestonesPage({ ctx, rows: late.rows, count: late.count }));
  });

  app.get<IdParams>(
    '/candidatures/:id/accompagnement',
    { config: { access: can.apply } },
    async (request, reply) => {
      const data = await accompaniment.view(request.actor, pageId(request.params.id));
      const ctx = await request.pageContext();
      return reply.html(AccompanimentPage({ ctx, data, staff: false, form: emptyForm() }));
    },
  );
}
