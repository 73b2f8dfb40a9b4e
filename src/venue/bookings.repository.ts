import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BookingStatus, VenueSpaceTable } from '../db/venue.schema.ts';
import { bookingWrites } from './booking-writes.repository.ts';

/** a space with its rules and its site's defaults, as the engine reads it */
export type SpaceRow = {
  id: string;
  site_id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  kind: VenueSpaceTable['kind'];
  capacity: number;
  unit: 'slot' | 'day';
  slot_minutes: number | null;
  min_length: number;
  max_length: number;
  min_notice_minutes: number;
  max_days_ahead: number;
  who_may_book: 'members' | 'staff' | 'public_request';
  max_upcoming_per_member: number | null;
  cancel_cutoff_minutes: number;
  checkin_grace_minutes: number | null;
  allowance: 'coworking_days' | 'meeting_hours' | null;
  waitlist_offer_minutes: number;
  position: number;
  active: boolean;
  is_demo: boolean;
  default_coworking_days: number;
  default_meeting_hours: number;
};

export type HoursRow = { weekday: number; opens: string; closes: string };
export type ClosureRow = { space_id: string | null; starts_on: string; ends_on: string };

/** a booking as the engine reads it: its instants, never the range's text */
export type BookingRow = {
  id: string;
  space_id: string;
  user_id: string | null;
  organisation_id: string | null;
  series_id: string | null;
  start: Date;
  end: Date;
  status: BookingStatus;
  checked_in_at: Date | null;
  is_demo: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ids that cannot be a booking's or a space's are not sent to the database (22P02) */
export const isUuid = (id: string) => UUID.test(id);

/** `[start,end)` as the column takes it */
export const rangeOf = (start: Date, end: Date) => `[${start.toISOString()},${end.toISOString()})`;

export type Range = { start: Date; end: Date };

/**
 * Bookings' ranges as one text of milliseconds ('start end start end…', by start) rather than a
 * row per booking: parsing each row's instants was most of the time of a month's read.
 */
const rangesText = sql<string>`string_agg(
  (extract(epoch FROM lower(during)) * 1000)::bigint::text || ' ' ||
  (extract(epoch FROM upper(during)) * 1000)::bigint::text, ' ' ORDER BY lower(during))`;

/**
 * the bookings read as places held: a booking of the whole space (an event, an exhibition) holds
 * every place of it, so its range counts once per place, as the capacity guard counts it
 */
const placesHeld = sql`venue_bookings CROSS JOIN LATERAL generate_series(1, CASE WHEN venue_bookings.whole
  THEN (SELECT v.capacity FROM venue_spaces v WHERE v.id = venue_bookings.space_id) ELSE 1 END)`;

function rangesOf(text: string | null): Range[] {
  const numbers = (text ?? '')
    .split(' ')
    .filter((n) => n !== '')
    .map(Number);
  const ranges: Range[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    ranges.push({ start: new Date(numbers[i] as number), end: new Date(numbers[i + 1] as number) });
  }
  return ranges;
}

const DAY_TEXT = sql<string>`to_char(starts_on, 'YYYY-MM-DD')`;
/** The booking engine's SQL: spaces' rules as it reads them, bookings, and their ranges. */
const spacesQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('venue_spaces as s')
    .innerJoin('venue_sites as site', 'site.id', 's.site_id')
    .select([
      's.id',
      's.site_id',
      's.slug',
      's.name_fr',
      's.name_en',
      's.kind',
      's.capacity',
      's.unit',
      's.slot_minutes',
      's.min_length',
      's.max_length',
      's.min_notice_minutes',
      's.max_days_ahead',
      's.who_may_book',
      's.max_upcoming_per_member',
      's.cancel_cutoff_minutes',
      's.checkin_grace_minutes',
      's.allowance',
      's.waitlist_offer_minutes',
      's.position',
      's.active',
      's.is_demo',
      'site.default_coworking_days',
      'site.default_meeting_hours',
    ]);
export const bookingsQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('venue_bookings as b')
    .select([
      'b.id',
      'b.space_id',
      'b.user_id',
      'b.organisation_id',
      'b.series_id',
      sql<Date>`lower(b.during)`.as('start'),
      sql<Date>`upper(b.during)`.as('end'),
      'b.status',
      'b.checked_in_at',
      'b.is_demo',
    ]);

/** a space and its calendar, as the engine reads them */
function spaceReads(db: Kysely<DB>) {
  return {
    async space(idOrSlug: string): Promise<SpaceRow | undefined> {
      const q = spacesQuery(db);
      const row = await (isUuid(idOrSlug)
        ? q.where('s.id', '=', idOrSlug)
        : q.where('s.slug', '=', idOrSlug)
      ).executeTakeFirst();
      return row as SpaceRow | undefined;
    },

    /**
     * a space with its opening hours and the closings that touch [fromDay, toDay), in one
     * statement (the availability grid's first read)
     */
    async spaceCalendar(
      idOrSlug: string,
      fromDay: string,
      toDay: string,
      /** with the ranges held in [from, to) too (the availability grid: one statement in all) */
      taken?: { from: Date; to: Date },
    ): Promise<
      { space: SpaceRow; hours: HoursRow[]; closures: ClosureRow[]; taken: Range[] } | undefined
    > {
      const q = spacesQuery(db).select([
        taken
          ? sql<string | null>`(SELECT ${rangesText} FROM ${placesHeld}
              WHERE space_id = s.id AND status IN ('confirmed', 'held')
                AND during && tstzrange(${taken.from}, ${taken.to}, '[)'))`.as('taken_text')
          : sql<string | null>`NULL::text`.as('taken_text'),
        sql<HoursRow[]>`coalesce((
          SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'),
                                            'closes', to_char(h.closes, 'HH24:MI'))
                          ORDER BY h.weekday, h.opens)
          FROM venue_space_hours h WHERE h.space_id = s.id), '[]'::json)`.as('hours_json'),
        sql<ClosureRow[]>`coalesce((
          SELECT json_agg(json_build_object('space_id', c.space_id,
                                            'starts_on', to_char(c.starts_on, 'YYYY-MM-DD'),
                                            'ends_on', to_char(c.ends_on, 'YYYY-MM-DD')))
          FROM venue_closures c
          WHERE c.site_id = s.site_id AND (c.space_id IS NULL OR c.space_id = s.id)
            AND c.starts_on < ${toDay}::date AND c.ends_on >= ${fromDay}::date), '[]'::json)`.as(
          'closures_json',
        ),
      ]);
      const row = await (isUuid(idOrSlug)
        ? q.where('s.id', '=', idOrSlug)
        : q.where('s.slug', '=', idOrSlug)
      ).executeTakeFirst();
      if (!row) return undefined;
      const { hours_json, closures_json, taken_text, ...space } = row;
      return {
        space: space as SpaceRow,
        hours: hours_json,
        closures: closures_json,
        taken: rangesOf(taken_text),
      };
    },

    async listSpaces(): Promise<SpaceRow[]> {
      const rows = await spacesQuery(db)
        .where('s.active', '=', true)
        .orderBy('s.position')
        .orderBy('s.slug')
        .execute();
      return rows as SpaceRow[];
    },

    async hours(spaceId: string): Promise<HoursRow[]> {
      return db
        .selectFrom('venue_space_hours')
        .select([
          'weekday',
          sql<string>`to_char(opens, 'HH24:MI')`.as('opens'),
          sql<string>`to_char(closes, 'HH24:MI')`.as('closes'),
        ])
        .where('space_id', '=', spaceId)
        .orderBy('weekday')
        .orderBy('opens')
        .execute();
    },

    /** the closings of the site or of the space that touch [fromDay, toDay) */
    closures(space: { id: string; site_id: string }, fromDay: string, toDay: string) {
      return db
        .selectFrom('venue_closures')
        .select([
          'space_id',
          DAY_TEXT.as('starts_on'),
          sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on'),
        ])
        .where('site_id', '=', space.site_id)
        .where((eb) => eb.or([eb('space_id', 'is', null), eb('space_id', '=', space.id)]))
        .where('starts_on', '<', toDay)
        .where('ends_on', '>=', fromDay)
        .execute() as Promise<ClosureRow[]>;
    },

    /** the bookings (and offers' holds) of a space that overlap [from, to), by start */
  };
}

/** bookings as the engine reads them */
function bookingReads(db: Kysely<DB>) {
  return {
    async overlapping(spaceId: string, from: Date, to: Date, exceptId?: string) {
      let q = bookingsQuery(db)
        .where('b.space_id', '=', spaceId)
        .where('b.status', 'in', ['confirmed', 'held'])
        .where(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`);
      if (exceptId) q = q.where('b.id', '<>', exceptId);
      return (await q.orderBy(sql`lower(b.during)`).execute()) as BookingRow[];
    },

    /**
     * only the ranges (the availability grid's read: no personal column), by start; sent as one
     * text of milliseconds rather than a row per booking, which is most of the time of a month's
     * read when each row's instants are parsed on their own
     */
    async takenRanges(spaceId: string, from: Date, to: Date): Promise<Range[]> {
      const r = await sql<{ ranges: string | null }>`
        SELECT ${rangesText} AS ranges FROM ${placesHeld}
        WHERE space_id = ${spaceId} AND status IN ('confirmed', 'held')
          AND during && tstzrange(${from}, ${to}, '[)')`.execute(db);
      return rangesOf(r.rows[0]?.ranges ?? null);
    },

    async booking(id: string): Promise<BookingRow | undefined> {
      if (!isUuid(id)) return undefined;
      return (await bookingsQuery(db).where('b.id', '=', id).executeTakeFirst()) as
        | BookingRow
        | undefined;
    },

    /** locks a booking's row for a change in this transaction */
    async lockBooking(id: string): Promise<BookingRow | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await bookingsQuery(db).where('b.id', '=', id).forUpdate().executeTakeFirst();
      return row as BookingRow | undefined;
    },

    async upcomingCount(userId: string, spaceId: string, now: Date): Promise<number> {
      const row = await db
        .selectFrom('venue_bookings')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .where('space_id', '=', spaceId)
        .where('status', '=', 'confirmed')
        .where(sql<boolean>`upper(during) > ${now}`)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** serialises one member's bookings of one space until the transaction ends */
    async mine(userId: string, now: Date, past: boolean, limit = 200) {
      const rows = await bookingsQuery(db)
        .innerJoin('venue_spaces as s', 's.id', 'b.space_id')
        .select([
          's.slug as space_slug',
          's.name_fr as space_name_fr',
          's.name_en as space_name_en',
          's.unit as space_unit',
        ])
        .where('b.user_id', '=', userId)
        .where('b.status', '<>', 'held')
        .where(
          past ? sql<boolean>`upper(b.during) <= ${now}` : sql<boolean>`upper(b.during) > ${now}`,
        )
        .orderBy(sql`lower(b.during)`, past ? 'desc' : 'asc')
        .limit(limit)
        .execute();
      return rows as (BookingRow & {
        space_slug: string;
        space_name_fr: string;
        space_name_en: string;
        space_unit: 'slot' | 'day';
      })[];
    },

    /** a space's bookings in a period (staff see who; the service strips it for others) */
    async inPeriod(spaceId: string, from: Date, to: Date) {
      const rows = await bookingsQuery(db)
        .leftJoin('users as u', 'u.id', 'b.user_id')
        .select(['u.name as user_name'])
        .where('b.space_id', '=', spaceId)
        .where('b.status', 'in', ['confirmed', 'held'])
        .where(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`)
        .orderBy(sql`lower(b.during)`)
        .limit(5000)
        .execute();
      return rows as (BookingRow & { user_name: string | null })[];
    },

    async demoBookingsExist(): Promise<boolean> {
      const row = await db
        .selectFrom('venue_bookings')
        .select('id')
        .where('is_demo', '=', true)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** a savepoint, so that one occurrence's refusal does not abort the transaction */
  };
}

/** The booking engine's SQL: spaces' rules as it reads them, bookings, and their ranges. */
export function bookingsRepository(db: Kysely<DB>) {
  return { ...spaceReads(db), ...bookingReads(db), ...bookingWrites(db) };
}

export type BookingsRepository = ReturnType<typeof bookingsRepository>;

/** a PostgreSQL error as node-postgres (and PGlite) give it */
export type PgError = { code?: string; message?: string; constraint?: string };

/** the database refused an overlap (exclusion) or a full space (trigger): SQLSTATE 23P01 */
export function refusal(error: unknown): 'conflict' | 'full' | undefined {
  const e = error as PgError | undefined;
  if (e?.code !== '23P01') return undefined;
  return e.message === 'SPACE_FULL' ? 'full' : 'conflict';
}
