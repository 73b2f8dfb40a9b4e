import type { ReactNode } from 'react';
import type { PageContext } from '../../web/context.ts';
import { DEFAULT_MAX_LENGTH, type FormField } from '../forms/definition.ts';
import { controlId, controlName, rowsShown } from '../forms/form-data.ts';

export type FieldValues = Record<string, string | string[]>;

/** an attachment a file field holds, as the page shows it */
export type AttachedFile = { id: string; name: string; size: number; href: string };

export type FormFieldsProps = {
  ctx: PageContext;
  fields: readonly FormField[];
  values: FieldValues;
  /** answer path → message */
  errors: Readonly<Record<string, string>>;
  /** the fields shown editable (all, or those a correction names) */
  offered: (key: string) => boolean;
  files: Readonly<Record<string, AttachedFile | undefined>>;
  /** the form an upload control belongs to (it sits outside the answers' form) */
  uploadForm: (key: string) => string;
  /** the form that removes a question's file */
  removeForm: (key: string) => string;
  /** blank rows asked for, per group */
  moreRows?: Readonly<Record<string, number>>;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const label = (ctx: PageContext, f: { label: { fr: string; en: string } }) => f.label[ctx.locale];

/** what a field asks, in words: required, lengths, bounds, its condition */
function hints(ctx: PageContext, field: FormField, all: readonly FormField[]): string[] {
  const h = ctx.t.programmes.pages.hints;
  const out: string[] = [];
  if (field.required) out.push(h.required);
  if (field.type === 'text' || field.type === 'long_text') {
    const max = field.max_length ?? DEFAULT_MAX_LENGTH[field.type];
    out.push(field.min_length ? h.between(field.min_length, max) : h.atMost(max));
  }
  if (field.type === 'number' && (field.min !== undefined || field.max !== undefined))
    out.push(h.bounds(field.min, field.max));
  if (field.type === 'multiple_choice' && (field.min !== undefined || field.max !== undefined))
    out.push(h.choices(field.min, field.max));
  if (field.type === 'siret') out.push(h.siret);
  if (field.type === 'file') out.push(h.file(field.max ?? 10));
  if (field.show_if) {
    const on = all.find((f) => f.key === field.show_if?.field);
    const equals = field.show_if.equals;
    const option = on?.options?.find((o) => o.value === equals);
    const said =
      option?.label[ctx.locale] ??
      (typeof equals === 'boolean' ? (equals ? h.yes : h.no) : String(equals));
    out.push(h.shownIf(on ? label(ctx, on) : field.show_if.field, said));
  }
  return out;
}

type Wiring = { id: string; name: string; described: string | undefined; invalid: boolean };

/** label or legend, hint, error and control of one answer, wired for assistive technology */
function Frame({
  ctx,
  field,
  path,
  all,
  errors,
  grouped,
  children,
}: {
  ctx: PageContext;
  field: FormField;
  path: string;
  all: readonly FormField[];
  errors: Readonly<Record<string, string>>;
  /** radios and checkboxes: a fieldset and its legend */
  grouped: boolean;
  children: (w: Wiring) => ReactNode;
}) {
  const id = controlId(path);
  const error = errors[path];
  const said = hints(ctx, field, all);
  const described =
    [said.length > 0 ? `${id}-hint` : null, error ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const wiring = { id, name: controlName(path), described, invalid: error !== undefined };
  const head = (
    <>
      {said.length > 0 && (
        <p className="hint" id={`${id}-hint`}>
          {said.join(' · ')}
        </p>
      )}
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
  const condition = field.show_if
    ? {
        'data-show-if': field.show_if.field,
        'data-equals':
          typeof field.show_if.equals === 'boolean'
            ? field.show_if.equals
              ? 'yes'
              : 'no'
            : String(field.show_if.equals),
      }
    : {};
  const className = error ? 'field field-error' : 'field';
  if (grouped)
    return (
      <fieldset className={className} id={id} aria-describedby={described} {...condition}>
        <legend>{label(ctx, field)}</legend>
        {head}
        {children(wiring)}
      </fieldset>
    );
  return (
    <div className={className} {...condition}>
      <label htmlFor={id}>{label(ctx, field)}</label>
      {head}
      {children(wiring)}
    </div>
  );
}

function Choices({
  field,
  w,
  values,
  multiple,
  ctx,
}: {
  field: FormField;
  w: Wiring;
  values: string[];
  multiple: boolean;
  ctx: PageContext;
}) {
  return (
    <ul className="choices">
      {(field.options ?? []).map((o, i) => (
        <li key={o.value}>
          <label>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={w.name}
              value={o.value}
              id={i === 0 ? `${w.id}-0` : undefined}
              defaultChecked={values.includes(o.value)}
              aria-invalid={w.invalid || undefined}
            />{' '}
            {o.label[ctx.locale]}
          </label>
        </li>
      ))}
    </ul>
  );
}

/** one control that is neither a group nor a file */
function Leaf({
  ctx,
  field,
  path,
  all,
  values,
  errors,
}: {
  ctx: PageContext;
  field: FormField;
  path: string;
  all: readonly FormField[];
  values: FieldValues;
  errors: Readonly<Record<string, string>>;
}) {
  const value = values[controlName(path)];
  const grouped =
    field.type === 'multiple_choice' ||
    field.type === 'yes_no' ||
    (field.type === 'choice' && (field.options?.length ?? 0) <= 8);
  return (
    <Frame ctx={ctx} field={field} path={path} all={all} errors={errors} grouped={grouped}>
      {(w) => {
        const common = {
          id: w.id,
          name: w.name,
          'aria-describedby': w.described,
          'aria-invalid': w.invalid || undefined,
        };
        switch (field.type) {
          case 'long_text':
            return (
              <textarea
                {...common}
                rows={8}
                maxLength={field.max_length ?? DEFAULT_MAX_LENGTH.long_text}
                defaultValue={one(value)}
              />
            );
          case 'choice':
          case 'multiple_choice':
            if (grouped)
              return (
                <Choices
                  ctx={ctx}
                  field={field}
                  w={w}
                  values={many(value)}
                  multiple={field.type === 'multiple_choice'}
                />
              );
            return (
              <select {...common} defaultValue={one(value)}>
                <option value="">{ctx.t.programmes.pages.noChoice}</option>
                {(field.options ?? []).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label[ctx.locale]}
                  </option>
                ))}
              </select>
            );
          case 'yes_no': {
            const h = ctx.t.programmes.pages.hints;
            const yesNo = {
              ...field,
              options: [yesNoOption('yes', h.yes), yesNoOption('no', h.no)],
            };
            return <Choices ctx={ctx} field={yesNo} w={w} values={many(value)} multiple={false} />;
          }
          default:
            return <input {...common} {...inputKind(field)} defaultValue={one(value)} />;
        }
      }}
    </Frame>
  );
}

