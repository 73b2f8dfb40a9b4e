import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { VenueSpaceTable } from '../db/venue.schema.ts';
import type { Actor } from '../kernel/policy.ts';

/**
 * Test fixtures of the booking engine: a site and spaces made directly in the tables (the spaces'
 * settings are another part's pages), open every day so that tests may use any date.
 */

type SpaceInput = {
  kind?: VenueSpaceTable['kind'];
  capacity?: number;
  unit?: 'slot' | 'day';
  slot_minutes?: number;
  min_length?: number;
  max_length?: number;
  min_notice_minutes?: number;
  max_days_ahead?: number;
  who_may_book?: 'members' | 'staff' | 'public_request';
  max_upcoming_per_member?: number | null;
  cancel_cutoff_minutes?: number;
  checkin_grace_minutes?: number | null;
  allowance?: 'coworking_days' | 'meeting_hours' | null;
  waitlist_offer_minutes?: number;
  opens?: string;
  closes?: string;
};

export async function testSite(
  db: Kysely<DB>,
  defaults: { coworking?: number; meeting?: number } = {},
): Promise<string> {
  const row = await db
    .insertInto('venue_sites')
    .values({
      slug: `site-${randomInt(1e9)}`,
      name: 'Le Totem (test)',
      default_coworking_days: defaults.coworking ?? 100,
      default_meeting_hours: defaults.meeting ?? 1000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** a space open every day (08:00–20:00 unless told), with the given rules */
export async function testSpace(db: Kysely<DB>, siteId: string, input: SpaceInput = {}) {
  const unit = input.unit ?? 'slot';
  const slug = `espace-${randomInt(1e9)}`;
  const row = await db
    .insertInto('venue_spaces')
    .values({
      site_id: siteId,
      slug,
      name_fr: `Salle ${slug}`,
      name_en: `Room ${slug}`,
      kind: input.kind ?? (unit === 'day' ? 'coworking' : 'meeting_room'),
      capacity: input.capacity ?? 1,
      unit,
      slot_minutes: unit === 'slot' ? (input.slot_minutes ?? 30) : null,
      min_length: input.min_length ?? (unit === 'slot' ? 30 : 1),
      max_length: input.max_length ?? (unit === 'slot' ? 240 : 5),
      min_notice_minutes: input.min_notice_minutes ?? 0,
      max_days_ahead: input.max_days_ahead ?? 730,
      who_may_book: input.who_may_book ?? 'members',
      max_upcoming_per_member: input.max_upcoming_per_member ?? null,
      cancel_cutoff_minutes: input.cancel_cutoff_minutes ?? 0,
      checkin_grace_minutes: input.checkin_grace_minutes ?? null,
      allowance: input.allowance ?? null,
      waitlist_offer_minutes: input.waitlist_offer_minutes ?? 120,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('venue_space_hours')
    .values(
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        space_id: row.id,
        weekday,
        opens: input.opens ?? '08:00',
        closes: input.closes ?? '20:00',
      })),
    )
    .execute();
  return row;
}

/** the directory's answer to "which organisations is this person a member of", from its table */
export function membershipsFrom(db: Kysely<DB>) {
  return (userId: string) =>
    db
      .selectFrom('organisation_members as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['o.id', 'o.slug', 'o.name'])
      .where('m.user_id', '=', userId)
      .orderBy('o.name')
      .execute();
}

/** makes a person a member of an organisation */
export async function joinOrganisation(
  db: Kysely<DB>,
  actor: Actor & { kind: 'user' },
  organisationId: string,
) {
  await db
    .insertInto('organisation_members')
    .values({ organisation_id: organisationId, user_id: actor.user.id })
    .execute();
}

/** a clock the test moves */
export function testClock(at: string) {
  let now = new Date(at);
  return {
    now: () => now,
    set(to: string | Date) {
      now = new Date(to);
    },
  };
}
