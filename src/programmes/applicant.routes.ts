import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, coreError } from '../kernel/errors.ts';
import type { ApplicantService, ApplicationPageData } from './applicant.service.ts';
import type { ApplicationsService } from './applications.service.ts';
import { answersAsValues, answersFromForm, controlId } from './forms/form-data.ts';
import type { Answers } from './forms/validate.ts';
import { type ApplicationForm, ApplicationPage, WithdrawPage } from './pages/ApplicationPage.tsx';
import { CallPage } from './pages/CallPage.tsx';
import { CallsPage } from './pages/CallsPage.tsx';
import { applicationPath } from './pages/common.tsx';
import { MyApplicationsPage } from './pages/MyApplicationsPage.tsx';
import { detailsOf, programmesError } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';

type ApplicantDeps = {
  applicant: ApplicantService;
  applications: ApplicationsService;
  now: () => Date;
};
type SlugParams = { Params: { slug: string } };
type IdParams = { Params: { id: string } };

const SLUG = /^[a-z0-9-]{1,100}$/;
const startBody = z.object({ organisation: z.uuid() });
const saveBody = z.object({
  version: z.coerce.number().int().min(1).max(2_147_483_647),
  intent: z
    .string()
    .regex(/^(save|submit|row:[a-z][a-z0-9_]{0,62})$/)
    .default('save'),
});

const idOf = (raw: string) => {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 53) throw coreError('NOT_FOUND');
  return id;
};
const slugOf = (raw: string) => {
  if (!SLUG.test(raw)) throw coreError('NOT_FOUND');
  return raw;
};

/** the autosave asks for JSON; a form without JavaScript for a page */
const wantsJson = (request: FastifyRequest) =>
  (request.headers.accept ?? '').includes('application/json');

/** the page's fields as the person sent them, over the stored answers (nothing typed is lost) */
function sentValues(data: ApplicationPageData, patch: Answers) {
  const merged: Answers = { ...data.application.answers };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return answersAsValues(data.fields, merged);
}

/**
 * The applicant's pages: the calls, a call and how to apply, the person's applications, one
 * application to fill in (saved by a button without JavaScript, on every change with it), submit
 * and withdraw. Every refusal shows the page again with the person's input and its reason.
 */
export function applicantRoutes(app: FastifyInstance, deps: ApplicantDeps) {
  const { applicant, applications } = deps;

  app.get('/appels', { config: { access: can.readCalls } }, async (request, reply) => {
    const [ctx, list] = await Promise.all([request.pageContext(), applicant.list()]);
    return reply.html(CallsPage({ ctx, ...list }));
  });

  app.get<SlugParams>(
    '/appels/:slug',
    { config: { access: can.readCalls } },
    async (request, reply) => {
      const slug = slugOf(request.params.slug);
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        applicant.call(request.actor, slug),
      ]);
      return reply.html(CallPage({ ctx, data }));
    },
  );

  app.post<SlugParams>(
    '/appels/:slug/candidater',
    { config: { access: can.apply } },
    async (request, reply) => {
      const slug = slugOf(request.params.slug);
      const data = await applicant.call(request.actor, slug);
      const again = async (error: AppError) => {
        const ctx = await request.pageContext();
        const reasons = detailsOf(error)?.reasons;
        const message = Array.isArray(reasons)
          ? `${error.text(request.locale)} ${reasons.join(' ')}`
          : error.text(request.locale);
        return reply.html(CallPage({ ctx, data, message }), error.status);
      };
      const body = startBody.safeParse(request.body ?? {});
      if (!body.success) return again(programmesError('ORGANISATION_UNKNOWN'));
      try {
        const started = await applications.start(
          request.actor,
          { callId: data.call.id, organisationId: body.data.organisation, answers: {} },
          request.locale,
        );
        return reply
          .flash('applicationStarted')
          .redirect(request.href(applicationPath(Number(started.id))), 303);
      } catch (error) {
        if (programmesError.is(error, 'APPLICATION_EXISTS')) {
          const existing = Number(detailsOf(error)?.application_id);
          return reply.redirect(request.href(applicationPath(existing)), 303);
        }
        if (error instanceof AppError && error.status < 500) return again(error);
        throw error;
      }
    },
  );

  app.get('/candidatures', { config: { access: can.apply } }, async (request, reply) => {
    const [ctx, applications] = await Promise.all([
      request.pageContext(),
      applicant.mine(request.actor),
    ]);
    return reply.html(MyApplicationsPage({ ctx, applications }));
  });

  app.get<IdParams & { Querystring: { ligne?: string } }>(
    '/candidatures/:id',
    { config: { access: can.apply } },
    async (request, reply) => {
      const id = idOf(request.params.id);
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        applicant.application(request.actor, id),
      ]);
      const more = request.query?.ligne;
      const form: ApplicationForm = {
        values: answersAsValues(data.fields, data.application.answers),
        errors: {},
        moreRows: typeof more === 'string' ? { [more]: 1 } : undefined,
      };
      return reply.html(ApplicationPage({ ctx, data, form, now: deps.now() }));
    },
  );

  app.post<IdParams>('/candidatures/:id', { config: { access: can.apply } }, (request, reply) =>
    saveOrSubmit(deps, request, reply, idOf(request.params.id)),
  );

  app.get<IdParams>(
    '/candidatures/:id/retirer',
    { config: { access: can.apply } },
    async (request, reply) => {
      const id = idOf(request.params.id);
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        applicant.application(request.actor, id),
      ]);
      return reply.html(WithdrawPage({ ctx, data }));
    },
  );

  app.post<IdParams>(
    '/candidatures/:id/retirer',
    { config: { access: can.apply } },
    async (request, reply) => {
      const id = idOf(request.params.id);
      await applications.withdraw(request.actor, id);
      return reply.flash('applicationWithdrawn').redirect(request.href(applicationPath(id)), 303);
    },
  );
}

