import { staffOnly } from '../kernel/access.ts';
import type { BackgroundTask, CapabilityModule, Platform } from '../kernel/module.ts';
import { startImportWorker } from './import.worker.ts';
import { loadRegisterDemo } from './imports.demo.ts';
import { importsEn } from './imports.en.ts';
import { importsFr } from './imports.fr.ts';
import { importsQueue } from './imports.queue.ts';
import { importsRoutes } from './imports.routes.ts';
import { importsService } from './imports.service.ts';

const importsFlash = { importQueued: (t) => t.imports.queued } satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof importsFlash, true> {}
}

/**
 * The register's import: the official SIRENE files uploaded from the back office (or given to
 * the command), read with a bounded memory and merged into the register. Every server process
 * runs a worker that takes the queued imports.
 */
export function importsModule(
  platform: Platform,
  deps: {
    /** told after each import that finished (the observatory recomputes then) */
    afterImport: () => void;
  },
) {
  const { db, config } = platform;
  const imports = importsService(db, config.dataDir);
  let worker: ReturnType<typeof startImportWorker> | undefined;
  const task: BackgroundTask = {
    name: 'imports',
    start(log) {
      worker = startImportWorker(db, log, undefined, deps.afterImport, {
        dataDir: config.dataDir,
        keepDays: config.importFilesKeepDays,
      });
    },
    async stop() {
      await worker?.stop();
    },
  };
  return {
    name: 'imports',
    text: { fr: importsFr, en: importsEn },
    flash: importsFlash,
    admin: [
      {
        path: '/admin/imports',
        title: (t) => t.imports.title,
        intro: (t) => t.imports.intro,
        order: 40,
      },
    ],
    access: { 'GET /admin/imports': staffOnly, 'POST /admin/imports': staffOnly },
    routes(app) {
      importsRoutes(app, { imports, maxBytes: config.importMaxBytes });
    },
    tasks: [task],
    queues: [importsQueue(db)],
    async demo() {
      await loadRegisterDemo(db);
      return undefined;
    },
  } satisfies CapabilityModule;
}
