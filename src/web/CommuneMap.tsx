import type { ReactNode } from 'react';
import { communeContours, type Shape } from '../geo/contours.ts';
import {
  classShades,
  countClasses,
  fitProjection,
  labelPoint,
  pathOf,
  placeLabels,
  shadeOf,
  shapeArea,
  ZERO_SHADE,
} from '../geo/map-layout.ts';
import type { PageContext } from './context.ts';

export type MapCommune = { code: string; name: string; count: number; href: string };

type Props = {
  ctx: PageContext;
  id: string;
  title: string;
  description: string;
  /** every commune of the territory, with or without a count */
  communes: readonly MapCommune[];
  /** a count in words: "12 organisations" */
  countLabel: (count: number) => string;
  /** communes the page is filtered on, outlined */
  selected?: readonly string[];
};

const WIDTH = 640;
const MAX_HEIGHT = 520;
const FONT = 13;
const LABELS = 8;

/**
 * The territory's communes drawn with their borders, shaded by count on a sequential scale, the
 * main ones named, each a link (its name and count as the link's name) — SVG written on the
 * server, complete without JavaScript. Null when a commune has no shipped contour: the caller
 * draws something else (src/geo/README.md).
 */
export function communeMap(props: Props): { svg: ReactNode; legend: ReactNode } | null {
  const { ctx, id, title, description, communes, countLabel, selected = [] } = props;
  if (communes.length === 0) return null;
  const shapes = communeContours(communes.map((c) => c.code));
  if (shapes.size < communes.length) return null;
  const shapeOf = (code: string) => shapes.get(code) as Shape;
  const { project, width, height } = fitProjection([...shapes.values()], WIDTH, MAX_HEIGHT);
  const classes = countClasses(communes.map((c) => c.count));
  const shades = classShades(classes.length);
  const shade = (count: number) => shadeOf(classes, shades, count);
  const areas = new Map(communes.map((c) => [c.code, shapeArea(shapeOf(c.code), project)]));
  const labels = placeLabels(
    [...communes]
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || (areas.get(b.code) ?? 0) - (areas.get(a.code) ?? 0))
      .map((c) => ({ code: c.code, text: c.name, at: labelPoint(shapeOf(c.code), project) })),
    { width, height },
    FONT,
    LABELS,
  );
  // keyboard order: by name, as the table
  const ordered = [...communes].sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
  const svg = (
    // biome-ignore lint/a11y/useSemanticElements: an SVG of links is a group, not a fieldset
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className="commune-map"
      role="group"
      aria-labelledby={`${id}-title ${id}-svgdesc`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-svgdesc`}>{description}</desc>
      {ordered.map((c) => {
        const text = `${c.name} : ${countLabel(c.count)}`;
        const s = shade(c.count);
        return (
          <a key={c.code} href={c.href} aria-label={text}>
            <path
              d={pathOf(shapeOf(c.code), project)}
              fill={s.fill}
              stroke={s.border}
              data-value={text}
              data-commune={c.code}
              data-count={c.count}
            />
          </a>
        );
      })}
      {selected.length > 0 && (
        // biome-ignore lint/a11y/noAriaHiddenOnFocusable: outlines only, drawn over the links; nothing in it is focusable
        <g aria-hidden="true" className="map-selected">
          {communes
            .filter((c) => selected.includes(c.code))
            .map((c) => (
              <path key={c.code} d={pathOf(shapeOf(c.code), project)} />
            ))}
        </g>
      )}
      {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: names only, already in the links' names; nothing in it is focusable */}
      <g aria-hidden="true" className="map-labels">
        {labels.map((l) => (
          <text key={l.code} x={Math.round(l.at[0])} y={Math.round(l.at[1] + FONT / 3)}>
            {l.text}
          </text>
        ))}
      </g>
    </svg>
  );
  const m = ctx.t.map;
  const swatch = (fill: string, border: string) => (
    <svg width="18" height="14" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="17" height="13" fill={fill} stroke={border} />
    </svg>
  );
  const legend = (
    <div className="map-legend">
      <p className="map-legend-title">{m.legend}</p>
      <ul>
        <li>
          {swatch(ZERO_SHADE.fill, ZERO_SHADE.border)} {ctx.fmt.number(0)}
        </li>
        {classes.map((c, i) => (
          <li key={c.low}>
            {swatch(shades[i]?.fill ?? '', shades[i]?.border ?? '')}{' '}
            {c.low === c.high
              ? ctx.fmt.number(c.low)
              : m.range(ctx.fmt.number(c.low), ctx.fmt.number(c.high))}
          </li>
        ))}
        {selected.length > 0 && (
          <li>
            <svg width="18" height="14" aria-hidden="true" focusable="false">
              <rect x="1.5" y="1.5" width="15" height="11" className="map-selected-swatch" />
            </svg>{' '}
            {m.selected}
          </li>
        )}
      </ul>
    </div>
  );
  return { svg, legend };
}
