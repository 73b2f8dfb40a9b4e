import path from 'node:path';
import { everyone, reviewersAndStaff, signedInOnly, staffOnly } from '../kernel/access.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import type { BackgroundTask, CapabilityModule, Platform } from '../kernel/module.ts';
import type { MailChoice } from '../mail/mail-choice.ts';
import { accompanimentFlash, accompanimentRoutes } from './accompaniment.routes.ts';
import { accompanimentService } from './accompaniment.service.ts';
import { ENGLISH_NAMES } from './addresses.ts';
import { applicantRoutes } from './applicant.routes.ts';
import { applicantService } from './applicant.service.ts';
import { applicationsService } from './applications.service.ts';
import { assignmentsRoutes } from './assignments.routes.ts';
import { assignmentsService } from './assignments.service.ts';
import { attachmentsFlash, attachmentsRoutes } from './attachments.routes.ts';
import { attachmentsService } from './attachments.service.ts';
import { decisionsFlash, decisionsRoutes } from './decisions.routes.ts';
import { decisionsService } from './decisions.service.ts';
import { declarationsService } from './declarations.service.ts';
import { juriesFlash, juriesRoutes } from './juries.routes.ts';
import { labelsError } from './labels.errors.ts';
import { labelsFlash, labelsRoutes } from './labels.routes.ts';
import { labelsService } from './labels.service.ts';
import { type DemoPeople, loadProgrammesDemo } from './programmes.demo.ts';
import { programmesEn } from './programmes.en.ts';
import { programmesError } from './programmes.errors.ts';
import { programmesFr } from './programmes.fr.ts';
import { programmesRoutes } from './programmes.routes.ts';
import { programmesService } from './programmes.service.ts';
import { programmesAdminFlash, programmesAdminRoutes } from './programmes-admin.routes.ts';
import { type OrganisationPicker, programmesAdminService } from './programmes-admin.service.ts';
import { programmesReviewRoutes, reviewFlash } from './programmes-review.routes.ts';
import { startRemindersWorker } from './reminders.worker.ts';
import { reviewService } from './review.service.ts';
import { reviewsError } from './reviews.errors.ts';
import { reviewsFlash, reviewsRoutes } from './reviews.routes.ts';
import { reviewsService } from './reviews.service.ts';
import { rubricFlash, rubricRoutes } from './rubric.routes.ts';
import { rubricSettingsService } from './rubric-settings.service.ts';

const programmesFlash = {
  applicationStarted: (t) => t.programmes.pages.flash.started,
  applicationSaved: (t) => t.programmes.pages.flash.saved,
  applicationSubmitted: (t) => t.programmes.pages.flash.submitted,
  applicationWithdrawn: (t) => t.programmes.pages.flash.withdrawn,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof programmesFlash, true> {}
}

