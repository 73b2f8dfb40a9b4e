import { everyone, signedInOnly } from '../kernel/access.ts';
import type { BackgroundTask, CapabilityModule, Platform } from '../kernel/module.ts';
import { applicationsService } from './applications.service.ts';
import { type DemoPeople, loadProgrammesDemo } from './programmes.demo.ts';
import { programmesEn } from './programmes.en.ts';
import { programmesError } from './programmes.errors.ts';
import { programmesFr } from './programmes.fr.ts';
import { programmesRoutes } from './programmes.routes.ts';
import { programmesService } from './programmes.service.ts';
import { startRemindersWorker } from './reminders.worker.ts';

/**
 * Programmes: calls for applications with typed, versioned forms, eligibility over the
 * directory, drafts and an atomic submission acknowledged by a queued mail, a reminder of every
 * draft 48 hours before its call closes (a worker in every process). The directory's
 * organisations, members and establishments are read, never written.
 */
export function programmesModule(platform: Platform, deps: { demoPeople?: DemoPeople } = {}) {
  const programmes = programmesService(platform.db);
  const applications = applicationsService(platform.db);
  let remindersWorker: ReturnType<typeof startRemindersWorker> | undefined;
  const reminders: BackgroundTask = {
    name: 'programme reminders',
    start(log) {
      remindersWorker = startRemindersWorker(platform.db, log, { publicUrl: platform.publicUrl });
    },
    async stop() {
      await remindersWorker?.stop();
    },
  };
  return {
    name: 'programmes',
    text: { fr: { programmes: programmesFr }, en: { programmes: programmesEn } },
    errors: programmesError.table,
    access: {
      'GET /api/v1/calls': everyone,
      'GET /api/v1/calls/:id/form': everyone,
      'POST /api/v1/calls/:id/applications': signedInOnly,
      'GET /api/v1/applications/:id': signedInOnly,
      'PATCH /api/v1/applications/:id': signedInOnly,
      'POST /api/v1/applications/:id/submit': signedInOnly,
      'POST /api/v1/applications/:id/withdraw': signedInOnly,
    },
    tasks: [reminders],
    routes(app) {
      programmesRoutes(app, { programmes, applications });
    },
    async demo() {
      await loadProgrammesDemo(platform.db, new Date(), deps.demoPeople);
      return undefined;
    },
  } satisfies CapabilityModule;
}
