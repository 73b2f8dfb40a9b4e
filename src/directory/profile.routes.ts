import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HubService } from '../hub/hub.service.ts';
import { coreError } from '../kernel/errors.ts';
import { isStaff } from '../kernel/policy.ts';
import { fieldErrors, formValues } from '../web/validation.ts';
import { directoryError } from './directory.errors.ts';
import { directoryPolicy as can } from './directory.policy.ts';
import { ClaimsPage } from './pages/ClaimsPage.tsx';
import { EditPage, valuesOf } from './pages/EditPage.tsx';
import {
  claimForm,
  decisionForm,
  mergeForm,
  selfDeclaredForm,
  staffForm,
} from './profile.schema.ts';
import type { ProfileService } from './profile.service.ts';

type Params = { Params: { slug: string } };

/** Editing a profile, claiming it, merging duplicates, and the staff's claim queue. */
export function profileRoutes(
  app: FastifyInstance,
  deps: { profiles: ProfileService; hub: HubService },
) {
  const { profiles, hub } = deps;

  async function editPage(slug: string, request: FastifyRequest) {
    const org = await profiles.load(slug);
    if (!(await profiles.mayEdit(request.actor, org))) throw coreError('FORBIDDEN');
    const [ctx, overview] = await Promise.all([
      request.pageContext(),
      hub.overview(request.locale),
    ]);
    return { org, ctx, fields: overview.fields, staff: isStaff(request.actor) };
  }

  app.get<Params>(
    '/annuaire/:slug/modifier',
    { config: { access: can.edit } },
    async (request, reply) => {
      const { org, ctx, fields, staff } = await editPage(request.params.slug, request);
      return reply.html(
        EditPage({ ctx, org, fields, staff, form: { values: valuesOf(org), errors: {} } }),
      );
    },
  );

  app.post<Params>(
    '/annuaire/:slug/modifier',
    { config: { access: can.edit } },
    async (request, reply) => {
      const { org, ctx, fields, staff } = await editPage(request.params.slug, request);
      const values = formValues(request.body);
      const chosen = (request.body as { fields?: string | string[] } | undefined)?.fields;
      values.fields = [chosen ?? []].flat().join(',');
      const parsed = (staff ? staffForm : selfDeclaredForm).safeParse(request.body);
      if (!parsed.success) {
        const form = { values, errors: fieldErrors(parsed.error, ctx.t) };
        return reply.html(EditPage({ ctx, org, fields, staff, form }), 422);
      }
      try {
        const saved = await profiles.edit(request.actor, org.slug, parsed.data);
        return reply.flash('profileSaved').redirect(request.href(`/annuaire/${saved.slug}`), 303);
      } catch (error) {
        if (directoryError.is(error, 'STALE_VERSION')) {
          const current = await profiles.load(org.slug);
          return reply.html(
            EditPage({ ctx, org, fields, staff, form: { values, errors: {} }, conflict: current }),
            409,
          );
        }
        throw error;
      }
    },
  );

  app.post<Params>(
    '/annuaire/:slug/revendiquer',
    { config: { access: can.claim } },
    async (request, reply) => {
      const parsed = claimForm.safeParse(request.body);
      const outcome = await profiles.claim(
        request.actor,
        request.params.slug,
        parsed.success ? parsed.data.message : '',
      );
      const flash =
        outcome === 'member'
          ? 'claimMember'
          : outcome === 'pending'
            ? 'claimPending'
            : 'claimAlready';
      return reply.flash(flash).redirect(request.href(`/annuaire/${request.params.slug}`), 303);
    },
  );

  app.post<Params>(
    '/annuaire/:slug/fusionner',
    { config: { access: can.moderate } },
    async (request, reply) => {
      const parsed = mergeForm.safeParse(request.body);
      try {
        if (!parsed.success) throw directoryError('MERGE_TARGET_UNKNOWN');
        const target = await profiles.merge(request.actor, request.params.slug, parsed.data.target);
        return reply.flash('merged').redirect(request.href(`/annuaire/${target.slug}`), 303);
      } catch (error) {
        if (
          directoryError.is(error, 'MERGE_TARGET_UNKNOWN') ||
          directoryError.is(error, 'MERGE_INTO_ITSELF')
        ) {
          // the edit page again, the reason under the address typed
          const { org, ctx, fields, staff } = await editPage(request.params.slug, request);
          const form = { values: valuesOf(org), errors: { target: error.text(ctx.locale) } };
          return reply.html(EditPage({ ctx, org, fields, staff, form }), error.status);
        }
        throw error;
      }
    },
  );

  app.get('/admin/revendications', { config: { access: can.moderate } }, async (request, reply) => {
    const [ctx, claims] = await Promise.all([request.pageContext(), profiles.pendingClaims()]);
    return reply.html(ClaimsPage({ ctx, claims }));
  });

  app.post<{ Params: { id: string } }>(
    '/admin/revendications/:id',
    { config: { access: can.moderate } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const parsed = decisionForm.safeParse(request.body);
      if (!Number.isInteger(id) || id < 1 || !parsed.success) throw coreError('BAD_REQUEST');
      try {
        await profiles.decideClaim(request.actor, id, parsed.data.decision);
      } catch (error) {
        // another member of the team decided it first (or it no longer exists): say so in the queue
        if (!directoryError.is(error, 'CLAIM_ALREADY_DECIDED')) throw error;
        return reply
          .flash('claimAlreadyDecided')
          .redirect(request.href('/admin/revendications'), 303);
      }
      return reply.flash('claimDecided').redirect(request.href('/admin/revendications'), 303);
    },
  );
}
