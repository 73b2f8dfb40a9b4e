import { z } from 'zod';
import type { BookingInput } from './booking-core.ts';
import { localAt, type TimeInput } from './booking-rules.ts';
import { bookingsErrorWith } from './bookings.errors.ts';
import type { SpaceRow } from './bookings.repository.ts';
import { isDay } from './venue-time.ts';

/** The venue API's shapes (OpenAPI through the route schemas). */

export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
    rule: z.string().optional().describe('the booking rule broken (a 422 of a rule)'),
  }),
});

export const dayString = z
  .string()
  .max(10)
  .refine(isDay, 'a day as YYYY-MM-DD that exists')
  .describe('a Paris day, YYYY-MM-DD');

export const spaceJson = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  capacity: z.number().int(),
  unit: z.enum(['slot', 'day']),
  slot_minutes: z.number().int().nullable(),
  rules: z.object({
    length_unit: z.enum(['minutes', 'days']),
    min_length: z.number().int(),
    max_length: z.number().int(),
    min_notice_minutes: z.number().int(),
    max_days_ahead: z.number().int(),
    who_may_book: z.enum(['members', 'staff', 'public_request']),
    max_upcoming_per_member: z.number().int().nullable(),
    cancel_cutoff_minutes: z.number().int(),
    checkin_grace_minutes: z.number().int().nullable(),
    allowance: z.enum(['coworking_days', 'meeting_hours']).nullable(),
  }),
});

export function spaceOut(s: SpaceRow, locale: 'fr' | 'en'): z.infer<typeof spaceJson> {
  return {
    id: s.id,
    slug: s.slug,
    name: locale === 'en' ? s.name_en : s.name_fr,
    kind: s.kind,
    capacity: s.capacity,
    unit: s.unit,
    slot_minutes: s.slot_minutes,
    rules: {
      length_unit: s.unit === 'slot' ? 'minutes' : 'days',
      min_length: s.min_length,
      max_length: s.max_length,
      min_notice_minutes: s.min_notice_minutes,
      max_days_ahead: s.max_days_ahead,
      who_may_book: s.who_may_book,
      max_upcoming_per_member: s.max_upcoming_per_member,
      cancel_cutoff_minutes: s.cancel_cutoff_minutes,
      checkin_grace_minutes: s.checkin_grace_minutes,
      allowance: s.allowance,
    },
  };
}

export const periodQuery = z.object({
  from: dayString,
  to: dayString.describe('a Paris day, YYYY-MM-DD, excluded'),
});

const slotJson = z.object({
  start: z.string().describe('ISO-8601 instant (UTC)'),
  end: z.string(),
  local_start: z.string().describe('HH:MM in Paris'),
  local_end: z.string(),
  free: z.number().int(),
  past: z.boolean(),
});

export const availabilityJson = z.object({
  space_id: z.string(),
  unit: z.enum(['slot', 'day']),
  capacity: z.number().int(),
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number().int(),
      closed: z.boolean(),
      past: z.boolean(),
      free: z.number().int().optional().describe('day spaces: places left that day'),
      slots: z.array(slotJson).optional().describe('slot spaces'),
    }),
  ),
});

export const bookingOutJson = z.object({
  id: z.string(),
  start: z.string().describe('an ISO-8601 instant; for a day space, YYYY-MM-DD'),
  end: z.string().describe('an ISO-8601 instant; for a day space, YYYY-MM-DD, excluded'),
  status: z.string(),
});

export const spaceBookingsJson = z.object({
  items: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      status: z.string(),
      id: z.string().optional().describe('staff only'),
      user: z.string().nullable().optional().describe('staff only: who booked'),
    }),
  ),
});

export const bookingBody = z.object({
  start: z.string().min(1).max(40),
  end: z.string().min(1).max(40),
  purpose: z.string().max(500).optional(),
  organisation_id: z
    .string()
    .max(40)
    .optional()
    .describe('whose allowance: one of your organisations, by id'),
  organisation: z
    .string()
    .max(100)
    .optional()
    .describe(
      'whose allowance: one of your organisations, by id or short name (slug); when both this and organisation_id are given, this one counts. Without either: your first organisation by name',
    ),
  override_reason: z
    .string()
    .max(500)
    .optional()
    .describe('staff only: book past an exhausted allowance, recorded with this reason'),
});

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

const badTime = (fr: string, en: string) => bookingsErrorWith('BOOKING_BAD_TIME', { fr, en });

/** one end of a slot booking: an instant with its offset, or a Paris local time (checked strictly) */
function instantOf(value: string): Date {
  const m = INSTANT.exec(value);
  if (!m) {
    throw badTime(
      `« ${value.slice(0, 40)} » n’est pas une date-heure ISO 8601.`,
      `“${value.slice(0, 40)}” is not an ISO 8601 date-time.`,
    );
  }
  if (m[5]) {
    const d = new Date(value);
    if (Number.isNaN(d.getTime()) || !isDay(m[1] ?? ''))
      throw badTime('(date invalide)', '(invalid date)');
    return d;
  }
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (!isDay(m[1] ?? '') || hours > 23 || minutes > 59 || Number(m[4] ?? 0) !== 0) {
    throw badTime('(date invalide)', '(invalid date)');
  }
  return localAt(m[1] ?? '', hours * 60 + minutes);
}

/**
 * The API's `{start, end}` for a space: days (end excluded) for a day space; for a slot space,
 * instants with an offset (`2027-01-05T09:00:00Z`, `…+01:00`), or without one read as Paris
 * local times (a time that does not exist in Paris: 422 NONEXISTENT_LOCAL_TIME).
 */
export function timeInputOf(space: SpaceRow, body: { start: string; end: string }): TimeInput {
  if (space.unit === 'day') {
    if (!isDay(body.start) || !isDay(body.end)) {
      throw badTime(
        'Cet espace se réserve à la journée : start et end sont des dates AAAA-MM-JJ (end exclue).',
        'This space is booked by the day: start and end are YYYY-MM-DD dates (end excluded).',
      );
    }
    return { fromDay: body.start, toDay: body.end };
  }
  return { startAt: instantOf(body.start), endAt: instantOf(body.end) };
}

export function bookingInputOf(space: SpaceRow, body: z.infer<typeof bookingBody>): BookingInput {
  return {
    ...timeInputOf(space, body),
    purpose: body.purpose,
    organisationId: body.organisation?.trim() || body.organisation_id,
    overrideReason: body.override_reason,
  };
}
