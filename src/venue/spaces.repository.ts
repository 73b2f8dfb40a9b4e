import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { VenueSpaceTable } from '../db/venue.schema.ts';

/** The site, its spaces, their hours, closures and photos: all the SQL of the venue's settings. */

export type SiteRow = {
  id: string;
  slug: string;
  name: string;
  address: string;
  area_m2: number | null;
  opened_on: string | null;
  description_fr: string;
  description_en: string;
  default_coworking_days: number;
  default_meeting_hours: number;
  is_demo: boolean;
};

type Writable<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer V> ? V : T[K] };
export type SpaceRow = Omit<Writable<VenueSpaceTable>, 'created_at' | 'updated_at'>;
export type SpaceInput = Omit<
  SpaceRow,
  'id' | 'site_id' | 'is_demo' | 'position' | 'waitlist_offer_minutes'
>;
export type HoursRow = { space_id: string; weekday: number; opens: string; closes: string };
export type ClosureRow = {
  id: string;
  space_id: string | null;
  starts_on: string;
  ends_on: string;
  reason_fr: string;
  reason_en: string;
};
export type PhotoRow = {
  id: string;
  space_id: string;
  file_key: string;
  media_type: string;
  alt_fr: string;
  alt_en: string;
};

const siteColumns = [
  'id',
  'slug',
  'name',
  'address',
  'area_m2',
  sql<string | null>`to_char(opened_on, 'YYYY-MM-DD')`.as('opened_on'),
  'description_fr',
  'description_en',
  'default_coworking_days',
  'default_meeting_hours',
  'is_demo',
] as const;

/** numeric columns come back as strings: read them as numbers */
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function spacesRepository(db: Kysely<DB>) {
  return { ...sitesAndSpaces(db), ...calendarAndPhotos(db) };
}

