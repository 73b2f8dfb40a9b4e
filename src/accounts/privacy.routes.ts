import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../kernel/download.ts';
import { requireUser } from '../kernel/policy.ts';
import { EXPORT_KEPT_DAYS, type ExportJobs } from '../privacy/export-jobs.ts';
import type { PrivacyService } from '../privacy/privacy.service.ts';
import { emptyForm } from '../web/forms.tsx';
import type { AccountSettingsService } from './account-settings.service.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { EraseAccountPage, MyDataPage } from './pages/PrivacyPages.tsx';
import { clearSessionCookie } from './session.hooks.ts';

/**
 * A person's data (readable, gathered at the request; as a JSON archive, prepared as a job and
 * announced by mail) and the erasure of their account, after their password.
 */
export function privacyRoutes(
  app: FastifyInstance,
  privacy: PrivacyService,
  exports: Pick<ExportJobs, 'request' | 'latestOf' | 'archive'>,
  settings: Pick<AccountSettingsService, 'passwordMatches'>,
) {
  app.get('/compte/donnees', { config: { access: can.viewOwnAccount } }, async (request, reply) => {
    const user = requireUser(request.actor);
    const data = await privacy.exportOf(user.id);
    if (!data) return reply.callNotFound();
    const archive = await exports.latestOf(user.id);
    const ctx = await request.pageContext();
    return reply.html(MyDataPage({ ctx, data, archive, keptDays: EXPORT_KEPT_DAYS }));
  });

  app.post(
    '/compte/donnees/archive',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      await exports.request(user.id);
      return reply.flash('archiveAsked').redirect(request.href('/compte/donnees'), 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/compte/donnees/archive/:id',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const id = /^\d{1,15}$/.test(request.params.id) ? Number(request.params.id) : 0;
      // another person's archive, an expired one and a mistyped number answer alike
      const archive = id > 0 ? await exports.archive(user.id, id) : undefined;
      if (!archive) return reply.callNotFound();
      const day = archive.finished_at.toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', contentDisposition(`mes-donnees-${day}.json`, 'attachment'))
        .header('cache-control', 'private, no-store')
        .send(archive.json);
    },
  );

  app.get(
    '/compte/supprimer',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      return reply.html(EraseAccountPage({ ctx: await request.pageContext(), form: emptyForm() }));
    },
  );

  app.post(
    '/compte/supprimer',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const password = String((request.body as { password?: unknown })?.password ?? '').slice(
        0,
        200,
      );
      if (!(await settings.passwordMatches(user.id, password))) {
        const ctx = await request.pageContext();
        const form = { values: {}, errors: { password: ctx.t.privacy.wrongPassword } };
        return reply.html(EraseAccountPage({ ctx, form }), 422);
      }
      await privacy.erase(user.id);
      clearSessionCookie(reply);
      return reply.flash('accountErased').redirect(request.href('/'), 303);
    },
  );
}
