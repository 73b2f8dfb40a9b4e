-- The directory: organisations, establishments, headcount history, relations, funding, members.

-- The hub's sector selection: NAF rév. 2 codes, each mapped to none or some of the hub's fields.
CREATE TABLE sector_codes (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}\.[0-9]{2}[A-Z]$'),
  field_slugs text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- INSEE's ICT definition (DATA.md). The mapping to fields is the hub's own choice, editable.
INSERT INTO sector_codes (code, field_slugs) VALUES
  ('26.11Z', '{objets-connectes}'), ('26.12Z', '{objets-connectes}'), ('26.20Z', '{objets-connectes}'),
  ('26.30Z', '{objets-connectes}'), ('26.40Z', '{objets-connectes}'), ('26.80Z', '{objets-connectes}'),
  ('46.51Z', '{}'), ('46.52Z', '{objets-connectes}'),
  ('58.21Z', '{}'), ('58.29A', '{}'), ('58.29B', '{}'), ('58.29C', '{}'),
  ('61.10Z', '{}'), ('61.20Z', '{objets-connectes}'), ('61.30Z', '{}'), ('61.90Z', '{}'),
  ('62.01Z', '{}'), ('62.02A', '{}'), ('62.02B', '{}'), ('62.03Z', '{}'), ('62.09Z', '{}'),
  ('63.11Z', '{connaissance-clients}'), ('63.12Z', '{connaissance-clients}'),
  ('95.11Z', '{}'), ('95.12Z', '{}');

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL,
  acronym text,
  kind text NOT NULL CHECK (kind IN ('startup', 'accelerator', 'investor', 'cluster', 'coworking',
    'sme', 'large_group', 'local_authority', 'higher_education_research', 'association', 'other')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'exited', 'closed')),
  siren text UNIQUE CHECK (siren ~ '^[0-9]{9}$'),
  description_fr text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  website text,
  field_slugs text[] NOT NULL DEFAULT '{}',
  tags text[] NOT NULL DEFAULT '{}',
  -- from the register
  legal_category text,
  naf_code text,
  company_category text,
  created_on date,
  ceased boolean NOT NULL DEFAULT false,
  restricted boolean NOT NULL DEFAULT false,
  sole_trader boolean NOT NULL DEFAULT false,
  -- where each field came from: {"name": {"source": "register", "at": "2026-10-31"}, ...}
  provenance jsonb NOT NULL DEFAULT '{}',
  -- the latest legal-unit headcount, kept here for search and sort (the history is below)
  headcount_band text,
  headcount_min integer,
  headcount_max integer,
  headcount_year integer,
  headcount_source text,
  -- INSEE codes of the communes of its open establishments in the territory
  communes text[] NOT NULL DEFAULT '{}',
  head_office_in_territory boolean NOT NULL DEFAULT false,
  merged_into uuid REFERENCES organisations (id),
  is_demo boolean NOT NULL DEFAULT false,
  search tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_search_idx ON organisations USING gin (search);
CREATE INDEX organisations_kind_idx ON organisations (kind);
CREATE INDEX organisations_status_idx ON organisations (status);
CREATE INDEX organisations_fields_idx ON organisations USING gin (field_slugs);
CREATE INDEX organisations_communes_idx ON organisations USING gin (communes);
CREATE INDEX organisations_tags_idx ON organisations USING gin (tags);
CREATE INDEX organisations_name_idx ON organisations (lower(name));
CREATE INDEX organisations_headcount_idx ON organisations (headcount_min);

-- Search text: name and acronym weigh most, then tags, then descriptions; accents and case
-- removed, French stemming.
CREATE FUNCTION organisations_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('french', unaccent(coalesce(NEW.name, '') || ' ' || coalesce(NEW.acronym, ''))), 'A') ||
    setweight(to_tsvector('french', unaccent(array_to_string(NEW.tags, ' '))), 'B') ||
    setweight(to_tsvector('french', unaccent(coalesce(NEW.description_fr, '') || ' ' || coalesce(NEW.description_en, ''))), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER organisations_search_trg BEFORE INSERT OR UPDATE OF name, acronym, tags, description_fr, description_en
  ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_search_update();

CREATE TABLE establishments (
  siret text PRIMARY KEY CHECK (siret ~ '^[0-9]{14}$'),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text,
  is_head_office boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  street text,
  postcode text,
  commune_code text,
  commune_name text,
  latitude double precision,
  longitude double precision,
  naf_code text,
  headcount_band text,
  headcount_year integer,
  created_on date,
  restricted boolean NOT NULL DEFAULT false,
  in_territory boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX establishments_org_idx ON establishments (organisation_id);
CREATE INDEX establishments_commune_idx ON establishments (commune_code);

-- Every headcount observation is kept: never overwritten.
CREATE TABLE headcount_observations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- null: the legal unit; a SIRET: that establishment
  siret text,
  band text,
  exact integer CHECK (exact IS NULL OR exact BETWEEN 0 AND 3000000),
  year integer,
  source text NOT NULL CHECK (source IN ('register', 'self', 'staff')),
  observed_on date NOT NULL,
  import_id integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (band IS NOT NULL OR exact IS NOT NULL)
);
CREATE UNIQUE INDEX headcount_observations_once ON headcount_observations
  (organisation_id, coalesce(siret, ''), source, observed_on);
CREATE INDEX headcount_observations_org_idx ON headcount_observations (organisation_id, observed_on);

CREATE TABLE organisation_relations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  from_id uuid NOT NULL REFERENCES organisations (id),
  to_id uuid NOT NULL REFERENCES organisations (id),
  type text NOT NULL CHECK (type IN ('invests_in', 'accelerates', 'member_of', 'partner_of', 'hosted_at', 'spin_off_of')),
  started_on date,
  ended_on date,
  source text NOT NULL DEFAULT 'staff' CHECK (source IN ('register', 'self', 'staff')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_id <> to_id),
  UNIQUE (from_id, to_id, type)
);
CREATE INDEX organisation_relations_to_idx ON organisation_relations (to_id);

