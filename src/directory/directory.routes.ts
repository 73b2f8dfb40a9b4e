import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ReactNode } from 'react';
import { z } from 'zod';
import type { HubService } from '../hub/hub.service.ts';
import { sendDownload } from '../kernel/download.ts';
import type { PageContext } from '../web/context.ts';
import { directoryPolicy as can } from './directory.policy.ts';
import {
  apiError,
  organisationDetail,
  organisationItem,
  type SearchQuery,
  searchQuery,
  searchResponse,
} from './directory.schema.ts';
import type { DirectoryService } from './directory.service.ts';
import { csvChunks, jsonChunks } from './export.ts';
import { DirectoryPage } from './pages/DirectoryPage.tsx';
import type { LabelNames, LabelsOf } from './pages/LabelsSection.tsx';
import { OrganisationPage } from './pages/OrganisationPage.tsx';

type Deps = {
  directory: DirectoryService;
  hub: HubService;
  publicUrl: () => string;
  /** an organisation's labels (programmes, built after the directory) */
  labelsOf?: LabelsOf;
  /** the names of the labels, for the label facet (programmes) */
  labelNames?: LabelNames;
  /** an organisation's exhibitions and events, drawn for its profile (events) */
  showingsOf?: ShowingsOf;
};

/** a section of a profile another capability draws (null: nothing to show) */
export type ShowingsOf = (ctx: PageContext, organisationId: string) => Promise<ReactNode | null>;

