import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../../web/forms.tsx';
import { Layout } from '../../../web/Layout.tsx';
import type { ClosureRow, SiteRow } from '../../spaces.repository.ts';
import type { SpaceView } from '../../spaces.service.ts';
import { ADMIN_PATH, capacityText, Demo, inLanguage, spaceName } from '../common.tsx';
import { SelectField } from '../controls.tsx';

export type SettingsData = { site: SiteRow | null; spaces: SpaceView[]; closures: ClosureRow[] };

function SiteForm({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const a = ctx.t.venue.admin;
  return (
    <form method="post" action={ctx.href(`${ADMIN_PATH}/batiment`)} className="stack" noValidate>
      <CsrfField ctx={ctx} />
      <Field form={form} name="name" label={a.name} required />
      <Field form={form} name="address" label={a.address} />
      <Field form={form} name="area_m2" label={a.areaM2} />
      <Field form={form} name="opened_on" label={a.openedOn} />
      <TextArea form={form} name="description_fr" label={a.descriptionFr} rows={3} />
      <TextArea form={form} name="description_en" label={a.descriptionEn} rows={3} />
      <Field
        form={form}
        name="default_coworking_days"
        label={a.defaultCoworking}
        hint={a.defaultsHint}
      />
      <Field form={form} name="default_meeting_hours" label={a.defaultMeeting} />
      <p>
        <button type="submit">{a.saveSite}</button>
      </p>
    </form>
  );
}

function ClosuresSection({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: SettingsData;
  form: FormState;
}) {
  const a = ctx.t.venue.admin;
  const v = ctx.t.venue;
  return (
    <section aria-labelledby="closures-title">
      <h2 id="closures-title">{a.closuresTitle}</h2>
      {data.closures.length === 0 ? (
        <p>{a.noClosures}</p>
      ) : (
        <ul>
          {data.closures.map((c) => {
            const space = data.spaces.find((s) => s.id === c.space_id);
            return (
              <li key={c.id}>
                {v.closureRange(ctx.fmt.date(c.starts_on), ctx.fmt.date(c.ends_on))} —{' '}
                {space ? spaceName(ctx, space) : v.closureAll}{' '}
                {inLanguage(ctx, c.reason_fr, c.reason_en)}{' '}
                <form
                  method="post"
                  action={ctx.href(`${ADMIN_PATH}/fermetures/${c.id}/supprimer`)}
                  className="inline-form"
                >
                  <CsrfField ctx={ctx} />
                  <button type="submit" className="secondary">
                    {a.removeClosure}
                    <span className="visually-hidden"> {ctx.fmt.date(c.starts_on)}</span>
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
      <ErrorSummary ctx={ctx} form={form} />
      <form
        method="post"
        action={ctx.href(`${ADMIN_PATH}/fermetures`)}
        className="stack"
        noValidate
      >
        <CsrfField ctx={ctx} />
        <Field form={form} name="starts_on" label={a.closureStarts} required />
        <Field form={form} name="ends_on" label={a.closureEnds} />
        <SelectField
          form={form}
          name="space_id"
          label={a.closureSpace}
          options={[
            { value: '', label: v.closureAll },
            ...data.spaces.map((s) => ({ value: s.id, label: spaceName(ctx, s) })),
          ]}
        />
        <Field form={form} name="reason_fr" label={a.closureReasonFr} />
        <Field form={form} name="reason_en" label={a.closureReasonEn} />
        <p>
          <button type="submit">{a.addClosure}</button>
        </p>
      </form>
    </section>
  );
}

/**
 * The venue's settings: the building, the list of spaces (each to edit), the closings; links to
 * the plans and the occupancy.
 */
export function SettingsPage({
  ctx,
  data,
  siteForm,
  closureForm,
  status = 200,
}: {
  ctx: PageContext;
  data: SettingsData;
  siteForm: FormState;
  closureForm: FormState;
  status?: number;
}) {
  const a = ctx.t.venue.admin;
  return (
    <Layout
      ctx={ctx}
      title={a.title}
      breadcrumbs={[{ label: ctx.t.nav.admin, href: '/admin' }, { label: a.title }]}
    >
      <h1>
        {a.title}
        <Demo ctx={ctx} demo={data.site?.is_demo ?? false} />
      </h1>
      <ul className="venue-admin-links">
        <li>
          <a href={ctx.href(`${ADMIN_PATH}/reservations`)}>{ctx.t.venue.staffBookings.link}</a>
        </li>
        <li>
          <a href={ctx.href(`${ADMIN_PATH}/formules`)}>{ctx.t.venue.plans.title}</a>
        </li>
        <li>
          <a href={ctx.href(`${ADMIN_PATH}/occupation`)}>{ctx.t.venue.occupancy.title}</a>
        </li>
      </ul>
      <section aria-labelledby="site-title">
        <h2 id="site-title">{a.siteTitle}</h2>
        {status !== 200 && <ErrorSummary ctx={ctx} form={siteForm} />}
        {!data.site && <p>{a.noSite}</p>}
        <SiteForm ctx={ctx} form={siteForm} />
      </section>
      <section aria-labelledby="spaces-title">
        <h2 id="spaces-title">{a.spacesTitle}</h2>
        {data.site && (
          <p>
            <a className="button" href={ctx.href(`${ADMIN_PATH}/espaces/nouveau`)}>
              {a.newSpace}
            </a>
          </p>
        )}
        <table className="table">
          <caption className="visually-hidden">{a.spacesTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{a.name}</th>
              <th scope="col">{a.kind}</th>
              <th scope="col">{ctx.t.venue.capacityLabel}</th>
              <th scope="col">{a.edit}</th>
            </tr>
          </thead>
          <tbody>
            {data.spaces.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {spaceName(ctx, s)}
                  <Demo ctx={ctx} demo={s.is_demo} />
                  {!s.active && <span className="hint"> ({a.inactive})</span>}
                </th>
                <td>{ctx.t.venue.kinds[s.kind]}</td>
                <td>{capacityText(ctx, s)}</td>
                <td>
                  <a href={ctx.href(`${ADMIN_PATH}/espaces/${s.id}`)}>
                    {a.edit}
                    <span className="visually-hidden"> {spaceName(ctx, s)}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {data.site && <ClosuresSection ctx={ctx} data={data} form={closureForm} />}
    </Layout>
  );
}
