import { z } from 'zod';
import { coreError } from '../kernel/errors.ts';
import { FIELD_TYPES } from './forms/definition.ts';

/** The API's shapes: what the routes accept and answer (and the OpenAPI document shows). */

/** an :id of the address: any text reaches the handler, which answers 400 when it is not one */
export const idParams = z.object({ id: z.string().max(100).describe('a positive integer') });

export function positiveId(text: string): number {
  const id = /^\d{1,12}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1)
    throw coreError('BAD_REQUEST', `Not an id: ${text.slice(0, 60)}`);
  return id;
}

const instant = z.string().describe('an instant, ISO 8601 in UTC');

export const callItem = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string().describe('in the language asked (Accept-Language)'),
  opens_at: instant,
  closes_at: instant,
  grace_until: instant.describe(
    'until then, an application started before closes_at may still be submitted',
  ),
  status: z.enum(['open', 'upcoming', 'closed']),
  demo: z.boolean().describe('demonstration data: a call made up to try the platform'),
});
export const callsResponse = z.object({ items: z.array(callItem) });

const option = z.object({ value: z.string(), label: z.string() });
const showIf = z
  .object({ field: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) })
  .describe(
    'the field is shown, and its answer counts, only when the field named has this value (a multiple choice: includes it); answers to a hidden field are ignored',
  );
const fieldShape = {
  key: z.string(),
  type: z.enum(FIELD_TYPES),
  label: z.string(),
  required: z.boolean(),
  min: z.number().optional(),
  max: z.number().optional(),
  min_length: z.number().int().optional(),
  max_length: z.number().int().optional(),
  options: z.array(option).optional(),
  show_if: showIf.optional(),
};
export const formResponse = z.object({
  version: z.number().int(),
  fields: z.array(
    z.object({
      ...fieldShape,
      fields: z.array(z.object(fieldShape)).optional().describe('a group’s fields, for each row'),
    }),
  ),
});

const answers = z
  .record(z.string(), z.unknown())
  .describe('field key → value; a group’s value is a list of rows, each an object of its fields');

export const startBody = z.object({
  organisation_siren: z
    .string()
    .max(20)
    .describe('the SIREN of an organisation you are a member of'),
  answers: answers.optional(),
});

export const saveBody = z.object({
  answers: answers.describe(
    'merged into the draft: a key given replaces its answer, null removes it',
  ),
  version: z.number().int().min(1).describe('the version read: another save since answers 409'),
});

export const applicationResponse = z.object({
  id: z.number().int(),
  call_id: z.number().int(),
  organisation_id: z.string(),
  form_version: z.number().int(),
  state: z.enum([
    'draft',
    'submitted',
    'under_review',
    'accepted',
    'refused',
    'withdrawn',
    'correction_requested',
  ]),
  version: z.number().int(),
  answers: z.record(z.string(), z.unknown()),
  acknowledgement: z.string().nullable(),
  started_at: instant,
  submitted_at: instant.nullable(),
  updated_at: instant,
  demo: z.boolean(),
  correction_fields: z
    .array(z.string())
    .nullable()
    .describe(
      'while a correction is requested: the fields staff opened, the only ones a save may change; null otherwise',
    ),
  correction_note: z
    .string()
    .nullable()
    .describe('while a correction is requested: what staff wrote to the applicant; null otherwise'),
  history: z.array(
    z.object({ from: z.string().nullable(), to: z.string(), at: instant, note: z.string() }),
  ),
});

/** every error: its code and message, and what the code adds */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
    fields: z.record(z.string(), z.string()).optional().describe('field path → its message'),
    current_version: z.number().int().optional(),
    changed_fields: z.array(z.string()).optional(),
    reasons: z.array(z.string()).optional(),
    application_id: z.number().int().optional(),
  }),
});
