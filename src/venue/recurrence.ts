import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import type { Actor } from '../kernel/policy.ts';
import type { BookingCore, BookingOptions } from './booking-core.ts';
import { type Span, spanOf } from './booking-rules.ts';
import { bookingsError, ruleOf } from './bookings.errors.ts';
import { bookingsRepository, refusal } from './bookings.repository.ts';
import { addDays, daysBetween, isDay, isoWeekday, parisDateTime } from './venue-time.ts';

/** the most occurrences one request may hold */
export const MAX_OCCURRENCES = 100;

/**
 * A recurring request: from `firstDay`, every day (`daily`) or on the ISO weekdays given
 * (`weekly`, 1 = Monday; the first day's weekday when none), until a day (inclusive) or for
 * `count` occurrences — 100 at most, within a year. Each occurrence keeps the local times typed
 * (`start`–`end` for a slot space; `days` whole days for a day space), so a weekly 09:00 stays at
 * 09:00 in Paris across the changes of time.
 */
export type RecurringInput = BookingOptions & {
  frequency: 'daily' | 'weekly';
  weekdays?: number[];
  firstDay: string;
  start?: string;
  end?: string;
  days?: number;
  until?: string;
  count?: number;
  /** preview: nothing is booked; free_only: the free ones; all_or_none: all of them, or none */
  mode: 'preview' | 'free_only' | 'all_or_none';
};

export type OccurrenceOutcome = 'booked' | 'free' | 'conflict' | 'full' | 'rule';

export type OccurrenceReport = {
  day: string;
  start: Date | null;
  end: Date | null;
  /** booked; free (would be booked: preview, or all_or_none that booked none); or refused */
  outcome: OccurrenceOutcome;
  /** the error's code when refused, and the rule it names */
  code?: string;
  rule?: string;
  message?: Record<Locale, string>;
  bookingId?: string;
};

export type RecurringReport = {
  mode: RecurringInput['mode'];
  seriesId: string | null;
  occurrences: OccurrenceReport[];
  booked: number;
  refused: number;
};

