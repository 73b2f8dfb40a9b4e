import type { ReactNode } from 'react';
import type { FieldErrors } from '../kernel/errors.ts';
import type { PageContext } from './context.ts';

export type FormState = {
  values: Record<string, string>;
  errors: FieldErrors;
  /** a message about the whole form */
  message?: string;
};

export const emptyForm = (values: Record<string, string> = {}): FormState => ({
  values,
  errors: {},
});

export function ErrorSummary({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const entries = Object.entries(form.errors);
  if (entries.length === 0 && !form.message) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} id="error-summary">
      {form.message && <p>{form.message}</p>}
      {entries.length > 0 && (
        <>
          <p>{ctx.t.form.errorSummary}</p>
          <ul>
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#field-${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

type FieldProps = {
  form: FormState;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'number' | 'date';
  hint?: string;
  autoComplete?: string;
  required?: boolean;
  /** passwords are never sent back to the browser */
  keepValue?: boolean;
};

export function Field({
  form,
  name,
  label,
  type = 'text',
  hint,
  autoComplete,
  required,
  keepValue = true,
}: FieldProps) {
  return (
    <FieldFrame form={form} name={name} label={label} hint={hint}>
      {(control) => (
        <input
          {...control}
          type={type}
          defaultValue={keepValue ? (form.values[name] ?? '') : ''}
          autoComplete={autoComplete}
          required={required}
        />
      )}
    </FieldFrame>
  );
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken()} />;
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

/** A multi-line field with its label, hint and error, like `Field`. */
export function TextArea({
  form,
  name,
  label,
  hint,
  rows = 5,
  mono = false,
}: {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  rows?: number;
  mono?: boolean;
}) {
  return (
    <FieldFrame form={form} name={name} label={label} hint={hint}>
      {(control) => (
        <textarea
          {...control}
          rows={rows}
          defaultValue={form.values[name] ?? ''}
          className={mono ? 'mono' : undefined}
        />
      )}
    </FieldFrame>
  );
}

type ControlProps = {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
};

/** Label, hint and error around one control, wired together for assistive technology. */
function FieldFrame({
  form,
  name,
  label,
  hint,
  children,
}: {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = `field-${name}`;
  const error = form.errors[name];
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children({
        id,
        name,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': described || undefined,
      })}
    </div>
  );
}
