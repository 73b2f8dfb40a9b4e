import { type Kysely, sql } from 'kysely';
import type { DB, MilestoneTable } from '../db/schema.ts';

export type ObjectiveRow = {
  id: number;
  title_fr: string;
  title_en: string;
  scope: 'head_office' | 'any_establishment';
  field_slugs: string[];
  kinds: string[];
  measure: 'legal_unit' | 'territory_establishments';
  min_employees: number;
  max_employees: number | null;
  created_on_or_after: string | null;
  active_only: boolean;
  target: number;
  deadline: string;
  position: number;
};

export type ObjectiveInput = Omit<ObjectiveRow, 'id' | 'position'>;

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

export type MemberRow = {
  organisation_id: string;
  slug: string;
  name: string;
  kind: string;
  status: string;
  siren: string | null;
  is_demo: boolean;
  band: string | null;
  exact: number | null;
  low: number | null;
  high: number | null;
  year: number | null;
  source: string | null;
  observed_on: string | null;
  detail: Record<string, unknown> | null;
};

export type MilestoneRow = {
  id: number;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  due_on: string;
  precision: 'day' | 'month' | 'year';
  status: 'planned' | 'done' | 'late' | 'unverified';
  evidence: { label: string; url: string }[];
  note_fr: string;
  note_en: string;
};

export type MilestoneInput = Omit<MilestoneRow, 'id'>;

const OBJECTIVE_COLUMNS = [
  'id',
  'title_fr',
  'title_en',
  'scope',
  'field_slugs',
  'kinds',
  'measure',
  'min_employees',
  'max_employees',
  'created_on_or_after',
  'active_only',
  'target',
  'deadline',
  'position',
] as const;

const MILESTONE_COLUMNS = [
  'id',
  'title_fr',
  'title_en',
  'description_fr',
  'description_en',
  'due_on',
  'precision',
  'status',
  'evidence',
  'note_fr',
  'note_en',
] as const;

/**
 * largest first, unknown sizes last, then by organisation: the lists' order, that of the index
 * observatory_members_list_idx (migration 0010)
 */
const MEMBER_ORDER = sql<number>`-coalesce(m.low, -1)`;

/** a figure of one run: `objective:3`, `funding:2025`… as the run stored it */
export type MemberSet = { key: string; run: number };

