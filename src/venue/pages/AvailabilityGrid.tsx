import type { ReactNode } from 'react';
import type { PageContext } from '../../web/context.ts';
import { isoWeek, plusDays } from '../spaces.calendar.ts';
import type { GridCell, GridModel } from '../spaces.grid.ts';
import type { SpaceRow } from '../spaces.repository.ts';
import { BOOKINGS_PATH, longDay, shortDay, spaceName, spacePath } from './common.tsx';

type GridProps = {
  ctx: PageContext;
  space: SpaceRow;
  model: GridModel;
  /** a signed-in person may follow a free cell to the booking form */
  canBook: boolean;
};

/** the address of the booking form for one slot or day, prefilled */
export function bookingHref(space: SpaceRow, day: string, start?: string, end?: string): string {
  const q = new URLSearchParams({ espace: space.slug });
  if (space.unit === 'slot' && start && end) {
    q.set('date', day);
    q.set('debut', start);
    q.set('fin', end);
  } else {
    q.set('du', day);
    q.set('au', day);
  }
  return `${BOOKINGS_PATH}/nouvelle?${q}`;
}

/** a cell's state in words (never colour alone), a link to book when it is free */
function Cell({
  ctx,
  cell,
  href,
  when,
}: {
  ctx: PageContext;
  cell: GridCell;
  href: string | null;
  when: string;
}) {
  const g = ctx.t.venue.grid;
  let text: string = g[cell.state];
  if (cell.state === 'free' && cell.capacity > 1) text = g.nFree(cell.free);
  if (cell.state === 'taken' && cell.capacity > 1) text = g.full;
  let body: ReactNode = text;
  if (cell.state === 'free' && href)
    body = (
      <a href={href}>
        {text}
        <span className="visually-hidden"> — {g.bookThis(when)}</span>
      </a>
    );
  else if (cell.state === 'taken' && href)
    body = (
      <a href={`${href}&attente=1`}>
        {text}
        <span className="visually-hidden"> — {g.waitFor(when)}</span>
      </a>
    );
  return <td className={`slot slot-${cell.state}`}>{body}</td>;
}

function GridNav({ ctx, space, model }: Omit<GridProps, 'canBook'>) {
  const g = ctx.t.venue.grid;
  const base = spacePath(space.slug);
  const { view } = model;
  const weekOf = (day: string) => `${base}?semaine=${isoWeek(day)}`;
  const dayOf = (day: string) => `${base}?jour=${day}`;
  const links =
    view.kind === 'week'
      ? [
          { href: weekOf(plusDays(view.from, -7)), label: g.prevWeek, rel: 'prev' },
          { href: weekOf(plusDays(view.from, 7)), label: g.nextWeek, rel: 'next' },
          { href: dayOf(view.from), label: g.dayView },
        ]
      : [
          { href: dayOf(plusDays(view.day, -1)), label: g.prevDay, rel: 'prev' },
          { href: dayOf(plusDays(view.day, 1)), label: g.nextDay, rel: 'next' },
          { href: weekOf(view.day), label: g.weekView },
        ];
  return (
    <nav aria-label={g.title} className="grid-nav">
      <ul>
        {links.map((l) => (
          <li key={l.label}>
            <a href={ctx.href(l.href)} rel={l.rel}>
              {l.label}
            </a>
          </li>
        ))}
        <li>
          <a href={ctx.href(base)}>{g.thisWeek}</a>
        </li>
      </ul>
    </nav>
  );
}

/**
 * The availability of one space as a table: days in columns, times in rows (a space booked by
 * the day: one row a day), headers on both, each cell's state written out.
 */
export function AvailabilityGrid({ ctx, space, model, canBook }: GridProps) {
  const g = ctx.t.venue.grid;
  const name = spaceName(ctx, space);
  const { view, days } = model;
  const caption =
    view.kind === 'week'
      ? g.weekCaption(name, ctx.fmt.date(view.from), ctx.fmt.date(plusDays(view.to, -1)))
      : g.dayCaption(name, longDay(ctx, view.day));
  const href = (day: string, start?: string, end?: string) =>
    canBook ? ctx.href(bookingHref(space, day, start, end)) : null;
  return (
    <section aria-labelledby="grid-title" className="venue-grid">
      <h2 id="grid-title">{g.title}</h2>
      <GridNav ctx={ctx} space={space} model={model} />
      <p className="hint">{g.legend}</p>
      {canBook ? (
        <p>
          {/* a date past this week, or a week without a free cell left (a Saturday night) */}
          <a href={ctx.href(`${BOOKINGS_PATH}/nouvelle?espace=${space.slug}`)}>{g.bookAnyDate}</a>
          {' · '}
          <a href={ctx.href(BOOKINGS_PATH)}>{ctx.t.venue.booking.nav}</a>
        </p>
      ) : (
        <p>{ctx.user ? ctx.t.venue.rules.notBookable : g.signInToBook}</p>
      )}
      {model.unit === 'slot' && model.times.length === 0 && <p>{g.noSlots}</p>}
      <div className="grid-scroll">
        {model.unit === 'day' ? (
          <table className="table grid-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{g.day}</th>
                <th scope="col">{g.title}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day}>
                  <th scope="row">{longDay(ctx, day)}</th>
                  <Cell
                    ctx={ctx}
                    cell={model.cell(day)}
                    href={href(day)}
                    when={longDay(ctx, day)}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table className={`table grid-table grid-${view.kind}`}>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{g.time}</th>
                {days.map((day) => (
                  <th scope="col" key={day}>
                    {view.kind === 'week' ? (
                      <a href={ctx.href(`${spacePath(space.slug)}?jour=${day}`)}>
                        {shortDay(ctx, day)}
                      </a>
                    ) : (
                      longDay(ctx, day)
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {model.times.map((t) => (
                <tr key={t.start}>
                  <th scope="row">
                    {t.start}–{t.end}
                  </th>
                  {days.map((day) => (
                    <Cell
                      key={day}
                      ctx={ctx}
                      cell={model.cell(day, t.start)}
                      href={href(day, t.start, t.end)}
                      when={`${shortDay(ctx, day)} ${t.start}–${t.end}`}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
