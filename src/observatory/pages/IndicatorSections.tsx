import type { PageContext } from '../../web/context.ts';
import { jobsFigure, totalsOverTime } from '../chart-data.ts';
import type { Indicators } from '../compute.service.ts';
import { BarChart, CommuneMapChart, LineChart, type MapPlace, PlaceMap } from './charts.tsx';

/** what every section of the indicators is drawn from */
type Section = { ctx: PageContext; data: Indicators };

/** the territory's communes */
type Territory = { code: string; name: string }[];

/** the address of a chart's data as CSV */
const csvOf = (ctx: PageContext, name: string) => ctx.href(`/observatoire/donnees/${name}.csv`);

/** the last twenty years of a series by year */
const recent = <T extends { year: number }>(rows: T[]) =>
  rows.filter((c) => c.year >= new Date().getFullYear() - 20);

/** Jobs in the territory at the last import, as a range, and at each import. */
function JobsSection({ ctx, data }: Section) {
  const o = ctx.t.observatory;
  const { fmt } = ctx;
  const { headline, points } = jobsFigure(data.jobs);
  const now = data.jobs.now;
  const years =
    now?.minYear && now.maxYear
      ? now.minYear === now.maxYear
        ? String(now.minYear)
        : `${now.minYear}–${now.maxYear}`
      : '–';
  const bounded = points.filter((p) => p.high !== null);
  return (
    <>
      <h3>{o.jobs}</h3>
      {headline && headline.known > 0 ? (
        <>
          <p className="objective-figure">
            {headline.high === null
              ? o.jobsRangeOpen(fmt.number(headline.low), headline.openTop)
              : o.jobsRange(fmt.number(headline.low), fmt.number(headline.high))}
          </p>
          <p className="hint">
            {headline.on && <>{o.jobsOn(fmt.date(headline.on))} </>}
            {o.jobsExplain(
              fmt.number(headline.known),
              fmt.number(data.jobs.openEstablishments),
              years,
            )}
          </p>
        </>
      ) : (
        <p>{o.jobsNone}</p>
      )}
      {points.length > 0 && (
        <LineChart
          ctx={ctx}
          id="chart-jobs"
          title={o.jobsHistory}
          description={o.jobsHistoryDesc}
          unit={o.units.jobs}
          csvHref={csvOf(ctx, 'emplois')}
          series={[
            { name: o.low, points: points.map((r) => ({ x: r.on, y: r.low })) },
            {
              // an upper bound only where there is one: never drawn through an open-ended band
              name: o.high,
              points: bounded.map((r) => ({ x: r.on, y: r.high as number })),
              className: 'chart-series alt',
            },
          ]}
          table={{
            head: [o.date, o.low, o.high],
            rows: points.map((r) => [
              r.on,
              fmt.number(r.low),
              r.high === null ? o.noUpperBound(r.openTop) : fmt.number(r.high),
            ]),
          }}
        />
      )}
    </>
  );
}

/** Active organisations by kind and by field, and in the directory after each import. */
function OrganisationCharts({ ctx, data, fields }: Section & { fields: Map<string, string> }) {
  const o = ctx.t.observatory;
  const { fmt } = ctx;
  const kinds = ctx.t.directory.kinds as Record<string, string>;
  const totals = totalsOverTime(data);
  return (
    <>
      <BarChart
        ctx={ctx}
        id="chart-kinds"
        unit={o.units.organisations}
        title={o.byKind}
        description={o.byKindDesc}
        csvHref={csvOf(ctx, 'types')}
        bars={data.byKind.map((r) => ({
          label: kinds[r.key] ?? r.key,
          value: r.count,
          href: ctx.href(`/annuaire?kind=${r.key}&status=active`),
        }))}
        table={{
          head: [o.kind, o.count],
          rows: data.byKind.map((r) => [kinds[r.key] ?? r.key, fmt.number(r.count)]),
        }}
      />

      <BarChart
        ctx={ctx}
        id="chart-fields"
        unit={o.units.organisations}
        title={o.byField}
        description={o.byFieldDesc}
        csvHref={csvOf(ctx, 'champs')}
        bars={data.byField.map((r) => ({
          label: fields.get(r.key) ?? r.key,
          value: r.count,
          href: ctx.href(`/annuaire?field=${r.key}&status=active`),
        }))}
        table={{
          head: [o.field, o.count],
          rows: data.byField.map((r) => [fields.get(r.key) ?? r.key, fmt.number(r.count)]),
        }}
      />

      {totals.length > 0 && (
        <LineChart
          ctx={ctx}
          id="chart-over-time"
          unit={o.units.organisations}
          title={o.overTime}
          description={o.overTimeDesc}
          csvHref={csvOf(ctx, 'evolution')}
          series={[{ name: o.organisations, points: totals.map((r) => ({ x: r.on, y: r.count })) }]}
          table={{
            head: [o.date, o.organisations],
            rows: totals.map((r) => [r.on, fmt.number(r.count)]),
          }}
        />
      )}
    </>
  );
}

