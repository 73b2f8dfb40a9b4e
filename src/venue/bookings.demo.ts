import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { localAt } from './booking-rules.ts';
import { bookingsRepository, refusal } from './bookings.repository.ts';
import { addDays, isoWeekday, parisDay } from './venue-time.ts';

/**
 * A handful of demo bookings in the spaces the spaces part's demo made (`salle-belledonne`, a
 * meeting room booked by slots; `coworking`, desks by the day), by the demo member for demo
 * organisations only, on the next weekdays. Nothing when the spaces are missing or when demo
 * bookings exist already.
 */
export async function bookingsDemo(
  db: Kysely<DB>,
  people: {
    demoMember: () => Promise<string>;
    demoOrganisations: (limit: number) => Promise<{ id: string; name: string }[]>;
  },
  now = new Date(),
) {
  const repo = bookingsRepository(db);
  if (await repo.demoBookingsExist()) return;
  const room = await repo.space('salle-belledonne');
  const coworking = await repo.space('coworking');
  const orgs = await people.demoOrganisations(3);
  if ((!room && !coworking) || orgs.length === 0) return;
  const userId = await people.demoMember();
  const weekdays: string[] = [];
  for (let day = addDays(parisDay(now), 1); weekdays.length < 5; day = addDays(day, 1)) {
    if (isoWeekday(day) <= 5) weekdays.push(day);
  }
  const slots: [number, string, number, number][] = [
    [0, room?.id ?? '', 11 * 60 + 30, 12 * 60 + 30],
    [1, room?.id ?? '', 14 * 60, 15 * 60 + 30],
    [2, room?.id ?? '', 9 * 60, 10 * 60],
    [3, room?.id ?? '', 16 * 60, 17 * 60],
  ];
  let i = 0;
  for (const [d, spaceId, from, to] of slots) {
    const day = weekdays[d];
    if (!spaceId || !day) continue;
    await insert(spaceId, localAt(day, from), localAt(day, to));
  }
  if (coworking) {
    for (const day of weekdays.slice(0, 4)) {
      await insert(coworking.id, localAt(day, 0), localAt(addDays(day, 1), 0));
    }
  }

  async function insert(spaceId: string, start: Date, end: Date) {
    const org = orgs[i++ % orgs.length];
    try {
      await repo.insert({
        spaceId,
        userId,
        organisationId: org?.id ?? null,
        start,
        end,
        purpose: 'Démonstration',
        isDemo: true,
      });
    } catch (error) {
      // a time already held (a second run on a busy demo) is skipped
      if (!refusal(error)) throw error;
    }
  }
}
