import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPoller } from '../kernel/jobs.ts';
import { mailQueueRepository } from './mail-queue.repository.ts';
import type { Mailer, MailMessage } from './mailer.ts';

/**
 * Queues a message in the caller's transaction: it exists, and is sent, only if that transaction
 * commits. Pass the transaction (`trx`), never the database, from inside one.
 */
export async function queueMail(trx: Kysely<DB>, message: MailMessage): Promise<number> {
  return mailQueueRepository(trx).insert(message);
}

export type MailQueueOptions = {
  everyMs?: number;
  /** tries before a message is marked failed */
  maxAttempts?: number;
  /** the wait after the first failure; each later one waits four times longer */
  retryBaseMs?: number;
  /** a claim older than this is taken again (its process died while sending) */
  staleAfterMs?: number;
  /** 'never' for tests, which call drain() */
  start?: 'now' | 'later' | 'never';
};

export type SendOutcome = { id: number; outcome: 'sent' | 'retry' | 'failed'; error?: string };

type Log = { error(payload: object, message: string): void; warn?(p: object, m: string): void };

/** the wait before try number `attempts + 1`: base, 4 × base, 16 × base… */
export function retryDelay(attempts: number, baseMs: number): number {
  return baseMs * 4 ** Math.max(0, attempts - 1);
}

/**
 * Sends the queued messages through the mailer. Every server process runs one: each claims a
 * message (mail-queue.repository.ts), sends it with no transaction open, then marks it sent; a
 * failed send is tried again later, with a growing wait, then marked failed with its error.
 * A message leaves once, except when a process dies between the send and the mark: its claim is
 * then taken again after `staleAfterMs` (a message twice rather than none).
 */
export function startMailQueueWorker(
  db: Kysely<DB>,
  mailer: Mailer,
  log: Log,
  options: MailQueueOptions = {},
) {
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
  const queue = mailQueueRepository(db);

  async function sendOne(): Promise<SendOutcome | null> {
    const mail = await queue.claimNext(staleAfterMs);
    if (!mail) return null;
    try {
      await mailer.send({ to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const last = mail.attempts >= maxAttempts;
      await queue.markFailed(
        mail.id,
        message,
        last ? null : retryDelay(mail.attempts, retryBaseMs),
      );
      log.error({ err: error, mail: mail.id, attempts: mail.attempts }, 'mail not sent');
      return { id: mail.id, outcome: last ? 'failed' : 'retry', error: message };
    }
    await queue.markSent(mail.id);
    return { id: mail.id, outcome: 'sent' };
  }

  const poller = startPoller({
    name: 'mail queue',
    everyMs: options.everyMs ?? 2000,
    log,
    takeOne: sendOne,
    start: options.start ?? 'now',
  });
  return { sendOne, drain: poller.drain, stop: poller.stop };
}
