import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { EventView } from '../events.service.ts';
import { ADMIN_PATH, AGENDA_PATH, eventPath, inLanguage, titleOf, whenText } from './common.tsx';

/** the staff's list: proposals to review, then every event, newest first */
export function EventsAdminPage({ ctx, events }: { ctx: PageContext; events: EventView[] }) {
  const t = ctx.t.events.admin;
  const requests = events.filter((e) => e.status === 'requested');
  const others = events.filter((e) => e.status !== 'requested');
  return (
    <Layout
      ctx={ctx}
      title={t.title}
      breadcrumbs={[{ label: ctx.t.admin.title, href: ctx.href('/admin') }, { label: t.title }]}
    >
      <h1>{t.title}</h1>
      <p>
        <a href={ctx.href(`${ADMIN_PATH}/nouveau`)}>{t.newEvent}</a> ·{' '}
        <a href={ctx.href('/admin/expositions')}>{ctx.t.events.exhibitions.adminTitle}</a>
      </p>
      {requests.length > 0 && (
        <section aria-labelledby="requests-title">
          <h2 id="requests-title">{t.requests}</h2>
          <ul className="cards">
            {requests.map((e) => (
              <li key={e.id} className="card">
                <h3>{titleOf(ctx, e)}</h3>
                <p>{whenText(ctx, e)}</p>
                <form
                  method="post"
                  action={ctx.href(`${ADMIN_PATH}/${e.id}/accepter`)}
                  className="inline"
                >
                  <CsrfField ctx={ctx} />
                  <button type="submit">{t.approve}</button>
                </form>{' '}
                <form
                  method="post"
                  action={ctx.href(`${ADMIN_PATH}/${e.id}/refuser`)}
                  className="inline"
                >
                  <CsrfField ctx={ctx} />
                  <button type="submit" className="secondary">
                    {t.decline}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <table className="table">
        <caption className="visually-hidden">{t.title}</caption>
        <thead>
          <tr>
            <th scope="col">{ctx.t.events.when}</th>
            <th scope="col">{t.form.title_fr}</th>
            <th scope="col">{ctx.t.events.register.title}</th>
            <th scope="col">{t.edit}</th>
          </tr>
        </thead>
        <tbody>
          {others.map((e) => (
            <tr key={e.id}>
              <td>{whenText(ctx, e)}</td>
              <td>
                <a href={ctx.href(eventPath(e.slug))}>{titleOf(ctx, e)}</a>{' '}
                {e.is_demo && <DemoBadge ctx={ctx} />} ({t.status[e.status]})
              </td>
              <td>
                {e.capacity > 0 ? `${e.registered}/${e.capacity}` : '—'}
                {e.waiting > 0 && ` (+${e.waiting})`}
              </td>
              <td>
                {e.date_precision === 'time' && (
                  <>
                    <a href={ctx.href(`${ADMIN_PATH}/${e.id}`)}>{t.edit}</a> ·{' '}
                  </>
                )}
                <a href={ctx.href(`${ADMIN_PATH}/${e.id}/inscriptions`)}>{t.registrations}</a> ·{' '}
                <a href={ctx.href(`${ADMIN_PATH}/${e.id}/accueil`)}>{t.checkin}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** the event's form: staff create and edit; a member proposes (the same fields) */
export function EventFormPage(props: {
  ctx: PageContext;
  form: FormState;
  action: string;
  heading: string;
  intro?: string;
  spaces: { id: string; slug: string; name_fr: string; name_en: string; capacity: number }[];
  fields: { slug: string; name: string }[];
  fieldsTicked: string[];
  cancelAction?: string;
  /** editing: where the image is sent, and the current one's address */
  imageAction?: string;
  image?: string;
  status?: number;
}) {
  const { ctx, form, spaces, fields } = props;
  const t = ctx.t.events.admin;
  const f = t.form;
  const spaceError = form.errors.space;
  return (
    <Layout ctx={ctx} title={props.heading}>
      <h1>{props.heading}</h1>
      {props.intro && <p>{props.intro}</p>}
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href(props.action)} noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="title_fr" label={f.title_fr} required />
        <Field form={form} name="title_en" label={f.title_en} />
        <Field form={form} name="slug" label={f.slug} />
        <TextArea form={form} name="description_fr" label={f.description_fr} rows={8} />
        <TextArea form={form} name="description_en" label={f.description_en} rows={8} />
        <div className={spaceError ? 'field field-error' : 'field'}>
          <label htmlFor="field-space">{f.space}</label>
          {spaceError && (
            <p className="error" id="field-space-error">
              {spaceError}
            </p>
          )}
          <select
            id="field-space"
            name="space"
            defaultValue={form.values.space ?? ''}
            aria-invalid={spaceError ? true : undefined}
            aria-describedby={spaceError ? 'field-space-error' : undefined}
          >
            <option value="">—</option>
            {spaces.map((s) => (
              <option key={s.id} value={s.slug}>
                {inLanguage(ctx, s.name_fr, s.name_en)} ({s.capacity})
              </option>
            ))}
          </select>
        </div>
        <Field form={form} name="day" type="date" label={f.day} required />
        <Field form={form} name="start" label={f.start} required />
        <Field form={form} name="end" label={f.end} required />
        <Field form={form} name="capacity" type="number" label={f.capacity} />
        <Field form={form} name="registration_opens" label={f.registration_opens} />
        <Field form={form} name="registration_closes" label={f.registration_closes} />
        <Field form={form} name="price_fr" label={f.price_fr} />
        <Field form={form} name="price_en" label={f.price_en} />
        <Field form={form} name="tags" label={f.tags} />
        <fieldset>
          <legend>{f.fields}</legend>
          {fields.map((field) => (
            <p key={field.slug}>
              <input
                type="checkbox"
                id={`hub-field-${field.slug}`}
                name="fields"
                value={field.slug}
                defaultChecked={props.fieldsTicked.includes(field.slug)}
              />{' '}
              <label htmlFor={`hub-field-${field.slug}`}>{field.name}</label>
            </p>
          ))}
        </fieldset>
        <TextArea form={form} name="organisers" label={f.organisers} rows={3} />
        <Field form={form} name="image_alt_fr" label={f.image_alt_fr} />
        <Field form={form} name="image_alt_en" label={f.image_alt_en} />
        <TextArea form={form} name="accessibility_fr" label={f.accessibility_fr} rows={3} />
        <TextArea form={form} name="accessibility_en" label={f.accessibility_en} rows={3} />
        <button type="submit">{t.save}</button>
      </form>
      {props.imageAction && (
        <form
          method="post"
          action={ctx.href(props.imageAction)}
          encType="multipart/form-data"
          className="card"
        >
          <CsrfField ctx={ctx} />
          <h2>{t.image}</h2>
          {props.image && (
            <img src={props.image} alt={form.values.image_alt_fr ?? ''} width={240} />
          )}
          <p>
            <label htmlFor="event-image">{t.imageFile}</label>
            <input
              type="file"
              id="event-image"
              name="image"
              accept="image/jpeg,image/png,image/webp"
            />
          </p>
          <button type="submit">{t.imageSubmit}</button>
        </form>
      )}
      {props.cancelAction && (
        <form method="post" action={ctx.href(props.cancelAction)}>
          <CsrfField ctx={ctx} />
          <p>{t.cancelConfirm}</p>
          <button type="submit" className="danger">
            {t.cancelEvent}
          </button>
        </form>
      )}
      <p>
        <a href={ctx.href(AGENDA_PATH)}>{ctx.t.events.agendaTitle}</a>
      </p>
    </Layout>
  );
}
