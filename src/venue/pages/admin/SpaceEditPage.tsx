import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../../web/forms.tsx';
import { Layout } from '../../../web/Layout.tsx';
import { ALLOWANCES, SPACE_KINDS, WHO_MAY_BOOK } from '../../spaces.forms.ts';
import type { SpaceView } from '../../spaces.service.ts';
import { ADMIN_PATH, Demo, inLanguage, photoPath, spaceName } from '../common.tsx';
import { CheckBox, SelectField } from '../controls.tsx';

function SpaceForm({ ctx, form, action }: { ctx: PageContext; form: FormState; action: string }) {
  const a = ctx.t.venue.admin;
  const v = ctx.t.venue;
  return (
    <form method="post" action={ctx.href(action)} className="stack" noValidate>
      <CsrfField ctx={ctx} />
      <SelectField
        form={form}
        name="kind"
        label={a.kind}
        options={SPACE_KINDS.map((k) => ({ value: k, label: v.kinds[k] }))}
      />
      <Field form={form} name="name_fr" label={a.nameFr} required />
      <Field form={form} name="name_en" label={a.nameEn} required />
      <Field form={form} name="slug" label={a.slug} hint={a.slugHint} />
      <Field form={form} name="area_m2" label={a.areaM2} />
      <Field form={form} name="capacity" label={a.capacity} required />
      <TextArea form={form} name="description_fr" label={a.descriptionFr} rows={3} />
      <TextArea form={form} name="description_en" label={a.descriptionEn} rows={3} />
      <TextArea form={form} name="accessibility_fr" label={a.accessibilityFr} rows={2} />
      <TextArea form={form} name="accessibility_en" label={a.accessibilityEn} rows={2} />
      <fieldset className="stack">
        <legend>{a.rulesLegend}</legend>
        <SelectField
          form={form}
          name="unit"
          label={a.unit}
          options={[
            { value: 'slot', label: a.unitSlot },
            { value: 'day', label: a.unitDay },
          ]}
        />
        <Field form={form} name="slot_minutes" label={a.slotMinutes} />
        <Field form={form} name="min_length" label={a.minLength} required />
        <Field form={form} name="max_length" label={a.maxLength} required />
        <Field form={form} name="min_notice_minutes" label={a.minNotice} />
        <Field form={form} name="max_days_ahead" label={a.maxDaysAhead} required />
        <SelectField
          form={form}
          name="who_may_book"
          label={a.whoMayBook}
          options={WHO_MAY_BOOK.map((w) => ({ value: w, label: v.rules.who[w] }))}
        />
        <Field form={form} name="max_upcoming_per_member" label={a.maxUpcoming} />
        <Field form={form} name="cancel_cutoff_minutes" label={a.cancelCutoff} />
        <Field form={form} name="checkin_grace_minutes" label={a.checkinGrace} />
        <SelectField
          form={form}
          name="allowance"
          label={a.allowance}
          options={[
            { value: '', label: a.allowanceNone },
            ...ALLOWANCES.map((k) => ({ value: k, label: v.booking.allowanceKinds[k] })),
          ]}
        />
        <CheckBox form={form} name="active" label={a.active} />
      </fieldset>
      <p>
        <button type="submit">{a.saveSpace}</button>
      </p>
    </form>
  );
}

function HoursForm({ ctx, id, form }: { ctx: PageContext; id: string; form: FormState }) {
  const a = ctx.t.venue.admin;
  return (
    <section aria-labelledby="hours-title">
      <h2 id="hours-title">{a.hoursTitle}</h2>
      <ErrorSummary ctx={ctx} form={form} />
      <form
        method="post"
        action={ctx.href(`${ADMIN_PATH}/espaces/${id}/horaires`)}
        className="stack"
        noValidate
      >
        <CsrfField ctx={ctx} />
        <p className="hint">{a.hoursHint}</p>
        {ctx.t.venue.weekdays.map((day, i) => (
          <Field key={day} form={form} name={`hours_${i + 1}`} label={day} />
        ))}
        <p>
          <button type="submit">{a.saveHours}</button>
        </p>
      </form>
    </section>
  );
}

