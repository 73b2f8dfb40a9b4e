import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { instantToParis } from '../kernel/paris-time.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import type { EventsDeps } from './events.deps.ts';
import { eventsError } from './events.errors.ts';
import type { ExhibitionInput, Problems } from './events.forms.ts';
import { eventsPolicy as can } from './events.policy.ts';
import { eventsRepository } from './events.repository.ts';
import { type ExhibitionRow, exhibitionsRepository } from './exhibitions.repository.ts';

/** the day after a 'YYYY-MM-DD' */
function dayAfter(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Showroom exhibitions: staff schedule which organisation shows what in which showroom and when.
 * Each is a booking of the whole showroom for its days (the venue's engine and the database's
 * guard), written in the same transaction as the exhibition.
 */
export function exhibitionsService(db: Kysely<DB>, deps: EventsDeps) {
  const repo = exhibitionsRepository(db);
  const now = () => deps.clock?.() ?? new Date();
  const today = () => instantToParis(now()).slice(0, 10);

  return {
    /** current (on today) and coming exhibitions */
    async public(): Promise<{ current: ExhibitionRow[]; coming: ExhibitionRow[] }> {
      const day = today();
      const rows = await repo.from(day);
      return {
        current: rows.filter((x) => x.starts_on <= day),
        coming: rows.filter((x) => x.starts_on > day),
      };
    },

    /** an organisation's exhibitions and published events, for its directory profile */
    async ofOrganisation(organisationId: string) {
      const [exhibitions, events] = await Promise.all([
        repo.ofOrganisation(organisationId),
        eventsRepository(db).ofOrganisation(organisationId),
      ]);
      return { exhibitions, events };
    },

    async schedule(actor: Actor, input: ExhibitionInput): Promise<string> {
      authorize(actor, can.manage, undefined);
      const problems: Problems = {};
      const found = await deps.picker.resolveOne(
        input.organisationId ? [input.organisationId] : [],
        input.organisation,
      );
      if (!found.org) {
        problems.organisation =
          found.error === 'organisationAmbiguous' ? 'org_ambiguous' : 'org_unknown';
      }
      const space = await deps.bookings.space(input.space).catch(() => undefined);
      if (space?.unit !== 'day') problems.space = 'space_unknown';
      if (!found.org || !space || Object.keys(problems).length > 0) {
        throw eventsError('EXHIBITION_INVALID', undefined, problems as Record<string, string>);
      }
      const org = found.org;
      const user = actor.kind === 'user' ? actor.user.id : null;
      return deps.bookings.bookWhole(
        actor,
        space.id,
        {
          fromDay: input.from,
          toDay: dayAfter(input.to),
          purpose: input.title_fr,
          // an exhibition runs on across the days the showroom is closed
          acrossClosedDays: true,
        },
        (trx, booking) =>
          exhibitionsRepository(trx).insert({
            organisation_id: org.id,
            space_id: space.id,
            booking_id: booking.id,
            title_fr: input.title_fr,
            title_en: input.title_en,
            description_fr: input.description_fr,
            description_en: input.description_en,
            starts_on: input.from,
            ends_on: input.to,
            created_by: user,
          }),
      );
    },

    async cancel(actor: Actor, id: string): Promise<void> {
      authorize(actor, can.manage, undefined);
      const found = /^[0-9a-f-]{36}$/i.test(id) ? await repo.find(id) : undefined;
      if (found?.status !== 'scheduled') throw eventsError('EXHIBITION_NOT_FOUND');
      await deps.bookings.cancel(actor, found.booking_id);
      await repo.cancel(found.id);
    },

    /** every scheduled exhibition from today (staff's list) */
    upcoming: () => repo.from(today()),
    spaces: async () => (await deps.bookings.spaces()).filter((s) => s.unit === 'day'),
  };
}

export type ExhibitionsService = ReturnType<typeof exhibitionsService>;
