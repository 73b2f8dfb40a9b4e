import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, coreError, type FieldErrors } from '../kernel/errors.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import type { PageContext } from '../web/context.ts';
import { emptyForm } from '../web/forms.tsx';
import {
  actionOf,
  applyAction,
  type BuilderProblems,
  checkBuilder,
  draftsOf,
  emptyDraft,
  readDrafts,
} from './form-builder.ts';
import type { FormField } from './forms/definition.ts';
import { CallEditPage, type CallPageData } from './pages/admin/CallEditPage.tsx';
import { type BuilderPageData, FormBuilderPage } from './pages/admin/FormBuilderPage.tsx';
import { ProgrammeEditPage } from './pages/admin/ProgrammeEditPage.tsx';
import { ADMIN_PATH, inLanguage, ProgrammesPage } from './pages/admin/ProgrammesPage.tsx';
import { programmesError } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import type { ProgrammesService } from './programmes.service.ts';
import {
  type AdminMessageKey,
  type AdminProblems,
  callValues,
  NEW_CALL_VALUES,
  programmeValues,
  readCall,
  readProgramme,
} from './programmes-admin.forms.ts';
import type { OwnerPicker, ProgrammesAdminService } from './programmes-admin.service.ts';

export const programmesAdminFlash = {
  programmeSaved: (t) => t.programmes.admin.saved.programme,
  callSaved: (t) => t.programmes.admin.saved.call,
  formSaved: (t) => t.programmes.admin.saved.form,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof programmesAdminFlash, true> {}
}

/** a new call's first form, for staff to rewrite in the form builder */
const STARTER_FORM: FormField[] = [
  {
    key: 'projet',
    type: 'long_text',
    label: { fr: 'Présentez votre projet', en: 'Present your project' },
    required: true,
  },
];

/** the builder's page may carry long texts: its own limit, so that a huge label gets a message */
const BUILDER_BODY_LIMIT = 8 * 1024 * 1024;

/** an id of the address: a positive integer, else the page does not exist */
function idOf(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

/** the problems' keys, as messages in the visitor's language */
function messages(
  ctx: PageContext,
  problems: AdminProblems | FieldErrors | undefined,
): FieldErrors {
  const table = ctx.t.programmes.admin.messages;
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(problems ?? {})) {
    if (key) out[field] = table[key as AdminMessageKey] ?? table.required;
  }
  return out;
}

function builderMessages(ctx: PageContext, problems: BuilderProblems): FieldErrors {
  const table = ctx.t.programmes.admin.builder.messages;
  const out: FieldErrors = {};
  for (const [field, m] of Object.entries(problems)) {
    const entry = table[m.code];
    out[field] = typeof entry === 'function' ? entry('n' in m ? m.n : 0) : entry;
  }
  return out;
}

/** a refusal of the service that belongs next to an input: its input and message key */
function refusalProblems(error: unknown): { problems: AdminProblems; status: 409 | 422 } | null {
  if (programmesError.is(error, 'SLUG_TAKEN'))
    return { problems: { slug: 'slug_taken' }, status: 422 };
  if (programmesError.is(error, 'REFERENCE_CODE_LOCKED'))
    return { problems: { reference_code: 'reference_locked' }, status: 409 };
  if (programmesError.is(error, 'CALL_INVALID') && error instanceof AppError && error.fields)
    return { problems: error.fields as AdminProblems, status: 422 };
  return null;
}

const idsOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').slice(0, 5);

