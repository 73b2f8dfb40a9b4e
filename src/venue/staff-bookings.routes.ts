import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BookingStatus } from '../db/venue.schema.ts';
import { AppError } from '../kernel/errors.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { bookingsError } from './bookings.errors.ts';
import type { BookingsService } from './bookings.service.ts';
import {
  STAFF_BOOKINGS_PATH,
  type StaffBookingsData,
  StaffBookingsPage,
  type StaffIssue,
} from './pages/admin/StaffBookingsPage.tsx';
import { parisToday, plusDays, validDay } from './spaces.calendar.ts';
import { readBookingTime } from './spaces.member.routes.ts';
import { venuePolicy as can } from './venue.policy.ts';

export const staffBookingsFlash = {
  venueStaffConfirmed: (t) => t.venue.staffBookings.done.confirmed,
  venueStaffCancelled: (t) => t.venue.staffBookings.done.cancelled,
  venueStaffMoved: (t) => t.venue.staffBookings.done.moved,
  venueStaffBookedFor: (t) => t.venue.staffBookings.done.bookedFor,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof staffBookingsFlash, true> {}
}

const STATUSES: readonly BookingStatus[] = [
  'requested',
  'confirmed',
  'cancelled',
  'released',
  'held',
];
const LIMIT = 500;
/** the longest period listed at once, in days */
const MAX_DAYS = 92;

/** the list's filter read from a query (anything unreadable falls back to its default) */
export function readFilter(query: Record<string, unknown>) {
  const text = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '');
  const today = parisToday();
  const from = validDay(text('de')) ? text('de') : today;
  let to = validDay(text('a')) && text('a') >= from ? text('a') : plusDays(from, 13);
  if (to > plusDays(from, MAX_DAYS - 1)) to = plusDays(from, MAX_DAYS - 1);
  const status = STATUSES.find((s) => s === text('statut'));
  const space = /^[a-z0-9-]{1,100}$/.test(text('espace')) ? text('espace') : '';
  const values: Record<string, string> = { espace: space, de: from, a: to, statut: status ?? '' };
  const back = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '')).toString();
  return { values, back, from, to, status, space };
}

type Filter = ReturnType<typeof readFilter>;

/** the filter an action was posted from (its `retour` field), so that it comes back to it */
function filterOfBody(body: unknown, space?: string): Filter {
  const back = formValues(body).retour ?? '';
  const query = Object.fromEntries(new URLSearchParams(back.slice(0, 500)));
  return readFilter(space ? { ...query, espace: space } : query);
}

/** the engine's refusal as a message; anything else (a 404, a bug) is thrown on */
function refusalText(error: unknown, locale: 'fr' | 'en') {
  if (!bookingsError.is(error) || !(error instanceof AppError) || error.status === 404) {
    throw error;
  }
  return { message: error.text(locale), status: error.status };
}

/**
 * The staff's bookings page (`/admin/lieu/reservations`): every booking of a period, and what
 * staff do to each (confirm, cancel, move), or for a member (book, with an override). Every
 * action is the engine's; a refusal shows the list again with the message on its form.
 */
export function staffBookingsRoutes(app: FastifyInstance, bookings: BookingsService) {
  const staff = { config: { access: can.manage } };
  type IdParams = { Params: { id: string } };

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    filter: Filter,
    issue?: StaffIssue,
    status = 200,
  ) {
    const actor = request.actor;
    const [ctx, spaces] = await Promise.all([request.pageContext(), bookings.staff.spaces(actor)]);
    const chosen = spaces.find((s) => s.slug === filter.space) ?? null;
    const rows = await bookings.staff.list(actor, {
      spaceId: chosen?.id,
      fromDay: filter.from,
      toDay: plusDays(filter.to, 1),
      status: filter.status,
    });
    const data: StaffBookingsData = {
      filter: filter.values,
      back: filter.back,
      spaces,
      chosen,
      rows: filter.space !== '' && !chosen ? [] : rows,
      limit: LIMIT,
    };
    return reply.html(StaffBookingsPage({ ctx, data, issue, status }), status);
  }

  const backTo = (request: FastifyRequest, filter: Filter) =>
    request.href(`${STAFF_BOOKINGS_PATH}${filter.back ? `?${filter.back}` : ''}`);

  app.get(STAFF_BOOKINGS_PATH, staff, (request, reply) =>
    listPage(request, reply, readFilter((request.query ?? {}) as Record<string, unknown>)),
  );

  /** an action on one booking: done, then the list; or the list with the refusal on its form */
  function onBooking(
    verb: string,
    done: keyof typeof staffBookingsFlash,
    act: (
      request: FastifyRequest<IdParams>,
      values: Record<string, string>,
    ) => Promise<{ errors: Record<string, string> } | undefined>,
  ) {
    app.post<IdParams>(`${STAFF_BOOKINGS_PATH}/:id/${verb}`, staff, async (request, reply) => {
      const filter = filterOfBody(request.body);
      const values = formValues(request.body);
      const target = request.params.id;
      try {
        const bad = await act(request, values);
        if (bad) {
          const ctx = await request.pageContext();
          const issue = { target, values, errors: bad.errors, message: ctx.t.form.errorSummary };
          return listPage(request, reply, filter, issue, 422);
        }
      } catch (error) {
        const ctx = await request.pageContext();
        const r = refusalText(error, ctx.locale);
        return listPage(request, reply, filter, { target, values, errors: {}, ...r }, r.status);
      }
      return reply.flash(done).redirect(backTo(request, filter), 303);
    });
  }

  onBooking('confirmer', 'venueStaffConfirmed', async (request) => {
    await bookings.confirm(request.actor, request.params.id);
    return undefined;
  });

  onBooking('annuler', 'venueStaffCancelled', async (request) => {
    await bookings.cancel(request.actor, request.params.id);
    return undefined;
  });

  onBooking('deplacer', 'venueStaffMoved', async (request, values) => {
    const space = await bookings.staff.spaceOfBooking(request.actor, request.params.id);
    if (!space) throw bookingsError('BOOKING_NOT_FOUND');
    const ctx = await request.pageContext();
    const read = readBookingTime(ctx, space, values);
    if (!read.ok) return { errors: read.errors };
    await bookings.change(request.actor, request.params.id, read.input);
    return undefined;
  });

  app.post<{ Querystring: { espace?: string } }>(
    `${STAFF_BOOKINGS_PATH}/nouvelle`,
    staff,
    async (request, reply) => {
      const space = await bookings.space(String(request.query?.espace ?? ''));
      const shown = filterOfBody(request.body, space.slug);
      const ctx = await request.pageContext();
      const values = formValues(request.body);
      const read = readBookingTime(ctx, space, values);
      const errors = read.ok ? {} : { ...read.errors };
      if (!(values.membre ?? '').includes('@')) errors.membre = ctx.t.venue.booking.required;
      if (!read.ok || Object.keys(errors).length > 0) {
        return listPage(request, reply, shown, { target: 'new', values, errors }, 422);
      }
      try {
        await bookings.staff.bookFor(request.actor, values.membre ?? '', space.id, {
          ...read.input,
          organisationId: values.organisation?.trim() || undefined,
          overrideReason: values.depassement?.trim() || undefined,
        });
      } catch (error) {
        const r = refusalText(error, ctx.locale);
        return listPage(
          request,
          reply,
          shown,
          { target: 'new', values, errors: {}, ...r },
          r.status,
        );
      }
      return reply.flash('venueStaffBookedFor').redirect(backTo(request, shown), 303);
    },
  );
}
