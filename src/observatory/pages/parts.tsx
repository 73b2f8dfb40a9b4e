import type { PageContext } from '../../web/context.ts';
import { DemoBadge } from '../../web/Layout.tsx';
import type { ListPage } from '../lists.service.ts';
import type { MemberItem, ObjectiveItem } from '../observatory.schema.ts';
import type { ObservatoryService } from '../observatory.service.ts';

export type ObservatoryState = Awaited<ReturnType<ObservatoryService['state']>>;

/** When the figures were computed, from data of which date, and whether it is demo data. */
export function DataNotice({ ctx, state }: { ctx: PageContext; state: ObservatoryState }) {
  const o = ctx.t.observatory;
  return (
    <div className="data-notice">
      {state.demo && (
        <p className="demo-notice">
          <DemoBadge ctx={ctx} /> {o.demoData}
        </p>
      )}
      {!state.computed ? (
        <p>{o.notComputed}</p>
      ) : (
        <p>
          {state.asOf ? o.dataAsOf(ctx.fmt.date(state.asOf)) : o.noData}{' '}
          {state.computedAt && o.computedAt(ctx.fmt.dateTime(state.computedAt))}
        </p>
      )}
      {state.running && <p>{o.computing}</p>}
    </div>
  );
}

/** "3 of 10", the deadline, and a bar of the distance done */
export function ObjectiveSummary({
  ctx,
  item,
  level = 3,
}: {
  ctx: PageContext;
  item: ObjectiveItem;
  level?: 2 | 3;
}) {
  const o = ctx.t.observatory;
  const value = item.value;
  const share = value === null || item.target === 0 ? 1 : Math.min(1, value / item.target);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <>
      <Heading>
        <a href={ctx.href(`/observatoire/objectifs/${item.id}`)}>{item.title}</a>
      </Heading>
      <p className="objective-figure">
        {value === null
          ? o.methods.not_computed
          : o.valueOfTarget(ctx.fmt.number(value), ctx.fmt.number(item.target))}
      </p>
      {value !== null && (
        <meter
          min={0}
          max={item.target || 1}
          value={Math.min(value, item.target || 1)}
          aria-label={o.valueOfTarget(ctx.fmt.number(value), ctx.fmt.number(item.target))}
        >
          {Math.round(share * 100)} %
        </meter>
      )}
      <p>
        {o.deadline(ctx.fmt.date(item.deadline))}
        {value !== null && <> — {value >= item.target ? o.reached : o.notReached}</>}
      </p>
    </>
  );
}

function bandText(ctx: PageContext, m: MemberItem): string {
  const o = ctx.t.observatory;
  const h = m.headcount;
  if (h.exact !== null) return o.exact(ctx.fmt.number(h.exact));
  if (h.band !== null && h.low !== null)
    return o.bandRange(
      h.band,
      ctx.fmt.number(h.low),
      h.high === null ? null : ctx.fmt.number(h.high),
    );
  if (h.low !== null)
    return h.high === null
      ? `≥ ${ctx.fmt.number(h.low)}`
      : `${ctx.fmt.number(h.low)} – ${ctx.fmt.number(h.high)}`;
  return '–';
}

/**
 * Links to the first, previous, next and last pages of a list: plain links whose addresses can
 * be shared.
 */
export function Pager({
  ctx,
  page,
  href,
}: {
  ctx: PageContext;
  page: ListPage;
  href: (page: number) => string;
}) {
  const o = ctx.t.observatory;
  const n = (v: number) => ctx.fmt.number(v);
  if (page.pages <= 1) return null;
  return (
    <nav aria-label={o.pagination} className="pagination">
      {page.number > 1 && (
        <>
          <a href={href(1)}>{o.firstPage}</a>
          <a rel="prev" href={href(page.number - 1)}>
            {o.prevPage}
          </a>
        </>
      )}
      <span>{o.pageOf(n(page.number), n(page.pages))}</span>
      {page.number < page.pages && (
        <>
          <a rel="next" href={href(page.number + 1)}>
            {o.nextPage}
          </a>
          <a href={href(page.pages)}>{o.lastPage}</a>
        </>
      )}
    </nav>
  );
}

/**
 * The organisations behind a figure, a page at a time, each with its number, the number's year
 * and source; the whole list as CSV.
 */
export function MembersTable({
  ctx,
  members,
  total,
  caption,
  page,
  pageHref,
  csvHref,
}: {
  ctx: PageContext;
  members: MemberItem[];
  total: number;
  caption: string;
  page: ListPage;
  pageHref: (page: number) => string;
  csvHref: string;
}) {
  const o = ctx.t.observatory;
  const kinds = ctx.t.directory.kinds as Record<string, string>;
  if (total === 0) return <p>{o.noOrganisations}</p>;
  return (
    <>
      {page.asked > page.number && (
        <p className="notice">
          {o.pageClamped(ctx.fmt.number(page.asked), ctx.fmt.number(page.pages))}
        </p>
      )}
      <p className="exports">
        <a href={csvHref} download>
          {o.downloadList(ctx.fmt.number(total))}
        </a>
      </p>
      <p className="list-summary">
        {o.listSummary(
          total,
          ctx.fmt.number(total),
          ctx.fmt.number(page.number),
          ctx.fmt.number(page.pages),
        )}
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{o.organisation}</th>
              <th scope="col">{o.kind}</th>
              <th scope="col">{o.band}</th>
              <th scope="col">{o.bandYear}</th>
              <th scope="col">{o.source}</th>
              <th scope="col">{o.observedOn}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <a href={m.url}>{m.name}</a> {m.demo && <DemoBadge ctx={ctx} />}
                </th>
                <td>{kinds[m.kind] ?? m.kind}</td>
                <td>{bandText(ctx, m)}</td>
                <td>{m.headcount.year ?? '–'}</td>
                <td>{m.headcount.source ? o.sources[m.headcount.source] : '–'}</td>
                <td>{m.headcount.observed_on ? ctx.fmt.date(m.headcount.observed_on) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager ctx={ctx} page={page} href={pageHref} />
    </>
  );
}

/** the breadcrumbs of the observatory's public pages */
export function crumbs(ctx: PageContext, ...more: { label: string; href?: string }[]) {
  return [
    { label: ctx.t.nav.home, href: '/' },
    { label: ctx.t.observatory.nav, href: '/observatoire' },
    ...more,
  ];
}
