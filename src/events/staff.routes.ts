import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSV_BYTE_ORDER_MARK, csvDocument } from '../kernel/csv.ts';
import { AppError } from '../kernel/errors.ts';
import type { PageContext } from '../web/context.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { eventsError } from './events.errors.ts';
import type { Problems } from './events.forms.ts';
import { readExhibition } from './events.forms.ts';
import { eventsPolicy as can } from './events.policy.ts';
import type { ExhibitionsService } from './exhibitions.service.ts';
import { ADMIN_PATH } from './pages/common.tsx';
import { ExhibitionsAdminPage } from './pages/ExhibitionsAdminPage.tsx';
import { CheckinPage, RegistrationsPage } from './pages/RegistrationPages.tsx';
import type { RegistrationsService } from './registrations.service.ts';

const staff = { config: { access: can.manage } };

/** problems (message keys) as the messages under each field */
export const messagesOf = (
  ctx: PageContext,
  problems: Problems | Record<string, string> | undefined,
) => {
  const out: Record<string, string> = {};
  const table = ctx.t.events.messages as Record<string, string>;
  for (const [field, key] of Object.entries(problems ?? {})) {
    if (key) out[field] = table[key] ?? table.required ?? key;
  }
  return out;
};

/** an event's registrations for staff: the list, its CSV, check-in at the door */
export function registrationStaffRoutes(app: FastifyInstance, registrations: RegistrationsService) {
  app.get<{ Params: { id: string } }>(
    `${ADMIN_PATH}/:id/inscriptions`,
    staff,
    async (request, reply) => {
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        registrations.list(request.actor, request.params.id),
      ]);
      return reply.html(RegistrationsPage({ ctx, ...data }));
    },
  );

  app.get<{ Params: { id: string } }>(
    `${ADMIN_PATH}/:id/inscriptions.csv`,
    staff,
    async (request, reply) => {
      const { event, registrations: rows } = await registrations.list(
        request.actor,
        request.params.id,
      );
      const ctx = await request.pageContext();
      const t = ctx.t.events;
      const csv = csvDocument(
        [t.register.name, t.register.email, t.admin.status.registered, t.admin.arrived, 'date'],
        rows.map((r) => [
          r.name,
          r.email,
          t.admin.status[r.status],
          r.checked_in_at ? r.checked_in_at.toISOString() : '',
          r.created_at.toISOString(),
        ]),
      );
      return reply
        .header('content-disposition', `attachment; filename="inscriptions-${event.slug}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(`${CSV_BYTE_ORDER_MARK}${csv}`);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { q?: string } }>(
    `${ADMIN_PATH}/:id/accueil`,
    staff,
    async (request, reply) => {
      const search = String(request.query?.q ?? '').slice(0, 100);
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        registrations.list(request.actor, request.params.id, search),
      ]);
      return reply.html(CheckinPage({ ctx, ...data, search }));
    },
  );

  app.post<{ Params: { id: string; registration: string } }>(
    `${ADMIN_PATH}/:id/accueil/:registration`,
    staff,
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      await registrations.checkIn(
        request.actor,
        request.params.id,
        request.params.registration,
        body.undo === '1',
      );
      const q =
        typeof body.q === 'string' && body.q !== '' ? `?q=${encodeURIComponent(body.q)}` : '';
      const back = request.href(`${ADMIN_PATH}/${request.params.id}/accueil${q}`);
      return reply.flash('eventCheckedIn').redirect(back, 303);
    },
  );
}

/** the showrooms' exhibitions for staff: those to come, schedule one, cancel one */
export function exhibitionStaffRoutes(app: FastifyInstance, exhibitions: ExhibitionsService) {
  async function exhibitionsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState = emptyForm(),
    status = 200,
  ) {
    const [ctx, items, spaces] = await Promise.all([
      request.pageContext(),
      exhibitions.upcoming(),
      exhibitions.spaces(),
    ]);
    return reply.html(ExhibitionsAdminPage({ ctx, items, spaces, form }), status);
  }

  app.get('/admin/expositions', staff, (request, reply) => exhibitionsPage(request, reply));
  app.post('/admin/expositions', staff, async (request, reply) => {
    const ctx = await request.pageContext();
    const values = Object.fromEntries(
      Object.entries((request.body ?? {}) as Record<string, unknown>).filter(
        ([k, v]) => typeof v === 'string' && k !== '_csrf',
      ),
    ) as Record<string, string>;
    const read = readExhibition(request.body);
    if (!read.ok) {
      return exhibitionsPage(
        request,
        reply,
        { values, errors: messagesOf(ctx, read.problems) },
        422,
      );
    }
    try {
      await exhibitions.schedule(request.actor, read.data);
    } catch (error) {
      if (eventsError.is(error, 'EXHIBITION_INVALID')) {
        return exhibitionsPage(
          request,
          reply,
          { values, errors: messagesOf(ctx, error.fields) },
          422,
        );
      }
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        const form = { values, errors: {}, message: error.text(request.locale) };
        return exhibitionsPage(request, reply, form, error.status);
      }
      throw error;
    }
    return reply.flash('exhibitionSaved').redirect(request.href('/admin/expositions'), 303);
  });

  app.post<{ Params: { id: string } }>(
    '/admin/expositions/:id/annuler',
    staff,
    async (request, reply) => {
      await exhibitions.cancel(request.actor, request.params.id);
      return reply.flash('exhibitionCancelled').redirect(request.href('/admin/expositions'), 303);
    },
  );
}
