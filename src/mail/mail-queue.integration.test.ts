import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, twoConnections } from '../../test/support/engines.ts';
import { queueMail, retryDelay, startMailQueueWorker } from './mail-queue.ts';
import type { Mailer, MailMessage } from './mailer.ts';

const silent = { error() {} };

/** a transport that remembers what it sent, and fails while `failing` says so */
function recordingMailer() {
  const sent: MailMessage[] = [];
  let failing = false;
  const mailer: Mailer = {
    kind: 'outbox',
    async send(message) {
      // a turn of the event loop, so that two workers really interleave
      await new Promise((resolve) => setImmediate(resolve));
      if (failing) throw new Error('SMTP server unreachable');
      sent.push(message);
    },
  };
  return { mailer, sent, fail: (on: boolean) => (failing = on) };
}

describe.each(engines())('the mail queue (%s)', (engine) => {
  let env: Awaited<ReturnType<typeof twoConnections>>;
  beforeAll(async () => {
    env = await twoConnections(engine);
  });
  afterAll(async () => env?.close());

  const count = async (status?: string) => {
    const row = await env.first.db
      .selectFrom('mail_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .$if(status !== undefined, (q) => q.where('status', '=', status as 'sent'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const clear = () => env.first.db.deleteFrom('mail_queue').execute();

  it('queues nothing when the transaction that asked rolls back, one mail when it commits', async () => {
    await clear();
    await expect(
      env.first.db.transaction().execute(async (trx) => {
        await queueMail(trx, { to: 'a@example.org', subject: 'Reçu', text: 'annulé' });
        throw new Error('the work failed after queueing');
      }),
    ).rejects.toThrow('the work failed');
    expect(await count()).toBe(0);
    await env.first.db.transaction().execute(async (trx) => {
      await queueMail(trx, { to: 'a@example.org', subject: 'Reçu', text: 'gardé' });
    });
    expect(await count('waiting')).toBe(1);
    const { mailer, sent } = recordingMailer();
    const worker = startMailQueueWorker(env.first.db, mailer, silent, { start: 'never' });
    await worker.drain();
    expect(sent.map((m) => m.text)).toEqual(['gardé']);
    expect(await count('sent')).toBe(1);
    // sent once: another round finds nothing
    expect(await worker.drain()).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('sends each mail once when two workers on two connections drain the same queue', async () => {
    await clear();
    const total = 40;
    await env.first.db.transaction().execute(async (trx) => {
      for (let i = 0; i < total; i++) {
        await queueMail(trx, { to: `p${i}@example.org`, subject: `n°${i}`, text: `${i}` });
      }
    });
    const a = recordingMailer();
    const b = recordingMailer();
    const first = startMailQueueWorker(env.first.db, a.mailer, silent, { start: 'never' });
    const second = startMailQueueWorker(env.second.db, b.mailer, silent, { start: 'never' });
    const [byFirst, bySecond] = await Promise.all([first.drain(), second.drain()]);
    const sent = [...a.sent, ...b.sent].map((m) => m.text).sort((x, y) => Number(x) - Number(y));
    expect(sent).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(byFirst.length + bySecond.length).toBe(total);
    expect(await count('sent')).toBe(total);
  });

  it('gives a failed send back with a growing wait, then sends it; marks it failed after the last try', async () => {
    await clear();
    await queueMail(env.first.db, { to: 'r@example.org', subject: 'Relance', text: 'x' });
    const { mailer, sent, fail } = recordingMailer();
    const worker = startMailQueueWorker(env.first.db, mailer, silent, {
      start: 'never',
      maxAttempts: 3,
      retryBaseMs: 60_000,
    });
    fail(true);
    expect((await worker.drain()).map((o) => o.outcome)).toEqual(['retry']);
    const waiting = await env.first.db
      .selectFrom('mail_queue')
      .select(['status', 'attempts', 'last_error'])
      .select(sql<boolean>`next_attempt_at > now() + interval '50 seconds'`.as('later'))
      .executeTakeFirstOrThrow();
    expect(waiting).toEqual({
      status: 'waiting',
      attempts: 1,
      last_error: 'SMTP server unreachable',
      later: true,
    });
    // not due yet: nothing is tried
    expect(await worker.drain()).toEqual([]);
    const due = () =>
      env.first.db
        .updateTable('mail_queue')
        .set({ next_attempt_at: sql`now() - interval '1 second'` })
        .execute();
    await due();
    expect((await worker.drain()).map((o) => o.outcome)).toEqual(['retry']);
    await due();
    expect((await worker.drain()).map((o) => o.outcome)).toEqual(['failed']);
    expect(await count('failed')).toBe(1);
    await due();
    expect(await worker.drain()).toEqual([]);
    expect(sent).toHaveLength(0);

    await clear();
    await queueMail(env.first.db, { to: 'r@example.org', subject: 'Relance', text: 'y' });
    fail(true);
    await worker.drain();
    fail(false);
    await due();
    expect((await worker.drain()).map((o) => o.outcome)).toEqual(['sent']);
    expect(sent.map((m) => m.text)).toEqual(['y']);
  });

  it('takes again a claim whose process died while sending', async () => {
    await clear();
    await queueMail(env.first.db, { to: 'd@example.org', subject: 'Orphelin', text: 'z' });
    await env.first.db
      .updateTable('mail_queue')
      .set({ status: 'sending', claimed_at: sql`now() - interval '1 hour'`, attempts: 1 })
      .execute();
    const { mailer, sent } = recordingMailer();
    const worker = startMailQueueWorker(env.first.db, mailer, silent, { start: 'never' });
    await worker.drain();
    expect(sent.map((m) => m.text)).toEqual(['z']);
    // a fresh claim (another process is sending it now) is left alone
    await clear();
    await queueMail(env.first.db, { to: 'd@example.org', subject: 'En cours', text: 'w' });
    await env.first.db
      .updateTable('mail_queue')
      .set({ status: 'sending', claimed_at: sql`now()`, attempts: 1 })
      .execute();
    expect(await worker.drain()).toEqual([]);
  });
});

describe('the wait between tries', () => {
  it('grows fourfold from the base', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 30_000))).toEqual([
      30_000, 120_000, 480_000, 1_920_000,
    ]);
  });
});
