import { z } from 'zod';
import { RELATION_TYPES, type RelationType, STAGES } from './directory.schema.ts';

/**
 * The forms that record relations between organisations and funding rounds. Messages are keys of
 * the `connections.messages` catalogue section; checks that need the register (an unknown
 * organisation, a duplicate) are the service's.
 */

export { STAGES, type Stage } from './directory.schema.ts';

/** the largest amount accepted for one round, in euros (the database says the same) */
export const MAX_ROUND_EUR = 100_000_000_000;
export const MAX_INVESTORS = 20;
/** the earliest date the register's relations and rounds may carry */
export const EARLIEST_DATE = '1900-01-01';

/**
 * A relation as seen from the profile being edited: "this organisation invests in X" is
 * `invests_in`, "X invests in this organisation" is `invests_in:reverse`. Being partners goes both
 * ways, so it has no reverse.
 */
export const DIRECTED_TYPES = RELATION_TYPES.flatMap((type) =>
  type === 'partner_of' ? [type] : [type, `${type}:reverse` as const],
);
export type DirectedType = (typeof DIRECTED_TYPES)[number];

export function splitDirected(value: DirectedType): { type: RelationType; reverse: boolean } {
  const [type, reverse] = value.split(':') as [RelationType, string | undefined];
  return { type, reverse: reverse === 'reverse' };
}

export type MessageKey =
  | 'required'
  | 'typeInvalid'
  | 'dateInvalid'
  | 'dateFuture'
  | 'dateTooOld'
  | 'endBeforeStart'
  | 'noteTooLong'
  | 'organisationRequired'
  | 'organisationUnknown'
  | 'organisationAmbiguous'
  | 'organisationSelf'
  | 'relationDuplicate'
  | 'amountInvalid'
  | 'amountNegative'
  | 'amountAbsurd'
  | 'stageInvalid'
  | 'investorsTooMany'
  | 'investorSelf'
  | 'investorUnknown'
  | 'roundDuplicate';

const msg = (key: MessageKey) => ({ message: key });

/** today in Europe/Paris, as YYYY-MM-DD */
export function parisToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

/**
 * A calendar date typed in a form: YYYY-MM-DD (what a date input sends) or DD/MM/YYYY (what a
 * person types where the browser shows a plain text box). Null when it names no real day.
 */
export function parseDay(value: string): string | null {
  const text = value.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const french = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (french) [y, m, d] = [Number(french[3]), Number(french[2]), Number(french[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** an optional date field; `future` says whether a day after today makes sense */
const day = (options: { required: boolean; future: boolean }) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .superRefine((v, ctx) => {
      if (v === '') {
        if (options.required) ctx.addIssue({ code: 'custom', ...msg('required') });
        return;
      }
      const parsed = parseDay(v);
      if (!parsed) ctx.addIssue({ code: 'custom', ...msg('dateInvalid') });
      else if (parsed < EARLIEST_DATE) ctx.addIssue({ code: 'custom', ...msg('dateTooOld') });
      else if (!options.future && parsed > parisToday())
        ctx.addIssue({ code: 'custom', ...msg('dateFuture') });
    })
    .transform((v) => (v === '' ? null : parseDay(v)));

/** one id or several, as checkboxes send them; only well-formed ids are kept */
const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [
    ...new Set(
      [v ?? []]
        .flat()
        .map((s) => s.trim())
        .filter((s) => z.uuid().safeParse(s).success),
    ),
  ]);

const query = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().slice(0, 200));

/** which button sent the form: a search for an organisation, or the record itself */
const action = z
  .string()
  .optional()
  .transform((v) => (v?.startsWith('search') ? ('search' as const) : ('save' as const)));

export const relationForm = z
  .object({
    type: z.enum(DIRECTED_TYPES, msg('typeInvalid')),
    other_id: ids,
    other_q: query,
    // a relation may be known to end on a day to come (an accompaniment programme's last day),
    // never to have started in the future
    started_on: day({ required: false, future: false }),
    ended_on: day({ required: false, future: true }),
    note: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .pipe(z.string().max(300, msg('noteTooLong'))),
    action,
  })
  .superRefine((v, ctx) => {
    if (v.started_on && v.ended_on && v.ended_on < v.started_on) {
      ctx.addIssue({ code: 'custom', path: ['ended_on'], ...msg('endBeforeStart') });
    }
  });
export type RelationInput = z.output<typeof relationForm>;

/**
 * An amount in euros as people type it: digits with spaces, dots or commas between thousands
 * ("1 500 000", "1.500.000"), optionally followed by "€". Cents are not recorded.
 */
export function parseAmount(value: string): number | 'negative' | 'invalid' | null {
  const text = value
    .trim()
    .replace(/\s*(€|eur|euros?)$/i, '')
    .replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return null;
  if (/^-\d/.test(text)) return 'negative';
  if (!/^\d{1,3}([.,]?\d{3})*$/.test(text) && !/^\d+$/.test(text)) return 'invalid';
  const n = Number(text.replace(/[.,]/g, ''));
  return Number.isSafeInteger(n) ? n : 'invalid';
}

export const roundForm = z.object({
  announced_on: day({ required: true, future: false }),
  amount: z
    .string()
    .optional()
    .transform((v) => (v ?? '').slice(0, 40))
    .transform((v, ctx) => {
      const parsed = parseAmount(v);
      if (parsed === 'negative' || parsed === 0) {
        ctx.addIssue({ code: 'custom', ...msg('amountNegative') });
        return z.NEVER;
      }
      if (parsed === 'invalid') {
        ctx.addIssue({ code: 'custom', ...msg('amountInvalid') });
        return z.NEVER;
      }
      if (parsed !== null && parsed > MAX_ROUND_EUR) {
        ctx.addIssue({ code: 'custom', ...msg('amountAbsurd') });
        return z.NEVER;
      }
      return parsed;
    }),
  stage: z.enum(STAGES, msg('stageInvalid')),
  investor_id: ids.pipe(z.array(z.string()).max(MAX_INVESTORS, msg('investorsTooMany'))),
  investor_q: query,
  action,
});
export type RoundInput = z.output<typeof roundForm>;
