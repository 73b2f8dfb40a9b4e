import {
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  sql,
} from 'kysely';
import type { DB } from '../db/schema.ts';
import { prefixTsQuery } from '../db/text-search.ts';
import type { SearchQuery } from '../directory/directory.schema.ts';

export type FacetName = 'kind' | 'field' | 'commune' | 'headcount' | 'status' | 'label';

type OrgQuery<O> = SelectQueryBuilder<DB, 'organisations', O>;

/**
 * A search as the directory asks it: the API's query, and the communes whose organisations match
 * the words too (a place typed in the search box: "grenoble" finds what is located there).
 */
export type SearchRequest = SearchQuery & { places?: readonly string[] };

/** the words' condition on organisations `alias`: their text, or one of the places asked */
function wordsCondition(
  ts: RawBuilder<unknown>,
  places: readonly string[] | undefined,
  alias: string,
) {
  const o = sql.raw(alias);
  return places && places.length > 0
    ? sql<boolean>`(${o}.search @@ ${ts} OR ${o}.communes && ${sql.val([...places])}::text[])`
    : sql<boolean>`${o}.search @@ ${ts}`;
}

export const ORG_LIST_COLUMNS = [
  'organisations.id',
  'organisations.slug',
  'organisations.siren',
  'organisations.name',
  'organisations.kind',
  'organisations.field_slugs',
  'organisations.tags',
  'organisations.status',
  'organisations.communes',
  'organisations.label_slugs',
  'organisations.headcount_band',
  'organisations.headcount_min',
  'organisations.headcount_max',
  'organisations.headcount_year',
  'organisations.headcount_source',
  'organisations.created_on',
  'organisations.restricted',
  'organisations.is_demo',
  'organisations.naf_code',
] as const;

export type OrgListRow = {
  id: string;
  slug: string;
  siren: string | null;
  name: string;
  kind: string;
  field_slugs: string[];
  tags: string[];
  status: string;
  communes: string[];
  /** the labels it holds (migration 0030) */
  label_slugs: string[];
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  headcount_year: number | null;
  headcount_source: string | null;
  created_on: string | null;
  restricted: boolean;
  is_demo: boolean;
  /** its main activity in the register (NAF rév. 2), or null */
  naf_code: string | null;
};

function tsQuery(q: string) {
  return prefixTsQuery(q);
}

/** Every filter of a search, as a query builder (the export's batches). */
function applyFilters<O>(qb: OrgQuery<O>, query: SearchRequest): OrgQuery<O> {
  let out = qb.where('organisations.merged_into', 'is', null);
  const ts = tsQuery(query.q);
  if (ts) out = out.where(wordsCondition(ts, query.places, 'organisations'));
  if (query.kind.length) out = out.where('organisations.kind', 'in', query.kind);
  if (query.status.length) {
    out = out.where('organisations.status', 'in', query.status);
  }
  if (query.field.length) {
    out = out.where(sql<boolean>`organisations.field_slugs && ${sql.val(query.field)}::text[]`);
  }
  if (query.commune.length) {
    out = out.where(sql<boolean>`organisations.communes && ${sql.val(query.commune)}::text[]`);
  }
  if (query.label.length) {
    out = out.where(sql<boolean>`organisations.label_slugs && ${sql.val(query.label)}::text[]`);
  }
  if (query.tag.length) {
    out = out.where(sql<boolean>`organisations.tags @> ${sql.val(query.tag)}::text[]`);
  }
  // a band matches when its range meets the asked range (band 10–19 matches "at least 15")
  if (query.headcount_min !== undefined) {
    const min = query.headcount_min;
    out = out.where((eb: ExpressionBuilder<DB, 'organisations'>) =>
      eb.and([
        eb('organisations.headcount_min', 'is not', null),
        eb.or([
          eb('organisations.headcount_max', 'is', null),
          eb('organisations.headcount_max', '>=', min),
        ]),
      ]),
    );
  }
  if (query.headcount_max !== undefined) {
    out = out.where('organisations.headcount_min', '<=', query.headcount_max);
  }
  return out;
}

export const FACET_NAMES: readonly FacetName[] = [
  'kind',
  'field',
  'commune',
  'headcount',
  'status',
  'label',
];

export type FacetCounts = Record<FacetName, Record<string, number>>;

/** The page of results, their total and every facet's counts, as one search answers them. */
export type SearchAnswer = { total: number; rows: OrgListRow[]; facets: FacetCounts };

