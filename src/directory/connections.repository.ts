import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { prefixTsQuery } from '../db/text-search.ts';

/** an organisation as a relation or a round names it */
export type OrgRef = { id: string; slug: string; name: string; kind: string; is_demo: boolean };

export type RelationRow = {
  id: number;
  type: string;
  from_id: string;
  to_id: string;
  started_on: string | null;
  ended_on: string | null;
  source: string;
  note: string | null;
  updated_at: Date;
  other: OrgRef;
  /** the profile's organisation is the relation's object ("X invests in us") */
  reverse: boolean;
};

export type RoundRow = {
  id: number;
  organisation_id: string;
  announced_on: string;
  amount_eur: number | null;
  stage: string;
  source: string;
  is_demo: boolean;
  updated_at: Date;
  investors: OrgRef[];
};

export type RelationValues = {
  from_id: string;
  to_id: string;
  type: string;
  started_on: string | null;
  ended_on: string | null;
  note: string | null;
  source: 'self' | 'staff';
  by: string;
};

export type RoundValues = {
  announced_on: string;
  amount_eur: number | null;
  stage: string;
  source: 'self' | 'staff';
  investors: string[];
  by: string;
};

const REF = ['id', 'slug', 'name', 'kind', 'is_demo'] as const;

/** Organisations as relations and rounds name them: by id, and from a text typed. */
function orgRefQueries(db: Kysely<DB>) {
  async function refs(ids: string[]): Promise<Map<string, OrgRef>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('organisations')
      .select(REF)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  return {
    refs,

    /** the active organisation (not merged) at this address, or with this SIREN */
    async bySlugOrSiren(text: string): Promise<OrgRef | undefined> {
      const value = text.trim();
      return db
        .selectFrom('organisations')
        .select(REF)
        .where('merged_into', 'is', null)
        .where((eb) => (/^\d{9}$/.test(value) ? eb('siren', '=', value) : eb('slug', '=', value)))
        .orderBy('id')
        .executeTakeFirst();
    },

    /** active organisations (not merged) among these ids */
    async existing(ids: string[]): Promise<OrgRef[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('organisations')
        .select(REF)
        .where('id', 'in', ids)
        .where('merged_into', 'is', null)
        .execute();
    },

    /**
     * Organisations a typed text may mean: its address or slug, then its exact name, then names
     * and acronyms starting with its words (best first).
     */
    async candidates(text: string, limit: number): Promise<OrgRef[]> {
      const slug = text.replace(/^.*\/annuaire\//, '').replace(/[/?#].*$/, '');
      const exact = await db
        .selectFrom('organisations')
        .select(REF)
        .where('merged_into', 'is', null)
        .where((eb) =>
          eb.or([
            eb('slug', '=', slug),
            eb(sql`lower(name)`, '=', text.toLowerCase()),
            eb('siren', '=', text.replace(/\s/g, '')),
          ]),
        )
        .orderBy('name')
        .limit(limit)
        .execute();
      const ts = prefixTsQuery(text);
      if (!ts || exact.length >= limit) return exact;
      const found = await db
        .selectFrom('organisations')
        .select(REF)
        .where('merged_into', 'is', null)
        .where(sql<boolean>`search @@ ${ts}`)
        .orderBy(sql`ts_rank(search, ${ts})`, 'desc')
        .orderBy('name')
        .limit(limit)
        .execute();
      const seen = new Set(exact.map((o) => o.id));
      return [...exact, ...found.filter((o) => !seen.has(o.id))].slice(0, limit);
    },
  };
}

/** Relations between two organisations, either way. */
function relationQueries(db: Kysely<DB>) {
  const { refs } = orgRefQueries(db);
  return {
    /** both directions: what the organisation does, and what others do with it */
    async relationsOf(organisationId: string): Promise<RelationRow[]> {
      const rows = await db
        .selectFrom('organisation_relations')
        .select([
          'id',
          'type',
          'from_id',
          'to_id',
          'started_on',
          'ended_on',
          'source',
          'note',
          'updated_at',
        ])
        .where((eb) =>
          eb.or([eb('from_id', '=', organisationId), eb('to_id', '=', organisationId)]),
        )
        .orderBy('type')
        .orderBy('started_on')
        .orderBy('id')
        .execute();
      const others = await refs(
        rows.map((r) => (r.from_id === organisationId ? r.to_id : r.from_id)),
      );
      return rows.flatMap((r) => {
        const reverse = r.from_id !== organisationId;
        const other = others.get(reverse ? r.from_id : r.to_id);
        return other ? [{ ...r, reverse, other }] : [];
      });
    },

    async findRelation(id: number) {
      return db
        .selectFrom('organisation_relations')
        .select(['id', 'type', 'from_id', 'to_id', 'started_on', 'ended_on', 'source', 'note'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** a relation of that type between the two (either way when `bothWays`), other than `except` */
    async relationExists(
      fromId: string,
      toId: string,
      type: string,
      bothWays: boolean,
      except?: number,
    ): Promise<boolean> {
      let q = db
        .selectFrom('organisation_relations')
        .select('id')
        .where('type', '=', type)
        .where((eb) =>
          bothWays
            ? eb.or([
                eb.and([eb('from_id', '=', fromId), eb('to_id', '=', toId)]),
                eb.and([eb('from_id', '=', toId), eb('to_id', '=', fromId)]),
              ])
            : eb.and([eb('from_id', '=', fromId), eb('to_id', '=', toId)]),
        );
      if (except !== undefined) q = q.where('id', '<>', except);
      return (await q.executeTakeFirst()) !== undefined;
    },

    /** null when the same relation was recorded meanwhile */
    async insertRelation(v: RelationValues): Promise<number | null> {
      const row = await db
        .insertInto('organisation_relations')
        .values({
          from_id: v.from_id,
          to_id: v.to_id,
          type: v.type,
          started_on: v.started_on,
          ended_on: v.ended_on,
          note: v.note,
          source: v.source,
          created_by: v.by,
          updated_by: v.by,
        })
        .onConflict((oc) => oc.columns(['from_id', 'to_id', 'type']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async updateRelation(id: number, v: RelationValues): Promise<void> {
      await db
        .updateTable('organisation_relations')
        .set({
          from_id: v.from_id,
          to_id: v.to_id,
          type: v.type,
          started_on: v.started_on,
          ended_on: v.ended_on,
          note: v.note,
          source: v.source,
          updated_by: v.by,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    },

    async deleteRelation(id: number): Promise<void> {
      await db.deleteFrom('organisation_relations').where('id', '=', id).execute();
    },
  };
}

const ROUND_COLUMNS = [
  'id',
  'organisation_id',
  'announced_on',
  'amount_eur',
  'stage',
  'source',
  'is_demo',
  'updated_at',
] as const;

/** Funding rounds and their investors. */
function roundQueries(db: Kysely<DB>) {
  async function investorsOf(roundIds: number[]): Promise<Map<number, OrgRef[]>> {
    const out = new Map<number, OrgRef[]>();
    if (roundIds.length === 0) return out;
    const rows = await db
      .selectFrom('funding_round_investors as i')
      .innerJoin('organisations as o', 'o.id', 'i.investor_id')
      .select(['i.round_id', 'o.id', 'o.slug', 'o.name', 'o.kind', 'o.is_demo'])
      .where('i.round_id', 'in', roundIds)
      .orderBy('o.name')
      .execute();
    for (const { round_id, ...ref } of rows) {
      out.set(round_id, [...(out.get(round_id) ?? []), ref]);
    }
    return out;
  }

  return {
    async roundsOf(organisationId: string): Promise<RoundRow[]> {
      const rows = await db
        .selectFrom('funding_rounds')
        .select(ROUND_COLUMNS)
        .where('organisation_id', '=', organisationId)
        .orderBy('announced_on', 'desc')
        .orderBy('id')
        .execute();
      const investors = await investorsOf(rows.map((r) => r.id));
      return rows.map((r) => ({ ...r, investors: investors.get(r.id) ?? [] }));
    },

    /** the rounds an organisation took part in as an investor, with the funded organisation */
    async roundsInvestedBy(investorId: string) {
      const rows = await db
        .selectFrom('funding_rounds as f')
        .innerJoin('funding_round_investors as i', 'i.round_id', 'f.id')
        .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
        .select([
          'f.id',
          'f.announced_on',
          'f.amount_eur',
          'f.stage',
          'f.source',
          'f.is_demo',
          'o.id as org_id',
          'o.slug as org_slug',
          'o.name as org_name',
          'o.kind as org_kind',
          'o.is_demo as org_is_demo',
        ])
        .where('i.investor_id', '=', investorId)
        .where('o.merged_into', 'is', null)
        .orderBy('f.announced_on', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        announced_on: r.announced_on,
        amount_eur: r.amount_eur,
        stage: r.stage,
        source: r.source,
        is_demo: r.is_demo,
        organisation: {
          id: r.org_id,
          slug: r.org_slug,
          name: r.org_name,
          kind: r.org_kind,
          is_demo: r.org_is_demo,
        },
      }));
    },

    async findRound(id: number): Promise<RoundRow | undefined> {
      const row = await db
        .selectFrom('funding_rounds')
        .select(ROUND_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      return { ...row, investors: (await investorsOf([row.id])).get(row.id) ?? [] };
    },

    async roundExists(
      organisationId: string,
      announcedOn: string,
      stage: string,
      except?: number,
    ): Promise<boolean> {
      let q = db
        .selectFrom('funding_rounds')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('announced_on', '=', announcedOn)
        .where('stage', '=', stage);
      if (except !== undefined) q = q.where('id', '<>', except);
      return (await q.executeTakeFirst()) !== undefined;
    },

    async insertRound(organisationId: string, v: RoundValues): Promise<number> {
      const row = await db
        .insertInto('funding_rounds')
        .values({
          organisation_id: organisationId,
          announced_on: v.announced_on,
          amount_eur: v.amount_eur,
          stage: v.stage,
          source: v.source,
          created_by: v.by,
          updated_by: v.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (v.investors.length > 0) {
        await db
          .insertInto('funding_round_investors')
          .values(v.investors.map((investor_id) => ({ round_id: row.id, investor_id })))
          .execute();
      }
      return row.id;
    },

    /** a corrected round is no longer demo data: someone stated it */
    async updateRound(id: number, v: RoundValues): Promise<void> {
      await db
        .updateTable('funding_rounds')
        .set({
          announced_on: v.announced_on,
          amount_eur: v.amount_eur,
          stage: v.stage,
          source: v.source,
          is_demo: false,
          updated_by: v.by,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
      await db.deleteFrom('funding_round_investors').where('round_id', '=', id).execute();
      if (v.investors.length > 0) {
        await db
          .insertInto('funding_round_investors')
          .values(v.investors.map((investor_id) => ({ round_id: id, investor_id })))
          .execute();
      }
    },

    async deleteRound(id: number): Promise<void> {
      await db.deleteFrom('funding_rounds').where('id', '=', id).execute();
    },
  };
}

/** Relations between organisations and funding rounds: the SQL only. */
export function connectionsRepository(db: Kysely<DB>) {
  return { ...orgRefQueries(db), ...relationQueries(db), ...roundQueries(db) };
}

export type ConnectionsRepository = ReturnType<typeof connectionsRepository>;
