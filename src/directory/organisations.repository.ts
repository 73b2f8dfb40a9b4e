import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export type OrganisationRow = {
  id: string;
  slug: string;
  name: string;
  acronym: string | null;
  kind: string;
  status: string;
  siren: string | null;
  description_fr: string;
  description_en: string;
  website: string | null;
  field_slugs: string[];
  tags: string[];
  legal_category: string | null;
  naf_code: string | null;
  company_category: string | null;
  created_on: string | null;
  ceased: boolean;
  restricted: boolean;
  sole_trader: boolean;
  provenance: Record<string, { source: string; at: string }>;
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  headcount_year: number | null;
  headcount_source: string | null;
  communes: string[];
  head_office_in_territory: boolean;
  merged_into: string | null;
  is_demo: boolean;
  updated_at: Date;
};

const ORG_COLUMNS = [
  'id',
  'slug',
  'name',
  'acronym',
  'kind',
  'status',
  'siren',
  'description_fr',
  'description_en',
  'website',
  'field_slugs',
  'tags',
  'legal_category',
  'naf_code',
  'company_category',
  'created_on',
  'ceased',
  'restricted',
  'sole_trader',
  'provenance',
  'headcount_band',
  'headcount_min',
  'headcount_max',
  'headcount_year',
  'headcount_source',
  'communes',
  'head_office_in_territory',
  'merged_into',
  'is_demo',
  'updated_at',
] as const;

export type OrganisationInsert = {
  slug: string;
  name: string;
  kind: string;
  acronym?: string | null;
  status?: string;
  siren?: string | null;
  description_fr?: string;
  description_en?: string;
  website?: string | null;
  field_slugs?: string[];
  tags?: string[];
  created_on?: string | null;
  provenance?: Record<string, { source: string; at: string }>;
  communes?: string[];
  is_demo?: boolean;
};

export type OrganisationPatch = Partial<
  Pick<
    OrganisationRow,
    | 'name'
    | 'acronym'
    | 'kind'
    | 'status'
    | 'description_fr'
    | 'description_en'
    | 'website'
    | 'field_slugs'
    | 'tags'
    | 'provenance'
  >
>;

