import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BookingStatus } from '../db/venue.schema.ts';
import type { SignedInUser } from '../kernel/policy.ts';
import { type BookingRow, bookingsQuery, isUuid } from './bookings.repository.ts';

/** a booking as the staff's list shows it: who, for which organisation, and any override */
export type StaffBookingRow = BookingRow & {
  space_slug: string;
  space_name_fr: string;
  space_name_en: string;
  space_unit: 'slot' | 'day';
  user_name: string | null;
  user_email: string | null;
  requester_name: string | null;
  requester_email: string | null;
  organisation_name: string | null;
  purpose: string;
  override_by_name: string | null;
  override_reason: string | null;
};

export type StaffBookingsFilter = {
  spaceId?: string;
  from: Date;
  to: Date;
  status?: BookingStatus;
};

/** The staff's reads of bookings: every booking of a period, and the member booked for. */
export function staffBookingsRepository(db: Kysely<DB>) {
  return {
    /** the bookings that overlap [from, to), of one space or all, of one status or all, by start */
    async list(filter: StaffBookingsFilter, limit = 500): Promise<StaffBookingRow[]> {
      let q = bookingsQuery(db)
        .innerJoin('venue_spaces as s', 's.id', 'b.space_id')
        .leftJoin('users as u', 'u.id', 'b.user_id')
        .leftJoin('organisations as o', 'o.id', 'b.organisation_id')
        .leftJoin('users as ob', 'ob.id', 'b.allowance_override_by')
        .select([
          's.slug as space_slug',
          's.name_fr as space_name_fr',
          's.name_en as space_name_en',
          's.unit as space_unit',
          'u.name as user_name',
          'u.email as user_email',
          'b.requester_name',
          'b.requester_email',
          'o.name as organisation_name',
          'b.purpose',
          'ob.name as override_by_name',
          'b.allowance_override_reason as override_reason',
        ])
        .where(sql<boolean>`b.during && tstzrange(${filter.from}, ${filter.to}, '[)')`);
      if (filter.spaceId) q = q.where('b.space_id', '=', filter.spaceId);
      if (filter.status) q = q.where('b.status', '=', filter.status);
      const rows = await q.orderBy(sql`lower(b.during)`).orderBy('b.id').limit(limit).execute();
      return rows as StaffBookingRow[];
    },

    /** an account that staff book for, by its e-mail (case-insensitive); not a disabled one */
    async userByEmail(email: string): Promise<SignedInUser | undefined> {
      const row = await db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'role', 'locale', 'created_at', 'email_verified_at'])
        .where(sql<boolean>`lower(email) = lower(${email})`)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name,
        email: row.email,
        role: row.role,
        locale: row.locale,
        createdAt: row.created_at,
        verified: row.email_verified_at !== null,
      };
    },

    /** every space, active or not, in order: the filter's choices */
    spaces() {
      return db
        .selectFrom('venue_spaces')
        .select(['id', 'slug', 'name_fr', 'name_en', 'unit'])
        .orderBy('position')
        .orderBy('slug')
        .execute();
    },

    /** a booking's space (to read a move in the space's unit) */
    async bookingSpace(id: string): Promise<string | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await db
        .selectFrom('venue_bookings')
        .select('space_id')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.space_id;
    },
  };
}