/** Creations and closures per year; the closures without a date said in words, apart. */
function CreationsAndClosures({ ctx, data }: Section) {
  const o = ctx.t.observatory;
  const { fmt } = ctx;
  const creations = recent(data.creations);
  const closures = recent(data.closuresPerYear ?? []);
  const undated = data.closures.undated ?? 0;
  return (
    <>
      {creations.length > 0 && (
        <BarChart
          ctx={ctx}
          id="chart-creations"
          unit={o.units.organisations}
          title={o.creations}
          description={o.creationsDesc}
          csvHref={csvOf(ctx, 'creations')}
          bars={creations.map((r) => ({ label: String(r.year), value: r.count }))}
          table={{
            head: [o.year, o.count],
            rows: creations.map((r) => [r.year, fmt.number(r.count)]),
          }}
        />
      )}
      {closures.length > 0 && (
        <BarChart
          ctx={ctx}
          id="chart-closures"
          unit={o.units.organisations}
          title={o.closures}
          description={o.closuresDesc}
          csvHref={csvOf(ctx, 'fermetures')}
          bars={closures.map((r) => ({
            label: String(r.year),
            value: r.count,
            href: ctx.href(`/observatoire/organisations?ensemble=fermetures-${r.year}`),
          }))}
          table={{
            head: [o.year, o.count],
            rows: closures.map((r) => [r.year, fmt.number(r.count)]),
          }}
        />
      )}
      <p>
        {o.closuresSummary(
          fmt.number(data.closures.closed),
          fmt.number(data.closures.exited),
          fmt.number(undated),
        )}{' '}
        {undated > 0 && (
          <>
            <a href={ctx.href('/observatoire/organisations?ensemble=fermetures-date-inconnue')}>
              {o.closuresUnknown}
            </a>
            {' · '}
          </>
        )}
        <a href={ctx.href('/annuaire?status=closed')}>{o.seeClosed}</a>
      </p>
    </>
  );
}

/** Funding rounds per year, each year leading to its organisations. */
function FundingSection({ ctx, data }: Section) {
  const o = ctx.t.observatory;
  const { fmt } = ctx;
  return (
    <>
      <h3>{o.funding}</h3>
      {data.funding.length === 0 ? (
        <p>{o.fundingNone}</p>
      ) : (
        <BarChart
          ctx={ctx}
          id="chart-funding"
          unit={o.units.rounds}
          title={o.funding}
          description={o.fundingDesc}
          csvHref={csvOf(ctx, 'financements')}
          bars={data.funding.map((r) => ({
            label: String(r.year),
            value: r.rounds,
            href: ctx.href(`/observatoire/organisations?ensemble=financement-${r.year}`),
          }))}
          table={{
            head: [o.year, o.rounds, o.amount, o.undisclosed],
            rows: data.funding.map((r) => [
              r.year,
              fmt.number(r.rounds),
              fmt.currency(r.amount),
              fmt.number(r.undisclosed),
            ]),
          }}
        />
      )}
    </>
  );
}