/** an organisation's row: read, written, counted */
function organisationRows(db: Kysely<DB>) {
  return {
    async findBySlug(slug: string): Promise<OrganisationRow | undefined> {
      return (await db
        .selectFrom('organisations')
        .select(ORG_COLUMNS)
        .where('slug', '=', slug)
        .executeTakeFirst()) as OrganisationRow | undefined;
    },

    async findById(id: string): Promise<OrganisationRow | undefined> {
      return (await db
        .selectFrom('organisations')
        .select(ORG_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst()) as OrganisationRow | undefined;
    },

    /** the organisation an old address now belongs to */
    async findByOldSlug(slug: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('organisation_slug_history')
        .select('organisation_id')
        .where('slug', '=', slug)
        .executeTakeFirst();
      return row?.organisation_id;
    },

    async slugTaken(slug: string): Promise<boolean> {
      const row = await db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', slug)
        .unionAll(
          db
            .selectFrom('organisation_slug_history')
            .select('organisation_id as id')
            .where('slug', '=', slug),
        )
        .executeTakeFirst();
      return row !== undefined;
    },

    async insert(values: OrganisationInsert): Promise<string> {
      const row = await db
        .insertInto('organisations')
        .values({
          ...values,
          provenance: values.provenance ? JSON.stringify(values.provenance) : undefined,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** saves a patch when the row was not changed since `expected` (the edit-version check) */
    async update(id: string, patch: OrganisationPatch, expected?: Date): Promise<boolean> {
      let q = db
        .updateTable('organisations')
        .set({
          ...patch,
          provenance: patch.provenance ? (JSON.stringify(patch.provenance) as never) : undefined,
          updated_at: sql`now()`,
        } as never)
        .where('id', '=', id);
      if (expected) q = q.where(sql<boolean>`date_trunc('milliseconds', updated_at) = ${expected}`);
      const res = await q.executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('merged_into', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** what the profile shows beside the row: establishments, headcounts, relations */
function organisationFacts(db: Kysely<DB>) {
  return {
    establishments(organisationId: string) {
      return db
        .selectFrom('establishments')
        .select([
          'siret',
          'name',
          'is_head_office',
          'status',
          'street',
          'postcode',
          'commune_code',
          'commune_name',
          'latitude',
          'longitude',
          'naf_code',
          'headcount_band',
          'headcount_year',
          'created_on',
          'restricted',
        ])
        .where('organisation_id', '=', organisationId)
        .orderBy('status', 'desc')
        .orderBy('is_head_office', 'desc')
        .orderBy('siret')
        .execute();
    },

    headcountHistory(organisationId: string) {
      return db
        .selectFrom('headcount_observations')
        .select(['siret', 'band', 'exact', 'year', 'source', 'observed_on'])
        .where('organisation_id', '=', organisationId)
        .where('siret', 'is', null)
        .orderBy('observed_on', 'desc')
        .orderBy('source')
        .execute();
    },

    async addRelation(input: {
      fromId: string;
      toId: string;
      type: string;
      startedOn?: string | null;
      source?: string;
    }): Promise<void> {
      await db
        .insertInto('organisation_relations')
        .values({
          from_id: input.fromId,
          to_id: input.toId,
          type: input.type,
          started_on: input.startedOn ?? null,
          source: input.source ?? 'staff',
        })
        .onConflict((oc) => oc.columns(['from_id', 'to_id', 'type']).doNothing())
        .execute();
    },

    /**
     * A headcount someone declares: a new observation. A second declaration by the same source on
     * the same day corrects that day's (a typo fixed); earlier observations are never touched.
     */
    async declareHeadcount(input: {
      organisationId: string;
      exact: number;
      year: number;
      source: 'self' | 'staff';
      observedOn: string;
    }): Promise<void> {
      await sql`
        INSERT INTO headcount_observations
          (organisation_id, siret, band, exact, year, source, observed_on)
        VALUES (${input.organisationId}::uuid, NULL, NULL, ${input.exact}, ${input.year},
          ${input.source}, ${input.observedOn}::date)
        ON CONFLICT (organisation_id, coalesce(siret, ''), source, observed_on)
        DO UPDATE SET exact = excluded.exact, year = excluded.year, created_at = now()`.execute(db);
    },

    /**
     * Writes the organisation's current headcount (the view current_headcounts: latest observation,
     * ties staff > self > register) into the columns the search, its facets and its sort read.
     */
    async refreshCurrentHeadcount(organisationId: string): Promise<void> {
      await sql`
        UPDATE organisations o SET
          headcount_band = c.band, headcount_min = c.min_staff, headcount_max = c.max_staff,
          headcount_year = c.year, headcount_source = c.source
        FROM current_headcounts c
        WHERE o.id = ${organisationId}::uuid AND c.organisation_id = o.id
          AND (o.headcount_band, o.headcount_min, o.headcount_max, o.headcount_year,
               o.headcount_source)
              IS DISTINCT FROM (c.band, c.min_staff, c.max_staff, c.year, c.source)`.execute(db);
    },
  };
}

/** who speaks for an organisation */
function organisationMembers(db: Kysely<DB>) {
  return {
    async isMember(organisationId: string, userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('organisation_members')
        .select('user_id')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async addMember(organisationId: string, userId: string): Promise<void> {
      await db
        .insertInto('organisation_members')
        .values({ organisation_id: organisationId, user_id: userId })
        .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
        .execute();
    },

    /** a few demo organisations, by name (the other capabilities' demos are made for them) */
    demoOrganisations(limit: number) {
      return db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('is_demo', '=', true)
        .orderBy('name')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    memberships(userId: string) {
      return db
        .selectFrom('organisation_members as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select(['o.id', 'o.slug', 'o.name'])
        .where('m.user_id', '=', userId)
        .orderBy('o.name')
        .execute();
    },
  };
}

/** The register's organisations: the SQL only. */
export function organisationsRepository(db: Kysely<DB>) {
  return {
    ...organisationRows(db),
    ...organisationFacts(db),
    ...organisationMembers(db),
    /**
     * Moves the day the organisations' labels are held on (migration 0030) to `day` (Paris,
     * YYYY-MM-DD), writing again those whose labels began or ended meanwhile; nothing when the
     * day is already there or later. Returns the organisations written.
     */
    async holdLabelsOn(day: string): Promise<number> {
      const r = await sql<{
        n: number;
      }>`SELECT directory_labels_refresh(${day}::date) AS n`.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    },
    /**
     * Where an address of the directory leads: `here` for the current slug of an organisation in
     * the register; the slug of the organisation that now answers for an old slug (renamed) or a
     * merged one, following merges to the end (A into B, B into C: C); `gone` when a chain of
     * merges loops; undefined when the slug was never known.
     */
    async whereIs(
      slug: string,
    ): Promise<
      | { kind: 'here' }
      | { kind: 'moved'; slug: string; merged: boolean }
      | { kind: 'gone' }
      | undefined
    > {
      // the common case, a current address, in one indexed lookup
      const direct = await db
        .selectFrom('organisations')
        .select('merged_into')
        .where('slug', '=', slug)
        .executeTakeFirst();
      if (direct && direct.merged_into === null) return { kind: 'here' };
      const rows = await sql<{
        slug: string;
        merged_into: string | null;
        depth: number;
        renamed: boolean;
      }>`
        WITH RECURSIVE start AS (
          SELECT o.id, false AS renamed FROM organisations o WHERE o.slug = ${slug}
          UNION ALL
          SELECT h.organisation_id, true FROM organisation_slug_history h
          WHERE h.slug = ${slug} AND NOT EXISTS (SELECT 1 FROM organisations x WHERE x.slug = ${slug})
        ), chain AS (
          SELECT o.id, o.slug, o.merged_into, ARRAY[o.id] AS seen, 0 AS depth, s.renamed
          FROM start s JOIN organisations o ON o.id = s.id
          UNION ALL
          SELECT o.id, o.slug, o.merged_into, c.seen || o.id, c.depth + 1, c.renamed
          FROM chain c JOIN organisations o ON o.id = c.merged_into
          WHERE NOT o.id = ANY (c.seen) AND c.depth < 100
        )
        SELECT slug, merged_into, depth, renamed FROM chain ORDER BY depth DESC LIMIT 1`.execute(
        db,
      );
      const end = rows.rows[0];
      if (!end) return undefined;
      if (end.merged_into !== null) return { kind: 'gone' };
      if (Number(end.depth) === 0 && !end.renamed) return { kind: 'here' };
      return { kind: 'moved', slug: end.slug, merged: Number(end.depth) > 0 };
    },
  };
}

export type OrganisationsRepository = ReturnType<typeof organisationsRepository>;
