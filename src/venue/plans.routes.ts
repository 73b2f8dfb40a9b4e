import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Picker } from '../directory/connections.service.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { PlansPage } from './pages/admin/PlansPage.tsx';
import { ADMIN_PATH } from './pages/common.tsx';
import { type PlansService, readPlan } from './plans.service.ts';
import { venueMessages } from './spaces.admin.routes.ts';
import { venueError } from './venue.errors.ts';
import { venuePolicy as can } from './venue.policy.ts';

export const plansFlash = {
  venuePlanSaved: (t) => t.venue.admin.saved.plan,
  venueHolderSaved: (t) => t.venue.admin.saved.holder,
  venueHolderRemoved: (t) => t.venue.admin.saved.holderRemoved,
  venuePlanDeleted: (t) => t.venue.plans.deleted,
  venuePlanArchived: (t) => t.venue.plans.archivedDone,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof plansFlash, true> {}
}

const PLANS_PATH = `${ADMIN_PATH}/formules`;

/** The staff's plans and the organisations that hold them. */
export function plansRoutes(app: FastifyInstance, plans: PlansService) {
  const staff = { config: { access: can.manage } };

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    forms: { plan?: FormState; editing?: string | null; holder?: FormState; picker?: Picker },
    status = 200,
  ) {
    const [ctx, data] = await Promise.all([request.pageContext(), plans.overview(request.actor)]);
    const html = PlansPage({
      ctx,
      ...data,
      planForm: forms.plan ?? emptyForm({ coworking_days: '0', meeting_hours: '0' }),
      editing: forms.editing ?? null,
      holderForm: forms.holder ?? emptyForm(),
      picker: forms.picker,
      status,
    });
    return reply.html(html, status);
  }

  app.get<{ Querystring: { formule?: string } }>(PLANS_PATH, staff, async (request, reply) => {
    const data = await plans.overview(request.actor);
    const plan = data.plans.find((p) => p.id === request.query?.formule);
    if (!plan) return page(request, reply, {});
    const values = {
      name_fr: plan.name_fr,
      name_en: plan.name_en,
      slug: plan.slug,
      coworking_days: String(plan.coworking_days),
      meeting_hours: String(plan.meeting_hours),
    };
    return page(request, reply, { plan: emptyForm(values), editing: plan.id });
  });

  async function savePlan(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const read = readPlan(request.body);
    if (!read.ok)
      return page(
        request,
        reply,
        { plan: { values, errors: venueMessages(ctx, read.problems) }, editing: id },
        422,
      );
    try {
      await plans.save(request.actor, id, read.data);
    } catch (error) {
      if (!venueError.is(error, 'VENUE_PLAN_SLUG_TAKEN')) throw error;
      const errors = venueMessages(ctx, { slug: 'slug_taken' });
      return page(request, reply, { plan: { values, errors }, editing: id }, 409);
    }
    return reply.flash('venuePlanSaved').redirect(request.href(PLANS_PATH), 303);
  }

  app.post(PLANS_PATH, staff, (request, reply) => savePlan(request, reply, null));
  app.post<{ Params: { id: string } }>(`${PLANS_PATH}/:id`, staff, (request, reply) =>
    savePlan(request, reply, request.params.id),
  );

  app.post(`${PLANS_PATH}/titulaires`, staff, async (request, reply) => {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    // a search without saving: the choices to tick, without messages
    if (values.action === 'search-org') {
      const found = (await plans.search(request.actor, request.body)) as Picker | undefined;
      return page(request, reply, {
        holder: emptyForm(values),
        picker: found && { ...found, searched: true },
      });
    }
    const done = await plans.assign(request.actor, request.body);
    if (done.ok) return reply.flash('venueHolderSaved').redirect(request.href(PLANS_PATH), 303);
    const picker = (done.picker ?? undefined) as Picker | undefined;
    const holder = { values, errors: venueMessages(ctx, done.problems) };
    return page(request, reply, { holder, picker }, 422);
  });

  app.post<{ Params: { id: string } }>(
    `${PLANS_PATH}/:id/supprimer`,
    staff,
    async (request, reply) => {
      const done = await plans.remove(request.actor, request.params.id);
      return reply
        .flash(done === 'deleted' ? 'venuePlanDeleted' : 'venuePlanArchived')
        .redirect(request.href(PLANS_PATH), 303);
    },
  );

  app.post(`${PLANS_PATH}/titulaires/retirer`, staff, async (request, reply) => {
    const values = formValues(request.body);
    await plans.unassign(request.actor, {
      organisation_id: values.organisation_id ?? '',
      plan_id: values.plan_id ?? '',
      starts_on: values.starts_on ?? '',
    });
    return reply.flash('venueHolderRemoved').redirect(request.href(PLANS_PATH), 303);
  });
}
