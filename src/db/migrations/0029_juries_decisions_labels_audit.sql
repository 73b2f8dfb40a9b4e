-- Programmes, second part: juries and their conflicts of interest, reviews, decisions, labels,
-- accompaniment, and one audit log whose entries are chained by their SHA-256.

-- A parent company and its subsidiary: a relation of the directory (and a source of conflicts).
ALTER TABLE organisation_relations DROP CONSTRAINT organisation_relations_type_check;
ALTER TABLE organisation_relations ADD CONSTRAINT organisation_relations_type_check
  CHECK (type IN ('invests_in', 'accelerates', 'member_of', 'partner_of', 'hosted_at', 'spin_off_of', 'parent_of'));

-- ───────────────────────── the audit log ─────────────────────────
-- One chain for the whole platform. An entry's hash is the SHA-256 of its text (below), which
-- ends with the previous entry's hash: an entry edited, deleted or slipped in breaks the chain
-- at that point. Appends go through audit_append, which takes a transaction-level advisory lock
-- first, so that every process appends one after the other and the chain's order is the order
-- of the commits. No foreign key: a cascade must never rewrite an entry.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  at timestamptz NOT NULL,
  actor_id uuid,
  subject_type text NOT NULL CHECK (subject_type ~ '^[a-z_]{1,40}$'),
  subject_id text NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 100),
  -- the application the entry belongs to, when it belongs to one (read per application)
  application_id bigint,
  action text NOT NULL CHECK (action ~ '^[a-z_.]{1,60}$'),
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_application_idx ON audit_log (application_id, seq) WHERE application_id IS NOT NULL;
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, seq);

-- The text an entry's hash is computed over. `totem audit verify` rebuilds it in JavaScript
-- from the row (the instant in milliseconds, the JSON as PostgreSQL writes jsonb out).
CREATE FUNCTION audit_entry_text(seq bigint, at timestamptz, actor_id uuid, subject_type text,
  subject_id text, application_id bigint, action text, before jsonb, after jsonb, prev_hash text)
  RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(E'\n', seq::text,
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    coalesce(actor_id::text, ''), subject_type, subject_id, coalesce(application_id::text, ''),
    action, coalesce(before::text, 'null'), coalesce(after::text, 'null'), prev_hash)
$$;

CREATE FUNCTION audit_append(p_actor uuid, p_subject_type text, p_subject_id text,
  p_application bigint, p_action text, p_before jsonb, p_after jsonb)
  RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  n bigint;
  t timestamptz;
  h text;
BEGIN
  -- one appender at a time, across every process, until this transaction ends
  PERFORM pg_advisory_xact_lock(7468756, 29);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  n := coalesce(last_seq, 0) + 1;
  last_hash := coalesce(last_hash, repeat('0', 64));
  t := date_trunc('milliseconds', clock_timestamp());
  h := encode(sha256(convert_to(audit_entry_text(n, t, p_actor, p_subject_type, p_subject_id,
    p_application, p_action, p_before, p_after, last_hash), 'UTF8')), 'hex');
  INSERT INTO audit_log (seq, at, actor_id, subject_type, subject_id, application_id, action,
    before, after, prev_hash, hash)
  VALUES (n, t, p_actor, p_subject_type, p_subject_id, p_application, p_action, p_before,
    p_after, last_hash, h);
  RETURN n;
END $$;

-- Entries are appended, never changed: the platform refuses it (whoever disables this guard to
-- edit the table by hand is caught by the chain).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only_trg BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate_trg BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Every change of an application's state is written to its history (0025): the history's
-- insert appends the audit entry in the same transaction, whatever code path made the change.
CREATE FUNCTION programme_application_history_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM audit_append(NEW.actor_id, 'application', NEW.application_id::text, NEW.application_id,
    CASE WHEN NEW.from_state IS NULL THEN 'started' ELSE 'state' END,
    CASE WHEN NEW.from_state IS NULL THEN NULL ELSE jsonb_build_object('state', NEW.from_state) END,
    jsonb_strip_nulls(jsonb_build_object('state', NEW.to_state, 'note', nullif(NEW.note, ''))));
  RETURN NULL;
END $$;
CREATE TRIGGER programme_application_history_audit_trg AFTER INSERT ON programme_application_history
  FOR EACH ROW EXECUTE FUNCTION programme_application_history_audit();

-- ───────────────────────── juries ─────────────────────────
-- How a call is reviewed: its rubric (criteria with a weight and a scale), the result as the
-- weighted sum or the weighted mean, how many reviewers an application gets, whether a reviewer
-- sees the others' scores before submitting their own, the decision letters' templates, and the
-- label an acceptance confers.
ALTER TABLE programme_calls
  ADD COLUMN rubric jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rubric) = 'array'),
  ADD COLUMN score_method text NOT NULL DEFAULT 'weighted_mean'
    CHECK (score_method IN ('weighted_sum', 'weighted_mean')),
  ADD COLUMN reviewers_per_application integer NOT NULL DEFAULT 2
    CHECK (reviewers_per_application BETWEEN 1 AND 10),
  ADD COLUMN scores_hidden_until_submitted boolean NOT NULL DEFAULT true,
  -- {"fr": {"accepted": "…", "refused": "…"}, "en": {…}}; an empty one takes the platform's
  ADD COLUMN letter_templates jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(letter_templates) = 'object'),
  ADD COLUMN label_name_fr text CHECK (length(label_name_fr) BETWEEN 1 AND 200),
  ADD COLUMN label_name_en text CHECK (length(label_name_en) BETWEEN 1 AND 200),
  ADD COLUMN label_valid_months integer CHECK (label_valid_months BETWEEN 1 AND 120),
  ADD CONSTRAINT programme_calls_label_named
    CHECK ((label_name_fr IS NULL) = (label_name_en IS NULL));

