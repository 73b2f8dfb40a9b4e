import { z } from 'zod';
import { apiError } from './programmes.schema.ts';

/** The jury API's shapes: assignments of reviewers to applications, and their conflicts. */

const ref = z.object({ id: z.string(), name: z.string() });

/** one conflict of interest, with what proves it */
export const conflictJson = z.object({
  key: z.string(),
  kind: z.enum(['declared', 'member', 'relation', 'funding']),
  organisation: ref.describe('the applicant, or an organisation merged into it'),
  merged_into: z
    .string()
    .nullable()
    .describe('the applicant’s name, when organisation was merged into it'),
  declaration: z.object({ type: z.string(), note: z.string(), at: z.string() }).optional(),
  via: ref.optional().describe('the reviewer’s organisation tied to the applicant'),
  relation: z
    .object({
      id: z.number().int(),
      type: z.enum(['invests_in', 'accelerates', 'partner_of', 'parent_of', 'spin_off_of']),
      direction: z.enum(['outgoing', 'incoming']),
      recorded_by: z.string().nullable(),
      source: z.string(),
    })
    .optional(),
  round: z.object({ id: z.number().int(), on: z.string(), stage: z.string() }).optional(),
});

export const assignBody = z.object({
  reviewer_email: z.string().trim().min(3).max(320),
  override_reason: z
    .string()
    .max(5000)
    .optional()
    .describe('staff’s written reason to override detected conflicts (never a declared one)'),
});

export const assignmentJson = z.object({
  id: z.number().int(),
  application_id: z.number().int(),
  reviewer: z.object({ name: z.string(), email: z.string() }),
  method: z.enum(['manual', 'automatic']),
  assigned_at: z.string(),
});

export const assignmentsResponse = z.object({
  items: z.array(
    assignmentJson.extend({
      reviewed: z.boolean(),
      override_reason: z.string().nullable(),
      flagged: z.boolean().describe('a conflict appeared since the assignment (or its override)'),
      flag_reason: z.string().nullable(),
      flag_conflicts: z.array(conflictJson),
    }),
  ),
});

/** an error of the jury API: the platform's fields, and what a conflict adds */
export const juryApiError = z.object({
  error: apiError.shape.error.extend({
    reason: z.string().optional().describe('the conflicts in words, in the language asked'),
    conflicts: z.array(conflictJson).optional(),
    overridable: z.boolean().optional(),
    assignment_id: z.number().int().optional(),
  }),
});
