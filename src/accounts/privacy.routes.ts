import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../kernel/download.ts';
import { requireUser } from '../kernel/policy.ts';
import type { PrivacyService } from '../privacy/privacy.service.ts';
import { emptyForm } from '../web/forms.tsx';
import type { AccountSettingsService } from './account-settings.service.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { EraseAccountPage, MyDataPage } from './pages/PrivacyPages.tsx';
import { clearSessionCookie } from './session.hooks.ts';

/**
 * A person's data (readable, and as JSON) and the erasure of their account, after their password.
 * The data is gathered at the request: a few hundred rows for a member, well under a second.
 */
export function privacyRoutes(
  app: FastifyInstance,
  privacy: PrivacyService,
  settings: Pick<AccountSettingsService, 'passwordMatches'>,
) {
  app.get('/compte/donnees', { config: { access: can.viewOwnAccount } }, async (request, reply) => {
    const user = requireUser(request.actor);
    const data = await privacy.exportOf(user.id);
    if (!data) return reply.callNotFound();
    return reply.html(MyDataPage({ ctx: await request.pageContext(), data }));
  });

  app.get(
    '/compte/donnees.json',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const data = await privacy.exportOf(user.id);
      if (!data) return reply.callNotFound();
      const day = data.generated_at.slice(0, 10);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', contentDisposition(`mes-donnees-${day}.json`, 'attachment'))
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
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
