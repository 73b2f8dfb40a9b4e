import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/**
 * The venue: sites, spaces and their rules, bookings (0031). A booking's `during` is a
 * half-open `tstzrange`, read back as PostgreSQL writes it out; repositories select
 * `lower(during)` and `upper(during)` to get instants.
 */

export type SpaceKind = 'public_space' | 'coworking' | 'showroom' | 'meeting_room' | 'event_room';
export type SpaceUnit = 'slot' | 'day';
export type WhoMayBook = 'members' | 'staff' | 'public_request';
export type AllowanceKind = 'coworking_days' | 'meeting_hours';
/** held: the time kept for a waitlist offer until it is accepted, declined or expires */
export type BookingStatus = 'requested' | 'confirmed' | 'cancelled' | 'released' | 'held';
export type WaitlistStatus = 'waiting' | 'offered' | 'accepted' | 'expired' | 'cancelled';

export type VenueSiteTable = {
  id: Generated<string>;
  slug: string;
  name: string;
  address: Generated<string>;
  time_zone: Generated<string>;
  area_m2: number | null;
  opened_on: string | null;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  default_coworking_days: Generated<number>;
  default_meeting_hours: Generated<number>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type VenueSpaceTable = {
  id: Generated<string>;
  site_id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  kind: SpaceKind;
  area_m2: number | null;
  capacity: number;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  accessibility_fr: Generated<string>;
  accessibility_en: Generated<string>;
  unit: SpaceUnit;
  slot_minutes: number | null;
  /** minutes for a slot space, days for a day space */
  min_length: Generated<number>;
  max_length: Generated<number>;
  min_notice_minutes: Generated<number>;
  max_days_ahead: Generated<number>;
  who_may_book: Generated<WhoMayBook>;
  max_upcoming_per_member: number | null;
  cancel_cutoff_minutes: Generated<number>;
  checkin_grace_minutes: number | null;
  allowance: AllowanceKind | null;
  waitlist_offer_minutes: Generated<number>;
  position: Generated<number>;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type VenueSpaceHoursTable = {
  space_id: string;
  /** ISO weekday, 1 = Monday */
  weekday: number;
  /** 'HH:MM:SS', local time in the site's zone */
  opens: string;
  closes: string;
};

export type VenueClosureTable = {
  id: Generated<string>;
  site_id: string;
  space_id: string | null;
  starts_on: string;
  ends_on: string;
  reason_fr: Generated<string>;
  reason_en: Generated<string>;
};

export type VenueSpacePhotoTable = {
  id: Generated<string>;
  space_id: string;
  file_key: string;
  media_type: string;
  alt_fr: Generated<string>;
  alt_en: Generated<string>;
  position: Generated<number>;
  created_at: Generated<Date>;
};

export type VenuePlanTable = {
  id: Generated<string>;
  slug: string;
  name_fr: string;
  name_en: string;
  coworking_days: Generated<number>;
  meeting_hours: Generated<number>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  /** no longer given to organisations (kept for those that held it) */
  archived_at: Generated<Date | null>;
};

export type VenueOrganisationPlanTable = {
  organisation_id: string;
  plan_id: string;
  starts_on: string;
  ends_on: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
};

export type VenueBookingSeriesTable = {
  id: Generated<string>;
  space_id: string;
  user_id: string;
  rule: unknown;
  created_at: Generated<Date>;
};

export type VenueBookingTable = {
  id: Generated<string>;
  space_id: string;
  user_id: string | null;
  organisation_id: string | null;
  series_id: string | null;
  /** a half-open tstzrange; write it as `[start,end)` */
  during: string;
  status: Generated<BookingStatus>;
  /** set by the capacity trigger */
  exclusive: Generated<boolean>;
  /** holds every place of the space (an event, an exhibition): weighs its capacity (0033) */
  whole: Generated<boolean>;
  requester_name: string | null;
  requester_email: string | null;
  purpose: Generated<string>;
  checked_in_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  released_at: Timestamp | null;
  /** when its requester was reminded, the day before (0045) */
  reminded_at: Timestamp | null;
  allowance_override_by: string | null;
  allowance_override_reason: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type VenueWaitlistTable = {
  id: Generated<string>;
  space_id: string;
  user_id: string;
  during: string;
  status: Generated<WaitlistStatus>;
  offered_at: Timestamp | null;
  offer_expires_at: Timestamp | null;
  booking_id: string | null;
  created_at: Generated<Date>;
};

export type VenueCalendarFeedTable = {
  user_id: string;
  token_hash: string;
  created_at: Generated<Date>;
};

export type VenueTables = {
  venue_sites: VenueSiteTable;
  venue_spaces: VenueSpaceTable;
  venue_space_hours: VenueSpaceHoursTable;
  venue_closures: VenueClosureTable;
  venue_space_photos: VenueSpacePhotoTable;
  venue_plans: VenuePlanTable;
  venue_organisation_plans: VenueOrganisationPlanTable;
  venue_booking_series: VenueBookingSeriesTable;
  venue_bookings: VenueBookingTable;
  venue_waitlist: VenueWaitlistTable;
  venue_calendar_feeds: VenueCalendarFeedTable;
};
