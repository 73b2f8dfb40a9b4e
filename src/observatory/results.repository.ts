import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export type ResultRow = {
  objective_id: number;
  value: number;
  history: { on: string; value: number }[];
  projection: Record<string, unknown>;
  computed_at: Date;
};

export type RunRow = {
  id: number;
  reason: string;
  status: 'running' | 'done' | 'failed';
  as_of: string | null;
  demo: boolean;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
  seconds: number | null;
};

/** the run whose results pages read now: the one that stored the indicators (null before any) */
export async function currentRun(db: Kysely<DB>): Promise<number | null> {
  const row = await db
    .selectFrom('observatory_indicators')
    .select('run_id')
    .where('key', '=', 'all')
    .executeTakeFirst();
  return row?.run_id ?? null;
}

/** The stored results (the objectives' values, the indicators) and the runs that stored them. */
export function resultsRepository(db: Kysely<DB>) {
  return {
    async results(): Promise<Map<number, ResultRow>> {
      const rows = await db
        .selectFrom('objective_results')
        .select(['objective_id', 'value', 'history', 'projection', 'computed_at'])
        .execute();
      return new Map(rows.map((r) => [r.objective_id, r as ResultRow]));
    },

    currentRun: () => currentRun(db),

    /** whether a run's organisations behind the figures are still stored (a later run removes them) */
    async runMembersKept(run: number): Promise<boolean> {
      const row = await db
        .selectFrom('observatory_runs')
        .select('members_dropped')
        .where('id', '=', run)
        .executeTakeFirst();
      return row !== undefined && !row.members_dropped;
    },

    async indicators(): Promise<Map<string, unknown>> {
      const rows = await db.selectFrom('observatory_indicators').select(['key', 'data']).execute();
      return new Map(rows.map((r) => [r.key, r.data]));
    },

    /** the last run that finished, and the one in progress if any */
    async runs(): Promise<{ done: RunRow | undefined; running: RunRow | undefined }> {
      const rows = (await db
        .selectFrom('observatory_runs')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(10)
        .execute()) as RunRow[];
      return {
        done: rows.find((r) => r.status === 'done'),
        running: rows.find(
          (r) => r.status === 'running' && Date.now() - r.started_at.getTime() < 3_600_000,
        ),
      };
    },

    async lastFailure(): Promise<RunRow | undefined> {
      const row = await db
        .selectFrom('observatory_runs')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row?.status === 'failed' ? (row as RunRow) : undefined;
    },

    async startRun(reason: RunRow['reason']): Promise<number> {
      const row = await db
        .insertInto('observatory_runs')
        .values({ reason: reason as never })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async finishRun(
      id: number,
      outcome: { asOf: string | null; demo: boolean; seconds: number } | { error: string },
    ): Promise<void> {
      await db
        .updateTable('observatory_runs')
        .set(
          'error' in outcome
            ? { status: 'failed', error: outcome.error.slice(0, 2000), finished_at: new Date() }
            : {
                status: 'done',
                as_of: outcome.asOf,
                demo: outcome.demo,
                seconds: outcome.seconds,
                finished_at: new Date(),
              },
        )
        .where('id', '=', id)
        .execute();
    },
  };
}
