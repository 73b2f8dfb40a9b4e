import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import type { BookingStatus } from '../db/venue.schema.ts';
import type { AppError } from '../kernel/errors.ts';
import { type Actor, isStaff, requireUser, type SignedInUser } from '../kernel/policy.ts';
import { allowancesOf, drawOf } from './allowances.ts';
import {
  bookingStatusFor,
  checkTimeRules,
  type Span,
  spanOf,
  type TimeInput,
} from './booking-rules.ts';
import { type BookingsErrorCode, bookingsError, bookingsErrorWith } from './bookings.errors.ts';
import {
  type BookingRow,
  bookingsRepository,
  type ClosureRow,
  type HoursRow,
  refusal,
  type SpaceRow,
} from './bookings.repository.ts';
import { addDays, parisDateTime, parisDay, parisMonth, parisTime } from './venue-time.ts';

/** the organisations a user is a member of, from the directory */
export type MembershipsOf = (
  userId: string,
) => Promise<{ id: string; slug: string; name: string }[]>;

export type BookingsDeps = {
  membershipsOf: MembershipsOf;
  /** the site's address as people reach it (the feeds' and mails' links) */
  publicUrl: () => string;
  /** the time the engine believes it is (tests move it) */
  clock?: () => Date;
};

/** what a booking asks besides its time: why, for which organisation, a staff override */
export type BookingOptions = {
  purpose?: string;
  /** whose allowance it draws on (one of the booker's organisations; the first by name if none) */
  organisationId?: string;
  /** staff only: books past an exhausted allowance, recorded with this reason */
  overrideReason?: string;
};

/** what a booking asks: its time, and the options */
export type BookingInput = TimeInput & BookingOptions;

/** a booking as the pages and the API show it, its times in Paris */
export type BookingView = {
  id: string;
  spaceId: string;
  unit: 'slot' | 'day';
  start: Date;
  end: Date;
  /** the first Paris day, and the day after the last (end exclusive) */
  day: string;
  toDay: string;
  /** Paris wall-clock times, 'HH:MM' (the end of a day: '24:00') */
  startTime: string;
  endTime: string;
  status: BookingStatus;
  checkedIn: boolean;
  organisationId: string | null;
  seriesId: string | null;
  isDemo: boolean;
};

export function viewOf(row: BookingRow, space: Pick<SpaceRow, 'unit'>): BookingView {
  const day = parisDay(row.start);
  const lastDay = parisDay(new Date(row.end.getTime() - 1));
  const endTime = parisDay(row.end) === day ? parisTime(row.end) : '24:00';
  return {
    id: row.id,
    spaceId: row.space_id,
    unit: space.unit,
    start: row.start,
    end: row.end,
    day,
    toDay: addDays(lastDay, 1),
    startTime: parisTime(row.start),
    endTime,
    status: row.status,
    checkedIn: row.checked_in_at !== null,
    organisationId: row.organisation_id,
    seriesId: row.series_id,
    isDemo: row.is_demo,
  };
}

const say = (fr: string, en: string) => ({ fr, en });

/** a space's rules and calendar for a period, read once for a booking or a series */
export type SpaceContext = {
  space: SpaceRow;
  hours: HoursRow[];
  closures: ClosureRow[];
};

/** who books, as the rules see them */
export type Booker = {
  user: SignedInUser;
  staff: boolean;
  memberships: { id: string; slug: string; name: string }[];
};

/** what the checks decided for one booking, ready to insert */
export type Prepared = {
  span: Span;
  status: 'confirmed' | 'requested';
  organisationId: string | null;
  overrideReason: string | null;
};

/**
 * The engine's steps, shared by single bookings, series, changes and the waitlist: read a space,
 * check a booking against its rules, insert it in a transaction with its allowance drawn, and
 * turn the database's refusals (SQLSTATE 23P01) into 409s naming the time taken.
 */
