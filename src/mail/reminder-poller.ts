import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPoller } from '../kernel/jobs.ts';
import { everyMail, type MailChoice } from './mail-choice.ts';

export type ReminderWorkerOptions = {
  publicUrl: () => string;
  /** whether each person receives this kind of mail, and its unsubscribe line */
  mailOf?: MailChoice;
  everyMs?: number;
  start?: 'now' | 'later' | 'never';
  clock?: () => Date;
};

/** sends one reminder that is due (claimed and queued in one transaction); null when none is */
export type SendOneReminder<T> = (
  db: Kysely<DB>,
  now: Date,
  publicUrl: () => string,
  mailOf: MailChoice,
) => Promise<T | null>;

/**
 * The background task of a "the day before" reminder, as every server process runs it: polls
 * every few minutes (the first round after `everyMs`), one reminder at a time.
 */
export function startReminderPoller<T>(
  name: string,
  sendOne: SendOneReminder<T>,
  db: Kysely<DB>,
  log: { error(payload: object, message: string): void },
  options: ReminderWorkerOptions,
) {
  return startPoller({
    name,
    everyMs: options.everyMs ?? 5 * 60_000,
    log,
    start: options.start ?? 'later',
    takeOne: () =>
      sendOne(db, options.clock?.() ?? new Date(), options.publicUrl, options.mailOf ?? everyMail),
  });
}
