import type { z } from 'zod';
import {
  FIELD_TYPES,
  type FieldType,
  type FormField,
  formDefinition,
  MAX_FIELDS,
} from './forms/definition.ts';

/**
 * The form builder's page without JavaScript: every field of the form is a fieldset of inputs
 * named after its place (`f2_label_fr`, a group's sub-field `f2_s0_key`), posted whole at every
 * button. This file turns what was posted into the fields being edited (strings, as typed), applies
 * the button pressed (add, remove, move), turns the fields into what `formDefinition` checks, and
 * files each of its problems under the input it is about. Pure: no I/O, never throws on input.
 */

/** one field as the page shows it: every attribute as typed */
export type DraftField = {
  key: string;
  type: string;
  label_fr: string;
  label_en: string;
  required: boolean;
  min: string;
  max: string;
  min_length: string;
  max_length: string;
  /** one option a line: `value|label FR|label EN` */
  options: string;
  show_if_field: string;
  show_if_value: string;
  /** a group's fields */
  fields: DraftField[];
};

/** the most sub-fields a group holds, as the definition allows */
export const MAX_SUB_FIELDS = 50;
/** what is sent back of one input, whatever was posted (a 5 MB label comes back cut) */
export const MAX_ECHO = 10_000;
const ATTRIBUTES = [
  'key',
  'type',
  'label_fr',
  'label_en',
  'min',
  'max',
  'min_length',
  'max_length',
  'options',
  'show_if_field',
  'show_if_value',
] as const;

export type BuilderMessage =
  | { code: 'key_format' | 'key_duplicate' | 'type_unknown' | 'label_required' }
  | { code: 'label_too_long' | 'text_too_long' | 'too_many_options'; n: number }
  | { code: 'not_number' | 'not_whole_number' | 'needs_options' | 'only_choice_options' }
  | { code: 'option_duplicate' | 'option_empty' | 'length_only_text' | 'min_max_only_counts' }
  | { code: 'min_above_max' | 'group_needs_fields' | 'only_group_fields' | 'show_if_unknown' }
  | { code: 'show_if_value' | 'no_fields' | 'invalid' | 'too_long_input' }
  | { code: 'too_many_fields' | 'group_too_many_rows' | 'too_large'; n: number };

/** input name → its problem */
export type BuilderProblems = Record<string, BuilderMessage>;

export function emptyDraft(type: string = 'text'): DraftField {
  return {
    key: '',
    type: (FIELD_TYPES as readonly string[]).includes(type) ? type : 'text',
    label_fr: '',
    label_en: '',
    required: false,
    min: '',
    max: '',
    min_length: '',
    max_length: '',
    options: '',
    show_if_field: '',
    show_if_value: '',
    fields: [],
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, MAX_ECHO) : '');
const num = (v: number | undefined) => (v === undefined ? '' : String(v));

/** the fields of a stored form version, as the page shows them */
export function draftsOf(fields: readonly FormField[]): DraftField[] {
  return fields.map((f) => ({
    key: f.key,
    type: f.type,
    label_fr: f.label.fr,
    label_en: f.label.en === f.label.fr ? '' : f.label.en,
    required: f.required,
    min: num(f.min),
    max: num(f.max),
    min_length: num(f.min_length),
    max_length: num(f.max_length),
    options: (f.options ?? [])
      .map((o) => [o.value, o.label.fr, ...(o.label.en !== o.label.fr ? [o.label.en] : [])])
      .map((parts) => parts.join('|'))
      .join('\n'),
    show_if_field: f.show_if?.field ?? '',
    show_if_value: f.show_if === undefined ? '' : String(f.show_if.equals),
    fields: draftsOf(f.fields ?? []),
  }));
}

/** a count posted by the page: a small whole number, else 0 */
function countOf(v: unknown, max: number): number {
  const n = typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : 0;
  return Math.min(n, max);
}