/** The staff's set-up: programmes, their calls, and each call's form. */
export function programmesAdminRoutes(
  app: FastifyInstance,
  deps: { programmes: ProgrammesService; admin: ProgrammesAdminService },
) {
  const { programmes, admin } = deps;
  const staff = { config: { access: can.manage } };

  app.get(ADMIN_PATH, staff, async (request, reply) => {
    const [ctx, list] = await Promise.all([request.pageContext(), admin.overview(request.actor)]);
    return reply.html(ProgrammesPage({ ctx, programmes: list }));
  });

  async function saveProgramme(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    const ctx = await request.pageContext();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const ids = idsOf(body.owner_id);
    const query = values.owner_q ?? '';
    const again = (picker: OwnerPicker, errors: FieldErrors, status: number) =>
      reply.html(ProgrammeEditPage({ ctx, id, form: { values, errors }, picker, status }), status);
    if (values.action === 'search-owner') return again(await admin.pick(ids, query, true), {}, 200);
    const read = readProgramme(body);
    const owner = await admin.resolveOwner(ids, query);
    const problems: AdminProblems = read.ok ? {} : { ...read.problems };
    if (owner.error) problems.owner_q = owner.error;
    if (!read.ok || owner.error) return again(owner.picker, messages(ctx, problems), 422);
    const input = {
      slug: read.data.slug,
      nameFr: read.data.name_fr,
      nameEn: read.data.name_en,
      descriptionFr: read.data.description_fr,
      descriptionEn: read.data.description_en,
      ownerOrganisationId: owner.owner?.id ?? null,
    };
    try {
      if (id === null) await programmes.createProgramme(request.actor, input);
      else await programmes.updateProgramme(request.actor, id, input);
    } catch (error) {
      const refused = refusalProblems(error);
      if (!refused) throw error;
      return again(owner.picker, messages(ctx, refused.problems), refused.status);
    }
    return reply.flash('programmeSaved').redirect(request.href(ADMIN_PATH), 303);
  }

  app.get(`${ADMIN_PATH}/nouveau`, staff, async (request, reply) => {
    const ctx = await request.pageContext();
    const picker = await admin.pick([], '', false);
    return reply.html(ProgrammeEditPage({ ctx, id: null, form: emptyForm(), picker }));
  });

  app.post(`${ADMIN_PATH}/nouveau`, staff, (request, reply) => saveProgramme(request, reply, null));

  app.get<{ Params: { id: string } }>(`${ADMIN_PATH}/:id`, staff, async (request, reply) => {
    const id = idOf(request.params.id);
    const [ctx, p] = await Promise.all([request.pageContext(), admin.programme(request.actor, id)]);
    const picker = await admin.pick(p.owner ? [p.owner.id] : [], '', false);
    const form = emptyForm(programmeValues(p));
    return reply.html(ProgrammeEditPage({ ctx, id, form, picker, demo: p.is_demo }));
  });

  app.post<{ Params: { id: string } }>(`${ADMIN_PATH}/:id`, staff, async (request, reply) => {
    const id = idOf(request.params.id);
    await admin.programme(request.actor, id);
    return saveProgramme(request, reply, id);
  });

  callRoutes(app, deps);
  builderRoutes(app, deps);
}

/** creating and editing a call */
function callRoutes(
  app: FastifyInstance,
  { programmes, admin }: { programmes: ProgrammesService; admin: ProgrammesAdminService },
) {
  const staff = { config: { access: can.manage } };
  type ProgrammeParams = { Params: { id: string } };
  type CallParams = { Params: { callId: string } };

  async function newCallData(request: FastifyRequest<ProgrammeParams>): Promise<CallPageData> {
    const p = await admin.programme(request.actor, idOf(request.params.id));
    const name = request.locale === 'en' ? p.name_en : p.name_fr;
    return { programme: { id: p.id, name }, callId: null, demo: p.is_demo, acknowledgements: 0 };
  }

  app.get<ProgrammeParams>(`${ADMIN_PATH}/:id/appels/nouveau`, staff, async (request, reply) => {
    const [ctx, data] = await Promise.all([request.pageContext(), newCallData(request)]);
    return reply.html(CallEditPage({ ctx, data, form: emptyForm({ ...NEW_CALL_VALUES }) }));
  });

  app.post<ProgrammeParams>(`${ADMIN_PATH}/:id/appels/nouveau`, staff, async (request, reply) => {
    const [ctx, data] = await Promise.all([request.pageContext(), newCallData(request)]);
    const values = formValues(request.body);
    const again = (errors: FieldErrors, status: number) =>
      reply.html(CallEditPage({ ctx, data, form: { values, errors } }), status);
    const read = readCall(request.body);
    if (!read.ok) return again(messages(ctx, read.problems), 422);
    try {
      const created = await programmes.createCall(request.actor, {
        ...read.data,
        programmeId: data.programme.id,
        form: STARTER_FORM,
      });
      return reply
        .flash('callSaved')
        .redirect(request.href(`${ADMIN_PATH}/appels/${created.id}/formulaire`), 303);
    } catch (error) {
      const refused = refusalProblems(error);
      if (!refused) throw error;
      return again(messages(ctx, refused.problems), refused.status);
    }
  });

  async function callData(request: FastifyRequest<CallParams>) {
    const found = await admin.call(request.actor, idOf(request.params.callId));
    const { call, programme } = found;
    const data: CallPageData = {
      programme: {
        id: programme.id,
        name: inLanguage(await request.pageContext(), programme.name_fr, programme.name_en),
      },
      callId: call.id,
      demo: call.is_demo,
      acknowledgements: found.acknowledgements,
    };
    return { found, data };
  }

  app.get<CallParams>(`${ADMIN_PATH}/appels/:callId`, staff, async (request, reply) => {
    const [ctx, { found, data }] = await Promise.all([request.pageContext(), callData(request)]);
    const form = emptyForm(callValues(found.call, found.rules));
    return reply.html(CallEditPage({ ctx, data, form, submitted: found.submitted }));
  });

  app.post<CallParams>(`${ADMIN_PATH}/appels/:callId`, staff, async (request, reply) => {
    const [ctx, { found, data }] = await Promise.all([request.pageContext(), callData(request)]);
    const values = formValues(request.body);
    const again = (errors: FieldErrors, status: number) =>
      reply.html(
        CallEditPage({ ctx, data, form: { values, errors }, submitted: found.submitted }),
        status,
      );
    const read = readCall(request.body);
    if (!read.ok) return again(messages(ctx, read.problems), 422);
    try {
      await programmes.updateCall(request.actor, found.call.id, read.data);
    } catch (error) {
      const refused = refusalProblems(error);
      if (!refused) throw error;
      return again(messages(ctx, refused.problems), refused.status);
    }
    return reply.flash('callSaved').redirect(request.href(ADMIN_PATH), 303);
  });
}

