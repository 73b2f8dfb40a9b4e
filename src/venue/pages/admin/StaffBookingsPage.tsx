import type { FieldErrors } from '../../../kernel/errors.ts';
import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../web/forms.tsx';
import { Layout } from '../../../web/Layout.tsx';
import type { StaffBookingView } from '../../staff-bookings.service.ts';
import { ADMIN_PATH, Demo, inLanguage } from '../common.tsx';
import { SelectField } from '../controls.tsx';
import { bookingWhen } from '../MyBookingsPage.tsx';

export const STAFF_BOOKINGS_PATH = `${ADMIN_PATH}/reservations`;

export type StaffSpace = {
  id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  unit: 'slot' | 'day';
};

/** a refusal or bad input, shown on the form it came from: a booking's, or the "book for" one */
export type StaffIssue = {
  target: string;
  message?: string;
  values: Record<string, string>;
  errors: FieldErrors;
};

export type StaffBookingsData = {
  /** the filter as typed: espace, de, a, statut */
  filter: Record<string, string>;
  /** the filter as a query string, posted back so that an action returns to the same list */
  back: string;
  spaces: StaffSpace[];
  chosen: StaffSpace | null;
  rows: StaffBookingView[];
  limit: number;
};

const STATUSES = ['requested', 'confirmed', 'cancelled', 'released', 'held'] as const;

function FilterForm({ ctx, data }: { ctx: PageContext; data: StaffBookingsData }) {
  const s = ctx.t.venue.staffBookings;
  const form = { values: data.filter, errors: {} };
  const statuses = ctx.t.venue.booking.statuses;
  return (
    <form method="get" action={ctx.href(STAFF_BOOKINGS_PATH)} className="stack venue-filter">
      <fieldset>
        <legend>{s.filters}</legend>
        <SelectField
          form={form}
          name="espace"
          label={s.space}
          options={[
            { value: '', label: s.allSpaces },
            ...data.spaces.map((sp) => ({
              value: sp.slug,
              label: inLanguage(ctx, sp.name_fr, sp.name_en),
            })),
          ]}
        />
        <Field form={form} name="de" label={s.from} />
        <Field form={form} name="a" label={s.to} />
        <SelectField
          form={form}
          name="statut"
          label={s.status}
          options={[
            { value: '', label: s.allStatuses },
            ...STATUSES.map((v) => ({ value: v, label: statuses[v] })),
          ]}
        />
        <p>
          <button type="submit">{s.show}</button>
        </p>
      </fieldset>
    </form>
  );
}

/** a small input of a booking's own form (ids made unique by the booking's id) */
function RowInput({
  id,
  name,
  label,
  issue,
}: {
  id: string;
  name: string;
  label: string;
  issue: StaffIssue | undefined;
}) {
  const fieldId = `mv-${id}-${name}`;
  const error = issue?.errors[name];
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={fieldId}>{label}</label>
      {error && (
        <p className="error" id={`${fieldId}-error`}>
          {error}
        </p>
      )}
      <input
        id={fieldId}
        name={name}
        type="text"
        defaultValue={issue?.values[name] ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : undefined}
      />
    </div>
  );
}

function RowActions({
  ctx,
  row,
  back,
  issue,
}: {
  ctx: PageContext;
  row: StaffBookingView;
  back: string;
  issue: StaffIssue | undefined;
}) {
  const s = ctx.t.venue.staffBookings;
  const b = ctx.t.venue.booking;
  const name = inLanguage(ctx, row.space.nameFr, row.space.nameEn);
  const when = bookingWhen(ctx, row);
  const about = (
    <span className="visually-hidden">
      {' '}
      — {name}, {when}
    </span>
  );
  const action = (verb: string) => ctx.href(`${STAFF_BOOKINGS_PATH}/${row.id}/${verb}`);
  const hidden = (
    <>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="retour" value={back} />
    </>
  );
  if (row.status !== 'confirmed' && row.status !== 'requested') return null;
  return (
    <>
      {issue?.message && (
        <p className="error" role="alert">
          {issue.message}
        </p>
      )}
      {row.status === 'requested' && (
        <form method="post" action={action('confirmer')} className="inline-form">
          {hidden}
          <button type="submit">
            {s.confirm}
            {about}
          </button>
        </form>
      )}
      <form method="post" action={action('annuler')} className="inline-form">
        {hidden}
        <button type="submit">
          {s.cancel}
          {about}
        </button>
      </form>
      <details open={issue !== undefined}>
        <summary>
          {s.move}
          {about}
        </summary>
        <form method="post" action={action('deplacer')} className="stack" noValidate>
          {hidden}
          <fieldset>
            <legend className="visually-hidden">{s.moveLegend(name, when)}</legend>
            {row.unit === 'slot' ? (
              <>
                <RowInput id={row.id} name="date" label={b.date} issue={issue} />
                <RowInput id={row.id} name="debut" label={b.start} issue={issue} />
                <RowInput id={row.id} name="fin" label={b.end} issue={issue} />
              </>
            ) : (
              <>
                <RowInput id={row.id} name="du" label={b.fromDay} issue={issue} />
                <RowInput id={row.id} name="au" label={b.toDay} issue={issue} />
              </>
            )}
            <button type="submit">{s.move}</button>
          </fieldset>
        </form>
      </details>
    </>
  );
}

