import type { ReactNode } from 'react';
import type { FormState } from '../../../web/forms.tsx';

/** The set-up forms' controls that web/forms.tsx does not have: a check box, a Paris time, a small number. */

/** the ids of an input's hint and error, for aria-describedby */
function describedBy(name: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `field-${name}-hint` : null, error ? `field-${name}-error` : null];
  return ids.filter(Boolean).join(' ') || undefined;
}

export function ErrorLine({ form, name }: { form: FormState; name: string }) {
  const error = form.errors[name];
  if (!error) return null;
  return (
    <p className="error" id={`field-${name}-error`}>
      {error}
    </p>
  );
}

/** a check box that posts `1` when ticked */
export function CheckBox({
  form,
  name,
  label,
  children,
}: {
  form: FormState;
  name: string;
  label: string;
  children?: ReactNode;
}) {
  const error = form.errors[name];
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <ErrorLine form={form} name={name} />
      <input
        type="checkbox"
        id={`field-${name}`}
        name={name}
        value="1"
        defaultChecked={form.values[name] === '1'}
        aria-describedby={describedBy(name, false, Boolean(error))}
      />{' '}
      <label htmlFor={`field-${name}`}>{label}</label>
      {children}
    </div>
  );
}

/** an input of another type than web/forms.tsx's Field takes (a Paris time, a small number) */
export function TypedField({
  form,
  name,
  label,
  type,
  hint,
  size,
}: {
  form: FormState;
  name: string;
  label: string;
  type: 'datetime-local' | 'text';
  hint?: string;
  size?: number;
}) {
  const error = form.errors[name];
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={`field-${name}`}>{label}</label>
      {hint && (
        <p className="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
      <ErrorLine form={form} name={name} />
      <input
        type={type}
        id={`field-${name}`}
        name={name}
        defaultValue={form.values[name] ?? ''}
        size={size}
        inputMode={type === 'text' && size !== undefined && size < 10 ? 'numeric' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), Boolean(error))}
      />
    </div>
  );
}
