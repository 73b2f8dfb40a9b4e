-- What a person controls on their account page.
--
-- Sessions get a public number (the page lists them and ends one by it; the id's hash stays the
-- lookup key), when they were last used (written at most every five minutes) and a coarse place:
-- the first three bytes of an IPv4 address, or the first three groups of an IPv6 one, never the
-- whole address.
ALTER TABLE sessions ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE sessions ADD CONSTRAINT sessions_id_key UNIQUE (id);
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;
ALTER TABLE sessions ADD COLUMN network text CHECK (length(network) <= 60);

-- A change of address is a one-time link mailed to the new address ('email_change', its `email`
-- the new address); the change happens when it is used.
ALTER TABLE password_tokens DROP CONSTRAINT password_tokens_purpose_check;
ALTER TABLE password_tokens ADD CONSTRAINT password_tokens_purpose_check
  CHECK (purpose IN ('reset', 'invite', 'verify', 'email_change'));

-- The mails a person chose not to receive, one row per kind turned off. Mails that belong to an
-- action (a receipt, a decision, a link asked for) are not in the list: they always leave.
CREATE TABLE mail_opt_outs (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('call_reminders', 'event_reminders')),
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);

-- The key of the one-click unsubscribe links in non-essential mails: it only turns mails off, so
-- it is kept as is (a mail must carry it), one per account, made when a first such mail leaves.
ALTER TABLE users ADD COLUMN unsubscribe_key text;
CREATE UNIQUE INDEX users_unsubscribe_key ON users (unsubscribe_key);
