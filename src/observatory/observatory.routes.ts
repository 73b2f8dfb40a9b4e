import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSV_BYTE_ORDER_MARK, csvDocument } from '../kernel/csv.ts';
import { sendDownload } from '../kernel/download.ts';
import { coreError } from '../kernel/errors.ts';
import { CHARTS, type ChartName, chartTable } from './chart-data.ts';
import { type Figure, LIST_PAGE_SIZE, type PageRequest } from './lists.service.ts';
import { memberCsvChunks } from './members-csv.ts';
import { observatoryError } from './observatory.errors.ts';
import { observatoryPolicy as can } from './observatory.policy.ts';
import { objectiveParams } from './observatory.schema.ts';
import type { ObservatoryService } from './observatory.service.ts';
import { MembersPage } from './pages/MembersPage.tsx';
import { ObjectivePage } from './pages/ObjectivePage.tsx';
import { ObservatoryPage } from './pages/ObservatoryPage.tsx';
import { RoadmapPage } from './pages/RoadmapPage.tsx';

type Deps = { observatory: ObservatoryService; publicUrl: () => string };

const view = { config: { access: can.view } };
/**
 * a public page or download of the observatory: its figures are counted from the directory (a
 * download small enough is kept as a page is; a streamed one gets a validator of what it shows)
 */
const page = {
  config: { ...view.config, cache: { topics: ['observatory', 'directory'] } },
} as const;

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
export function idOf(request: FastifyRequest): number {
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

/** The public pages: the overview, an objective, a figure's organisations, the roadmap. */
function publicPages(app: FastifyInstance, { observatory }: Deps) {
  app.get('/observatoire', page, async (request, reply) => {
    const [ctx, objectives, indicators, fields, communes] = await Promise.all([
      request.pageContext(),
      observatory.objectives(request.locale),
      observatory.indicators(),
      observatory.fieldNames(request.locale),
      observatory.territoryCommunes(),
    ]);
    return reply.html(
      ObservatoryPage({
        ctx,
        state: objectives.state,
        objectives: objectives.items,
        indicators,
        fields,
        communes,
      }),
    );
  });

  app.get('/observatoire/objectifs/:id', page, async (request, reply) => {
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

  app.get('/observatoire/feuille-de-route', page, async (request, reply) => {
    const [ctx, milestones] = await Promise.all([request.pageContext(), observatory.milestones()]);
    return reply.html(RoadmapPage({ ctx, milestones }));
  });
}

/** Downloads: a figure's organisations (all of them, streamed), a history, a chart's data. */
function downloads(app: FastifyInstance, deps: Deps) {
  const { observatory } = deps;
  /** a figure's organisations as CSV: all of them, streamed a batch at a time */
  async function sendMembersCsv(
    request: FastifyRequest,
    reply: FastifyReply,
    figure: Figure,
    name: string,
  ) {
    const { batches } = await observatory.memberBatches(figure, request.locale);
    return sendDownload(reply, memberCsvChunks(batches, deps.publicUrl()), {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  }

  app.get('/observatoire/objectifs/:id/organisations.csv', page, async (request, reply) => {
    const id = idOf(request);
    return sendMembersCsv(request, reply, { objective: id }, `objectif-${id}-organisations.csv`);
  });

  app.get('/observatoire/objectifs/:id/historique.csv', page, async (request, reply) => {
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
    page,
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
    '/observatoire/organisations.csv',
    page,
    async (request, reply) => {
      const name = typeof request.query.ensemble === 'string' ? request.query.ensemble : '';
      return sendMembersCsv(request, reply, { set: name }, `observatoire-${name}.csv`);
    },
  );
}

/** The observatory's public pages and downloads (the API and the back office have their own files). */
export function observatoryRoutes(app: FastifyInstance, deps: Deps) {
  publicPages(app, deps);
  downloads(app, deps);
}
