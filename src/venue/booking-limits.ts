import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { allowancesOf, drawIn, monthBounds, monthsOf } from './allowances.ts';
import type { Booker, Prepared, SpaceContext } from './booking-core.ts';
import type { Span } from './booking-rules.ts';
import { bookingsError, bookingsErrorWith } from './bookings.errors.ts';
import { type BookingRow, bookingsRepository, refusal } from './bookings.repository.ts';
import { parisDateTime } from './venue-time.ts';

const say = (fr: string, en: string) => ({ fr, en });

/**
 * The space's upcoming-bookings limit and the organisation's allowance, under locks held until
 * the transaction ends (one per member and space, one per organisation and month), so that
 * concurrent bookings cannot pass either together. `replacing`: the booking being moved.
 */
export async function checkLimits(
  trx: Kysely<DB>,
  ctx: SpaceContext,
  who: Booker,
  p: Prepared,
  now: Date,
  replacing?: BookingRow,
): Promise<{ overridden: boolean }> {
  const { space } = ctx;
  const r = bookingsRepository(trx);
  if (!who.staff && space.max_upcoming_per_member !== null && !replacing) {
    await r.lockMember(who.user.id, space.id);
    if ((await r.upcomingCount(who.user.id, space.id, now)) >= space.max_upcoming_per_member) {
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
  const allowances = allowancesOf(trx);
  // each month the booking touches, in order (so that concurrent bookings lock alike)
  let over: { month: string; used: number; draw: number; limit: number } | null = null;
  for (const month of monthsOf(p.span.start, p.span.end)) {
    await allowances.lock(p.organisationId, month);
    const bounds = monthBounds(month);
    const given = await allowances.given(p.organisationId, month, {
      coworking_days: space.default_coworking_days,
      meeting_hours: space.default_meeting_hours,
    });
    let used = (await allowances.used(p.organisationId, month))[kind];
    if (
      replacing &&
      replacing.status === 'confirmed' &&
      replacing.organisation_id === p.organisationId
    ) {
      used -= drawIn(kind, space.unit, replacing.start, replacing.end, bounds);
    }
    const draw = drawIn(kind, space.unit, p.span.start, p.span.end, bounds);
    const limit = given.amounts[kind];
    if (!over && used + draw > limit + 1e-9) over = { month, used, draw, limit };
  }
  if (!over) return { overridden: false };
  if (p.overrideReason) return { overridden: true };
  const { month, used, draw, limit } = over;
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

/**
 * The database's refusal as the engine answers it: an overlap (the exclusion constraint) names
 * the time already taken, in Paris; a full space (the capacity trigger) names the time asked.
 * Read after the refused transaction ended. Anything else is thrown as it is.
 */
export async function explainRefusal(
  db: Kysely<DB>,
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
  const taken = (
    await bookingsRepository(db).overlapping(ctx.space.id, span.start, span.end, exceptId)
  )[0];
  if (!taken) return bookingsError('BOOKING_CONFLICT');
  const when = `${parisDateTime(taken.start)} – ${parisDateTime(taken.end)}`;
  return bookingsErrorWith(
    'BOOKING_CONFLICT',
    say(`Déjà réservé : ${when} (heure de Paris).`, `Already booked: ${when} (Paris time).`),
  );
}
