import { z } from 'zod';
import { KINDS } from '../directory/directory.schema.ts';
import { fieldMessages, formValues } from '../kernel/forms.ts';
import { instantToParis, parisLocalTime } from '../kernel/paris-time.ts';
import { slugify } from '../kernel/slug.ts';
import type { EligibilityRule } from './eligibility.ts';
import type { CallRow } from './programmes.repository.ts';
import type { CallEdit } from './programmes.service.ts';
import type { ProgrammeRow } from './programmes-admin.repository.ts';

/**
 * The staff's set-up forms, read from what a browser posts: a programme, a call (its Paris times,
 * its grace, its rules as checkboxes). Each problem is a key of `t.programmes.admin.messages`,
 * filed under its input. Pure.
 */

export type AdminMessageKey =
  | 'required'
  | 'too_long'
  | 'slug_format'
  | 'slug_taken'
  | 'reference_format'
  | 'reference_locked'
  | 'not_a_time'
  | 'skipped_time'
  | 'closes_before_opens'
  | 'grace_before_closes'
  | 'grace_hours'
  | 'year_format'
  | 'headcount_format'
  | 'kinds_required'
  | 'owner_unknown'
  | 'owner_ambiguous'
  | 'rules';

export type AdminProblems = Partial<Record<string, AdminMessageKey>>;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const name = z.string().trim().min(1, 'required').max(200, 'too_long');
const description = z.string().trim().max(20_000, 'too_long').default('');
const slug = z
  .string()
  .trim()
  .max(100, 'too_long')
  .refine((s) => s === '' || SLUG.test(s), 'slug_format')
  .default('');

/** what the programme form says, but its owner (the picker's) */
export const programmeForm = z.object({
  name_fr: name,
  name_en: name,
  description_fr: description,
  description_en: description,
  slug,
});
export type ProgrammeForm = z.infer<typeof programmeForm>;

const callTexts = z.object({
  title_fr: name,
  title_en: name,
  description_fr: description,
  description_en: description,
  slug,
  reference_code: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .refine((s) => /^[A-Z0-9]{2,8}$/.test(s), 'reference_format'),
});

/** the problems of a failed parse, each as its key (a key no table has reads as "required") */
function problemsOf(error: z.ZodError): AdminProblems {
  const keys = Object.fromEntries(
    ['required', 'too_long', 'slug_format', 'reference_format'].map((k) => [k, k]),
  );
  return fieldMessages(error.issues, keys, 'required') as AdminProblems;
}

/** a slug as typed, else the one the name suggests */
export const slugOr = (typed: string, name: string) => typed || slugify(name).slice(0, 100);

export function readProgramme(
  body: unknown,
): { ok: true; data: ProgrammeForm } | { ok: false; problems: AdminProblems } {
  const parsed = programmeForm.safeParse(body ?? {});
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return {
    ok: true,
    data: { ...parsed.data, slug: slugOr(parsed.data.slug, parsed.data.name_fr) },
  };
}

function time(
  values: Record<string, string>,
  input: string,
  problems: AdminProblems,
): Date | undefined {
  const typed = values[input] ?? '';
  if (typed.trim() === '') {
    problems[input] = 'required';
    return undefined;
  }
  const read = parisLocalTime(typed);
  if (read.ok) return read.instant;
  problems[input] = read.problem === 'skipped' ? 'skipped_time' : 'not_a_time';
  return undefined;
}

/** the rules ticked, each with its value */
function rulesOf(values: Record<string, string>, problems: AdminProblems): EligibilityRule[] {
  const rules: EligibilityRule[] = [];
  if (values.rule_active === '1') rules.push({ rule: 'active' });
  if (values.rule_in_territory === '1') rules.push({ rule: 'in_territory' });
  if (values.rule_kind === '1') {
    const kinds = KINDS.filter((k) => values[`kind_${k}`] === '1');
    if (kinds.length === 0) problems.kinds = 'kinds_required';
    else rules.push({ rule: 'kind', kinds });
  }
  if (values.rule_created_after === '1') {
    const year = Number(values.created_after_year?.trim());
    if (!/^\d{4}$/.test(values.created_after_year?.trim() ?? '') || year < 1800 || year > 2200)
      problems.created_after_year = 'year_format';
    else rules.push({ rule: 'created_after', year });
  }
  if (values.rule_headcount_below === '1') {
    const typed = values.headcount_max?.trim() ?? '';
    const max = Number(typed);
    if (!/^\d{1,7}$/.test(typed) || max < 1 || max > 1_000_000)
      problems.headcount_max = 'headcount_format';
    else rules.push({ rule: 'headcount_below', max });
  }
  return rules;
}

