import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

export type EventStatus = 'requested' | 'published' | 'cancelled' | 'declined';
export type RegistrationStatus = 'registered' | 'waiting' | 'cancelled';

export type EventTable = {
  id: Generated<string>;
  slug: string;
  title_fr: string;
  title_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  space_id: string | null;
  booking_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  date_precision: Generated<'time' | 'month'>;
  capacity: Generated<number>;
  registration_opens_at: Timestamp | null;
  registration_closes_at: Timestamp | null;
  price_fr: Generated<string>;
  price_en: Generated<string>;
  tags: Generated<string[]>;
  field_slugs: Generated<string[]>;
  image_key: string | null;
  image_type: string | null;
  image_alt_fr: Generated<string>;
  image_alt_en: Generated<string>;
  accessibility_fr: Generated<string>;
  accessibility_en: Generated<string>;
  status: Generated<EventStatus>;
  requested_by: string | null;
  created_by: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type EventOrganiserTable = {
  event_id: string;
  organisation_id: string;
  position: Generated<number>;
};

export type EventRegistrationTable = {
  id: Generated<string>;
  event_id: string;
  user_id: string | null;
  name: string;
  email: string;
  status: RegistrationStatus;
  cancel_token_hash: string;
  checked_in_at: Timestamp | null;
  reminded_at: Timestamp | null;
  promoted_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  locale: Generated<'fr' | 'en'>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
};

export type ExhibitionTable = {
  id: Generated<string>;
  organisation_id: string;
  space_id: string;
  booking_id: string;
  title_fr: string;
  title_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  starts_on: string;
  ends_on: string;
  status: Generated<'scheduled' | 'cancelled'>;
  created_by: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
};

export type EventsTables = {
  events: EventTable;
  event_organisers: EventOrganiserTable;
  event_registrations: EventRegistrationTable;
  exhibitions: ExhibitionTable;
};
