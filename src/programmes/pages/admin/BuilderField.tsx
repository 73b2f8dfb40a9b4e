import type { PageContext } from '../../../web/context.ts';
import type { FormState } from '../../../web/forms.tsx';
import { BUILDER_TYPES, type DraftField, prefixOf } from '../../form-builder.ts';
import { ErrorLine } from './controls.tsx';

type Place = { i: number; j?: number; count: number };

/** a text input of a field's attribute, its label, hint and error wired together */
function Attribute({
  form,
  name,
  label,
  value,
  hint,
  size,
  long,
}: {
  form: FormState;
  name: string;
  label: string;
  value: string;
  hint?: string;
  size?: number;
  long?: boolean;
}) {
  const error = form.errors[name];
  const described =
    [hint ? `field-${name}-hint` : null, error ? `field-${name}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const control = {
    id: `field-${name}`,
    name,
    defaultValue: value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
  };
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={control.id}>{label}</label>
      {hint && (
        <p className="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
      <ErrorLine form={form} name={name} />
      {long ? (
        <textarea {...control} rows={4} className="mono" />
      ) : (
        <input type="text" {...control} size={size} />
      )}
    </div>
  );
}

/** move up, move down, remove: buttons that send the page back with the change, nothing saved */
function FieldButtons({ ctx, place, n }: { ctx: PageContext; place: Place; n: number }) {
  const b = ctx.t.programmes.admin.builder;
  const at = place.j === undefined ? `${place.i}` : `${place.i}.${place.j}`;
  const index = place.j ?? place.i;
  const hidden = <span className="visually-hidden">{b.ofField(n)}</span>;
  return (
    <p className="row-actions">
      {index > 0 && (
        <button type="submit" name="action" value={`up:${at}`} className="secondary">
          {b.up}
          {hidden}
        </button>
      )}{' '}
      {index < place.count - 1 && (
        <button type="submit" name="action" value={`down:${at}`} className="secondary">
          {b.down}
          {hidden}
        </button>
      )}{' '}
      <button type="submit" name="action" value={`remove:${at}`} className="secondary">
        {b.remove}
        {hidden}
      </button>
    </p>
  );
}

/**
 * One field of the form as an editable fieldset: its key, type, labels, whether it is required,
 * its bounds, options and condition; a group's fields inside it, each the same way.
 */
export function BuilderField({
  ctx,
  form,
  draft,
  place,
}: {
  ctx: PageContext;
  form: FormState;
  draft: DraftField;
  place: Place;
}) {
  const b = ctx.t.programmes.admin.builder;
  const p = prefixOf(place.i, place.j);
  const n = (place.j ?? place.i) + 1;
  const legend = place.j === undefined ? b.field(n) : b.subField(n);
  const typeError = form.errors[`${p}type`];
  return (
    <fieldset className="stack card" id={`builder-${p.slice(0, -1)}`}>
      <legend>
        {legend}
        {draft.key && <span className="mono"> — {draft.key}</span>}
      </legend>
      <Attribute form={form} name={`${p}key`} label={b.key} value={draft.key} hint={b.keyHint} />
      <div className={typeError ? 'field field-error' : 'field'}>
        <label htmlFor={`field-${p}type`}>{b.type}</label>
        <ErrorLine form={form} name={`${p}type`} />
        <select
          id={`field-${p}type`}
          name={`${p}type`}
          defaultValue={draft.type}
          aria-describedby={typeError ? `field-${p}type-error` : undefined}
        >
          {BUILDER_TYPES.filter((t) => place.j === undefined || t !== 'group').map((t) => (
            <option key={t} value={t}>
              {b.types[t]}
            </option>
          ))}
        </select>
      </div>
      <Attribute form={form} name={`${p}label_fr`} label={b.labelFr} value={draft.label_fr} />
      <Attribute
        form={form}
        name={`${p}label_en`}
        label={b.labelEn}
        value={draft.label_en}
        hint={b.labelEnHint}
      />
      <div className="field">
        <input
          type="checkbox"
          id={`field-${p}required`}
          name={`${p}required`}
          value="1"
          defaultChecked={draft.required}
        />{' '}
        <label htmlFor={`field-${p}required`}>{b.required}</label>
      </div>
      <fieldset className="stack">
        <legend>{b.bounds}</legend>
        <p className="hint">{b.boundsHint}</p>
        <Attribute form={form} name={`${p}min`} label={b.min} value={draft.min} size={8} />
        <Attribute form={form} name={`${p}max`} label={b.max} value={draft.max} size={8} />
        <Attribute
          form={form}
          name={`${p}min_length`}
          label={b.minLength}
          value={draft.min_length}
          size={8}
        />
        <Attribute
          form={form}
          name={`${p}max_length`}
          label={b.maxLength}
          value={draft.max_length}
          size={8}
        />
      </fieldset>
      <Attribute
        form={form}
        name={`${p}options`}
        label={b.options}
        value={draft.options}
        hint={b.optionsHint}
        long
      />
      <fieldset className="stack">
        <legend>{b.showIf}</legend>
        <p className="hint">{b.showIfHint}</p>
        <Attribute
          form={form}
          name={`${p}show_if_field`}
          label={b.showIfField}
          value={draft.show_if_field}
        />
        <Attribute
          form={form}
          name={`${p}show_if_value`}
          label={b.showIfValue}
          value={draft.show_if_value}
        />
      </fieldset>
      {place.j === undefined && (draft.type === 'group' || draft.fields.length > 0) && (
        <fieldset className="stack" id={`field-${p}fields`}>
          <legend>{b.subFields}</legend>
          <ErrorLine form={form} name={`${p}fields`} />
          <input type="hidden" name={`${p}count`} value={String(draft.fields.length)} />
          {draft.fields.map((sub, j) => (
            <BuilderField
              // biome-ignore lint/suspicious/noArrayIndexKey: a field's place is its identity on this page
              key={j}
              ctx={ctx}
              form={form}
              draft={sub}
              place={{ i: place.i, j, count: draft.fields.length }}
            />
          ))}
          <p>
            <button type="submit" name="action" value={`add_sub:${place.i}`} className="secondary">
              {b.addSub}
              <span className="visually-hidden">{b.ofField(n)}</span>
            </button>
          </p>
        </fieldset>
      )}
      <FieldButtons ctx={ctx} place={place} n={n} />
    </fieldset>
  );
}
