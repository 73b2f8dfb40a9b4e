import type { PageContext } from '../../web/context.ts';
import { DemoBadge } from '../../web/Layout.tsx';
import type { SpaceRow } from '../spaces.repository.ts';
import type { SpaceView } from '../spaces.service.ts';

export const VENUE_PATH = '/lieu';
export const BOOKINGS_PATH = '/lieu/reservations';
export const ADMIN_PATH = '/admin/lieu';
export const spacePath = (slug: string) => `/lieu/espaces/${slug}`;
export const photoPath = (id: string) => `/lieu/photos/${id}`;

/** a text of the page's language among its two */
export const inLanguage = (ctx: PageContext, fr: string, en: string) =>
  ctx.locale === 'en' ? en || fr : fr || en;

export const spaceName = (ctx: PageContext, s: Pick<SpaceRow, 'name_fr' | 'name_en'>) =>
  inLanguage(ctx, s.name_fr, s.name_en);

/** a short day heading: "lun. 18 janv." */
export function shortDay(ctx: PageContext, day: string): string {
  return new Intl.DateTimeFormat(ctx.locale === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

/** a long day with its weekday: "lundi 18 janvier 2027" */
export function longDay(ctx: PageContext, day: string): string {
  return new Intl.DateTimeFormat(ctx.locale === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

export function Demo({ ctx, demo }: { ctx: PageContext; demo: boolean }) {
  if (!demo) return null;
  return (
    <>
      {' '}
      <DemoBadge ctx={ctx} />
    </>
  );
}

/** a space's capacity in words: desks for coworking, people otherwise */
export function capacityText(ctx: PageContext, s: Pick<SpaceRow, 'capacity' | 'kind'>) {
  return ctx.t.venue.capacity(s.capacity, s.kind === 'coworking' ? 'coworking' : 'other');
}

/** the week of hours as a definition list: each weekday, its ranges or "closed" */
export function HoursList({ ctx, space }: { ctx: PageContext; space: Pick<SpaceView, 'hours'> }) {
  const v = ctx.t.venue;
  return (
    <dl className="venue-hours">
      {v.weekdays.map((name, i) => {
        const ranges = space.hours.filter((h) => h.weekday === i + 1);
        return (
          <div key={name}>
            <dt>{name}</dt>
            <dd>
              {ranges.length === 0
                ? v.closed
                : ranges.map((r) => `${r.opens}–${r.closes}`).join(', ')}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** the booking rules of a space in words */
export function rulesText(ctx: PageContext, s: SpaceRow): string[] {
  const r = ctx.t.venue.rules;
  const length =
    s.unit === 'slot'
      ? r.length(r.minutes(s.min_length), r.minutes(s.max_length))
      : r.length(r.days(s.min_length), r.days(s.max_length));
  return [
    s.unit === 'slot' ? r.bySlot(s.slot_minutes ?? 60) : r.byDay,
    length,
    r.ahead(s.max_days_ahead),
    r.who[s.who_may_book],
  ];
}

/** a space's facts: its kind and capacity, its area, its accessibility, and its rules if asked */
export function SpaceFacts({
  ctx,
  space,
  withRules = false,
}: {
  ctx: PageContext;
  space: SpaceRow;
  withRules?: boolean;
}) {
  const v = ctx.t.venue;
  const accessibility = inLanguage(ctx, space.accessibility_fr, space.accessibility_en);
  return (
    <dl className="facts">
      <dt>{v.capacityLabel}</dt>
      <dd>
        {v.kinds[space.kind]} · {capacityText(ctx, space)}
      </dd>
      {space.area_m2 !== null && (
        <>
          <dt>{v.areaLabel}</dt>
          <dd>
            {v.area(ctx.fmt.number(space.area_m2))}
            {space.is_demo && <span className="hint"> ({v.demoSplit})</span>}
          </dd>
        </>
      )}
      {accessibility && (
        <>
          <dt>{v.accessibility}</dt>
          <dd>{accessibility}</dd>
        </>
      )}
      {withRules && (
        <>
          <dt>{v.rules.title}</dt>
          <dd>{rulesText(ctx, space).join(' · ')}</dd>
        </>
      )}
    </dl>
  );
}
