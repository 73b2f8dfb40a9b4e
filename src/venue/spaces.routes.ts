import type { FastifyInstance } from 'fastify';
import { answerHeldFile } from '../kernel/download.ts';
import { SpacePage } from './pages/SpacePage.tsx';
import { VenuePage } from './pages/VenuePage.tsx';
import { gridView, parisToday } from './spaces.calendar.ts';
import { type AvailabilityEntry, gridModel } from './spaces.grid.ts';
import type { SpacesService } from './spaces.service.ts';
import { venuePolicy as can } from './venue.policy.ts';

/** the booking engine's availability of a space between two days (the end excluded) */
export type ReadAvailability = (
  spaceId: string,
  fromDay: string,
  toDay: string,
) => Promise<AvailabilityEntry[]>;

/** The public pages: the building, a space with its availability grid, the spaces' photos. */
export function venuePublicRoutes(
  app: FastifyInstance,
  deps: { spaces: SpacesService; availability: ReadAvailability },
) {
  const { spaces } = deps;
  const open = { config: { access: can.read } };

  app.get(
    '/lieu',
    { config: { ...open.config, cache: { topics: ['venue'] } } },
    async (request, reply) => {
      const [ctx, data] = await Promise.all([request.pageContext(), spaces.venue(parisToday())]);
      return reply.html(VenuePage({ ctx, data }));
    },
  );

  app.get<{ Params: { slug: string }; Querystring: { semaine?: string; jour?: string } }>(
    '/lieu/espaces/:slug',
    open,
    async (request, reply) => {
      const today = parisToday();
      const [ctx, found] = await Promise.all([
        request.pageContext(),
        spaces.space(request.params.slug, today),
      ]);
      const view = gridView(request.query ?? {}, today);
      const entries = await deps.availability(found.space.id, view.from, view.to).catch((error) => {
        request.log.error({ err: error }, 'availability unreadable');
        return null;
      });
      const model = entries ? gridModel(found.space.unit, view, entries) : null;
      const staff = ctx.user?.role === 'staff' || ctx.user?.role === 'admin';
      const canBook = ctx.user !== null && (found.space.who_may_book !== 'staff' || staff);
      return reply.html(SpacePage({ ctx, ...found, model, canBook }));
    },
  );

  app.get<{ Params: { id: string } }>('/lieu/photos/:id', open, async (request, reply) => {
    const photo = await spaces.photoFile(request.params.id);
    // a photo's bytes never change under its id (a new photo is a new id): a browser holding it
    // gets a 304
    const etag = `"photo-${request.params.id}"`;
    const cacheControl = 'public, max-age=86400';
    const held = answerHeldFile(request, reply, { etag, cacheControl, stream: photo.stream });
    if (held) return held;
    return reply
      .header('content-type', photo.mediaType)
      .header('cache-control', cacheControl)
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .send(photo.stream);
  });
}
