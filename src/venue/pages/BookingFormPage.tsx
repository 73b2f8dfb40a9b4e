import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { AllowanceView } from '../bookings.service.ts';
import type { SpaceView } from '../spaces.service.ts';
import { BOOKINGS_PATH, Demo, rulesText, spaceName, spacePath, VENUE_PATH } from './common.tsx';
import { SelectField } from './controls.tsx';

/** the member's organisations, from their allowances: a choice only when there are several */
function OrganisationChoice({
  ctx,
  form,
  allowances,
}: {
  ctx: PageContext;
  form: FormState;
  allowances: AllowanceView[];
}) {
  const seen = new Map<string, string>();
  for (const a of allowances) seen.set(a.organisationId, a.organisationName);
  if (seen.size < 2) return null;
  const b = ctx.t.venue.booking;
  return (
    <SelectField
      form={form}
      name="organisation"
      label={b.organisation}
      hint={b.organisationHint}
      options={[...seen].map(([value, label]) => ({ value, label }))}
    />
  );
}

/** what is left of each allowance this month, in words */
export function AllowancesList({
  ctx,
  allowances,
}: {
  ctx: PageContext;
  allowances: AllowanceView[];
}) {
  const b = ctx.t.venue.booking;
  return (
    <section aria-labelledby="allowances-title" className="venue-allowances">
      <h2 id="allowances-title">{b.allowanceTitle}</h2>
      {allowances.length === 0 ? (
        <p>{b.allowanceNone}</p>
      ) : (
        <ul>
          {allowances.map((a) => (
            <li key={`${a.organisationId}-${a.kind}`}>
              {b.allowanceLeft(
                a.organisationName,
                b.allowanceKinds[a.kind],
                ctx.fmt.number(a.left),
                ctx.fmt.number(a.allowance),
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The booking form of one space: a date and times (slots) or first and last days (by the day). */
export function BookingFormPage({
  ctx,
  space,
  form,
  allowances,
  status = 200,
  waitlist = false,
}: {
  ctx: PageContext;
  space: SpaceView;
  form: FormState;
  allowances: AllowanceView[];
  status?: number;
  /** the time asked is full: offer the waiting list */
  waitlist?: boolean;
}) {
  const b = ctx.t.venue.booking;
  const name = spaceName(ctx, space);
  const title = b.titleFor(name);
  const action = `${BOOKINGS_PATH}/nouvelle?espace=${space.slug}`;
  const kept = (names: string[]) =>
    names.map((n) => <input key={n} type="hidden" name={n} value={form.values[n] ?? ''} />);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: ctx.t.venue.title, href: VENUE_PATH },
        { label: name, href: spacePath(space.slug) },
        { label: b.title },
      ]}
    >
      <h1>
        {title}
        <Demo ctx={ctx} demo={space.is_demo} />
      </h1>
      <p className="hint">{rulesText(ctx, space).join(' · ')}</p>
      {status !== 200 && <ErrorSummary ctx={ctx} form={form} />}
      {status === 200 && waitlist && <p className="notice">{b.waitlistFull}</p>}
      <form method="post" action={ctx.href(action)} className="stack narrow" noValidate>
        <CsrfField ctx={ctx} />
        {space.unit === 'slot' ? (
          <>
            <Field form={form} name="date" label={b.date} type="date" required />
            <Field form={form} name="debut" label={b.start} hint={b.timeHint} required />
            <Field form={form} name="fin" label={b.end} hint={b.timeHint} required />
          </>
        ) : (
          <>
            <Field form={form} name="du" label={b.fromDay} type="date" hint={b.dayHint} required />
            <Field form={form} name="au" label={b.toDay} type="date" required />
          </>
        )}
        <OrganisationChoice ctx={ctx} form={form} allowances={allowances} />
        <Field form={form} name="objet" label={b.purpose} />
        <p>
          <button type="submit">{b.submit}</button>
        </p>
      </form>
      {waitlist && (
        <form
          method="post"
          action={ctx.href(`${BOOKINGS_PATH}/attente?espace=${space.slug}`)}
          className="venue-waitlist-form"
        >
          <CsrfField ctx={ctx} />
          {kept(['date', 'debut', 'fin', 'du', 'au'])}
          <button type="submit" className="secondary">
            {b.waitlistJoin}
          </button>
        </form>
      )}
      <AllowancesList ctx={ctx} allowances={allowances} />
      {space.unit === 'slot' && (
        <p>
          <a href={ctx.href(`${BOOKINGS_PATH}/repetee?espace=${space.slug}`)}>{b.recurringTitle}</a>
        </p>
      )}
      <p>
        <a href={ctx.href(spacePath(space.slug))}>{ctx.t.venue.grid.title}</a> ·{' '}
        <a href={ctx.href(BOOKINGS_PATH)}>{b.nav}</a>
      </p>
    </Layout>
  );
}