-- The reviewers of a call: accounts with the reviewer role, or staff acting as reviewers.
CREATE TABLE programme_jury_members (
  call_id bigint NOT NULL REFERENCES programme_calls (id),
  user_id uuid NOT NULL REFERENCES users (id),
  added_by uuid REFERENCES users (id) ON DELETE SET NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  is_demo boolean NOT NULL DEFAULT false,
  PRIMARY KEY (call_id, user_id)
);
CREATE INDEX programme_jury_members_user_idx ON programme_jury_members (user_id);

-- What a person declares of their ties to an organisation.
CREATE TABLE conflict_declarations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  type text NOT NULL CHECK (type IN ('employee', 'investor', 'adviser', 'family', 'other')),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, organisation_id)
);

-- A reviewer assigned to an application. A detected conflict is overridden only by staff with
-- a written reason; the conflicts overridden are kept, so that a tie found later still shows.
CREATE TABLE programme_assignments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES programme_applications (id),
  reviewer_id uuid NOT NULL REFERENCES users (id),
  method text NOT NULL CHECK (method IN ('manual', 'automatic')),
  assigned_by uuid REFERENCES users (id) ON DELETE SET NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  override_reason text CHECK (length(btrim(override_reason)) BETWEEN 1 AND 5000),
  overridden_conflicts jsonb,
  overridden_by uuid REFERENCES users (id) ON DELETE SET NULL,
  removed_at timestamptz,
  removed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  is_demo boolean NOT NULL DEFAULT false,
  CHECK ((override_reason IS NULL) = (overridden_conflicts IS NULL))
);
CREATE UNIQUE INDEX programme_assignments_once ON programme_assignments (application_id, reviewer_id)
  WHERE removed_at IS NULL;
CREATE INDEX programme_assignments_reviewer_idx ON programme_assignments (reviewer_id)
  WHERE removed_at IS NULL;

-- A reviewer's review of an assignment: scores per criterion, or an abstention; what the jury
-- reads and what the applicant reads, apart. `version` is the optimistic lock of its edits.
CREATE TABLE programme_reviews (
  assignment_id bigint PRIMARY KEY REFERENCES programme_assignments (id),
  scores jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(scores) = 'object'),
  abstain boolean NOT NULL DEFAULT false,
  comment_jury text NOT NULL DEFAULT '' CHECK (length(comment_jury) <= 10000),
  comment_applicant text NOT NULL DEFAULT '' CHECK (length(comment_applicant) <= 10000),
  -- the weighted sum or mean of the scores, once submitted (null for an abstention)
  result numeric(10, 3),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT abstain OR result IS NULL)
);

-- The jury's discussion of an application (the applicant never reads it).
CREATE TABLE programme_discussion_posts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES programme_applications (id),
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX programme_discussion_posts_idx ON programme_discussion_posts (application_id, id);

-- The decision on an application, with its reasons and its letter (a PDF in the file store).
CREATE TABLE programme_decisions (
  application_id bigint PRIMARY KEY REFERENCES programme_applications (id),
  decision text NOT NULL CHECK (decision IN ('accepted', 'refused')),
  reasons text NOT NULL CHECK (length(btrim(reasons)) BETWEEN 1 AND 10000),
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  letter_locale text CHECK (letter_locale IN ('fr', 'en')),
  letter_stored_name text,
  letter_sha256 text CHECK (letter_sha256 ~ '^[0-9a-f]{64}$'),
  is_demo boolean NOT NULL DEFAULT false
);

-- ───────────────────────── labels ─────────────────────────
-- A label held by an organisation: conferred by an accepted application, or recorded from a
-- past round the hub's sources tell of (then its holder may be one the directory does not list).
CREATE TABLE labels (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  organisation_id uuid REFERENCES organisations (id),
  holder_name text CHECK (length(holder_name) BETWEEN 1 AND 200),
  call_id bigint REFERENCES programme_calls (id),
  application_id bigint UNIQUE REFERENCES programme_applications (id),
  valid_from date NOT NULL,
  valid_until date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  withdrawn_reason text CHECK (length(btrim(withdrawn_reason)) BETWEEN 1 AND 5000),
  withdrawn_at timestamptz,
  withdrawn_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- where a label not conferred here comes from (a past round: the article that tells it)
  source_note text NOT NULL DEFAULT '' CHECK (length(source_note) <= 2000),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (organisation_id IS NOT NULL OR holder_name IS NOT NULL),
  CHECK (valid_until IS NULL OR valid_until >= valid_from),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_reason IS NOT NULL))
);
CREATE INDEX labels_organisation_idx ON labels (organisation_id) WHERE organisation_id IS NOT NULL;

-- ───────────────────────── accompaniment ─────────────────────────
-- A laureate's milestones (an accepted application's): late is planned past its due date.
CREATE TABLE accompaniment_milestones (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES programme_applications (id),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done')),
  done_at timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  is_demo boolean NOT NULL DEFAULT false,
  CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX accompaniment_milestones_application_idx ON accompaniment_milestones (application_id, due_on);
CREATE INDEX accompaniment_milestones_late_idx ON accompaniment_milestones (due_on) WHERE status = 'planned';
