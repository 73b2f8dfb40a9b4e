import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assignBody,
  assignmentJson,
  assignmentsResponse,
  juryApiError,
} from './assignments.schema.ts';
import type { AssignmentsService } from './assignments.service.ts';
import { conflictsReason } from './conflicts.service.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { accessFirst, answerError } from './programmes.routes.ts';
import { idParams, positiveId } from './programmes.schema.ts';

const AUTH =
  'Staff only: a personal API token (`Authorization: Bearer <token>`) or the session cookie with the X-CSRF-Token header.';

/** The jury API: assigning a reviewer to an application, and reading its assignments. */
export function assignmentsRoutes(app: FastifyInstance, assignments: AssignmentsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const errors = {
    400: juryApiError,
    401: juryApiError,
    403: juryApiError,
    404: juryApiError,
    409: juryApiError,
    422: juryApiError,
  };

  api.post(
    '/api/v1/applications/:id/assignments',
    {
      config: { access: can.manage, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['programmes'],
        summary: 'Assign a jury member to an application',
        description: `The reviewer must sit on the call's jury (422 NOT_IN_JURY), the application be submitted or under review (409 NOT_ASSIGNABLE; a submitted one goes under review), and not be assigned already (409 ALREADY_ASSIGNED with assignment_id). A reviewer in conflict of interest with the applicant organisation — declared, or detected from the directory: member of it or of an organisation merged into it, member of an organisation tied to it by a relation (invests_in, accelerates, partner_of, parent_of, spin_off_of; either direction) or that invested in one of its rounds — is refused with 409 CONFLICT_OF_INTEREST, its reason in words and the conflicts. Staff may override detected conflicts with override_reason (a blank one: 422 OVERRIDE_INVALID); a declared conflict is never overridden (overridable: false). ${AUTH}`,
        params: idParams,
        body: assignBody,
        response: { 201: assignmentJson, ...errors },
      },
    },
    async (request, reply) => {
      try {
        const done = await assignments.assign(
          request.actor,
          positiveId(request.params.id),
          {
            reviewer: { email: request.body.reviewer_email },
            overrideReason: request.body.override_reason,
          },
          request.locale,
        );
        return reply.code(201).send({
          id: done.id,
          application_id: done.application_id,
          reviewer: { name: done.reviewer.name, email: done.reviewer.email },
          method: done.method,
          assigned_at: done.assigned_at.toISOString(),
        });
      } catch (error) {
        return answerError(request, reply, error);
      }
    },
  );

  api.get(
    '/api/v1/applications/:id/assignments',
    {
      config: { access: can.manage, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'The active assignments of an application, flagged when a conflict appeared since',
        description: AUTH,
        params: idParams,
        response: { 200: assignmentsResponse, ...errors },
      },
    },
    async (request) => {
      const list = await assignments.list(request.actor, positiveId(request.params.id));
      return {
        items: list.map((a) => ({
          id: Number(a.id),
          application_id: Number(a.application_id),
          reviewer: { name: a.reviewer_name, email: a.reviewer_email },
          method: a.method,
          assigned_at: a.assigned_at.toISOString(),
          reviewed: a.reviewed,
          override_reason: a.override_reason,
          flagged: a.flagged.length > 0,
          flag_reason: a.flagged.length > 0 ? conflictsReason(a.flagged, request.locale) : null,
          flag_conflicts: a.flagged,
        })),
      };
    },
  );
}
