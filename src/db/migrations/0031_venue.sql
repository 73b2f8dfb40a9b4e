-- The venue: the hub's building (a site), its spaces with their rules, and their bookings. The
-- database itself refuses a booking that would overlap on a space of capacity 1 (an exclusion
-- constraint) or exceed a space's capacity (a trigger that serialises the writers of one space),
-- whatever process writes. Times are instants; ranges are half-open, [start, end).

CREATE TABLE venue_sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address text NOT NULL DEFAULT '',
  time_zone text NOT NULL DEFAULT 'Europe/Paris',
  area_m2 numeric CHECK (area_m2 > 0),
  opened_on date,
  description_fr text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  -- what a member of any organisation may use each month without a plan (set by staff)
  default_coworking_days integer NOT NULL DEFAULT 0 CHECK (default_coworking_days >= 0),
  default_meeting_hours integer NOT NULL DEFAULT 0 CHECK (default_meeting_hours >= 0),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE venue_spaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES venue_sites (id),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  kind text NOT NULL
    CHECK (kind IN ('public_space', 'coworking', 'showroom', 'meeting_room', 'event_room')),
  area_m2 numeric CHECK (area_m2 > 0),
  -- seats or desks; 1 means one booking at a time
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  description_fr text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  accessibility_fr text NOT NULL DEFAULT '',
  accessibility_en text NOT NULL DEFAULT '',
  -- booking rules: by slots of slot_minutes, or by whole days (in the site's time zone)
  unit text NOT NULL CHECK (unit IN ('slot', 'day')),
  slot_minutes integer CHECK (slot_minutes BETWEEN 5 AND 1440),
  -- in minutes for a slot space, in days for a day space
  min_length integer NOT NULL DEFAULT 1 CHECK (min_length >= 1),
  max_length integer NOT NULL DEFAULT 1 CHECK (max_length >= min_length),
  min_notice_minutes integer NOT NULL DEFAULT 0 CHECK (min_notice_minutes >= 0),
  max_days_ahead integer NOT NULL DEFAULT 90 CHECK (max_days_ahead BETWEEN 1 AND 730),
  -- members: any member of an organisation books; staff: staff only; public_request: anyone
  -- asks and staff confirm
  who_may_book text NOT NULL DEFAULT 'members'
    CHECK (who_may_book IN ('members', 'staff', 'public_request')),
  max_upcoming_per_member integer CHECK (max_upcoming_per_member >= 1),
  cancel_cutoff_minutes integer NOT NULL DEFAULT 0 CHECK (cancel_cutoff_minutes >= 0),
  -- a booking not checked in this many minutes after its start is released; null: no check-in
  checkin_grace_minutes integer CHECK (checkin_grace_minutes >= 1),
  -- which monthly allowance a booking draws on (null: none)
  allowance text CHECK (allowance IN ('coworking_days', 'meeting_hours')),
  -- how long the first waiting member has to accept a freed slot
  waitlist_offer_minutes integer NOT NULL DEFAULT 120 CHECK (waitlist_offer_minutes >= 1),
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((unit = 'slot') = (slot_minutes IS NOT NULL))
);
CREATE INDEX venue_spaces_site_idx ON venue_spaces (site_id, position);

-- opening hours per ISO weekday (1 = Monday), local times in the site's zone; several ranges a
-- day allowed; a weekday without a row is closed
CREATE TABLE venue_space_hours (
  space_id uuid NOT NULL REFERENCES venue_spaces (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens time NOT NULL,
  closes time NOT NULL CHECK (closes > opens),
  PRIMARY KEY (space_id, weekday, opens)
);

-- closing days (holidays): the whole site when space_id is null, one space otherwise
CREATE TABLE venue_closures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES venue_sites (id) ON DELETE CASCADE,
  space_id uuid REFERENCES venue_spaces (id) ON DELETE CASCADE,
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  reason_fr text NOT NULL DEFAULT '',
  reason_en text NOT NULL DEFAULT ''
);
CREATE INDEX venue_closures_site_idx ON venue_closures (site_id, starts_on);

CREATE TABLE venue_space_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  space_id uuid NOT NULL REFERENCES venue_spaces (id) ON DELETE CASCADE,
  file_key text NOT NULL,
  media_type text NOT NULL,
  alt_fr text NOT NULL DEFAULT '',
  alt_en text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX venue_space_photos_space_idx ON venue_space_photos (space_id, position);

-- membership plans: monthly allowances for the members of the organisations that hold one
CREATE TABLE venue_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  coworking_days integer NOT NULL DEFAULT 0 CHECK (coworking_days >= 0),
  meeting_hours integer NOT NULL DEFAULT 0 CHECK (meeting_hours >= 0),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE venue_organisation_plans (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  plan_id uuid NOT NULL REFERENCES venue_plans (id),
  starts_on date NOT NULL,
  ends_on date CHECK (ends_on IS NULL OR ends_on >= starts_on),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, plan_id, starts_on)
);

