import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bookingsPolicy as can } from './bookings.policy.ts';
import type { feedsService } from './ical.service.ts';

const CALENDAR = 'text/calendar; charset=utf-8';

/** The calendars: a member's private feed at its secret address; a space's public occupancy. */
export function icalRoutes(app: FastifyInstance, feeds: ReturnType<typeof feedsService>) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/lieu/agenda/:token.ics',
    {
      config: { access: can.feed },
      schema: { hide: true, params: z.object({ token: z.string().max(100) }) },
    },
    async (request, reply) => {
      const body = await feeds.memberFeed(request.params.token);
      return reply
        .header('content-type', CALENDAR)
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .send(body);
    },
  );

  api.get(
    '/lieu/espaces/:slug/occupation.ics',
    {
      config: { access: can.view },
      schema: { hide: true, params: z.object({ slug: z.string().max(200) }) },
    },
    async (request, reply) => {
      const body = await feeds.spaceFeed(request.params.slug, request.locale);
      return reply
        .header('content-type', CALENDAR)
        .header('cache-control', 'public, max-age=300')
        .send(body);
    },
  );
}
