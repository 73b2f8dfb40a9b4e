import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SearchQuery } from './directory.schema.ts';

export type FacetName = 'kind' | 'field' | 'commune' | 'headcount' | 'status';

type OrgQuery<O> = SelectQueryBuilder<DB, 'organisations', O>;

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
  'organisations.headcount_band',
  'organisations.headcount_min',
  'organisations.headcount_max',
  'organisations.headcount_year',
  'organisations.headcount_source',
  'organisations.created_on',
  'organisations.restricted',
  'organisations.is_demo',
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
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  headcount_year: number | null;
  headcount_source: string | null;
  created_on: string | null;
  restricted: boolean;
  is_demo: boolean;
};

/**
 * Words of a query as a prefix tsquery: every word must match, each as a prefix ("grenob" finds
 * "Grenoble"); accents and case are removed in SQL by unaccent, like the indexed text.
 * Returns null when nothing searchable is left.
 */
export function prefixQuery(q: string): string | null {
  const words = q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `${w.toLowerCase()}:*`).join(' & ');
}

function tsQuery(q: string) {
  const prefix = prefixQuery(q);
  return prefix === null ? null : sql`to_tsquery('french', unaccent(${prefix}))`;
}

/** The filters of a search, all but one facet's own (facets count the other filters' results). */
function applyFilters<O>(qb: OrgQuery<O>, query: SearchQuery, except?: FacetName): OrgQuery<O> {
  let out = qb.where('organisations.merged_into', 'is', null);
  const ts = tsQuery(query.q);
  if (ts) out = out.where(sql<boolean>`organisations.search @@ ${ts}`);
  if (query.kind.length && except !== 'kind')
    out = out.where('organisations.kind', 'in', query.kind);
  if (query.status.length && except !== 'status') {
    out = out.where('organisations.status', 'in', query.status);
  }
  if (query.field.length && except !== 'field') {
    out = out.where(sql<boolean>`organisations.field_slugs && ${sql.val(query.field)}::text[]`);
  }
  if (query.commune.length && except !== 'commune') {
    out = out.where(sql<boolean>`organisations.communes && ${sql.val(query.commune)}::text[]`);
  }
  if (query.tag.length) {
    out = out.where(sql<boolean>`organisations.tags @> ${sql.val(query.tag)}::text[]`);
  }
  // a band matches when its range meets the asked range (band 10–19 matches "at least 15")
  if (except !== 'headcount') {
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
  }
  return out;
}

export function searchRepository(db: Kysely<DB>) {
  const base = () => db.selectFrom('organisations');

  return {
    async page(query: SearchQuery): Promise<{ total: number; rows: OrgListRow[] }> {
      const ts = tsQuery(query.q);
      const sort = query.sort ?? (ts ? 'relevance' : 'name');
      let rows = applyFilters(base().select(ORG_LIST_COLUMNS), query);
      switch (sort) {
        case 'relevance':
          rows = ts
            ? rows.orderBy(sql`ts_rank(organisations.search, ${ts})`, 'desc')
            : rows.orderBy(sql`lower(organisations.name)`);
          break;
        case 'name':
          rows = rows.orderBy(sql`lower(organisations.name)`);
          break;
        case 'headcount':
          rows = rows.orderBy(sql`organisations.headcount_min DESC NULLS LAST`);
          break;
        case 'created':
          rows = rows.orderBy(sql`organisations.created_on DESC NULLS LAST`);
          break;
      }
      rows = rows
        .orderBy('organisations.id')
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page);
      const count = applyFilters(
        base().select((eb) => eb.fn.countAll<number>().as('n')),
        query,
      );
      const [list, total] = await Promise.all([rows.execute(), count.executeTakeFirstOrThrow()]);
      return { total: Number(total.n), rows: list as OrgListRow[] };
    },

    /** counts per value of one facet, under every other filter */
    async facet(query: SearchQuery, name: FacetName): Promise<Record<string, number>> {
      const column =
        name === 'kind'
          ? sql<string>`organisations.kind`
          : name === 'status'
            ? sql<string>`organisations.status`
            : name === 'headcount'
              ? sql<string>`coalesce(organisations.headcount_band, 'unknown')`
              : name === 'field'
                ? sql<string>`unnest(organisations.field_slugs)`
                : sql<string>`unnest(organisations.communes)`;
      const inner = applyFilters(base().select(column.as('value')), query, name);
      const rows = await db
        .selectFrom(inner.as('f'))
        .select(['f.value', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('f.value')
        .orderBy('n', 'desc')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.value, Number(r.n)]));
    },

    /** every matching row, in name order, a batch at a time (for exports) */
    async *all(query: SearchQuery, batch = 1000): AsyncGenerator<OrgListRow[]> {
      let after: { name: string; id: string } | undefined;
      for (;;) {
        let q = applyFilters(base().select(ORG_LIST_COLUMNS), query);
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
    },
  };
}

export type SearchRepository = ReturnType<typeof searchRepository>;
