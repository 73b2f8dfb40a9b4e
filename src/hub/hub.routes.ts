import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HomeBlock } from '../kernel/module.ts';
import { anyone } from '../kernel/policy.ts';
import { hubResponse, langQuery } from './hub.schema.ts';
import type { HubService } from './hub.service.ts';
import { HomePage } from './pages/HomePage.tsx';

/**
 * The hub's routes. The home page shows, between the search box and the fields, the blocks other
 * capabilities add (latest news, objectives…), in their order; a block with nothing to show is left out.
 */
export function hubRoutes(
  app: FastifyInstance,
  hub: HubService,
  homeBlocks: () => readonly HomeBlock[],
) {
  app.get(
    '/',
    {
      config: {
        access: anyone,
        cache: {
          topics: ['directory', 'news', 'observatory', 'events', 'venue', 'programmes', 'people'],
        },
      },
    },
    async (request, reply) => {
      const ctx = await request.pageContext();
      const ordered = [...homeBlocks()].sort((a, b) => a.order - b.order);
      const [overview, ...blocks] = await Promise.all([
        hub.overview(request.locale),
        ...ordered.map((b) => b.render(ctx)),
      ]);
      return reply.html(HomePage({ ctx, hub: overview, blocks }));
    },
  );

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
