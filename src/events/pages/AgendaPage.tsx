import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { EventView, Organiser } from '../events.service.ts';
import { AGENDA_PATH, EventItem } from './common.tsx';

export type AgendaFilters = { field: string; organiser: string; month: string; past: boolean };

/** /agenda: upcoming (or past) events, filtered by field, organiser and month; the feeds */
export function AgendaPage(props: {
  ctx: PageContext;
  events: EventView[];
  fields: { slug: string; name: string }[];
  organisers: Organiser[];
  months: string[];
  filters: AgendaFilters;
}) {
  const { ctx, events, fields, organisers, months, filters } = props;
  const t = ctx.t.events;
  const monthName = (m: string) =>
    new Intl.DateTimeFormat(ctx.locale === 'en' ? 'en-GB' : 'fr-FR', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${m}-15T12:00:00Z`));
  const fieldFeed = filters.field ? `/agenda/filieres/${filters.field}.ics` : null;
  return (
    <Layout
      ctx={ctx}
      title={filters.past ? t.past : t.agendaTitle}
      head={
        <>
          <link
            rel="alternate"
            type="application/rss+xml"
            title={t.rssFeed}
            href="/agenda/rss.xml"
          />
          <link
            rel="alternate"
            type="application/atom+xml"
            title={t.atomFeed}
            href="/agenda/atom.xml"
          />
        </>
      }
    >
      <h1>{filters.past ? t.past : t.agendaTitle}</h1>
      <p>{t.agendaIntro}</p>
      <form method="get" action={ctx.href(AGENDA_PATH)} className="filters card">
        <h2 id="filters-title">{t.filters}</h2>
        {filters.past && <input type="hidden" name="passes" value="1" />}
        <p>
          <label htmlFor="filter-field">{t.field}</label>
          <select id="filter-field" name="filiere" defaultValue={filters.field}>
            <option value="">{t.any}</option>
            {fields.map((f) => (
              <option key={f.slug} value={f.slug}>
                {f.name}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="filter-organiser">{t.organiser}</label>
          <select id="filter-organiser" name="organisateur" defaultValue={filters.organiser}>
            <option value="">{t.any}</option>
            {organisers.map((o) => (
              <option key={o.id} value={o.slug}>
                {o.name}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="filter-month">{t.month}</label>
          <select id="filter-month" name="mois" defaultValue={filters.month}>
            <option value="">{t.any}</option>
            {months.map((m) => (
              <option key={m} value={m}>
                {monthName(m)}
              </option>
            ))}
          </select>
        </p>
        <button type="submit">{t.apply}</button>
      </form>
      <h2>{filters.past ? t.past : t.upcoming}</h2>
      {events.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="cards event-list">
          {events.map((e) => (
            <EventItem key={e.id} ctx={ctx} event={e} />
          ))}
        </ul>
      )}
      <p>
        <a href={ctx.href(filters.past ? AGENDA_PATH : `${AGENDA_PATH}?passes=1`)}>
          {filters.past ? t.upcomingLink : t.pastLink}
        </a>
      </p>
      <section aria-labelledby="feeds-title">
        <h2 id="feeds-title">{t.feeds}</h2>
        <ul>
          <li>
            <a href="/agenda.ics">{t.icsFeed}</a>
          </li>
          {fieldFeed && (
            <li>
              <a href={fieldFeed}>
                {t.icsFeed} — {fields.find((f) => f.slug === filters.field)?.name}
              </a>
            </li>
          )}
          <li>
            <a href="/agenda/rss.xml">{t.rssFeed}</a>
          </li>
          <li>
            <a href="/agenda/atom.xml">{t.atomFeed}</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}
