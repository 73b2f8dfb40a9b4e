import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { coreError } from '../kernel/errors.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { anyone } from '../kernel/policy.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { labelsError } from './labels.errors.ts';
import { labelsQuery, labelsResponse } from './labels.schema.ts';
import { type LabelRow, type LabelsService, standingOf } from './labels.service.ts';
import { LabelAdminPage, LabelsAdminPage } from './pages/admin/LabelsAdminPages.tsx';
import { LabelDetailPage, LabelsPage } from './pages/LabelsPages.tsx';
import { programmesPolicy as can } from './programmes.policy.ts';
import { apiError } from './programmes.schema.ts';

export const labelsFlash = {
  labelWithdrawn: (t) => t.programmes.labels.flash.withdrawn,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof labelsFlash, true> {}
}

type IdParams = { Params: { id: string } };

/** an id of the address; anything else names nothing (404) */
export function pageId(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

/** a posted text field, or '' */
export function posted(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : '';
  return typeof value === 'string' ? value : '';
}

function labelJson(l: LabelRow, locale: 'fr' | 'en', today: string) {
  return {
    id: l.id,
    name: locale === 'en' ? l.name_en : l.name_fr,
    holder: {
      name: l.organisation_name ?? l.holder_name ?? '',
      organisation: l.organisation_slug,
    },
    valid_from: l.valid_from,
    valid_until: l.valid_until,
    status: standingOf(l, today),
    withdrawn_reason: l.withdrawn_reason,
    call_id: l.call_id,
    source: l.source_note === '' ? null : l.source_note,
    demo: l.is_demo,
  };
}

/**
 * Labels: the public list of laureates and a label's page with its history, the API's list,
 * and the staff's list and withdrawal (a reason required: 422 with the form again, nothing
 * written; a second withdrawal 409).
 */
export function labelsRoutes(app: FastifyInstance, labels: LabelsService) {
  const staff = { config: { access: can.manage } };
  const api = app.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/labels',
    { config: { access: anyone, cache: { topics: ['programmes', 'directory'] } } },
    async (request, reply) => {
      const [ctx, list] = await Promise.all([request.pageContext(), labels.laureates()]);
      return reply.html(LabelsPage({ ctx, list }));
    },
  );

  app.get<IdParams>('/labels/:id', { config: { access: anyone } }, async (request, reply) => {
    const page = await labels.page(pageId(request.params.id));
    return reply.html(LabelDetailPage({ ctx: await request.pageContext(), page }));
  });

  api.get(
    '/api/v1/labels',
    {
      config: { access: anyone, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'The labels conferred, and those recorded from past rounds',
        description:
          'Every label, withdrawn and expired ones included (their `status` says so), by name then holder. Names in the language asked. Not paginated: a hub confers a few labels a year.',
        querystring: labelsQuery,
        response: { 200: labelsResponse, 400: apiError },
      },
    },
    async (request) => {
      const { organisation, active } = request.query;
      const rows = await labels.list({
        ...(organisation !== undefined ? { organisation } : {}),
        active: active === 'true',
      });
      const today = labels.today();
      return { items: rows.map((l) => labelJson(l, request.locale, today)) };
    },
  );

  app.get('/admin/programmes/labels', staff, async (request, reply) => {
    const [ctx, list] = await Promise.all([request.pageContext(), labels.laureates()]);
    return reply.html(LabelsAdminPage({ ctx, list }));
  });

  async function adminPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: FormState,
    status = 200,
  ) {
    const page = await labels.page(id);
    return reply.html(LabelAdminPage({ ctx: await request.pageContext(), page, form }), status);
  }

  app.get<IdParams>('/admin/programmes/labels/:id', staff, (request, reply) =>
    adminPage(request, reply, pageId(request.params.id), emptyForm()),
  );

  app.post<IdParams>('/admin/programmes/labels/:id/retrait', staff, async (request, reply) => {
    const id = pageId(request.params.id);
    const reason = posted(request.body, 'reason');
    try {
      await labels.withdraw(request.actor, id, reason);
    } catch (error) {
      if (!labelsError.is(error, 'WITHDRAWAL_INVALID')) throw error;
      const messages = (await request.pageContext()).t.programmes.labels.admin.messages;
      const errors = Object.fromEntries(
        Object.entries(error.fields ?? {}).map(([k, v]) => [k, messages[v] ?? v]),
      );
      return adminPage(request, reply, id, { values: { reason }, errors }, 422);
    }
    return reply
      .flash('labelWithdrawn')
      .redirect(request.href(`/admin/programmes/labels/${id}`), 303);
  });
}