function BookingsTable({
  ctx,
  data,
  issue,
}: {
  ctx: PageContext;
  data: StaffBookingsData;
  issue: StaffIssue | undefined;
}) {
  const s = ctx.t.venue.staffBookings;
  const b = ctx.t.venue.booking;
  if (data.rows.length === 0) return <p>{s.none}</p>;
  return (
    <div className="grid-scroll">
      {data.rows.length >= data.limit && <p>{s.limited(data.limit)}</p>}
      <table className="table venue-bookings venue-staff-bookings">
        <caption>{s.caption(data.rows.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{b.space}</th>
            <th scope="col">{s.when}</th>
            <th scope="col">{s.booker}</th>
            <th scope="col">{s.organisation}</th>
            <th scope="col">{b.status}</th>
            <th scope="col">{s.actions}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.id} id={`reservation-${row.id}`}>
              <th scope="row">
                {inLanguage(ctx, row.space.nameFr, row.space.nameEn)}
                <Demo ctx={ctx} demo={row.isDemo} />
              </th>
              <td>{bookingWhen(ctx, row)}</td>
              <td>
                {row.booker.name ?? ''}
                {row.booker.email && (
                  <>
                    <br />
                    <span className="muted">{row.booker.email}</span>
                  </>
                )}
                {row.purpose && (
                  <>
                    <br />
                    {row.purpose}
                  </>
                )}
              </td>
              <td>
                {row.organisation ?? ''}
                {row.override && (
                  <>
                    <br />
                    <span className="venue-override">
                      {s.override(row.override.by ?? s.someone, row.override.reason)}
                    </span>
                  </>
                )}
              </td>
              <td>{b.statuses[row.status]}</td>
              <td className="venue-actions">
                <RowActions
                  ctx={ctx}
                  row={row}
                  back={data.back}
                  issue={issue?.target === row.id ? issue : undefined}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BookForSection({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: StaffBookingsData;
  form: FormState;
}) {
  const s = ctx.t.venue.staffBookings;
  const b = ctx.t.venue.booking;
  const chosen = data.chosen;
  return (
    <section aria-labelledby="book-for-title">
      <h2 id="book-for-title">{s.bookForTitle}</h2>
      {!chosen ? (
        <p>{s.chooseSpace}</p>
      ) : (
        <>
          <p>{s.bookForIntro}</p>
          <ErrorSummary ctx={ctx} form={form} />
          <form
            method="post"
            action={ctx.href(`${STAFF_BOOKINGS_PATH}/nouvelle?espace=${chosen.slug}`)}
            className="stack"
            noValidate
          >
            <CsrfField ctx={ctx} />
            <input type="hidden" name="retour" value={data.back} />
            <p>
              <strong>{inLanguage(ctx, chosen.name_fr, chosen.name_en)}</strong>
            </p>
            <Field form={form} name="membre" label={s.memberEmail} type="email" required />
            <Field form={form} name="organisation" label={s.organisationField} />
            {chosen.unit === 'slot' ? (
              <>
                <Field form={form} name="date" label={b.date} required />
                <Field form={form} name="debut" label={b.start} hint={b.timeHint} required />
                <Field form={form} name="fin" label={b.end} required />
              </>
            ) : (
              <>
                <Field form={form} name="du" label={b.fromDay} hint={b.dayHint} required />
                <Field form={form} name="au" label={b.toDay} />
              </>
            )}
            <Field form={form} name="objet" label={b.purpose} />
            <Field form={form} name="depassement" label={s.overrideReason} />
            <p>
              <button type="submit">{s.bookFor}</button>
            </p>
          </form>
        </>
      )}
    </section>
  );
}

/**
 * The staff's bookings: a period's bookings of a space (or all) with who booked, for which
 * organisation, and an allowance's override; each booking confirmed, cancelled or moved by a
 * plain form; and a booking made for a member. A refusal comes back on the form it came from.
 */
export function StaffBookingsPage({
  ctx,
  data,
  issue,
  status = 200,
}: {
  ctx: PageContext;
  data: StaffBookingsData;
  issue?: StaffIssue;
  status?: number;
}) {
  const s = ctx.t.venue.staffBookings;
  const a = ctx.t.venue.admin;
  const forForm: FormState =
    issue?.target === 'new'
      ? { values: issue.values, errors: issue.errors, message: issue.message }
      : { values: {}, errors: {} };
  return (
    <Layout
      ctx={ctx}
      title={s.title}
      breadcrumbs={[
        { label: ctx.t.nav.admin, href: '/admin' },
        { label: a.title, href: ADMIN_PATH },
        { label: s.title },
      ]}
    >
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      {status !== 200 && issue && issue.target !== 'new' && (
        <p className="error-summary" role="alert">
          <a href={`#reservation-${issue.target}`}>{issue.message}</a>
        </p>
      )}
      <FilterForm ctx={ctx} data={data} />
      <BookingsTable ctx={ctx} data={data} issue={issue} />
      <BookForSection ctx={ctx} data={data} form={forForm} />
    </Layout>
  );
}
