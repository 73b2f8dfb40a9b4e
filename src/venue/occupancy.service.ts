import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import { occupancyRepository, type UsageRow } from './occupancy.repository.ts';
import { daysFrom, isoWeek, mondayOf, plusDays, weekdayOf } from './spaces.calendar.ts';
import {
  type ClosureRow,
  type HoursRow,
  type SpaceRow,
  spacesRepository,
} from './spaces.repository.ts';
import { venuePolicy as can } from './venue.policy.ts';
import { dayStart, parisDay } from './venue-time.ts';

/**
 * The staff's occupancy figures: per space and week, the hours booked against the hours open
 * (times the places: a coworking of 24 desks open 12 hours offers 288 desk-hours a day; a desk
 * booked for a day counts as that day's open hours; a booking of the whole space, an event,
 * counts every place); no-shows (bookings released for want of a check-in); the organisations
 * that used the venue most; and usage per organisation per month.
 */

export type WeekFigure = { week: string; booked: number; open: number; rate: number };
export type SpaceOccupancy = {
  space: Pick<SpaceRow, 'id' | 'slug' | 'name_fr' | 'name_en' | 'is_demo'>;
  weeks: WeekFigure[];
  booked: number;
  open: number;
  rate: number;
  noShows: number;
};
export type TopUser = { organisation: string; bookings: number; hours: number };
export type MonthUsage = {
  month: string;
  organisation: string;
  coworkingDays: number;
  meetingHours: number;
  bookings: number;
  noShows: number;
};

const HOUR = 3_600_000;
const round1 = (n: number) => Math.round(n * 10) / 10;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** the minutes a space is open on a day (0 when closed that day) */
export function openMinutes(
  space: Pick<SpaceRow, 'id'>,
  day: string,
  hours: readonly HoursRow[],
  closures: readonly ClosureRow[],
): number {
  const closed = closures.some(
    (c) =>
      (c.space_id === null || c.space_id === space.id) && c.starts_on <= day && day <= c.ends_on,
  );
  if (closed) return 0;
  return hours
    .filter((h) => h.space_id === space.id && h.weekday === weekdayOf(day))
    .reduce((sum, h) => sum + minutes(h.closes) - minutes(h.opens), 0);
}

/** the place-hours a booking holds within [from, to) */
function heldHours(
  space: SpaceRow,
  b: UsageRow,
  from: Date,
  to: Date,
  open: (day: string) => number,
): number {
  if (space.unit === 'slot') {
    const start = Math.max(b.start.getTime(), from.getTime());
    const end = Math.min(b.end.getTime(), to.getTime());
    return Math.max(0, end - start) / HOUR;
  }
  const first = parisDay(b.start);
  const last = parisDay(new Date(b.end.getTime() - 1));
  const lo = parisDay(from);
  const hi = parisDay(new Date(to.getTime() - 1));
  const from1 = first.localeCompare(lo) < 0 ? lo : first;
  const to1 = last.localeCompare(hi) < 0 ? last : hi;
  return daysFrom(from1, plusDays(to1, 1)).reduce((sum, d) => sum + open(d) / 60, 0);
}

