import { communeMap } from '../../web/CommuneMap.tsx';
import type { PageContext } from '../../web/context.ts';
import { ScrollRegion } from '../../web/ScrollRegion.tsx';
import type { SearchQuery, SearchResult } from '../directory.schema.ts';

export type DirectoryView = 'list' | 'map';

type Props = {
  ctx: PageContext;
  query: SearchQuery;
  result: SearchResult;
  communeNames: Map<string, string>;
  queryString: (changes: Record<string, string | string[] | undefined>) => string;
};

/** the address of the list of this search in one commune (its other filters kept) */
export function communeListHref(props: Pick<Props, 'ctx' | 'queryString'>, code: string) {
  return props.ctx.href(`/annuaire${props.queryString({ commune: code, page: undefined })}`);
}

/** The two ways to show a search, as links that keep it: the list, the map. */
export function ViewSwitch({
  ctx,
  view,
  queryString,
}: Pick<Props, 'ctx' | 'queryString'> & { view: DirectoryView }) {
  const d = ctx.t.directory;
  const list = ctx.href(`/annuaire${queryString({})}`);
  const map = ctx.href(`/annuaire${queryString({ page: undefined, vue: 'carte' })}`);
  return (
    <nav className="view-switch" aria-label={d.views}>
      <ul>
        <li>
          <a href={list} aria-current={view === 'list' ? 'page' : undefined}>
            {d.viewList}
          </a>
        </li>
        <li>
          <a href={map} aria-current={view === 'map' ? 'page' : undefined}>
            {d.viewMap}
          </a>
        </li>
      </ul>
    </nav>
  );
}

/**
 * The search as a map: the territory's communes shaded by the search's commune facet (the same
 * counts as the filter's boxes, from the same search as the list), each leading to the list
 * filtered on it; a table of the same numbers, which is all there is when the territory has
 * communes without a shipped contour.
 */
export function DirectoryMap(props: Props) {
  const { ctx, query, result, communeNames } = props;
  const { fmt } = ctx;
  const d = ctx.t.directory;
  const counts = result.facets.commune;
  const nameOf = (code: string) => communeNames.get(code) ?? code;
  const countLabel = (n: number) => d.mapCount(fmt.number(n), n);
  const map = communeMap({
    ctx,
    id: 'directory-map',
    title: d.mapTitle,
    description: d.mapDesc,
    communes: [...communeNames].map(([code, name]) => ({
      code,
      name,
      count: counts[code] ?? 0,
      href: communeListHref(props, code),
    })),
    countLabel,
    selected: query.commune,
  });
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || nameOf(a).localeCompare(nameOf(b), ctx.locale));
  const othersNone = [...communeNames.keys()].some((code) => !counts[code]);
  return (
    <section className="results directory-map" aria-labelledby="results-title">
      <div className="results-head">
        <h2 id="results-title">{d.results(fmt.number(result.total), result.total)}</h2>
        <ViewSwitch ctx={ctx} view="map" queryString={props.queryString} />
      </div>
      <p className="hint">{d.mapHint}</p>
      {map ? (
        <figure className="map-figure">
          {map.svg}
          <figcaption>
            {map.legend}
            <p className="hint">{d.mapSource}</p>
          </figcaption>
        </figure>
      ) : (
        <p>{d.mapNoContours}</p>
      )}
      {rows.length === 0 ? (
        <p>{d.mapNone}</p>
      ) : (
        <ScrollRegion label={d.mapTable}>
          <table className="data-table">
            <caption>{d.mapTable}</caption>
            <thead>
              <tr>
                <th scope="col">{d.mapCommune}</th>
                <th scope="col">{d.mapOrganisations}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([code, n]) => (
                <tr key={code}>
                  <td>
                    <a href={communeListHref(props, code)}>{nameOf(code)}</a>
                  </td>
                  <td data-commune={code}>{fmt.number(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {rows.length > 0 && othersNone && <p className="hint">{d.mapOthers}</p>}
    </section>
  );
}
