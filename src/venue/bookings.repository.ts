import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BookingStatus, VenueSpaceTable } from '../db/venue.schema.ts';

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

const DAY_TEXT = sql<string>`to_char(starts_on, 'YYYY-MM-DD')`;

/** The booking engine's SQL: spaces' rules as it reads them, bookings, and their ranges. */
export function bookingsRepository(db: Kysely<DB>) {
  const spaces = () =>
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
  const bookings = () =>
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

  return {
    async space(idOrSlug: string): Promise<SpaceRow | undefined> {
      const q = spaces();
      const row = await (isUuid(idOrSlug)
        ? q.where('s.id', '=', idOrSlug)
        : q.where('s.slug', '=', idOrSlug)
      ).executeTakeFirst();
      return row as SpaceRow | undefined;
    },

    async listSpaces(): Promise<SpaceRow[]> {
      const rows = await spaces()
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

    /** the confirmed bookings of a space that overlap [from, to), by start */
    async overlapping(spaceId: string, from: Date, to: Date, exceptId?: string) {
      let q = bookings()
        .where('b.space_id', '=', spaceId)
        .where('b.status', '=', 'confirmed')
        .where(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`);
      if (exceptId) q = q.where('b.id', '<>', exceptId);
      return (await q.orderBy(sql`lower(b.during)`).execute()) as BookingRow[];
    },

    /** only the ranges (the availability grid's read: no personal column) */
    async takenRanges(
      spaceId: string,
      from: Date,
      to: Date,
    ): Promise<{ start: Date; end: Date }[]> {
      const r = await sql<{ start: Date; end: Date }>`
        SELECT lower(during) AS start, upper(during) AS end FROM venue_bookings
        WHERE space_id = ${spaceId} AND status = 'confirmed'
          AND during && tstzrange(${from}, ${to}, '[)')
        ORDER BY lower(during)`.execute(db);
      return r.rows;
    },

    async booking(id: string): Promise<BookingRow | undefined> {
      if (!isUuid(id)) return undefined;
      return (await bookings().where('b.id', '=', id).executeTakeFirst()) as BookingRow | undefined;
    },

    /** locks a booking's row for a change in this transaction */
    async lockBooking(id: string): Promise<BookingRow | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await bookings().where('b.id', '=', id).forUpdate().executeTakeFirst();
      return row as BookingRow | undefined;
    },

    async insert(values: {
      spaceId: string;
      userId: string | null;
      organisationId: string | null;
      seriesId?: string | null;
      start: Date;
      end: Date;
      status?: BookingStatus;
      purpose?: string;
      overrideBy?: string | null;
      overrideReason?: string | null;
      isDemo?: boolean;
    }): Promise<BookingRow> {
      const inserted = await db
        .insertInto('venue_bookings')
        .values({
          space_id: values.spaceId,
          user_id: values.userId,
          organisation_id: values.organisationId,
          series_id: values.seriesId ?? null,
          during: rangeOf(values.start, values.end),
          status: values.status ?? 'confirmed',
          purpose: values.purpose ?? '',
          allowance_override_by: values.overrideBy ?? null,
          allowance_override_reason: values.overrideReason ?? null,
          is_demo: values.isDemo ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await bookings()
        .where('b.id', '=', inserted.id)
        .executeTakeFirstOrThrow()) as BookingRow;
    },

    async move(id: string, start: Date, end: Date) {
      await db
        .updateTable('venue_bookings')
        .set({ during: rangeOf(start, end), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async setStatus(id: string, status: 'cancelled', by: string | null, at: Date) {
      await db
        .updateTable('venue_bookings')
        .set({ status, cancelled_at: at, cancelled_by: by, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** a public request confirmed by staff: the capacity trigger and the constraint judge it */
    async confirm(id: string) {
      await db
        .updateTable('venue_bookings')
        .set({ status: 'confirmed', updated_at: new Date() })
        .where('id', '=', id)
        .where('status', '=', 'requested')
        .execute();
    },

    async checkIn(id: string, at: Date) {
      await db
        .updateTable('venue_bookings')
        .set({ checked_in_at: at, updated_at: at })
        .where('id', '=', id)
        .where('checked_in_at', 'is', null)
        .execute();
    },

    /** a member's confirmed bookings of a space that have not ended */
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
    async lockMember(userId: string, spaceId: string) {
      await sql`SELECT pg_advisory_xact_lock(7468758, hashtext(${`${userId}/${spaceId}`}))`.execute(
        db,
      );
    },

    /** a person's bookings, upcoming (by start) or past (latest first), with their space */
    async mine(userId: string, now: Date, past: boolean, limit = 200) {
      const rows = await bookings()
        .innerJoin('venue_spaces as s', 's.id', 'b.space_id')
        .select([
          's.slug as space_slug',
          's.name_fr as space_name_fr',
          's.name_en as space_name_en',
          's.unit as space_unit',
        ])
        .where('b.user_id', '=', userId)
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
      const rows = await bookings()
        .leftJoin('users as u', 'u.id', 'b.user_id')
        .select(['u.name as user_name'])
        .where('b.space_id', '=', spaceId)
        .where('b.status', '=', 'confirmed')
        .where(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`)
        .orderBy(sql`lower(b.during)`)
        .limit(5000)
        .execute();
      return rows as (BookingRow & { user_name: string | null })[];
    },

    /** a savepoint, so that one occurrence's refusal does not abort the transaction */
    savepoint: (name: string) => sql`SAVEPOINT ${sql.id(name)}`.execute(db),
    rollbackTo: (name: string) => sql`ROLLBACK TO SAVEPOINT ${sql.id(name)}`.execute(db),
    release: (name: string) => sql`RELEASE SAVEPOINT ${sql.id(name)}`.execute(db),

    async createSeries(spaceId: string, userId: string, rule: unknown): Promise<string> {
      const row = await db
        .insertInto('venue_booking_series')
        .values({ space_id: spaceId, user_id: userId, rule: JSON.stringify(rule) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Releases one confirmed booking not checked in `checkin_grace_minutes` after its start: one
     * UPDATE … RETURNING whose row is locked with SKIP LOCKED, and whose WHERE is checked again on
     * the row as it is when the lock is held, so that two workers never release the same booking.
     */
    async releaseNextOverdue(now: Date): Promise<BookingRow | undefined> {
      const r = await sql<{ id: string }>`
        UPDATE venue_bookings SET status = 'released', released_at = ${now}, updated_at = ${now}
        WHERE status = 'confirmed' AND checked_in_at IS NULL AND id = (
          SELECT b.id FROM venue_bookings b JOIN venue_spaces s ON s.id = b.space_id
          WHERE b.status = 'confirmed' AND b.checked_in_at IS NULL
            AND s.checkin_grace_minutes IS NOT NULL
            AND lower(b.during) + make_interval(mins => s.checkin_grace_minutes) <= ${now}
          ORDER BY lower(b.during), b.id
          LIMIT 1
          FOR UPDATE OF b SKIP LOCKED)
        RETURNING id`.execute(db);
      const id = r.rows[0]?.id;
      if (!id) return undefined;
      return (await bookings().where('b.id', '=', id).executeTakeFirst()) as BookingRow | undefined;
    },
  };
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
