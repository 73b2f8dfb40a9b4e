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
 * - Headcount observations and establishments stay with the duplicate: they are the register's
 *   record of that unit, and the next import keeps them there.
 */
export function duplicatesRepository(db: Kysely<DB>) {
  return {
    /** points the duplicate to the kept organisation; false when it was merged meanwhile */
    async markMerged(duplicateId: string, keptId: string): Promise<boolean> {
      const res = await db
        .updateTable('organisations')
        .set({ merged_into: keptId, updated_at: sql`now()` })
        .where('id', '=', duplicateId)
        .where('merged_into', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
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
