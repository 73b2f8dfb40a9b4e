import { z } from 'zod';

export const KINDS = [
  'startup',
  'accelerator',
  'investor',
  'cluster',
  'coworking',
  'sme',
  'large_group',
  'local_authority',
  'higher_education_research',
  'association',
  'other',
] as const;
export type Kind = (typeof KINDS)[number];

export const STATUSES = ['active', 'exited', 'closed'] as const;
export type OrgStatus = (typeof STATUSES)[number];

export const SOURCES = ['register', 'self', 'staff'] as const;
export type Source = (typeof SOURCES)[number];

export const SORTS = ['relevance', 'name', 'headcount', 'created'] as const;

export const RELATION_TYPES = [
  'invests_in',
  'accelerates',
  'member_of',
  'partner_of',
  'hosted_at',
  'spin_off_of',
  'parent_of',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const STAGES = [
  'pre_seed',
  'seed',
  'series_a',
  'series_b',
  'series_c',
  'later',
  'grant',
  'debt',
  'other',
] as const;
export type Stage = (typeof STAGES)[number];

/** a query-string value that may come once or repeated: ?kind=sme&kind=startup or ?kind=sme,startup */
const many = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? []
        : [v]
            .flat()
            .flatMap((s) => s.split(','))
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .pipe(z.array(item).max(50));

/** an empty box of a plain form means "no value", not 0 */
const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
const employees = z.preprocess(
  blankIsAbsent,
  z.coerce.number().int().min(0).max(10_000_000).optional(),
);

export const searchQuery = z
  .object({
    q: z.string().trim().max(200).optional().default(''),
    kind: many(z.enum(KINDS)),
    field: many(z.string().regex(/^[a-z0-9-]{1,60}$/)),
    commune: many(z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'INSEE commune code')),
    status: many(z.enum(STATUSES)),
    /** a label of programmes held today (its slug: the facet's values) */
    label: many(z.string().regex(/^[a-z0-9-]{1,60}$/)),
    tag: many(z.string().max(60)),
    headcount_min: employees,
    headcount_max: employees,
    sort: z.preprocess(blankIsAbsent, z.enum(SORTS).optional()),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    per_page: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine(
    (v) =>
      v.headcount_min === undefined ||
      v.headcount_max === undefined ||
      v.headcount_min <= v.headcount_max,
    { path: ['headcount_max'], message: 'headcount_max must be at least headcount_min' },
  );
export type SearchQuery = z.output<typeof searchQuery>;

export const headcountSchema = z
  .object({
    band: z
      .string()
      .nullable()
      .describe(
        'INSEE band code (trancheEffectifs); null when unknown, and for an exact figure (min = max). The headcount facet counts an exact figure under the band it falls in.',
      ),
    min: z.number().int().nullable(),
    max: z.number().int().nullable().describe('null: no upper bound'),
    year: z.number().int().nullable().describe('the year the band or the figure refers to'),
    source: z
      .enum(SOURCES)
      .nullable()
      .describe('register: SIRENE; self: declared by the organisation; staff: the hub team'),
  })
  .describe(
    'current legal-unit headcount: the latest observation by date, on the same day staff, then self, then register',
  );

/** an activity code of the register with its label (an addition: nothing renamed) */
const nafActivity = z
  .object({
    code: z.string().describe('NAF rév. 2 sub-class, e.g. 62.02A'),
    label: z
      .string()
      .nullable()
      .describe(
        "INSEE's French label, or in English (Accept-Language) the NACE Rev. 2 class's where known; null for a code not in NAF rév. 2",
      ),
    label_language: z.enum(['fr', 'en']).nullable(),
  })
  .nullable()
  .describe('the main activity (APE) in the register');

export const organisationItem = z.object({
  id: z.uuid(),
  slug: z.string(),
  siren: z.string().nullable(),
  name: z.string(),
  kind: z.enum(KINDS),
  fields: z.array(z.string()),
  tags: z.array(z.string()),
  status: z.enum(STATUSES),
  communes: z.array(z.object({ code: z.string(), name: z.string() })),
  headcount: headcountSchema,
  created_on: z.string().nullable(),
  restricted: z.boolean().describe('partial diffusion in the register (statutDiffusion P)'),
  demo: z.boolean().describe('synthetic demonstration data'),
  activity: nafActivity,
  url: z
    .string()
    .describe('the profile page: its path in a search answer, its full address in an export'),
});
export type OrganisationItem = z.infer<typeof organisationItem>;

const counts = z.record(z.string(), z.number().int());
export const searchResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  per_page: z.number().int(),
  items: z.array(organisationItem),
  place: z
    .object({ code: z.string(), name: z.string() })
    .nullable()
    .describe(
      'the commune of the territory the words name (accent- and case-insensitive), whose organisations are included in the results; null when the words name none',
    ),
  facets: z.object({
    kind: counts,
    field: counts,
    commune: counts,
    headcount: counts,
    status: counts,
    label: counts.describe(
      'organisations holding each label of programmes today (active, within its validity in Paris), by its slug',
    ),
  }),
});
export type SearchResult = z.infer<typeof searchResponse>;

const day = z.iso.date().describe('YYYY-MM-DD');

/** one organisation as GET /api/v1/organisations/{slug} answers it */
export const organisationDetail = z.object({
  id: z.uuid(),
  slug: z.string(),
  siren: z.string().nullable(),
  name: z.string(),
  acronym: z.string().nullable(),
  kind: z.enum(KINDS),
  status: z.enum(STATUSES),
  description: z.object({ fr: z.string(), en: z.string() }),
  website: z.string().nullable(),
  fields: z.array(z.string()),
  tags: z.array(z.string()),
  created_on: day.nullable(),
  restricted: z.boolean().describe('partial diffusion in the register (statutDiffusion P)'),
  demo: z.boolean().describe('synthetic demonstration data'),
  headcount: headcountSchema,
  headcount_history: z
    .array(
      z.object({
        siret: z.string().nullable().describe('always null: legal-unit observations only'),
        band: z.string().nullable(),
        exact: z.number().int().nullable(),
        year: z.number().int().nullable(),
        source: z.enum(SOURCES),
        observed_on: day,
      }),
    )
    .describe('every legal-unit observation, latest first'),
  establishments: z.array(
    z.object({
      siret: z.string(),
      head_office: z.boolean(),
      status: z.enum(['open', 'closed']),
      commune: z.string().nullable(),
      headcount_band: z.string().nullable(),
      headcount_year: z.number().int().nullable(),
      latitude: z.number().nullable().describe('WGS84; null for restricted diffusion'),
      longitude: z.number().nullable(),
    }),
  ),
  relations: z.array(
    z.object({
      type: z.enum(RELATION_TYPES),
      from: z.string().describe('slug'),
      to: z.string().describe('slug'),
      started_on: day.nullable(),
      ended_on: day.nullable(),
      source: z.enum(SOURCES),
    }),
  ),
  funding_rounds: z.array(
    z.object({
      announced_on: day,
      stage: z.enum(STAGES),
      amount_eur: z.number().int().nullable(),
      investors: z.array(z.string()).describe('slugs'),
      source: z.enum(SOURCES),
      demo: z.boolean(),
    }),
  ),
});
export type OrganisationDetail = z.infer<typeof organisationDetail>;

/** what every /api error answers */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
  }),
});
