import path from 'node:path';
import { adminOnly } from '../kernel/access.ts';
import type { BackgroundTask, CapabilityModule, Platform } from '../kernel/module.ts';
import { isAdmin } from '../kernel/policy.ts';
import { mailQueue } from './mail-queue.queue.ts';
import { startMailQueueWorker } from './mail-queue.ts';
import { outboxRepository } from './outbox.repository.ts';
import { outboxRoutes } from './outbox.routes.ts';

/**
 * Mail as administrators read it when no SMTP server is set (the outbox folder's messages), and
 * the queue of mail written inside transactions, which every server process sends.
 */
export function mailModule(platform: Platform) {
  const outboxShown = platform.mailer.kind === 'outbox';
  let worker: ReturnType<typeof startMailQueueWorker> | undefined;
  const queue: BackgroundTask = {
    name: 'mail queue',
    start(log) {
      worker = startMailQueueWorker(platform.db, platform.mailer, log);
    },
    async stop() {
      await worker?.stop();
    },
  };
  return {
    name: 'mail',
    tasks: [queue],
    queues: [mailQueue(platform.db)],
    admin: outboxShown
      ? [
          {
            path: '/admin/outbox',
            title: (t) => t.admin.outbox,
            intro: (t) => t.admin.outboxIntro,
            order: 60,
            visible: isAdmin,
          },
        ]
      : [],
    access: { 'GET /admin/outbox': adminOnly, 'GET /admin/outbox/:id': adminOnly },
    routes(app) {
      outboxRoutes(app, outboxRepository(path.join(platform.config.dataDir, 'outbox')));
    },
  } satisfies CapabilityModule;
}
