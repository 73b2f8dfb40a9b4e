import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../app/errors.ts';
import type { HubService } from '../hub/hub.service.ts';
import { directoryPolicy as can } from './directory.policy.ts';
import { type SearchQuery, searchQuery, searchResponse } from './directory.schema.ts';
import type { DirectoryService } from './directory.service.ts';
import { csvChunks, jsonChunks } from './export.ts';
import { DirectoryPage } from './pages/DirectoryPage.tsx';
import { OrganisationPage } from './pages/OrganisationPage.tsx';

type Deps = {
  directory: DirectoryService;
  hub: HubService;
  publicUrl: () => string;
};

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

  app.get('/annuaire', { config: { access: can.search } }, async (request, reply) => {
    const parsed = searchQuery.safeParse(request.query);
    // a hand-edited address with a wrong value still shows the directory, without that filter
    const query = parsed.success ? parsed.data : searchQuery.parse({});
    const [ctx, result, overview, communeNames] = await Promise.all([
      request.pageContext(),
      directory.search(query, request.locale),
      hub.overview(request.locale),
      directory.communeNames(),
    ]);
    return reply.html(
      DirectoryPage({
        ctx,
        query,
        result,
        fields: overview.fields,
        communeNames,
        queryString: (changes) => toQueryString(query, changes),
      }),
    );
  });

  app.get<{ Params: { slug: string } }>(
    '/annuaire/:slug',
    { config: { access: can.viewProfile } },
    async (request, reply) => {
      const profile = await directory.profile(request.params.slug);
      if ('redirect' in profile) {
        return reply.redirect(request.href(`/annuaire/${profile.redirect}`), 301);
      }
      const [ctx, overview, canEdit] = await Promise.all([
        request.pageContext(),
        hub.overview(request.locale),
        directory.canEdit(request.actor, profile.organisation.id),
      ]);
      return reply.html(
        OrganisationPage({
          ctx,
          profile,
          fields: overview.fields,
          canEdit,
          publicUrl: deps.publicUrl(),
        }),
      );
    },
  );

  api.get(
    '/api/v1/organisations',
    {
      config: { access: can.search, api: true },
      schema: {
        tags: ['directory'],
        summary: 'Search the directory, with facet counts',
        description:
          'Full-text (French, accent- and case-insensitive, prefix) with filters. Each facet counts the results of the other filters. A headcount filter keeps organisations whose band meets the range.',
        querystring: searchQuery,
        response: { 200: searchResponse },
      },
    },
    async (request) => directory.search(request.query, request.locale),
  );

  for (const format of ['csv', 'json'] as const) {
    api.get(
      `/api/v1/organisations.${format}`,
      {
        config: { access: can.export, api: true },
        schema: {
          tags: ['directory'],
          summary: `Every organisation matching the filters, as ${format.toUpperCase()} (streamed)`,
          querystring: searchQuery,
        },
      },
      async (request, reply) => {
        const batches = directory.export(request.query, request.locale);
        const stamp = new Date().toISOString().slice(0, 10);
        reply
          .header('content-disposition', `attachment; filename="organisations-${stamp}.${format}"`)
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
        const chunks =
          format === 'csv' ? csvChunks(batches, deps.publicUrl()) : jsonChunks(batches);
        return reply.send(Readable.from(chunks));
      },
    );
  }

  app.get<{ Params: { slug: string } }>(
    '/api/v1/organisations/:slug',
    { config: { access: can.viewProfile, api: true } },
    async (request, reply) => {
      const profile = await directory.profile(request.params.slug);
      if ('redirect' in profile)
        return reply.redirect(`/api/v1/organisations/${profile.redirect}`, 301);
      const o = profile.organisation;
      if (o.merged_into) throw new AppError('NOT_FOUND');
      return {
        id: o.id,
        slug: o.slug,
        siren: o.siren,
        name: o.name,
        acronym: o.acronym,
        kind: o.kind,
        status: o.status,
        description: { fr: o.description_fr, en: o.description_en },
        website: o.website,
        fields: o.field_slugs,
        tags: o.tags,
        created_on: o.created_on,
        restricted: o.restricted,
        demo: o.is_demo,
        headcount_history: profile.history,
        establishments: profile.establishments.map((e) => ({
          siret: e.siret,
          head_office: e.is_head_office,
          status: e.status,
          commune: e.commune_code,
          headcount_band: e.headcount_band,
          headcount_year: e.headcount_year,
          latitude: e.latitude,
          longitude: e.longitude,
        })),
        relations: profile.relations.map((r) => ({
          type: r.type,
          from: r.reverse ? r.other.slug : o.slug,
          to: r.reverse ? o.slug : r.other.slug,
          started_on: r.started_on,
          ended_on: r.ended_on,
          source: r.source,
        })),
        funding_rounds: profile.funding.map((f) => ({
          announced_on: f.announced_on,
          stage: f.stage,
          amount_eur: f.amount_eur,
          investors: f.investors.map((i) => i.slug),
          source: f.source,
          demo: f.is_demo,
        })),
      };
    },
  );
}