/**
 * A search's conditions, split as the facets need them: the ones every count shares (not merged,
 * the words, the tags) and one per facet that has a filter (each facet counts under the others).
 */
function conditionsOf(query: SearchRequest) {
  const ts = tsQuery(query.q);
  const shared: RawBuilder<boolean>[] = [sql`o.merged_into IS NULL`];
  if (ts) shared.push(wordsCondition(ts, query.places, 'o'));
  if (query.tag.length) shared.push(sql`o.tags @> ${sql.val(query.tag)}::text[]`);
  const own: Partial<Record<FacetName, RawBuilder<boolean>>> = {};
  if (query.kind.length) own.kind = sql`o.kind = ANY(${sql.val(query.kind)}::text[])`;
  if (query.status.length) own.status = sql`o.status = ANY(${sql.val(query.status)}::text[])`;
  if (query.field.length) own.field = sql`o.field_slugs && ${sql.val(query.field)}::text[]`;
  if (query.commune.length) own.commune = sql`o.communes && ${sql.val(query.commune)}::text[]`;
  if (query.label.length) own.label = sql`o.label_slugs && ${sql.val(query.label)}::text[]`;
  // a band matches when its range meets the asked range (band 10–19 matches "at least 15")
  const bounds: RawBuilder<boolean>[] = [];
  if (query.headcount_min !== undefined) {
    bounds.push(
      sql`(o.headcount_min IS NOT NULL AND (o.headcount_max IS NULL OR o.headcount_max >= ${query.headcount_min}))`,
    );
  }
  if (query.headcount_max !== undefined) {
    bounds.push(sql`o.headcount_min <= ${query.headcount_max}`);
  }
  if (bounds.length) own.headcount = sql.join(bounds, sql` AND `);
  return { ts, shared, own };
}

type Sort = NonNullable<SearchQuery['sort']>;

/** the ORDER BY of a sort over its key column (ties: by id, so that pages never overlap) */
function orderOf(sort: Sort, ts: RawBuilder<unknown> | null, key = 'sort_key') {
  return sort === 'relevance' && ts
    ? sql.raw(`${key} DESC, id`)
    : sort === 'headcount' || sort === 'created'
      ? sql.raw(`${key} DESC NULLS LAST, id`)
      : sql.raw(`${key}, id`);
}

/** the key an organisation `o` sorts by */
function sortKeyOf(sort: Sort, ts: RawBuilder<unknown> | null) {
  return sort === 'relevance' && ts
    ? sql`ts_rank(o.search, ${ts})`
    : sort === 'headcount'
      ? sql`o.headcount_min`
      : sort === 'created'
        ? sql`o.created_on`
        : sql`lower(o.name)`;
}

