import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HubService } from '../hub/hub.service.ts';
import { CSV_BYTE_ORDER_MARK, csvDocument } from '../kernel/csv.ts';
import { coreError } from '../kernel/errors.ts';
import type { Catalogue } from '../web/i18n/index.ts';
import { CHARTS, type ChartName, chartTable } from './chart-data.ts';
import { LIST_PAGE_SIZE, type PageRequest } from './lists.service.ts';
import { memberCsvChunks } from './members-csv.ts';
import { observatoryError } from './observatory.errors.ts';
import { observatoryPolicy as can } from './observatory.policy.ts';
import type { MilestoneRow, ObjectiveRow } from './observatory.repository.ts';
import {
  type FormBody,
  type FormErrorKey,
  objectiveDetail,
  objectiveDetailQuery,
  objectiveParams,
  objectivesResponse,
  parseMilestoneForm,
  parseObjectiveForm,
  perYearResponse,
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
import { MembersPage } from './pages/MembersPage.tsx';
import { ObjectivePage } from './pages/ObjectivePage.tsx';
import { ObservatoryPage } from './pages/ObservatoryPage.tsx';
import { RoadmapPage } from './pages/RoadmapPage.tsx';

type Deps = { observatory: ObservatoryService; hub: HubService; publicUrl: () => string };

/**
 * The page a list's address asks for: anything that is not a page number reads as the first,
 * and a page past the last shows the last (the page says so).
 */
function pageOf(request: FastifyRequest): PageRequest {
  const raw = (request.query as Record<string, unknown> | undefined)?.page;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const n = /^\d{1,9}$/.test(text) ? Number(text) : 1;
  return { page: Math.max(1, n), perPage: LIST_PAGE_SIZE, clamp: true };
}

/** a positive integer from an address, or a 404 */
function idOf(request: FastifyRequest): number {
  const parsed = objectiveParams.safeParse(request.params);
  if (!parsed.success) throw coreError('NOT_FOUND');
  return parsed.data.id;
}

function sendCsv(reply: FastifyReply, name: string, csv: string) {
  return reply
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .type('text/csv; charset=utf-8')
    .send(`${CSV_BYTE_ORDER_MARK}${csv}`);
}

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

export function observatoryRoutes(app: FastifyInstance, deps: Deps) {
  const { observatory, hub } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const view = { config: { access: can.view } };
  const manage = { config: { access: can.manage } };

  // ── Public pages ─────────────────────────────────────────────────────────────────────────────

  app.get('/observatoire', view, async (request, reply) => {
    const [ctx, objectives, indicators, fields] = await Promise.all([
      request.pageContext(),
      observatory.objectives(request.locale),
      observatory.indicators(),
      observatory.fieldNames(request.locale),
    ]);
    return reply.html(
      ObservatoryPage({
        ctx,
        state: objectives.state,
        objectives: objectives.items,
        indicators,
        fields,
      }),
    );
  });

  app.get('/observatoire/objectifs/:id', view, async (request, reply) => {
    const id = idOf(request);
    const [ctx, detail] = await Promise.all([
      request.pageContext(),
      observatory.objective(id, request.locale, pageOf(request)),
    ]);
    return reply.html(
      ObjectivePage({
        ctx,
        state: detail.state,
        item: detail.item,
        organisations: detail.organisations,
        total: detail.organisationsTotal,
        page: detail.page,
      }),
    );
  });

  /** a figure's organisations as CSV: all of them, streamed a batch at a time */
  async function sendMembersCsv(
    request: FastifyRequest,
    reply: FastifyReply,
    figure: { objective: number } | { set: string },
    name: string,
  ) {
    const { batches } = await observatory.memberBatches(figure, request.locale);
    reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8');
    return reply.send(Readable.from(memberCsvChunks(batches, deps.publicUrl())));
  }

  app.get('/observatoire/objectifs/:id/organisations.csv', view, async (request, reply) => {
    const id = idOf(request);
    return sendMembersCsv(request, reply, { objective: id }, `objectif-${id}-organisations.csv`);
  });

  app.get('/observatoire/objectifs/:id/historique.csv', view, async (request, reply) => {
    const id = idOf(request);
    const { item } = await observatory.objective(id, request.locale, {
      page: 1,
      perPage: 1,
      clamp: true,
    });
    const rows: (string | number | null)[][] = item.history.map((h) => [h.on, h.value, 'observed']);
    const p = item.projection;
    if (p.method === 'least_squares' && p.on && p.value !== undefined)
      rows.push([p.on, p.value, 'projection_least_squares']);
    return sendCsv(
      reply,
      `objectif-${id}-historique.csv`,
      csvDocument(['date', 'value', 'kind'], rows),
    );
  });

  app.get<{ Params: { chart: string } }>(
    '/observatoire/donnees/:chart',
    view,
    async (request, reply) => {
      const name = request.params.chart.replace(/\.csv$/, '');
      if (!(CHARTS as readonly string[]).includes(name) || !request.params.chart.endsWith('.csv'))
        throw coreError('NOT_FOUND');
      const [indicators, fields, ctx] = await Promise.all([
        observatory.indicators(),
        observatory.fieldNames(request.locale),
        request.pageContext(),
      ]);
      if (!indicators) throw observatoryError('FIGURES_NOT_COMPUTED');
      const table = chartTable(name as ChartName, indicators, ctx.t, fields);
      return sendCsv(reply, `observatoire-${name}.csv`, csvDocument(table.head, table.rows));
    },
  );

  app.get<{ Querystring: { ensemble?: string } }>(
    '/observatoire/organisations',
    view,
    async (request, reply) => {
      const name = typeof request.query.ensemble === 'string' ? request.query.ensemble : '';
      const [ctx, members] = await Promise.all([
        request.pageContext(),
        observatory.members(name, request.locale, pageOf(request)),
      ]);
      return reply.html(
        MembersPage({
          ctx,
          state: members.state,
          setName: name,
          setKey: members.key,
          organisations: members.organisations,
          total: members.total,
          page: members.page,
        }),
      );
    },
  );

  app.get<{ Querystring: { ensemble?: string } }>(
    '/observatoire/organisations.csv',
    view,
    async (request, reply) => {
      const name = typeof request.query.ensemble === 'string' ? request.query.ensemble : '';
      return sendMembersCsv(request, reply, { set: name }, `observatoire-${name}.csv`);
    },
  );

  app.get('/observatoire/feuille-de-route', view, async (request, reply) => {
    const [ctx, milestones] = await Promise.all([request.pageContext(), observatory.milestones()]);
    return reply.html(RoadmapPage({ ctx, milestones }));
  });

  // ── API ──────────────────────────────────────────────────────────────────────────────────────

  api.get(
    '/api/v1/objectives',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['observatory'],
        summary: 'The hub’s objectives: value, history, projection, with the date of the data',
        description:
          'What /observatoire shows, computed from the register after each import (never typed in). Accept-Language chooses the language of titles and descriptions.',
        response: { 200: objectivesResponse },
      },
    },
    async (request) => {
      const { state, items } = await observatory.objectives(request.locale);
      return { data_as_of: state.asOf, demo: state.demo, items };
    },
  );

  api.get(
    '/api/v1/objectives/:id',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['observatory'],
        summary: 'One objective, with the organisations behind its value, a page at a time',
        description:
          'Each organisation comes with the headcount band (or exact figure) that counts, its year, its source and the date it was observed. organisations_total says how many there are; page and per_page walk through them (a page past the last is empty). A page or per_page that is not a whole number in range is a 400. The whole list as CSV: /observatoire/objectifs/{id}/organisations.csv.',
        params: objectiveParams,
        querystring: objectiveDetailQuery,
        response: { 200: objectiveDetail },
      },
    },
    async (request) => {
      const { page, per_page } = request.query;
      const detail = await observatory.objective(request.params.id, request.locale, {
        page,
        perPage: per_page,
      });
      return {
        ...detail.item,
        organisations: detail.organisations,
        organisations_total: detail.organisationsTotal,
        page: detail.page.number,
        per_page: detail.page.perPage,
        pages: detail.page.pages,
      };
    },
  );

  api.get(
    '/api/v1/indicators/per-year',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['observatory'],
        summary: 'Creations and closures per year, with the date of the data',
        description:
          'What /observatoire charts: organisations by the year the register dates their creation and their closure. Closed organisations the register gives no date for are counted apart (date_unknown), never spread over years. Each year links to its organisations.',
        response: { 200: perYearResponse },
      },
    },
    async (request) => observatory.perYear(request.locale),
  );

  // ── Back office ──────────────────────────────────────────────────────────────────────────────

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

  // deleting: a page that says what goes, then a form that posts

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
