import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BookingStatus } from '../db/venue.schema.ts';
import { type Actor, authorize, isStaff } from '../kernel/policy.ts';
import { type BookingCore, type BookingInput, type BookingView, viewOf } from './booking-core.ts';
import { bookingsError } from './bookings.errors.ts';
import { isUuid } from './bookings.repository.ts';
import { type StaffBookingRow, staffBookingsRepository } from './staff-bookings.repository.ts';
import { dayStart } from './venue-time.ts';

/** a booking as the staff's list shows it */
export type StaffBookingView = BookingView & {
  space: { slug: string; nameFr: string; nameEn: string };
  booker: { name: string | null; email: string | null };
  organisation: string | null;
  purpose: string;
  override: { by: string | null; reason: string } | null;
};

function staffViewOf(r: StaffBookingRow): StaffBookingView {
  return {
    ...viewOf(r, { unit: r.space_unit }),
    space: { slug: r.space_slug, nameFr: r.space_name_fr, nameEn: r.space_name_en },
    booker: { name: r.user_name ?? r.requester_name, email: r.user_email ?? r.requester_email },
    organisation: r.organisation_name,
    purpose: r.purpose,
    override:
      r.override_reason !== null ? { by: r.override_by_name, reason: r.override_reason } : null,
  };
}

/**
 * What staff do with everyone's bookings besides confirming, moving and cancelling them (the
 * engine's own `confirm`, `change`, `cancel`): list a period's bookings, and book for a member
 * — past an exhausted allowance when they give a reason, recorded on the booking and in the
 * audit log with the staff member as its author.
 */
export function staffBookings(db: Kysely<DB>, core: BookingCore) {
  const repo = staffBookingsRepository(db);
  const staffOnly = (actor: Actor) => authorize(actor, isStaff, undefined);
  return {
    /** every booking of [fromDay, toDay) (Paris days), of a space or all, of a status or all */
    async list(
      actor: Actor,
      filter: { spaceId?: string; fromDay: string; toDay: string; status?: BookingStatus },
    ): Promise<StaffBookingView[]> {
      staffOnly(actor);
      if (filter.spaceId !== undefined && !isUuid(filter.spaceId)) return [];
      const rows = await repo.list({
        spaceId: filter.spaceId,
        from: dayStart(filter.fromDay),
        to: dayStart(filter.toDay),
        status: filter.status,
      });
      return rows.map(staffViewOf);
    },

    /** every space, active or not (the filter's choices) */
    spaces(actor: Actor) {
      staffOnly(actor);
      return repo.spaces();
    },

    /** the space of a booking, or 404 */
    async spaceOfBooking(actor: Actor, bookingId: string) {
      staffOnly(actor);
      const spaceId = await repo.bookingSpace(bookingId);
      if (!spaceId) throw bookingsError('BOOKING_NOT_FOUND');
      return core.repo.space(spaceId);
    },

    /** books for the member with this e-mail (staff only); 422 BOOKING_MEMBER_UNKNOWN otherwise */
    async bookFor(
      actor: Actor,
      memberEmail: string,
      spaceId: string,
      input: BookingInput,
    ): Promise<BookingView> {
      staffOnly(actor);
      const email = memberEmail.trim();
      const member = email.includes('@') ? await repo.userByEmail(email.slice(0, 320)) : undefined;
      if (!member) throw bookingsError('BOOKING_MEMBER_UNKNOWN');
      const who = await core.booker(actor, member);
      if (who.actedBy && who.memberships.length === 0) {
        throw bookingsError('BOOKING_MEMBER_UNKNOWN');
      }
      return core.bookOne(actor, spaceId, input, member);
    },
  };
}
