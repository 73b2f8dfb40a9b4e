-- Accounts an administrator disabled: their sessions and API tokens stop at the next request, and
-- they cannot sign in. Null: the account is active.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- Personal API tokens: only a hash of the secret is stored (as for sessions), with the secret's
-- first characters, not secret, so that a person recognises a token in the list.
CREATE TABLE api_tokens (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- written at most once a minute per token, so that every API call is not a write
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- What was changed on an account, by whom (null: the command line) and when: role, disabling,
-- organisations, creation by an operator. Shown on the account's page in the back office.
CREATE TABLE user_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  change text NOT NULL CHECK (change IN ('created', 'role', 'disabled', 'enabled', 'organisation_added', 'organisation_removed', 'token_created')),
  before text,
  after text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_changes_user_idx ON user_changes (user_id, at DESC, id DESC);
