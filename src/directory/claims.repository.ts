import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** claims and their decisions by staff */
function claimRows(db: Kysely<DB>) {
  return {
    /** the claim's id; undefined when this person already has a pending claim on this organisation */
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

    /** when this person asked to join this organisation, while the request waits; else null */
    async pendingSince(organisationId: string, userId: string): Promise<Date | null> {
      const row = await db
        .selectFrom('organisation_claims')
        .select('created_at')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row ? new Date(row.created_at) : null;
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

/** memberships given at once by an address's domain, and the members they join */
function automaticClaims(db: Kysely<DB>) {
  return {
    /** since when a person is a member of an organisation; undefined when they are not */
    async memberSince(organisationId: string, userId: string): Promise<Date | undefined> {
      const row = await db
        .selectFrom('organisation_members')
        .select('created_at')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.created_at;
    },

    /** who is a member of an organisation (to tell them of a newcomer) */
    async memberIds(organisationId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('organisation_members')
        .select('user_id')
        .where('organisation_id', '=', organisationId)
        .execute();
      return rows.map((r) => r.user_id);
    },

    /** a claim accepted at once by the address's domain, still in force */
    automatic(id: number) {
      return db
        .selectFrom('organisation_claims')
        .select(['id', 'organisation_id', 'user_id', 'decided_at'])
        .where('id', '=', id)
        .where('method', '=', 'email_domain')
        .where('status', '=', 'approved')
        .executeTakeFirst();
    },

    /**
     * The automatic claims in force decided since a date, of one organisation or of all, newest
     * first, with who made them.
     */
    recentAutomatic(since: Date, organisationId?: string) {
      return db
        .selectFrom('organisation_claims as c')
        .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select([
          'c.id',
          'c.decided_at',
          'o.id as organisation_id',
          'o.slug',
          'o.name as organisation_name',
          'u.id as user_id',
          'u.name as user_name',
          'u.email as user_email',
        ])
        .where('c.method', '=', 'email_domain')
        .where('c.status', '=', 'approved')
        .where('c.decided_at', '>=', since)
        .$if(organisationId !== undefined, (q) =>
          q.where('c.organisation_id', '=', organisationId as string),
        )
        .orderBy('c.decided_at', 'desc')
        .orderBy('c.id', 'desc')
        .execute();
    },

    /**
     * Revokes an automatic claim in force, once (of two revocations together, one wins), and
     * ends the membership it gave; undefined when there is no such claim in force.
     */
    async revoke(
      id: number,
      revokedBy: string,
    ): Promise<{ organisation_id: string; user_id: string } | undefined> {
      const revoked = await db
        .updateTable('organisation_claims')
        .set({ status: 'revoked', revoked_by: revokedBy, revoked_at: sql`now()` })
        .where('id', '=', id)
        .where('method', '=', 'email_domain')
        .where('status', '=', 'approved')
        .returning(['organisation_id', 'user_id'])
        .executeTakeFirst();
      if (!revoked) return undefined;
      await db
        .deleteFrom('organisation_members')
        .where('organisation_id', '=', revoked.organisation_id)
        .where('user_id', '=', revoked.user_id)
        .execute();
      return revoked;
    },
  };
}

/** Claims on organisations (organisation_claims) and the memberships they give: the SQL only. */
export function claimsRepository(db: Kysely<DB>) {
  return { ...claimRows(db), ...automaticClaims(db) };
}
