import { type FormField, HARD_MAX_ROWS } from './definition.ts';
import type { Answers } from './validate.ts';

/**
 * The names of a form's controls on the applicant's page: `a.<key>` for a field, and
 * `a.<group>.<row>.<key>` for a field of a group's row. The validator reads the strings as they
 * were typed (a number with a decimal comma, `yes`/`no`), so this only gathers them.
 */
export const controlName = (path: string) => `a.${path}`;

/** the id of a field's control, and the anchor the messages link to: `champ-founders-2-name` */
export const controlId = (path: string) => `champ-${path.replaceAll('.', '-')}`;

/** the most rows read from a posted group, whatever the indexes sent say */
const MAX_POSTED_ROW = HARD_MAX_ROWS * 2;

const isBlank = (v: unknown) =>
  v === undefined || v === '' || (Array.isArray(v) && v.every((x) => x === ''));

/** one posted value as the validator takes it: a list for a multiple choice, else one value */
function posted(field: FormField, raw: unknown): unknown {
  if (isBlank(raw)) return null;
  if (field.type === 'multiple_choice') {
    const list = Array.isArray(raw) ? raw : [raw];
    return list.filter((v) => v !== '');
  }
  return raw;
}

/** a group's rows from `a.<group>.<row>.<key>`, in the order of their indexes, blank rows left out */
function postedRows(field: FormField, body: Record<string, unknown>): Answers[] | null {
  const prefix = `${controlName(field.key)}.`;
  const indexes = new Set<number>();
  for (const name of Object.keys(body)) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index >= 0 && index < MAX_POSTED_ROW) indexes.add(index);
  }
  const rows: Answers[] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const row: Answers = {};
    for (const sub of field.fields ?? []) {
      const value = posted(sub, body[`${prefix}${index}.${sub.key}`]);
      if (value !== null) row[sub.key] = value;
    }
    if (Object.keys(row).length > 0) rows.push(row);
  }
  return rows.length > 0 ? rows : null;
}

/**
 * The answers a page's form posts, as a patch for the draft: every field the page offered gets a
 * value or `null` (a blank field, an unticked list: the answer is removed). Files are not in the
 * form (they are uploaded one by one), so their answers are left as they are; so are the fields
 * the page did not offer (`offered`: during a correction, only the fields named).
 */
export function answersFromForm(
  fields: readonly FormField[],
  body: unknown,
  offered: (key: string) => boolean = () => true,
): Answers {
  const values = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const patch: Answers = {};
  for (const field of fields) {
    if (field.type === 'file' || !offered(field.key)) continue;
    patch[field.key] =
      field.type === 'group'
        ? postedRows(field, values)
        : posted(field, values[controlName(field.key)]);
  }
  return patch;
}

/** stored answers as the page's controls show them: the same names as the form posts */
export function answersAsValues(
  fields: readonly FormField[],
  answers: Answers,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const put = (field: FormField, name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (field.type === 'multiple_choice' && Array.isArray(value)) out[name] = value.map(String);
    else if (field.type === 'yes_no' && typeof value === 'boolean')
      out[name] = value ? 'yes' : 'no';
    else if (typeof value === 'string' || typeof value === 'number') out[name] = String(value);
  };
  for (const field of fields) {
    const value = answers[field.key];
    if (field.type !== 'group') {
      put(field, controlName(field.key), value);
      continue;
    }
    if (!Array.isArray(value)) continue;
    value.forEach((row: unknown, i) => {
      if (typeof row !== 'object' || row === null) return;
      for (const sub of field.fields ?? [])
        put(sub, controlName(`${field.key}.${i}.${sub.key}`), (row as Answers)[sub.key]);
    });
  }
  return out;
}

/** how many rows a group shows: those answered, and one blank to fill (`extra` more if asked) */
export function rowsShown(field: FormField, values: Record<string, unknown>, extra = 0): number {
  const prefix = `${controlName(field.key)}.`;
  let highest = -1;
  for (const name of Object.keys(values)) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index < MAX_POSTED_ROW) highest = Math.max(highest, index);
  }
  const limit = Math.min(field.max ?? HARD_MAX_ROWS, HARD_MAX_ROWS);
  return Math.min(Math.max(highest + 2 + extra, field.min ?? 1, 1), limit);
}
