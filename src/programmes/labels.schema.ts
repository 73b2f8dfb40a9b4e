import { z } from 'zod';

/** The labels API's shapes (in the OpenAPI document). */

export const labelsQuery = z.object({
  organisation: z
    .string()
    .regex(/^[a-z0-9-]{1,200}$/, 'an organisation’s slug')
    .optional()
    .describe('only the labels of this organisation of the directory (its slug)'),
  active: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only labels held today (not withdrawn, within their validity, Paris day)'),
});

const day = z.string().describe('a calendar date, YYYY-MM-DD');

export const labelItem = z.object({
  id: z.number().int(),
  name: z.string().describe('in the language asked (Accept-Language)'),
  holder: z.object({
    name: z.string(),
    organisation: z
      .string()
      .nullable()
      .describe('its slug in the directory, when the directory lists the holder'),
  }),
  valid_from: day,
  valid_until: day.nullable().describe('null: no end known'),
  status: z.enum(['current', 'expired', 'withdrawn']).describe('today, in Paris'),
  withdrawn_reason: z.string().nullable(),
  call_id: z.number().int().nullable().describe('the call whose accepted application conferred it'),
  source: z
    .string()
    .nullable()
    .describe('where a label not conferred on the platform comes from (a past round)'),
  demo: z.boolean().describe('demonstration data'),
});
export const labelsResponse = z.object({ items: z.array(labelItem) });
