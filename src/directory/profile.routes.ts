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
    const [ctx, overview, automatic] = await Promise.all([
      request.pageContext(),
      hub.overview(request.locale),
      profiles.revocableClaims(request.actor, org),
    ]);
    return { org, ctx, fields: overview.fields, staff: isStaff(request.actor), automatic };
  }

  app.get<Params>(
    '/annuaire/:slug/modifier',
    { config: { access: can.edit } },
    async (request, reply) => {
      const { org, ctx, fields, staff, automatic } = await editPage(request.params.slug, request);
      const form = { values: valuesOf(org), errors: {} };
      return reply.html(EditPage({ ctx, org, fields, staff, automatic, form }));
    },
  );

  app.post<Params>(
    '/annuaire/:slug/modifier',
    { config: { access: can.edit } },
    async (request, reply) => {
      const { org, ctx, fields, staff, automatic } = await editPage(request.params.slug, request);
      const values = formValues(request.body);
      const chosen = (request.body as { fields?: string | string[] } | undefined)?.fields;
      values.fields = [chosen ?? []].flat().join(',');
      const parsed = (staff ? staffForm : selfDeclaredForm).safeParse(request.body);
      if (!parsed.success) {
        const form = { values, errors: fieldErrors(parsed.error, ctx.t) };
        return reply.html(EditPage({ ctx, org, fields, staff, automatic, form }), 422);
      }
      try {
        const saved = await profiles.edit(request.actor, org.slug, parsed.data);
        return reply.flash('profileSaved').redirect(request.href(`/annuaire/${saved.slug}`), 303);
      } catch (error) {
        if (directoryError.is(error, 'STALE_VERSION')) {
          const current = await profiles.load(org.slug);
          const form = { values, errors: {} };
          return reply.html(
            EditPage({ ctx, org, fields, staff, automatic, form, conflict: current }),
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
      const profile = request.href(`/annuaire/${request.params.slug}`);
      let outcome: Awaited<ReturnType<ProfileService['claim']>>;
      try {
        outcome = await profiles.claim(
          request.actor,
          request.params.slug,
          parsed.success ? parsed.data.message : '',
        );
      } catch (error) {
        // the profile says why, and offers a new confirmation link
        if (!directoryError.is(error, 'ADDRESS_NOT_VERIFIED')) throw error;
        return reply.flash('claimUnverified').redirect(profile, 303);
      }
      const flash =
        outcome === 'member'
          ? 'claimMember'
          : outcome === 'pending'
            ? 'claimPending'
            : 'claimAlready';
      return reply.flash(flash).redirect(profile, 303);
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
          const page = await editPage(request.params.slug, request);
          const errors = { target: error.text(page.ctx.locale) };
          return reply.html(
            EditPage({ ...page, form: { values: valuesOf(page.org), errors } }),
            error.status,
          );
        }
        throw error;
      }
    },
  );

  app.get('/admin/revendications', { config: { access: can.moderate } }, async (request, reply) => {
    const [ctx, claims, automatic] = await Promise.all([
      request.pageContext(),
      profiles.pendingClaims(),
      profiles.recentAutomaticClaims(),
    ]);
    return reply.html(ClaimsPage({ ctx, claims, automatic }));
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

  revocationRoutes(app, profiles);
}

/** ids in addresses: 400 when not a positive integer */
function claimId(text: string): number {
  const id = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(id) || id < 1) throw coreError('BAD_REQUEST');
  return id;
}

/** revoking a membership given at once: from the claims queue (staff) or a profile's edit page */
function revocationRoutes(app: FastifyInstance, profiles: ProfileService) {
  app.post<{ Params: { id: string } }>(
    '/admin/revendications/:id/revoquer',
    { config: { access: can.moderate } },
    async (request, reply) => {
      const queue = request.href('/admin/revendications');
      try {
        await profiles.revokeClaim(request.actor, claimId(request.params.id));
      } catch (error) {
        if (!directoryError.is(error, 'CLAIM_NOT_REVOCABLE')) throw error;
        return reply.flash('claimNotRevocable').redirect(queue, 303);
      }
      return reply.flash('claimRevoked').redirect(queue, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/annuaire/:slug/revendications/:id/revoquer',
    { config: { access: can.edit } },
    async (request, reply) => {
      const { slug } = request.params;
      const edit = request.href(`/annuaire/${slug}/modifier`);
      try {
        await profiles.revokeClaim(request.actor, claimId(request.params.id), slug);
      } catch (error) {
        if (!directoryError.is(error, 'CLAIM_NOT_REVOCABLE')) throw error;
        return reply.flash('claimNotRevocable').redirect(edit, 303);
      }
      return reply.flash('claimRevoked').redirect(edit, 303);
    },
  );
}
