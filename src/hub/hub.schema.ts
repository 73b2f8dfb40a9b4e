import { z } from 'zod';

export const hubResponse = z.object({
  name: z.string(),
  tagline: z.string(),
  labelled_on: z.string().nullable().describe('date of the French Tech label (YYYY-MM-DD)'),
  demo: z.boolean().describe('true when this instance holds demonstration data'),
  fields: z.array(z.object({ slug: z.string(), name: z.string(), description: z.string() })),
  territory: z.array(
    z.object({
      code: z.string().describe('EPCI SIREN code'),
      name: z.string(),
      communes: z.number().int(),
      population: z.number().int().nullable(),
    }),
  ),
});

export const langQuery = z.object({ lang: z.enum(['fr', 'en']).default('fr') });
