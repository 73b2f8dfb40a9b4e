import { z } from 'zod';
import { CRITERIA_MAX, CRITERION_KEY, SCALE_MAX, SCORE_METHODS, WEIGHT_MAX } from './rubric.ts';

/**
 * The shapes of reviews: a call's settings as the service takes them (messages are keys of
 * `t.programmes.reviews.rubric.messages`), and the review API's body and answers.
 */

export const LETTER_MAX = 10_000;
export const COMMENT_MAX = 10_000;

const letter = z.string().max(LETTER_MAX, 'too_long');
const labelName = z.string().trim().max(200, 'too_long');

const criterion = z.object({
  key: z.string().regex(CRITERION_KEY, 'key_invalid'),
  label: z.object({
    fr: z.string().trim().min(1, 'required').max(200, 'too_long'),
    en: z.string().trim().max(200, 'too_long'),
  }),
  weight: z
    .number({ error: 'weight_invalid' })
    .gt(0, 'weight_invalid')
    .max(WEIGHT_MAX, 'weight_invalid'),
  max: z
    .number({ error: 'max_invalid' })
    .int('max_invalid')
    .min(1, 'max_invalid')
    .max(SCALE_MAX, 'max_invalid'),
});

export const settingsSchema = z
  .object({
    rubric: z
      .array(criterion)
      .max(CRITERIA_MAX, 'too_many')
      .superRefine((rows, ctx) => {
        const seen = new Set<string>();
        rows.forEach((c, i) => {
          if (seen.has(c.key))
            ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'key_taken' });
          seen.add(c.key);
        });
      }),
    score_method: z.enum(SCORE_METHODS, { error: 'method_invalid' }),
    reviewers_per_application: z
      .number({ error: 'reviewers_invalid' })
      .int('reviewers_invalid')
      .min(1, 'reviewers_invalid')
      .max(10, 'reviewers_invalid'),
    scores_hidden_until_submitted: z.boolean(),
    letter_templates: z.object({
      fr: z.object({ accepted: letter, refused: letter }),
      en: z.object({ accepted: letter, refused: letter }),
    }),
    label_name_fr: labelName.nullable(),
    label_name_en: labelName.nullable(),
    label_valid_months: z
      .number({ error: 'months_invalid' })
      .int('months_invalid')
      .min(1, 'months_invalid')
      .max(120, 'months_invalid')
      .nullable(),
  })
  .superRefine((s, ctx) => {
    if (Boolean(s.label_name_fr) !== Boolean(s.label_name_en))
      ctx.addIssue({
        code: 'custom',
        path: [s.label_name_fr ? 'label_name_en' : 'label_name_fr'],
        message: 'label_pair',
      });
  });

export type SettingsInput = z.input<typeof settingsSchema>;
export type Settings = z.output<typeof settingsSchema>;

// ───────────── the API ─────────────

export const reviewBody = z.object({
  scores: z
    .record(z.string().max(100), z.unknown())
    .default({})
    .describe('criterion key → an integer from 0 to its scale’s top; a draft may leave some out'),
  abstain: z
    .boolean()
    .optional()
    .describe('true: the reviewer abstains, scores are dropped and the result is null'),
  comment_jury: z.string().optional().describe('read by the jury and staff, never the applicant'),
  comment_applicant: z.string().optional().describe('may be passed on to the applicant'),
  version: z
    .number()
    .int()
    .min(0)
    .describe('the version read (0 when no review was saved yet); another one answers 409'),
  submit: z
    .boolean()
    .optional()
    .describe('submit: every criterion scored (or an abstention), the result computed'),
});

const instant = z.string().describe('an instant, ISO 8601 in UTC');

const reviewShape = {
  scores: z.record(z.string(), z.number()),
  abstain: z.boolean(),
  comment_jury: z.string(),
  comment_applicant: z.string(),
  result: z.number().nullable().describe('the weighted sum or mean, once submitted'),
  version: z.number().int(),
  submitted_at: instant.nullable(),
};

export const storedReview = z.object(reviewShape);

export const reviewResponse = z.object({
  assignment_id: z.number().int(),
  application_id: z.number().int(),
  ...reviewShape,
  others_hidden: z
    .boolean()
    .describe('the call hides the others’ scores until this review is submitted'),
  others: z.array(
    z.object({
      reviewer: z.string().describe('the jury sees each other’s names; the applicant never does'),
      scores: z.record(z.string(), z.number()),
      abstain: z.boolean(),
      result: z.number().nullable(),
      comment_jury: z.string(),
      submitted_at: instant,
    }),
  ),
});

/** a review's errors: the platform's, and what the codes add */
export const reviewApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
    fields: z.record(z.string(), z.string()).optional().describe('field path → its message'),
    current: storedReview.optional().describe('STALE_VERSION: the review as stored'),
    sent: z
      .object({
        scores: z.record(z.string(), z.unknown()),
        abstain: z.boolean(),
        comment_jury: z.string(),
        comment_applicant: z.string(),
        version: z.number().int(),
      })
      .optional()
      .describe('STALE_VERSION: what was sent'),
  }),
});
