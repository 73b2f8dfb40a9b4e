import { apiTokensService } from '../accounts/api-tokens.service.ts';
import { openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import { joinOrganisation, testSite, testSpace } from './bookings.testing.ts';
import { addDays, localInstant, parisDay } from './venue-time.ts';

/**
 * The contention the issue asks for, shared by its test (counts) and its benchmark (counts and
 * times): many booking requests for one time, sent at once over HTTP to several server processes
 * on one PostgreSQL database.
 */

export type ContentionSetup = {
  /** members' personal tokens, round-robin over the requests */
  tokens: string[];
  room: { id: string; slug: string };
  desks: { id: string; slug: string };
  /** a Paris day a few days ahead, and its 10:00–11:00 as instants */
  day: string;
  dayAfter: string;
  slot: { start: string; end: string };
};

/** a site with a meeting room (capacity 1, 30-minute slots) and coworking desks (capacity 20, by day) */
export async function contentionSetup(databaseUrl: string, members = 10): Promise<ContentionSetup> {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    const db = database.db;
    await migrate(db);
    const siteId = await testSite(db);
    const room = await testSpace(db, siteId, { capacity: 1, slot_minutes: 30 });
    const desks = await testSpace(db, siteId, { unit: 'day', capacity: 20 });
    const org = await db
      .insertInto('organisations')
      .values({ slug: `contention-${Date.now()}`, name: 'Contention', kind: 'sme' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tokens: string[] = [];
    for (let i = 0; i < members; i++) {
      const user = await db
        .insertInto('users')
        .values({
          email: `contention.${i}.${Date.now()}@example.org`,
          name: `Membre ${i}`,
          email_verified_at: new Date(),
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      await joinOrganisation(
        db,
        { kind: 'user', user: { id: user.id } } as Parameters<typeof joinOrganisation>[1],
        org.id,
      );
      tokens.push((await apiTokensService(db).create(user.id, 'contention')).secret);
    }
    const day = addDays(parisDay(new Date()), 3);
    const at = (minutes: number) => {
      const r = localInstant(day, minutes);
      if (!r.ok) throw new Error('no such time');
      return r.instant.toISOString();
    };
    return {
      tokens,
      room,
      desks,
      day,
      dayAfter: addDays(day, 1),
      slot: { start: at(600), end: at(660) },
    };
  } finally {
    await database.close();
  }
}

export type Fired = { status: number; ms: number; code?: string };

/** sends `count` bookings of the same body at once, spread over the servers; their answers and times */
export async function fireBookings(
  servers: string[],
  setup: ContentionSetup,
  spaceId: string,
  body: { start: string; end: string },
  count: number,
): Promise<Fired[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t = performance.now();
      const res = await fetch(`${servers[i % servers.length]}/api/v1/spaces/${spaceId}/bookings`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${setup.tokens[i % setup.tokens.length]}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      const ms = performance.now() - t;
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      return { status: res.status, ms, code };
    }),
  );
}

/** how many answers of each status */
export function countStatuses(fired: Fired[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of fired) counts[f.status] = (counts[f.status] ?? 0) + 1;
  return counts;
}
