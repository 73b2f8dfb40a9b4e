import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldErrors } from '../kernel/errors.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import type { PageContext } from '../web/context.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { bookingsError } from './bookings.errors.ts';
import type { BookingInput, BookingsService, RecurringInput } from './bookings.service.ts';
import { BookingFormPage } from './pages/BookingFormPage.tsx';
import { BOOKINGS_PATH } from './pages/common.tsx';
import { CancelPage, MyBookingsPage } from './pages/MyBookingsPage.tsx';
import { RecurringPage } from './pages/RecurringPage.tsx';
import { parisToday, plusDays, validDay } from './spaces.calendar.ts';
import type { SpacesService, SpaceView } from './spaces.service.ts';
import { isUuid } from './spaces.service.ts';
import { venuePolicy as can } from './venue.policy.ts';

export const venueBookingFlash = {
  venueBookingSaved: (t) => t.venue.booking.saved,
  venueBookingCancelled: (t) => t.venue.booking.cancelled,
  venueCheckedIn: (t) => t.venue.booking.checkedIn,
  venueFeedRevoked: (t) => t.venue.booking.feedRevoked,
  venueWaitlistJoined: (t) => t.venue.booking.waitlistJoined,
  venueWaitlistLeft: (t) => t.venue.booking.waitlistLeft,
  venueRecurringBooked: (t) => t.venue.booking.recurringSaved,
  venueRecurringNone: (t) => t.venue.booking.recurringNone,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof venueBookingFlash, true> {}
}

const TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;
const time = (typed: string | undefined) => {
  const t = (typed ?? '').trim().replace('h', ':');
  return TIME.test(t) ? t.padStart(5, '0') : null;
};

/** the booking form's time, or the problems of its fields */
export function readBookingTime(
  ctx: PageContext,
  space: Pick<SpaceView, 'unit'>,
  values: Record<string, string>,
): { ok: true; input: BookingInput } | { ok: false; errors: FieldErrors } {
  const b = ctx.t.venue.booking;
  const errors: FieldErrors = {};
  const day = (field: string) => {
    const typed = (values[field] ?? '').trim();
    if (typed === '') errors[field] = b.required;
    else if (!validDay(typed)) errors[field] = b.notADay;
    return typed;
  };
  const purpose = (values.objet ?? '').trim().slice(0, 500);
  // whose allowance, when the member chose among several organisations
  const chosen = (values.organisation ?? '').trim().slice(0, 100);
  const options = chosen ? { purpose, organisationId: chosen } : { purpose };
  if (space.unit === 'slot') {
    const date = day('date');
    const start = time(values.debut);
    const end = time(values.fin);
    if (!start) errors.debut = values.debut?.trim() ? b.notATime : b.required;
    if (!end) errors.fin = values.fin?.trim() ? b.notATime : b.required;
    if (Object.keys(errors).length > 0 || !start || !end) return { ok: false, errors };
    return { ok: true, input: { day: date, start, end, ...options } };
  }
  const from = day('du');
  const to = (values.au ?? '').trim() === '' ? from : day('au');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { fromDay: from, toDay: plusDays(to, 1), ...options } };
}

/** a refusal of the engine, as the form shows it: under its input, or over the form */
function refusalForm(ctx: PageContext, error: unknown, values: Record<string, string>) {
  if (!bookingsError.is(error) || !(error instanceof AppError)) return null;
  const text = error.text(ctx.locale);
  const form: FormState = { values, errors: {} };
  if (error.code === 'NONEXISTENT_LOCAL_TIME') form.errors.debut = text;
  else if (error.code.startsWith('BOOKING_RULE_') || error.code.startsWith('ALLOWANCE_'))
    form.message = `${ctx.t.venue.booking.refused} ${text}`;
  else form.message = text;
  const full = error.code === 'BOOKING_CONFLICT' || error.code === 'SPACE_FULL';
  return { form, status: error.status, full };
}

type SpaceOf = (
  request: FastifyRequest<{ Querystring: { espace?: string } }>,
  reply: FastifyReply,
) => Promise<SpaceView | null>;

/**
 * A form that names a time in a space (book it, or wait for it): the time read, the action
 * done, then "my bookings"; or the form again with what was typed and why it was refused.
 */
function timeForm(
  bookings: BookingsService,
  spaceOf: SpaceOf,
  act: (actor: FastifyRequest['actor'], spaceId: string, input: BookingInput) => Promise<unknown>,
  options: { done: keyof typeof venueBookingFlash; offersWaitlist: boolean },
) {
  return async (
    request: FastifyRequest<{ Querystring: { espace?: string } }>,
    reply: FastifyReply,
  ) => {
    const space = await spaceOf(request, reply);
    if (!space) return reply;
    const [ctx, allowances] = await Promise.all([
      request.pageContext(),
      bookings.allowances(request.actor),
    ]);
    const values = formValues(request.body);
    const read = readBookingTime(ctx, space, values);
    if (!read.ok) {
      const form = { values, errors: read.errors };
      return reply.html(BookingFormPage({ ctx, space, form, allowances, status: 422 }), 422);
    }
    try {
      await act(request.actor, space.id, read.input);
    } catch (error) {
      const refused = refusalForm(ctx, error, values);
      if (!refused) throw error;
      const page = BookingFormPage({
        ctx,
        space,
        form: refused.form,
        allowances,
        status: refused.status,
        ...(options.offersWaitlist ? { waitlist: refused.full } : {}),
      });
      return reply.html(page, refused.status);
    }
    return reply.flash(options.done).redirect(request.href(BOOKINGS_PATH), 303);
  };
}