/** every route of programmes, and who may reach it (checked by test/access.integration.test.ts) */
const programmesAccess = {
  'GET /appels': everyone,
  'GET /appels/:slug': everyone,
  'POST /appels/:slug/candidater': signedInOnly,
  'GET /candidatures': signedInOnly,
  'GET /candidatures/:id': signedInOnly,
  'POST /candidatures/:id': signedInOnly,
  'GET /candidatures/:id/retirer': signedInOnly,
  'POST /candidatures/:id/retirer': signedInOnly,
  'GET /api/v1/calls': everyone,
  'GET /api/v1/calls/:id/form': everyone,
  'POST /api/v1/calls/:id/applications': signedInOnly,
  'GET /api/v1/applications/:id': signedInOnly,
  'PATCH /api/v1/applications/:id': signedInOnly,
  'POST /api/v1/applications/:id/submit': signedInOnly,
  'POST /api/v1/applications/:id/withdraw': signedInOnly,
  'GET /admin/programmes/appels/:callId/candidatures': staffOnly,
  'GET /admin/programmes/appels/:callId/candidatures.csv': staffOnly,
  'GET /admin/programmes/candidatures/:id': staffOnly,
  'POST /admin/programmes/candidatures/:id/examen': staffOnly,
  'POST /admin/programmes/candidatures/:id/correction': staffOnly,
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
  'POST /api/v1/applications/:id/files': signedInOnly,
  'GET /api/v1/applications/:id/files/:fileId': signedInOnly,
  'POST /candidatures/:id/fichiers': signedInOnly,
  'GET /candidatures/:id/fichiers/:fileId': signedInOnly,
  'POST /candidatures/:id/fichiers/:fileId/supprimer': signedInOnly,
  // juries: a reviewer's conflicts; the staff's jury, assignments and an application's log
  'GET /jury/conflits': reviewersAndStaff,
  'POST /jury/conflits': reviewersAndStaff,
  'POST /jury/conflits/:id/supprimer': reviewersAndStaff,
  'GET /admin/programmes/appels/:callId/jury': staffOnly,
  'POST /admin/programmes/appels/:callId/jury/membres': staffOnly,
  'POST /admin/programmes/appels/:callId/jury/membres/:userId/retirer': staffOnly,
  'POST /admin/programmes/appels/:callId/jury/reglages': staffOnly,
  'POST /admin/programmes/appels/:callId/jury/automatique': staffOnly,
  'POST /admin/programmes/candidatures/:id/affectations': staffOnly,
  'POST /admin/programmes/affectations/:id/retirer': staffOnly,
  'GET /admin/programmes/candidatures/:id/journal': staffOnly,
  'POST /api/v1/applications/:id/assignments': staffOnly,
  'GET /api/v1/applications/:id/assignments': staffOnly,
  // reviews: a call's rubric (staff), the jury's pages and the review API
  'GET /admin/programmes/appels/:callId/grille': staffOnly,
  'POST /admin/programmes/appels/:callId/grille': staffOnly,
  'GET /jury': reviewersAndStaff,
  'GET /jury/candidatures/:id': reviewersAndStaff,
  'POST /jury/candidatures/:id': reviewersAndStaff,
  'POST /jury/candidatures/:id/discussion': reviewersAndStaff,
  'GET /api/v1/assignments/:id/review': reviewersAndStaff,
  'PUT /api/v1/assignments/:id/review': reviewersAndStaff,
  // decisions (decisions.routes.ts)
  'GET /admin/programmes/appels/:callId/classement': staffOnly,
  'GET /admin/programmes/candidatures/:id/decision': staffOnly,
  'POST /admin/programmes/candidatures/:id/decision': staffOnly,
  'GET /candidatures/:id/lettre.pdf': signedInOnly,
  'POST /api/v1/applications/:id/decision': staffOnly,
  'GET /api/v1/applications/:id/decision/letter': signedInOnly,
  // labels and accompaniment (a laureate's members are checked per application)
  'GET /labels': everyone,
  'GET /labels/:id': everyone,
  'GET /api/v1/labels': everyone,
  'GET /admin/programmes/labels': staffOnly,
  'GET /admin/programmes/labels/:id': staffOnly,
  'POST /admin/programmes/labels/:id/retrait': staffOnly,
  'GET /admin/programmes/accompagnement': staffOnly,
  'GET /admin/programmes/candidatures/:id/accompagnement': staffOnly,
  'POST /admin/programmes/candidatures/:id/accompagnement': staffOnly,
  'POST /admin/programmes/jalons/:id': staffOnly,
  'GET /candidatures/:id/accompagnement': signedInOnly,
} satisfies CapabilityModule['access'];

/**
 * Programmes: calls for applications with typed, versioned forms, eligibility over the
 * directory, drafts and an atomic submission acknowledged by a queued mail, a reminder of every
 * draft 48 hours before its call closes (a worker in every process). The directory's
 * organisations, members and establishments are read, never written.
 */
