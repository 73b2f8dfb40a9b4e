import type { Kysely } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';

/** what staff filter a call's applications by */
export type ReviewFilters = { state?: ApplicationState; organisation?: string };

export type ListedApplication = {
  id: number;
  organisation_id: string;
  organisation_name: string;
  organisation_slug: string;
  siren: string | null;
  state: ApplicationState;
  acknowledgement: string | null;
  submitted_at: Date | null;
  form_version: number;
  is_demo: boolean;
};

/** an application as the export writes it: its row and its answers */
export type ExportedApplication = ListedApplication & { answers: Record<string, unknown> };

export type NamedHistoryRow = {
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  actor_name: string | null;
  at: Date;
  note: string;
};

export const PAGE_SIZE = 50;

/** a text searched for anywhere in a name: LIKE's wildcards in it are taken literally */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The SQL of the staff's review: a call's applications with their organisation's name, address
 * and SIREN (read from the directory, never written), counted by state, a page at a time or in
 * batches for the export; the history with who did what; the applicant to write to.
 */
export function reviewRepository(db: Kysely<DB>) {
  function matching(callId: number, filters: ReviewFilters, withState = true) {
    let query = db
      .selectFrom('programme_applications as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .where('a.call_id', '=', callId);
    if (withState && filters.state) query = query.where('a.state', '=', filters.state);
    if (filters.organisation)
      query = query.where('o.name', 'ilike', containing(filters.organisation));
    return query;
  }
  const LISTED = [
    'a.id',
    'a.organisation_id',
    'o.name as organisation_name',
    'o.slug as organisation_slug',
    'o.siren',
    'a.state',
    'a.acknowledgement',
    'a.submitted_at',
    'a.form_version',
    'a.is_demo',
  ] as const;

  return {
    /** a page of the call's applications, the latest submitted first (drafts last) */
    async page(callId: number, filters: ReviewFilters, page: number) {
      const [rows, counts] = await Promise.all([
        matching(callId, filters)
          .select(LISTED)
          .orderBy('a.submitted_at', (o) => o.desc().nullsLast())
          .orderBy('a.id', 'desc')
          .limit(PAGE_SIZE)
          .offset((page - 1) * PAGE_SIZE)
          .execute() as Promise<ListedApplication[]>,
        // counted by state whatever the state chosen, so that every state shows its count
        matching(callId, filters, false)
          .select(['a.state', (e) => e.fn.countAll<string>().as('n')])
          .groupBy('a.state')
          .execute(),
      ]);
      const byState: Partial<Record<ApplicationState, number>> = {};
      for (const c of counts) byState[c.state] = Number(c.n);
      return { rows, counts: byState };
    },

    /** every matching application with its answers, in batches, each after the last one's id */
    async *batches(
      callId: number,
      filters: ReviewFilters,
      size = 500,
    ): AsyncGenerator<ExportedApplication[]> {
      let after = 0;
      for (;;) {
        const rows = (await matching(callId, filters)
          .select([...LISTED, 'a.answers'])
          .where('a.id', '>', after)
          .orderBy('a.id')
          .limit(size)
          .execute()) as ExportedApplication[];
        if (rows.length === 0) return;
        yield rows;
        const last = rows[rows.length - 1];
        if (!last || rows.length < size) return;
        after = Number(last.id);
      }
    },

    /** the organisation of an application, as the directory names it */
    organisation(id: string) {
      return db
        .selectFrom('organisations')
        .select(['id', 'name', 'slug', 'siren', 'is_demo'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** the history, oldest first, with the name of who made each change */
    history(applicationId: number): Promise<NamedHistoryRow[]> {
      return db
        .selectFrom('programme_application_history as h')
        .leftJoin('users as u', 'u.id', 'h.actor_id')
        .select(['h.from_state', 'h.to_state', 'u.name as actor_name', 'h.at', 'h.note'])
        .where('h.application_id', '=', applicationId)
        .orderBy('h.id')
        .execute();
    },

    /** the person who started an application: whom to write to, in their language */
    applicant(userId: string) {
      return db
        .selectFrom('users')
        .select(['name', 'email', 'locale'])
        .where('id', '=', userId)
        .executeTakeFirst();
    },
  };
}
