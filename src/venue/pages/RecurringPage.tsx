import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { RecurringReport } from '../bookings.service.ts';
import type { SpaceView } from '../spaces.service.ts';
import { BOOKINGS_PATH, longDay, spaceName, spacePath, VENUE_PATH } from './common.tsx';
import { SelectField } from './controls.tsx';

function ReportTable({ ctx, report }: { ctx: PageContext; report: RecurringReport }) {
  const b = ctx.t.venue.booking;
  return (
    <table className="table">
      <caption>{b.report}</caption>
      <thead>
        <tr>
          <th scope="col">{b.occurrence}</th>
          <th scope="col">{b.outcome}</th>
        </tr>
      </thead>
      <tbody>
        {report.occurrences.map((o) => (
          <tr key={o.day}>
            <th scope="row">{longDay(ctx, o.day)}</th>
            <td>
              {o.outcome === 'free' || o.outcome === 'booked'
                ? b.outcomeFree
                : b.outcomeConflict(o.message?.[ctx.locale] ?? o.code ?? o.outcome)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A recurring booking: the rule (every day, or some weekdays each week, until a date or N times),
 * checked occurrence by occurrence before anything is booked; then "book the free ones" or "none".
 */
export function RecurringPage({
  ctx,
  space,
  form,
  report,
  status = 200,
}: {
  ctx: PageContext;
  space: SpaceView;
  form: FormState;
  report?: RecurringReport;
  status?: number;
}) {
  const b = ctx.t.venue.booking;
  const name = spaceName(ctx, space);
  const action = ctx.href(`${BOOKINGS_PATH}/repetee?espace=${space.slug}`);
  const ticked = (form.values.jours ?? '').split(',');
  const free = report?.occurrences.filter((o) => o.outcome === 'free').length ?? 0;
  return (
    <Layout
      ctx={ctx}
      title={`${b.recurringTitle} : ${name}`}
      breadcrumbs={[
        { label: ctx.t.venue.title, href: VENUE_PATH },
        { label: name, href: spacePath(space.slug) },
        { label: b.recurringTitle },
      ]}
    >
      <h1>
        {b.recurringTitle} — {name}
      </h1>
      <p>{b.recurringIntro}</p>
      {status !== 200 && <ErrorSummary ctx={ctx} form={form} />}
      <form method="post" action={action} className="stack narrow" noValidate>
        <CsrfField ctx={ctx} />
        <SelectField
          form={form}
          name="frequence"
          label={b.frequency}
          options={[
            { value: 'weekly', label: b.weekly },
            { value: 'daily', label: b.daily },
          ]}
        />
        <fieldset>
          <legend>{b.weekdaysLegend}</legend>
          {ctx.t.venue.weekdays.map((day, i) => (
            <span key={day} className="venue-weekday">
              <input
                type="checkbox"
                id={`jour-${i + 1}`}
                name="jour"
                value={String(i + 1)}
                defaultChecked={ticked.includes(String(i + 1))}
              />{' '}
              <label htmlFor={`jour-${i + 1}`}>{day}</label>
            </span>
          ))}
        </fieldset>
        <Field form={form} name="date" label={b.date} type="date" required />
        <Field form={form} name="debut" label={b.start} hint={b.timeHint} required />
        <Field form={form} name="fin" label={b.end} required />
        <Field form={form} name="jusqu_au" label={b.until} type="date" />
        <Field form={form} name="nombre" label={b.count} />
        <p>
          <button type="submit" name="mode" value="preview">
            {b.preview}
          </button>
        </p>
        {report && (
          <>
            <ReportTable ctx={ctx} report={report} />
            <p>
              {free > 0 && (
                <>
                  <button type="submit" name="mode" value="free_only">
                    {b.bookFree}
                  </button>{' '}
                </>
              )}
              <button type="submit" name="mode" value="none" className="secondary">
                {b.bookNone}
              </button>
            </p>
          </>
        )}
      </form>
    </Layout>
  );
}