export function bookingCore(db: Kysely<DB>, deps: BookingsDeps) {
  const repo = bookingsRepository(db);
  const now = () => deps.clock?.() ?? new Date();

  async function spaceContext(
    idOrSlug: string,
    fromDay: string,
    toDay: string,
  ): Promise<SpaceContext> {
    const space = await repo.space(idOrSlug);
    if (!space) throw bookingsError('SPACE_NOT_FOUND');
    const [hours, closures] = await Promise.all([
      repo.hours(space.id),
      repo.closures(space, fromDay, toDay),
    ]);
    return { space, hours, closures };
  }

  async function booker(actor: Actor): Promise<Booker> {
    const user = requireUser(actor);
    const memberships = user.verified ? await deps.membershipsOf(user.id) : [];
    return { user, staff: isStaff(actor), memberships };
  }

  /** checks who books and when (not conflicts: the database decides those) */
  function prepare(ctx: SpaceContext, who: Booker, span: Span, input: BookingOptions): Prepared {
    const status = bookingStatusFor(ctx.space, {
      staff: who.staff,
      member: who.memberships.length > 0,
    });
    checkTimeRules(ctx.space, span, {
      now: now(),
      hours: ctx.hours,
      closures: ctx.closures,
      staff: who.staff,
    });
    let organisationId: string | null = who.memberships[0]?.id ?? null;
    if (input.organisationId) {
      if (!who.memberships.some((m) => m.id === input.organisationId)) {
        throw bookingsError('ALLOWANCE_ORGANISATION');
      }
      organisationId = input.organisationId;
    }
    const reason = input.overrideReason?.trim() ?? '';
    return {
      span,
      status,
      organisationId,
      overrideReason: who.staff && reason !== '' ? reason.slice(0, 500) : null,
    };
  }

  /**
   * The space's upcoming-bookings limit and the organisation's allowance, under locks held until
   * the transaction ends (one per member and space, one per organisation and month), so that
   * concurrent bookings cannot pass either together. `replacing`: the booking being moved.
   */
  async function checkLimits(
    trx: Kysely<DB>,
    ctx: SpaceContext,
    who: Booker,
    p: Prepared,
    replacing?: BookingRow,
  ): Promise<{ overridden: boolean }> {
    const { space } = ctx;
    const r = bookingsRepository(trx);
    if (!who.staff && space.max_upcoming_per_member !== null && !replacing) {
      await r.lockMember(who.user.id, space.id);
      if ((await r.upcomingCount(who.user.id, space.id, now())) >= space.max_upcoming_per_member) {
        throw bookingsErrorWith(
          'BOOKING_RULE_MAX_UPCOMING',
          say(
            `(${space.max_upcoming_per_member} au plus)`,
            `(${space.max_upcoming_per_member} at most)`,
          ),
        );
      }
    }
    if (!space.allowance || !p.organisationId || p.status !== 'confirmed')
      return { overridden: false };
    const kind = space.allowance;
    const month = parisMonth(p.span.start);
    const allowances = allowancesOf(trx);
    await allowances.lock(p.organisationId, month);
    const given = await allowances.given(p.organisationId, month, {
      coworking_days: space.default_coworking_days,
      meeting_hours: space.default_meeting_hours,
    });
    let used = (await allowances.used(p.organisationId, month))[kind];
    if (
      replacing &&
      replacing.status === 'confirmed' &&
      replacing.organisation_id === p.organisationId &&
      parisMonth(replacing.start) === month
    ) {
      used -= drawOf(kind, space.unit, replacing.start, replacing.end);
    }
    const draw = drawOf(kind, space.unit, p.span.start, p.span.end);
    const limit = given.amounts[kind];
    if (used + draw <= limit + 1e-9) return { overridden: false };
    if (p.overrideReason) return { overridden: true };
    const left = Math.max(0, Math.round((limit - used) * 100) / 100);
    const unit =
      kind === 'coworking_days'
        ? say('jour(s) de coworking', 'coworking day(s)')
        : say('heure(s) de salle', 'meeting-room hour(s)');
    throw bookingsErrorWith(
      'ALLOWANCE_EXHAUSTED',
      say(
        `Il reste ${left} ${unit.fr} sur ${limit} en ${month} ; cette réservation en demande ${draw}.`,
        `${left} ${unit.en} left of ${limit} in ${month}; this booking needs ${draw}.`,
      ),
    );
  }

  /** inserts a checked booking in the caller's transaction (limits, allowance, audit) */
  async function insertIn(
    trx: Kysely<DB>,
    ctx: SpaceContext,
    who: Booker,
    p: Prepared,
    extra: { seriesId?: string | null; purpose?: string } = {},
  ): Promise<BookingRow> {
    const { overridden } = await checkLimits(trx, ctx, who, p);
    const row = await bookingsRepository(trx).insert({
      spaceId: ctx.space.id,
      userId: who.user.id,
      organisationId: p.organisationId,
      seriesId: extra.seriesId ?? null,
      start: p.span.start,
      end: p.span.end,
      status: p.status,
      purpose: (extra.purpose ?? '').slice(0, 500),
      overrideBy: overridden ? who.user.id : null,
      overrideReason: overridden ? p.overrideReason : null,
    });
    if (overridden) {
      await appendAudit(trx, {
        actorId: who.user.id,
        subjectType: 'venue_booking',
        subjectId: row.id,
        action: 'allowance_overridden',
        after: {
          organisation_id: p.organisationId,
          kind: ctx.space.allowance,
          reason: p.overrideReason,
        },
      });
    }
    return row;
  }

  /**
   * The database's refusal as the engine answers it: an overlap (the exclusion constraint) names
   * the time already taken, in Paris; a full space (the capacity trigger) names the time asked.
   * Read after the refused transaction ended. Anything else is thrown as it is.
   */
  async function explainRefusal(
    error: unknown,
    ctx: SpaceContext,
    span: Span,
    exceptId?: string,
  ): Promise<unknown> {
    const kind = refusal(error);
    if (!kind) return error;
    const asked = `${parisDateTime(span.start)} – ${parisDateTime(span.end)}`;
    if (kind === 'full') {
      return bookingsErrorWith(
        'SPACE_FULL',
        say(`(${asked}, heure de Paris)`, `(${asked}, Paris time)`),
      );
    }
    const taken = (await repo.overlapping(ctx.space.id, span.start, span.end, exceptId))[0];
    if (!taken) return bookingsError('BOOKING_CONFLICT');
    const when = `${parisDateTime(taken.start)} – ${parisDateTime(taken.end)}`;
    return bookingsErrorWith(
      'BOOKING_CONFLICT',
      say(`Déjà réservé : ${when} (heure de Paris).`, `Already booked: ${when} (Paris time).`),
    );
  }

  /** one booking, checked and inserted in its own transaction */
  async function bookOne(actor: Actor, spaceId: string, input: BookingInput): Promise<BookingView> {
    const who = await booker(actor);
    const ctx0 = await repo.space(spaceId);
    if (!ctx0) throw bookingsError('SPACE_NOT_FOUND');
    const span = spanOf(ctx0, input);
    const ctx = await spaceContext(ctx0.id, span.fromDay, span.toDay);
    const p = prepare(ctx, who, span, input);
    try {
      const row = await db
        .transaction()
        .execute((trx) => insertIn(trx, ctx, who, p, { purpose: input.purpose }));
      return viewOf(row, ctx.space);
    } catch (error) {
      throw await explainRefusal(error, ctx, span);
    }
  }

  /** a booking the actor may act on: its booker's, or any for staff; else 404 (not found) / 403 */
  function mayActOn(actor: Actor, row: BookingRow | undefined): BookingRow {
    const user = requireUser(actor);
    if (!row) throw bookingsError('BOOKING_NOT_FOUND');
    if (row.user_id !== user.id && !isStaff(actor)) throw bookingsError('BOOKING_NOT_FOUND');
    return row;
  }

  return {
    repo,
    now,
    spaceContext,
    booker,
    prepare,
    checkLimits,
    insertIn,
    explainRefusal,
    bookOne,
    mayActOn,
    fail: (code: BookingsErrorCode): AppError => bookingsError(code),
  };
}

export type BookingCore = ReturnType<typeof bookingCore>;
