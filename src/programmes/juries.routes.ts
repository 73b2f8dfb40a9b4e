import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AppError, coreError } from '../kernel/errors.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { isReviewerOrStaff } from '../kernel/policy.ts';
import type { AssignmentsService } from './assignments.service.ts';
import type { Conflict } from './conflicts.service.ts';
import type { DeclarationsService } from './declarations.service.ts';
import { JournalPage } from './pages/admin/JournalPage.tsx';
import { type JuryForms, JuryPage, juryPath } from './pages/admin/JuryPage.tsx';
import { ADMIN_PATH } from './pages/admin/ProgrammesPage.tsx';
import { CONFLICTS_PATH, ConflictsPage } from './pages/ConflictsPage.tsx';
import { detailsOf, programmesError } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';

export const juriesFlash = {
  conflictDeclared: (t) => t.programmes.juries.declarations.flash.declared,
  conflictRemoved: (t) => t.programmes.juries.declarations.flash.removed,
  juryMemberAdded: (t) => t.programmes.juries.jury.flash.memberAdded,
  juryMemberRemoved: (t) => t.programmes.juries.jury.flash.memberRemoved,
  jurySettingsSaved: (t) => t.programmes.juries.jury.flash.settingsSaved,
  reviewerAssigned: (t) => t.programmes.juries.jury.flash.assigned,
  reviewerUnassigned: (t) => t.programmes.juries.jury.flash.unassigned,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof juriesFlash, true> {}
}

type CallParams = { Params: { callId: string } };
type IdParams = { Params: { id: string } };

/** an id of the address; anything else names nothing (404) */
function pageId(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** the ids a picker's radio or checkboxes sent */
function idsOf(value: unknown): string[] {
  return [value ?? []].flat().filter((v): v is string => typeof v === 'string' && UUID.test(v));
}

const staff = { config: { access: can.manage } };
const reviewers = { config: { access: isReviewerOrStaff } };

/** the jury's page, with what its refused forms send back */
async function juryPage(
  assignments: AssignmentsService,
  request: FastifyRequest,
  reply: FastifyReply,
  callId: number,
  forms: JuryForms = {},
  status = 200,
) {
  const [ctx, data] = await Promise.all([
    request.pageContext(),
    assignments.jury(request.actor, callId),
  ]);
  return reply.html(JuryPage({ ctx, data, forms }), status);
}

/** the message of a refusal shown on the page, for the codes a form may meet */
const refusal = (request: FastifyRequest, error: unknown) => {
  if (programmesError.is(error) && error.status !== 404) return error.text(request.locale);
  throw error;
};

/** a reviewer's own declarations of conflicts */
function declarationRoutes(app: FastifyInstance, declarations: DeclarationsService) {
  app.get(CONFLICTS_PATH, reviewers, async (request, reply) => {
    const [ctx, rows, picker] = await Promise.all([
      request.pageContext(),
      declarations.list(request.actor),
      declarations.pick([], '', false),
    ]);
    return reply.html(ConflictsPage({ ctx, rows, form: { values: {}, errors: {} }, picker }));
  });

  app.post(CONFLICTS_PATH, reviewers, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const ids = idsOf(body.organisation_id);
    const query = values.organisation_q ?? '';
    const again = async (form: JuryForms['member'] & object, picker: unknown, status: number) => {
      const [ctx, rows] = await Promise.all([
        request.pageContext(),
        declarations.list(request.actor),
      ]);
      return reply.html(
        ConflictsPage({
          ctx,
          rows,
          form,
          picker: picker as Parameters<typeof ConflictsPage>[0]['picker'],
        }),
        status,
      );
    };
    if (values.action?.startsWith('search')) {
      return again({ values, errors: {} }, await declarations.pick(ids, query, true), 200);
    }
    const outcome = await declarations.declare(
      request.actor,
      { ids, query, type: values.type ?? '', note: values.note ?? '' },
      request.locale,
    );
    if (!outcome.ok) return again({ values, errors: outcome.errors }, outcome.picker, 422);
    return reply.flash('conflictDeclared').redirect(request.href(CONFLICTS_PATH), 303);
  });

  app.post<IdParams>(`${CONFLICTS_PATH}/:id/supprimer`, reviewers, async (request, reply) => {
    await declarations.remove(request.actor, pageId(request.params.id));
    return reply.flash('conflictRemoved').redirect(request.href(CONFLICTS_PATH), 303);
  });
}

