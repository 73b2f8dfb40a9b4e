import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, EventStatus, EventTable } from '../db/schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/** an organiser as an event shows it (the directory's name and address) */
export type Organiser = { id: string; slug: string; name: string };

/** an event's row with its organisers, its space's names and the places taken */
export type EventRow = {
  id: string;
  slug: string;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  space_id: string | null;
  booking_id: string | null;
  starts_at: Date;
  ends_at: Date;
  date_precision: 'time' | 'month';
  capacity: number;
  registration_opens_at: Date | null;
  registration_closes_at: Date | null;
  price_fr: string;
  price_en: string;
  tags: string[];
  field_slugs: string[];
  image_key: string | null;
  image_type: string | null;
  image_alt_fr: string;
  image_alt_en: string;
  accessibility_fr: string;
  accessibility_en: string;
  status: EventStatus;
  requested_by: string | null;
  is_demo: boolean;
  updated_at: Date;
  space_slug: string | null;
  space_name_fr: string | null;
  space_name_en: string | null;
  space_capacity: number | null;
  registered: number;
  waiting: number;
  organisers: Organiser[];
};

/** what staff write of an event (its booking is the engine's) */
export type EventValues = Omit<Insertable<EventTable>, 'id' | 'created_at' | 'updated_at'>;

export type EventFilter = {
  from?: Date;
  to?: Date;
  field?: string;
  organiser?: string;
  /** past events, latest first (the archive); otherwise by start */
  past?: boolean;
  statuses?: EventStatus[];
  limit?: number;
};

function eventsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('events as e')
    .leftJoin('venue_spaces as s', 's.id', 'e.space_id')
    .selectAll('e')
    .select([
      's.slug as space_slug',
      's.name_fr as space_name_fr',
      's.name_en as space_name_en',
      's.capacity as space_capacity',
      sql<number>`(SELECT count(*)::int FROM event_registrations r
        WHERE r.event_id = e.id AND r.status = 'registered')`.as('registered'),
      sql<number>`(SELECT count(*)::int FROM event_registrations r
        WHERE r.event_id = e.id AND r.status = 'waiting')`.as('waiting'),
      sql<Organiser[]>`coalesce((SELECT json_agg(json_build_object('id', o.id, 'slug', o.slug,
          'name', o.name) ORDER BY eo.position, o.name)
        FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id
        WHERE eo.event_id = e.id), '[]'::json)`.as('organisers'),
    ]);
}

type Q = ReturnType<typeof eventsQuery>;

function filtered(q: Q, f: EventFilter): Q {
  let out = q.where('e.status', 'in', f.statuses ?? ['published']);
  if (f.from) out = out.where('e.ends_at', '>', f.from);
  if (f.to) out = out.where('e.starts_at', '<', f.to);
  if (f.field) out = out.where(sql<boolean>`${f.field} = ANY(e.field_slugs)`);
  if (f.organiser) {
    const slug = f.organiser;
    out = out.where(
      sql<boolean>`EXISTS (SELECT 1 FROM event_organisers eo JOIN organisations o
        ON o.id = eo.organisation_id WHERE eo.event_id = e.id AND o.slug = ${slug})`,
    );
  }
  return out;
}

/** Events and their organisers: the SQL only. */
export function eventsRepository(db: Kysely<DB>) {
  return {
    async insert(values: EventValues): Promise<string> {
      const row = await db
        .insertInto('events')
        .values(values)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(id: string, values: Partial<EventValues>): Promise<void> {
      await db
        .updateTable('events')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async setStatus(id: string, status: EventStatus): Promise<void> {
      await db
        .updateTable('events')
        .set({ status, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    /** who proposed an event (a member's request), to tell them staff's decision */
    async requester(
      eventId: string,
    ): Promise<{ email: string; name: string; locale: 'fr' | 'en' } | undefined> {
      return db
        .selectFrom('events as e')
        .innerJoin('users as u', 'u.id', 'e.requested_by')
        .select(['u.email', 'u.name', 'u.locale'])
        .where('e.id', '=', eventId)
        .where('u.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    async setOrganisers(eventId: string, organisationIds: string[]): Promise<void> {
      await db.deleteFrom('event_organisers').where('event_id', '=', eventId).execute();
      if (organisationIds.length === 0) return;
      await db
        .insertInto('event_organisers')
        .values(
          organisationIds.map((organisation_id, position) => ({
            event_id: eventId,
            organisation_id,
            position,
          })),
        )
        .execute();
    },

    /** one event by id or slug, whatever its status */
    async find(idOrSlug: string): Promise<EventRow | undefined> {
      const q = eventsQuery(db);
      const row = await (isUuid(idOrSlug)
        ? q.where('e.id', '=', idOrSlug)
        : q.where('e.slug', '=', idOrSlug)
      ).executeTakeFirst();
      return row as EventRow | undefined;
    },

    async slugTaken(slug: string, exceptId?: string): Promise<boolean> {
      let q = db.selectFrom('events').select('id').where('slug', '=', slug);
      if (exceptId) q = q.where('id', '<>', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },

    async list(f: EventFilter): Promise<EventRow[]> {
      const q = filtered(eventsQuery(db), f)
        .orderBy('e.starts_at', f.past ? 'desc' : 'asc')
        .orderBy('e.id')
        .limit(f.limit ?? 200);
      return (await q.execute()) as unknown as EventRow[];
    },

    /** the event's row locked for this transaction: registrations of one event wait for each other */
    async lock(id: string): Promise<{ id: string } | undefined> {
      if (!isUuid(id)) return undefined;
      return db
        .selectFrom('events')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /** the organisations that organise at least one published event (the agenda's filter) */
    async organisers(): Promise<Organiser[]> {
      return db
        .selectFrom('organisations as o')
        .select(['o.id', 'o.slug', 'o.name'])
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('event_organisers as eo')
              .innerJoin('events as e', 'e.id', 'eo.event_id')
              .select('eo.event_id')
              .whereRef('eo.organisation_id', '=', 'o.id')
              .where('e.status', '=', 'published'),
          ),
        )
        .orderBy('o.name')
        .execute();
    },

    /** the published events an organisation organises, latest first */
    async ofOrganisation(organisationId: string): Promise<EventRow[]> {
      const rows = await eventsQuery(db)
        .where('e.status', '=', 'published')
        .where(
          sql<boolean>`EXISTS (SELECT 1 FROM event_organisers eo WHERE eo.event_id = e.id
            AND eo.organisation_id = ${organisationId})`,
        )
        .orderBy('e.starts_at', 'desc')
        .limit(50)
        .execute();
      return rows as unknown as EventRow[];
    },

    async demoLoaded(): Promise<boolean> {
      const row = await db
        .selectFrom('events')
        .select('id')
        .where('is_demo', '=', true)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type EventsRepository = ReturnType<typeof eventsRepository>;
