import type { HubService } from '../hub/hub.service.ts';
import { everyone, signedInOnly, staffOnly } from '../kernel/access.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { connectionsRoutes } from './connections.routes.ts';
import { connectionsService } from './connections.service.ts';
import { loadDirectoryDemo } from './directory.demo.ts';
import { directoryEn } from './directory.en.ts';
import { directoryError } from './directory.errors.ts';
import { directoryFr } from './directory.fr.ts';
import { directoryRoutes, type ShowingsOf } from './directory.routes.ts';
import { directoryService } from './directory.service.ts';
import { membersService } from './members.service.ts';
import { registerMovedOrganisations } from './moved.hooks.ts';
import { organisationLinks } from './organisation-links.service.ts';
import type { LabelNames, LabelsOf } from './pages/LabelsSection.tsx';
import { profileRoutes } from './profile.routes.ts';
import { type ClaimNotice, profileService } from './profile.service.ts';
import { relationsApiRoutes } from './relations-api.routes.ts';
import { relationsApiService } from './relations-api.service.ts';

const directoryFlash = {
  profileSaved: (t) => t.editor.saved,
  claimMember: (t) => t.claim.member,
  claimPending: (t) => t.claim.pending,
  claimAlready: (t) => t.claim.already,
  claimDecided: (t) => t.claim.decided,
  claimAlreadyDecided: (t) => t.claim.alreadyDecided,
  claimUnverified: (t) => t.claim.unverified,
  claimRevoked: (t) => t.claim.revoked,
  claimNotRevocable: (t) => t.claim.notRevocable,
  merged: (t) => t.editor.merged,
  organisationMerged: (t) => t.editor.mergedNotice,
  relationSaved: (t) => t.connections.relationSaved,
  relationRemoved: (t) => t.connections.relationRemoved,
  roundSaved: (t) => t.connections.roundSaved,
  roundRemoved: (t) => t.connections.roundRemoved,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof directoryFlash, true> {}
}

/**
 * The directory proper: profiles (search pages, the public profile, the API), editing, claims,
 * merges, relations and funding rounds. Its search is the search room's; the register's import
 * is the imports room's.
 */
function organisationPicker(db: Platform['db']) {
  const connections = connectionsService(db);
  return { pick: connections.pick, resolveOne: connections.resolveOne };
}

export function directoryModule(
  platform: Platform,
  deps: {
    hub: HubService;
    /** a claim's author, for the mail that tells them the decision (from accounts) */
    userById: ClaimNotice['userById'];
    /** the hub's team, told of every membership given at once (from accounts) */
    staff: ClaimNotice['staff'];
    /** an organisation's labels, for its profile (from programmes) */
    labelsOf?: LabelsOf;
    /** the names of the labels, for the directory's label facet (from programmes) */
    labelNames?: LabelNames;
    /** an organisation's exhibitions and events, for its profile (from events) */
    showingsOf?: ShowingsOf;
  },
) {
  const { db, publicUrl } = platform;
  const directory = directoryService(db);
  const links = organisationLinks(db);
  const profiles = profileService(db, {
    mailer: platform.mailer,
    publicUrl,
    hubName: async () => (await deps.hub.summary()).name,
    userById: deps.userById,
    staff: deps.staff,
  });
  return {
    name: 'directory',
    api: {
      /** the organisations a person speaks for or asked to join */
      organisationsOf: (userId: string) => profiles.organisationsOf(userId),
      /** the organisations these slugs name today (a merged one's: the one kept), for links */
      organisationsBySlugs: links.bySlugs,
      /** the organisations a person is a member of */
      membershipsOf: links.membershipsOf,
      /** a few demo organisations, for the other capabilities' demos */
      demoOrganisations: links.demoOrganisations,
      /** finding organisations, and attaching people to them or detaching them (administration) */
      members: membersService(db),
      /** choosing an organisation in another capability's form: the directory's own picker */
      picker: organisationPicker(db),
    },
    text: { fr: directoryFr, en: directoryEn },
    flash: directoryFlash,
    errors: directoryError.table,
    nav: [{ path: '/annuaire', label: (t) => t.nav.directory, order: 10 }],
    admin: [{ path: '/admin/revendications', title: (t) => t.claim.queueTitle, order: 10 }],
    access: {
      'GET /annuaire': everyone,
      'GET /annuaire/:slug': everyone,
      'GET /api/v1/organisations': everyone,
      'GET /api/v1/organisations.csv': everyone,
      'GET /api/v1/organisations.json': everyone,
      'GET /api/v1/organisations/:slug': everyone,
      'GET /annuaire/:slug/modifier': signedInOnly,
      'POST /annuaire/:slug/modifier': signedInOnly,
      'POST /annuaire/:slug/revendiquer': signedInOnly,
      // revoking a membership given at once: staff, or an earlier member (checked per claim)
      'POST /annuaire/:slug/revendications/:id/revoquer': signedInOnly,
      'POST /annuaire/:slug/fusionner': staffOnly,
      // relations and funding rounds: signed-in people reach them; membership is checked per organisation
      'GET /annuaire/:slug/relations': signedInOnly,
      'POST /annuaire/:slug/relations': signedInOnly,
      'GET /annuaire/:slug/relations/:id': signedInOnly,
      'POST /annuaire/:slug/relations/:id': signedInOnly,
      'POST /annuaire/:slug/relations/:id/supprimer': signedInOnly,
      'GET /annuaire/:slug/levees': signedInOnly,
      'POST /annuaire/:slug/levees': signedInOnly,
      'GET /annuaire/:slug/levees/:id': signedInOnly,
      'POST /annuaire/:slug/levees/:id': signedInOnly,
      'POST /annuaire/:slug/levees/:id/supprimer': signedInOnly,
      // relations through the API: public to read; staff or a verified member of one side to write
      'GET /api/v1/organisations/:slug/relations': everyone,
      'POST /api/v1/organisations/:slug/relations': signedInOnly,
      'DELETE /api/v1/relations/:id': signedInOnly,
      'GET /admin/revendications': staffOnly,
      'POST /admin/revendications/:id': staffOnly,
      'POST /admin/revendications/:id/revoquer': staffOnly,
    },
    hooks(app) {
      // an organisation's old address (merged, renamed) leads to where it lives now, before any rule
      registerMovedOrganisations(app, directory);
    },
    routes(app) {
      directoryRoutes(app, {
        directory,
        hub: deps.hub,
        publicUrl,
        ...(deps.labelsOf ? { labelsOf: deps.labelsOf } : {}),
        ...(deps.labelNames ? { labelNames: deps.labelNames } : {}),
        ...(deps.showingsOf ? { showingsOf: deps.showingsOf } : {}),
      });
      profileRoutes(app, { profiles, hub: deps.hub });
      const connections = connectionsService(db);
      connectionsRoutes(app, { connections });
      relationsApiRoutes(app, { relations: relationsApiService(db, connections), directory });
    },
    async demo() {
      await loadDirectoryDemo(db);
      return undefined;
    },
  } satisfies CapabilityModule & { api: unknown };
}