/** the days of a recurrence, or a 422 RECURRENCE_INVALID */
export function occurrenceDays(input: RecurringInput): string[] {
  const bad = () => bookingsError('RECURRENCE_INVALID');
  if (!isDay(input.firstDay) || (input.until !== undefined && !isDay(input.until))) throw bad();
  if (input.until === undefined && input.count === undefined) throw bad();
  if (
    input.count !== undefined &&
    (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_OCCURRENCES)
  ) {
    throw bad();
  }
  const weekdays =
    input.frequency === 'weekly'
      ? input.weekdays?.length
        ? input.weekdays
        : [isoWeekday(input.firstDay)]
      : [1, 2, 3, 4, 5, 6, 7];
  if (weekdays.some((w) => !Number.isInteger(w) || w < 1 || w > 7)) throw bad();
  const last = input.until ?? addDays(input.firstDay, 366);
  if (daysBetween(input.firstDay, last) < 0 || daysBetween(input.firstDay, last) > 366) throw bad();
  const limit = Math.min(input.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const days: string[] = [];
  for (let day = input.firstDay; day <= last && days.length < limit; day = addDays(day, 1)) {
    if (weekdays.includes(isoWeekday(day))) days.push(day);
  }
  if (
    input.until !== undefined &&
    days.length === MAX_OCCURRENCES &&
    addDays(days[days.length - 1] ?? last, 1) <= last
  ) {
    // more than 100 before the end day: refused rather than cut silently
    const more = weekdaysBetween(addDays(days[days.length - 1] ?? last, 1), last, weekdays);
    if (more) throw bad();
  }
  if (days.length === 0) throw bad();
  return days;
}

function weekdaysBetween(from: string, to: string, weekdays: number[]): boolean {
  for (let d = from; d <= to; d = addDays(d, 1)) if (weekdays.includes(isoWeekday(d))) return true;
  return false;
}

/** the sentinel that rolls a preview (or a refused all_or_none) back */
class RollBack extends Error {}

const text = (e: AppError) => ({ fr: e.text('fr'), en: e.text('en') });

export function recurrenceService(db: Kysely<DB>, core: BookingCore) {
  return {
    /**
     * Checks every occurrence (rules, allowance, conflicts — the last by the database itself, each
     * insert under a savepoint) in one transaction, then commits the booked ones (free_only), all
     * (all_or_none, when none was refused) or nothing (preview; all_or_none with a refusal).
     */
    async book(actor: Actor, spaceId: string, input: RecurringInput): Promise<RecurringReport> {
      const who = await core.booker(actor);
      const s = await core.repo.space(spaceId);
      if (!s) throw bookingsError('SPACE_NOT_FOUND');
      const days = occurrenceDays(input);
      const ctx = await core.spaceContext(
        s.id,
        days[0] ?? input.firstDay,
        addDays(days[days.length - 1] ?? input.firstDay, (input.days ?? 1) + 1),
      );
      const occurrences: OccurrenceReport[] = days.map((day) => ({
        day,
        start: null,
        end: null,
        outcome: 'free',
      }));
      const refuse = (o: OccurrenceReport, e: AppError) => {
        o.outcome = 'rule';
        o.code = e.code;
        o.rule = ruleOf(e.code);
        o.message = text(e);
      };
      const spans: (Span | null)[] = days.map((day, i) => {
        const o = occurrences[i] as OccurrenceReport;
        try {
          const span =
            s.unit === 'day'
              ? spanOf(s, { fromDay: day, toDay: addDays(day, Math.max(1, input.days ?? 1)) })
              : spanOf(s, { day, start: input.start ?? '', end: input.end ?? '' });
          o.start = span.start;
          o.end = span.end;
          core.prepare(ctx, who, span, input);
          return span;
        } catch (error) {
          if (error instanceof AppError) refuse(o, error);
          else throw error;
          return null;
        }
      });
      let seriesId: string | null = null;
      try {
        await db.transaction().execute(async (trx) => {
          const repo = bookingsRepository(trx);
          if (input.mode !== 'preview') {
            seriesId = await repo.createSeries(s.id, who.user.id, { ...input, mode: undefined });
          }
          for (const [i, span] of spans.entries()) {
            const o = occurrences[i] as OccurrenceReport;
            if (!span) continue;
            await repo.savepoint('occurrence');
            try {
              const p = core.prepare(ctx, who, span, input);
              const row = await core.insertIn(trx, ctx, who, p, {
                seriesId,
                purpose: input.purpose,
              });
              await repo.release('occurrence');
              o.outcome = input.mode === 'preview' ? 'free' : 'booked';
              if (input.mode !== 'preview') o.bookingId = row.id;
            } catch (error) {
              await repo.rollbackTo('occurrence');
              await explain(trx, o, error, s.id, span);
            }
          }
          const refused = occurrences.some((o) => o.outcome !== 'booked' && o.outcome !== 'free');
          if (input.mode === 'preview' || (input.mode === 'all_or_none' && refused))
            throw new RollBack();
        });
      } catch (error) {
        if (!(error instanceof RollBack)) throw error;
        seriesId = null;
        for (const o of occurrences) {
          if (o.outcome === 'booked') o.outcome = 'free';
          delete o.bookingId;
        }
      }
      const booked = occurrences.filter((o) => o.outcome === 'booked').length;
      const refused = occurrences.filter(
        (o) => o.outcome !== 'booked' && o.outcome !== 'free',
      ).length;
      return { mode: input.mode, seriesId, occurrences, booked, refused };
    },
  };

  async function explain(
    trx: Kysely<DB>,
    o: OccurrenceReport,
    error: unknown,
    spaceId: string,
    span: Span,
  ) {
    const kind = refusal(error);
    if (kind === 'full') {
      o.outcome = 'full';
      o.code = 'SPACE_FULL';
      o.message = text(bookingsError('SPACE_FULL'));
      return;
    }
    if (kind === 'conflict') {
      const taken = (await bookingsRepository(trx).overlapping(spaceId, span.start, span.end))[0];
      o.outcome = 'conflict';
      o.code = 'BOOKING_CONFLICT';
      const when = taken ? `${parisDateTime(taken.start)} – ${parisDateTime(taken.end)}` : '';
      const base = bookingsError('BOOKING_CONFLICT');
      o.message = {
        fr: `${base.text('fr')}${when ? ` Déjà réservé : ${when} (heure de Paris).` : ''}`,
        en: `${base.text('en')}${when ? ` Already booked: ${when} (Paris time).` : ''}`,
      };
      return;
    }
    if (error instanceof AppError) {
      o.outcome = 'rule';
      o.code = error.code;
      o.rule = ruleOf(error.code);
      o.message = text(error);
      return;
    }
    throw error;
  }
}
