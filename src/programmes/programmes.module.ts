import { everyone, signedInOnly, staffOnly } from '../kernel/access.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { applicationsService } from './applications.service.ts';
import { loadProgrammesDemo } from './programmes.demo.ts';
import { programmesEn } from './programmes.en.ts';
import { programmesError } from './programmes.errors.ts';
import { programmesFr } from './programmes.fr.ts';
import { programmesRoutes } from './programmes.routes.ts';
import { programmesService } from './programmes.service.ts';
import { programmesAdminFlash, programmesAdminRoutes } from './programmes-admin.routes.ts';
import { programmesAdminService } from './programmes-admin.service.ts';

/**
 * Programmes: calls for applications with typed, versioned forms, eligibility over the
 * directory, drafts and an atomic submission acknowledged by a queued mail. The directory's
 * organisations, members and establishments are read, never written.
 */
export function programmesModule(platform: Platform) {
  const programmes = programmesService(platform.db);
  const applications = applicationsService(platform.db);
  return {
    name: 'programmes',
    text: { fr: { programmes: programmesFr }, en: { programmes: programmesEn } },
    errors: programmesError.table,
    flash: programmesAdminFlash,
    admin: [
      {
        path: '/admin/programmes',
        title: (t) => t.programmes.admin.title,
        intro: (t) => t.programmes.admin.intro,
        order: 55,
      },
    ],
    access: {
      'GET /api/v1/calls': everyone,
      'GET /api/v1/calls/:id/form': everyone,
      'POST /api/v1/calls/:id/applications': signedInOnly,
      'GET /api/v1/applications/:id': signedInOnly,
      'PATCH /api/v1/applications/:id': signedInOnly,
      'POST /api/v1/applications/:id/submit': signedInOnly,
      'POST /api/v1/applications/:id/withdraw': signedInOnly,
      'GET /admin/programmes': staffOnly,
      'GET /admin/programmes/nouveau': staffOnly,
      'POST /admin/programmes/nouveau': staffOnly,
      'GET /admin/programmes/:id': staffOnly,
      'POST /admin/programmes/:id': staffOnly,
      'GET /admin/programmes/:id/appels/nouveau': staffOnly,
      'POST /admin/programmes/:id/appels/nouveau': staffOnly,
      'GET /admin/programmes/appels/:callId': staffOnly,
      'POST /admin/programmes/appels/:callId': staffOnly,
      'GET /admin/programmes/appels/:callId/formulaire': staffOnly,
      'POST /admin/programmes/appels/:callId/formulaire': staffOnly,
    },
    routes(app) {
      programmesRoutes(app, { programmes, applications });
      programmesAdminRoutes(app, {
        programmes,
        admin: programmesAdminService(platform.db, programmes),
      });
    },
    async demo() {
      await loadProgrammesDemo(platform.db);
      return undefined;
    },
  } satisfies CapabilityModule;
}
