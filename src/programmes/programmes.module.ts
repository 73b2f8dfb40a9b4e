import path from 'node:path';
import { everyone, signedInOnly } from '../kernel/access.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { applicationsService } from './applications.service.ts';
import { attachmentsFlash, attachmentsRoutes } from './attachments.routes.ts';
import { attachmentsService } from './attachments.service.ts';
import { loadProgrammesDemo } from './programmes.demo.ts';
import { programmesEn } from './programmes.en.ts';
import { programmesError } from './programmes.errors.ts';
import { programmesFr } from './programmes.fr.ts';
import { programmesRoutes } from './programmes.routes.ts';
import { programmesService } from './programmes.service.ts';

/**
 * Programmes: calls for applications with typed, versioned forms, eligibility over the
 * directory, drafts and an atomic submission acknowledged by a queued mail. The directory's
 * organisations, members and establishments are read, never written.
 */
export function programmesModule(platform: Platform) {
  const programmes = programmesService(platform.db);
  const applications = applicationsService(platform.db);
  // the same folder as the news' files, under keys of their own (programmes/<application>/…)
  const storage = filesystemStorage(path.join(platform.config.dataDir, 'files'));
  const attachments = attachmentsService(platform.db, storage);
  return {
    name: 'programmes',
    text: { fr: { programmes: programmesFr }, en: { programmes: programmesEn } },
    errors: programmesError.table,
    flash: { ...attachmentsFlash },
    access: {
      'GET /api/v1/calls': everyone,
      'GET /api/v1/calls/:id/form': everyone,
      'POST /api/v1/calls/:id/applications': signedInOnly,
      'GET /api/v1/applications/:id': signedInOnly,
      'PATCH /api/v1/applications/:id': signedInOnly,
      'POST /api/v1/applications/:id/submit': signedInOnly,
      'POST /api/v1/applications/:id/withdraw': signedInOnly,
      'POST /api/v1/applications/:id/files': signedInOnly,
      'GET /api/v1/applications/:id/files/:fileId': signedInOnly,
      'POST /candidatures/:id/fichiers': signedInOnly,
      'GET /candidatures/:id/fichiers/:fileId': signedInOnly,
      'POST /candidatures/:id/fichiers/:fileId/supprimer': signedInOnly,
    },
    routes(app) {
      programmesRoutes(app, { programmes, applications });
      attachmentsRoutes(app, attachments);
    },
    async demo() {
      await loadProgrammesDemo(platform.db);
      return undefined;
    },
  } satisfies CapabilityModule;
}