export function occupancyService(db: Kysely<DB>) {
  const repo = occupancyRepository(db);
  const spacesRepo = spacesRepository(db);

  async function context() {
    const site = await spacesRepo.site();
    const spaces = await spacesRepo.spaces({ activeOnly: false });
    const [hours, closures] = await Promise.all([
      spacesRepo.hours(spaces.map((s) => s.id)),
      site ? spacesRepo.closures(site.id) : Promise.resolve([]),
    ]);
    return { spaces, hours, closures };
  }

  return {
    /** `weeks` weeks from the Monday of `firstDay` */
    async weekly(actor: Actor, firstDay: string, weeks: number) {
      authorize(actor, can.manage, undefined);
      const monday = mondayOf(firstDay);
      const from = dayStart(monday);
      const to = dayStart(plusDays(monday, weeks * 7));
      const [{ spaces, hours, closures }, bookings] = await Promise.all([
        context(),
        repo.bookings(from, to),
      ]);
      const mondays = Array.from({ length: weeks }, (_, i) => plusDays(monday, i * 7));
      const perSpace: SpaceOccupancy[] = spaces.map((space) => {
        const open = (day: string) => openMinutes(space, day, hours, closures);
        const own = bookings.filter((b) => b.space_id === space.id);
        const weekFigures = mondays.map((m) => {
          const ws = dayStart(m);
          const we = dayStart(plusDays(m, 7));
          const openHours =
            (daysFrom(m, plusDays(m, 7)).reduce((s, d) => s + open(d), 0) / 60) * space.capacity;
          const booked = own
            .filter((b) => b.status === 'confirmed')
            // place-hours: a booking of the whole space holds every place of it
            .reduce(
              (s, b) => s + heldHours(space, b, ws, we, open) * (b.whole ? space.capacity : 1),
              0,
            );
          const rate = openHours > 0 ? Math.round((100 * booked) / openHours) : 0;
          return { week: isoWeek(m), booked: round1(booked), open: round1(openHours), rate };
        });
        const booked = weekFigures.reduce((s, w) => s + w.booked, 0);
        const openTotal = weekFigures.reduce((s, w) => s + w.open, 0);
        return {
          space,
          weeks: weekFigures,
          booked: round1(booked),
          open: round1(openTotal),
          rate: openTotal > 0 ? Math.round((100 * booked) / openTotal) : 0,
          noShows: own.filter((b) => b.status === 'released').length,
        };
      });
      const byOrg = new Map<string, TopUser>();
      for (const b of bookings) {
        const space = spaces.find((s) => s.id === b.space_id);
        if (b.status !== 'confirmed' || !b.organisation_name || !space) continue;
        const open = (day: string) => openMinutes(space, day, hours, closures);
        const entry = byOrg.get(b.organisation_name) ?? {
          organisation: b.organisation_name,
          bookings: 0,
          hours: 0,
        };
        entry.bookings += 1;
        // a day booked counts that day's open hours, as in the rates
        entry.hours = round1(entry.hours + heldHours(space, b, from, to, open));
        byOrg.set(b.organisation_name, entry);
      }
      const top = [...byOrg.values()]
        .sort((a, b) => b.bookings - a.bookings || b.hours - a.hours)
        .slice(0, 10);
      return { from: monday, to: plusDays(monday, weeks * 7 - 1), spaces: perSpace, top };
    },

    /** usage per organisation per month, from the first month to the last (both 'YYYY-MM') */
    async monthly(actor: Actor, fromMonth: string, toMonth: string): Promise<MonthUsage[]> {
      authorize(actor, can.manage, undefined);
      const from = dayStart(`${fromMonth}-01`);
      const next = new Date(`${toMonth}-01T12:00:00Z`);
      next.setUTCMonth(next.getUTCMonth() + 1);
      const to = dayStart(next.toISOString().slice(0, 10));
      const [{ spaces, hours, closures }, bookings] = await Promise.all([
        context(),
        repo.bookings(from, to),
      ]);
      const rows = new Map<string, MonthUsage>();
      for (const b of bookings) {
        const space = spaces.find((s) => s.id === b.space_id);
        if (!space) continue;
        const month = parisDay(b.start).slice(0, 7);
        const organisation = b.organisation_name ?? '';
        const key = `${month}\u0000${organisation}`;
        const row = rows.get(key) ?? {
          month,
          organisation,
          coworkingDays: 0,
          meetingHours: 0,
          bookings: 0,
          noShows: 0,
        };
        if (b.status === 'released') row.noShows += 1;
        else {
          row.bookings += 1;
          if (space.allowance === 'meeting_hours')
            row.meetingHours = round1(
              row.meetingHours + (b.end.getTime() - b.start.getTime()) / HOUR,
            );
          if (space.allowance === 'coworking_days') {
            const open = (d: string) => openMinutes(space, d, hours, closures);
            const days = daysFrom(
              parisDay(b.start),
              plusDays(parisDay(new Date(b.end.getTime() - 1)), 1),
            );
            row.coworkingDays += days.filter((d) => open(d) > 0).length;
          }
        }
        rows.set(key, row);
      }
      return [...rows.values()].sort(
        (a, b) => a.month.localeCompare(b.month) || a.organisation.localeCompare(b.organisation),
      );
    },
  };
}

export type OccupancyService = ReturnType<typeof occupancyService>;
