import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HubService } from '../hub/hub.service.ts';
import type { Catalogue } from '../web/i18n/index.ts';
import { observatoryPolicy as can } from './observatory.policy.ts';
import type { MilestoneRow, ObjectiveRow } from './observatory.repository.ts';
import { idOf } from './observatory.routes.ts';
import {
  type FormBody,
  type FormErrorKey,
  parseMilestoneForm,
  parseObjectiveForm,
  readForm,
} from './observatory.schema.ts';
import type { ObservatoryService } from './observatory.service.ts';
import {
  AdminObservatoryPage,
  DeleteConfirmPage,
  MilestoneFormPage,
  type ObjectiveForm,
  ObjectiveFormPage,
} from './pages/AdminPages.tsx';

type Deps = { observatory: ObservatoryService; hub: HubService };

const manage = { config: { access: can.manage } };

function messages(t: Catalogue, errors: Partial<Record<string, FormErrorKey>>) {
  return Object.fromEntries(
    Object.entries(errors).map(([k, key]) => [k, t.observatory.errors[key as FormErrorKey]]),
  );
}

function singleValues(body: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

function objectiveFormOf(row: ObjectiveRow | null): ObjectiveForm {
  if (!row) {
    return {
      values: { scope: 'head_office', measure: 'legal_unit', active_only: 'on' },
      errors: {},
      lists: { fields: [], kinds: [] },
    };
  }
  return {
    values: {
      title_fr: row.title_fr,
      title_en: row.title_en,
      scope: row.scope,
      measure: row.measure,
      min_employees: String(row.min_employees),
      max_employees: row.max_employees === null ? '' : String(row.max_employees),
      created_on_or_after: row.created_on_or_after ?? '',
      active_only: row.active_only ? 'on' : '',
      target: String(row.target),
      deadline: row.deadline,
    },
    errors: {},
    lists: { fields: row.field_slugs, kinds: row.kinds },
  };
}

function milestoneValues(m: MilestoneRow | null): Record<string, string> {
  if (!m) return { precision: 'day', status: 'planned' };
  return {
    title_fr: m.title_fr,
    title_en: m.title_en,
    description_fr: m.description_fr,
    description_en: m.description_en,
    due_on: m.due_on,
    precision: m.precision,
    status: m.status,
    evidence: m.evidence.map((e) => `${e.label} | ${e.url}`).join('\n'),
    note_fr: m.note_fr,
    note_en: m.note_en,
  };
}

/** The back office's home: the figures' state, the objectives and the roadmap. */
function adminHome(app: FastifyInstance, { observatory }: Deps) {
  app.get('/admin/observatoire', manage, async (request, reply) => {
    const [ctx, state, objectives, milestones] = await Promise.all([
      request.pageContext(),
      observatory.state(),
      observatory.objectiveRows(),
      observatory.milestones(),
    ]);
    return reply.html(AdminObservatoryPage({ ctx, state, objectives, milestones }));
  });

  app.post('/admin/observatoire/recalculer', manage, async (request, reply) => {
    observatory.requestRecompute();
    return reply.flash('observatoryQueued').redirect(request.href('/admin/observatoire'), 303);
  });
}

/** An objective's form, new or filled in, and its saving (the form again, with messages, if wrong). */
function objectiveForms(app: FastifyInstance, { observatory, hub }: Deps) {
  async function fieldOptions(request: FastifyRequest) {
    return (await hub.overview(request.locale)).fields.map((f) => ({ slug: f.slug, name: f.name }));
  }

  async function objectiveForm(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    const [ctx, fields, row] = await Promise.all([
      request.pageContext(),
      fieldOptions(request),
      id === null ? null : observatory.objectiveRow(id),
    ]);
    return reply.html(ObjectiveFormPage({ ctx, id, form: objectiveFormOf(row), fields }));
  }

  async function saveObjective(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    if (id !== null) await observatory.objectiveRow(id);
    const body = readForm(request.body);
    const [ctx, fields] = await Promise.all([request.pageContext(), fieldOptions(request)]);
    const parsed = parseObjectiveForm(body, new Set(fields.map((f) => f.slug)));
    if (!parsed.ok) {
      const form: ObjectiveForm = {
        values: singleValues(body),
        errors: messages(ctx.t, parsed.errors),
        lists: {
          fields: [body.fields ?? []].flat(),
          kinds: [body.kinds ?? []].flat(),
        },
      };
      return reply.html(ObjectiveFormPage({ ctx, id, form, fields }), 422);
    }
    if (id === null) await observatory.createObjective(parsed.value);
    else await observatory.updateObjective(id, parsed.value);
    return reply.flash('objectiveSaved').redirect(request.href('/admin/observatoire'), 303);
  }

  app.get('/admin/observatoire/objectifs/nouveau', manage, (request, reply) =>
    objectiveForm(request, reply, null),
  );
  app.post('/admin/observatoire/objectifs/nouveau', manage, (request, reply) =>
    saveObjective(request, reply, null),
  );
  app.get('/admin/observatoire/objectifs/:id', manage, (request, reply) =>
    objectiveForm(request, reply, idOf(request)),
  );
  app.post('/admin/observatoire/objectifs/:id', manage, (request, reply) =>
    saveObjective(request, reply, idOf(request)),
  );
}

/** A milestone's form, new or filled in, and its saving. */
function milestoneForms(app: FastifyInstance, { observatory }: Deps) {
  async function milestoneForm(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    const [ctx, row] = await Promise.all([
      request.pageContext(),
      id === null ? null : observatory.milestone(id),
    ]);
    return reply.html(
      MilestoneFormPage({ ctx, id, form: { values: milestoneValues(row), errors: {} } }),
    );
  }

  async function saveMilestone(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    if (id !== null) await observatory.milestone(id);
    const body = readForm(request.body);
    const ctx = await request.pageContext();
    const parsed = parseMilestoneForm(body);
    if (!parsed.ok) {
      const form = { values: singleValues(body), errors: messages(ctx.t, parsed.errors) };
      return reply.html(MilestoneFormPage({ ctx, id, form }), 422);
    }
    await observatory.saveMilestone(id, parsed.value);
    return reply.flash('milestoneSaved').redirect(request.href('/admin/observatoire'), 303);
  }

  app.get('/admin/observatoire/jalons/nouveau', manage, (request, reply) =>
    milestoneForm(request, reply, null),
  );
  app.post('/admin/observatoire/jalons/nouveau', manage, (request, reply) =>
    saveMilestone(request, reply, null),
  );
  app.get('/admin/observatoire/jalons/:id', manage, (request, reply) =>
    milestoneForm(request, reply, idOf(request)),
  );
  app.post('/admin/observatoire/jalons/:id', manage, (request, reply) =>
    saveMilestone(request, reply, idOf(request)),
  );
}

/** Deleting: a page that says what goes, then a form that posts. */
function deletions(app: FastifyInstance, { observatory }: Deps) {
  app.get('/admin/observatoire/objectifs/:id/supprimer', manage, async (request, reply) => {
    const id = idOf(request);
    const [ctx, what] = await Promise.all([
      request.pageContext(),
      observatory.objectiveDeletion(id),
    ]);
    return reply.html(
      DeleteConfirmPage({
        ctx,
        target: {
          kind: 'objective',
          id,
          title: ctx.locale === 'fr' ? what.objective.title_fr : what.objective.title_en,
          computed: what.computed,
          members: what.members,
        },
      }),
    );
  });
  app.post('/admin/observatoire/objectifs/:id/supprimer', manage, async (request, reply) => {
    await observatory.deleteObjective(idOf(request));
    return reply.flash('objectiveDeleted').redirect(request.href('/admin/observatoire'), 303);
  });

  app.get('/admin/observatoire/jalons/:id/supprimer', manage, async (request, reply) => {
    const id = idOf(request);
    const [ctx, m] = await Promise.all([request.pageContext(), observatory.milestone(id)]);
    return reply.html(
      DeleteConfirmPage({
        ctx,
        target: { kind: 'milestone', id, title: ctx.locale === 'fr' ? m.title_fr : m.title_en },
      }),
    );
  });
  app.post('/admin/observatoire/jalons/:id/supprimer', manage, async (request, reply) => {
    await observatory.deleteMilestone(idOf(request));
    return reply.flash('milestoneDeleted').redirect(request.href('/admin/observatoire'), 303);
  });
}

/** The observatory's back office (staff): objectives, milestones, recomputation. */
export function observatoryAdminRoutes(app: FastifyInstance, deps: Deps) {
  adminHome(app, deps);
  objectiveForms(app, deps);
  deletions(app, deps);
  milestoneForms(app, deps);
}
