-- Events in the building's spaces, their registrations and waiting lists, and the showrooms'
-- exhibitions. An event (or an exhibition) holds its space by being a booking of it: a booking
-- "of the whole space", which the venue's capacity guard counts as every place of the space, so
-- that the database refuses an event over any other booking of its space, and any booking over
-- an event, whatever process writes.

ALTER TABLE venue_bookings ADD COLUMN whole boolean NOT NULL DEFAULT false;

-- The venue's guard (0031, with 0032's held rows counted as confirmed ones), with a whole
-- booking weighing the space's capacity. Unchanged otherwise: the writers of one space wait for
-- each other under a transaction-level advisory lock, then the most places held at once within
-- the new range is counted.
CREATE OR REPLACE FUNCTION venue_bookings_capacity_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer;
  peak integer;
BEGIN
  SELECT capacity INTO cap FROM venue_spaces WHERE id = NEW.space_id;
  NEW.exclusive := (cap = 1);
  IF NEW.status NOT IN ('confirmed', 'held') OR cap = 1 THEN
    RETURN NEW;
  END IF;
  -- a row that already held its place at the same time (checked in, or a hold accepted)
  IF TG_OP = 'UPDATE' AND OLD.status IN ('confirmed', 'held') AND OLD.during = NEW.during
     AND OLD.space_id = NEW.space_id AND OLD.whole = NEW.whole THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(7468756, hashtext(NEW.space_id::text));
  SELECT max(n) INTO peak FROM (
    SELECT (SELECT coalesce(sum(CASE WHEN o.whole THEN cap ELSE 1 END), 0) FROM venue_bookings o
             WHERE o.space_id = NEW.space_id AND o.status IN ('confirmed', 'held')
               AND o.id <> NEW.id
               AND o.during @> p.t) AS n
    FROM (
      SELECT lower(NEW.during) AS t
      UNION
      SELECT lower(b.during) FROM venue_bookings b
       WHERE b.space_id = NEW.space_id AND b.status IN ('confirmed', 'held') AND b.id <> NEW.id
         AND b.during && NEW.during AND lower(b.during) > lower(NEW.during)
    ) p
  ) counts;
  IF coalesce(peak, 0) + (CASE WHEN NEW.whole THEN cap ELSE 1 END) > cap THEN
    RAISE EXCEPTION USING ERRCODE = '23P01', MESSAGE = 'SPACE_FULL',
      DETAIL = format('capacity %s reached', cap), TABLE = 'venue_bookings';
  END IF;
  RETURN NEW;
END $$;

CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  -- Markdown, rendered through the platform's allow-list
  description_fr text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  -- the space and the booking that holds it; none for an event of the past known only by its
  -- month (the building's opening), which books nothing
  space_id uuid REFERENCES venue_spaces (id),
  booking_id uuid UNIQUE REFERENCES venue_bookings (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  -- 'time': the times are known; 'month': only the month is (shown as such, no times invented)
  date_precision text NOT NULL DEFAULT 'time' CHECK (date_precision IN ('time', 'month')),
  -- places open to registration (at most the space's capacity, checked by the service); 0: no
  -- registration
  capacity integer NOT NULL DEFAULT 0 CHECK (capacity BETWEEN 0 AND 1000),
  registration_opens_at timestamptz,
  registration_closes_at timestamptz,
  -- empty: free; otherwise what it costs, as staff write it
  price_fr text NOT NULL DEFAULT '',
  price_en text NOT NULL DEFAULT '',
  tags text[] NOT NULL DEFAULT '{}',
  -- the hub's fields (hub_fields.slug), as the directory names them on organisations
  field_slugs text[] NOT NULL DEFAULT '{}',
  image_key text,
  image_type text,
  image_alt_fr text NOT NULL DEFAULT '',
  image_alt_en text NOT NULL DEFAULT '',
  accessibility_fr text NOT NULL DEFAULT '',
  accessibility_en text NOT NULL DEFAULT '',
  -- requested: a member asked, staff have not approved it (it holds nothing); published;
  -- cancelled; declined (a request staff refused)
  status text NOT NULL DEFAULT 'published'
    CHECK (status IN ('requested', 'published', 'cancelled', 'declined')),
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'published' OR date_precision = 'month' OR booking_id IS NOT NULL)
);
CREATE INDEX events_starts_idx ON events (starts_at) WHERE status = 'published';
CREATE INDEX events_fields_idx ON events USING gin (field_slugs);

CREATE TABLE event_organisers (
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, organisation_id)
);
CREATE INDEX event_organisers_organisation_idx ON event_organisers (organisation_id);

-- A registration: a visitor by name and e-mail, or a member (user_id). registered holds a place;
-- waiting is on the waiting list (first come, first promoted); cancelled keeps the row. The
-- cancel link's secret is kept as its SHA-256 only.
CREATE TABLE event_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  status text NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
  cancel_token_hash text NOT NULL UNIQUE CHECK (cancel_token_hash ~ '^[0-9a-f]{64}$'),
  checked_in_at timestamptz,
  reminded_at timestamptz,
  promoted_at timestamptz,
  cancelled_at timestamptz,
  -- the language of the mails sent to this person (the one they registered in)
  locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- the same address once per event (a cancelled registration frees it)
CREATE UNIQUE INDEX event_registrations_once_idx ON event_registrations (event_id, lower(email))
  WHERE status <> 'cancelled';
CREATE INDEX event_registrations_event_idx ON event_registrations (event_id, status, created_at);
CREATE INDEX event_registrations_reminder_idx ON event_registrations (event_id)
  WHERE status = 'registered' AND reminded_at IS NULL;

-- An organisation shows something in a showroom for some days: a booking of the whole showroom.
CREATE TABLE exhibitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  space_id uuid NOT NULL REFERENCES venue_spaces (id),
  booking_id uuid NOT NULL UNIQUE REFERENCES venue_bookings (id),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  description_fr text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exhibitions_dates_idx ON exhibitions (ends_on) WHERE status = 'scheduled';
CREATE INDEX exhibitions_organisation_idx ON exhibitions (organisation_id);
