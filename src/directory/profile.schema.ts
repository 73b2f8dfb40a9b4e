import { z } from 'zod';
import { isWebAddress } from '../kernel/urls.ts';
import type { FormMessageKey } from '../web/validation.ts';
import { KINDS, STATUSES } from './directory.schema.ts';

const msg = (key: FormMessageKey) => ({ message: key });
const text = (max: number) => z.string().trim().max(max, msg('tooLong'));
const thisYear = () => new Date().getFullYear();

/** What a member may declare about its organisation. */
export const selfDeclaredForm = z.object({
  version: z.string().min(1),
  description_fr: text(2000),
  description_en: text(2000),
  website: z
    .string()
    .trim()
    .max(300, msg('tooLong'))
    .refine((v) => v === '' || isWebAddress(v), msg('urlInvalid')),
  tags: text(400)
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(40, msg('tagTooLong'))).max(20, msg('tooManyTags'))),
  fields: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()))
    .pipe(z.array(z.string().regex(/^[a-z0-9-]{1,60}$/)).max(10)),
  headcount: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d+$/.test(v), msg('headcountInvalid'))
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || v <= 500_000, msg('headcountAbsurd')),
  headcount_year: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || (/^\d{4}$/.test(v) && Number(v) >= 1990 && Number(v) <= thisYear()),
      msg('yearInvalid'),
    )
    .transform((v) => (v === '' ? null : Number(v))),
});

/** Staff may also correct what the register says. */
export const staffForm = selfDeclaredForm.extend({
  name: z.string().trim().min(1, msg('required')).max(200, msg('tooLong')),
  acronym: text(40),
  kind: z.enum(KINDS),
  status: z.enum(STATUSES),
});

export type SelfDeclared = z.output<typeof selfDeclaredForm>;
export type StaffEdit = z.output<typeof staffForm>;

export const claimForm = z.object({ message: text(1000).optional().default('') });
export const mergeForm = z.object({ target: z.string().trim().min(1, msg('required')).max(200) });
export const decisionForm = z.object({ decision: z.enum(['approve', 'reject']) });
