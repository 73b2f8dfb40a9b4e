import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/errors.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { instantToParis } from '../kernel/paris-time.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { eventsError } from './events.errors.ts';
import { readEvent } from './events.forms.ts';
import { eventsPolicy as can } from './events.policy.ts';
import type { EventRow, EventsService } from './events.service.ts';
import type { ExhibitionsService } from './exhibitions.service.ts';
import { EventFormPage, EventsAdminPage } from './pages/AdminPages.tsx';
import { ADMIN_PATH, AGENDA_PATH } from './pages/common.tsx';
import type { RegistrationsService } from './registrations.service.ts';
import { exhibitionStaffRoutes, messagesOf, registrationStaffRoutes } from './staff.routes.ts';

export const eventsAdminFlash = {
  eventSaved: (t) => t.events.admin.saved,
  eventRequested: (t) => t.events.admin.requested,
  eventApproved: (t) => t.events.admin.approved,
  eventDeclined: (t) => t.events.admin.declined,
  eventCancelled: (t) => t.events.admin.cancelledDone,
  eventCheckedIn: (t) => t.events.admin.checkedIn,
  exhibitionSaved: (t) => t.events.exhibitions.saved,
  exhibitionCancelled: (t) => t.events.exhibitions.cancelled,
} satisfies CapabilityModule['flash'];

type Deps = {
  events: EventsService;
  registrations: RegistrationsService;
  exhibitions: ExhibitionsService;
};

/** an event's row as its form shows it */
function valuesOf(e: EventRow): Record<string, string> {
  const local = (d: Date | null) => (d ? instantToParis(d) : '');
  return {
    title_fr: e.title_fr,
    title_en: e.title_en,
    slug: e.slug,
    description_fr: e.description_fr,
    description_en: e.description_en,
    space: e.space_slug ?? '',
    day: instantToParis(e.starts_at).slice(0, 10),
    start: instantToParis(e.starts_at).slice(11, 16),
    end: instantToParis(e.ends_at).slice(11, 16),
    capacity: String(e.capacity),
    registration_opens: local(e.registration_opens_at),
    registration_closes: local(e.registration_closes_at),
    price_fr: e.price_fr,
    price_en: e.price_en,
    tags: e.tags.join(', '),
    organisers: e.organisers.map((o) => o.slug).join('\n'),
    image_alt_fr: e.image_alt_fr,
    image_alt_en: e.image_alt_en,
    accessibility_fr: e.accessibility_fr,
    accessibility_en: e.accessibility_en,
  };
}

type FormPageOptions = {
  form: FormState;
  action: string;
  id?: string;
  image?: string;
  status?: number;
  propose?: boolean;
};

/** the event's form again, saying why its image was refused (nothing was kept) */
function imageRefusal(
  events: EventsService,
  formPage: (request: FastifyRequest, reply: FastifyReply, o: FormPageOptions) => Promise<unknown>,
) {
  return async (request: FastifyRequest, reply: FastifyReply, id: string) => {
    const event = await events.find(id);
    const values = { ...valuesOf(event), _fields: event.field_slugs.join(',') };
    const message = eventsError('EVENT_IMAGE_REFUSED').text(request.locale);
    return formPage(request, reply, {
      form: { values, errors: {}, message },
      action: `${ADMIN_PATH}/${event.id}`,
      id: event.id,
      ...(event.image_key ? { image: `${AGENDA_PATH}/${event.slug}/image` } : {}),
      status: 422,
    });
  };
}

