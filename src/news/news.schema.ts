import { z } from 'zod';
import { parisToInstant } from '../kernel/paris-time.ts';

/** Messages of the news forms, by key of the catalogue's `news.messages`. */
export type NewsMessageKey =
  | 'required'
  | 'tooLong'
  | 'slugInvalid'
  | 'slugTaken'
  | 'categoryUnknown'
  | 'organisationsUnknown'
  | 'tagTooLong'
  | 'tooManyTags'
  | 'timeInvalid'
  | 'timeRequired'
  | 'coverUnknown'
  | 'coverAltRequired'
  | 'bodyRequired'
  | 'stateInvalid'
  | 'organisationRequired';

const msg = (key: NewsMessageKey) => ({ message: key });
const text = (max: number) => z.string().trim().max(max, msg('tooLong'));
const list = (v: string) => [
  ...new Set(
    v
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

export const STATES = ['draft', 'scheduled', 'published', 'unpublished'] as const;

/** What the editor of one language sends. */
export const articleForm = z.object({
  version: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .catch(-1),
  title: z.string().trim().min(1, msg('required')).max(200, msg('tooLong')),
  slug: text(80).refine((v) => v === '' || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v), msg('slugInvalid')),
  summary: text(600),
  body_md: z
    .string()
    .max(100_000, msg('tooLong'))
    .transform((v) => v.replace(/\r\n/g, '\n')),
  category: z.string().trim().min(1, msg('required')).max(80, msg('categoryUnknown')),
  tags: text(400)
    .transform((v) => list(v.toLowerCase()))
    .pipe(z.array(z.string().max(40, msg('tagTooLong'))).max(20, msg('tooManyTags'))),
  // chosen with the directory's picker (organisations_id); slugs typed here are still read
  organisations: text(2000)
    .default('')
    .transform((v) =>
      // a slug or a profile's address
      list(v).map((s) => s.replace(/^.*\/annuaire\//, '').replace(/[/?#].*$/, '')),
    ),
  cover_file: z
    .string()
    .trim()
    .regex(/^\d{0,9}$/, msg('coverUnknown'))
    .transform((v) => (v === '' ? null : Number(v))),
  cover_alt: text(300),
  is_translation: z
    .string()
    .optional()
    .transform((v) => v === '1'),
  state: z.enum(STATES, msg('stateInvalid')),
  publish_at: z
    .string()
    .trim()
    .refine((v) => v === '' || parisToInstant(v) !== null, msg('timeInvalid'))
    .transform((v) => (v === '' ? null : parisToInstant(v))),
});

export type ArticleInput = z.output<typeof articleForm>;

/** A member's proposal: one language, for one of its organisations; staff review it. */
export const proposalForm = z.object({
  organisation: z.string().trim().min(1, msg('organisationRequired')).max(100),
  locale: z.enum(['fr', 'en']).catch('fr'),
  title: z.string().trim().min(1, msg('required')).max(200, msg('tooLong')),
  summary: text(600),
  body_md: z
    .string()
    .trim()
    .min(1, msg('bodyRequired'))
    .max(100_000, msg('tooLong'))
    .transform((v) => v.replace(/\r\n/g, '\n')),
});

export type ProposalInput = z.output<typeof proposalForm>;

export const listQuery = z.object({
  categorie: z.string().max(80).optional().catch(undefined),
  tag: z.string().max(40).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