/** The member's booking pages: the form, "my bookings", cancel, check-in, series, calendar, waitlist. */
export function venueMemberRoutes(
  app: FastifyInstance,
  deps: { spaces: SpacesService; bookings: BookingsService },
) {
  const { spaces, bookings } = deps;
  const member = { config: { access: can.book } };
  type SpaceQuery = { Querystring: { espace?: string } };

  async function spaceOf(request: FastifyRequest<SpaceQuery>, reply: FastifyReply) {
    const slug = request.query?.espace ?? '';
    if (slug === '') {
      reply.redirect(request.href('/lieu'), 303);
      return null;
    }
    return (await spaces.space(slug, parisToday())).space;
  }

  async function myBookings(request: FastifyRequest, reply: FastifyReply, feedUrl?: string) {
    const actor = request.actor;
    const [ctx, coming, past, allowances, feed, waiting] = await Promise.all([
      request.pageContext(),
      bookings.mine(actor),
      bookings.mine(actor, { past: true }),
      bookings.allowances(actor),
      bookings.feeds.exists(actor),
      bookings.waitlist.mine(actor),
    ]);
    const waitlist = waiting.map((w) => ({
      id: w.id,
      spaceName: ctx.locale === 'en' ? w.space_name_en : w.space_name_fr,
      start: w.start,
      end: w.end,
      status: w.status,
      offerExpiresAt: w.offer_expires_at,
    }));
    return reply.html(
      MyBookingsPage({
        ctx,
        // cancelled (or released) bookings of the coming days are listed apart
        upcoming: coming.filter((b) => b.status === 'confirmed' || b.status === 'requested'),
        cancelled: coming.filter((b) => b.status === 'cancelled' || b.status === 'released'),
        past: past.slice(0, 50),
        allowances,
        feed,
        feedUrl,
        waitlist,
        now: new Date(),
      }),
    );
  }

  app.get(BOOKINGS_PATH, member, (request, reply) => myBookings(request, reply));

  app.get<SpaceQuery & { Querystring: Record<string, string> }>(
    `${BOOKINGS_PATH}/nouvelle`,
    member,
    async (request, reply) => {
      const space = await spaceOf(request, reply);
      if (!space) return reply;
      const [ctx, allowances] = await Promise.all([
        request.pageContext(),
        bookings.allowances(request.actor),
      ]);
      const q = request.query;
      const values: Record<string, string> = {};
      for (const k of ['date', 'debut', 'fin', 'du', 'au'])
        if (typeof q[k] === 'string') values[k] = q[k].slice(0, 10);
      // from a full cell of the grid: the form with the waiting list offered for that time
      const full = q.attente === '1';
      const form = emptyForm(values);
      return reply.html(BookingFormPage({ ctx, space, form, allowances, waitlist: full }));
    },
  );

  app.post<SpaceQuery>(
    `${BOOKINGS_PATH}/nouvelle`,
    member,
    timeForm(bookings, spaceOf, (actor, id, input) => bookings.book(actor, id, input), {
      done: 'venueBookingSaved',
      offersWaitlist: true,
    }),
  );

  actionRoutes(app, deps, { spaceOf, myBookings });
  recurringRoutes(app, deps, spaceOf, refusalForm);
}

