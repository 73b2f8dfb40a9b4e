import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** how a kind of attempt is counted: free attempts in a window, then a doubling wait, capped */
export type ThrottleRule = {
  kind: string;
  /** attempts allowed in a window before each further one waits */
  free: number;
  /** a window closes after this many seconds without an attempt (the count starts again) */
  windowSeconds: number;
  /** the longest wait, in seconds (below the window, so that waiting never resets the count) */
  capSeconds: number;
};

/** The counters of attempts at the account forms (auth_throttle): the SQL only. */
export function throttleRepository(db: Kysely<DB>) {
  return {
    /** the latest moment one of these counters keeps its door closed, if any is still closed */
    async closedUntil(keys: { kind: string; key: string }[]): Promise<Date | undefined> {
      if (keys.length === 0) return undefined;
      const row = await db
        .selectFrom('auth_throttle')
        .select((eb) => eb.fn.max('blocked_until').as('until'))
        .where((eb) =>
          eb.or(keys.map((k) => eb.and([eb('kind', '=', k.kind), eb('key', '=', k.key)]))),
        )
        .where('blocked_until', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return row?.until ? new Date(row.until) : undefined;
    },

    /**
     * Counts an attempt, unless the door is closed (then nothing changes and undefined comes
     * back), in one statement: of two processes counting together, each sees the other's count.
     * A quiet window starts the count again; past the free attempts, the door closes for
     * 2, 4, 8… seconds after each attempt, up to the cap. Returns the attempts in the window.
     */
    async take(rule: ThrottleRule, key: string): Promise<number | undefined> {
      const fresh = sql`t.last_at < now() - ${rule.windowSeconds}::int * interval '1 second'`;
      const count = sql<number>`CASE WHEN ${fresh} THEN 1 ELSE t.attempts + 1 END`;
      const closeAfter = (n: unknown) =>
        sql`CASE WHEN ${n} >= ${rule.free}::int THEN now() + least(power(2, ${n} - ${rule.free}::int + 1), ${rule.capSeconds}::int) * interval '1 second' END`;
      const result = await sql<{ attempts: number }>`
        INSERT INTO auth_throttle AS t (kind, key, attempts, last_at, blocked_until)
        VALUES (${rule.kind}, ${key}, 1, now(), ${closeAfter(sql`1`)})
        ON CONFLICT (kind, key) DO UPDATE SET
          attempts = ${count},
          last_at = now(),
          blocked_until = ${closeAfter(count)}
        WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
        RETURNING attempts`.execute(db);
      const row = result.rows[0];
      return row ? Number(row.attempts) : undefined;
    },

    /** one attempt less (a success where failures are counted); the door stays as it was */
    async giveBack(kind: string, key: string): Promise<void> {
      await db
        .updateTable('auth_throttle')
        .set({ attempts: sql`greatest(attempts - 1, 0)` })
        .where('kind', '=', kind)
        .where('key', '=', key)
        .execute();
    },

    /** forgets a counter (the account's password was right) */
    async forget(kind: string, key: string): Promise<void> {
      await db
        .deleteFrom('auth_throttle')
        .where('kind', '=', kind)
        .where('key', '=', key)
        .execute();
    },

    /** drops counters quiet for longer than the window whose door is open; how many */
    async deleteQuiet(windowSeconds: number): Promise<number> {
      const result = await db
        .deleteFrom('auth_throttle')
        .where('last_at', '<', sql<Date>`now() - ${windowSeconds}::int * interval '1 second'`)
        .where((eb) =>
          eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', sql<Date>`now()`)]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type ThrottleRepository = ReturnType<typeof throttleRepository>;