/** The staff's pages (events, registrations, check-in, exhibitions) and the members' proposal. */
export function adminRoutes(app: FastifyInstance, deps: Deps) {
  const { events, registrations, exhibitions } = deps;
  const staff = { config: { access: can.manage } };

  async function formPage(request: FastifyRequest, reply: FastifyReply, o: FormPageOptions) {
    const [ctx, spaces, fields] = await Promise.all([
      request.pageContext(),
      events.spaces(),
      events.fields(request.locale),
    ]);
    const t = ctx.t.events.admin;
    const body = request.body as { fields?: unknown } | undefined;
    const ticked =
      o.form.values._fields?.split(',') ??
      (Array.isArray(body?.fields) ? body.fields : body?.fields ? [body.fields] : []);
    const html = EventFormPage({
      ctx,
      form: o.form,
      action: o.action,
      heading: o.propose ? t.requestEvent : o.id ? t.edit : t.newEvent,
      ...(o.propose ? { intro: t.requestIntro } : {}),
      spaces,
      fields,
      fieldsTicked: ticked.filter((x): x is string => typeof x === 'string'),
      ...(o.id
        ? {
            cancelAction: `${ADMIN_PATH}/${o.id}/annuler`,
            imageAction: `${ADMIN_PATH}/${o.id}/image`,
          }
        : {}),
      ...(o.image ? { image: o.image } : {}),
    });
    return reply.html(html, o.status ?? 200);
  }

  /** saves the form (new, edited or proposed); back to the form with messages when refused */
  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    o: { action: string; id?: string; propose?: boolean },
  ) {
    const ctx = await request.pageContext();
    const values = {
      ...Object.fromEntries(
        Object.entries((request.body ?? {}) as Record<string, unknown>).filter(
          ([, v]) => typeof v === 'string',
        ),
      ),
    } as Record<string, string>;
    delete values._csrf;
    const fields = (await events.fields(request.locale)).map((f) => f.slug);
    const read = readEvent(request.body, fields);
    const back = (errors: Record<string, string>, status: number, message?: string) =>
      formPage(request, reply, {
        ...o,
        form: { values, errors, ...(message ? { message } : {}) },
        status,
      });
    if (!read.ok) return back(messagesOf(ctx, read.problems), 422);
    try {
      if (o.id) await events.update(request.actor, o.id, read.data);
      else await events.create(request.actor, read.data);
    } catch (error) {
      if (eventsError.is(error, 'EVENT_INVALID')) {
        return back(messagesOf(ctx, error.fields), 422);
      }
      if (eventsError.is(error, 'EVENT_SPACE_TAKEN')) {
        const detail = error.fields?.[request.locale] ?? '';
        return back({}, 409, `${error.text(request.locale)} ${detail}`.trim());
      }
      // the engine's rules (opening hours, length…) and times: said over the form
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        return back({}, error.status, error.text(request.locale));
      }
      throw error;
    }
    if (o.propose) return reply.flash('eventRequested').redirect(request.href(AGENDA_PATH), 303);
    return reply.flash('eventSaved').redirect(request.href(ADMIN_PATH), 303);
  }

  app.get(ADMIN_PATH, staff, async (request, reply) => {
    const [ctx, list] = await Promise.all([request.pageContext(), events.staffList(request.actor)]);
    return reply.html(EventsAdminPage({ ctx, events: list }));
  });

  const newPath = `${ADMIN_PATH}/nouveau`;
  app.get(newPath, staff, (request, reply) =>
    formPage(request, reply, { form: emptyForm({ capacity: '0' }), action: newPath }),
  );
  app.post(newPath, staff, (request, reply) => save(request, reply, { action: newPath }));

  const proposePath = `${AGENDA_PATH}/proposer`;
  const member = { config: { access: can.request } };
  app.get(proposePath, member, (request, reply) =>
    formPage(request, reply, {
      form: emptyForm({ capacity: '0' }),
      action: proposePath,
      propose: true,
    }),
  );
  app.post(proposePath, member, (request, reply) =>
    save(request, reply, { action: proposePath, propose: true }),
  );

  app.get<{ Params: { id: string } }>(`${ADMIN_PATH}/:id`, staff, async (request, reply) => {
    const event = await events.find(request.params.id);
    const values = { ...valuesOf(event), _fields: event.field_slugs.join(',') };
    return formPage(request, reply, {
      form: emptyForm(values),
      action: `${ADMIN_PATH}/${event.id}`,
      id: event.id,
      ...(event.image_key ? { image: `${AGENDA_PATH}/${event.slug}/image` } : {}),
    });
  });
  app.post<{ Params: { id: string } }>(`${ADMIN_PATH}/:id`, staff, async (request, reply) => {
    const event = await events.find(request.params.id);
    return save(request, reply, { action: `${ADMIN_PATH}/${event.id}`, id: event.id });
  });

  decisionRoutes(app, events);

  registrationStaffRoutes(app, registrations);
  exhibitionStaffRoutes(app, exhibitions);

  return { imageRefused: imageRefusal(events, formPage) };
}

/** staff's decisions on an event, each a POST then back to the list */
function decisionRoutes(app: FastifyInstance, events: EventsService) {
  const staff = { config: { access: can.manage } };
  const act = (
    path: string,
    work: (request: FastifyRequest<{ Params: { id: string } }>) => Promise<unknown>,
    flash: 'eventApproved' | 'eventDeclined' | 'eventCancelled',
  ) =>
    app.post<{ Params: { id: string } }>(
      `${ADMIN_PATH}/:id/${path}`,
      staff,
      async (request, reply) => {
        await work(request);
        return reply.flash(flash).redirect(request.href(ADMIN_PATH), 303);
      },
    );
  act('accepter', (r) => events.approve(r.actor, r.params.id), 'eventApproved');
  act('refuser', (r) => events.decline(r.actor, r.params.id), 'eventDeclined');
  act('annuler', (r) => events.cancel(r.actor, r.params.id), 'eventCancelled');
}
