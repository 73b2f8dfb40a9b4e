import type { ReactNode } from 'react';
import { communeMap, type MapCommune } from '../../web/CommuneMap.tsx';
import type { PageContext } from '../../web/context.ts';
import { ScrollRegion } from '../../web/ScrollRegion.tsx';

/**
 * Charts as SVG written on the server: readable without JavaScript, each with a title, a
 * description and its numbers as a table for screen readers, and a link to its data as CSV.
 * public/observatory.js adds value tooltips on hover and keyboard focus.
 */

type Frame = {
  ctx: PageContext;
  id: string;
  title: string;
  description: string;
  csvHref?: string;
  /** what the numbers count ("organisations", "salaried jobs"), written under the title */
  unit: string;
  /** the legend, when a chart draws more than one thing; bars and places are labelled directly */
  legend?: ReactNode;
  /** the table's column headings and rows: the same numbers as the picture */
  table: { head: string[]; rows: ReactNode[][] };
};

function ChartFrame({ frame, svg }: { frame: Frame; svg: ReactNode }) {
  const { ctx, id, title, description, csvHref, table, unit, legend } = frame;
  return (
    <figure className="chart" data-chart={id}>
      <figcaption>
        <strong id={`${id}-caption`}>{title}</strong>
        <span className="chart-unit">{ctx.t.observatory.unit(unit)}</span>
      </figcaption>
      {svg}
      {legend}
      <details className="chart-data">
        <summary>{ctx.t.observatory.dataTable}</summary>
        <ScrollRegion label={`${title} — ${ctx.t.observatory.dataTable}`}>
          <table>
            <caption>
              {title} — {ctx.t.observatory.dataTable}
            </caption>
            <thead>
              <tr>
                {table.head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are in a fixed order
                <tr key={i}>
                  {row.map((cell, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are in a fixed order
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
      <p className="chart-desc" id={`${id}-desc`}>
        {description}
      </p>
      {csvHref && (
        <p>
          <a href={csvHref} download>
            {ctx.t.observatory.downloadCsv}
          </a>
        </p>
      )}
    </figure>
  );
}

export type Bar = { label: string; value: number; href?: string; demo?: boolean };

/** Horizontal bars, one per row, labelled, each optionally a link to its organisations. */
export function BarChart({ bars, ...frame }: Frame & { bars: Bar[] }) {
  const { ctx, id, title, description } = frame;
  const rowHeight = 26;
  const labelWidth = 230;
  const width = 640;
  const plot = width - labelWidth - 70;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(rowHeight, bars.length * rowHeight) + 8;
  // a picture is one image to assistive technology, unless it holds links: then a group of them
  const linked = bars.some((b) => b.href);
  return (
    <ChartFrame
      frame={frame}
      svg={
        <svg
          viewBox={`0 0 ${width} ${height}`}
          className="chart-svg"
          role={linked ? 'group' : 'img'}
          aria-labelledby={`${id}-title ${id}-svgdesc`}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-svgdesc`}>{description}</desc>
          {bars.map((b, i) => {
            const y = 4 + i * rowHeight;
            const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plot);
            const text = `${b.label} : ${ctx.fmt.number(b.value)}`;
            const body = (
              <>
                <text x={labelWidth - 8} y={y + 16} textAnchor="end" className="chart-label">
                  {b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}
                </text>
                <rect
                  x={labelWidth}
                  y={y + 3}
                  width={w}
                  height={rowHeight - 8}
                  className="chart-bar"
                  data-value={text}
                />
                <text x={labelWidth + w + 6} y={y + 16} className="chart-value">
                  {ctx.fmt.number(b.value)}
                </text>
              </>
            );
            return b.href ? (
              <a key={b.label} href={b.href} aria-label={text}>
                {body}
              </a>
            ) : (
              <g key={b.label}>{body}</g>
            );
          })}
        </svg>
      }
    />
  );
}

export type Series = {
  name: string;
  points: { x: string; y: number }[];
  dashed?: boolean;
  className?: string;
};

/** The legend of a line chart: each series' mark and name, and the target's. */
function LineLegend({ series, target }: { series: Series[]; target?: { label: string } }) {
  return (
    <ul className="chart-legend">
      {series
        .filter((s) => s.points.length > 0)
        .map((s) => (
          <li key={s.name} className={s.className ?? 'chart-series'}>
            <svg width="28" height="10" aria-hidden="true" focusable="false">
              <line
                x1="0"
                x2="28"
                y1="5"
                y2="5"
                className={s.dashed ? 'chart-line dashed' : 'chart-line'}
              />
            </svg>
            {s.name}
          </li>
        ))}
      {target && (
        <li>
          <svg width="28" height="10" aria-hidden="true" focusable="false">
            <line x1="0" x2="28" y1="5" y2="5" className="chart-target" />
          </svg>
          {target.label}
        </li>
      )}
    </ul>
  );
}

/** Lines over dates (YYYY-MM-DD), with an optional horizontal target line and a legend. */
export function LineChart({
  series,
  target,
  ...frame
}: Frame & { series: Series[]; target?: { value: number; label: string } }) {
  const { ctx, id, title, description } = frame;
  const width = 640;
  const height = 260;
  const left = 56;
  const right = 20;
  const top = 16;
  const bottom = 40;
  const all = series.flatMap((s) => s.points);
  const times = all.map((p) => Date.parse(`${p.x}T00:00:00Z`));
  const tMin = Math.min(...times);
  const tMax = Math.max(...times);
  const yMax = Math.max(1, target?.value ?? 0, ...all.map((p) => p.y)) * 1.1;
  const sx = (x: string) => {
    const t = Date.parse(`${x}T00:00:00Z`);
    return tMax === tMin
      ? left + (width - left - right) / 2
      : left + ((t - tMin) / (tMax - tMin)) * (width - left - right);
  };
  const sy = (y: number) => top + (1 - y / yMax) * (height - top - bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * yMax));
  const dates = [...new Set(all.map((p) => p.x))].sort();
  const shown =
    dates.length <= 6
      ? dates
      : dates.filter((_, i) => i % Math.ceil(dates.length / 6) === 0 || i === dates.length - 1);
  return (
    <ChartFrame
      frame={{ ...frame, legend: <LineLegend series={series} target={target} /> }}
      svg={
        <svg
          viewBox={`0 0 ${width} ${height}`}
          className="chart-svg"
          role="img"
          aria-labelledby={`${id}-title ${id}-svgdesc`}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-svgdesc`}>{description}</desc>
          {[...new Set(ticks)].map((v) => (
            <g key={v}>
              <line x1={left} x2={width - right} y1={sy(v)} y2={sy(v)} className="chart-grid" />
              <text x={left - 6} y={sy(v) + 4} textAnchor="end" className="chart-axis">
                {ctx.fmt.number(v)}
              </text>
            </g>
          ))}
          {shown.map((d) => (
            <text key={d} x={sx(d)} y={height - 14} textAnchor="middle" className="chart-axis">
              {d}
            </text>
          ))}
          {target && (
            <g>
              <line
                x1={left}
                x2={width - right}
                y1={sy(target.value)}
                y2={sy(target.value)}
                className="chart-target"
              />
              <text
                x={width - right}
                y={sy(target.value) - 5}
                textAnchor="end"
                className="chart-axis"
              >
                {target.label}
              </text>
            </g>
          )}
          {series.map((s) => (
            <g key={s.name} className={s.className ?? 'chart-series'}>
              {s.points.length > 1 && (
                <polyline
                  points={s.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')}
                  fill="none"
                  className={s.dashed ? 'chart-line dashed' : 'chart-line'}
                />
              )}
              {s.points.map((p) => (
                <circle
                  key={p.x}
                  cx={sx(p.x)}
                  cy={sy(p.y)}
                  r={4}
                  className="chart-dot"
                  data-value={`${s.name}, ${p.x} : ${ctx.fmt.number(p.y)}`}
                />
              ))}
            </g>
          ))}
        </svg>
      }
    />
  );
}

export type MapPlace = {
  code: string;
  name: string;
  count: number;
  latitude: number;
  longitude: number;
  href: string;
};

/**
 * Communes placed by their establishments' mean WGS84 position (an equirectangular projection
 * corrected for the latitude, enough at a territory's scale), circles sized by count.
 */
export function PlaceMap({ places, ...frame }: Frame & { places: MapPlace[] }) {
  const { ctx, id, title, description } = frame;
  const width = 640;
  const pad = 30;
  const lats = places.map((p) => p.latitude);
  const lons = places.map((p) => p.longitude);
  const latMin = Math.min(...lats);
  const latMax = Math.max(...lats);
  const lonMin = Math.min(...lons);
  const lonMax = Math.max(...lons);
  const k = Math.cos((((latMin + latMax) / 2) * Math.PI) / 180);
  const spanX = Math.max(0.01, (lonMax - lonMin) * k);
  const spanY = Math.max(0.01, latMax - latMin);
  const scale = (width - 2 * pad) / Math.max(spanX, spanY);
  const height = Math.round(spanY * scale + 2 * pad);
  const max = Math.max(1, ...places.map((p) => p.count));
  const sorted = [...places].sort((a, b) => b.count - a.count);
  return (
    <ChartFrame
      frame={frame}
      svg={
        <svg
          viewBox={`0 0 ${width} ${height}`}
          className="chart-svg chart-map"
          // a group of links when there are places, else one image
          role={places.length > 0 ? 'group' : 'img'}
          aria-labelledby={`${id}-title ${id}-svgdesc`}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-svgdesc`}>{description}</desc>
          <rect x={0} y={0} width={width} height={height} className="chart-map-bg" />
          {sorted.map((p) => {
            const x = pad + (p.longitude - lonMin) * k * scale;
            const y = pad + (latMax - p.latitude) * scale;
            const r = 3 + 17 * Math.sqrt(p.count / max);
            const text = `${p.name} : ${ctx.fmt.number(p.count)}`;
            return (
              <a key={p.code} href={p.href} aria-label={text}>
                <circle cx={x} cy={y} r={r} className="chart-place" data-value={text} />
                {p.count >= max / 4 && (
                  <text x={x} y={y - r - 3} textAnchor="middle" className="chart-label">
                    {p.name}
                  </text>
                )}
              </a>
            );
          })}
        </svg>
      }
    />
  );
}

/**
 * The territory's communes with their borders, shaded by count (src/web/CommuneMap.tsx), in the
 * chart's frame with its table; null when the territory has communes without a shipped contour.
 */
export function CommuneMapChart({
  communes,
  countLabel,
  ...frame
}: Frame & { communes: MapCommune[]; countLabel: (count: number) => string }) {
  const map = communeMap({
    ctx: frame.ctx,
    id: frame.id,
    title: frame.title,
    description: frame.description,
    communes,
    countLabel,
  });
  if (!map) return null;
  return <ChartFrame frame={{ ...frame, legend: map.legend }} svg={map.svg} />;
}
