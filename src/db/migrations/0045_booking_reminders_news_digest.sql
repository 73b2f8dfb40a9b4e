-- Two more kinds of non-essential mail.
--
-- booking_reminders is turned off like the reminders before it (on unless a row in
-- mail_opt_outs says otherwise): the day before a confirmed booking, its requester is reminded.
ALTER TABLE mail_opt_outs DROP CONSTRAINT mail_opt_outs_kind_check;
ALTER TABLE mail_opt_outs ADD CONSTRAINT mail_opt_outs_kind_check
  CHECK (kind IN ('call_reminders', 'event_reminders', 'booking_reminders'));

-- A booking is reminded once: the worker sets reminded_at in the transaction that queues the mail.
ALTER TABLE venue_bookings ADD COLUMN reminded_at timestamptz;
CREATE INDEX venue_bookings_reminder_idx ON venue_bookings (lower(during))
  WHERE status = 'confirmed' AND reminded_at IS NULL;

-- news_digest is a newsletter: it needs consent, so it is off unless a row here says the person
-- asked for it. A table of its own (rather than a flag on the opt-outs) keeps the two meanings
-- apart: a row in mail_opt_outs always means "less mail", a row here always means "more".
CREATE TABLE mail_opt_ins (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('news_digest')),
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);

-- One row per week's digest (its Monday, in Paris), inserted in the transaction that queues every
-- mail of that week: the process that inserts it sends the digest, any other finds it there.
CREATE TABLE news_digests (
  week date PRIMARY KEY,
  sent_at timestamptz NOT NULL DEFAULT now(),
  articles integer NOT NULL,
  recipients integer NOT NULL
);
