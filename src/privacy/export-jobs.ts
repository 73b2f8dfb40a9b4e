import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { queueFigures } from '../kernel/job-queue.ts';
import { heartbeat, startPoller } from '../kernel/jobs.ts';
import type { BackgroundTask, JobQueue } from '../kernel/module.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { type ExportJob, exportJobsRepository } from './export-jobs.repository.ts';
import { privacyEn } from './privacy.en.ts';
import { privacyFr } from './privacy.fr.ts';
import { privacyService } from './privacy.service.ts';

/** how long a prepared export stays downloadable, then goes */
export const EXPORT_KEPT_DAYS = 7;
const POLL_EVERY_MS = 2000;
const BEAT_EVERY_MS = 30_000;
/** a running export whose process has not beaten for this long is taken again */
const STALE_SECONDS = 300;
const STATES = ['queued', 'running', 'done', 'failed'] as const;

export type ExportOutcome = { id: number; outcome: 'done' | 'failed'; error?: string };

/**
 * A person's data as a job (GDPR articles 15 and 20): asked for on the account page, gathered by
 * whichever server process takes it (the rows naming a person can be many for a busy account),
 * kept `EXPORT_KEPT_DAYS` days as JSON, and announced by a mail to the account's address with the
 * page where it is downloaded (signed in: the mail carries no data and no secret).
 */
export function exportJobs(deps: {
  db: Kysely<DB>;
  publicUrl: () => string;
  hubName: () => Promise<string>;
}) {
  const { db } = deps;
  const repo = exportJobsRepository(db);
  const privacy = privacyService(db);

  async function runOne(job: { id: number; user_id: string }): Promise<ExportOutcome> {
    const beating = heartbeat(() => repo.beat(job.id), BEAT_EVERY_MS);
    try {
      const data = await privacy.exportOf(job.user_id);
      if (!data) {
        await repo.fail(job.id, 'the account no longer exists');
        return { id: job.id, outcome: 'failed', error: 'the account no longer exists' };
      }
      const hub = await deps.hubName();
      const account = data.account as { email: string; name: string; locale?: string };
      const t = (account.locale === 'en' ? privacyEn : privacyFr).privacy;
      const page = `${deps.publicUrl()}${account.locale === 'en' ? '/en/account/data' : '/compte/donnees'}`;
      const json = JSON.stringify(data, null, 2);
      await db.transaction().execute(async (trx) => {
        await exportJobsRepository(trx).finish(job.id, json);
        await queueMail(trx, {
          to: account.email,
          subject: t.archiveMailSubject(hub),
          text: t.archiveMailBody(account.name, page, EXPORT_KEPT_DAYS),
        });
      });
      return { id: job.id, outcome: 'done' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repo.fail(job.id, message);
      return { id: job.id, outcome: 'failed', error: message };
    } finally {
      beating.stop();
    }
  }

  /** takes the next waiting export and prepares it; null when none waits */
  async function runNext(): Promise<ExportOutcome | null> {
    const job = await repo.takeNext(STALE_SECONDS);
    return job ? runOne(job) : null;
  }

  return {
    /** asks for an export (or finds the one under way) */
    request: (userId: string): Promise<ExportJob> => repo.request(userId),
    latestOf: (userId: string) => repo.latestOf(userId, EXPORT_KEPT_DAYS),
    /** a prepared export's JSON, for its person only, while it is kept */
    archive: (userId: string, id: number) => repo.archive(userId, id, EXPORT_KEPT_DAYS),
    runNext,

    /** every server process prepares what is asked, and lets old exports go */
    task(): BackgroundTask {
      let poller: ReturnType<typeof startPoller<ExportOutcome>> | undefined;
      return {
        name: 'data exports',
        start(log) {
          let rounds = 0;
          poller = startPoller({
            name: 'data exports',
            everyMs: POLL_EVERY_MS,
            log,
            async takeOne() {
              // the content of old exports goes about once an hour
              if (rounds++ % 1800 === 0) await repo.purge(EXPORT_KEPT_DAYS);
              const outcome = await runNext();
              if (outcome?.outcome === 'failed') {
                log.error({ exportId: outcome.id, err: outcome.error }, 'data export failed');
              }
              return outcome;
            },
          });
        },
        async stop() {
          await poller?.stop();
        },
      };
    },

    queue: {
      name: 'privacy_exports',
      title: (t) => t.privacy.queue,
      states: STATES,
      figures: async () => queueFigures(STATES, await repo.byState(), 'queued'),
      async failures(limit) {
        return (await repo.failed(limit)).map((r) => ({
          id: r.id,
          failedAt: r.finished_at ?? r.requested_at,
          what: (t) => t.privacy.queueItem(r.id),
          error: r.error ?? '',
          attempts: r.attempts,
        }));
      },
    } satisfies JobQueue,
  };
}

export type ExportJobs = ReturnType<typeof exportJobs>;