/**
 * Saves the page's answers over the version it was opened at, then, when asked, submits: a
 * refusal shows the page again with what was typed, the messages, or both versions on a conflict.
 * The autosave (Accept: JSON) gets the new version, or the error's code and details.
 */
async function saveOrSubmit(
  deps: ApplicantDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
) {
  const { applicant, applications } = deps;
  const data = await applicant.application(request.actor, id);
  const parsed = saveBody.safeParse(request.body ?? {});
  if (!parsed.success) throw coreError('BAD_REQUEST');
  const { version, intent } = parsed.data;
  // a second click on "submit" finds it submitted: the same submission, shown again
  if (intent === 'submit' && data.application.state === 'submitted' && !wantsJson(request))
    return reply.flash('applicationSubmitted').redirect(request.href(applicationPath(id)), 303);
  // during a correction, the page offers only the fields it names: the others are left as they are
  const correction = data.application.correction;
  const patch = answersFromForm(
    data.fields,
    request.body,
    (key) => correction === null || correction.fields.includes(key),
  );
  const page = async (form: ApplicationForm, status: number) => {
    const ctx = await request.pageContext();
    const fresh = await applicant.application(request.actor, id);
    return reply.html(ApplicationPage({ ctx, data: fresh, form, now: deps.now() }), status);
  };
  let saved: number;
  try {
    saved = (
      await applications.save(request.actor, id, { answers: patch, version }, request.locale)
    ).version;
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const details = detailsOf(error) ?? {};
    if (wantsJson(request))
      return reply.code(error.status).send({
        error: { code: error.code, message: error.text(request.locale), ...details },
      });
    const values = sentValues(data, patch);
    if (programmesError.is(error, 'STALE_VERSION'))
      return page(
        {
          values,
          errors: {},
          conflict: {
            fields: (details.changed_fields as string[] | undefined) ?? [],
            version: Number(details.current_version),
          },
        },
        409,
      );
    const errors = (details.fields as Record<string, string> | undefined) ?? {};
    return page({ values, errors, message: error.text(request.locale) }, error.status);
  }
  if (wantsJson(request)) return reply.send({ version: saved, saved_at: new Date() });
  if (intent.startsWith('row:')) {
    const key = intent.slice(4);
    return reply.redirect(
      request.href(`${applicationPath(id)}?ligne=${key}#${controlId(key)}`),
      303,
    );
  }
  if (intent === 'save')
    return reply.flash('applicationSaved').redirect(request.href(applicationPath(id)), 303);
  try {
    await applications.submit(request.actor, id, request.locale);
    return reply.flash('applicationSubmitted').redirect(request.href(applicationPath(id)), 303);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const fresh = await applicant.application(request.actor, id);
    const errors = (detailsOf(error)?.fields as Record<string, string> | undefined) ?? {};
    return page(
      {
        values: answersAsValues(fresh.fields, fresh.application.answers),
        errors,
        message: error.text(request.locale),
      },
      error.status,
    );
  }
}
