import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** the relations of the directory that tie two organisations closely enough for a conflict */
export const CONFLICT_RELATIONS = [
  'invests_in',
  'accelerates',
  'partner_of',
  'parent_of',
  'spin_off_of',
] as const;
export type ConflictRelation = (typeof CONFLICT_RELATIONS)[number];

/**
 * One tie found between a reviewer and an applicant organisation (or one merged into it, the
 * `target`), as one row of the query below; `kind` says which path of the graph it took.
 */
export type ConflictRow = {
  reviewer_id: string;
  applicant_id: string;
  kind: 'declared' | 'member' | 'relation' | 'funding';
  target_id: string;
  target_name: string;
  /** the organisation the reviewer is a member of, for a relation or a round */
  via_id: string | null;
  via_name: string | null;
  declaration_type: string | null;
  declaration_note: string | null;
  declared_at: Date | null;
  relation_id: number | null;
  relation_type: string | null;
  /** the reviewer's organisation is the relation's subject (it invests in the applicant) */
  via_is_from: boolean | null;
  relation_source: string | null;
  recorded_by: string | null;
  round_id: number | null;
  round_on: string | null;
  round_stage: string | null;
};

/**
 * What conflicts of interest read of the directory (members, merges, relations, funding rounds)
 * and of the reviewers' declarations, never writing: every tie between each reviewer and each
 * applicant organisation of the lists, in one set-based query. An applicant stands for itself and
 * for the organisations merged into it.
 */
export function conflictsRepository(db: Kysely<DB>) {
  return {
    async between(reviewerIds: readonly string[], applicantIds: readonly string[]) {
      if (reviewerIds.length === 0 || applicantIds.length === 0) return [];
      const reviewers = sql.val([...new Set(reviewerIds)]);
      const applicants = sql.val([...new Set(applicantIds)]);
      const relations = sql.val([...CONFLICT_RELATIONS]);
      const { rows } = await sql<ConflictRow>`
        WITH r AS (SELECT DISTINCT unnest(${reviewers}::uuid[]) AS reviewer_id),
        a AS (SELECT DISTINCT unnest(${applicants}::uuid[]) AS applicant_id),
        t AS (
          SELECT a.applicant_id, o.id AS target_id, o.name AS target_name
            FROM a JOIN organisations o ON o.id = a.applicant_id OR o.merged_into = a.applicant_id
        )
        SELECT r.reviewer_id, t.applicant_id, 'declared' AS kind, t.target_id, t.target_name,
               NULL::uuid AS via_id, NULL AS via_name, d.type AS declaration_type,
               d.note AS declaration_note, d.created_at AS declared_at, NULL::int AS relation_id,
               NULL AS relation_type, NULL::boolean AS via_is_from, NULL AS relation_source,
               NULL AS recorded_by, NULL::int AS round_id, NULL::text AS round_on, NULL AS round_stage
          FROM t JOIN conflict_declarations d ON d.organisation_id = t.target_id
          JOIN r ON r.reviewer_id = d.user_id
        UNION ALL
        SELECT r.reviewer_id, t.applicant_id, 'member', t.target_id, t.target_name, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM t JOIN organisation_members m ON m.organisation_id = t.target_id
          JOIN r ON r.reviewer_id = m.user_id
        UNION ALL
        SELECT r.reviewer_id, t.applicant_id, 'relation', t.target_id, t.target_name, v.id, v.name,
               NULL, NULL, NULL, rel.id, rel.type, rel.from_id = v.id, rel.source, u.name,
               NULL, NULL, NULL
          FROM t JOIN organisation_relations rel
            ON (rel.from_id = t.target_id OR rel.to_id = t.target_id)
           AND rel.type = ANY(${relations}::text[])
          JOIN organisations v
            ON v.id = CASE WHEN rel.from_id = t.target_id THEN rel.to_id ELSE rel.from_id END
          JOIN organisation_members m ON m.organisation_id = v.id
          JOIN r ON r.reviewer_id = m.user_id
          LEFT JOIN users u ON u.id = rel.created_by
        UNION ALL
        SELECT r.reviewer_id, t.applicant_id, 'funding', t.target_id, t.target_name, v.id, v.name,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, fr.id, fr.announced_on::text, fr.stage
          FROM t JOIN funding_rounds fr ON fr.organisation_id = t.target_id
          JOIN funding_round_investors fi ON fi.round_id = fr.id
          JOIN organisations v ON v.id = fi.investor_id
          JOIN organisation_members m ON m.organisation_id = v.id
          JOIN r ON r.reviewer_id = m.user_id
        ORDER BY 1, 2, 3, 4, 6, 11, 16`.execute(db);
      return rows;
    },
  };
}
