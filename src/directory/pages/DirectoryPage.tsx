import type { HubField } from '../../hub/hub.service.ts';
import { HEADCOUNT_BANDS } from '../../sirene/headcount.ts';
import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import {
  KINDS,
  type SearchQuery,
  type SearchResult,
  SORTS,
  STATUSES,
} from '../directory.schema.ts';
import { DirectoryMap, type DirectoryView, ViewSwitch } from './DirectoryMap.tsx';
import type { LabelName } from './LabelsSection.tsx';
import { bandLabel, headcountLabel, sourceLabel } from './labels.tsx';
import { PlaceNotice } from './PlaceNotice.tsx';
import { pageWindow } from './pagination.ts';

type Props = {
  ctx: PageContext;
  query: SearchQuery;
  result: SearchResult;
  fields: HubField[];
  communeNames: Map<string, string>;
  /** the names of the labels of programmes (none when programmes are not there) */
  labelNames?: readonly LabelName[];
  queryString: (changes: Record<string, string | string[] | undefined>) => string;
  /** parameters of the address that were not valid, and left out */
  ignored?: readonly string[];
  /** the results as a list (a page of them) or as a map of communes */
  view?: DirectoryView;
};

/**
 * One facet: a checkbox per value (the form combines them), and its count as a link to the list
 * with that value added (no script needed), marked current when the value is already applied.
 */