/** Objectives, milestones, runs and the stored results: what pages and the API read. */
export function observatoryRepository(db: Kysely<DB>) {
  /**
   * A window of a figure's organisations (a page or a batch, chosen on observatory_members
   * alone, along its list index), then joined to the organisations: only the window's rows are
   * joined, whatever the planner thinks of the set's size.
   */
  function membersWindow(
    set: MemberSet,
    window: { offset?: number; limit?: number; after?: { rank: number; id: string } },
  ) {
    return db
      .selectFrom((eb) => {
        let inner = eb
          .selectFrom('observatory_members as m')
          .selectAll('m')
          .select(MEMBER_ORDER.as('rank'))
          .where('m.set_key', '=', set.key)
          .where('m.run_id', '=', set.run);
        const after = window.after;
        if (after) {
          inner = inner.where(
            sql<boolean>`(${MEMBER_ORDER}, m.organisation_id) > (${after.rank}::int, ${after.id}::uuid)`,
          );
        }
        inner = inner.orderBy(MEMBER_ORDER).orderBy('m.organisation_id');
        if (window.offset) inner = inner.offset(window.offset);
        if (window.limit !== undefined) inner = inner.limit(window.limit);
        return inner.as('m');
      })
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select([
        'm.organisation_id',
        'o.slug',
        'o.name',
        'o.kind',
        'o.status',
        'o.siren',
        'o.is_demo',
        'm.band',
        'm.exact',
        'm.low',
        'm.high',
        'm.year',
        'm.source',
        'm.observed_on',
        'm.detail',
        'm.rank',
      ])
      .orderBy('m.rank')
      .orderBy('m.organisation_id');
  }

  async function memberCount(set: MemberSet): Promise<number> {
    const row = await db
      .selectFrom('observatory_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('set_key', '=', set.key)
      .where('run_id', '=', set.run)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** the run whose results pages read now: the one that stored the indicators (null before any) */
  async function currentRun(): Promise<number | null> {
    const row = await db
      .selectFrom('observatory_indicators')
      .select('run_id')
      .where('key', '=', 'all')
      .executeTakeFirst();
    return row?.run_id ?? null;
  }

  return {
    objectives(): Promise<ObjectiveRow[]> {
      return db
        .selectFrom('objectives')
        .select(OBJECTIVE_COLUMNS)
        .orderBy('position')
        .orderBy('id')
        .execute();
    },

    objective(id: number): Promise<ObjectiveRow | undefined> {
      return db
        .selectFrom('objectives')
        .select(OBJECTIVE_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async createObjective(input: ObjectiveInput): Promise<number> {
      const row = await db
        .insertInto('objectives')
        .values({
          ...input,
          position: sql<number>`(SELECT coalesce(max(position), 0) + 1 FROM objectives)`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateObjective(id: number, input: ObjectiveInput): Promise<boolean> {
      const r = await db
        .updateTable('objectives')
        .set({ ...input, updated_at: new Date() })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async results(): Promise<Map<number, ResultRow>> {
      const rows = await db
        .selectFrom('objective_results')
        .select(['objective_id', 'value', 'history', 'projection', 'computed_at'])
        .execute();
      return new Map(rows.map((r) => [r.objective_id, r as ResultRow]));
    },

    currentRun,

    /** how many organisations are behind a stored figure of the current run */
    async memberCount(setKey: string): Promise<number> {
      const run = await currentRun();
      return run === null ? 0 : memberCount({ key: setKey, run });
    },

    /**
     * The organisations behind a stored figure of the current run, largest first, and how many
     * there are: one page of them, or all of them when no page is given. The run is read first,
     * so that the page and the count are of the same run.
     */
    async members(
      setKey: string,
      page?: { offset: number; limit: number },
    ): Promise<{ rows: MemberRow[]; total: number }> {
      const run = await currentRun();
      if (run === null) return { rows: [], total: 0 };
      const set = { key: setKey, run };
      const [rows, total] = await Promise.all([
        membersWindow(set, page ?? {}).execute(),
        memberCount(set),
      ]);
      return { rows: rows.map(({ rank: _rank, ...row }) => row as MemberRow), total };
    },

    /**
     * Every organisation behind a figure of one run, in the order of the pages, a batch at a
     * time: each batch starts after the last row of the one before (no offset to skip, no cap).
     */
    async *allMembers(set: MemberSet, batch = 1000): AsyncGenerator<MemberRow[]> {
      let after: { rank: number; id: string } | undefined;
      for (;;) {
        const rows = await membersWindow(set, { limit: batch, after }).execute();
        if (rows.length === 0) return;
        yield rows.map(({ rank: _rank, ...row }) => row as MemberRow);
        const last = rows[rows.length - 1];
        if (!last || rows.length < batch) return;
        after = { rank: last.rank, id: last.organisation_id };
      }
    },

    /** whether a run's organisations behind the figures are still stored (a later run removes them) */
    async runMembersKept(run: number): Promise<boolean> {
      const row = await db
        .selectFrom('observatory_runs')
        .select('members_dropped')
        .where('id', '=', run)
        .executeTakeFirst();
      return row !== undefined && !row.members_dropped;
    },

    /**
     * Waits for a recomputation in progress and keeps the next one out until the transaction
     * ends, so that a change of objectives never meets a run half-way (the run takes the same
     * lock: compute.repository.ts).
     */
    async lockResults(): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('totem.observatory'))`.execute(db);
    },

    /** removes an objective (its result goes with it, ON DELETE CASCADE) and its organisations */
    async deleteObjective(id: number): Promise<boolean> {
      await db.deleteFrom('observatory_members').where('set_key', '=', `objective:${id}`).execute();
      const r = await db.deleteFrom('objectives').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    /**
     * The organisations closed in a year by the register's date, or closed without a date
     * (`year` null), latest closures first: read from the register itself (an index on the
     * closure date), so the list is the same rows the closures indicator counts. A page is taken
     * by its offset, or (a download, batch after batch) after the last row of the one before, so
     * that a change of the register between two batches neither repeats nor skips a row.
     */
    async closedOrganisations(
      year: number | null,
      window: {
        offset?: number;
        limit: number;
        after?: { closedOn: string | null; id: string };
      } = { limit: 500 },
    ): Promise<{ rows: MemberRow[]; total: number }> {
      const after = window.after;
      const closed = db
        .selectFrom('organisations as o')
        .where('o.status', '=', 'closed')
        .where('o.merged_into', 'is', null)
        .where((eb) =>
          year === null
            ? eb('o.closed_on', 'is', null)
            : eb.and([
                eb('o.closed_on', '>=', `${year}-01-01`),
                eb('o.closed_on', '<', `${year + 1}-01-01`),
              ]),
        );
      const [rows, total] = await Promise.all([
        closed
          .select([
            'o.id as organisation_id',
            'o.slug',
            'o.name',
            'o.kind',
            'o.status',
            'o.siren',
            'o.is_demo',
            sql<null>`NULL::text`.as('band'),
            sql<null>`NULL::int`.as('exact'),
            sql<null>`NULL::int`.as('low'),
            sql<null>`NULL::int`.as('high'),
            sql<number | null>`extract(year FROM o.closed_on)::int`.as('year'),
            sql<string>`'register'`.as('source'),
            'o.closed_on as observed_on',
            sql<null>`NULL::jsonb`.as('detail'),
          ])
          .$if(after !== undefined, (q) =>
            q.where((eb) =>
              after?.closedOn == null
                ? eb('o.id', '>', after?.id ?? '')
                : eb.or([
                    eb('o.closed_on', '<', after.closedOn),
                    eb.and([eb('o.closed_on', '=', after.closedOn), eb('o.id', '>', after.id)]),
                  ]),
            ),
          )
          .orderBy(sql`o.closed_on DESC NULLS LAST`)
          .orderBy('o.id')
          .offset(window.offset ?? 0)
          .limit(window.limit)
          .execute(),
        closed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      ]);
      return { rows: rows as MemberRow[], total: Number(total?.n ?? 0) };
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

    milestones(): Promise<MilestoneRow[]> {
      return db
        .selectFrom('milestones')
        .select(MILESTONE_COLUMNS)
        .orderBy('due_on')
        .orderBy('id')
        .execute() as Promise<MilestoneRow[]>;
    },

    milestone(id: number): Promise<MilestoneRow | undefined> {
      return db
        .selectFrom('milestones')
        .select(MILESTONE_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<MilestoneRow | undefined>;
    },

    async saveMilestone(id: number | null, input: MilestoneInput): Promise<number | undefined> {
      const values = {
        ...input,
        evidence: JSON.stringify(input.evidence) as unknown as MilestoneTable['evidence'] &
          string[],
      } as never;
      if (id === null) {
        const row = await db
          .insertInto('milestones')
          .values(values)
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      }
      const r = await db
        .updateTable('milestones')
        .set({ ...(values as object), updated_at: new Date() })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? id : undefined;
    },

    async deleteMilestone(id: number): Promise<boolean> {
      const r = await db.deleteFrom('milestones').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}

export type ObservatoryRepository = ReturnType<typeof observatoryRepository>;