/** the grace: an end time typed wins; else a number of hours after the closing (0 by default) */
function graceOf(
  values: Record<string, string>,
  closesAt: Date | undefined,
  problems: AdminProblems,
): Date | undefined {
  if ((values.grace_until ?? '').trim() !== '') return time(values, 'grace_until', problems);
  const typed = (values.grace_hours ?? '').trim() || '0';
  if (!/^\d{1,4}$/.test(typed) || Number(typed) > 24 * 90) {
    problems.grace_hours = 'grace_hours';
    return undefined;
  }
  return closesAt && new Date(closesAt.getTime() + Number(typed) * 3_600_000);
}

/** the call form as the service takes it, or every problem found */
export function readCall(
  body: unknown,
): { ok: true; data: CallEdit } | { ok: false; problems: AdminProblems } {
  const values = formValues(body);
  const parsed = callTexts.safeParse(body ?? {});
  const problems: AdminProblems = parsed.success ? {} : problemsOf(parsed.error);
  const opensAt = time(values, 'opens_at', problems);
  const closesAt = time(values, 'closes_at', problems);
  const graceUntil = graceOf(values, closesAt, problems);
  const eligibility = rulesOf(values, problems);
  if (opensAt && closesAt && closesAt <= opensAt) problems.closes_at = 'closes_before_opens';
  if (closesAt && graceUntil && graceUntil < closesAt) problems.grace_until = 'grace_before_closes';
  if (!parsed.success || !opensAt || !closesAt || !graceUntil || Object.keys(problems).length > 0)
    return { ok: false, problems };
  const d = parsed.data;
  return {
    ok: true,
    data: {
      slug: slugOr(d.slug, d.title_fr),
      referenceCode: d.reference_code,
      titleFr: d.title_fr,
      titleEn: d.title_en,
      descriptionFr: d.description_fr,
      descriptionEn: d.description_en,
      opensAt,
      closesAt,
      graceUntil,
      eligibility,
    },
  };
}

/** the programme form's values from what is saved */
export function programmeValues(p: ProgrammeRow): Record<string, string> {
  return {
    name_fr: p.name_fr,
    name_en: p.name_en,
    description_fr: p.description_fr,
    description_en: p.description_en,
    slug: p.slug,
  };
}

/** the call form's values from what is saved: times as Paris wall clocks, the rules ticked */
export function callValues(
  call: CallRow,
  rules: readonly EligibilityRule[],
): Record<string, string> {
  const values: Record<string, string> = {
    title_fr: call.title_fr,
    title_en: call.title_en,
    description_fr: call.description_fr,
    description_en: call.description_en,
    slug: call.slug,
    reference_code: call.reference_code,
    opens_at: instantToParis(call.opens_at),
    closes_at: instantToParis(call.closes_at),
    grace_hours: '',
    grace_until: instantToParis(call.grace_until),
  };
  for (const r of rules) {
    if (r.rule === 'active') values.rule_active = '1';
    if (r.rule === 'in_territory') values.rule_in_territory = '1';
    if (r.rule === 'kind') {
      values.rule_kind = '1';
      for (const k of r.kinds) values[`kind_${k}`] = '1';
    }
    if (r.rule === 'created_after') {
      values.rule_created_after = '1';
      values.created_after_year = String(r.year);
    }
    if (r.rule === 'headcount_below') {
      values.rule_headcount_below = '1';
      values.headcount_max = String(r.max);
    }
  }
  return values;
}

/** a new call's form: open to active organisations of the territory, no grace */
export const NEW_CALL_VALUES: Record<string, string> = {
  rule_active: '1',
  rule_in_territory: '1',
  grace_hours: '0',
};