const and = (parts: RawBuilder<boolean>[]) =>
  parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` AND `)})`;

export function emptyFacets(): FacetCounts {
  return { kind: {}, field: {}, commune: {}, headcount: {}, status: {}, label: {} };
}

/** each facet's values by count, most frequent first (then by value, for a stable order) */
export function sortedFacets(facets: FacetCounts): FacetCounts {
  const out = emptyFacets();
  for (const f of FACET_NAMES) {
    const entries = Object.entries(facets[f]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out[f] = Object.fromEntries(entries);
  }
  return out;
}

/** the kept counts of the whole register (see migration 0007), by facet */
async function keptCounts(db: Kysely<DB>): Promise<{ total: number; facets: FacetCounts }> {
  const rows = await sql<{ facet: string; value: string; n: number }>`
    SELECT facet, value, n FROM directory_facet_counts WHERE n > 0`.execute(db);
  const facets = emptyFacets();
  let total = 0;
  for (const r of rows.rows) {
    if (r.facet === 'total') total = Number(r.n);
    else facets[r.facet as FacetName][r.value] = Number(r.n);
  }
  return { total, facets: sortedFacets(facets) };
}

async function rowsByIds(db: Kysely<DB>, ids: string[]): Promise<OrgListRow[]> {
  if (ids.length === 0) return [];
  const rows = (await db
    .selectFrom('organisations')
    .select(ORG_LIST_COLUMNS)
    .where('organisations.id', 'in', ids)
    .execute()) as OrgListRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** what a search's statements are made of: its conditions, its order, its page */
function planOf(query: SearchRequest) {
  const { ts, shared, own } = conditionsOf(query);
  const active = FACET_NAMES.filter((f) => own[f] !== undefined);
  const sort = query.sort ?? (ts ? 'relevance' : 'name');
  return {
    query,
    shared,
    own,
    active,
    /** without words or tags: the counts come from the grouped register */
    plain: shared.length === 1,
    offset: (query.page - 1) * query.per_page,
    order: (key: string) => orderOf(sort, ts, key),
    sortKey: sortKeyOf(sort, ts),
  };
}

type Plan = ReturnType<typeof planOf>;

/** the directory without a query: the register's counts, and a page read in index order */
async function landing(db: Kysely<DB>, plan: Plan): Promise<SearchAnswer> {
  const { query, sortKey, order, offset } = plan;
  const [kept, page] = await Promise.all([
    keptCounts(db),
    sql<{ id: string }>`
      SELECT id FROM (SELECT o.id, ${sortKey} AS sort_key FROM organisations o
                      WHERE o.merged_into IS NULL) s
      ORDER BY ${order('sort_key')} LIMIT ${query.per_page} OFFSET ${offset}`.execute(db),
  ]);
  return {
    ...kept,
    rows: await rowsByIds(
      db,
      page.rows.map((r) => r.id),
    ),
  };
}

/**
 * The statement that reads once, as a materialised set with one flag per filter, the rows any
 * count needs (those meeting every filter but at most one), and takes from it the total, the
 * facets of `counted` and (with words or tags) the page's ids, as rows (facet, value, n).
 */
function countingStatement(plan: Plan, counted: readonly FacetName[]) {
  const { query, shared, own, active, plain, offset, order, sortKey } = plan;
  const cond = (f: FacetName) => own[f] as RawBuilder<boolean>;
  // a row is needed when it meets every filter but at most one
  const needed =
    active.length === 0
      ? []
      : active.length === 1
        ? plain
          ? [cond(active[0] as FacetName)]
          : []
        : [
            sql<boolean>`(${sql.join(
              active.map((f) => and(active.filter((g) => g !== f).map(cond))),
              sql` OR `,
            )})`,
          ];
  const flag = (f: FacetName) => sql.raw(`ok_${f}`);
  const flags = active.map((f) => sql`${cond(f)} AS ${flag(f)}`);
  const under = (except?: FacetName) =>
    and(active.filter((f) => f !== except).map((f) => sql<boolean>`${flag(f)}`));
  const everyFilter = and(active.map(cond));
  const facetColumn: Record<FacetName, RawBuilder<string>> = {
    kind: sql`m.kind`,
    status: sql`m.status`,
    headcount: sql`coalesce(m.headcount_band, 'unknown')`,
    field: sql`v.value`,
    commune: sql`v.value`,
    label: sql`v.value`,
  };
  const facetFrom = (f: FacetName) =>
    f === 'field'
      ? sql`m, unnest(m.field_slugs) AS v(value)`
      : f === 'commune'
        ? sql`m, unnest(m.communes) AS v(value)`
        : f === 'label'
          ? sql`m, unnest(m.label_slugs) AS v(value)`
          : sql`m`;
  // without words or tags, every count comes from the grouped register (the cells), whose
  // rows stand for n organisations each; the page is then read from the register apart
  const weight = plain ? sql`sum(m.n)` : sql`count(*)`;
  const parts = [
    sql`SELECT 'total' AS facet, '' AS value, ${weight} AS n FROM m WHERE ${under()}`,
    ...counted.map(
      (f) => sql`SELECT ${sql.lit(f)}, ${facetColumn[f]}, ${weight} FROM ${facetFrom(f)}
                 WHERE ${under(f)} GROUP BY 2`,
    ),
  ];
  if (!plain) {
    parts.push(sql`SELECT 'page', id::text, ord FROM (
          SELECT id, row_number() OVER (ORDER BY ${order('sort_key')}) AS ord FROM m
          WHERE ${under()} ORDER BY ${order('sort_key')}
          LIMIT ${query.per_page} OFFSET ${offset}) p`);
  }
  const matches = plain
    ? sql`SELECT o.kind, o.status, o.field_slugs, o.communes, o.label_slugs, o.headcount_band, o.n,
            ${sql.join(flags)}
          FROM directory_facet_cells o
          WHERE ${and([sql`o.n <> 0`, ...needed])}`
    : sql`SELECT o.id, o.kind, o.status, o.field_slugs, o.communes, o.label_slugs,
            o.headcount_band,
            ${sql.join([...flags, sql`CASE WHEN ${everyFilter} THEN ${sortKey} END AS sort_key`])}
          FROM organisations o
          WHERE ${and([...shared, ...needed])}`;
  return sql<{ facet: string; value: string; n: number }>`
    WITH m AS MATERIALIZED (${matches})
    ${sql.join(parts, sql` UNION ALL `)}`;
}

/** without words or tags: the page's ids, read from the register in the order of an index */
function plainPage(db: Kysely<DB>, plan: Plan) {
  const { query, shared, own, active, offset, order, sortKey } = plan;
  const everyFilter = and(active.map((f) => own[f] as RawBuilder<boolean>));
  return sql<{ id: string }>`
    SELECT id FROM (SELECT o.id, ${sortKey} AS sort_key FROM organisations o
                    WHERE ${and([...shared, everyFilter])}) s
    ORDER BY ${order('sort_key')} LIMIT ${query.per_page} OFFSET ${offset}`.execute(db);
}

/**
 * One search: its page, its total and its six facets, each facet counting under the other
 * filters. The rows that any count needs (those meeting every filter but at most one) are read
 * once, as a materialised set with one flag per filter, and every count is taken from that set
 * in the same statement. Those rows are organisations when the search has words or tags, and
 * otherwise the register grouped by facet values (directory_facet_cells, rows that stand for n
 * organisations each). The counts of the whole register (a facet whose only filter is its own,
 * or the page without any filter) are read from directory_facet_counts.
 */
async function search(db: Kysely<DB>, query: SearchRequest): Promise<SearchAnswer> {
  const plan = planOf(query);
  const { active, plain } = plan;
  if (plain && active.length === 0) return landing(db, plan);

  // a facet whose counting set has no condition at all counts the whole register
  const fromKept: FacetName[] = plain && active.length === 1 ? active : [];
  const counted = FACET_NAMES.filter((f) => !fromKept.includes(f));
  const [answer, kept, ordered] = await Promise.all([
    countingStatement(plan, counted).execute(db),
    fromKept.length ? keptCounts(db) : undefined,
    plain ? plainPage(db, plan) : undefined,
  ]);
  const facets = emptyFacets();
  let total = 0;
  const page: { id: string; ord: number }[] = [];
  for (const r of answer.rows) {
    if (r.facet === 'total') total = Number(r.n);
    else if (r.facet === 'page') page.push({ id: r.value, ord: Number(r.n) });
    else facets[r.facet as FacetName][r.value] = Number(r.n);
  }
  for (const f of fromKept) if (kept) facets[f] = kept.facets[f];
  ordered?.rows.forEach((r, i) => {
    page.push({ id: r.id, ord: i });
  });
  page.sort((a, b) => a.ord - b.ord);
  return {
    total,
    facets: sortedFacets(facets),
    rows: await rowsByIds(
      db,
      page.map((p) => p.id),
    ),
  };
}

/** every matching row, in name order, a batch at a time (for exports) */
async function* all(
  db: Kysely<DB>,
  query: SearchRequest,
  batch = 1000,
): AsyncGenerator<OrgListRow[]> {
  let after: { name: string; id: string } | undefined;
  for (;;) {
    let q = applyFilters(db.selectFrom('organisations').select(ORG_LIST_COLUMNS), query);
    if (after) {
      const a = after;
      q = q.where(
        sql<boolean>`(lower(organisations.name), organisations.id) > (lower(${a.name}), ${a.id}::uuid)`,
      );
    }
    const rows = (await q
      .orderBy(sql`lower(organisations.name)`)
      .orderBy('organisations.id')
      .limit(batch)
      .execute()) as OrgListRow[];
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < batch) return;
    after = { name: last.name, id: last.id };
  }
}

export function searchRepository(db: Kysely<DB>) {
  return {
    /** one search: its page, its total and its six facets (see `search` above) */
    search: (query: SearchRequest): Promise<SearchAnswer> => search(db, query),
    /** every matching row, in name order, a batch at a time (for exports) */
    all: (query: SearchRequest, batch = 1000): AsyncGenerator<OrgListRow[]> =>
      all(db, query, batch),
  };
}

export type SearchRepository = ReturnType<typeof searchRepository>;
