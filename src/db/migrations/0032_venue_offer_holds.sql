-- A waitlist offer holds the time it offers: when a time frees, the first member waiting is
-- offered it and a booking row of status 'held' (theirs) takes its place until they accept (the
-- row becomes their booking, in one transaction), decline or let the offer expire (the row is
-- deleted and the next member is offered the time). The exclusion constraint and the capacity
-- trigger count a held row as a confirmed one, so no one else can book the time meanwhile,
-- whatever process writes.

ALTER TABLE venue_bookings DROP CONSTRAINT venue_bookings_status_check;
ALTER TABLE venue_bookings ADD CONSTRAINT venue_bookings_status_check
  CHECK (status IN ('requested', 'confirmed', 'cancelled', 'released', 'held'));

ALTER TABLE venue_bookings DROP CONSTRAINT venue_bookings_no_overlap;
ALTER TABLE venue_bookings ADD CONSTRAINT venue_bookings_no_overlap
  EXCLUDE USING gist (space_id WITH =, during WITH &&)
  WHERE (exclusive AND status IN ('confirmed', 'held'));

DROP INDEX venue_bookings_space_during_idx;
CREATE INDEX venue_bookings_space_during_idx ON venue_bookings USING gist (space_id, during)
  WHERE status IN ('confirmed', 'held');

-- the waitlist entry's hold while it is offered (its booking once accepted)
COMMENT ON COLUMN venue_waitlist.booking_id IS
  'offered: the held row that keeps the time; accepted: the booking made';

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
     AND OLD.space_id = NEW.space_id THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(7468756, hashtext(NEW.space_id::text));
  SELECT max(n) INTO peak FROM (
    SELECT (SELECT count(*) FROM venue_bookings o
             WHERE o.space_id = NEW.space_id AND o.status IN ('confirmed', 'held')
               AND o.id <> NEW.id AND o.during @> p.t) AS n
    FROM (
      SELECT lower(NEW.during) AS t
      UNION
      SELECT lower(b.during) FROM venue_bookings b
       WHERE b.space_id = NEW.space_id AND b.status IN ('confirmed', 'held') AND b.id <> NEW.id
         AND b.during && NEW.during AND lower(b.during) > lower(NEW.during)
    ) p
  ) counts;
  IF coalesce(peak, 0) + 1 > cap THEN
    RAISE EXCEPTION USING ERRCODE = '23P01', MESSAGE = 'SPACE_FULL',
      DETAIL = format('capacity %s reached', cap), TABLE = 'venue_bookings';
  END IF;
  RETURN NEW;
END $$;

-- a plan that organisations held is archived rather than deleted: no longer given, its past
-- holdings (and the allowances they gave) kept
ALTER TABLE venue_plans ADD COLUMN archived_at timestamptz;