/** High-growth firms under each definition, where the bands prove the growth. */
function HighGrowthSection({ ctx, data }: Section) {
  const o = ctx.t.observatory;
  const { fmt } = ctx;
  return (
    <>
      <h3>{o.highGrowth}</h3>
      <p className="hint">{o.highGrowthRule}</p>
      <ul>
        {(['oecd', 'eurostat'] as const).map((d) => {
          const r = data.highGrowth[d];
          return (
            <li key={d}>
              <strong>{o[d]}</strong> —{' '}
              {r.candidates === 0 ? (
                o.highGrowthNone
              ) : (
                <>
                  {o.highGrowthCount(fmt.number(r.proven), fmt.number(r.candidates))}{' '}
                  {r.proven > 0 && (
                    <a
                      href={ctx.href(
                        `/observatoire/organisations?ensemble=croissance-${d === 'oecd' ? 'ocde' : 'eurostat'}`,
                      )}
                    >
                      {o.seeOrganisations}
                    </a>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Open establishments by commune: the map, and the list of communes. */
function CommunesSection({ ctx, data, communes }: Section & { communes: Territory }) {
  const o = ctx.t.observatory;
  const { fmt } = ctx;
  const hrefOf = (code: string) => ctx.href(`/annuaire?commune=${code}`);
  // the official name (the register writes names in capitals)
  const official = new Map(communes.map((c) => [c.code, c.name]));
  const nameOf = (c: { code: string; name: string | null }) =>
    official.get(c.code) ?? c.name ?? c.code;
  const table = {
    head: [o.commune, o.establishments, o.organisations],
    rows: data.byCommune.map((c) => [
      nameOf(c),
      fmt.number(c.establishments),
      fmt.number(c.organisations),
    ]),
  };
  const counts = new Map(data.byCommune.map((c) => [c.code, c.establishments]));
  // every commune of the territory, with its borders, when they are shipped for all of them
  const contours =
    data.byCommune.length > 0 ? (
      <CommuneMapChart
        ctx={ctx}
        id="chart-map"
        unit={o.units.establishments}
        title={o.byCommune}
        description={o.byCommuneMapDesc}
        csvHref={csvOf(ctx, 'communes')}
        communes={communes.map((c) => ({
          ...c,
          count: counts.get(c.code) ?? 0,
          href: hrefOf(c.code),
        }))}
        countLabel={(n) => o.establishmentsCount(fmt.number(n), n)}
        table={table}
      />
    ) : null;
  const places: MapPlace[] = data.byCommune
    .filter((c) => c.latitude !== null && c.longitude !== null)
    .map((c) => ({
      code: c.code,
      name: nameOf(c),
      count: c.establishments,
      latitude: c.latitude as number,
      longitude: c.longitude as number,
      href: hrefOf(c.code),
    }));
  return (
    <>
      <h3>{o.byCommune}</h3>
      <p className="hint">{contours ? o.contoursNote : o.mapNote}</p>
      {contours}
      {!contours && places.length > 0 && (
        <PlaceMap
          ctx={ctx}
          id="chart-map"
          unit={o.units.establishments}
          title={o.byCommune}
          description={o.byCommuneDesc}
          csvHref={csvOf(ctx, 'communes')}
          places={places}
          table={table}
        />
      )}
      {data.byCommune.length > 0 && (
        <details>
          <summary>
            {o.commune} — {o.establishments}
          </summary>
          <ul className="columns">
            {data.byCommune.map((c) => (
              <li key={c.code}>
                <a href={ctx.href(`/annuaire?commune=${c.code}`)}>{nameOf(c)}</a> :{' '}
                {fmt.number(c.establishments)}
                {c.located === 0 && <> ({o.notLocated})</>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** The indicators of the overview page, section by section, each chart with its data as CSV. */
export function IndicatorSections({
  ctx,
  data,
  fields,
  communes,
}: {
  ctx: PageContext;
  data: Indicators;
  fields: Map<string, string>;
  communes: Territory;
}) {
  return (
    <section aria-labelledby="indicators-title">
      <h2 id="indicators-title">{ctx.t.observatory.indicatorsTitle}</h2>
      <JobsSection ctx={ctx} data={data} />
      <OrganisationCharts ctx={ctx} data={data} fields={fields} />
      <CreationsAndClosures ctx={ctx} data={data} />
      <FundingSection ctx={ctx} data={data} />
      <HighGrowthSection ctx={ctx} data={data} />
      <CommunesSection ctx={ctx} data={data} communes={communes} />
    </section>
  );
}
