import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Merging a duplicate into the organisation kept: the SQL that moves what people recorded about
 * the duplicate (relations, funding rounds, investments, members, pending claims) onto the kept
 * one. Run inside the merge's transaction.
 *
 * - A relation that would join the kept organisation to itself, or repeat one it already has, is
 *   dropped; the others now name the kept organisation.
 * - Rounds move; the duplicate's place among a round's investors goes to the kept organisation
 *   (once, and never as an investor in its own round).
 * - Members become members of the kept organisation; a pending claim moves unless its author
 *   already waits on the kept one, in which case it is closed as rejected by the person merging.
 * - Its establishments move to the kept organisation at once, and what the search reads of the
 *   kept one (communes, head office, fields) follows; past headcount observations stay with the
 *   duplicate. The next import, following merged_into, records new observations on the kept one.
 */
export function duplicatesRepository(db: Kysely<DB>) {
  return {
    /**
     * Points the duplicate to the kept organisation; false when either was merged meanwhile. Both
     * rows are locked first, in a fixed order, so that two merges of the same pair in opposite
     * directions cannot both succeed (and make a loop): the second waits, then sees the first.
     */
    async markMerged(duplicateId: string, keptId: string): Promise<boolean> {
      const pair = await db
        .selectFrom('organisations')
        .select(['id', 'merged_into'])
        .where('id', 'in', [duplicateId, keptId])
        .orderBy('id')
        .forUpdate()
        .execute();
      if (pair.length !== 2 || pair.some((o) => o.merged_into !== null)) return false;
      const res = await db
        .updateTable('organisations')
        .set({ merged_into: keptId, updated_at: sql`now()` })
        .where('id', '=', duplicateId)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /**
     * The duplicate's establishments now belong to the kept organisation, which adds their open
     * communes, an open head office in the territory and (while the register is their source) the
     * fields of their activities to its own — never removing what it had.
     */
    async moveEstablishments(duplicateId: string, keptId: string): Promise<void> {
      await sql`
        WITH moved AS (
          UPDATE establishments SET organisation_id = ${keptId}::uuid, updated_at = now()
          WHERE organisation_id = ${duplicateId}::uuid
          RETURNING commune_code, status, is_head_office, naf_code
        ), added AS (
          SELECT
            coalesce(array_agg(DISTINCT m.commune_code)
              FILTER (WHERE m.status = 'open' AND m.commune_code IS NOT NULL), '{}') AS communes,
            coalesce(bool_or(m.is_head_office AND m.status = 'open'), false) AS head_office,
            coalesce((SELECT array_agg(DISTINCT f) FROM moved n
                      JOIN sector_codes c ON c.code = n.naf_code, unnest(c.field_slugs) f), '{}') AS fields
          FROM moved m
        )
        UPDATE organisations o SET
          communes = ARRAY(SELECT DISTINCT x FROM unnest(o.communes || a.communes) x ORDER BY x),
          head_office_in_territory = o.head_office_in_territory OR a.head_office,
          field_slugs = CASE WHEN o.provenance->'field_slugs'->>'source' = 'register'
            THEN ARRAY(SELECT DISTINCT x FROM unnest(o.field_slugs || a.fields) x ORDER BY x)
            ELSE o.field_slugs END,
          updated_at = now()
        FROM added a
        WHERE o.id = ${keptId}::uuid
          AND (NOT a.communes <@ o.communes OR (a.head_office AND NOT o.head_office_in_territory)
               OR (o.provenance->'field_slugs'->>'source' = 'register' AND NOT a.fields <@ o.field_slugs))
      `.execute(db);
    },

    async moveTies(duplicateId: string, keptId: string, decidedBy: string): Promise<void> {
      const dup = duplicateId;
      const kept = keptId;
      await sql`
        UPDATE organisation_relations r SET from_id = ${kept}::uuid, updated_at = now()
        WHERE r.from_id = ${dup}::uuid AND r.to_id <> ${kept}::uuid
          AND NOT EXISTS (SELECT 1 FROM organisation_relations x
                          WHERE x.from_id = ${kept}::uuid AND x.to_id = r.to_id AND x.type = r.type)`.execute(
        db,
      );
      await sql`
        UPDATE organisation_relations r SET to_id = ${kept}::uuid, updated_at = now()
        WHERE r.to_id = ${dup}::uuid AND r.from_id <> ${kept}::uuid
          AND NOT EXISTS (SELECT 1 FROM organisation_relations x
                          WHERE x.to_id = ${kept}::uuid AND x.from_id = r.from_id AND x.type = r.type)`.execute(
        db,
      );
      await sql`DELETE FROM organisation_relations WHERE from_id = ${dup}::uuid OR to_id = ${dup}::uuid`.execute(
        db,
      );

      await sql`UPDATE funding_rounds SET organisation_id = ${kept}::uuid, updated_at = now()
                WHERE organisation_id = ${dup}::uuid`.execute(db);
      await sql`
        UPDATE funding_round_investors i SET investor_id = ${kept}::uuid
        WHERE i.investor_id = ${dup}::uuid
          AND NOT EXISTS (SELECT 1 FROM funding_round_investors x
                          WHERE x.round_id = i.round_id AND x.investor_id = ${kept}::uuid)`.execute(
        db,
      );
      await sql`DELETE FROM funding_round_investors WHERE investor_id = ${dup}::uuid`.execute(db);
      await sql`
        DELETE FROM funding_round_investors i USING funding_rounds f
        WHERE i.round_id = f.id AND f.organisation_id = i.investor_id`.execute(db);

      await sql`
        INSERT INTO organisation_members (organisation_id, user_id)
        SELECT ${kept}::uuid, user_id FROM organisation_members WHERE organisation_id = ${dup}::uuid
        ON CONFLICT DO NOTHING`.execute(db);
      await sql`DELETE FROM organisation_members WHERE organisation_id = ${dup}::uuid`.execute(db);

      await sql`
        UPDATE organisation_claims c SET organisation_id = ${kept}::uuid
        WHERE c.organisation_id = ${dup}::uuid AND c.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM organisation_claims x
                          WHERE x.organisation_id = ${kept}::uuid AND x.user_id = c.user_id
                            AND x.status = 'pending')`.execute(db);
      await sql`
        UPDATE organisation_claims SET status = 'rejected', decided_by = ${decidedBy}::uuid,
          decided_at = now()
        WHERE organisation_id = ${dup}::uuid AND status = 'pending'`.execute(db);
    },
  };
}