function readOne(body: Record<string, unknown>, prefix: string, depth: number): DraftField {
  const draft = emptyDraft();
  for (const a of ATTRIBUTES) draft[a] = str(body[`${prefix}${a}`]);
  draft.required = body[`${prefix}required`] === '1';
  if (depth === 0) {
    const count = countOf(body[`${prefix}count`], MAX_SUB_FIELDS + 1);
    for (let j = 0; j < count; j++) draft.fields.push(readOne(body, `${prefix}s${j}_`, 1));
  }
  return draft;
}

/** the fields as posted (`count` fields, each with its sub-fields), as typed */
export function readDrafts(body: unknown): DraftField[] {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const count = countOf(b.count, MAX_FIELDS + 1);
  const out: DraftField[] = [];
  for (let i = 0; i < count; i++) out.push(readOne(b, `f${i}_`, 0));
  return out;
}

function postOne(d: DraftField, prefix: string, out: Record<string, string>, depth: number) {
  for (const a of ATTRIBUTES) out[`${prefix}${a}`] = d[a];
  if (d.required) out[`${prefix}required`] = '1';
  if (depth === 0) {
    out[`${prefix}count`] = String(d.fields.length);
    d.fields.forEach((s, j) => {
      postOne(s, `${prefix}s${j}_`, out, 1);
    });
  }
}

/** what the page posts for these fields (readDrafts' inverse), as a browser sends it */
export function postedOf(drafts: readonly DraftField[]): Record<string, string> {
  const out: Record<string, string> = { count: String(drafts.length) };
  drafts.forEach((d, i) => {
    postOne(d, `f${i}_`, out, 0);
  });
  return out;
}

/** the input names of a field: `f2_`, or a group's sub-field `f2_s0_` */
export const prefixOf = (i: number, j?: number) => (j === undefined ? `f${i}_` : `f${i}_s${j}_`);

export type BuilderAction =
  | { kind: 'save' }
  /** the form's default button (Enter in a box): shows the page again, nothing moved or saved */
  | { kind: 'refresh' }
  | { kind: 'add'; type: string }
  | { kind: 'add_sub'; at: number }
  | { kind: 'remove' | 'up' | 'down'; at: number; sub?: number };

/** the button pressed: `save`, `add` (with `new_type`), `add_sub:2`, `remove:2`, `up:2.0`… */
export function actionOf(body: unknown): BuilderAction {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const action = typeof b.action === 'string' ? b.action : 'save';
  if (action === 'add') return { kind: 'add', type: str(b.new_type) };
  if (action === 'refresh') return { kind: 'refresh' };
  const m = /^(add_sub|remove|up|down):(\d{1,4})(?:\.(\d{1,4}))?$/.exec(action);
  if (!m) return { kind: 'save' };
  const at = Number(m[2]);
  if (m[1] === 'add_sub') return { kind: 'add_sub', at };
  return { kind: m[1] as 'remove', at, ...(m[3] !== undefined ? { sub: Number(m[3]) } : {}) };
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
}

function onList<T>(list: T[], action: { kind: string; at: number }): T[] {
  if (action.kind === 'remove') return list.filter((_, i) => i !== action.at);
  if (action.kind === 'up') return move(list, action.at, action.at - 1);
  if (action.kind === 'down') return move(list, action.at, action.at + 1);
  return list;
}

/** the fields after a button other than save: what the page shows next, nothing saved */
export function applyAction(drafts: DraftField[], action: BuilderAction): DraftField[] {
  switch (action.kind) {
    case 'save':
    case 'refresh':
      return drafts;
    case 'add':
      return drafts.length >= MAX_FIELDS ? drafts : [...drafts, emptyDraft(action.type)];
    case 'add_sub':
      return drafts.map((d, i) =>
        i === action.at && d.fields.length < MAX_SUB_FIELDS
          ? { ...d, fields: [...d.fields, emptyDraft()] }
          : d,
      );
    default: {
      const { sub } = action;
      if (sub === undefined) return onList(drafts, action);
      return drafts.map((d, i) =>
        i === action.at ? { ...d, fields: onList(d.fields, { kind: action.kind, at: sub }) } : d,
      );
    }
  }
}

