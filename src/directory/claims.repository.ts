import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export function claimsRepository(db: Kysely<DB>) {
  return {
    /** undefined when this person already has a pending claim on this organisation */
    async create(input: {
      organisationId: string;
      userId: string;
      method: 'email_domain' | 'staff';
      status: 'pending' | 'approved';
      message: string;
    }): Promise<number | undefined> {
      const row = await db
        .insertInto('organisation_claims')
        .values({
          organisation_id: input.organisationId,
          user_id: input.userId,
          method: input.method,
          status: input.status,
          message: input.message,
          decided_at: input.status === 'approved' ? sql`now()` : null,
        })
        .onConflict((oc) =>
          oc.columns(['organisation_id', 'user_id']).where('status', '=', 'pending').doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    },

    pending() {
      return db
        .selectFrom('organisation_claims as c')
        .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select([
          'c.id',
          'c.message',
          'c.created_at',
          'o.id as organisation_id',
          'o.slug',
          'o.name as organisation_name',
          'o.website',
          'u.id as user_id',
          'u.name as user_name',
          'u.email as user_email',
        ])
        .where('c.status', '=', 'pending')
        .orderBy('c.created_at')
        .execute();
    },

    /** decides a pending claim once: of two staff deciding together, one wins */
    async decide(
      id: number,
      status: 'approved' | 'rejected',
      staffId: string,
    ): Promise<{ organisation_id: string; user_id: string } | undefined> {
      return db
        .updateTable('organisation_claims')
        .set({ status, decided_by: staffId, decided_at: sql`now()` })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returning(['organisation_id', 'user_id'])
        .executeTakeFirst();
    },

    /** the organisations a person waits to join */
    pendingOf(userId: string) {
      return db
        .selectFrom('organisation_claims as c')
        .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
        .select(['o.slug', 'o.name', 'c.created_at'])
        .where('c.user_id', '=', userId)
        .where('c.status', '=', 'pending')
        .where('o.merged_into', 'is', null)
        .orderBy('o.name')
        .execute();
    },

    async pendingFor(organisationId: string, userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('organisation_claims')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
