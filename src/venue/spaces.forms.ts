import { z } from 'zod';
import type { AllowanceKind, SpaceKind, SpaceUnit, WhoMayBook } from '../db/venue.schema.ts';
import { fieldMessages, formValues } from '../kernel/forms.ts';
import { slugify } from '../kernel/slug.ts';
import type { ClosureRow, HoursRow, SiteRow, SpaceInput, SpaceRow } from './spaces.repository.ts';

/**
 * The staff's settings forms, read from what a browser posts: the site, a space and its rules,
 * its week of hours, a closing. Each problem is a key of `t.venue.admin.messages`, filed under its
 * input. Pure.
 */

export type VenueMessageKey =
  | 'required'
  | 'too_long'
  | 'slug_format'
  | 'slug_taken'
  | 'whole_number'
  | 'out_of_range'
  | 'not_a_date'
  | 'end_before_start'
  | 'max_below_min'
  | 'hours_format'
  | 'hours_order'
  | 'choice'
  | 'org_unknown'
  | 'org_ambiguous'
  | 'plan_required';

export type VenueProblems = Partial<Record<string, VenueMessageKey>>;
type Read<T> = { ok: true; data: T } | { ok: false; problems: VenueProblems };

export const SPACE_KINDS: readonly SpaceKind[] = [
  'public_space',
  'coworking',
  'showroom',
  'meeting_room',
  'event_room',
];
export const WHO_MAY_BOOK: readonly WhoMayBook[] = ['members', 'staff', 'public_request'];
export const ALLOWANCES: readonly AllowanceKind[] = ['coworking_days', 'meeting_hours'];

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const name = z.string().trim().min(1, 'required').max(200, 'too_long');
const longText = z.string().trim().max(5000, 'too_long').default('');
const slug = z
  .string()
  .trim()
  .max(100, 'too_long')
  .refine((s) => s === '' || SLUG.test(s), 'slug_format')
  .default('');

function problemsOf(error: z.ZodError): VenueProblems {
  const keys = Object.fromEntries(['required', 'too_long', 'slug_format'].map((k) => [k, k]));
  return fieldMessages(error.issues, keys, 'required') as VenueProblems;
}

/** a whole number typed in a field, within bounds; '' is `empty` (null: the field may be left blank) */
function wholeNumber(
  values: Record<string, string>,
  field: string,
  problems: VenueProblems,
  bounds: { min: number; max: number },
  empty: number | null | 'required',
): number | null {
  const typed = (values[field] ?? '').trim();
  if (typed === '') {
    if (empty === 'required') problems[field] = 'required';
    return empty === 'required' ? null : empty;
  }
  if (!/^\d{1,7}$/.test(typed)) {
    problems[field] = 'whole_number';
    return null;
  }
  const n = Number(typed);
  if (n < bounds.min || n > bounds.max) problems[field] = 'out_of_range';
  return n;
}

