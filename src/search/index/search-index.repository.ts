import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { tsQuerySource } from '../../db/text-search.ts';
import { ORG_LIST_COLUMNS, type OrgListRow } from '../search.repository.ts';
import type { IndexDoc } from './memory-index.ts';

/** one organisation as the index reads it */
type IndexRow = {
  doc_no: number;
  merged: boolean;
  kind: string;
  status: string;
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  created_on: string | null;
  field_slugs: string[];
  communes: string[];
  tags: string[];
  label_slugs: string[];
  lexemes: string[] | null;
  weights: string | null;
};

/** an organisation's neighbours in the name order */
type Neighbours = { doc_no: number; prev_doc: number | null; next_doc: number | null };

/** what the index knows of an organisation; null when it was merged into another */
export const indexDocOf = (r: IndexRow): IndexDoc | null =>
  r.merged
    ? null
    : {
        doc: r.doc_no,
        kind: r.kind,
        status: r.status,
        band: r.headcount_band,
        min: r.headcount_min,
        max: r.headcount_max,
        created: r.created_on,
        fields: r.field_slugs,
        communes: r.communes,
        tags: r.tags,
        labels: r.label_slugs,
        lexemes: r.lexemes ?? [],
        weights: r.weights ?? '',
      };

/** the columns of IndexRow, the search text's lexemes with the best weight of each */
const INDEX_ROW = sql`o.doc_no, o.merged_into IS NOT NULL AS merged, o.kind, o.status,
  o.headcount_band, o.headcount_min, o.headcount_max, o.created_on, o.field_slugs, o.communes,
  o.tags, o.label_slugs, t.lexemes, t.weights`;
const LEXEMES = sql`LEFT JOIN LATERAL (
  SELECT array_agg(u.lexeme ORDER BY u.lexeme) AS lexemes,
         string_agg(CASE WHEN 'A' = ANY(u.weights) THEN 'A' WHEN 'B' = ANY(u.weights) THEN 'B'
                         WHEN 'C' = ANY(u.weights) THEN 'C' ELSE 'D' END, '' ORDER BY u.lexeme)
           AS weights
  FROM unnest(o.search) AS u) AS t ON true`;

/**
 * Where the register stands: a snapshot of the transactions (pg_snapshot as text: those below
 * its xmax and not in its running list had finished), and the deletions' epoch.
 */
export type Horizon = { snapshot: string; epoch: number };

/** the transactions still running at a snapshot (pg_snapshot as text: "xmin:xmax:xip,…") */
export function runningAt(snapshot: string): string[] {
  const parts = snapshot.split(':');
  if (parts.length !== 3) throw new Error(`not a snapshot: ${snapshot}`);
  return parts[2] === '' ? [] : (parts[2] as string).split(',');
}

