import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import type { BookingStatus } from '../db/venue.schema.ts';
import type { AppError } from '../kernel/errors.ts';
import { type Actor, isStaff, requireUser, type SignedInUser } from '../kernel/policy.ts';
import { checkLimits, explainRefusal } from './booking-limits.ts';
import {
  bookingStatusFor,
  checkTimeRules,
  type Span,
  spanOf,
  type TimeInput,
} from './booking-rules.ts';
import { type BookingsErrorCode, bookingsError } from './bookings.errors.ts';
import {
  type BookingRow,
  bookingsRepository,
  type ClosureRow,
  type HoursRow,
  type SpaceRow,
} from './bookings.repository.ts';
import { addDays, parisDay, parisTime } from './venue-time.ts';

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
  /**
   * whose allowance it draws on: one of the booker's organisations, by id or slug (the first by
   * name if none)
   */
  organisationId?: string;
  /** staff only: books past an exhausted allowance, recorded with this reason */
  overrideReason?: string;
  /**
   * a stay of several days (an exhibition: a booking of the whole space) may run across the
   * days the space is closed; its first and last days must be open
   */
  acrossClosedDays?: boolean;
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

const _say = (fr: string, en: string) => ({ fr, en });

/** a space's rules and calendar for a period, read once for a booking or a series */
export type SpaceContext = {
  space: SpaceRow;
  hours: HoursRow[];
  closures: ClosureRow[];
};

/** who books, as the rules see them */
export type Booker = {
  /** whose booking it is */
  user: SignedInUser;
  /** the rules a member of staff skips (also when staff book for a member) */
  staff: boolean;
  memberships: { id: string; slug: string; name: string }[];
  /** the member of staff who books for `user` (recorded as the override's author), or null */
  actedBy: SignedInUser | null;
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
    const ctx = await repo.spaceCalendar(idOrSlug, fromDay, toDay);
    if (!ctx) throw bookingsError('SPACE_NOT_FOUND');
    return ctx;
  }

  /** who books: the actor, or — staff only — the member they book for */
  async function booker(actor: Actor, forUser?: SignedInUser): Promise<Booker> {
    const user = requireUser(actor);
    if (forUser && forUser.id !== user.id) {
      if (!isStaff(actor)) throw bookingsError('BOOKING_NOT_FOUND');
      const memberships = await deps.membershipsOf(forUser.id);
      return { user: forUser, staff: true, memberships, actedBy: user };
    }
    const memberships = user.verified ? await deps.membershipsOf(user.id) : [];
    return { user, staff: isStaff(actor), memberships, actedBy: null };
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
      acrossClosedDays: input.acrossClosedDays === true && who.staff,
    });
    let organisationId: string | null = who.memberships[0]?.id ?? null;
    const chosen = input.organisationId?.trim();
    if (chosen) {
      const m = who.memberships.find((o) => o.id === chosen || o.slug === chosen);
      if (!m) throw bookingsError('ALLOWANCE_ORGANISATION');
      organisationId = m.id;
    }
    const reason = input.overrideReason?.trim() ?? '';
    return {
      span,
      status,
      organisationId,
      overrideReason: who.staff && reason !== '' ? reason.slice(0, 500) : null,
    };
  }

  /** inserts a checked booking in the caller's transaction (limits, allowance, audit) */
  async function insertIn(
    trx: Kysely<DB>,
    ctx: SpaceContext,
    who: Booker,
    p: Prepared,
    extra: { seriesId?: string | null; purpose?: string; whole?: boolean; isDemo?: boolean } = {},
  ): Promise<BookingRow> {
    const { overridden } = await checkLimits(trx, ctx, who, p, now());
    const author = who.actedBy ?? who.user;
    const row = await bookingsRepository(trx).insert({
      spaceId: ctx.space.id,
      userId: who.user.id,
      organisationId: p.organisationId,
      seriesId: extra.seriesId ?? null,
      start: p.span.start,
      end: p.span.end,
      status: p.status,
      purpose: (extra.purpose ?? '').slice(0, 500),
      overrideBy: overridden ? author.id : null,
      overrideReason: overridden ? p.overrideReason : null,
      whole: extra.whole ?? false,
      isDemo: extra.isDemo ?? false,
    });
    if (overridden) {
      await appendAudit(trx, {
        actorId: author.id,
        subjectType: 'venue_booking',
        subjectId: row.id,
        action: 'allowance_overridden',
        after: {
          organisation_id: p.organisationId,
          kind: ctx.space.allowance,
          reason: p.overrideReason,
          booked_for: who.user.id,
        },
      });
    }
    return row;
  }

  /** one booking, checked and inserted in its own transaction (staff: for `forUser`, if given) */
  async function bookOne(
    actor: Actor,
    spaceId: string,
    input: BookingInput,
    forUser?: SignedInUser,
  ): Promise<BookingView> {
    const who = await booker(actor, forUser);
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
      throw await explainRefusal(db, error, ctx, span);
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
    checkLimits: (
      trx: Kysely<DB>,
      ctx: SpaceContext,
      who: Booker,
      p: Prepared,
      replacing?: BookingRow,
    ) => checkLimits(trx, ctx, who, p, now(), replacing),
    insertIn,
    explainRefusal: (error: unknown, ctx: SpaceContext, span: Span, exceptId?: string) =>
      explainRefusal(db, error, ctx, span, exceptId),
    bookOne,
    mayActOn,
    fail: (code: BookingsErrorCode): AppError => bookingsError(code),
  };
}

export type BookingCore = ReturnType<typeof bookingCore>;