CREATE TABLE funding_rounds (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  announced_on date NOT NULL,
  amount_eur bigint CHECK (amount_eur IS NULL OR amount_eur > 0),
  stage text NOT NULL CHECK (stage IN ('pre_seed', 'seed', 'series_a', 'series_b', 'series_c', 'later', 'grant', 'debt', 'other')),
  source text NOT NULL DEFAULT 'staff' CHECK (source IN ('self', 'staff')),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE funding_round_investors (
  round_id integer NOT NULL REFERENCES funding_rounds (id) ON DELETE CASCADE,
  investor_id uuid NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (round_id, investor_id)
);

-- Who speaks for an organisation, and the claims that lead there.
CREATE TABLE organisation_members (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX organisation_members_user_idx ON organisation_members (user_id);

CREATE TABLE organisation_claims (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  method text NOT NULL CHECK (method IN ('email_domain', 'staff')),
  message text NOT NULL DEFAULT '',
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisation_claims_pending_once ON organisation_claims (organisation_id, user_id)
  WHERE status = 'pending';

-- An old address of a merged or renamed organisation keeps answering.
CREATE TABLE organisation_slug_history (
  slug text PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Imports of official files, with their progress: a job that survives a restart.
CREATE TABLE imports (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL DEFAULT 'sirene',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  files jsonb NOT NULL DEFAULT '[]',
  options jsonb NOT NULL DEFAULT '{}',
  as_of date,
  bytes_total bigint NOT NULL DEFAULT 0,
  bytes_read bigint NOT NULL DEFAULT 0,
  rows_read bigint NOT NULL DEFAULT 0,
  summary jsonb,
  error text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  heartbeat_at timestamptz
);

-- Rows of an import in progress: read from the files, then merged in one transaction.
CREATE TABLE sirene_stage_establishments (
  import_id integer NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  siret text NOT NULL,
  siren text NOT NULL,
  name text,
  is_head_office boolean NOT NULL,
  status text NOT NULL,
  street text,
  postcode text,
  commune_code text,
  commune_name text,
  latitude double precision,
  longitude double precision,
  naf_code text,
  naf_nomenclature text,
  headcount_band text,
  headcount_year integer,
  created_on date,
  restricted boolean NOT NULL,
  PRIMARY KEY (import_id, siret)
);
CREATE INDEX sirene_stage_establishments_siren_idx ON sirene_stage_establishments (import_id, siren);
CREATE TABLE sirene_stage_units (
  import_id integer NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  siren text NOT NULL,
  name text,
  acronym text,
  legal_category text,
  naf_code text,
  company_category text,
  created_on date,
  ceased boolean NOT NULL,
  restricted boolean NOT NULL,
  sole_trader boolean NOT NULL,
  headcount_band text,
  headcount_year integer,
  head_office_nic text,
  PRIMARY KEY (import_id, siren)
);
CREATE TABLE import_rejections (
  import_id integer NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  file text NOT NULL,
  line bigint NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (import_id, file, line)
);

-- INSEE headcount bands (trancheEffectifs): salaried staff at 31 December of the band's year.
-- NN and empty are unknown and have no row.
CREATE TABLE headcount_bands (
  code text PRIMARY KEY,
  min_staff integer NOT NULL,
  max_staff integer
);
INSERT INTO headcount_bands (code, min_staff, max_staff) VALUES
  ('00', 0, 0), ('01', 1, 2), ('02', 3, 5), ('03', 6, 9), ('11', 10, 19), ('12', 20, 49),
  ('21', 50, 99), ('22', 100, 199), ('31', 200, 249), ('32', 250, 499), ('41', 500, 999),
  ('42', 1000, 1999), ('51', 2000, 4999), ('52', 5000, 9999), ('53', 10000, NULL);
