import { hasForbiddenCharacters } from '../../kernel/text.ts';
import { isWebAddress } from '../../kernel/urls.ts';
import { isValidSiret } from '../../sirene/identifiers.ts';
import {
  DEFAULT_MAX_LENGTH,
  DEFAULT_MAX_ROWS,
  type FormField,
  HARD_MAX_LENGTH,
  HARD_MAX_ROWS,
} from './definition.ts';

/** why an answer is refused: its message is the catalogue's (programmes.fr.ts `answers`) */
export type IssueCode =
  | 'required'
  | 'not_text'
  | 'too_short'
  | 'too_long'
  | 'not_number'
  | 'too_small'
  | 'too_large'
  | 'not_date'
  | 'not_choice'
  | 'too_few_choices'
  | 'too_many_choices'
  | 'not_yes_no'
  | 'not_email'
  | 'not_url'
  | 'not_siret'
  | 'unknown_siret'
  | 'not_file'
  | 'not_rows'
  | 'too_few_rows'
  | 'too_many_rows'
  | 'unknown_field'
  | 'not_answers';

/** `field` is the answer's path: `name`, or `founders.2.role` for a row of a group */
export type FieldIssue = { field: string; code: IssueCode; limit?: number };

export type Answers = Record<string, unknown>;

/**
 * 'draft': what is given must be valid, nothing is required yet; 'submit': every required field
 * shown must be answered too.
 */
export type Mode = 'draft' | 'submit';

export type Validated = {
  /** the answers as stored: normalised, without those of hidden fields */
  answers: Answers;
  issues: FieldIssue[];
  /** the SIRETs given (each with its path), for the service to look up in the directory */
  sirets: { field: string; siret: string }[];
  /** the files given (each with its path), for the service to find among the application's */
  files: { field: string; ref: string }[];
};

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FILE_REF = /^[A-Za-z0-9_-]{1,100}$/;
const DECIMAL = /^-?\d{1,15}(?:[.,]\d{1,10})?$/;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return (
    y >= 1000 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d
  );
}

/** a text's length in characters (code points), without reading a huge one through */
function length(text: string): number {
  return text.length > HARD_MAX_LENGTH * 2 ? text.length : [...text].length;
}

/** whether a condition holds for the answers given so far (a hidden field's answer is absent) */
export function shown(field: FormField, scope: Answers, outer: Answers): boolean {
  if (!field.show_if) return true;
  const { field: other, equals } = field.show_if;
  const value = other in scope ? scope[other] : outer[other];
  if (Array.isArray(value)) return value.includes(equals);
  return value === equals;
}

type Leaf = { value: unknown } | { issue: IssueCode; limit?: number };

function textAnswer(field: FormField, value: unknown): Leaf {
  if (typeof value !== 'string') return { issue: 'not_text' };
  const kind = field.type === 'long_text' ? 'long_text' : 'text';
  const max = Math.min(field.max_length ?? DEFAULT_MAX_LENGTH[kind], HARD_MAX_LENGTH);
  const n = length(value);
  if (n > max) return { issue: 'too_long', limit: max };
  if (field.min_length !== undefined && n < field.min_length)
    return { issue: 'too_short', limit: field.min_length };
  // a control character is refused at the edge; here too, for answers that come another way
  if (hasForbiddenCharacters(value)) return { issue: 'not_text' };
  return { value };
}

function numberAnswer(field: FormField, value: unknown): Leaf {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && DECIMAL.test(value.trim())
        ? Number(value.trim().replace(',', '.'))
        : Number.NaN;
  if (!Number.isFinite(n)) return { issue: 'not_number' };
  if (field.min !== undefined && n < field.min) return { issue: 'too_small', limit: field.min };
  if (field.max !== undefined && n > field.max) return { issue: 'too_large', limit: field.max };
  return { value: n };
}

function choicesAnswer(field: FormField, value: unknown): Leaf {
  const allowed = new Set((field.options ?? []).map((o) => o.value));
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > allowed.size) return { issue: 'not_choice' };
  if (!list.every((v) => typeof v === 'string' && allowed.has(v))) return { issue: 'not_choice' };
  const unique = [...new Set(list as string[])];
  if (field.min !== undefined && unique.length < field.min)
    return { issue: 'too_few_choices', limit: field.min };
  if (field.max !== undefined && unique.length > field.max)
    return { issue: 'too_many_choices', limit: field.max };
  return { value: unique };
}