/** one photo: its descriptions edited, moved earlier or later, removed (plain forms) */
function PhotoItem({
  ctx,
  photo,
  n,
  of,
}: {
  ctx: PageContext;
  photo: SpaceView['photos'][number];
  n: number;
  of: number;
}) {
  const a = ctx.t.venue.admin;
  const label = a.photoOrder(n, of);
  const at = (suffix: string) => ctx.href(`${ADMIN_PATH}/photos/${photo.id}${suffix}`);
  const move = (sens: 'haut' | 'bas', text: string) => (
    <form method="post" action={at('/deplacer')} className="inline-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="sens" value={sens} />
      <button type="submit" className="secondary">
        {text}
        <span className="visually-hidden"> — {label}</span>
      </button>
    </form>
  );
  const ids = { fr: `photo-${photo.id}-fr`, en: `photo-${photo.id}-en` };
  return (
    <li id={`photo-${photo.id}`}>
      <img src={photoPath(photo.id)} alt={inLanguage(ctx, photo.alt_fr, photo.alt_en)} />
      <p>{label}</p>
      <form method="post" action={at('')} className="stack">
        <CsrfField ctx={ctx} />
        <div className="field">
          <label htmlFor={ids.fr}>{a.altFr}</label>
          <input id={ids.fr} name="alt_fr" type="text" defaultValue={photo.alt_fr} />
        </div>
        <div className="field">
          <label htmlFor={ids.en}>{a.altEn}</label>
          <input id={ids.en} name="alt_en" type="text" defaultValue={photo.alt_en} />
        </div>
        <p>
          <button type="submit">
            {a.saveAlt}
            <span className="visually-hidden"> — {label}</span>
          </button>
        </p>
      </form>
      {n > 1 && move('haut', a.photoUp)}
      {n < of && move('bas', a.photoDown)}
      <form method="post" action={at('/supprimer')} className="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit" className="secondary">
          {a.removePhoto}
          <span className="visually-hidden"> — {label}</span>
        </button>
      </form>
    </li>
  );
}

function PhotosSection({
  ctx,
  space,
  problem,
}: {
  ctx: PageContext;
  space: SpaceView;
  problem?: string;
}) {
  const a = ctx.t.venue.admin;
  return (
    <section aria-labelledby="photos-title">
      <h2 id="photos-title">{a.photosTitle}</h2>
      <ul className="venue-photo-list">
        {space.photos.map((p, i) => (
          <PhotoItem key={p.id} ctx={ctx} photo={p} n={i + 1} of={space.photos.length} />
        ))}
      </ul>
      <form
        method="post"
        action={ctx.href(`${ADMIN_PATH}/espaces/${space.id}/photos`)}
        encType="multipart/form-data"
        className="stack"
      >
        <CsrfField ctx={ctx} />
        <div className={problem ? 'field field-error' : 'field'}>
          <label htmlFor="field-photo">{a.photoFile}</label>
          {problem && (
            <p className="error" id="field-photo-error">
              {problem}
            </p>
          )}
          <input
            type="file"
            id="field-photo"
            name="photo"
            accept="image/jpeg,image/png,image/webp"
            aria-describedby={problem ? 'field-photo-error' : undefined}
          />
        </div>
        <Field form={{ values: {}, errors: {} }} name="alt_fr" label={a.altFr} />
        <Field form={{ values: {}, errors: {} }} name="alt_en" label={a.altEn} />
        <p>
          <button type="submit">{a.addPhoto}</button>
        </p>
      </form>
    </section>
  );
}

/** A space's settings: what it is and its rules; for an existing one, its hours and photos. */
export function SpaceEditPage({
  ctx,
  space,
  form,
  hoursForm,
  photoProblem,
  status = 200,
}: {
  ctx: PageContext;
  /** null: a new space */
  space: SpaceView | null;
  form: FormState;
  hoursForm?: FormState;
  photoProblem?: string;
  status?: number;
}) {
  const a = ctx.t.venue.admin;
  const title = space ? a.editSpace(spaceName(ctx, space)) : a.newSpaceTitle;
  const action = space ? `${ADMIN_PATH}/espaces/${space.id}` : `${ADMIN_PATH}/espaces/nouveau`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: ctx.t.nav.admin, href: '/admin' },
        { label: a.title, href: ADMIN_PATH },
        { label: title },
      ]}
    >
      <h1>
        {title}
        <Demo ctx={ctx} demo={space?.is_demo ?? false} />
      </h1>
      {status !== 200 && <ErrorSummary ctx={ctx} form={form} />}
      <SpaceForm ctx={ctx} form={form} action={action} />
      {space && hoursForm && <HoursForm ctx={ctx} id={space.id} form={hoursForm} />}
      {space && <PhotosSection ctx={ctx} space={space} problem={photoProblem} />}
      {space && (
        <section aria-labelledby="remove-space-title">
          <h2 id="remove-space-title">{a.removeSpaceTitle}</h2>
          <p>{a.removeSpaceHint}</p>
          <form method="post" action={ctx.href(`${ADMIN_PATH}/espaces/${space.id}/supprimer`)}>
            <CsrfField ctx={ctx} />
            <button type="submit" className="secondary">
              {a.removeSpace}
            </button>
          </form>
        </section>
      )}
      <p>
        <a href={ctx.href(ADMIN_PATH)}>{a.back}</a>
      </p>
    </Layout>
  );
}
