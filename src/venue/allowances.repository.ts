import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AllowanceKind } from '../db/venue.schema.ts';

/** a booking that draws on an allowance, as the count reads it */
export type DrawRow = {
  organisation_id: string;
  allowance: AllowanceKind;
  unit: 'slot' | 'day';
  start: Date;
  end: Date;
};

/**
 * The allowances' SQL: the lock of one organisation's month, its plans, the bookings that draw
 * on it. Reads the directory's organisations' names (never writes them) for the usage export.
 */
export function allowancesRepository(db: Kysely<DB>) {
  return {
    /**
     * Serialises the bookings of one organisation in one month until the transaction ends: the
     * second of two concurrent bookings reads what the first drew once it committed.
     */
    async lock(organisationId: string, month: string) {
      await sql`SELECT pg_advisory_xact_lock(7468757, hashtext(${`${organisationId}/${month}`}))`.execute(
        db,
      );
    },

    /** the plans an organisation holds on some day of [fromDay, toDay) */
    plans(organisationId: string, fromDay: string, toDay: string) {
      return db
        .selectFrom('venue_organisation_plans as op')
        .innerJoin('venue_plans as p', 'p.id', 'op.plan_id')
        .select(['p.id', 'p.slug', 'p.name_fr', 'p.name_en', 'p.coworking_days', 'p.meeting_hours'])
        .where('op.organisation_id', '=', organisationId)
        .where('op.starts_on', '<', toDay)
        .where((eb) => eb.or([eb('op.ends_on', 'is', null), eb('op.ends_on', '>=', fromDay)]))
        .execute();
    },

    /** the confirmed bookings drawing on allowances that touch [from, to), of one or all organisations */
    async draws(from: Date, to: Date, organisationId?: string): Promise<DrawRow[]> {
      let q = db
        .selectFrom('venue_bookings as b')
        .innerJoin('venue_spaces as s', 's.id', 'b.space_id')
        .select([
          'b.organisation_id',
          's.allowance',
          's.unit',
          sql<Date>`lower(b.during)`.as('start'),
          sql<Date>`upper(b.during)`.as('end'),
        ])
        .where('b.status', '=', 'confirmed')
        .where('s.allowance', 'is not', null)
        .where('b.organisation_id', 'is not', null)
        .where(sql<boolean>`b.during && tstzrange(${from}, ${to}, '[)')`);
      if (organisationId) q = q.where('b.organisation_id', '=', organisationId);
      return (await q.execute()) as DrawRow[];
    },

    /** the site's defaults (the first site: the venue has one building) */
    async defaults(): Promise<{ coworking_days: number; meeting_hours: number }> {
      const row = await db
        .selectFrom('venue_sites')
        .select([
          'default_coworking_days as coworking_days',
          'default_meeting_hours as meeting_hours',
        ])
        .orderBy('created_at')
        .executeTakeFirst();
      return row ?? { coworking_days: 0, meeting_hours: 0 };
    },

    /** organisations by id, with their names */
    organisations(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('organisations')
        .select(['id', 'slug', 'name'])
        .where('id', 'in', ids)
        .execute();
    },

    /** every organisation holding a plan in [fromDay, toDay) */
    async planHolders(fromDay: string, toDay: string): Promise<string[]> {
      const rows = await db
        .selectFrom('venue_organisation_plans')
        .select('organisation_id')
        .distinct()
        .where('starts_on', '<', toDay)
        .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', fromDay)]))
        .execute();
      return rows.map((r) => r.organisation_id);
    },
  };
}
