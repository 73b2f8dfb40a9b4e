import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { coreError } from '../kernel/errors.ts';
import type { FlashKey } from '../web/http.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { organisationForm, roleForm, userQuery, usersQuery } from './accounts.schema.ts';
import { UserPage } from './pages/UserPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import type { OrganisationRef, UserAdminService } from './user-admin.service.ts';
import { USERS_PER_PAGE } from './users.repository.ts';

type WithId = { Params: { id: string } };

/** a form's body or an address's query, or 400 saying what is wrong */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw coreError('BAD_REQUEST', z.prettifyError(parsed.error));
  return parsed.data;
}

/**
 * The back office's accounts, for administrators: the list and its search, one account's page,
 * and the forms that change it (each answers by going back to the account's page with a message).
 */
export function userAdminRoutes(app: FastifyInstance, admin: UserAdminService) {
  const back = (request: FastifyRequest, reply: FastifyReply, id: string, flash: FlashKey) =>
    reply.flash(flash).redirect(request.href(`/admin/utilisateurs/${id}`), 303);

  /** the account's page, with the organisations a search found, or a refusal's message */
  async function accountPage(
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    refusal?: { message: string; status: number },
  ) {
    const { organisation } = parse(userQuery, request.query);
    const [ctx, account] = await Promise.all([
      request.pageContext(),
      admin.account(request.actor, request.params.id),
    ]);
    const found: OrganisationRef[] | undefined =
      organisation.trim() === '' ? undefined : await admin.searchOrganisations(organisation);
    return reply.html(
      UserPage({
        ctx,
        ...account,
        search: { text: organisation, found },
        refusal: refusal?.message,
      }),
      refusal?.status,
    );
  }

  /** an administrator's change of their own account is refused on the account's page */
  async function orRefuse(
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    change: () => Promise<FastifyReply>,
  ) {
    try {
      return await change();
    } catch (error) {
      if (accountsError.is(error, 'SELF_DEMOTE') || accountsError.is(error, 'SELF_DISABLE')) {
        const message = error.text(request.locale);
        return accountPage(request, reply, { message, status: error.status });
      }
      throw error;
    }
  }

  app.get(
    '/admin/utilisateurs',
    { config: { access: can.manageUsers } },
    async (request, reply) => {
      const { q, page } = parse(usersQuery, request.query);
      const [ctx, result] = await Promise.all([
        request.pageContext(),
        admin.search(request.actor, q, page),
      ]);
      const pages = Math.max(1, Math.ceil(result.total / USERS_PER_PAGE));
      return reply.html(UsersPage({ ctx, q, page, pages, ...result }));
    },
  );

  app.get<WithId>(
    '/admin/utilisateurs/:id',
    { config: { access: can.manageUsers } },
    async (request, reply) => accountPage(request, reply),
  );

  app.post<WithId>(
    '/admin/utilisateurs/:id/role',
    { config: { access: can.manageUsers } },
    async (request, reply) =>
      orRefuse(request, reply, async () => {
        const { id } = request.params;
        const { role } = parse(roleForm, request.body);
        const changed = await admin.setRole(request.actor, id, role);
        return back(request, reply, id, changed ? 'userRoleChanged' : 'userUnchanged');
      }),
  );

  for (const [path, disabled] of [
    ['desactiver', true],
    ['reactiver', false],
  ] as const) {
    app.post<WithId>(
      `/admin/utilisateurs/:id/${path}`,
      { config: { access: can.manageUsers } },
      async (request, reply) =>
        orRefuse(request, reply, async () => {
          const { id } = request.params;
          const changed = await admin.setDisabled(request.actor, id, disabled);
          const done = disabled ? 'userDisabled' : 'userEnabled';
          return back(request, reply, id, changed ? done : 'userUnchanged');
        }),
    );
  }

  app.post<WithId>(
    '/admin/utilisateurs/:id/organisations',
    { config: { access: can.manageUsers } },
    async (request, reply) => {
      const { id } = request.params;
      const { organisation } = parse(organisationForm, request.body);
      const added = await admin.attach(request.actor, id, organisation);
      return back(request, reply, id, added ? 'userAttached' : 'userUnchanged');
    },
  );

  app.post<WithId>(
    '/admin/utilisateurs/:id/organisations/retirer',
    { config: { access: can.manageUsers } },
    async (request, reply) => {
      const { id } = request.params;
      const { organisation } = parse(organisationForm, request.body);
      await admin.detach(request.actor, id, organisation);
      return back(request, reply, id, 'userDetached');
    },
  );
}