const yesNoOption = (value: string, text: string) => ({ value, label: { fr: text, en: text } });

/** the input's type and keyboard for a one-line answer */
function inputKind(field: FormField) {
  switch (field.type) {
    case 'number':
      // a text box: "12,5" is a number in French, which type=number refuses in some browsers
      return { type: 'text', inputMode: 'decimal' as const, autoComplete: 'off' };
    case 'date':
      return { type: 'date' };
    case 'email':
      return { type: 'email', autoComplete: 'email' };
    case 'url':
      return { type: 'url', inputMode: 'url' as const };
    case 'siret':
      return { type: 'text', inputMode: 'numeric' as const, autoComplete: 'off', maxLength: 20 };
    default:
      return { type: 'text', maxLength: field.max_length ?? DEFAULT_MAX_LENGTH.text };
  }
}

function FileField({
  ctx,
  field,
  all,
  errors,
  file,
  form,
  removeForm,
}: {
  ctx: PageContext;
  field: FormField;
  all: readonly FormField[];
  errors: Readonly<Record<string, string>>;
  file: AttachedFile | undefined;
  form: string;
  removeForm: string;
}) {
  const p = ctx.t.programmes.pages;
  return (
    <Frame ctx={ctx} field={field} path={field.key} all={all} errors={errors} grouped={false}>
      {(w) => (
        <>
          {file && (
            <p className="attached">
              {p.attached}{' '}
              <a href={file.href} download>
                {file.name}
              </a>{' '}
              ({ctx.fmt.number(Math.ceil(file.size / 1024))} {p.kilobytes}){' '}
              <button type="submit" form={removeForm} className="link-button">
                {p.removeFile}
              </button>
            </p>
          )}
          <input
            type="file"
            id={w.id}
            name="file"
            form={form}
            accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
            aria-describedby={w.described}
            aria-invalid={w.invalid || undefined}
          />{' '}
          <button type="submit" form={form} className="button secondary">
            {file ? p.replaceFile : p.attach}
          </button>
        </>
      )}
    </Frame>
  );
}

function Group({
  ctx,
  field,
  all,
  values,
  errors,
  extra,
}: {
  ctx: PageContext;
  field: FormField;
  all: readonly FormField[];
  values: FieldValues;
  errors: Readonly<Record<string, string>>;
  extra: number;
}) {
  const p = ctx.t.programmes.pages;
  const rows = rowsShown(field, values, extra);
  return (
    <Frame ctx={ctx} field={field} path={field.key} all={all} errors={errors} grouped>
      {() => (
        <>
          <ol className="group-rows">
            {Array.from({ length: rows }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position in the group
              <li key={i}>
                <fieldset>
                  <legend>{p.row(label(ctx, field), i + 1)}</legend>
                  {(field.fields ?? []).map((sub) => (
                    <Leaf
                      key={sub.key}
                      ctx={ctx}
                      field={sub}
                      path={`${field.key}.${i}.${sub.key}`}
                      all={field.fields ?? []}
                      values={values}
                      errors={errors}
                    />
                  ))}
                </fieldset>
              </li>
            ))}
          </ol>
          {rows < (field.max ?? 20) && (
            <button
              type="submit"
              name="intent"
              value={`row:${field.key}`}
              className="button secondary"
            >
              {p.addRow}
            </button>
          )}
        </>
      )}
    </Frame>
  );
}

/** The editable fields of an application's form, complete without JavaScript. */
export function FormFields(props: FormFieldsProps) {
  const { ctx, fields, values, errors } = props;
  return (
    <>
      {fields
        .filter((f) => props.offered(f.key))
        .map((field) => {
          if (field.type === 'group')
            return (
              <Group
                key={field.key}
                ctx={ctx}
                field={field}
                all={fields}
                values={values}
                errors={errors}
                extra={props.moreRows?.[field.key] ?? 0}
              />
            );
          if (field.type === 'file')
            return (
              <FileField
                key={field.key}
                ctx={ctx}
                field={field}
                all={fields}
                errors={errors}
                file={props.files[field.key]}
                form={props.uploadForm(field.key)}
                removeForm={props.removeForm(field.key)}
              />
            );
          return (
            <Leaf
              key={field.key}
              ctx={ctx}
              field={field}
              path={field.key}
              all={fields}
              values={values}
              errors={errors}
            />
          );
        })}
    </>
  );
}
