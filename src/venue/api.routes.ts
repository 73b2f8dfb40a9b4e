import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, coreError } from '../kernel/errors.ts';
import {
  apiError,
  availabilityJson,
  bookingBody,
  bookingInputOf,
  bookingOutJson,
  dayString,
  periodQuery,
  spaceBookingsJson,
  spaceJson,
  spaceOut,
} from './api.schema.ts';
import type { BookingView } from './booking-core.ts';
import { ruleOf } from './bookings.errors.ts';
import { bookingsPolicy as can } from './bookings.policy.ts';
import type { BookingsService } from './bookings.service.ts';
import { dayStart } from './venue-time.ts';

const AUTH =
  'A personal API token (`Authorization: Bearer <token>`), or the session cookie with the X-CSRF-Token header.';

const idParams = z.object({
  id: z.string().min(1).max(100).describe('the id (or the slug) of the space'),
});
const bookingParams = z.object({ id: z.string().min(1).max(100).describe('the booking’s id') });

/** the route's access rule before its body: a visitor is asked to sign in whatever they send */
async function accessFirst(request: FastifyRequest) {
  const rule = request.routeOptions.config.access;
  if (rule && !rule(request.actor)) {
    throw coreError(request.actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
}

/** a broken rule answers with its name as `rule`; anything else goes to the error handler */
async function withRule<T>(request: FastifyRequest, reply: FastifyReply, work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    const rule = error instanceof AppError ? ruleOf(error.code) : undefined;
    if (!(error instanceof AppError) || !rule) throw error;
    return reply.code(error.status).send({
      error: {
        code: error.code,
        message: error.text(request.locale),
        request_id: request.id,
        rule,
      },
    });
  }
}

function bookingOut(b: BookingView) {
  if (b.unit === 'day') return { id: b.id, start: b.day, end: b.toDay, status: b.status };
  return { id: b.id, start: b.start.toISOString(), end: b.end.toISOString(), status: b.status };
}

/** The venue's API: spaces, their availability and bookings; book and cancel. */
export function bookingsApiRoutes(app: FastifyInstance, bookings: BookingsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 422: apiError };

  api.get(
    '/api/v1/spaces',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['venue'],
        summary: 'The venue’s spaces, with their booking rules',
        description:
          'unit "slot": booked in slots of slot_minutes (lengths in minutes); unit "day": booked by whole Paris days (lengths in days).',
        response: { 200: z.object({ items: z.array(spaceJson) }) },
      },
    },
    async (request) => ({
      items: (await bookings.spaces()).map((s) => spaceOut(s, request.locale)),
    }),
  );

  api.get(
    '/api/v1/spaces/:id/availability',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['venue'],
        summary: 'Free places per slot (slot spaces) or per day (day spaces), in Europe/Paris',
        description: 'from and to are Paris days (to excluded), 62 days at most.',
        params: idParams,
        querystring: periodQuery,
        response: { 200: availabilityJson, ...errors },
      },
    },
    async (request, reply) =>
      withRule(request, reply, async () => {
        const a = await bookings.availability(
          request.params.id,
          request.query.from,
          request.query.to,
        );
        return {
          space_id: a.space.id,
          unit: a.space.unit,
          capacity: a.space.capacity,
          from: a.from,
          to: a.to,
          days: a.days.map((d) => ({
            date: d.day,
            weekday: d.weekday,
            closed: d.closed,
            past: d.past,
            ...(a.space.unit === 'day'
              ? { free: d.free }
              : {
                  slots: d.slots.map((s) => ({
                    start: s.startAt.toISOString(),
                    end: s.endAt.toISOString(),
                    local_start: s.start,
                    local_end: s.end,
                    free: s.free,
                    past: s.past,
                  })),
                }),
          })),
        };
      }),
  );

  api.get(
    '/api/v1/spaces/:id/bookings',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['venue'],
        summary: 'A space’s bookings between two Paris days (times only; staff also see who)',
        params: idParams,
        querystring: z.object({ from: dayString, to: dayString }),
        response: { 200: spaceBookingsJson, ...errors },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from >= to) throw coreError('BAD_REQUEST', 'to must follow from');
      const items = await bookings.spaceBookings(
        request.actor,
        request.params.id,
        dayStart(from),
        dayStart(to),
      );
      return {
        items: items.map((b) => ({ ...b, start: b.start.toISOString(), end: b.end.toISOString() })),
      };
    },
  );

  api.post(
    '/api/v1/spaces/:id/bookings',
    {
      config: { access: can.book, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['venue'],
        summary: 'Book a space',
        description: `Slot spaces: start and end as ISO-8601 instants (with Z or an offset; without one, read as Paris local time, and a time that does not exist there — 02:30 on the last Sunday of March — is 422 NONEXISTENT_LOCAL_TIME; one lived twice is read as the first). Day spaces: start and end as YYYY-MM-DD, end excluded. 201 {id, start, end, status}; 409 BOOKING_CONFLICT (the time taken, in Paris) or SPACE_FULL; 422 with "rule" naming the rule broken. ${AUTH}`,
        params: idParams,
        body: bookingBody,
        response: { 201: bookingOutJson, ...errors, 409: apiError },
      },
    },
    async (request, reply) =>
      withRule(request, reply, async () => {
        const space = await bookings.space(request.params.id);
        const booked = await bookings.book(
          request.actor,
          space.id,
          bookingInputOf(space, request.body),
        );
        return reply.code(201).send(bookingOut(booked));
      }),
  );

  api.delete(
    '/api/v1/bookings/:id',
    {
      config: { access: can.cancel, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['venue'],
        summary: 'Cancel a booking (yours until the space’s cut-off; staff any)',
        description: `422 CANCEL_TOO_LATE past the cut-off (rule "cancel_cutoff"). ${AUTH}`,
        params: bookingParams,
        response: { 200: bookingOutJson, ...errors, 409: apiError },
      },
    },
    async (request, reply) =>
      withRule(request, reply, async () =>
        bookingOut(await bookings.cancel(request.actor, request.params.id)),
      ),
  );
}
