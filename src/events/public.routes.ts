import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldMessages, formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { instantToParis, parisToInstant } from '../kernel/paris-time.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { eventsError } from './events.errors.ts';
import { eventsIcs } from './events.feeds.ts';
import { readRegistration } from './events.forms.ts';
import { eventsPolicy as can } from './events.policy.ts';
import type { EventFilter } from './events.repository.ts';
import { type EventsService, registrationOpen } from './events.service.ts';
import type { ExhibitionsService } from './exhibitions.service.ts';
import { feedContext, feedRoutes, sendIcs } from './feeds.routes.ts';
import { AgendaPage } from './pages/AgendaPage.tsx';
import { CancelPage } from './pages/CancelPage.tsx';
import { AGENDA_PATH, EXHIBITIONS_PATH, eventPath } from './pages/common.tsx';
import { EventPage } from './pages/EventPage.tsx';
import { ExhibitionsPage } from './pages/ExhibitionsPage.tsx';
import type { RegistrationsService } from './registrations.service.ts';

export const eventsPublicFlash = {
  eventRegistered: (t) => t.events.register.done,
  eventWaiting: (t) => t.events.register.waiting,
  eventRegistrationCancelled: (t) => t.events.cancel.done,
} satisfies CapabilityModule['flash'];

type Deps = {
  events: EventsService;
  registrations: RegistrationsService;
  exhibitions: ExhibitionsService;
  /** the hub's configured address, for the links of a page or feed every visitor is sent */
  publicUrl: () => string;
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** the months offered by the filter: twelve from this one (or back from it, for the archive) */
function monthsFrom(now: Date, past: boolean): string[] {
  const [y = 2000, m = 1] = instantToParis(now).slice(0, 7).split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 + (past ? -i : i), 15));
    return d.toISOString().slice(0, 7);
  });
}

function monthRange(month: string): { from: Date; to: Date } | null {
  const [y = 0, m = 0] = month.split('-').map(Number);
  const next = new Date(Date.UTC(y, m, 15)).toISOString().slice(0, 7);
  const from = parisToInstant(`${month}-01T00:00`);
  const to = parisToInstant(`${next}-01T00:00`);
  return from && to ? { from, to } : null;
}

/** what the agenda's filters ask of the events: upcoming (not over) or past, in a month */
function agendaFilter(
  filters: { field: string; organiser: string; month: string; past: boolean },
  now: Date,
): EventFilter {
  const range = filters.month ? monthRange(filters.month) : null;
  const base = {
    ...(filters.field ? { field: filters.field } : {}),
    ...(filters.organiser ? { organiser: filters.organiser } : {}),
  };
  if (filters.past) {
    return {
      ...base,
      past: true,
      to: range && range.to < now ? range.to : now,
      ...(range ? { from: range.from } : {}),
    };
  }
  return {
    ...base,
    from: range && range.from > now ? range.from : now,
    ...(range ? { to: range.to } : {}),
  };
}