/** the site and its spaces */
function sitesAndSpaces(db: Kysely<DB>) {
  return {
    async site(): Promise<SiteRow | undefined> {
      const row = await db
        .selectFrom('venue_sites')
        .select(siteColumns)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      return row ? { ...row, area_m2: num(row.area_m2) } : undefined;
    },

    async insertSite(input: Omit<SiteRow, 'id'>): Promise<string> {
      const row = await db
        .insertInto('venue_sites')
        .values(input)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateSite(id: string, input: Omit<SiteRow, 'id' | 'slug' | 'is_demo'>) {
      await db
        .updateTable('venue_sites')
        .set({ ...input, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    async spaces(options: { activeOnly: boolean }): Promise<SpaceRow[]> {
      let q = db.selectFrom('venue_spaces').selectAll();
      if (options.activeOnly) q = q.where('active', '=', true);
      const rows = await q.orderBy('position').orderBy('name_fr').execute();
      return rows.map(({ created_at: _c, updated_at: _u, ...r }) => ({
        ...r,
        area_m2: num(r.area_m2),
      }));
    },

    async space(by: { id: string } | { slug: string }): Promise<SpaceRow | undefined> {
      const row = await db
        .selectFrom('venue_spaces')
        .selectAll()
        .$call((q) => ('id' in by ? q.where('id', '=', by.id) : q.where('slug', '=', by.slug)))
        .executeTakeFirst();
      if (!row) return undefined;
      const { created_at: _c, updated_at: _u, ...r } = row;
      return { ...r, area_m2: num(r.area_m2) };
    },

    async slugTaken(slug: string, exceptId: string | null): Promise<boolean> {
      let q = db.selectFrom('venue_spaces').select('id').where('slug', '=', slug);
      if (exceptId) q = q.where('id', '<>', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },

    async insertSpace(
      siteId: string,
      input: SpaceInput & { is_demo?: boolean; position?: number },
    ) {
      const row = await db
        .insertInto('venue_spaces')
        .values({ ...input, site_id: siteId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateSpace(id: string, input: SpaceInput) {
      await db
        .updateTable('venue_spaces')
        .set({ ...input, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },
  };
}

/** a space's week of hours, the site's closings, the spaces' photos */
function calendarAndPhotos(db: Kysely<DB>) {
  return {
    async hours(spaceIds: string[]): Promise<HoursRow[]> {
      if (spaceIds.length === 0) return [];
      return db
        .selectFrom('venue_space_hours')
        .select([
          'space_id',
          'weekday',
          sql<string>`to_char(opens, 'HH24:MI')`.as('opens'),
          sql<string>`to_char(closes, 'HH24:MI')`.as('closes'),
        ])
        .where('space_id', 'in', spaceIds)
        .orderBy('weekday')
        .orderBy('opens')
        .execute();
    },

    /** replaces a space's week of hours in one transaction */
    async replaceHours(spaceId: string, ranges: Omit<HoursRow, 'space_id'>[]) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('venue_space_hours').where('space_id', '=', spaceId).execute();
        if (ranges.length > 0)
          await trx
            .insertInto('venue_space_hours')
            .values(ranges.map((r) => ({ ...r, space_id: spaceId })))
            .execute();
      });
    },

    async closures(siteId: string, fromDay?: string): Promise<ClosureRow[]> {
      let q = db
        .selectFrom('venue_closures')
        .select([
          'id',
          'space_id',
          sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'),
          sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on'),
          'reason_fr',
          'reason_en',
        ])
        .where('site_id', '=', siteId);
      if (fromDay) q = q.where('ends_on', '>=', fromDay);
      return q.orderBy('starts_on').execute();
    },

    async insertClosure(siteId: string, input: Omit<ClosureRow, 'id'>) {
      await db
        .insertInto('venue_closures')
        .values({ ...input, site_id: siteId })
        .execute();
    },

    async deleteClosure(id: string) {
      const r = await db.deleteFrom('venue_closures').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async photos(spaceIds: string[]): Promise<PhotoRow[]> {
      if (spaceIds.length === 0) return [];
      return db
        .selectFrom('venue_space_photos')
        .select(['id', 'space_id', 'file_key', 'media_type', 'alt_fr', 'alt_en'])
        .where('space_id', 'in', spaceIds)
        .orderBy('position')
        .orderBy('created_at')
        .execute();
    },

    async photo(id: string): Promise<PhotoRow | undefined> {
      return db
        .selectFrom('venue_space_photos')
        .select(['id', 'space_id', 'file_key', 'media_type', 'alt_fr', 'alt_en'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertPhoto(input: Omit<PhotoRow, 'id'>) {
      await db.insertInto('venue_space_photos').values(input).execute();
    },

    async deletePhoto(id: string) {
      await db.deleteFrom('venue_space_photos').where('id', '=', id).execute();
    },

    async updatePhotoAlt(id: string, alt: { alt_fr: string; alt_en: string }) {
      await db.updateTable('venue_space_photos').set(alt).where('id', '=', id).execute();
    },

    /** a space's photos in this order (positions 0, 1, 2…) */
    async orderPhotos(ids: string[]) {
      await db.transaction().execute(async (trx) => {
        for (const [position, id] of ids.entries())
          await trx
            .updateTable('venue_space_photos')
            .set({ position })
            .where('id', '=', id)
            .execute();
      });
    },

    /** whether anything keeps a space's history: a booking, a waitlist entry or a series */
    async spaceInUse(id: string): Promise<boolean> {
      const row = await sql<{ used: boolean }>`SELECT
          EXISTS (SELECT 1 FROM venue_bookings WHERE space_id = ${id})
          OR EXISTS (SELECT 1 FROM venue_waitlist WHERE space_id = ${id})
          OR EXISTS (SELECT 1 FROM venue_booking_series WHERE space_id = ${id}) AS used`.execute(
        db,
      );
      return row.rows[0]?.used === true;
    },

    /** deletes a space with its hours, closings and photos' rows (refused by the database, 23503, if booked) */
    async deleteSpace(id: string) {
      await db.deleteFrom('venue_spaces').where('id', '=', id).execute();
    },

    /** a space kept for its history but no longer offered */
    async archiveSpace(id: string) {
      await db
        .updateTable('venue_spaces')
        .set({ active: false, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type SpacesRepository = ReturnType<typeof spacesRepository>;
