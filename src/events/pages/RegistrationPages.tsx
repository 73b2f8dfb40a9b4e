import type { ReactNode } from 'react';
import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { EventRow } from '../events.repository.ts';
import type { RegistrationRow } from '../registrations.repository.ts';
import { ADMIN_PATH, titleOf } from './common.tsx';

/** a wide table scrolling inside its own box on a phone, the box reachable by the keyboard */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** the staff's list of an event's registrations, with the CSV export */
export function RegistrationsPage(props: {
  ctx: PageContext;
  event: EventRow;
  registrations: RegistrationRow[];
}) {
  const { ctx, event, registrations } = props;
  const t = ctx.t.events.admin;
  const title = `${t.registrations} — ${titleOf(ctx, event)}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[{ label: t.title, href: ctx.href(ADMIN_PATH) }, { label: t.registrations }]}
    >
      <h1>{title}</h1>
      <p>
        <a href={ctx.href(`${ADMIN_PATH}/${event.id}/inscriptions.csv`)}>{t.csv}</a> ·{' '}
        <a href={ctx.href(`${ADMIN_PATH}/${event.id}/accueil`)}>{t.checkin}</a>
      </p>
      <ScrollTable label={title}>
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t.events.register.name}</th>
              <th scope="col">{ctx.t.events.register.email}</th>
              <th scope="col">{t.status.registered}</th>
              <th scope="col">{t.arrived}</th>
            </tr>
          </thead>
          <tbody>
            {registrations.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.email}</td>
                <td>{t.status[r.status]}</td>
                <td>{r.checked_in_at ? ctx.fmt.dateTime(r.checked_in_at) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Layout>
  );
}

/**
 * Check-in at the door, made for a phone: a search box, then one button per registered person
 * (a form each: no script needed).
 */
export function CheckinPage(props: {
  ctx: PageContext;
  event: EventRow;
  registrations: RegistrationRow[];
  search: string;
}) {
  const { ctx, event, registrations, search } = props;
  const t = ctx.t.events.admin;
  const title = `${t.checkin} — ${titleOf(ctx, event)}`;
  const base = `${ADMIN_PATH}/${event.id}/accueil`;
  const people = registrations.filter((r) => r.status === 'registered');
  const arrived = people.filter((r) => r.checked_in_at).length;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[{ label: t.title, href: ctx.href(ADMIN_PATH) }, { label: t.checkin }]}
    >
      <h1>{title}</h1>
      <p>
        {t.arrived} : {arrived}/{people.length}
      </p>
      <form method="get" action={ctx.href(base)} className="checkin-search">
        <label htmlFor="checkin-q">{t.search}</label>
        <input type="search" id="checkin-q" name="q" defaultValue={search} />
        <button type="submit">{t.searchSubmit}</button>
      </form>
      <ul className="checkin-list">
        {people.map((r) => (
          <li key={r.id}>
            <form method="post" action={ctx.href(`${base}/${r.id}`)}>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="q" value={search} />
              {r.checked_in_at ? (
                <>
                  <input type="hidden" name="undo" value="1" />
                  <button type="submit" className="secondary checkin-button">
                    ✓ {t.undo(r.name)}
                  </button>
                </>
              ) : (
                <button type="submit" className="checkin-button">
                  {t.checkIn(r.name)}
                </button>
              )}
            </form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