/** a bound as typed: absent, a number, or NaN (which the definition refuses, by its name) */
function numberOf(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

function optionsOf(text: string): { value: string; label: { fr: string; en: string } }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [value = '', fr = '', en = ''] = line.split('|').map((p) => p.trim());
      const labelFr = fr || value;
      return { value, label: { fr: labelFr, en: en || labelFr } };
    });
}

/** the value a condition waits for, in the type of the field it names */
function conditionValue(value: string, named: DraftField | undefined): string | number | boolean {
  const v = value.trim();
  if (named?.type === 'yes_no')
    return ['oui', 'yes', 'true', '1', 'o', 'y'].includes(v.toLowerCase());
  if (named?.type === 'number' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

function rawOne(d: DraftField, earlier: readonly DraftField[]): Record<string, unknown> {
  const fr = d.label_fr.trim();
  const en = d.label_en.trim();
  const raw: Record<string, unknown> = {
    key: d.key.trim(),
    type: d.type,
    label: { fr, en: en || fr },
    required: d.required,
  };
  for (const a of ['min', 'max', 'min_length', 'max_length'] as const) {
    const n = numberOf(d[a]);
    if (n !== undefined) raw[a] = n;
  }
  if (d.options.trim() !== '') raw.options = optionsOf(d.options);
  const field = d.show_if_field.trim();
  if (field !== '') {
    const named = earlier.find((e) => e.key.trim() === field);
    raw.show_if = { field, equals: conditionValue(d.show_if_value, named) };
  }
  if (d.type === 'group' || d.fields.length > 0)
    raw.fields = d.fields.map((s, j) => rawOne(s, [...earlier, ...d.fields.slice(0, j)]));
  return raw;
}

/** what `formDefinition` checks: the fields as the API would send them */
export function rawForm(drafts: readonly DraftField[]): Record<string, unknown>[] {
  return drafts.map((d, i) => rawOne(d, drafts.slice(0, i)));
}

/** what the definition's own words say, as a code the page words in its language */
function customMessage(message: string): { attribute: string; message: BuilderMessage } {
  const rules: [RegExp, string, BuilderMessage][] = [
    [/two fields share this key/, 'key', { code: 'key_duplicate' }],
    [/show_if names/, 'show_if_field', { code: 'show_if_unknown' }],
    [/a choice needs options/, 'options', { code: 'needs_options' }],
    [/only a choice has options/, 'options', { code: 'only_choice_options' }],
    [/two options share a value/, 'options', { code: 'option_duplicate' }],
    [/only a text has a length/, 'min_length', { code: 'length_only_text' }],
    [/min and max are for/, 'min', { code: 'min_max_only_counts' }],
    [/min_length is above max_length/, 'min_length', { code: 'min_above_max' }],
    [/min is above max/, 'min', { code: 'min_above_max' }],
    [/a group needs its fields/, 'fields', { code: 'group_needs_fields' }],
    [/only a group has fields/, 'type', { code: 'only_group_fields' }],
    [/a group takes at most (\d+)/, 'max', { code: 'group_too_many_rows', n: 0 }],
  ];
  for (const [pattern, attribute, msg] of rules) {
    const m = pattern.exec(message);
    if (m) return { attribute, message: m[1] ? { ...msg, n: Number(m[1]) } : msg } as never;
  }
  return { attribute: 'key', message: { code: 'invalid' } };
}

type ZodIssue = z.core.$ZodIssue;

/** a problem of one attribute, by the kind of problem Zod found */
function builtinMessage(issue: ZodIssue, attribute: string): BuilderMessage {
  if (attribute === 'key') return { code: 'key_format' };
  if (attribute === 'type') return { code: 'type_unknown' };
  if (attribute.startsWith('label')) {
    if (issue.code === 'too_big') return { code: 'label_too_long', n: Number(issue.maximum) };
    return { code: 'label_required' };
  }
  if (attribute === 'options') {
    if (issue.code === 'too_big' && issue.origin === 'array')
      return { code: 'too_many_options', n: Number(issue.maximum) };
    if (issue.code === 'too_big') return { code: 'text_too_long', n: Number(issue.maximum) };
    return { code: 'option_empty' };
  }
  if (attribute === 'show_if_value') return { code: 'show_if_value' };
  if (attribute === 'fields') {
    if (issue.code === 'too_big') return { code: 'too_many_fields', n: Number(issue.maximum) };
    return { code: 'group_needs_fields' };
  }
  if (issue.code === 'too_big') return { code: 'too_large', n: Number(issue.maximum) };
  if (issue.code === 'invalid_type') return { code: 'not_number' };
  return { code: 'not_whole_number' };
}

const PATH_ATTRIBUTE: Record<string, string> = {
  key: 'key',
  type: 'type',
  required: 'required',
  min: 'min',
  max: 'max',
  min_length: 'min_length',
  max_length: 'max_length',
  options: 'options',
};

/** the input a problem is about, from its path in the fields (`[2, 'fields', 0, 'label', 'fr']`) */
function inputOf(path: readonly PropertyKey[]): { name: string; attribute: string } {
  const [i, second, j, fourth, fifth] = path;
  if (typeof i !== 'number') return { name: '_form', attribute: '_form' };
  const sub = second === 'fields' && typeof j === 'number';
  const prefix = sub ? prefixOf(i, j) : prefixOf(i);
  const [attr, detail] = sub ? [fourth, fifth] : [second, j];
  let attribute = 'key';
  if (attr === 'label') attribute = detail === 'en' ? 'label_en' : 'label_fr';
  else if (attr === 'show_if') attribute = detail === 'equals' ? 'show_if_value' : 'show_if_field';
  else if (attr === 'fields' && !sub) attribute = 'fields';
  else if (typeof attr === 'string') attribute = PATH_ATTRIBUTE[attr] ?? 'key';
  return { name: `${prefix}${attribute}`, attribute };
}

/** the problems the definition found, each under its input (the first one of each input) */
export function builderProblems(issues: readonly ZodIssue[]): BuilderProblems {
  const out: BuilderProblems = {};
  for (const issue of issues) {
    const target = inputOf(issue.path);
    let name = target.name;
    let message: BuilderMessage;
    if (target.name === '_form') {
      message =
        issue.code === 'too_big'
          ? { code: 'too_many_fields', n: Number(issue.maximum) }
          : { code: 'no_fields' };
    } else if (issue.code === 'custom') {
      const custom = customMessage(issue.message);
      const prefix = target.name.slice(0, target.name.length - target.attribute.length);
      name = `${prefix}${custom.attribute}`;
      message = custom.message;
    } else message = builtinMessage(issue, target.attribute);
    if (out[name] === undefined) out[name] = message;
  }
  return out;
}

/** inputs posted longer than anything the form may hold (a label of megabytes): named, cut */
function oversized(body: unknown): BuilderProblems {
  const out: BuilderProblems = {};
  if (!body || typeof body !== 'object') return out;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string' && value.length > MAX_ECHO)
      out[name] = { code: 'too_long_input' };
  }
  return out;
}

export type BuilderOutcome =
  | { ok: true; fields: FormField[] }
  | { ok: false; drafts: DraftField[]; problems: BuilderProblems };

/** the posted form, checked by the definition: its fields, or its problems under their inputs */
export function checkBuilder(body: unknown): BuilderOutcome {
  const drafts = readDrafts(body);
  const tooLong = oversized(body);
  const parsed = formDefinition.safeParse(rawForm(drafts));
  if (parsed.success && Object.keys(tooLong).length === 0) return { ok: true, fields: parsed.data };
  const problems = { ...tooLong, ...(parsed.success ? {} : builderProblems(parsed.error.issues)) };
  return { ok: false, drafts, problems };
}

/** the types a field may have, in the order the page offers them */
export const BUILDER_TYPES: readonly FieldType[] = FIELD_TYPES;
