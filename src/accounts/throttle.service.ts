import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BackgroundTask } from '../kernel/module.ts';
import { hashSecret } from './passwords.ts';
import { type ThrottleRule, throttleRepository } from './throttle.repository.ts';

const WINDOW_S = 15 * 60;
const CAP_S = 10 * 60;
const CLEAN_EVERY_MS = 10 * 60_000;

const rule = (kind: string, free: number): ThrottleRule => ({
  kind,
  free,
  windowSeconds: WINDOW_S,
  capSeconds: CAP_S,
});

/**
 * What each form counts, and how many attempts are free in 15 minutes before each further one
 * waits 2, 4, 8… seconds (up to 10 minutes): per client address (`client`), and per e-mail
 * address tried or per account (`subject`). Sign-in counts failures (a success forgets the
 * account's count and gives the client's attempt back); the other forms count every post.
 */
export const THROTTLES = {
  signIn: { subject: rule('sign-in:account', 5), client: rule('sign-in:client', 30) },
  signUp: { subject: rule('sign-up:address', 3), client: rule('sign-up:client', 20) },
  forgot: { subject: rule('forgot:address', 3), client: rule('forgot:client', 10) },
  reset: { client: rule('reset:client', 10) },
  resend: { subject: rule('verify:account', 3) },
  /** the account page's forms that check the current password or mail a new address */
  accountChange: { subject: rule('account-change:account', 5) },
  /** the public contact form: a few messages per client address, then a growing wait */
  contact: { client: rule('contact:client', 3) },
  // an event's registrations, per client address only (never per event: a popular one fills fast)
  eventRegistration: { client: rule('event-registration:client', 20) },
} as const satisfies Record<string, { subject?: ThrottleRule; client?: ThrottleRule }>;

export type ThrottledForm = keyof typeof THROTTLES;

/** who is counted: the client's address, and the e-mail address tried or the account */
export type ThrottleKeys = { client?: string; subject?: string };

export type Gate =
  | {
      open: true /** the attempt succeeded (a sign-in): its failures are forgotten */;
      passed(): Promise<void>;
    }
  | { open: false /** whole seconds until the next attempt is heard */; retryAfter: number };

/** the stored key: a hash, so that the table holds no address, e-mail or IP in clear */
function keyOf(kind: string, value: string): string {
  return hashSecret(`${kind}\n${value.trim().toLowerCase()}`);
}

/**
 * Limits on the account forms (and the public contact form), counted in the database (every server process shares them). A
 * refusal does not depend on whether an account exists: unknown addresses are counted alike.
 */
export function throttleService(db: Kysely<DB>) {
  const repo = throttleRepository(db);

  function scopes(form: ThrottledForm, keys: ThrottleKeys) {
    const rules: { subject?: ThrottleRule; client?: ThrottleRule } = THROTTLES[form];
    const out: { rule: ThrottleRule; key: string; scope: 'subject' | 'client' }[] = [];
    for (const scope of ['subject', 'client'] as const) {
      const r = rules[scope];
      const value = keys[scope];
      if (r && value) out.push({ rule: r, key: keyOf(r.kind, value), scope });
    }
    return out;
  }

  function refused(until: Date | undefined): Gate {
    const wait = until ? Math.ceil((until.getTime() - Date.now()) / 1000) : 1;
    return { open: false, retryAfter: Math.max(1, wait) };
  }

  return {
    /**
     * Counts an attempt at a form, or refuses it while a door is closed (nothing is counted then).
     * The doors are read first, then each count is taken in one statement that refuses when its
     * door closed meanwhile: a burst of concurrent attempts passes the free ones only.
     */
    async enter(form: ThrottledForm, keys: ThrottleKeys): Promise<Gate> {
      const counted = scopes(form, keys);
      const closed = await repo.closedUntil(
        counted.map((c) => ({ kind: c.rule.kind, key: c.key })),
      );
      if (closed) return refused(closed);
      for (const c of counted) {
        if ((await repo.take(c.rule, c.key)) === undefined) {
          return refused(await repo.closedUntil([{ kind: c.rule.kind, key: c.key }]));
        }
      }
      return {
        open: true,
        async passed() {
          for (const c of counted) {
            if (c.scope === 'subject') await repo.forget(c.rule.kind, c.key);
            else await repo.giveBack(c.rule.kind, c.key);
          }
        },
      };
    },

    /** drops the counters of quiet windows; how many */
    cleanUp: () => repo.deleteQuiet(WINDOW_S),
  };
}

export type ThrottleService = ReturnType<typeof throttleService>;

/** every server process drops old counters now and then (they are only hashes and counts) */
export function throttleCleaning(throttle: ThrottleService): BackgroundTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    name: 'sign-in limits',
    start(log) {
      const clean = () => {
        if (running) return;
        running = throttle
          .cleanUp()
          .catch((error: unknown) => log.error({ err: error }, 'cleaning sign-in limits failed'))
          .finally(() => {
            running = undefined;
          });
      };
      clean();
      timer = setInterval(clean, CLEAN_EVERY_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