-- a recurring request: the rule as typed, the occurrences are bookings pointing to it
CREATE TABLE venue_booking_series (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  space_id uuid NOT NULL REFERENCES venue_spaces (id),
  user_id uuid NOT NULL REFERENCES users (id),
  rule jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE venue_bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  space_id uuid NOT NULL REFERENCES venue_spaces (id),
  -- who booked (null for a public request by a visitor without an account)
  user_id uuid REFERENCES users (id),
  -- whose allowance it draws on (the member's organisation), when the space has one
  organisation_id uuid REFERENCES organisations (id),
  series_id uuid REFERENCES venue_booking_series (id),
  during tstzrange NOT NULL
    CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
      AND NOT lower_inf(during) AND NOT upper_inf(during)),
  -- requested: a public request waiting for staff (holds nothing); confirmed: holds its place;
  -- cancelled: by its booker or staff; released: not checked in in time
  status text NOT NULL DEFAULT 'confirmed'
    CHECK (status IN ('requested', 'confirmed', 'cancelled', 'released')),
  -- set by the capacity trigger from the space: true when the space holds one booking at a time
  exclusive boolean NOT NULL DEFAULT false,
  requester_name text,
  requester_email text,
  purpose text NOT NULL DEFAULT '',
  checked_in_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES users (id) ON DELETE SET NULL,
  released_at timestamptz,
  -- staff who let the booking pass an exhausted allowance, and why
  allowance_override_by uuid REFERENCES users (id) ON DELETE SET NULL,
  allowance_override_reason text,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR requester_email IS NOT NULL),
  -- one booking at a time on a space of capacity 1, from any process: [10:00, 11:00) and
  -- [11:00, 12:00) do not overlap
  CONSTRAINT venue_bookings_no_overlap EXCLUDE USING gist (space_id WITH =, during WITH &&)
    WHERE (exclusive AND status = 'confirmed')
);
CREATE INDEX venue_bookings_space_during_idx ON venue_bookings USING gist (space_id, during)
  WHERE status = 'confirmed';
CREATE INDEX venue_bookings_user_idx ON venue_bookings (user_id, lower(during));
CREATE INDEX venue_bookings_organisation_idx ON venue_bookings (organisation_id, lower(during))
  WHERE organisation_id IS NOT NULL;
CREATE INDEX venue_bookings_checkin_idx ON venue_bookings (lower(during))
  WHERE status = 'confirmed' AND checked_in_at IS NULL;

-- Capacity: a confirmed booking (inserted, or moved, or confirmed) never makes the number of
-- simultaneous confirmed bookings of its space exceed the space's capacity. The writers of one
-- space are serialised by a transaction-level advisory lock taken here, so the count below sees
-- every booking committed before; the second of two concurrent writers waits for the first to
-- commit. Refused with SQLSTATE 23P01 (as the exclusion constraint) and the message SPACE_FULL.
CREATE FUNCTION venue_bookings_capacity_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer;
  peak integer;
BEGIN
  SELECT capacity INTO cap FROM venue_spaces WHERE id = NEW.space_id;
  NEW.exclusive := (cap = 1);
  IF NEW.status <> 'confirmed' OR cap = 1 THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'confirmed' AND OLD.during = NEW.during
     AND OLD.space_id = NEW.space_id THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(7468756, hashtext(NEW.space_id::text));
  -- the most bookings held at once within the new range: the count is highest at the start of
  -- one of them (or at the new range's own start)
  SELECT max(n) INTO peak FROM (
    SELECT (SELECT count(*) FROM venue_bookings o
             WHERE o.space_id = NEW.space_id AND o.status = 'confirmed' AND o.id <> NEW.id
               AND o.during @> p.t) AS n
    FROM (
      SELECT lower(NEW.during) AS t
      UNION
      SELECT lower(b.during) FROM venue_bookings b
       WHERE b.space_id = NEW.space_id AND b.status = 'confirmed' AND b.id <> NEW.id
         AND b.during && NEW.during AND lower(b.during) > lower(NEW.during)
    ) p
  ) counts;
  IF coalesce(peak, 0) + 1 > cap THEN
    RAISE EXCEPTION USING ERRCODE = '23P01', MESSAGE = 'SPACE_FULL',
      DETAIL = format('capacity %s reached', cap), TABLE = 'venue_bookings';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER venue_bookings_capacity BEFORE INSERT OR UPDATE ON venue_bookings
  FOR EACH ROW EXECUTE FUNCTION venue_bookings_capacity_guard();

-- waiting for a full slot: the first waiting member is offered it when it frees
CREATE TABLE venue_waitlist (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  space_id uuid NOT NULL REFERENCES venue_spaces (id),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  during tstzrange NOT NULL CHECK (NOT isempty(during)),
  status text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'offered', 'accepted', 'expired', 'cancelled')),
  offered_at timestamptz,
  offer_expires_at timestamptz,
  booking_id uuid REFERENCES venue_bookings (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX venue_waitlist_space_idx ON venue_waitlist (space_id, created_at)
  WHERE status IN ('waiting', 'offered');
CREATE UNIQUE INDEX venue_waitlist_once_idx ON venue_waitlist (space_id, user_id, during)
  WHERE status IN ('waiting', 'offered');

-- each member's private iCal feed: only the SHA-256 of its secret is kept; revoked by deleting
CREATE TABLE venue_calendar_feeds (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
