import type { FormState } from '../../web/forms.tsx';

/** The venue's form controls that web/forms.tsx does not have: a choice list and a check box. */

function describedBy(name: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `field-${name}-hint` : null, error ? `field-${name}-error` : null];
  return ids.filter(Boolean).join(' ') || undefined;
}

function Messages({ form, name, hint }: { form: FormState; name: string; hint?: string }) {
  const error = form.errors[name];
  return (
    <>
      {hint && (
        <p className="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error" id={`field-${name}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

export function SelectField({
  form,
  name,
  label,
  options,
  hint,
}: {
  form: FormState;
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  hint?: string;
}) {
  const error = form.errors[name];
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={`field-${name}`}>{label}</label>
      <Messages form={form} name={name} hint={hint} />
      <select
        id={`field-${name}`}
        name={name}
        defaultValue={form.values[name] ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), Boolean(error))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** a check box that posts `1` when ticked */
export function CheckBox({ form, name, label }: { form: FormState; name: string; label: string }) {
  const error = form.errors[name];
  return (
    <div className={error ? 'field field-error field-check' : 'field field-check'}>
      <Messages form={form} name={name} />
      <input
        type="checkbox"
        id={`field-${name}`}
        name={name}
        value="1"
        defaultChecked={form.values[name] === '1'}
        aria-describedby={describedBy(name, false, Boolean(error))}
      />{' '}
      <label htmlFor={`field-${name}`}>{label}</label>
    </div>
  );
}
