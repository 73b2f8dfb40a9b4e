-- An e-mail address is trusted once its owner opened a link sent to it: a sign-up no longer proves
-- anything. Null: not verified yet.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

-- Accounts whose owner already chose a password through a one-time link proved the address: a
-- reset link is mailed to it, an operator's invitation is handed to the person it names. Demo
-- accounts are the platform's own. Every other account confirms its address from its page.
UPDATE users u SET email_verified_at = coalesce(
  (SELECT min(t.used_at) FROM password_tokens t WHERE t.user_id = u.id AND t.used_at IS NOT NULL),
  CASE WHEN u.is_demo THEN now() END);

-- One-time links: 'verify' confirms an address, the one it was sent to (`email`), so that a link
-- sent before an address changed cannot confirm the new one. A link replaced by a newer one of
-- the same kind, or made useless when another was used, is marked used.
ALTER TABLE password_tokens DROP CONSTRAINT password_tokens_purpose_check;
ALTER TABLE password_tokens ADD CONSTRAINT password_tokens_purpose_check
  CHECK (purpose IN ('reset', 'invite', 'verify'));
ALTER TABLE password_tokens ADD COLUMN email text;

-- Attempts at the sign-in, sign-up and password forms, counted in the database so that every
-- server process sees the same counts: one row per kind of attempt and key (a SHA-256 of the
-- client's address, of the e-mail address tried, or of the account). `attempts` counts since the
-- row's window opened (it opens again after a quiet window); past the free attempts, each one
-- closes the door until `blocked_until`, twice as long each time, up to a cap.
CREATE TABLE auth_throttle (
  kind text NOT NULL,
  key text NOT NULL,
  attempts integer NOT NULL CHECK (attempts >= 0),
  last_at timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz,
  PRIMARY KEY (kind, key)
);
-- the cleaning of old counters reads them by age
CREATE INDEX auth_throttle_last_idx ON auth_throttle (last_at);
