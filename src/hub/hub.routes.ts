import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { anyone } from '../kernel/policy.ts';
import type { LatestNewsItem } from '../news/pages/LatestNews.tsx';
import type { Locale } from '../web/i18n/index.ts';
import { hubResponse, langQuery } from './hub.schema.ts';
import type { HubService } from './hub.service.ts';
import { type HomeObjective, HomePage } from './pages/HomePage.tsx';

/** What other capabilities add to the home page (each shows its block only when it has content). */
export type HomeBlocks = {
  latestNews?: (locale: Locale) => Promise<LatestNewsItem[]>;
  objectives?: (locale: Locale) => Promise<HomeObjective[]>;
};

export function hubRoutes(app: FastifyInstance, hub: HubService, blocks: HomeBlocks = {}) {
  app.get('/', { config: { access: anyone } }, async (request, reply) => {
    const [ctx, overview, news, objectives] = await Promise.all([
      request.pageContext(),
      hub.overview(request.locale),
      blocks.latestNews?.(request.locale) ?? [],
      blocks.objectives?.(request.locale) ?? [],
    ]);
    return reply.html(HomePage({ ctx, hub: overview, news, objectives }));
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/hub',
    {
      config: { access: anyone, api: true },
      schema: {
        tags: ['hub'],
        summary: 'The hub: name, fields of development and territory',
        querystring: langQuery,
        response: { 200: hubResponse },
      },
    },
    async (request) => {
      const o = await hub.overview(request.query.lang);
      return {
        name: o.name,
        tagline: o.tagline,
        labelled_on: o.labelledOn,
        demo: o.demo,
        fields: o.fields,
        territory: o.territory,
      };
    },
  );
}
