import path from 'node:path';
import { everyone, signedInOnly, staffOnly } from '../kernel/access.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import type { BackgroundTask, CapabilityModule, Platform } from '../kernel/module.ts';
import type { PageContext } from '../web/context.ts';
import { adminRoutes, eventsAdminFlash } from './admin.routes.ts';
import { eventsApiRoutes } from './api.routes.ts';
import { eventsDemo } from './events.demo.ts';
import type { EventsDeps } from './events.deps.ts';
import { eventsEn } from './events.en.ts';
import { eventsError } from './events.errors.ts';
import { eventsFr } from './events.fr.ts';
import { eventsPolicy } from './events.policy.ts';
import { eventsService } from './events.service.ts';
import { exhibitionsService } from './exhibitions.service.ts';
import { eventImages, imageRoutes } from './images.ts';
import { homeBlock } from './pages/HomeBlock.tsx';
import { showingsSection } from './pages/ShowingsSection.tsx';
import { eventsPublicFlash, publicRoutes } from './public.routes.ts';
import { registrationsService } from './registrations.service.ts';
import { startReminderWorker } from './reminders.worker.ts';

declare module '../web/http.ts' {
  interface FlashMessages
    extends Record<keyof typeof eventsAdminFlash | keyof typeof eventsPublicFlash, true> {}
}

/** Events in the building, their registrations, and the showrooms' exhibitions (README.md). */
export function eventsModule(platform: Platform, deps: Omit<EventsDeps, 'publicUrl'>) {
  const full: EventsDeps = { ...deps, publicUrl: platform.publicUrl };
  const events = eventsService(platform.db, full);
  const registrations = registrationsService(platform.db, full);
  const exhibitions = exhibitionsService(platform.db, full);
  // the same folder as the other capabilities' files, under keys of its own (events/<event>/…)
  const images = eventImages(
    platform.db,
    filesystemStorage(path.join(platform.config.dataDir, 'files')),
  );
  let worker: ReturnType<typeof startReminderWorker> | undefined;
  const reminders: BackgroundTask = {
    name: 'event reminders',
    start(log) {
      worker = startReminderWorker(platform.db, log, {
        publicUrl: platform.publicUrl,
        mailOf: deps.mailOf,
      });
    },
    async stop() {
      await worker?.stop();
    },
  };
  return {
    name: 'events',
    /** what the directory's profile shows of an organisation */
    api: {
      showingsOf: (ctx: PageContext, organisationId: string) =>
        showingsSection(ctx, exhibitions, organisationId),
    },
    text: { fr: eventsFr, en: eventsEn },
    flash: { ...eventsAdminFlash, ...eventsPublicFlash },
    errors: eventsError.table,
    nav: [{ path: '/agenda', label: (t) => t.events.nav, order: 35 }],
    englishNames: { '/agenda': '/events', '/expositions': '/exhibitions' },
    admin: [
      {
        path: '/admin/evenements',
        title: (t) => t.events.admin.title,
        intro: (t) => t.events.admin.cardIntro,
        order: 45,
        visible: eventsPolicy.manage,
      },
    ],
    home: [{ order: 15, render: (ctx) => homeBlock(ctx, events) }],
    access: {
      'GET /api/v1/events': everyone,
      'GET /api/v1/events/:id': everyone,
      'POST /api/v1/events/:id/registrations': everyone,
      'DELETE /api/v1/events/:id/registrations/:token': everyone,
      'GET /agenda': everyone,
      'GET /agenda.ics': everyone,
      'GET /agenda/filieres/:field.ics': everyone,
      'GET /agenda/rss.xml': everyone,
      'GET /agenda/atom.xml': everyone,
      'GET /agenda/:slug': everyone,
      'GET /agenda/:slug/evenement.ics': everyone,
      'POST /agenda/:slug/inscription': everyone,
      'GET /agenda/desinscription/:token': everyone,
      'POST /agenda/desinscription/:token': everyone,
      'GET /expositions': everyone,
      'GET /agenda/proposer': signedInOnly,
      'POST /agenda/proposer': signedInOnly,
      'GET /admin/evenements': staffOnly,
      'GET /admin/evenements/nouveau': staffOnly,
      'POST /admin/evenements/nouveau': staffOnly,
      'GET /admin/evenements/:id': staffOnly,
      'POST /admin/evenements/:id': staffOnly,
      'POST /admin/evenements/:id/accepter': staffOnly,
      'POST /admin/evenements/:id/refuser': staffOnly,
      'POST /admin/evenements/:id/annuler': staffOnly,
      'GET /admin/evenements/:id/inscriptions': staffOnly,
      'GET /admin/evenements/:id/inscriptions.csv': staffOnly,
      'GET /admin/evenements/:id/accueil': staffOnly,
      'POST /admin/evenements/:id/accueil/:registration': staffOnly,
      'POST /admin/evenements/:id/image': staffOnly,
      'GET /agenda/:slug/image': everyone,
      'GET /admin/expositions': staffOnly,
      'POST /admin/expositions': staffOnly,
      'POST /admin/expositions/:id/annuler': staffOnly,
    },
    tasks: [reminders],
    routes(app) {
      eventsApiRoutes(app, { events, registrations, publicUrl: platform.publicUrl });
      publicRoutes(app, { events, registrations, exhibitions, publicUrl: platform.publicUrl });
      const admin = adminRoutes(app, { events, registrations, exhibitions });
      imageRoutes(app, images, admin.imageRefused);
    },
    async demo() {
      await eventsDemo(platform.db, full);
      return [];
    },
  } satisfies CapabilityModule & { api: unknown };
}
