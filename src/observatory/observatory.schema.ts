import { z } from 'zod';
import { KINDS, SOURCES } from '../directory/directory.schema.ts';
import { isSitePath, isWebAddress } from '../kernel/urls.ts';

export const SCOPES = ['head_office', 'any_establishment'] as const;
export const MEASURES = ['legal_unit', 'territory_establishments'] as const;
export const MILESTONE_STATUSES = ['planned', 'done', 'late', 'unverified'] as const;
export const PRECISIONS = ['day', 'month', 'year'] as const;

/** the message keys of the observatory's forms (observatory.errors in the catalogues) */
export type FormErrorKey =
  | 'required'
  | 'tooLong'
  | 'wholeNumber'
  | 'maxBelowMin'
  | 'date'
  | 'choice'
  | 'unknownField'
  | 'evidence';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** a real calendar day: 2030-02-30 is not one */
const validDate = (v: string) => {
  if (!isoDate.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
};

/** a form body's values: strings, and lists for repeated boxes (checkboxes) */
export type FormBody = Record<string, string | string[]>;

export function readForm(body: unknown): FormBody {
  const out: FormBody = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

const one = (body: FormBody, k: string) => {
  const v = body[k];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const many = (body: FormBody, k: string) => [body[k] ?? []].flat().filter((s) => s !== '');

function wholeNumber(text: string): number | null {
  if (!/^\d{1,9}$/.test(text.replace(/[\s\u202f\u00a0]/g, ''))) return null;
  return Number(text.replace(/[\s\u202f\u00a0]/g, ''));
}

export type ObjectiveFields = {
  title_fr: string;
  title_en: string;
  scope: (typeof SCOPES)[number];
  field_slugs: string[];
  kinds: string[];
  measure: (typeof MEASURES)[number];
  min_employees: number;
  max_employees: number | null;
  created_on_or_after: string | null;
  active_only: boolean;
  target: number;
  deadline: string;
};

/**
 * Reads the objective form: every field gets one message key when it is wrong, so the page
 * can say, next to each box, what to change.
 */
export function parseObjectiveForm(
  body: FormBody,
  knownFields: Set<string>,
):
  | { ok: true; value: ObjectiveFields }
  | { ok: false; errors: Partial<Record<string, FormErrorKey>> } {
  const errors: Partial<Record<string, FormErrorKey>> = {};
  const title_fr = one(body, 'title_fr');
  const title_en = one(body, 'title_en');
  if (!title_fr) errors.title_fr = 'required';
  else if (title_fr.length > 200) errors.title_fr = 'tooLong';
  if (!title_en) errors.title_en = 'required';
  else if (title_en.length > 200) errors.title_en = 'tooLong';
  const scope = one(body, 'scope');
  if (!(SCOPES as readonly string[]).includes(scope)) errors.scope = 'choice';
  const measure = one(body, 'measure');
  if (!(MEASURES as readonly string[]).includes(measure)) errors.measure = 'choice';
  const field_slugs = [...new Set(many(body, 'fields'))];
  if (field_slugs.some((f) => !knownFields.has(f))) errors.fields = 'unknownField';
  const kinds = [...new Set(many(body, 'kinds'))];
  if (kinds.some((k) => !(KINDS as readonly string[]).includes(k))) errors.kinds = 'choice';
  const minText = one(body, 'min_employees');
  const min = wholeNumber(minText);
  if (minText === '') errors.min_employees = 'required';
  else if (min === null) errors.min_employees = 'wholeNumber';
  const maxText = one(body, 'max_employees');
  const max = maxText === '' ? null : wholeNumber(maxText);
  if (maxText !== '' && max === null) errors.max_employees = 'wholeNumber';
  else if (max !== null && min !== null && max < min) errors.max_employees = 'maxBelowMin';
  const created = one(body, 'created_on_or_after');
  if (created !== '' && !validDate(created)) errors.created_on_or_after = 'date';
  const targetText = one(body, 'target');
  const target = wholeNumber(targetText);
  if (targetText === '') errors.target = 'required';
  else if (target === null) errors.target = 'wholeNumber';
  const deadline = one(body, 'deadline');
  if (deadline === '') errors.deadline = 'required';
  else if (!validDate(deadline)) errors.deadline = 'date';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title_fr,
      title_en,
      scope: scope as ObjectiveFields['scope'],
      field_slugs,
      kinds,
      measure: measure as ObjectiveFields['measure'],
      min_employees: min as number,
      max_employees: max,
      created_on_or_after: created || null,
      active_only: one(body, 'active_only') === 'on',
      target: target as number,
      deadline,
    },
  };
}

export type MilestoneFields = {
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  due_on: string;
  precision: (typeof PRECISIONS)[number];
  status: (typeof MILESTONE_STATUSES)[number];
  evidence: { label: string; url: string }[];
  note_fr: string;
  note_en: string;
};

/** "Label | https://…" a line */
export function parseEvidence(text: string): { label: string; url: string }[] | null {
  const out: { label: string; url: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const [label = '', url = ''] = line.includes('|')
      ? line.split('|').map((p) => p.trim())
      : ['', line];
    if (!(isWebAddress(url) || isSitePath(url)) || label.length > 200) return null;
    out.push({ label: label || url, url });
  }
  return out.slice(0, 20);
}

export function parseMilestoneForm(
  body: FormBody,
):
  | { ok: true; value: MilestoneFields }
  | { ok: false; errors: Partial<Record<string, FormErrorKey>> } {
  const errors: Partial<Record<string, FormErrorKey>> = {};
  const get = (k: string) => one(body, k);
  for (const k of ['title_fr', 'title_en']) {
    if (!get(k)) errors[k] = 'required';
    else if (get(k).length > 200) errors[k] = 'tooLong';
  }
  for (const k of ['description_fr', 'description_en', 'note_fr', 'note_en']) {
    if (get(k).length > 2000) errors[k] = 'tooLong';
  }
  if (!get('due_on')) errors.due_on = 'required';
  else if (!validDate(get('due_on'))) errors.due_on = 'date';
  if (!(PRECISIONS as readonly string[]).includes(get('precision'))) errors.precision = 'choice';
  if (!(MILESTONE_STATUSES as readonly string[]).includes(get('status'))) errors.status = 'choice';
  const evidence = parseEvidence(typeof body.evidence === 'string' ? body.evidence : '');
  if (evidence === null) errors.evidence = 'evidence';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title_fr: get('title_fr'),
      title_en: get('title_en'),
      description_fr: get('description_fr'),
      description_en: get('description_en'),
      due_on: get('due_on'),
      precision: get('precision') as MilestoneFields['precision'],
      status: get('status') as MilestoneFields['status'],
      evidence: evidence ?? [],
      note_fr: get('note_fr'),
      note_en: get('note_en'),
    },
  };
}

