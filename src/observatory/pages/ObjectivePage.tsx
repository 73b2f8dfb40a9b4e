import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { ListPage } from '../lists.service.ts';
import type { MemberItem, ObjectiveItem } from '../observatory.schema.ts';
import { LineChart, type Series } from './charts.tsx';
import {
  crumbs,
  DataNotice,
  MembersTable,
  ObjectiveSummary,
  type ObservatoryState,
} from './parts.tsx';

export function ObjectivePage({
  ctx,
  state,
  item,
  organisations,
  total,
  page,
}: {
  ctx: PageContext;
  state: ObservatoryState;
  item: ObjectiveItem;
  organisations: MemberItem[];
  total: number;
  page: ListPage;
}) {
  const o = ctx.t.observatory;
  const { fmt } = ctx;
  const p = item.projection;
  const series: Series[] = [
    { name: o.value, points: item.history.map((h) => ({ x: h.on, y: h.value })) },
  ];
  const last = item.history.at(-1);
  if (p.method === 'least_squares' && last && p.on && p.value !== undefined) {
    series.push({
      name: o.projectionLine,
      points: [
        { x: last.on, y: last.value },
        { x: p.on, y: p.value },
      ],
      dashed: true,
      className: 'chart-series alt',
    });
  }
  return (
    <Layout
      ctx={ctx}
      title={item.title}
      breadcrumbs={crumbs(ctx, { label: item.title })}
      head={<script src={asset('observatory.js')} defer />}
    >
      <h1>{item.title}</h1>
      <DataNotice ctx={ctx} state={state} />
      <div className="card objective-card">
        <ObjectiveSummary ctx={ctx} item={item} level={2} />
      </div>
      <h2>{o.rule}</h2>
      <p>{item.rule.description}</p>
      <p className="hint">{o.bandRule}</p>

      <h2>{o.history}</h2>
      <p className="hint">{o.historyMethod}</p>
      {item.history.length > 0 ? (
        <LineChart
          ctx={ctx}
          id="chart-history"
          unit={o.units.organisations}
          title={`${o.history} — ${item.title}`}
          description={o.historyDesc(item.title)}
          csvHref={ctx.href(`/observatoire/objectifs/${item.id}/historique.csv`)}
          series={series}
          target={{ value: item.target, label: `${o.target} : ${fmt.number(item.target)}` }}
          table={{
            head: [o.date, o.value],
            rows: [
              ...item.history.map((h) => [h.on, fmt.number(h.value)]),
              ...(p.method === 'least_squares' && p.on && p.value !== undefined
                ? [[`${p.on} (${o.projectionLine})`, fmt.number(p.value)]]
                : []),
            ],
          }}
        />
      ) : (
        <p>{o.noData}</p>
      )}
      <h2>{o.projection}</h2>
      <p>{p.description}</p>

      <h2 id="organisations">{o.organisationsTitle(fmt.number(total))}</h2>
      <MembersTable
        ctx={ctx}
        members={organisations}
        total={total}
        caption={o.organisationsTitle(fmt.number(total))}
        page={page}
        pageHref={(n) =>
          ctx.href(`/observatoire/objectifs/${item.id}${n > 1 ? `?page=${n}` : ''}#organisations`)
        }
        csvHref={ctx.href(`/observatoire/objectifs/${item.id}/organisations.csv`)}
      />
    </Layout>
  );
}