/** the form builder of a call: buttons that change the page, one that saves a new version */
function builderRoutes(
  app: FastifyInstance,
  { programmes, admin }: { programmes: ProgrammesService; admin: ProgrammesAdminService },
) {
  type CallParams = { Params: { callId: string } };
  const path = `${ADMIN_PATH}/appels/:callId/formulaire`;

  async function builderData(request: FastifyRequest<CallParams>) {
    const ctx = await request.pageContext();
    const found = await admin.form(request.actor, idOf(request.params.callId));
    const version = found.form?.version ?? null;
    const data: BuilderPageData = {
      callId: found.call.id,
      callTitle: inLanguage(ctx, found.call.title_fr, found.call.title_en),
      programme: {
        id: found.programme.id,
        name: inLanguage(ctx, found.programme.name_fr, found.programme.name_en),
      },
      demo: found.call.is_demo,
      version,
      older: found.versions
        .filter((v) => version !== null && v.version < version)
        .reduce((sum, v) => sum + v.n, 0),
    };
    return { ctx, data, fields: found.form?.fields ?? [] };
  }

  app.get<CallParams>(path, { config: { access: can.manage } }, async (request, reply) => {
    const { ctx, data, fields } = await builderData(request);
    const drafts = fields.length > 0 ? draftsOf(fields) : [emptyDraft()];
    return reply.html(FormBuilderPage({ ctx, data, drafts, form: emptyForm() }));
  });

  app.post<CallParams>(
    path,
    { config: { access: can.manage }, bodyLimit: BUILDER_BODY_LIMIT },
    async (request, reply) => {
      const { ctx, data } = await builderData(request);
      const action = actionOf(request.body);
      if (action.kind !== 'save') {
        const drafts = applyAction(readDrafts(request.body), action);
        return reply.html(FormBuilderPage({ ctx, data, drafts, form: emptyForm(), unsaved: true }));
      }
      const checked = checkBuilder(request.body);
      if (!checked.ok) {
        const form = { values: {}, errors: builderMessages(ctx, checked.problems) };
        return reply.html(
          FormBuilderPage({ ctx, data, drafts: checked.drafts, form, unsaved: true }),
          422,
        );
      }
      await programmes.editForm(request.actor, data.callId, checked.fields);
      return reply
        .flash('formSaved')
        .redirect(request.href(`${ADMIN_PATH}/appels/${data.callId}/formulaire`), 303);
    },
  );
}