/** The public pages: the agenda, its feeds, an event, registering and cancelling, exhibitions. */
export function publicRoutes(app: FastifyInstance, deps: Deps) {
  const { events, registrations, exhibitions } = deps;
  const anyone = { config: { access: can.read } };
  const page = {
    config: { access: can.read, cache: { topics: ['events', 'venue', 'directory'] } },
  } as const;

  app.get<{ Querystring: Record<string, string | undefined> }>(
    AGENDA_PATH,
    page,
    async (request, reply) => {
      const q = request.query ?? {};
      const past = q.passes === '1';
      const now = events.now();
      const filters = {
        field: SLUG.test(q.filiere ?? '') ? (q.filiere as string) : '',
        organiser: SLUG.test(q.organisateur ?? '') ? (q.organisateur as string) : '',
        month: MONTH.test(q.mois ?? '') ? (q.mois as string) : '',
        past,
      };
      const [ctx, list, fields, organisers] = await Promise.all([
        request.pageContext(),
        events.list(agendaFilter(filters, now)),
        events.fields(request.locale),
        events.organisers(),
      ]);
      // the archive holds the events over; the upcoming list, those not over yet
      const shown = past ? list.filter((e) => e.ends_at <= now) : list;
      return reply.html(
        AgendaPage({
          ctx,
          events: shown,
          fields,
          organisers,
          months: monthsFrom(now, past),
          filters,
        }),
      );
    },
  );

  feedRoutes(app, events, deps.publicUrl);

  async function eventPage(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    form: FormState = emptyForm(),
    status = 200,
  ) {
    const event = await events.get(request.actor, slug);
    const [ctx, site] = await Promise.all([request.pageContext(), events.site()]);
    const html = EventPage({
      ctx,
      event,
      ...(site ? { site: { name: site.name, address: site.address } } : {}),
      publicUrl: deps.publicUrl(),
      registration: { open: registrationOpen(event, events.now()), form },
    });
    return reply.html(html, status);
  }

  app.get<{ Params: { slug: string } }>(`${AGENDA_PATH}/:slug`, page, (request, reply) =>
    eventPage(request, reply, request.params.slug),
  );

  app.get<{ Params: { slug: string } }>(
    `${AGENDA_PATH}/:slug/evenement.ics`,
    anyone,
    async (request, reply) => {
      const event = await events.get(request.actor, request.params.slug);
      return sendIcs(
        reply,
        eventsIcs(await feedContext(request, events, deps.publicUrl), [event]),
        event.slug,
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    `${AGENDA_PATH}/:slug/inscription`,
    { config: { access: can.register } },
    async (request, reply) => {
      const slug = request.params.slug;
      const ctx = await request.pageContext();
      const values = formValues(request.body);
      const event = await events.get(request.actor, slug);
      const waitlist = values.waitlist === '1';
      const messages = ctx.t.events.messages;
      try {
        let done: Awaited<ReturnType<RegistrationsService['register']>>;
        if (request.actor.kind === 'user') {
          done = await registrations.registerMember(
            request.actor,
            event.id,
            waitlist,
            request.locale,
          );
        } else {
          const read = readRegistration(request.body);
          if (!read.ok) {
            const errors = fieldMessages(
              Object.entries(read.problems).map(([k, v]) => ({ path: [k], message: v ?? '' })),
              messages,
              messages.required,
            );
            return eventPage(request, reply, slug, { values, errors }, 422);
          }
          done = await registrations.register(event.id, read.data, {
            waitlist,
            locale: request.locale,
            clientAddress: request.ip,
          });
        }
        const flash = done.registration.status === 'waiting' ? 'eventWaiting' : 'eventRegistered';
        return reply.flash(flash).redirect(request.href(eventPath(event.slug)), 303);
      } catch (error) {
        if (!eventsError.is(error)) throw error;
        const form = { values, errors: {}, message: error.text(request.locale) };
        return eventPage(request, reply, slug, form, error.status);
      }
    },
  );

  app.get<{ Params: { token: string } }>(
    `${AGENDA_PATH}/desinscription/:token`,
    { config: { access: can.register } },
    async (request, reply) => {
      const { event } = await registrations.byToken(request.params.token);
      const ctx = await request.pageContext();
      // the secret stays out of the Referer of any link followed from this page
      reply.header('referrer-policy', 'no-referrer');
      return reply.html(CancelPage({ ctx, event, token: request.params.token }));
    },
  );

  app.post<{ Params: { token: string } }>(
    `${AGENDA_PATH}/desinscription/:token`,
    { config: { access: can.register } },
    async (request, reply) => {
      const { event } = await registrations.cancel(request.params.token);
      return reply
        .flash('eventRegistrationCancelled')
        .redirect(request.href(eventPath(event.slug)), 303);
    },
  );

  exhibitionRoutes(app, exhibitions);
}

/** the public page of the showrooms' exhibitions */
function exhibitionRoutes(app: FastifyInstance, exhibitions: ExhibitionsService) {
  const page = {
    config: { access: can.read, cache: { topics: ['events', 'venue', 'directory'] } },
  } as const;
  app.get(EXHIBITIONS_PATH, page, async (request, reply) => {
    const [ctx, lists] = await Promise.all([request.pageContext(), exhibitions.public()]);
    return reply.html(ExhibitionsPage({ ctx, ...lists }));
  });
}