export function programmesModule(
  platform: Platform,
  deps: { picker: OrganisationPicker; demoPeople?: DemoPeople; mailOf?: MailChoice },
) {
  const programmes = programmesService(platform.db);
  const applications = applicationsService(platform.db, undefined, platform.publicUrl);
  const applicant = applicantService(platform.db, applications);
  const review = reviewService(platform.db, { publicUrl: platform.publicUrl });
  let remindersWorker: ReturnType<typeof startRemindersWorker> | undefined;
  const reminders: BackgroundTask = {
    name: 'programme reminders',
    start(log) {
      remindersWorker = startRemindersWorker(platform.db, log, {
        publicUrl: platform.publicUrl,
        mailOf: deps.mailOf,
      });
    },
    async stop() {
      await remindersWorker?.stop();
    },
  };
  // the same folder as the news' files, under keys of their own (programmes/<application>/…)
  const storage = filesystemStorage(path.join(platform.config.dataDir, 'files'));
  const attachments = attachmentsService(platform.db, storage);
  const assignments = assignmentsService(platform.db);
  const declarations = declarationsService(platform.db, deps.picker);
  const decisions = decisionsService(platform.db, { storage, publicUrl: platform.publicUrl });
  const labels = labelsService(platform.db);
  const accompaniment = accompanimentService(platform.db);
  return {
    name: 'programmes',
    api: {
      /** an organisation's labels, held and past, for its profile in the directory */
      labelsOf: async (organisationId: string) =>
        (await labels.ofOrganisation(organisationId)).map(({ label, standing }) => ({
          id: label.id,
          name: { fr: label.name_fr, en: label.name_en },
          validFrom: label.valid_from,
          validUntil: label.valid_until,
          standing,
          isDemo: label.is_demo,
        })),
      /** the labels' names, for the directory's label facet (by the slug it gives them) */
      labelNames: () => labels.facetNames(),
    },
    text: { fr: { programmes: programmesFr }, en: { programmes: programmesEn } },
    // reviews' and labels' codes too (their STALE_VERSION, a review's, is documented by the programmes' one)
    errors: { ...reviewsError.table, ...programmesError.table, ...labelsError.table },
    flash: {
      ...programmesFlash,
      ...reviewFlash,
      ...programmesAdminFlash,
      ...attachmentsFlash,
      ...juriesFlash,
      ...reviewsFlash,
      ...rubricFlash,
      ...decisionsFlash,
      ...labelsFlash,
      ...accompanimentFlash,
    },
    nav: [
      { path: '/appels', label: (t) => t.programmes.nav, order: 25 },
      { path: '/labels', label: (t) => t.programmes.labels.nav, order: 26 },
    ],
    englishNames: ENGLISH_NAMES,
    admin: [
      {
        path: '/admin/programmes',
        title: (t) => t.programmes.admin.title,
        intro: (t) => t.programmes.admin.intro,
        order: 55,
      },
      // labels and accompaniment: the withdrawal, and the late milestones counted on the home
      {
        path: '/admin/programmes/labels',
        title: (t) => t.programmes.labels.admin.title,
        intro: (t) => t.programmes.labels.admin.intro,
        order: 56,
      },
      {
        path: '/admin/programmes/accompagnement',
        title: (t) => t.programmes.accompaniment.late.title,
        intro: (t) => t.programmes.accompaniment.late.intro,
        order: 57,
        summary: async (t) =>
          t.programmes.accompaniment.late.count(await accompaniment.lateCount()),
      },
    ],
    access: programmesAccess,
    tasks: [reminders],
    routes(app) {
      programmesRoutes(app, { programmes, applications });
      applicantRoutes(app, { applicant, applications, now: () => new Date() });
      programmesReviewRoutes(app, review);
      programmesAdminRoutes(app, {
        programmes,
        admin: programmesAdminService(platform.db, programmes, deps.picker),
      });
      attachmentsRoutes(app, attachments);
      juriesRoutes(app, { assignments, declarations });
      assignmentsRoutes(app, assignments);
      reviewsRoutes(app, reviewsService(platform.db));
      rubricRoutes(app, {
        settings: rubricSettingsService(platform.db),
        admin: programmesAdminService(platform.db, programmes, deps.picker),
      });
      decisionsRoutes(app, decisions);
      labelsRoutes(app, labels);
      accompanimentRoutes(app, accompaniment);
    },
    async demo() {
      await loadProgrammesDemo(platform.db, new Date(), deps.demoPeople, storage);
      return undefined;
    },
  } satisfies CapabilityModule & { api: unknown };
}
