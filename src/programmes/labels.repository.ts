import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A label as the pages and the API read it: its holder, its call, its state. */
export type LabelRow = {
  id: number;
  name_fr: string;
  name_en: string;
  organisation_id: string | null;
  organisation_slug: string | null;
  organisation_name: string | null;
  holder_name: string | null;
  call_id: number | null;
  call_title_fr: string | null;
  call_title_en: string | null;
  call_slug: string | null;
  application_id: number | null;
  valid_from: string;
  valid_until: string | null;
  status: 'active' | 'withdrawn';
  withdrawn_reason: string | null;
  withdrawn_at: Date | null;
  source_note: string;
  is_demo: boolean;
};

export type LabelFilters = {
  /** the holder's slug in the directory */
  organisation?: string;
  /** only labels held today: not withdrawn, not expired (the day given, Paris) */
  activeOn?: string;
};

/** The SQL of labels (0029): reads for the public pages, the profile and the API; withdrawal. */
export function labelsRepository(db: Kysely<DB>) {
  function selectLabels() {
    return db
      .selectFrom('labels as l')
      .leftJoin('organisations as o', 'o.id', 'l.organisation_id')
      .leftJoin('programme_calls as c', 'c.id', 'l.call_id')
      .select([
        'l.id',
        'l.name_fr',
        'l.name_en',
        'l.organisation_id',
        'o.slug as organisation_slug',
        'o.name as organisation_name',
        'l.holder_name',
        'l.call_id',
        'c.title_fr as call_title_fr',
        'c.title_en as call_title_en',
        'c.slug as call_slug',
        'l.application_id',
        'l.valid_from',
        'l.valid_until',
        'l.status',
        'l.withdrawn_reason',
        'l.withdrawn_at',
        'l.source_note',
        'l.is_demo',
      ]);
  }
  return {
    /** every label, by name then holder (the pages sort them into current, past, withdrawn) */
    async all(filters: LabelFilters = {}): Promise<LabelRow[]> {
      let q = selectLabels();
      if (filters.organisation !== undefined) q = q.where('o.slug', '=', filters.organisation);
      if (filters.activeOn !== undefined) {
        const day = filters.activeOn;
        q = q
          .where('l.status', '=', 'active')
          .where('l.valid_from', '<=', day)
          .where((eb) => eb.or([eb('l.valid_until', 'is', null), eb('l.valid_until', '>=', day)]));
      }
      const rows = await q
        .orderBy('l.name_fr')
        .orderBy(sql`coalesce(o.name, l.holder_name)`)
        .orderBy('l.id')
        .execute();
      return rows as LabelRow[];
    },

    /**
     * The labels of one organisation of the directory, and of those merged into it (a merge says
     * both rows are one organisation; the directory's label facet counts them for it too).
     */
    async ofOrganisation(organisationId: string): Promise<LabelRow[]> {
      const rows = await selectLabels()
        .where(
          sql<boolean>`l.organisation_id IN (
            WITH RECURSIVE family(id) AS (
              SELECT ${organisationId}::uuid
              UNION
              SELECT m.id FROM organisations m JOIN family f ON m.merged_into = f.id)
            SELECT id FROM family)`,
        )
        .orderBy('l.valid_from', 'desc')
        .orderBy('l.id')
        .execute();
      return rows as LabelRow[];
    },

    /**
     * Each label's name as the directory's facet keys it (label_slug of the French name,
     * migration 0030), with its names as last conferred, and whether every one is demo data.
     */
    async facetNames(): Promise<
      { slug: string; name_fr: string; name_en: string; is_demo: boolean }[]
    > {
      const r = await sql<{ slug: string; name_fr: string; name_en: string; is_demo: boolean }>`
        SELECT label_slug(name_fr) AS slug,
          (array_agg(name_fr ORDER BY created_at DESC, id DESC))[1] AS name_fr,
          (array_agg(name_en ORDER BY created_at DESC, id DESC))[1] AS name_en,
          bool_and(is_demo) AS is_demo
        FROM labels GROUP BY 1 ORDER BY 1`.execute(db);
      return r.rows;
    },

    async byId(id: number): Promise<LabelRow | undefined> {
      const row = await selectLabels().where('l.id', '=', id).executeTakeFirst();
      return row as LabelRow | undefined;
    },

    /** the label's state, its row locked until the transaction ends */
    lockState(id: number) {
      return db
        .selectFrom('labels')
        .select(['id', 'status', 'application_id'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    async withdraw(id: number, input: { by: string; reason: string }): Promise<void> {
      await db
        .updateTable('labels')
        .set({
          status: 'withdrawn',
          withdrawn_reason: input.reason,
          withdrawn_at: sql<Date>`now()`,
          withdrawn_by: input.by,
        })
        .where('id', '=', id)
        .execute();
    },
  };
}