/** one answer that is not a group's, already known not to be empty */
function leafAnswer(field: FormField, value: unknown): Leaf {
  switch (field.type) {
    case 'text':
    case 'long_text':
      return textAnswer(field, value);
    case 'number':
      return numberAnswer(field, value);
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? { value } : { issue: 'not_date' };
    case 'choice': {
      const ok = typeof value === 'string' && (field.options ?? []).some((o) => o.value === value);
      return ok ? { value } : { issue: 'not_choice' };
    }
    case 'multiple_choice':
      return choicesAnswer(field, value);
    case 'yes_no':
      if (typeof value === 'boolean') return { value };
      if (value === 'yes' || value === 'no') return { value: value === 'yes' };
      return { issue: 'not_yes_no' };
    case 'email':
      return typeof value === 'string' && value.length <= 254 && EMAIL.test(value.trim())
        ? { value: value.trim() }
        : { issue: 'not_email' };
    case 'url':
      return typeof value === 'string' && value.length <= 2000 && isWebAddress(value.trim())
        ? { value: value.trim() }
        : { issue: 'not_url' };
    case 'siret': {
      const digits =
        typeof value === 'string' && value.length <= 40 ? value.replace(/[\s.]/g, '') : '';
      return isValidSiret(digits) ? { value: digits } : { issue: 'not_siret' };
    }
    case 'file':
      // an attachment's id; given as a number, kept as its text
      if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0)
        return { value: String(value) };
      return typeof value === 'string' && FILE_REF.test(value) ? { value } : { issue: 'not_file' };
    default:
      return { issue: 'not_text' };
  }
}

function validateList(
  fields: readonly FormField[],
  given: Answers,
  mode: Mode,
  out: Validated,
  at: string,
  outer: Answers,
): Answers {
  const kept: Answers = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) out.issues.push({ field: `${at}${key}`, code: 'unknown_field' });
  }
  for (const field of fields) {
    const path = `${at}${field.key}`;
    // the answers kept so far decide: a field hidden by an earlier hidden one is hidden too
    if (!shown(field, kept, outer)) continue;
    const value = Object.hasOwn(given, field.key) ? given[field.key] : undefined;
    if (field.type === 'group') {
      const rows = groupAnswer(field, value, mode, out, path, kept);
      if (rows !== undefined) kept[field.key] = rows;
      continue;
    }
    if (isEmpty(value)) {
      if (mode === 'submit' && field.required) out.issues.push({ field: path, code: 'required' });
      continue;
    }
    const leaf = leafAnswer(field, value);
    if ('issue' in leaf) {
      out.issues.push({
        field: path,
        code: leaf.issue,
        ...(leaf.limit !== undefined ? { limit: leaf.limit } : {}),
      });
      continue;
    }
    kept[field.key] = leaf.value;
    if (field.type === 'siret') out.sirets.push({ field: path, siret: leaf.value as string });
    if (field.type === 'file') out.files.push({ field: path, ref: leaf.value as string });
  }
  return kept;
}

function groupAnswer(
  field: FormField,
  value: unknown,
  mode: Mode,
  out: Validated,
  path: string,
  outer: Answers,
): Answers[] | undefined {
  const rows = isEmpty(value) ? [] : value;
  if (!Array.isArray(rows) || !rows.every(isPlainObject)) {
    out.issues.push({ field: path, code: 'not_rows' });
    return undefined;
  }
  const max = Math.min(field.max ?? DEFAULT_MAX_ROWS, HARD_MAX_ROWS);
  if (rows.length > max) {
    out.issues.push({ field: path, code: 'too_many_rows', limit: max });
    return undefined;
  }
  const min = field.min ?? (field.required ? 1 : 0);
  if (mode === 'submit' && rows.length < min) {
    out.issues.push(
      rows.length === 0 && field.required
        ? { field: path, code: 'required' }
        : { field: path, code: 'too_few_rows', limit: min },
    );
  }
  const kept = rows.map((row, i) =>
    validateList(field.fields ?? [], row, mode, out, `${path}.${i}.`, outer),
  );
  return kept.length > 0 ? kept : undefined;
}

/**
 * Checks a set of answers against a form version: a message per field, never a throw. Answers
 * of a hidden field are left out (not checked, not kept), a field is required only when shown,
 * each row of a group is checked on its own, and a key the form does not have is named.
 */
export function validateAnswers(
  fields: readonly FormField[],
  answers: unknown,
  mode: Mode,
): Validated {
  const out: Validated = { answers: {}, issues: [], sirets: [], files: [] };
  if (!isPlainObject(answers)) {
    out.issues.push({ field: '_form', code: 'not_answers' });
    return out;
  }
  out.answers = validateList(fields, answers, mode, out, '', {});
  return out;
}
