import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { currentRun } from './results.repository.ts';

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

/**
 * largest first, unknown sizes last, then by organisation: the lists' order, that of the index
 * observatory_members_list_idx (migration 0010)
 */
const MEMBER_ORDER = sql<number>`-coalesce(m.low, -1)`;

/** a figure of one run: `objective:3`, `funding:2025`… as the run stored it */
export type MemberSet = { key: string; run: number };

/**
 * A window of a figure's organisations (a page or a batch, chosen on observatory_members
 * alone, along its list index), then joined to the organisations: only the window's rows are
 * joined, whatever the planner thinks of the set's size.
 */
function membersWindow(
  db: Kysely<DB>,
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

async function countMembers(db: Kysely<DB>, set: MemberSet): Promise<number> {
  const row = await db
    .selectFrom('observatory_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('set_key', '=', set.key)
    .where('run_id', '=', set.run)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The organisations closed in a year by the register's date, or closed without a date
 * (`year` null), latest closures first: read from the register itself (an index on the
 * closure date), so the list is the same rows the closures indicator counts. A page is taken
 * by its offset, or (a download, batch after batch) after the last row of the one before, so
 * that a change of the register between two batches neither repeats nor skips a row.
 */
async function closedOrganisations(
  db: Kysely<DB>,
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
}

/** The organisations behind the figures: a stored run's sets, and the register's closures. */
export function membersRepository(db: Kysely<DB>) {
  return {
    /** how many organisations are behind a stored figure of the current run */
    async memberCount(setKey: string): Promise<number> {
      const run = await currentRun(db);
      return run === null ? 0 : countMembers(db, { key: setKey, run });
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
      const run = await currentRun(db);
      if (run === null) return { rows: [], total: 0 };
      const set = { key: setKey, run };
      const [rows, total] = await Promise.all([
        membersWindow(db, set, page ?? {}).execute(),
        countMembers(db, set),
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
        const rows = await membersWindow(db, set, { limit: batch, after }).execute();
        if (rows.length === 0) return;
        yield rows.map(({ rank: _rank, ...row }) => row as MemberRow);
        const last = rows[rows.length - 1];
        if (!last || rows.length < batch) return;
        after = { rank: last.rank, id: last.organisation_id };
      }
    },

    closedOrganisations: (
      year: number | null,
      window?: Parameters<typeof closedOrganisations>[2],
    ) => closedOrganisations(db, year, window),
  };
}