export function searchIndexRepository(db: Kysely<DB>) {
  return {
    async horizon(): Promise<Horizon> {
      const r = await sql<Horizon>`
        SELECT pg_current_snapshot()::text AS snapshot,
               (SELECT epoch FROM directory_index_epoch) AS epoch`.execute(db);
      const row = r.rows[0];
      if (!row) throw new Error('no snapshot');
      return { snapshot: row.snapshot, epoch: Number(row.epoch) };
    },

    /** up to `batch` organisations after document `after`, in document order */
    async load(after: number, batch: number): Promise<IndexRow[]> {
      const r = await sql<IndexRow>`
        SELECT ${INDEX_ROW} FROM organisations o ${LEXEMES}
        WHERE o.doc_no > ${after} ORDER BY o.doc_no LIMIT ${batch}`.execute(db);
      return r.rows;
    },

    /**
     * In one statement (one snapshot): where the register stands now, the organisations written
     * since the snapshot `since` (by a transaction that had not finished then: at most `limit`,
     * in name order), and the words of a search as the French configuration turns them into a
     * tsquery.
     */
    async look(
      since: string,
      limit: number,
      words: readonly string[] | null,
    ): Promise<Horizon & { tsquery: string | null; changed: IndexRow[] }> {
      const running = runningAt(since);
      const r = await sql<Horizon & { tsquery: string | null } & IndexRow>`
        WITH h AS (
          SELECT pg_current_snapshot()::text AS snapshot,
                 (SELECT epoch FROM directory_index_epoch) AS epoch,
                 ${words === null ? sql`NULL::text` : sql`to_tsquery('french', ${tsQuerySource(words)})::text`} AS tsquery),
        -- two index scans: begun since (ordered, so that the index serves it whatever the
        -- estimates), and still running then (only when some were: their ids are given as
        -- values, which the planner weighs; taken from the snapshot in the statement, they
        -- were a list it could not see, and it read the register whole to find none)
        changed AS (
          (SELECT doc_no FROM organisations
           WHERE change_xid >= pg_snapshot_xmax(${since}::pg_snapshot)
           ORDER BY change_xid LIMIT ${limit})
          ${
            running.length === 0
              ? sql``
              : sql`UNION
          (SELECT doc_no FROM organisations
           WHERE change_xid = ANY(${sql.val(running)}::xid8[]) LIMIT ${limit})`
          })
        -- the changed rows by their key, as an array: joined to "changed", whose size the
        -- planner guesses from the limits (thousands), the register was read whole, once per look
        -- that found a change (85 ms at 100 000 organisations)
        SELECT h.snapshot, h.epoch, h.tsquery, c.* FROM h LEFT JOIN LATERAL (
          SELECT ${INDEX_ROW} FROM organisations o ${LEXEMES}
          WHERE o.doc_no = ANY(ARRAY(SELECT doc_no FROM changed))
          ORDER BY lower(o.name), o.id LIMIT ${limit}) AS c ON true`.execute(db);
      const first = r.rows[0];
      if (!first) throw new Error('no snapshot');
      return {
        snapshot: first.snapshot,
        epoch: Number(first.epoch),
        tsquery: first.tsquery,
        changed: r.rows.filter((row) => row.doc_no !== null),
      };
    },

    /** the organisations of the given documents, in that order */
    async rowsByDocs(docs: number[]): Promise<OrgListRow[]> {
      if (docs.length === 0) return [];
      const rows = (await db
        .selectFrom('organisations')
        .select([...ORG_LIST_COLUMNS, 'organisations.doc_no'])
        .where('organisations.doc_no', 'in', docs)
        .execute()) as (OrgListRow & { doc_no: number })[];
      const byDoc = new Map(rows.map(({ doc_no, ...row }) => [doc_no, row]));
      return docs.flatMap((d) => byDoc.get(d) ?? []);
    },

    /** up to `batch` organisations in the name order (lower(name), id), after `after` */
    async nameOrder(
      after: { name: string; id: string } | null,
      batch: number,
    ): Promise<{ doc_no: number; name: string; id: string }[]> {
      const r = await sql<{ doc_no: number; name: string; id: string }>`
        SELECT doc_no, lower(name) AS name, id FROM organisations
        WHERE merged_into IS NULL
          ${after ? sql`AND (lower(name), id) > (${after.name}, ${after.id}::uuid)` : sql``}
        ORDER BY lower(name), id LIMIT ${batch}`.execute(db);
      return r.rows;
    },

    /**
     * The neighbours in the name order of the organisations `placed`, among those not in
     * `changed` (whose places the index no longer knows). One index probe each way; without JIT,
     * whose compilation would cost far more than the probes.
     */
    async neighbours(placed: number[], changed: number[]): Promise<Map<number, Neighbours>> {
      if (placed.length === 0) return new Map();
      const rows = await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL jit = off`.execute(trx);
        const r = await sql<Neighbours>`
          SELECT o.doc_no,
            (SELECT p.doc_no FROM organisations p
             WHERE p.merged_into IS NULL AND (lower(p.name), p.id) < (lower(o.name), o.id)
               AND p.doc_no <> ALL(${sql.val(changed)}::int[])
             ORDER BY lower(p.name) DESC, p.id DESC LIMIT 1) AS prev_doc,
            (SELECT p.doc_no FROM organisations p
             WHERE p.merged_into IS NULL AND (lower(p.name), p.id) > (lower(o.name), o.id)
               AND p.doc_no <> ALL(${sql.val(changed)}::int[])
             ORDER BY lower(p.name), p.id LIMIT 1) AS next_doc
          FROM organisations o WHERE o.doc_no = ANY(${sql.val(placed)}::int[])`.execute(trx);
        return r.rows;
      });
      return new Map(rows.map((r) => [r.doc_no, r]));
    },

    /**
     * How many organisations the register holds (not merged into another): the total the
     * facet triggers keep (migration 0007), one row read whatever the register's size.
     */
    async registerSize(): Promise<number> {
      const r = await sql<{ n: number }>`
        SELECT n FROM directory_facet_counts WHERE facet = 'total' AND value = ''`.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    },
  };
}

export type SearchIndexRepository = ReturnType<typeof searchIndexRepository>;
