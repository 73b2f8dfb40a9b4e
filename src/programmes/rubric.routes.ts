import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AppError, coreError, type FieldErrors } from '../kernel/errors.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import type { PageContext } from '../web/context.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { ADMIN_PATH, inLanguage } from './pages/admin/ProgrammesPage.tsx';
import { RubricPage, type RubricPageData } from './pages/admin/RubricPage.tsx';
import { programmesPolicy as can } from './programmes.policy.ts';
import type { ProgrammesAdminService } from './programmes-admin.service.ts';
import { reviewsError } from './reviews.errors.ts';
import { BLANK_ROWS, inputOf, readSettings, rowCount, settingsValues } from './reviews.forms.ts';
import type { RubricSettingsService } from './rubric-settings.service.ts';

export const rubricFlash = {
  rubricSaved: (t) => t.programmes.reviews.rubric.saved,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof rubricFlash, true> {}
}

type CallParams = { Params: { callId: string } };

function idOf(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

/** the problems' keys by path, as messages next to the inputs typed */
function messages(ctx: PageContext, problems: FieldErrors, rows: readonly number[]): FieldErrors {
  const table = ctx.t.programmes.reviews.rubric.messages as Record<string, string>;
  const out: FieldErrors = {};
  for (const [path, key] of Object.entries(problems)) {
    out[inputOf(path, rows)] ??= table[key] ?? table.required ?? key;
  }
  return out;
}

/**
 * A call's rubric and jury settings, for staff: the page, and its form (422 with a message per
 * input and everything typed kept; 409 RUBRIC_LOCKED next to the criteria, nothing saved).
 */
export function rubricRoutes(
  app: FastifyInstance,
  deps: { settings: RubricSettingsService; admin: ProgrammesAdminService },
) {
  const path = `${ADMIN_PATH}/appels/:callId/grille`;
  const staff = { config: { access: can.manage } };

  async function page(request: FastifyRequest<CallParams>, form: FormState | null, status = 200) {
    const callId = idOf(request.params.callId);
    const [ctx, found, settings] = await Promise.all([
      request.pageContext(),
      deps.admin.call(request.actor, callId),
      deps.settings.settings(request.actor, callId),
    ]);
    const { call, rubric, letters, submitted } = settings;
    const values = form ?? emptyForm(settingsValues({ ...call, rubric, letters }));
    const data: RubricPageData = {
      callId,
      callTitle: inLanguage(ctx, call.title_fr, call.title_en),
      programme: {
        id: found.programme.id,
        name: inLanguage(ctx, found.programme.name_fr, found.programme.name_en),
      },
      demo: call.is_demo,
      submitted,
      rows: Math.max(rubric.length, rowCount(values.values)) + BLANK_ROWS,
    };
    return { ctx, html: RubricPage({ ctx, data, form: values }), status };
  }

  app.get<CallParams>(path, staff, async (request, reply) => {
    const { html } = await page(request, null);
    return reply.html(html);
  });

  app.post<CallParams>(path, staff, async (request, reply) => {
    const callId = idOf(request.params.callId);
    const { input, rows } = readSettings(request.body);
    try {
      await deps.settings.save(request.actor, callId, input);
    } catch (error) {
      const locked = reviewsError.is(error, 'RUBRIC_LOCKED');
      if (!locked && !reviewsError.is(error, 'RUBRIC_INVALID')) throw error;
      const problems = locked ? { rubric: 'locked' } : ((error as AppError).fields ?? {});
      const ctx = await request.pageContext();
      const form = { values: formValues(request.body), errors: messages(ctx, problems, rows) };
      const { html } = await page(request, form);
      return reply.html(html, locked ? 409 : 422);
    }
    return reply
      .flash('rubricSaved')
      .redirect(request.href(`${ADMIN_PATH}/appels/${callId}/grille`), 303);
  });
}
