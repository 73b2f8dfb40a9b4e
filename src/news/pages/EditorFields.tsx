import { OrgPicker } from '../../directory/pages/OrgPicker.tsx';
import type { PageContext } from '../../web/context.ts';
import { Field, type FormState } from '../../web/forms.tsx';
import { trailOf } from '../articles.ts';
import type { OrganisationChoice } from '../news.organisations.ts';
import type { CategoryRow, FileRow } from '../news.repository.ts';
import { STATES } from '../news.schema.ts';
import { categoryName } from './common.tsx';

/** The editor's fields that are more than a text box: the cover, the state and its time, the shared ones. */

/** the cover, chosen among the article's images */
export function CoverField({
  ctx,
  form,
  images,
}: {
  ctx: PageContext;
  form: FormState;
  images: FileRow[];
}) {
  const e = ctx.t.news.editor;
  return (
    <div className={form.errors.cover_file ? 'field field-error' : 'field'}>
      <label htmlFor="field-cover_file">{e.cover}</label>
      {form.errors.cover_file && (
        <p className="error" id="field-cover_file-error">
          {form.errors.cover_file}
        </p>
      )}
      <select
        id="field-cover_file"
        name="cover_file"
        defaultValue={form.values.cover_file ?? ''}
        aria-describedby={form.errors.cover_file ? 'field-cover_file-error' : undefined}
      >
        <option value="">{e.noCover}</option>
        {images.map((f) => (
          <option key={f.id} value={String(f.id)}>
            {f.file_name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** the version's state, and the time it goes out (or the date readers see) */
export function StateFields({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const n = ctx.t.news;
  const e = n.editor;
  return (
    <>
      <fieldset className="stack">
        <legend>{e.state}</legend>
        {form.errors.state && <p className="error">{form.errors.state}</p>}
        {STATES.map((s) => (
          <div key={s}>
            <input
              type="radio"
              id={`state-${s}`}
              name="state"
              value={s}
              defaultChecked={(form.values.state ?? 'draft') === s}
            />{' '}
            <label htmlFor={`state-${s}`}>{n.states[s]}</label>
          </div>
        ))}
      </fieldset>
      <div className={form.errors.publish_at ? 'field field-error' : 'field'}>
        <label htmlFor="field-publish_at">{e.publishAt}</label>
        <p className="hint" id="field-publish_at-hint">
          {e.publishAtHint}
        </p>
        {form.errors.publish_at && (
          <p className="error" id="field-publish_at-error">
            {form.errors.publish_at}
          </p>
        )}
        <input
          type="datetime-local"
          id="field-publish_at"
          name="publish_at"
          defaultValue={form.values.publish_at ?? ''}
          aria-invalid={form.errors.publish_at ? true : undefined}
          aria-describedby={`field-publish_at-hint${form.errors.publish_at ? ' field-publish_at-error' : ''}`}
        />
      </div>
    </>
  );
}

/** what both languages share: the category, the tags, the organisations */
export function SharedFields({
  ctx,
  form,
  categories,
  organisations,
}: {
  ctx: PageContext;
  form: FormState;
  categories: CategoryRow[];
  organisations: OrganisationChoice;
}) {
  const e = ctx.t.news.editor;
  return (
    <fieldset className="stack">
      <legend>{e.shared}</legend>
      <div className={form.errors.category ? 'field field-error' : 'field'}>
        <label htmlFor="field-category">{e.category}</label>
        {form.errors.category && (
          <p className="error" id="field-category-error">
            {form.errors.category}
          </p>
        )}
        <select
          id="field-category"
          name="category"
          defaultValue={form.values.category ?? 'actualites'}
          aria-describedby={form.errors.category ? 'field-category-error' : undefined}
        >
          {categories.map((c) => (
            <option key={c.id} value={c.slug}>
              {trailOf(categories, c.id)
                .map((x) => categoryName(ctx, x))
                .join(' › ')}
            </option>
          ))}
        </select>
      </div>
      <Field form={form} name="tags" label={e.tags} hint={e.tagsHint} />
      {/* the directory's picker: a search that sends the form back with matches to tick, or with
          public/picker.js a combobox that ticks them in place */}
      <OrgPicker
        ctx={ctx}
        name="organisations"
        label={e.organisations}
        picker={organisations}
        multiple
        exclude=""
        {...(form.errors.organisations_q || form.errors.organisations
          ? { error: form.errors.organisations_q ?? form.errors.organisations }
          : {})}
      />
    </fieldset>
  );
}
