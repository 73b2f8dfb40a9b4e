import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The bookings read for the staff's occupancy figures (counts and sums only; no writes). */

export type UsageRow = {
  space_id: string;
  start: Date;
  end: Date;
  status: 'confirmed' | 'released';
  /** a booking of the whole space (an event, an exhibition): every place of it */
  whole: boolean;
  organisation_id: string | null;
  organisation_name: string | null;
};

export function occupancyRepository(db: Kysely<DB>) {
  return {
    /** the bookings that held (or were released from) a place within [from, to) */
    async bookings(from: Date, to: Date): Promise<UsageRow[]> {
      const rows = await db
        .selectFrom('venue_bookings as b')
        .leftJoin('organisations as o', 'o.id', 'b.organisation_id')
        .select([
          'b.space_id',
          sql<Date>`lower(b.during)`.as('start'),
          sql<Date>`upper(b.during)`.as('end'),
          'b.status',
          'b.whole',
          'b.organisation_id',
          'o.name as organisation_name',
        ])
        .where('b.status', 'in', ['confirmed', 'released'])
        .where(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`)
        .orderBy(sql`lower(b.during)`)
        .execute();
      return rows.map((r) => ({
        ...r,
        start: new Date(r.start),
        end: new Date(r.end),
      })) as UsageRow[];
    },
  };
}
