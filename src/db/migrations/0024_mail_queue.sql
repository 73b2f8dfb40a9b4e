-- Mail written inside a transaction: a message exists only if the work that asks for it commits.
-- Every server process sends what is due; a row is claimed by one process at a time (its status
-- says 'sending' until it is sent or given back), so a message leaves once.
CREATE TABLE mail_queue (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 320),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  body text NOT NULL CHECK (length(body) <= 100000),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- when the message may be tried (again); when a claim under way is considered abandoned
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK (status <> 'sending' OR claimed_at IS NOT NULL)
);
CREATE INDEX mail_queue_due_idx ON mail_queue (next_attempt_at, id) WHERE status = 'waiting';
CREATE INDEX mail_queue_claimed_idx ON mail_queue (claimed_at) WHERE status = 'sending';