/** what one does to a booking, a calendar link or a waitlist entry from "my bookings" */
function actionRoutes(
  app: FastifyInstance,
  { bookings }: { spaces: SpacesService; bookings: BookingsService },
  pages: {
    spaceOf: SpaceOf;
    myBookings: (
      request: FastifyRequest,
      reply: FastifyReply,
      feedUrl?: string,
    ) => Promise<FastifyReply>;
  },
) {
  const member = { config: { access: can.book } };
  type SpaceQuery = { Querystring: { espace?: string } };
  type IdParams = { Params: { id: string } };
  const { spaceOf, myBookings } = pages;

  async function ownBooking(request: FastifyRequest<IdParams>) {
    const id = request.params.id;
    const found = isUuid(id)
      ? (await bookings.mine(request.actor)).find((b) => b.id === id)
      : undefined;
    if (!found) throw bookingsError('BOOKING_NOT_FOUND');
    return found;
  }

  app.get<IdParams>(`${BOOKINGS_PATH}/:id/annuler`, member, async (request, reply) => {
    const [ctx, booking] = await Promise.all([request.pageContext(), ownBooking(request)]);
    return reply.html(CancelPage({ ctx, booking }));
  });

  app.post<IdParams>(`${BOOKINGS_PATH}/:id/annuler`, member, async (request, reply) => {
    const booking = await ownBooking(request);
    await bookings.cancel(request.actor, booking.id);
    return reply.flash('venueBookingCancelled').redirect(request.href(BOOKINGS_PATH), 303);
  });

  app.post<IdParams>(`${BOOKINGS_PATH}/:id/presence`, member, async (request, reply) => {
    const booking = await ownBooking(request);
    await bookings.checkIn(request.actor, booking.id);
    return reply.flash('venueCheckedIn').redirect(request.href(BOOKINGS_PATH), 303);
  });

  app.post(`${BOOKINGS_PATH}/agenda`, member, async (request, reply) => {
    const { url } = await bookings.feeds.create(request.actor);
    return myBookings(request, reply, url);
  });

  app.post(`${BOOKINGS_PATH}/agenda/revoquer`, member, async (request, reply) => {
    await bookings.feeds.revoke(request.actor);
    return reply.flash('venueFeedRevoked').redirect(request.href(BOOKINGS_PATH), 303);
  });

  app.post<SpaceQuery>(
    `${BOOKINGS_PATH}/attente`,
    member,
    timeForm(bookings, spaceOf, (actor, id, input) => bookings.waitlist.join(actor, id, input), {
      done: 'venueWaitlistJoined',
      offersWaitlist: false,
    }),
  );

  app.post<IdParams>(`${BOOKINGS_PATH}/attente/:id/quitter`, member, async (request, reply) => {
    if (!isUuid(request.params.id)) throw bookingsError('WAITLIST_NOT_FOUND');
    await bookings.waitlist.leave(request.actor, request.params.id);
    return reply.flash('venueWaitlistLeft').redirect(request.href(BOOKINGS_PATH), 303);
  });

  app.post<IdParams>(`${BOOKINGS_PATH}/attente/:id/accepter`, member, async (request, reply) => {
    if (!isUuid(request.params.id)) throw bookingsError('WAITLIST_NOT_FOUND');
    await bookings.waitlist.accept(request.actor, request.params.id);
    return reply.flash('venueBookingSaved').redirect(request.href(BOOKINGS_PATH), 303);
  });
}

function recurringRoutes(
  app: FastifyInstance,
  { bookings }: { spaces: SpacesService; bookings: BookingsService },
  spaceOf: SpaceOf,
  refused: typeof refusalForm,
) {
  const member = { config: { access: can.book } };
  const path = `${BOOKINGS_PATH}/repetee`;

  app.get<{ Querystring: { espace?: string } }>(path, member, async (request, reply) => {
    const space = await spaceOf(request, reply);
    if (!space) return reply;
    const ctx = await request.pageContext();
    const form = emptyForm({ frequence: 'weekly', date: plusDays(parisToday(), 1), nombre: '4' });
    return reply.html(RecurringPage({ ctx, space, form }));
  });

  app.post<{ Querystring: { espace?: string } }>(path, member, async (request, reply) => {
    const space = await spaceOf(request, reply);
    if (!space) return reply;
    const ctx = await request.pageContext();
    const b = ctx.t.venue.booking;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const weekdays = [body.jour]
      .flat()
      .map((d) => Number(d))
      .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
    const values: Record<string, string> = { ...formValues(body), jours: weekdays.join(',') };
    const mode = values.mode;
    if (mode === 'none')
      return reply.flash('venueRecurringNone').redirect(request.href(BOOKINGS_PATH), 303);
    const read = readBookingTime(ctx, space, values);
    const errors: FieldErrors = read.ok ? {} : { ...read.errors };
    const until = (values.jusqu_au ?? '').trim();
    const count = (values.nombre ?? '').trim();
    if (until !== '' && !validDay(until)) errors.jusqu_au = b.notADay;
    if (until === '' && !/^\d{1,3}$/.test(count)) errors.nombre = b.countOrUntil;
    if (!read.ok || Object.keys(errors).length > 0)
      return reply.html(RecurringPage({ ctx, space, form: { values, errors }, status: 422 }), 422);
    const t = read.input as { day: string; start: string; end: string };
    const input: RecurringInput = {
      frequency: values.frequence === 'daily' ? 'daily' : 'weekly',
      weekdays: weekdays.length > 0 ? weekdays : undefined,
      firstDay: t.day,
      start: t.start,
      end: t.end,
      ...(until !== '' ? { until } : { count: Number(count) }),
      mode: mode === 'free_only' ? 'free_only' : 'preview',
    };
    try {
      const report = await bookings.bookRecurring(request.actor, space.id, input);
      if (input.mode === 'free_only')
        return reply
          .flash(report.booked > 0 ? 'venueRecurringBooked' : 'venueRecurringNone')
          .redirect(request.href(BOOKINGS_PATH), 303);
      return reply.html(RecurringPage({ ctx, space, form: { values, errors: {} }, report }));
    } catch (error) {
      const r = refused(ctx, error, values);
      if (!r) throw error;
      return reply.html(RecurringPage({ ctx, space, form: r.form, status: r.status }), r.status);
    }
  });
}
