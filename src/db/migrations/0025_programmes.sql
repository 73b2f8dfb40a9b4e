-- Programmes: a programme opens calls for applications; a call has a form, versioned (an
-- application keeps the version it was started on), eligibility rules over the directory, and
-- an opening, a closing and the end of a grace period, stored as instants.

CREATE TABLE programmes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  description_fr text NOT NULL DEFAULT '' CHECK (length(description_fr) <= 20000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 20000),
  owner_organisation_id uuid REFERENCES organisations (id),
  is_demo boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE programme_calls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id bigint NOT NULL REFERENCES programmes (id),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  -- the middle part of its acknowledgement numbers: 2026-ACC-0007
  reference_code text NOT NULL CHECK (reference_code ~ '^[A-Z0-9]{2,8}$'),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  description_fr text NOT NULL DEFAULT '' CHECK (length(description_fr) <= 20000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 20000),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  -- an application started before closes_at may still be submitted until then
  grace_until timestamptz NOT NULL,
  eligibility jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(eligibility) = 'array'),
  current_form_version integer,
  -- the acknowledgement numbers given so far (the next is this plus one)
  acknowledgements_issued integer NOT NULL DEFAULT 0 CHECK (acknowledgements_issued >= 0),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (opens_at < closes_at),
  CHECK (grace_until >= closes_at)
);
CREATE INDEX programme_calls_programme_idx ON programme_calls (programme_id);
CREATE INDEX programme_calls_closes_idx ON programme_calls (closes_at);

CREATE TABLE programme_form_versions (
  call_id bigint NOT NULL REFERENCES programme_calls (id),
  number integer NOT NULL CHECK (number >= 1),
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'array'),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (call_id, number)
);
-- a call's current form is one of its own versions
ALTER TABLE programme_calls ADD CONSTRAINT programme_calls_current_form_fk
  FOREIGN KEY (id, current_form_version) REFERENCES programme_form_versions (call_id, number)
  DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE programme_applications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id bigint NOT NULL REFERENCES programme_calls (id),
  form_version integer NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  applicant_id uuid NOT NULL REFERENCES users (id),
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'under_review',
    'accepted', 'refused', 'withdrawn', 'correction_requested')),
  answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
  -- optimistic locking: every write adds one, and says which version it read
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  acknowledgement text CHECK (acknowledgement ~ '^[0-9]{4}-[A-Z0-9]{2,8}-[0-9]{4,}$'),
  started_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  is_demo boolean NOT NULL DEFAULT false,
  FOREIGN KEY (call_id, form_version) REFERENCES programme_form_versions (call_id, number),
  UNIQUE (call_id, acknowledgement),
  CHECK ((acknowledgement IS NULL) = (submitted_at IS NULL)),
  -- past the draft, an application was submitted (a withdrawn draft never was)
  CHECK (state IN ('draft', 'withdrawn') OR acknowledgement IS NOT NULL)
);
-- one live application per organisation and call
CREATE UNIQUE INDEX programme_applications_one_live ON programme_applications (call_id, organisation_id)
  WHERE state <> 'withdrawn';
CREATE INDEX programme_applications_organisation_idx ON programme_applications (organisation_id);
CREATE INDEX programme_applications_applicant_idx ON programme_applications (applicant_id);

-- What no code path may do, whatever it is: change the form version an application was started
-- on, number it twice, or move it along a transition the states do not have.
CREATE FUNCTION programme_applications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.form_version <> OLD.form_version OR NEW.call_id <> OLD.call_id
     OR NEW.organisation_id <> OLD.organisation_id THEN
    RAISE EXCEPTION 'an application keeps its call, organisation and form version'
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.acknowledgement IS NOT NULL AND (NEW.acknowledgement IS DISTINCT FROM OLD.acknowledgement
     OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at) THEN
    RAISE EXCEPTION 'application % is submitted once: its acknowledgement % stays', OLD.id,
      OLD.acknowledgement USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.state <> OLD.state AND NOT (
       (OLD.state = 'draft' AND NEW.state IN ('submitted', 'withdrawn'))
    OR (OLD.state = 'submitted' AND NEW.state IN ('under_review', 'correction_requested', 'withdrawn'))
    OR (OLD.state = 'under_review' AND NEW.state IN ('accepted', 'refused', 'correction_requested', 'withdrawn'))
    OR (OLD.state = 'correction_requested' AND NEW.state IN ('submitted', 'withdrawn'))
  ) THEN
    RAISE EXCEPTION 'application %: no transition from % to %', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER programme_applications_guard_trg BEFORE UPDATE ON programme_applications
  FOR EACH ROW EXECUTE FUNCTION programme_applications_guard();

CREATE TABLE programme_application_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES programme_applications (id),
  -- null when the application was started
  from_state text CHECK (from_state IN ('draft', 'submitted', 'under_review', 'accepted',
    'refused', 'withdrawn', 'correction_requested')),
  to_state text NOT NULL CHECK (to_state IN ('draft', 'submitted', 'under_review', 'accepted',
    'refused', 'withdrawn', 'correction_requested')),
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now(),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000)
);
CREATE INDEX programme_application_history_idx ON programme_application_history (application_id, id);
-- one submission per application: a draft is submitted once
CREATE UNIQUE INDEX programme_application_history_one_submission
  ON programme_application_history (application_id) WHERE from_state = 'draft' AND to_state = 'submitted';
