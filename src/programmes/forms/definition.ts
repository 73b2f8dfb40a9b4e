import { z } from 'zod';

/**
 * A call's form, as staff build it and the API gives it: a list of typed fields. Labels are in
 * both languages (a single string serves both); a group holds the fields of each of its rows
 * (one level: no group in a group); `show_if` shows a field only when an earlier field has a
 * given value (for a multiple choice: includes it), and its answer counts only then.
 */
export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'date',
  'choice',
  'multiple_choice',
  'yes_no',
  'email',
  'url',
  'siret',
  'file',
  'group',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type Label = { fr: string; en: string };
export type ShowIf = { field: string; equals: string | number | boolean };
export type ChoiceOption = { value: string; label: Label };

export type FormField = {
  key: string;
  type: FieldType;
  label: Label;
  required: boolean;
  /** a number's bounds; the count of choices of a multiple choice; the rows of a group; a file's MB (max) */
  min?: number;
  max?: number;
  /** a text's length, in characters */
  min_length?: number;
  max_length?: number;
  options?: ChoiceOption[];
  /** a group's fields, for each of its rows */
  fields?: FormField[];
  show_if?: ShowIf;
};

/** the longest a text may be when the form says nothing (short, long), and whatever it says */
export const DEFAULT_MAX_LENGTH = { text: 500, long_text: 10_000 } as const;
export const HARD_MAX_LENGTH = 50_000;
/** a file's size limit in MB when the form says nothing (its `max`), and whatever it says */
export const DEFAULT_FILE_MB = 10;
export const HARD_FILE_MB = 20;
/** the most rows a group takes when the form says nothing, and whatever it says */
export const DEFAULT_MAX_ROWS = 20;
export const HARD_MAX_ROWS = 100;
export const MAX_FIELDS = 150;

const KEY = /^[a-z][a-z0-9_]{0,62}$/;
const text = (max: number) => z.string().trim().min(1).max(max);
const label = z
  .union([text(500), z.object({ fr: text(500), en: text(500) })])
  .transform((l): Label => (typeof l === 'string' ? { fr: l, en: l } : l));
const count = z.number().int().min(0).max(1_000_000);

const fieldShape = {
  key: z.string().regex(KEY, 'key: lowercase letters, digits and _, starting with a letter'),
  type: z.enum(FIELD_TYPES),
  label,
  required: z.boolean().default(false),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  min_length: count.optional(),
  max_length: count.max(HARD_MAX_LENGTH).optional(),
  options: z
    .array(z.object({ value: text(200), label }))
    .min(1)
    .max(200)
    .optional(),
  show_if: z
    .object({ field: z.string().regex(KEY), equals: z.union([text(200), z.number(), z.boolean()]) })
    .optional(),
};

const leafField = z.object(fieldShape).strict();
const anyField = z
  .object({ ...fieldShape, fields: z.array(leafField).min(1).max(50).optional() })
  .strict();

type RawField = z.infer<typeof anyField>;

/** what one field's attributes must say for its type (a problem each, with its path) */
function fieldProblems(
  f: RawField | z.infer<typeof leafField>,
  ctx: z.RefinementCtx,
  at: PropertyKey[],
) {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message, path: at });
  const isChoice = f.type === 'choice' || f.type === 'multiple_choice';
  if (isChoice && !f.options) problem(`${f.key}: a choice needs options`);
  if (!isChoice && f.options) problem(`${f.key}: only a choice has options`);
  if (isChoice && f.options) {
    const values = f.options.map((o) => o.value);
    if (new Set(values).size !== values.length) problem(`${f.key}: two options share a value`);
  }
  const isText = f.type === 'text' || f.type === 'long_text';
  if (!isText && (f.min_length !== undefined || f.max_length !== undefined))
    problem(`${f.key}: only a text has a length`);
  const counts = f.type === 'number' || f.type === 'multiple_choice' || f.type === 'group';
  const isFile = f.type === 'file';
  if (!counts && (f.min !== undefined || (f.max !== undefined && !isFile)))
    problem(
      `${f.key}: min and max are for a number, a multiple choice or a group (max: a file's MB)`,
    );
  if (isFile && f.max !== undefined && !(f.max > 0 && f.max <= HARD_FILE_MB))
    problem(`${f.key}: a file's max is its size in MB, above 0 and at most ${HARD_FILE_MB}`);
  if (f.min !== undefined && f.max !== undefined && f.min > f.max)
    problem(`${f.key}: min is above max`);
  if (f.min_length !== undefined && f.max_length !== undefined && f.min_length > f.max_length)
    problem(`${f.key}: min_length is above max_length`);
  const hasFields = 'fields' in f && f.fields !== undefined;
  if (f.type === 'group' && !hasFields) problem(`${f.key}: a group needs its fields`);
  if (f.type !== 'group' && hasFields) problem(`${f.key}: only a group has fields`);
  if (f.type === 'group' && f.max !== undefined && f.max > HARD_MAX_ROWS)
    problem(`${f.key}: a group takes at most ${HARD_MAX_ROWS} rows`);
}

/** keys unique among siblings; a condition names an earlier sibling (or an earlier top field) */
function listProblems(
  list: readonly (RawField | z.infer<typeof leafField>)[],
  ctx: z.RefinementCtx,
  at: PropertyKey[],
  outer: ReadonlySet<string>,
) {
  const seen = new Set<string>();
  list.forEach((f, i) => {
    if (seen.has(f.key))
      ctx.addIssue({
        code: 'custom',
        message: `${f.key}: two fields share this key`,
        path: [...at, i],
      });
    if (f.show_if && !seen.has(f.show_if.field) && !outer.has(f.show_if.field))
      ctx.addIssue({
        code: 'custom',
        message: `${f.key}: show_if names ${f.show_if.field}, which is not an earlier field`,
        path: [...at, i, 'show_if'],
      });
    fieldProblems(f, ctx, [...at, i]);
    if ('fields' in f && f.fields) listProblems(f.fields, ctx, [...at, i, 'fields'], seen);
    seen.add(f.key);
  });
}

/** A form definition, checked: what staff send, what a form version stores. */
export const formDefinition = z
  .array(anyField)
  .min(1)
  .max(MAX_FIELDS)
  .superRefine((list, ctx) => listProblems(list, ctx, [], new Set()))
  .transform((list) => list as FormField[]);

/** the most bytes a file field takes: its `max` in MB, 10 when it says nothing, 20 at most */
export function fileLimitBytes(field: Pick<FormField, 'max'>): number {
  const mb = Math.min(field.max ?? DEFAULT_FILE_MB, HARD_FILE_MB);
  return Math.floor(mb * 1024 * 1024);
}

/** the stored fields of a form version (checked when written; read back as they were) */
export function storedFields(value: unknown): FormField[] {
  return value as FormField[];
}
