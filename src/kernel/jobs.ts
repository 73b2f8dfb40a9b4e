/**
 * Background jobs, the way every capability runs them: a table of jobs in the database, which
 * every server process polls. A repository takes the next job in a transaction with
 * `FOR UPDATE SKIP LOCKED` (so that two processes never take the same one), marks it running
 * and keeps its heartbeat while it runs; a running job whose heartbeat stopped (its process died)
 * is taken again. This file holds the parts that do not depend on a table: the polling loop and
 * the heartbeat.
 */

type Log = {
  error(payload: object, message: string): void;
};

export type Poller<T> = {
  /** takes and runs jobs until none is left (or the poller stops); returns what each gave */
  drain(): Promise<T[]>;
  /** polls no more, and waits for the job under way */
  stop(): Promise<void>;
};

/**
 * Polls every `everyMs`: each round runs `takeOne` until it finds nothing (null or undefined), one
 * job at a time in this process. A round that fails is logged and the next one tries again.
 */
export function startPoller<T>(options: {
  /** what the log calls this work */
  name: string;
  everyMs: number;
  log: Log;
  /** takes the next job and runs it; null when there is none */
  takeOne: () => Promise<T | null | undefined>;
  /**
   * 'now' (the default): a first round at once, then every `everyMs`; 'later': the first round
   * after `everyMs`; 'never': only when drain() is called
   */
  start?: 'now' | 'later' | 'never';
}): Poller<T> {
  let stopped = false;
  let busy: Promise<unknown> | undefined;

  async function drain(): Promise<T[]> {
    const done: T[] = [];
    while (!stopped) {
      const outcome = await options.takeOne();
      if (outcome === null || outcome === undefined) break;
      done.push(outcome);
    }
    return done;
  }

  function tick() {
    if (stopped || busy) return;
    busy = drain()
      .catch((error: unknown) => options.log.error({ err: error }, options.name))
      .finally(() => {
        busy = undefined;
      });
  }

  let timer: NodeJS.Timeout | undefined;
  const start = options.start ?? 'now';
  if (start !== 'never') {
    if (start === 'now') tick();
    timer = setInterval(tick, options.everyMs);
    timer.unref();
  }

  return {
    drain,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await busy;
    },
  };
}

/**
 * Beats every `everyMs` beside a long piece of work: one beat at a time, never a queue of them (on
 * an engine with a single connection a beat waits for the work's transaction). A beat that fails
 * is skipped; the next one tries again.
 */
export function heartbeat(beat: () => Promise<unknown>, everyMs: number): { stop(): void } {
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    beat()
      .catch(() => {})
      .finally(() => {
        beating = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
