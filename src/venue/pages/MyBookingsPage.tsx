import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { AllowanceView, BookingView } from '../bookings.service.ts';
import { AllowancesList } from './BookingFormPage.tsx';
import { BOOKINGS_PATH, Demo, inLanguage, spacePath, VENUE_PATH } from './common.tsx';

export type MyBooking = BookingView & { space: { slug: string; nameFr: string; nameEn: string } };
export type MyWaitlistEntry = {
  id: string;
  spaceName: string;
  start: Date;
  end: Date;
  status: string;
  offerExpiresAt: Date | null;
};

/** when a booking is, in words: a day and its times, or its first and last days */
export function bookingWhen(ctx: PageContext, b: BookingView): string {
  if (b.unit === 'slot') return `${mediumDay(ctx, b.day)}, ${b.startTime}–${b.endTime}`;
  const last = new Date(`${b.toDay}T12:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const lastDay = last.toISOString().slice(0, 10);
  return lastDay === b.day
    ? mediumDay(ctx, b.day)
    : ctx.t.venue.closureRange(mediumDay(ctx, b.day), mediumDay(ctx, lastDay));
}

/** a day in few letters, its year included: "lun. 7 déc. 2026" */
function mediumDay(ctx: PageContext, day: string): string {
  return new Intl.DateTimeFormat(ctx.locale === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

const active = (b: BookingView) => b.status === 'confirmed' || b.status === 'requested';

function BookingsTable({
  ctx,
  bookings,
  caption,
  now,
  actions,
}: {
  ctx: PageContext;
  bookings: MyBooking[];
  caption: string;
  now: Date;
  actions: boolean;
}) {
  const b = ctx.t.venue.booking;
  if (bookings.length === 0) return <p>{b.none}</p>;
  return (
    <div className="grid-scroll">
      <table className="table venue-bookings">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{b.space}</th>
            <th scope="col">{b.when}</th>
            <th scope="col">{b.status}</th>
            {actions && <th scope="col">{b.actions}</th>}
          </tr>
        </thead>
        <tbody>
          {bookings.map((row) => {
            const name = inLanguage(ctx, row.space.nameFr, row.space.nameEn);
            const when = bookingWhen(ctx, row);
            const due =
              row.status === 'confirmed' &&
              !row.checkedIn &&
              now.getTime() >= row.start.getTime() - 15 * 60_000 &&
              now.getTime() < row.end.getTime();
            return (
              <tr key={row.id}>
                <th scope="row">
                  <a href={ctx.href(spacePath(row.space.slug))}>{name}</a>
                  <Demo ctx={ctx} demo={row.isDemo} />
                </th>
                <td>{when}</td>
                <td>{b.statuses[row.status]}</td>
                {actions && (
                  <td className="venue-actions">
                    {due && (
                      <form
                        method="post"
                        action={ctx.href(`${BOOKINGS_PATH}/${row.id}/presence`)}
                        className="inline-form"
                      >
                        <CsrfField ctx={ctx} />
                        <button type="submit">
                          {b.checkIn}
                          <span className="visually-hidden">
                            {' '}
                            — {name}, {when}
                          </span>
                        </button>
                      </form>
                    )}
                    {active(row) && (
                      <a href={ctx.href(`${BOOKINGS_PATH}/${row.id}/annuler`)}>
                        {b.cancel}
                        <span className="visually-hidden">
                          {' '}
                          — {name}, {when}
                        </span>
                      </a>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FeedSection({
  ctx,
  feed,
  shownUrl,
}: {
  ctx: PageContext;
  feed: boolean;
  shownUrl?: string;
}) {
  const b = ctx.t.venue.booking;
  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">{b.feedTitle}</h2>
      <p>{b.feedIntro}</p>
      {shownUrl && (
        <div className="notice" role="status">
          <p>{b.feedShown}</p>
          <p className="venue-feed-url">
            <code>{shownUrl}</code>
          </p>
        </div>
      )}
      <form method="post" action={ctx.href(`${BOOKINGS_PATH}/agenda`)} className="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit">{b.feedCreate}</button>
      </form>{' '}
      {feed && (
        <form
          method="post"
          action={ctx.href(`${BOOKINGS_PATH}/agenda/revoquer`)}
          className="inline-form"
        >
          <CsrfField ctx={ctx} />
          <button type="submit" className="secondary">
            {b.feedRevoke}
          </button>
        </form>
      )}
    </section>
  );
}

function WaitlistSection({ ctx, entries }: { ctx: PageContext; entries: MyWaitlistEntry[] }) {
  const b = ctx.t.venue.booking;
  const waiting = entries.filter((e) => e.status === 'waiting' || e.status === 'offered');
  if (waiting.length === 0) return null;
  return (
    <section aria-labelledby="waitlist-title">
      <h2 id="waitlist-title">{b.waitlistTitle}</h2>
      <ul>
        {waiting.map((e) => {
          const what = `${e.spaceName} — ${ctx.fmt.dateTime(e.start)}`;
          return (
            <li key={e.id} id={`attente-${e.id}`}>
              {what}
              {e.status === 'offered' && (
                <form
                  method="post"
                  action={ctx.href(`${BOOKINGS_PATH}/attente/${e.id}/accepter`)}
                  className="inline-form"
                >
                  <CsrfField ctx={ctx} /> <button type="submit">{b.waitlistAccept}</button>
                  {e.offerExpiresAt && (
                    <span className="hint">
                      {' '}
                      ({b.waitlistHeld(ctx.fmt.dateTime(e.offerExpiresAt))})
                    </span>
                  )}
                </form>
              )}
              <form
                method="post"
                action={ctx.href(`${BOOKINGS_PATH}/attente/${e.id}/quitter`)}
                className="inline-form"
              >
                <CsrfField ctx={ctx} />{' '}
                <button type="submit" className="secondary">
                  {e.status === 'offered' ? b.waitlistDecline : b.waitlistLeave}
                  <span className="visually-hidden"> — {what}</span>
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** "My bookings": upcoming (with cancel and check-in), past, allowances, calendar, waitlists. */
export function MyBookingsPage({
  ctx,
  upcoming,
  cancelled,
  past,
  allowances,
  feed,
  feedUrl,
  waitlist,
  now,
}: {
  ctx: PageContext;
  upcoming: MyBooking[];
  /** the coming days' bookings that were cancelled or released */
  cancelled: MyBooking[];
  past: MyBooking[];
  allowances: AllowanceView[];
  feed: boolean;
  feedUrl?: string;
  waitlist: MyWaitlistEntry[];
  now: Date;
}) {
  const b = ctx.t.venue.booking;
  return (
    <Layout
      ctx={ctx}
      title={b.nav}
      breadcrumbs={[{ label: ctx.t.venue.title, href: VENUE_PATH }, { label: b.nav }]}
    >
      <h1>{b.nav}</h1>
      <p>
        <a className="button" href={ctx.href(VENUE_PATH)}>
          {b.bookAnother}
        </a>
      </p>
      <h2 id="upcoming-title">{b.upcoming}</h2>
      <BookingsTable ctx={ctx} bookings={upcoming} caption={b.upcoming} now={now} actions />
      <AllowancesList ctx={ctx} allowances={allowances} />
      <WaitlistSection ctx={ctx} entries={waitlist} />
      {cancelled.length > 0 && (
        <>
          <h2 id="cancelled-title">{b.cancelledTitle}</h2>
          <BookingsTable
            ctx={ctx}
            bookings={cancelled}
            caption={b.cancelledTitle}
            now={now}
            actions={false}
          />
        </>
      )}
      <h2 id="past-title">{b.past}</h2>
      <BookingsTable ctx={ctx} bookings={past} caption={b.past} now={now} actions={false} />
      <FeedSection ctx={ctx} feed={feed} shownUrl={feedUrl} />
    </Layout>
  );
}

/** Asks before cancelling: a page with one button (no script needed). */
export function CancelPage({ ctx, booking }: { ctx: PageContext; booking: MyBooking }) {
  const b = ctx.t.venue.booking;
  const name = inLanguage(ctx, booking.space.nameFr, booking.space.nameEn);
  return (
    <Layout
      ctx={ctx}
      title={b.cancelTitle}
      breadcrumbs={[{ label: b.nav, href: BOOKINGS_PATH }, { label: b.cancelTitle }]}
    >
      <h1>{b.cancelTitle}</h1>
      <p>
        <strong>{name}</strong> — {bookingWhen(ctx, booking)}
      </p>
      <form method="post" action={ctx.href(`${BOOKINGS_PATH}/${booking.id}/annuler`)}>
        <CsrfField ctx={ctx} />
        <button type="submit">{b.cancelConfirm}</button>{' '}
        <a href={ctx.href(BOOKINGS_PATH)}>{b.cancelBack}</a>
      </form>
    </Layout>
  );
}