function choice<T extends string>(
  values: Record<string, string>,
  field: string,
  problems: VenueProblems,
  among: readonly T[],
): T {
  const typed = values[field] as T;
  if (!among.includes(typed)) problems[field] = 'choice';
  return typed;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** a calendar day typed 'YYYY-MM-DD' that exists */
export function isDay(typed: string): boolean {
  const m = DATE.exec(typed);
  if (!m) return false;
  const d = new Date(`${typed}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === typed;
}

function day(
  values: Record<string, string>,
  field: string,
  problems: VenueProblems,
  required: boolean,
) {
  const typed = (values[field] ?? '').trim();
  if (typed === '') {
    if (required) problems[field] = 'required';
    return null;
  }
  // a month ('2015-01') is read as its first day
  const full = /^\d{4}-\d{2}$/.test(typed) ? `${typed}-01` : typed;
  if (!isDay(full)) {
    problems[field] = 'not_a_date';
    return null;
  }
  return full;
}

const siteTexts = z.object({
  name,
  address: z.string().trim().max(500, 'too_long').default(''),
  description_fr: longText,
  description_en: longText,
});

export type SiteInput = Omit<SiteRow, 'id' | 'slug' | 'is_demo'>;

export function readSite(body: unknown): Read<SiteInput> {
  const values = formValues(body);
  const parsed = siteTexts.safeParse(body ?? {});
  const problems: VenueProblems = parsed.success ? {} : problemsOf(parsed.error);
  const area = wholeNumber(values, 'area_m2', problems, { min: 1, max: 1_000_000 }, null);
  const opened = day(values, 'opened_on', problems, false);
  const cowork = wholeNumber(values, 'default_coworking_days', problems, { min: 0, max: 31 }, 0);
  const meeting = wholeNumber(values, 'default_meeting_hours', problems, { min: 0, max: 744 }, 0);
  if (!parsed.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    data: {
      ...parsed.data,
      area_m2: area,
      opened_on: opened,
      default_coworking_days: cowork ?? 0,
      default_meeting_hours: meeting ?? 0,
    },
  };
}

export function siteValues(site: SiteRow): Record<string, string> {
  return {
    name: site.name,
    address: site.address,
    area_m2: site.area_m2 === null ? '' : String(site.area_m2),
    opened_on: site.opened_on ?? '',
    description_fr: site.description_fr,
    description_en: site.description_en,
    default_coworking_days: String(site.default_coworking_days),
    default_meeting_hours: String(site.default_meeting_hours),
  };
}

const spaceTexts = z.object({
  name_fr: name,
  name_en: name,
  slug,
  description_fr: longText,
  description_en: longText,
  accessibility_fr: longText,
  accessibility_en: longText,
});

/** a space's form: what it is, and its booking rules */
export function readSpace(body: unknown): Read<SpaceInput> {
  const values = formValues(body);
  const parsed = spaceTexts.safeParse(body ?? {});
  const problems: VenueProblems = parsed.success ? {} : problemsOf(parsed.error);
  const kind = choice(values, 'kind', problems, SPACE_KINDS);
  const unit = choice<SpaceUnit>(values, 'unit', problems, ['slot', 'day']);
  const who = choice(values, 'who_may_book', problems, WHO_MAY_BOOK);
  const allowanceTyped = values.allowance ?? '';
  const allowance =
    allowanceTyped === '' ? null : choice(values, 'allowance', problems, ALLOWANCES);
  const n = (field: string, min: number, max: number, empty: number | null | 'required') =>
    wholeNumber(values, field, problems, { min, max }, empty);
  const area = n('area_m2', 1, 100_000, null);
  const capacity = n('capacity', 1, 1000, 'required');
  const slotMinutes = unit === 'slot' ? n('slot_minutes', 5, 1440, 'required') : null;
  const minLength = n('min_length', 1, 100_000, 'required');
  const maxLength = n('max_length', 1, 100_000, 'required');
  if (minLength !== null && maxLength !== null && maxLength < minLength && !problems.max_length)
    problems.max_length = 'max_below_min';
  const notice = n('min_notice_minutes', 0, 525_600, 0);
  const ahead = n('max_days_ahead', 1, 730, 'required');
  const maxUpcoming = n('max_upcoming_per_member', 1, 1000, null);
  const cutoff = n('cancel_cutoff_minutes', 0, 525_600, 0);
  const grace = n('checkin_grace_minutes', 1, 1440, null);
  if (!parsed.success || Object.keys(problems).length > 0) return { ok: false, problems };
  const d = parsed.data;
  return {
    ok: true,
    data: {
      ...d,
      slug: d.slug || slugify(d.name_fr).slice(0, 100),
      kind,
      unit,
      who_may_book: who,
      allowance,
      area_m2: area,
      capacity: capacity ?? 1,
      slot_minutes: slotMinutes,
      min_length: minLength ?? 1,
      max_length: maxLength ?? 1,
      min_notice_minutes: notice ?? 0,
      max_days_ahead: ahead ?? 90,
      max_upcoming_per_member: maxUpcoming,
      cancel_cutoff_minutes: cutoff ?? 0,
      checkin_grace_minutes: grace,
      active: values.active === '1',
    },
  };
}

export function spaceValues(s: SpaceRow): Record<string, string> {
  const text = (v: number | null) => (v === null ? '' : String(v));
  return {
    kind: s.kind,
    slug: s.slug,
    name_fr: s.name_fr,
    name_en: s.name_en,
    description_fr: s.description_fr,
    description_en: s.description_en,
    accessibility_fr: s.accessibility_fr,
    accessibility_en: s.accessibility_en,
    area_m2: text(s.area_m2),
    capacity: String(s.capacity),
    unit: s.unit,
    slot_minutes: text(s.slot_minutes),
    min_length: String(s.min_length),
    max_length: String(s.max_length),
    min_notice_minutes: String(s.min_notice_minutes),
    max_days_ahead: String(s.max_days_ahead),
    who_may_book: s.who_may_book,
    max_upcoming_per_member: text(s.max_upcoming_per_member),
    cancel_cutoff_minutes: String(s.cancel_cutoff_minutes),
    checkin_grace_minutes: text(s.checkin_grace_minutes),
    allowance: s.allowance ?? '',
    active: s.active ? '1' : '',
  };
}

export const NEW_SPACE_VALUES: Record<string, string> = {
  kind: 'meeting_room',
  unit: 'slot',
  slot_minutes: '30',
  capacity: '1',
  min_length: '30',
  max_length: '240',
  min_notice_minutes: '0',
  max_days_ahead: '90',
  who_may_book: 'members',
  cancel_cutoff_minutes: '0',
  allowance: 'meeting_hours',
  active: '1',
};

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * A week of opening hours, one field per ISO weekday (`hours_1` … `hours_7`), each a list of
 * ranges such as "08:00-12:00, 14:00-20:00"; empty is closed. Ranges must not overlap.
 */
export function readHours(body: unknown): Read<Omit<HoursRow, 'space_id'>[]> {
  const values = formValues(body);
  const problems: VenueProblems = {};
  const out: Omit<HoursRow, 'space_id'>[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const field = `hours_${weekday}`;
    const typed = (values[field] ?? '').trim();
    if (typed === '') continue;
    const ranges = typed
      .split(/[,;]/)
      .map((r) => r.trim().replace(/[–—h]/g, (c) => (c === 'h' ? ':' : '-')));
    const day: { opens: string; closes: string }[] = [];
    for (const range of ranges) {
      const [opens = '', closes = ''] = range.split('-').map((p) => p.trim().padStart(5, '0'));
      if (!TIME.test(opens) || !TIME.test(closes)) {
        problems[field] = 'hours_format';
        break;
      }
      if (minutesOf(closes) <= minutesOf(opens)) {
        problems[field] = 'hours_order';
        break;
      }
      day.push({ opens, closes });
    }
    day.sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens));
    for (let i = 1; i < day.length; i++) {
      const prev = day[i - 1];
      const cur = day[i];
      if (prev && cur && minutesOf(cur.opens) < minutesOf(prev.closes))
        problems[field] = 'hours_order';
    }
    out.push(...day.map((r) => ({ weekday, ...r })));
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, data: out };
}

export function hoursValues(rows: readonly Pick<HoursRow, 'weekday' | 'opens' | 'closes'>[]) {
  const values: Record<string, string> = {};
  for (let weekday = 1; weekday <= 7; weekday++)
    values[`hours_${weekday}`] = rows
      .filter((r) => r.weekday === weekday)
      .map((r) => `${r.opens}-${r.closes}`)
      .join(', ');
  return values;
}

const closureTexts = z.object({
  reason_fr: z.string().trim().max(300, 'too_long').default(''),
  reason_en: z.string().trim().max(300, 'too_long').default(''),
});

/** a closing: from one day to another (inclusive), the whole site or one space, with a reason */
export function readClosure(
  body: unknown,
  spaceIds: readonly string[],
): Read<Omit<ClosureRow, 'id'>> {
  const values = formValues(body);
  const parsed = closureTexts.safeParse(body ?? {});
  const problems: VenueProblems = parsed.success ? {} : problemsOf(parsed.error);
  const starts = day(values, 'starts_on', problems, true);
  const endsTyped = (values.ends_on ?? '').trim();
  const ends = endsTyped === '' ? starts : day(values, 'ends_on', problems, true);
  if (starts && ends && ends < starts) problems.ends_on = 'end_before_start';
  const space = values.space_id ?? '';
  if (space !== '' && !spaceIds.includes(space)) problems.space_id = 'choice';
  if (!parsed.success || !starts || !ends || Object.keys(problems).length > 0)
    return { ok: false, problems };
  return {
    ok: true,
    data: {
      ...parsed.data,
      starts_on: starts,
      ends_on: ends,
      space_id: space === '' ? null : space,
    },
  };
}