/** the jury of a call: its page, members, settings, the automatic assignment */
function juryRoutes(app: FastifyInstance, assignments: AssignmentsService) {
  app.get<CallParams>(`${ADMIN_PATH}/appels/:callId/jury`, staff, (request, reply) =>
    juryPage(assignments, request, reply, pageId(request.params.callId)),
  );

  app.post<CallParams>(
    `${ADMIN_PATH}/appels/:callId/jury/membres`,
    staff,
    async (request, reply) => {
      const callId = pageId(request.params.callId);
      const values = formValues(request.body);
      const email = (values.email ?? '').trim();
      const j = (await request.pageContext()).t.programmes.juries.jury;
      if (email === '') {
        return juryPage(
          assignments,
          request,
          reply,
          callId,
          { member: { values, errors: { email: j.emailRequired } } },
          422,
        );
      }
      try {
        await assignments.addMember(request.actor, callId, email);
      } catch (error) {
        const message = refusal(request, error);
        return juryPage(
          assignments,
          request,
          reply,
          callId,
          { member: { values, errors: { email: message } } },
          (error as AppError).status,
        );
      }
      return reply.flash('juryMemberAdded').redirect(request.href(juryPath(callId)), 303);
    },
  );

  app.post<{ Params: { callId: string; userId: string } }>(
    `${ADMIN_PATH}/appels/:callId/jury/membres/:userId/retirer`,
    staff,
    async (request, reply) => {
      const callId = pageId(request.params.callId);
      if (!UUID.test(request.params.userId)) throw coreError('NOT_FOUND');
      await assignments.removeMember(request.actor, callId, request.params.userId);
      return reply.flash('juryMemberRemoved').redirect(request.href(juryPath(callId)), 303);
    },
  );

  app.post<CallParams>(
    `${ADMIN_PATH}/appels/:callId/jury/reglages`,
    staff,
    async (request, reply) => {
      const callId = pageId(request.params.callId);
      const values = formValues(request.body);
      const raw = (values.per_application ?? '').trim();
      const n = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
      try {
        await assignments.setReviewersPerApplication(request.actor, callId, n, request.locale);
      } catch (error) {
        if (!programmesError.is(error, 'JURY_INVALID')) throw error;
        return juryPage(
          assignments,
          request,
          reply,
          callId,
          { settings: { values, errors: error.fields ?? {} } },
          422,
        );
      }
      return reply.flash('jurySettingsSaved').redirect(request.href(juryPath(callId)), 303);
    },
  );

  app.post<CallParams>(
    `${ADMIN_PATH}/appels/:callId/jury/automatique`,
    staff,
    async (request, reply) => {
      const callId = pageId(request.params.callId);
      const result = await assignments.autoAssign(request.actor, callId);
      // the outcome is shown at once (how many added, which applications lack reviewers)
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        assignments.jury(request.actor, callId),
      ]);
      return reply.html(
        JuryPage({
          ctx: { ...ctx, flash: ctx.t.programmes.juries.jury.automaticDone(result.added) },
          data,
          forms: { lacking: result.lacking },
        }),
      );
    },
  );
}

/** assigning by hand (with an override), removing an assignment, the application's log */
function assignmentPageRoutes(app: FastifyInstance, assignments: AssignmentsService) {
  app.post<IdParams>(
    `${ADMIN_PATH}/candidatures/:id/affectations`,
    staff,
    async (request, reply) => {
      const id = pageId(request.params.id);
      const values = formValues(request.body);
      const reviewer = values.reviewer ?? '';
      const override = values.override === '1' ? (values.override_reason ?? '') : undefined;
      const app = await assignments.applicationOf(request.actor, id);
      const j = (await request.pageContext()).t.programmes.juries.jury;
      if (!UUID.test(reviewer)) {
        return juryPage(
          assignments,
          request,
          reply,
          app.call_id,
          { assign: { applicationId: id, message: j.memberRequired } },
          422,
        );
      }
      try {
        await assignments.assign(
          request.actor,
          id,
          { reviewer: { id: reviewer }, overrideReason: override },
          request.locale,
        );
      } catch (error) {
        const details = detailsOf(error);
        if (
          programmesError.is(error, 'CONFLICT_OF_INTEREST') ||
          programmesError.is(error, 'OVERRIDE_INVALID')
        ) {
          const conflicts = programmesError.is(error, 'CONFLICT_OF_INTEREST')
            ? ((details?.conflicts ?? []) as Conflict[])
            : await assignments.conflictsOf(request.actor, id, reviewer);
          const name = await assignments.nameOf(reviewer);
          const panel = {
            applicationId: id,
            reviewerId: reviewer,
            reviewerName: name,
            conflicts,
            overridable: conflicts.every((c) => c.kind !== 'declared'),
            form: { values, errors: error.fields ?? {} },
          };
          return juryPage(
            assignments,
            request,
            reply,
            app.call_id,
            { conflict: panel },
            error.status,
          );
        }
        const message = refusal(request, error);
        return juryPage(
          assignments,
          request,
          reply,
          app.call_id,
          { assign: { applicationId: id, message } },
          (error as AppError).status,
        );
      }
      return reply
        .flash('reviewerAssigned')
        .redirect(request.href(`${juryPath(app.call_id)}#candidature-${id}`), 303);
    },
  );

  app.post<IdParams>(`${ADMIN_PATH}/affectations/:id/retirer`, staff, async (request, reply) => {
    const { callId } = await assignments.unassign(request.actor, pageId(request.params.id));
    return reply.flash('reviewerUnassigned').redirect(request.href(juryPath(callId)), 303);
  });

  app.get<IdParams>(`${ADMIN_PATH}/candidatures/:id/journal`, staff, async (request, reply) => {
    const id = pageId(request.params.id);
    const [ctx, { application, entries }] = await Promise.all([
      request.pageContext(),
      assignments.journal(request.actor, id),
    ]);
    return reply.html(JournalPage({ ctx, application, entries }));
  });
}

/**
 * The jury's pages: a reviewer's own conflicts (`/jury/conflits`), the staff's jury of a call
 * (members, settings, automatic and manual assignment, override of a detected conflict, removal)
 * and the audit log of an application. Forms post, then redirect with a notice, or come back
 * with a message next to what was refused (409 for a conflict, 422 for a missing value).
 */
export function juriesRoutes(
  app: FastifyInstance,
  deps: { assignments: AssignmentsService; declarations: DeclarationsService },
) {
  declarationRoutes(app, deps.declarations);
  juryRoutes(app, deps.assignments);
  assignmentPageRoutes(app, deps.assignments);
}
