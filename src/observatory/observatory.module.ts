import type { HubService } from '../hub/hub.service.ts';
import { everyone, staffOnly } from '../kernel/access.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import {
  type Indicators,
  jobsFigureOutdated,
  observatoryJobs,
  recompute,
} from './compute.service.ts';
import { observatoryAdminRoutes } from './observatory.admin.routes.ts';
import { observatoryApiRoutes } from './observatory.api.routes.ts';
import { observatoryEn } from './observatory.en.ts';
import { observatoryError } from './observatory.errors.ts';
import { observatoryFr } from './observatory.fr.ts';
import { observatoryRepository } from './observatory.repository.ts';
import { observatoryRoutes } from './observatory.routes.ts';
import { observatoryService } from './observatory.service.ts';
import { HomeObjectives } from './pages/HomeObjectives.tsx';
import { runsQueue } from './runs.queue.ts';

const observatoryFlash = {
  objectiveSaved: (t) => t.observatory.saved,
  milestoneSaved: (t) => t.observatory.milestoneSaved,
  objectiveDeleted: (t) => t.observatory.objectiveDeleted,
  milestoneDeleted: (t) => t.observatory.milestoneDeleted,
  observatoryQueued: (t) => t.observatory.recomputeQueued,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof observatoryFlash, true> {}
}

/**
 * The observatory: the hub's objectives as rules over the register, their history, the
 * indicators and the roadmap. Figures are computed in the background (after each import, when
 * staff ask, at the first start of a database that never had them) and pages read the results.
 */
export function observatoryModule(platform: Platform, deps: { hub: HubService }) {
  const { db, publicUrl } = platform;
  const observatory = observatoryService(db, deps.hub);
  const jobs = observatoryJobs(db);
  return {
    name: 'observatory',
    api: {
      /** asks for a recomputation in the background (one at a time, across processes) */
      recomputeSoon: () => jobs.request('import'),
    },
    text: { fr: { observatory: observatoryFr }, en: { observatory: observatoryEn } },
    flash: observatoryFlash,
    errors: observatoryError.table,
    nav: [{ path: '/observatoire', label: (t) => t.observatory.nav, order: 30 }],
    admin: [
      {
        path: '/admin/observatoire',
        title: (t) => t.observatory.adminTitle,
        intro: (t) => t.observatory.adminIntro,
        order: 30,
      },
    ],
    home: [
      {
        order: 20,
        async render(ctx) {
          const { items } = await observatory.objectives(ctx.locale);
          return items.length > 0 ? HomeObjectives({ ctx, objectives: items }) : null;
        },
      },
    ],
    access: {
      'GET /observatoire': everyone,
      'GET /observatoire/objectifs/:id': everyone,
      'GET /observatoire/objectifs/:id/historique.csv': everyone,
      'GET /observatoire/objectifs/:id/organisations.csv': everyone,
      'GET /observatoire/donnees/:chart': everyone,
      'GET /observatoire/organisations': everyone,
      'GET /observatoire/organisations.csv': everyone,
      'GET /observatoire/feuille-de-route': everyone,
      'GET /api/v1/objectives': everyone,
      'GET /api/v1/objectives/:id': everyone,
      'GET /api/v1/indicators/per-year': everyone,
      'GET /admin/observatoire': staffOnly,
      'POST /admin/observatoire/recalculer': staffOnly,
      'GET /admin/observatoire/objectifs/nouveau': staffOnly,
      'POST /admin/observatoire/objectifs/nouveau': staffOnly,
      'GET /admin/observatoire/objectifs/:id': staffOnly,
      'POST /admin/observatoire/objectifs/:id': staffOnly,
      'GET /admin/observatoire/objectifs/:id/supprimer': staffOnly,
      'POST /admin/observatoire/objectifs/:id/supprimer': staffOnly,
      'GET /admin/observatoire/jalons/nouveau': staffOnly,
      'POST /admin/observatoire/jalons/nouveau': staffOnly,
      'GET /admin/observatoire/jalons/:id': staffOnly,
      'POST /admin/observatoire/jalons/:id': staffOnly,
      'GET /admin/observatoire/jalons/:id/supprimer': staffOnly,
      'POST /admin/observatoire/jalons/:id/supprimer': staffOnly,
    },
    routes(app) {
      observatoryRoutes(app, { observatory, publicUrl });
      observatoryApiRoutes(app, { observatory });
      observatoryAdminRoutes(app, { observatory, hub: deps.hub });
      // a recomputation asked for by a request ends before the database closes
      app.addHook('onClose', () => jobs.idle());
    },
    queues: [runsQueue(db)],
    tasks: [
      {
        name: 'observatory',
        start(log) {
          jobs.setLogger(log);
          // a database that never had its figures computed (a new server without demo data) gets
          // them, and so does one whose jobs figure was stored by an older computation
          const repo = observatoryRepository(db);
          Promise.all([repo.runs(), repo.indicators()])
            .then(([runs, stored]) => {
              const data = stored.get('all') as Indicators | undefined;
              if (!runs.done || jobsFigureOutdated(data)) jobs.request('start');
            })
            .catch((error: unknown) => log.error({ err: error }, 'observatory runs'));
        },
        stop: () => jobs.idle(),
      },
    ],
    async demo() {
      // the figures, computed once the demo register is there
      await recompute(db, 'demo');
      return undefined;
    },
  } satisfies CapabilityModule & { api: unknown };
}
