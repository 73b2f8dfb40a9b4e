import { z } from 'zod';
import { formValues } from '../kernel/forms.ts';
import { parisLocalTime } from '../kernel/paris-time.ts';
import { slugify } from '../kernel/slug.ts';

/**
 * The forms of events and exhibitions, read from what a browser posts (or an API body). Each
 * problem is a key of `t.events.messages`, filed under its input. Pure.
 */

export type EventsMessageKey =
  | 'required'
  | 'too_long'
  | 'slug_format'
  | 'slug_taken'
  | 'whole_number'
  | 'not_a_date'
  | 'not_a_time'
  | 'end_before_start'
  | 'not_an_email'
  | 'org_unknown'
  | 'org_ambiguous'
  | 'space_unknown'
  | 'capacity_too_large'
  | 'space_taken'
  | 'booking_refused'
  | 'nonexistent_time';

export type Problems = Partial<Record<string, EventsMessageKey>>;
export type Read<T> = { ok: true; data: T } | { ok: false; problems: Problems };

/** an event as staff (or a member asking for one) type it */
export type EventInput = {
  slug: string;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  space: string;
  /** Paris day and wall-clock times */
  day: string;
  start: string;
  end: string;
  capacity: number;
  /** instants read from Paris 'YYYY-MM-DDTHH:MM'; null: from now / until the start */
  registration_opens_at: Date | null;
  registration_closes_at: Date | null;
  price_fr: string;
  price_en: string;
  tags: string[];
  fields: string[];
  /** one organisation per line: a name, an address (slug) or a SIREN, as the directory's picker reads them */
  organisers: string[];
  image_alt_fr: string;
  image_alt_en: string;
  accessibility_fr: string;
  accessibility_en: string;
};

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** a plain check of an address's shape (what a form can know without sending mail) */
export const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

const list = (s: string | undefined, max: number) =>
  [
    ...new Set(
      (s ?? '')
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    ),
  ].slice(0, max);

function text(
  v: Record<string, string>,
  name: string,
  max: number,
  problems: Problems,
  required = false,
) {
  const value = (v[name] ?? '').trim();
  if (required && value === '') problems[name] = 'required';
  else if (value.length > max) problems[name] = 'too_long';
  return value;
}

function instantOf(v: Record<string, string>, name: string, problems: Problems): Date | null {
  const value = (v[name] ?? '').trim();
  if (value === '') return null;
  const r = parisLocalTime(value);
  if (r.ok) return r.instant;
  problems[name] = r.problem === 'skipped' ? 'nonexistent_time' : 'not_a_time';
  return null;
}

/** reads the event form; the hub's fields ticked are kept only if they are known */
export function readEvent(body: unknown, knownFields: readonly string[]): Read<EventInput> {
  const v = formValues(body);
  const fieldsTicked = fieldsOf(body);
  const p: Problems = {};
  const title_fr = text(v, 'title_fr', 200, p, true);
  const title_en = text(v, 'title_en', 200, p) || title_fr;
  let slug = (v.slug ?? '').trim();
  if (slug === '') slug = slugify(title_fr).slice(0, 80);
  if (slug !== '' && (!SLUG.test(slug) || slug.length > 100)) p.slug = 'slug_format';
  const day = (v.day ?? '').trim();
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) p.day = 'not_a_date';
  const start = (v.start ?? '').trim();
  const end = (v.end ?? '').trim();
  if (!TIME.test(start)) p.start = 'not_a_time';
  if (!TIME.test(end)) p.end = 'not_a_time';
  else if (TIME.test(start) && end <= start) p.end = 'end_before_start';
  const capacityText = (v.capacity ?? '0').trim() || '0';
  const capacity = Number(capacityText);
  if (!/^\d{1,4}$/.test(capacityText) || capacity > 1000) p.capacity = 'whole_number';
  const opens = instantOf(v, 'registration_opens', p);
  const closes = instantOf(v, 'registration_closes', p);
  if (opens && closes && closes <= opens) p.registration_closes = 'end_before_start';
  const data: EventInput = {
    slug,
    title_fr,
    title_en,
    description_fr: text(v, 'description_fr', 20_000, p),
    description_en: text(v, 'description_en', 20_000, p),
    space: (v.space ?? '').trim(),
    day,
    start,
    end,
    capacity,
    registration_opens_at: opens,
    registration_closes_at: closes,
    price_fr: text(v, 'price_fr', 200, p),
    price_en: text(v, 'price_en', 200, p),
    tags: list(v.tags, 10).map((t) => t.slice(0, 40)),
    fields: fieldsTicked.filter((f) => knownFields.includes(f)),
    organisers: list(v.organisers, 10),
    image_alt_fr: text(v, 'image_alt_fr', 300, p),
    image_alt_en: text(v, 'image_alt_en', 300, p),
    accessibility_fr: text(v, 'accessibility_fr', 2000, p),
    accessibility_en: text(v, 'accessibility_en', 2000, p),
  };
  if (data.space === '') p.space = 'required';
  return Object.keys(p).length > 0 ? { ok: false, problems: p } : { ok: true, data };
}

/** the fields ticked: one value or several under `fields` */
function fieldsOf(body: unknown): string[] {
  const raw = (body as { fields?: unknown } | undefined)?.fields;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.filter((x): x is string => typeof x === 'string');
}

const registrationSchema = z.object({
  name: z.string().trim().min(1, 'required').max(200, 'too_long'),
  email: z
    .string()
    .trim()
    .min(1, 'required')
    .max(320, 'too_long')
    .refine((e) => EMAIL.test(e), 'not_an_email'),
});

/** a visitor's registration: a name and a valid address */
export function readRegistration(body: unknown): Read<{ name: string; email: string }> {
  const parsed = registrationSchema.safeParse(formValues(body));
  if (parsed.success) return { ok: true, data: parsed.data };
  const problems: Problems = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    problems[field] ??= issue.message as EventsMessageKey;
  }
  return { ok: false, problems };
}

/** an exhibition: who shows what, in which showroom, from which day to which (both included) */
export type ExhibitionInput = {
  organisation: string;
  organisationId: string;
  space: string;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  from: string;
  to: string;
};

export function readExhibition(body: unknown): Read<ExhibitionInput> {
  const v = formValues(body);
  const p: Problems = {};
  const title_fr = text(v, 'title_fr', 200, p, true);
  const from = (v.from ?? '').trim();
  const to = (v.to ?? '').trim();
  if (!DAY.test(from) || Number.isNaN(Date.parse(from))) p.from = 'not_a_date';
  if (!DAY.test(to) || Number.isNaN(Date.parse(to))) p.to = 'not_a_date';
  else if (DAY.test(from) && to < from) p.to = 'end_before_start';
  const data: ExhibitionInput = {
    organisation: text(v, 'organisation', 300, p),
    organisationId: (v.organisation_id ?? '').trim(),
    space: (v.space ?? '').trim(),
    title_fr,
    title_en: text(v, 'title_en', 200, p) || title_fr,
    description_fr: text(v, 'description_fr', 5000, p),
    description_en: text(v, 'description_en', 5000, p),
    from,
    to,
  };
  if (data.space === '') p.space = 'required';
  if (data.organisation === '' && data.organisationId === '') p.organisation = 'required';
  return Object.keys(p).length > 0 ? { ok: false, problems: p } : { ok: true, data };
}
