import type { PageContext } from '../../web/context.ts';
import { DemoBadge } from '../../web/Layout.tsx';
import type { EventView } from '../events.service.ts';

export const AGENDA_PATH = '/agenda';
export const ADMIN_PATH = '/admin/evenements';
export const EXHIBITIONS_PATH = '/expositions';
export const eventPath = (slug: string) => `${AGENDA_PATH}/${slug}`;

/** a text of the page's language among its two */
export const inLanguage = (ctx: PageContext, fr: string, en: string) =>
  ctx.locale === 'en' ? en || fr : fr || en;

export const titleOf = (ctx: PageContext, e: Pick<EventView, 'title_fr' | 'title_en'>) =>
  inLanguage(ctx, e.title_fr, e.title_en);

const tag = (ctx: PageContext) => (ctx.locale === 'en' ? 'en-GB' : 'fr-FR');

/** "jeudi 17 décembre 2026, 18:00–20:00", or the month alone when only it is known */
export function whenText(ctx: PageContext, e: EventView): string {
  if (e.date_precision === 'month') {
    const month = new Intl.DateTimeFormat(tag(ctx), {
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Paris',
    }).format(e.starts_at);
    return ctx.t.events.monthOnly(month);
  }
  const day = new Intl.DateTimeFormat(tag(ctx), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Paris',
  }).format(e.starts_at);
  const time = new Intl.DateTimeFormat(tag(ctx), {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  });
  return `${day}, ${time.format(e.starts_at)}–${time.format(e.ends_at)}`;
}

/** one event in a list: its title (a link), when, where, places */
export function EventItem({ ctx, event }: { ctx: PageContext; event: EventView }) {
  const t = ctx.t.events;
  return (
    <li className="card event-item">
      <h3>
        <a href={ctx.href(eventPath(event.slug))}>{titleOf(ctx, event)}</a>
        {event.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h3>
      <p className="meta">
        <time dateTime={event.starts_at.toISOString()}>{whenText(ctx, event)}</time>
        {event.space_name_fr && (
          <> · {inLanguage(ctx, event.space_name_fr, event.space_name_en ?? '')}</>
        )}
      </p>
      {event.status === 'cancelled' && <p>{t.cancelled}</p>}
      {event.capacity > 0 && event.status === 'published' && (
        <p>{t.places(event.remaining, event.capacity)}</p>
      )}
      {event.organisers.length > 0 && (
        <p>
          {t.organisedBy} {ctx.fmt.list(event.organisers.map((o) => o.name))}
        </p>
      )}
    </li>
  );
}
