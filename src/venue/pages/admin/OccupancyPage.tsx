import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/Layout.tsx';
import type { SpaceOccupancy, TopUser } from '../../occupancy.service.ts';
import { isoWeek, plusDays, weekMonday } from '../../spaces.calendar.ts';
import { ADMIN_PATH, Demo, shortDay, spaceName } from '../common.tsx';

/**
 * A horizontal bar chart drawn on the server as SVG (one image with a title and description to
 * assistive technology; its numbers are in the table that follows it), as the observatory draws
 * its charts and with its styles.
 */
function RateChart({
  ctx,
  id,
  title,
  description,
  bars,
}: {
  ctx: PageContext;
  id: string;
  title: string;
  description: string;
  bars: { label: string; value: number }[];
}) {
  const o = ctx.t.venue.occupancy;
  const row = 28;
  const labelWidth = 220;
  const width = 640;
  const plot = width - labelWidth - 60;
  const height = Math.max(row, bars.length * row) + 8;
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="chart-svg"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {bars.map((b, i) => {
          const y = 4 + i * row;
          const w = Math.max(b.value > 0 ? 2 : 0, (Math.min(b.value, 100) / 100) * plot);
          return (
            <g key={b.label}>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
                {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
              </text>
              <rect x={labelWidth} y={y + 4} width={w} height={row - 10} className="chart-bar" />
              <text x={labelWidth + w + 6} y={y + 17} className="chart-value">
                {o.percent(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="chart-desc">{description}</p>
    </figure>
  );
}

function WeeksTable({ ctx, spaces }: { ctx: PageContext; spaces: SpaceOccupancy[] }) {
  const o = ctx.t.venue.occupancy;
  const weeks = spaces[0]?.weeks.map((w) => w.week) ?? [];
  return (
    <div className="grid-scroll">
      <table className="table">
        <caption>
          {o.rateTitle} — {o.chartData}
        </caption>
        <thead>
          <tr>
            <th scope="col">{o.space}</th>
            {weeks.map((w) => (
              <th scope="col" key={w}>
                {w}
              </th>
            ))}
            <th scope="col">{o.rate}</th>
            <th scope="col">{o.noShows}</th>
          </tr>
        </thead>
        <tbody>
          {spaces.map((s) => (
            <tr key={s.space.id}>
              <th scope="row">
                {spaceName(ctx, s.space)}
                <Demo ctx={ctx} demo={s.space.is_demo} />
              </th>
              {s.weeks.map((w) => (
                <td key={w.week} title={`${o.booked} ${w.booked} / ${o.open} ${w.open}`}>
                  {o.percent(w.rate)}
                </td>
              ))}
              <td>{o.percent(s.rate)}</td>
              <td>{ctx.fmt.number(s.noShows)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The staff's occupancy dashboard: rates per space and week, no-shows, top organisations, CSV. */
export function OccupancyPage({
  ctx,
  data,
}: {
  ctx: PageContext;
  data: { from: string; to: string; spaces: SpaceOccupancy[]; top: TopUser[] };
}) {
  const o = ctx.t.venue.occupancy;
  const a = ctx.t.venue.admin;
  const base = `${ADMIN_PATH}/occupation`;
  const noShows = data.spaces.reduce((s, x) => s + x.noShows, 0);
  return (
    <Layout
      ctx={ctx}
      title={o.title}
      breadcrumbs={[
        { label: ctx.t.nav.admin, href: '/admin' },
        { label: a.title, href: ADMIN_PATH },
        { label: o.title },
      ]}
    >
      <h1>{o.title}</h1>
      <p>{o.intro}</p>
      <nav aria-label={o.weeks} className="grid-nav">
        <ul>
          <li>
            <a href={ctx.href(`${base}?semaine=${isoWeek(plusDays(data.from, -28))}`)} rel="prev">
              {o.earlier}
            </a>
          </li>
          <li>
            <a href={ctx.href(`${base}?semaine=${isoWeek(plusDays(data.from, 28))}`)} rel="next">
              {o.later}
            </a>
          </li>
        </ul>
      </nav>
      <h2>{o.rateTitle}</h2>
      <p className="hint">{o.rateDesc(ctx.fmt.date(data.from), ctx.fmt.date(data.to))}</p>
      {data.spaces.map((s) => {
        const name = spaceName(ctx, s.space);
        return (
          <RateChart
            key={s.space.id}
            ctx={ctx}
            id={`venue-rate-${s.space.slug}`}
            title={o.rateWeekly(name)}
            description={o.rateWeeklyDesc(name, ctx.fmt.date(data.from), ctx.fmt.date(data.to))}
            bars={s.weeks.map((w) => ({
              label: o.weekOf(shortDay(ctx, weekMonday(w.week) ?? data.from)),
              value: w.rate,
            }))}
          />
        );
      })}
      <WeeksTable ctx={ctx} spaces={data.spaces} />
      <h2>{o.noShows}</h2>
      <p>{noShows === 0 ? o.noShowsNone : ctx.fmt.number(noShows)}</p>
      <h2>{o.topUsers}</h2>
      {data.top.length === 0 ? (
        <p>{o.topNone}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{o.topUsers}</caption>
          <thead>
            <tr>
              <th scope="col">{o.organisation}</th>
              <th scope="col">{o.bookings}</th>
              <th scope="col">{o.hours}</th>
            </tr>
          </thead>
          <tbody>
            {data.top.map((t) => (
              <tr key={t.organisation}>
                <th scope="row">{t.organisation}</th>
                <td>{ctx.fmt.number(t.bookings)}</td>
                <td>{ctx.fmt.number(t.hours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={ctx.href(`${base}.csv`)} download>
          {o.csv}
        </a>
      </p>
    </Layout>
  );
}