/** the query string of a search, with some values changed (for pagination and exports) */
export function toQueryString(
  query: SearchQuery,
  changes: Record<string, string | string[] | undefined> = {},
) {
  const params = new URLSearchParams();
  const base: Record<string, string | string[] | undefined> = {
    q: query.q || undefined,
    kind: query.kind,
    field: query.field,
    commune: query.commune,
    status: query.status,
    label: query.label,
    tag: query.tag,
    headcount_min: query.headcount_min?.toString(),
    headcount_max: query.headcount_max?.toString(),
    sort: query.sort,
    page: query.page > 1 ? String(query.page) : undefined,
    per_page: query.per_page !== 20 ? String(query.per_page) : undefined,
    ...changes,
  };
  for (const [k, v] of Object.entries(base)) {
    for (const item of [v ?? []].flat()) if (item !== '') params.append(k, item);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function directoryRoutes(app: FastifyInstance, deps: Deps) {
  const { directory, hub } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/annuaire',
    { config: { access: can.search, cache: { topics: ['directory'] } } },
    async (request, reply) => {
      // a hand-edited address with a wrong value still shows the directory, without that value
      const { query, ignored } = lenientSearchQuery(request.query);
      // the results as a map of communes (vue=carte) or, by default, as a list (vue=liste)
      const vue = (request.query as { vue?: unknown }).vue;
      if (vue !== undefined && vue !== 'carte' && vue !== 'liste') ignored.push('vue');
      const [ctx, result, overview, communeNames, labelNames] = await Promise.all([
        request.pageContext(),
        directory.search(query, request.locale),
        hub.overview(request.locale),
        directory.communeNames(),
        deps.labelNames?.() ?? [],
      ]);
      return reply.html(
        DirectoryPage({
          ctx,
          query,
          result,
          fields: overview.fields,
          communeNames,
          labelNames,
          ignored,
          view: vue === 'carte' ? 'map' : 'list',
          queryString: (changes) => toQueryString(query, changes),
        }),
      );
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/annuaire/:slug',
    {
      config: {
        access: can.viewProfile,
        cache: { topics: ['directory', 'news', 'events', 'programmes', 'people'] },
      },
    },
    async (request, reply) => {
      const profile = await directory.profile(request.params.slug);
      const [ctx, overview, canEdit, labels, pendingClaimSince] = await Promise.all([
        request.pageContext(),
        hub.overview(request.locale),
        directory.canEdit(request.actor, profile.organisation.id),
        deps.labelsOf?.(profile.organisation.id) ?? [],
        directory.pendingClaimSince(request.actor, profile.organisation.id),
      ]);
      const showings = (await deps.showingsOf?.(ctx, profile.organisation.id)) ?? null;
      return reply.html(
        OrganisationPage({
          ctx,
          profile,
          fields: overview.fields,
          canEdit,
          publicUrl: deps.publicUrl(),
          labels,
          showings,
          pendingClaimSince,
        }),
      );
    },
  );

  api.get(
    '/api/v1/organisations',
    {
      config: { access: can.search, api: true, cache: { topics: ['directory'] } },
      schema: {
        tags: ['directory'],
        summary: 'Search the directory, with facet counts',
        description:
          'Full-text (French, accent- and case-insensitive, prefix) with filters. Words that are the name of a commune of the territory (accents, case and hyphens aside) also find the organisations located there, after those the words match, and `place` names it. Each facet counts the results of the other filters. A headcount filter keeps organisations whose current headcount (a band, or a declared figure) meets the range.',
        querystring: searchQuery,
        response: { 200: searchResponse, 400: apiError },
      },
    },
    async (request) => directory.search(request.query, request.locale),
  );

  for (const format of ['csv', 'json'] as const) {
    api.get(
      `/api/v1/organisations.${format}`,
      {
        config: { access: can.export, api: true, cache: { topics: ['directory'] } },
        schema: {
          tags: ['directory'],
          summary: `Every organisation matching the filters, as ${format.toUpperCase()} (streamed)`,
          querystring: searchQuery,
          response: {
            200: {
              description: 'an attachment, written as it is read',
              content:
                format === 'csv'
                  ? {
                      'text/csv': {
                        schema: z
                          .string()
                          .describe(
                            'UTF-8 with a byte-order mark, comma-separated, CRLF: a header line, then one line per organisation',
                          ),
                      },
                    }
                  : { 'application/json': { schema: z.array(organisationItem) } },
            },
            400: apiError,
          },
        },
      },
      async (request, reply) => {
        const batches = directory.export(request.query, request.locale);
        const stamp = new Date().toISOString().slice(0, 10);
        const chunks = (format === 'csv' ? csvChunks : jsonChunks)(batches, deps.publicUrl());
        return sendDownload(reply, chunks, {
          'content-type':
            format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="organisations-${stamp}.${format}"`,
        });
      },
    );
  }

  api.get(
    '/api/v1/organisations/:slug',
    {
      config: { access: can.viewProfile, api: true },
      schema: {
        tags: ['directory'],
        summary:
          'One organisation: identity, current headcount and its history, establishments, relations, funding rounds',
        description:
          'The address of a merged organisation answers 301 to the organisation it was merged into (following merges to the end); an old slug of a renamed one, 301 to its current slug.',
        params: z.object({ slug: z.string().min(1).max(200) }),
        response: {
          200: organisationDetail,
          301: z.null().describe('moved: see the Location header'),
          400: apiError,
          404: apiError,
        },
      },
    },
    async (request) => directory.detail(request.params.slug),
  );
}

/**
 * The search an address asks for, with the parameters that are not valid left out (and named),
 * so that one wrong value does not drop the others.
 */
export function lenientSearchQuery(raw: unknown): { query: SearchQuery; ignored: string[] } {
  const given: Record<string, unknown> = typeof raw === 'object' && raw !== null ? { ...raw } : {};
  const ignored: string[] = [];
  // each round leaves out the parameters an issue names; a refinement across two names the last
  for (let round = 0; round < 3; round++) {
    const parsed = searchQuery.safeParse(given);
    if (parsed.success) return { query: parsed.data, ignored };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key in given) {
        delete given[key];
        if (!ignored.includes(key)) ignored.push(key);
      }
    }
  }
  return { query: searchQuery.parse({}), ignored: Object.keys(given).concat(ignored) };
}
