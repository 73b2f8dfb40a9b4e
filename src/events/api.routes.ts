import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventsError } from './events.errors.ts';
import { EMAIL } from './events.forms.ts';
import { eventsPolicy as can } from './events.policy.ts';
import type { EventsService, EventView } from './events.service.ts';
import type { RegistrationsService } from './registrations.service.ts';

const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
    waitlist: z.boolean().optional().describe('EVENT_FULL: the waiting list is open'),
  }),
});

const eventJson = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string().describe('Markdown'),
  start: z.string().describe('ISO-8601 instant'),
  end: z.string(),
  date_precision: z.enum(['time', 'month']),
  space: z.string().nullable(),
  capacity: z.number().int().describe('places open to registration (0: no registration)'),
  remaining: z.number().int().describe('places still free'),
  price: z.string().nullable().describe('null: free'),
  fields: z.array(z.string()),
  tags: z.array(z.string()),
  organisers: z.array(z.object({ slug: z.string(), name: z.string() })),
  url: z.string(),
  demo: z.boolean(),
});

const dateQuery = z
  .string()
  .max(30)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'a date (YYYY-MM-DD) or an ISO-8601 instant')
  .optional();

const registrationBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().max(320).regex(EMAIL, 'a valid e-mail address'),
  waitlist: z
    .boolean()
    .optional()
    .describe('true: join the waiting list if the event is full (201 with status "waiting")'),
});

const registrationOut = z.object({
  id: z.string(),
  status: z.enum(['registered', 'waiting']),
  cancel_token: z.string().describe('the secret to cancel with (DELETE …/registrations/{token})'),
});

const params = z.object({ id: z.string().min(1).max(100).describe('the event’s id or address') });

/** The events API: the agenda, an event, registering and cancelling. */
export function eventsApiRoutes(
  app: FastifyInstance,
  deps: { events: EventsService; registrations: RegistrationsService; publicUrl: () => string },
) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { events, registrations } = deps;

  const out = (e: EventView, locale: 'fr' | 'en') => ({
    id: e.id,
    slug: e.slug,
    title: locale === 'en' ? e.title_en : e.title_fr,
    description: locale === 'en' ? e.description_en : e.description_fr,
    start: e.starts_at.toISOString(),
    end: e.ends_at.toISOString(),
    date_precision: e.date_precision,
    space: e.space_slug,
    capacity: e.capacity,
    remaining: e.remaining,
    price: (locale === 'en' ? e.price_en || e.price_fr : e.price_fr) || null,
    fields: e.field_slugs,
    tags: e.tags,
    organisers: e.organisers.map((o) => ({ slug: o.slug, name: o.name })),
    url: `${deps.publicUrl()}${locale === 'en' ? '/en/events' : '/agenda'}/${e.slug}`,
    demo: e.is_demo,
  });

  api.get(
    '/api/v1/events',
    {
      config: { access: can.read, api: true },
      schema: {
        tags: ['events'],
        summary: 'Published events in a period, by start',
        description:
          'from (default: now) and to bound the period (an event overlapping it is listed); field is one of the hub’s fields (its slug).',
        querystring: z.object({
          from: dateQuery,
          to: dateQuery,
          field: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(eventJson) }), 400: apiError },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await events.list({
        from: q.from ? new Date(q.from) : events.now(),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.field ? { field: q.field } : {}),
      });
      return { items: items.map((e) => out(e, request.locale)) };
    },
  );

  api.get(
    '/api/v1/events/:id',
    {
      config: { access: can.read, api: true },
      schema: {
        tags: ['events'],
        summary: 'One published event',
        params,
        response: { 200: eventJson, 404: apiError },
      },
    },
    async (request) => out(await events.get(request.actor, request.params.id), request.locale),
  );

  api.post(
    '/api/v1/events/:id/registrations',
    {
      config: { access: can.register, api: true, csrf: 'not-for-visitors' },
      schema: {
        tags: ['events'],
        summary: 'Register for an event, by name and e-mail',
        description:
          '201 {id, status, cancel_token}; a confirmation mail with the cancel link is sent. 409 EVENT_FULL (with "waitlist": true) when no place is left — send again with "waitlist": true to join the waiting list; 409 EVENT_ALREADY_REGISTERED (one registration per address and event); 409 EVENT_REGISTRATION_CLOSED; 429 EVENT_TOO_MANY_ATTEMPTS (per client address). No account needed; a signed-in browser sends its X-CSRF-Token.',
        params,
        body: registrationBody,
        response: {
          201: registrationOut,
          400: apiError,
          404: apiError,
          409: apiError,
          422: apiError,
          429: apiError,
        },
      },
    },
    async (request, reply) => {
      const event = await events.get(request.actor, request.params.id);
      try {
        const done = await registrations.register(
          event.id,
          { name: request.body.name, email: request.body.email },
          {
            waitlist: request.body.waitlist ?? false,
            locale: request.locale,
            clientAddress: request.ip,
          },
        );
        return reply.code(201).send({
          id: done.registration.id,
          status: done.registration.status as 'registered' | 'waiting',
          cancel_token: done.token,
        });
      } catch (error) {
        if (!eventsError.is(error, 'EVENT_FULL')) throw error;
        return reply.code(409).send({
          error: {
            code: error.code,
            message: error.text(request.locale),
            request_id: request.id,
            waitlist: true,
          },
        });
      }
    },
  );

  api.delete(
    '/api/v1/events/:id/registrations/:token',
    {
      config: { access: can.register, api: true, csrf: 'not-for-visitors' },
      schema: {
        tags: ['events'],
        summary: 'Cancel a registration with its cancel token',
        description:
          'The token is the secret of the confirmation mail’s link (or of the 201 answer). A registered person’s place goes to the first person waiting, who is told by mail. 404 EVENT_REGISTRATION_NOT_FOUND when the token names no registration (or one already cancelled).',
        params: params.extend({ token: z.string().min(1).max(200) }),
        response: {
          200: z.object({ status: z.literal('cancelled'), promoted: z.boolean() }),
          404: apiError,
        },
      },
    },
    async (request) => {
      const done = await registrations.cancel(request.params.token, request.params.id);
      return { status: 'cancelled' as const, promoted: done.promoted !== null };
    },
  );
}