// ── API ──────────────────────────────────────────────────────────────────────────────────────────

export const objectiveParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

const historyPoint = z.object({ on: z.string(), value: z.number().int() });

export const projectionSchema = z
  .object({
    method: z
      .enum(['least_squares', 'deadline_passed', 'insufficient', 'not_computed'])
      .describe(
        'least_squares: ordinary least squares over the history, extended to the deadline; deadline_passed: the data is past the deadline; insufficient: fewer than two dated values',
      ),
    value: z.number().optional(),
    value_at_deadline: z.number().int().nullable().optional(),
    on: z.string().optional(),
    points: z.number().int(),
    per_year: z.number().optional(),
    description: z.string().describe('the method in words, in the language asked'),
  })
  .describe('the value expected on the deadline, and how');

export const ruleSchema = z.object({
  scope: z.enum(SCOPES),
  fields: z.array(z.string()).describe('empty: the hub’s whole sector selection'),
  kinds: z.array(z.enum(KINDS)).describe('empty: every kind'),
  measure: z.enum(MEASURES),
  min_employees: z.number().int(),
  max_employees: z.number().int().nullable(),
  created_on_or_after: z.string().nullable(),
  active_only: z.boolean(),
  description: z.string().describe('the rule in words'),
});

export const objectiveItem = z.object({
  id: z.number().int(),
  title: z.string(),
  rule: ruleSchema,
  target: z.number().int(),
  deadline: z.string(),
  value: z.number().int().nullable().describe('null until the first computation'),
  history: z.array(historyPoint).describe('the value at each import date'),
  projection: projectionSchema,
  data_as_of: z.string().nullable().describe('date of the register data (the last import)'),
  computed_at: z.string().nullable(),
  demo: z.boolean().describe('the figures come (partly) from demonstration data'),
  url: z.string(),
});

export const memberSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  siren: z.string().nullable(),
  name: z.string(),
  kind: z.string(),
  status: z.string(),
  demo: z.boolean(),
  headcount: z.object({
    band: z.string().nullable(),
    exact: z.number().int().nullable(),
    low: z.number().int().nullable(),
    high: z.number().int().nullable().describe('null: no upper bound'),
    year: z.number().int().nullable(),
    source: z.enum(SOURCES).nullable(),
    observed_on: z.string().nullable(),
  }),
  url: z.string(),
});

export const objectivesResponse = z.object({
  data_as_of: z.string().nullable(),
  demo: z.boolean(),
  items: z.array(objectiveItem),
});
/** a whole number from 1 to max, with a message that says so (a 400 otherwise) */
const pageNumber = (name: string, max: number, fallback: number, what: string) => {
  const message = `${name} must be a whole number from 1 to ${max.toLocaleString('en')}`;
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(1, { error: message })
    .max(max, { error: message })
    .default(fallback)
    .describe(
      `${what}: a whole number from 1 to ${max.toLocaleString('en')} (default ${fallback})`,
    );
};

/** the largest page of organisations the API gives at once */
export const MAX_PER_PAGE = 1000;

export const objectiveDetailQuery = z.object({
  page: pageNumber('page', 1_000_000, 1, 'which page of organisations'),
  per_page: pageNumber('per_page', MAX_PER_PAGE, 100, 'how many organisations a page holds'),
});

export const objectiveDetail = objectiveItem.extend({
  organisations: z
    .array(memberSchema)
    .describe('one page of the organisations behind the value, largest first'),
  organisations_total: z.number().int().describe('how many organisations are behind the value'),
  page: z.number().int().describe('this page; past the last, organisations is empty'),
  per_page: z.number().int(),
  pages: z.number().int().describe('how many pages of per_page organisations there are (≥ 1)'),
});

const yearCount = z.object({ year: z.number().int(), count: z.number().int() });

/** creations and closures per year, as stored by the last computation */
export const perYearResponse = z.object({
  data_as_of: z.string().nullable(),
  demo: z.boolean(),
  /** false until a computation has stored them */
  computed: z.boolean(),
  creations: z.array(yearCount),
  closures: z.object({
    per_year: z.array(yearCount.extend({ organisations_url: z.string() })),
    /** closed organisations the register gives no closure date for: never spread over years */
    date_unknown: z.number().int(),
    date_unknown_url: z.string().nullable(),
    closed: z.number().int(),
    exited: z.number().int(),
  }),
});

export type ObjectiveItem = z.infer<typeof objectiveItem>;
export type MemberItem = z.infer<typeof memberSchema>;
export type ObjectiveDetail = z.infer<typeof objectiveDetail>;
