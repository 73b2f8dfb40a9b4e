import { z } from 'zod';

/**
 * The decision's API body. Both fields are checked by the service, so that a missing or wrong
 * one answers 422 DECISION_INVALID with a message per field (rather than a bare 400).
 */
export const decideBody = z.object({
  decision: z.string().max(20).optional().describe('"accepted" or "refused"'),
  reasons: z
    .string()
    .max(20_000)
    .optional()
    .describe('required: why (10 000 characters at most); written in the letter and the history'),
});

const day = z.string().describe('a date, YYYY-MM-DD');

export const decisionResponse = z.object({
  application_id: z.number().int(),
  decision: z.enum(['accepted', 'refused']),
  reasons: z.string(),
  decided_at: z.string().describe('an instant, ISO 8601'),
  state: z.enum(['accepted', 'refused']).describe('the application’s new state'),
  letter: z.object({
    url: z.string().describe('where the organisation’s members and staff download it (PDF)'),
    locale: z.enum(['fr', 'en']).describe('the applicant’s language, the letter’s'),
    sha256: z.string(),
  }),
  label: z
    .object({
      id: z.number().int(),
      name_fr: z.string(),
      name_en: z.string(),
      valid_from: day,
      valid_until: day.nullable(),
    })
    .optional()
    .describe('the label the acceptance conferred, when the call confers one'),
});
