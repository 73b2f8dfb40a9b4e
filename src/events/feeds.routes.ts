import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eventsError } from './events.errors.ts';
import { eventsAtom, eventsIcs, eventsRss, type FeedContext } from './events.feeds.ts';
import { eventsPolicy as can } from './events.policy.ts';
import type { EventsService } from './events.service.ts';

/** what every feed says of the agenda: its language, title, address and building */
export async function feedContext(
  request: FastifyRequest,
  events: EventsService,
  publicUrl: () => string,
): Promise<FeedContext> {
  const ctx = await request.pageContext();
  const site = await events.site();
  return {
    locale: request.locale,
    title: ctx.t.events.feedTitle(ctx.hub.name),
    // the configured address, never the request's Host: a kept feed is every visitor's
    publicUrl: publicUrl(),
    ...(site ? { site: { name: site.name, address: site.address } } : {}),
  };
}

export const sendIcs = (reply: FastifyReply, body: string, name: string) =>
  reply
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.ics"`)
    .send(body);

/** the agenda's feeds: iCal (all, or one field's), RSS and Atom */
export function feedRoutes(app: FastifyInstance, events: EventsService, publicUrl: () => string) {
  const anyone = {
    config: { access: can.read, cache: { topics: ['events', 'venue', 'directory'] } },
  } as const;
  const upcoming = (field?: string) =>
    events.list({
      from: new Date(events.now().getTime() - 30 * 86_400_000),
      limit: 200,
      ...(field ? { field } : {}),
    });

  app.get('/agenda.ics', anyone, async (request, reply) =>
    sendIcs(
      reply,
      eventsIcs(await feedContext(request, events, publicUrl), await upcoming()),
      'agenda',
    ),
  );

  app.get<{ Params: { field: string } }>(
    '/agenda/filieres/:field.ics',
    anyone,
    async (request, reply) => {
      const field = request.params.field;
      const known = (await events.fields(request.locale)).some((f) => f.slug === field);
      if (!known) throw eventsError('EVENT_NOT_FOUND');
      return sendIcs(
        reply,
        eventsIcs(await feedContext(request, events, publicUrl), await upcoming(field)),
        field,
      );
    },
  );

  app.get('/agenda/rss.xml', anyone, async (request, reply) =>
    reply
      .type('application/rss+xml; charset=utf-8')
      .send(
        eventsRss(await feedContext(request, events, publicUrl), await upcoming(), request.url),
      ),
  );

  app.get('/agenda/atom.xml', anyone, async (request, reply) =>
    reply
      .type('application/atom+xml; charset=utf-8')
      .send(
        eventsAtom(await feedContext(request, events, publicUrl), await upcoming(), request.url),
      ),
  );
}
