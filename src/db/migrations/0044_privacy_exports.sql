-- A person's data, prepared as a job (GDPR articles 15 and 20): asked for on the account page,
-- gathered by whichever server process takes it, kept as JSON for seven days and announced by
-- mail. A job whose process died (no heartbeat for five minutes) is taken again.
CREATE TABLE privacy_exports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  heartbeat_at timestamptz,
  finished_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  data jsonb,
  bytes integer,
  error text
);

CREATE INDEX privacy_exports_waiting_idx ON privacy_exports (requested_at)
  WHERE status IN ('queued', 'running');
CREATE INDEX privacy_exports_user_idx ON privacy_exports (user_id, id DESC);