function FacetGroup({
  ctx,
  name,
  legend,
  options,
  selected,
  queryString,
}: {
  ctx: PageContext;
  name: string;
  legend: string;
  options: { value: string; label: string; count: number; demo?: boolean }[];
  selected: string[];
  queryString: Props['queryString'];
}) {
  const shown = options.filter((o) => o.count > 0 || selected.includes(o.value));
  if (shown.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      <ul>
        {shown.map((o) => {
          const id = `f-${name}-${o.value}`;
          const active = selected.includes(o.value);
          const href = ctx.href(
            `/annuaire${queryString({ [name]: active ? selected : [...selected, o.value], page: undefined })}`,
          );
          return (
            <li key={o.value}>
              <input type="checkbox" id={id} name={name} value={o.value} defaultChecked={active} />{' '}
              {/* the count in the checkbox's name too: "Collectivité (2)" */}
              <label htmlFor={id}>
                {o.label}
                <span className="visually-hidden">{` (${o.count})`}</span>
              </label>{' '}
              <CountLink ctx={ctx} href={href} count={o.count} label={o.label} active={active} />
              {o.demo && (
                <>
                  {' '}
                  <DemoBadge ctx={ctx} />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** a facet's count, a link to the list it counts ("(90)", named "90 organisations : Grenoble") */
function CountLink({
  ctx,
  href,
  count,
  label,
  active,
}: {
  ctx: PageContext;
  href: string;
  count: number;
  label: string;
  active: boolean;
}) {
  return (
    <span className="count">
      (
      <a href={href} aria-current={active ? 'true' : undefined}>
        {count}
        <span className="visually-hidden">{` ${ctx.t.directory.facetLink(label)}`}</span>
      </a>
      )
    </span>
  );
}

/** how many filters the query applies: each ticked value and each headcount bound */
function activeFilters(query: SearchQuery): number {
  return (
    query.kind.length +
    query.field.length +
    query.commune.length +
    query.status.length +
    query.label.length +
    query.tag.length +
    (query.headcount_min === undefined ? 0 : 1) +
    (query.headcount_max === undefined ? 0 : 1)
  );
}

/**
 * The label facet's choices: every label held today, named in the page's language, the most held
 * first; a label asked for in the address stays (with 0) so that it can be unticked.
 */
function labelOptions(
  ctx: PageContext,
  counts: Record<string, number>,
  names: readonly LabelName[],
  selected: readonly string[],
) {
  const byslug = new Map(names.map((n) => [n.slug, n]));
  const slugs = [...new Set([...Object.keys(counts), ...selected])];
  return slugs
    .map((slug) => {
      const named = byslug.get(slug);
      return {
        value: slug,
        label: named?.name[ctx.locale] ?? slug,
        count: counts[slug] ?? 0,
        demo: named?.isDemo ?? false,
      };
    })
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, ctx.locale));
}

/** the headcount: each band's count a link to its range, and the range's two bounds */
function HeadcountFacet({
  ctx,
  query,
  result,
  queryString,
}: Pick<Props, 'ctx' | 'query' | 'result' | 'queryString'>) {
  const { t, fmt } = ctx;
  const d = t.directory;
  const f = result.facets;
  return (
    <fieldset className="facet">
      <legend>{d.facets.headcount}</legend>
      <ul className="band-counts">
        {[...HEADCOUNT_BANDS.map((b) => b.code), 'unknown']
          .filter((code) => (f.headcount[code] ?? 0) > 0)
          .map((code) => {
            const label = bandLabel(t, fmt, code === 'unknown' ? null : code);
            const count = f.headcount[code] ?? 0;
            const band = HEADCOUNT_BANDS.find((b) => b.code === code);
            // an unknown headcount is no range to filter by: its count stays text
            if (!band) {
              return (
                <li key={code}>
                  {label} <span className="count">({fmt.number(count)})</span>
                </li>
              );
            }
            const max = band.max === null ? undefined : String(band.max);
            const active =
              query.headcount_min === band.min && (query.headcount_max ?? null) === band.max;
            const href = ctx.href(
              `/annuaire${queryString({ headcount_min: String(band.min), headcount_max: max, page: undefined })}`,
            );
            return (
              <li key={code}>
                {label}{' '}
                <CountLink ctx={ctx} href={href} count={count} label={label} active={active} />
              </li>
            );
          })}
      </ul>
      <div className="range">
        <label htmlFor="headcount_min">{d.headcountMin}</label>
        <input
          type="number"
          id="headcount_min"
          name="headcount_min"
          min={0}
          inputMode="numeric"
          defaultValue={query.headcount_min ?? ''}
        />
        <label htmlFor="headcount_max">{d.headcountMax}</label>
        <input
          type="number"
          id="headcount_max"
          name="headcount_max"
          min={0}
          inputMode="numeric"
          defaultValue={query.headcount_max ?? ''}
        />
      </div>
    </fieldset>
  );
}

/** the filters: a group per facet with its counts, the headcount's bounds, the sort */
function Filters({
  ctx,
  query,
  result,
  fields,
  communeNames,
  labelNames = [],
  queryString,
}: Pick<
  Props,
  'ctx' | 'query' | 'result' | 'fields' | 'communeNames' | 'labelNames' | 'queryString'
>) {
  const { t } = ctx;
  const d = t.directory;
  const f = result.facets;
  return (
    <aside className="facets" aria-label={d.filters}>
      <h2 className="visually-hidden">{d.filters}</h2>
      <a className="skip-results" href="#results-title">
        {d.skipToResults}
      </a>
      {/* open as sent; on a narrow screen the page's script folds it, so that the results
          follow the search box, and the summary says how many filters apply */}
      <details className="facets-panel" id="facets-panel" open>
        <summary>{d.filtersSummary(activeFilters(query))}</summary>
        <FacetGroup
          ctx={ctx}
          queryString={queryString}
          name="kind"
          legend={d.facets.kind}
          selected={query.kind}
          options={KINDS.map((k) => ({ value: k, label: d.kinds[k], count: f.kind[k] ?? 0 }))}
        />
        <FacetGroup
          ctx={ctx}
          queryString={queryString}
          name="field"
          legend={d.facets.field}
          selected={query.field}
          options={fields.map((x) => ({
            value: x.slug,
            label: x.name,
            count: f.field[x.slug] ?? 0,
          }))}
        />
        <FacetGroup
          ctx={ctx}
          queryString={queryString}
          name="commune"
          legend={d.facets.commune}
          selected={query.commune}
          options={Object.entries(f.commune)
            .map(([code, count]) => ({
              value: code,
              label: communeNames.get(code) ?? code,
              count,
            }))
            .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
            .slice(0, 15)}
        />
        <HeadcountFacet ctx={ctx} query={query} result={result} queryString={queryString} />
        <FacetGroup
          ctx={ctx}
          queryString={queryString}
          name="status"
          legend={d.facets.status}
          selected={query.status}
          options={STATUSES.map((s) => ({
            value: s,
            label: d.statuses[s],
            count: f.status[s] ?? 0,
          }))}
        />
        <FacetGroup
          ctx={ctx}
          queryString={queryString}
          name="label"
          legend={d.facets.label}
          selected={query.label}
          options={labelOptions(ctx, f.label, labelNames, query.label)}
        />
        <div className="field">
          <label htmlFor="sort">{d.sort}</label>
          {/* relevance by default even without words (they come in name order then): the
            form sends its select, and a default of "name" would sort the words typed next */}
          <select id="sort" name="sort" defaultValue={query.sort ?? 'relevance'}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {d.sorts[s]}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit">{d.apply}</button> <a href={ctx.href('/annuaire')}>{d.clear}</a>
        </p>
      </details>
    </aside>
  );
}

/** the organisations found, their exports, and the pages */
function Results({
  ctx,
  query,
  result,
  fields,
  queryString,
}: Omit<Props, 'communeNames' | 'labelNames' | 'view'>) {
  const { t, fmt } = ctx;
  const d = t.directory;
  const pages = Math.max(1, Math.ceil(result.total / query.per_page));
  const fieldName = new Map(fields.map((x) => [x.slug, x.name]));
  const exportQuery = queryString({ page: undefined, per_page: undefined });
  return (
    <section className="results" aria-labelledby="results-title">
      <div className="results-head">
        <h2 id="results-title">{d.results(fmt.number(result.total), result.total)}</h2>
        <ViewSwitch ctx={ctx} view="list" queryString={queryString} />
      </div>
      <PlaceNotice ctx={ctx} result={result} queryString={queryString} />
      <p className="exports">
        <a href={`/api/v1/organisations.csv${exportQuery}`}>{d.exportCsv}</a> ·{' '}
        <a href={`/api/v1/organisations.json${exportQuery}`}>{d.exportJson}</a>
      </p>
      {result.items.length === 0 ? (
        <p>{d.noResults}</p>
      ) : (
        <ol className="org-list">
          {result.items.map((o) => (
            <li key={o.id} className="org">
              <h3>
                <a href={ctx.href(`/annuaire/${o.slug}`)}>{o.name}</a>{' '}
                {o.demo && <DemoBadge ctx={ctx} />}
              </h3>
              <p className="meta">
                {d.kinds[o.kind]}
                {o.status !== 'active' && <> · {d.statuses[o.status]}</>}
                {o.communes.length > 0 && <> · {o.communes.map((c) => c.name).join(', ')}</>}
              </p>
              <p className="meta">
                {headcountLabel(t, fmt, o.headcount)}
                {o.headcount.year !== null && <> {d.inYear(o.headcount.year)}</>}
                {o.headcount.source && <> · {sourceLabel(t, o.headcount.source)}</>}
              </p>
              {o.activity && (
                <p className="meta">
                  {o.activity.code}
                  {o.activity.label && (
                    <>
                      {' — '}
                      <span lang={o.activity.label_language === ctx.locale ? undefined : 'fr'}>
                        {o.activity.label}
                      </span>
                    </>
                  )}
                </p>
              )}
              {o.fields.length > 0 && (
                <ul className="tags" aria-label={t.profile.fields}>
                  {o.fields.map((slug) => (
                    <li key={slug}>{fieldName.get(slug) ?? slug}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav aria-label={d.pagination} className="pagination">
          {query.page > 1 && (
            <a
              rel="prev"
              href={ctx.href(
                `/annuaire${queryString({ page: query.page > 2 ? String(query.page - 1) : undefined })}`,
              )}
            >
              {d.prev}
            </a>
          )}
          <span className="visually-hidden">{d.pageOf(query.page, pages)}</span>
          <ol className="page-numbers">
            {pageWindow(query.page, pages).map((p, i) =>
              p === null ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: a gap has no other identity
                <li key={`gap-${i}`} aria-hidden="true">
                  …
                </li>
              ) : (
                <li key={p}>
                  {p === query.page ? (
                    <span aria-current="page">{fmt.number(p)}</span>
                  ) : (
                    <a
                      href={ctx.href(
                        `/annuaire${queryString({ page: p > 1 ? String(p) : undefined })}`,
                      )}
                      aria-label={d.pageOf(p, pages)}
                    >
                      {fmt.number(p)}
                    </a>
                  )}
                </li>
              ),
            )}
          </ol>
          {query.page < pages && (
            <a
              rel="next"
              href={ctx.href(`/annuaire${queryString({ page: String(query.page + 1) })}`)}
            >
              {d.next}
            </a>
          )}
        </nav>
      )}
    </section>
  );
}

export function DirectoryPage(props: Props) {
  const { ctx, query, result, ignored = [], view = 'list' } = props;
  const { t, fmt } = ctx;
  const d = t.directory;
  return (
    <Layout
      ctx={ctx}
      title={d.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: d.title }]}
      head={<script src={asset('directory.js')} defer />}
    >
      <h1>{d.title}</h1>
      <p className="lead">{d.intro}</p>
      {ignored.length > 0 && (
        <p className="notice" role="status">
          {d.ignored(ignored.join(', '))}
        </p>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: the form itself is the search landmark */}
      <form
        method="get"
        action={ctx.href('/annuaire')}
        className="directory"
        id="directory-form"
        role="search"
      >
        <div className="search-row">
          <label htmlFor="q">{d.searchLabel}</label>
          <p className="hint" id="q-hint">
            {d.searchHint}
          </p>
          <div className="search-input">
            <input
              type="search"
              id="q"
              name="q"
              defaultValue={query.q}
              aria-describedby="q-hint"
              autoComplete="off"
              maxLength={200}
            />
            <button type="submit">{d.submit}</button>
          </div>
        </div>
        <p className="visually-hidden" role="status" id="directory-status">
          {d.results(fmt.number(result.total), result.total)}
        </p>
        {/* applying the filters keeps the view */}
        {view === 'map' && <input type="hidden" name="vue" value="carte" />}
        <div className="directory-body" id="directory-results">
          <Filters {...props} />
          {view === 'map' ? <DirectoryMap {...props} /> : <Results {...props} />}
        </div>
      </form>
    </Layout>
  );
}
