-- The observatory: objectives as rules over the register, their computed results, indicators,
-- and the roadmap's milestones.

-- An objective: a rule over the register, a target and a deadline. Never a figure typed in.
CREATE TABLE objectives (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  -- head_office: the organisation's head office is in the territory;
  -- any_establishment: it has at least one open establishment there
  scope text NOT NULL DEFAULT 'head_office' CHECK (scope IN ('head_office', 'any_establishment')),
  -- empty: the hub's whole sector selection; else organisations tagged with one of these fields
  field_slugs text[] NOT NULL DEFAULT '{}',
  -- empty: every kind
  kinds text[] NOT NULL DEFAULT '{}',
  -- legal_unit: the legal unit's latest band (company size, all of France);
  -- territory_establishments: the sum of its establishments' latest bands in the territory
  measure text NOT NULL DEFAULT 'legal_unit' CHECK (measure IN ('legal_unit', 'territory_establishments')),
  -- the measure's lower bound (a band counts when it starts between the two bounds)
  min_employees integer NOT NULL CHECK (min_employees >= 0),
  max_employees integer CHECK (max_employees IS NULL OR max_employees >= min_employees),
  created_on_or_after date,
  -- count only organisations whose status is active
  active_only boolean NOT NULL DEFAULT true,
  target integer NOT NULL CHECK (target >= 0),
  deadline date NOT NULL,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The seed's ten-year objectives (press item of November 2014), due ten years after the label.
INSERT INTO objectives (title_fr, title_en, scope, measure, min_employees, max_employees, target, deadline, position)
VALUES
  ('Un Tech Champion de plus de 1000 emplois', 'One Tech Champion with more than 1,000 jobs',
   'head_office', 'legal_unit', 1000, NULL, 1, DATE '2024-11-12', 1),
  ('Une dizaine d’entreprises de plusieurs centaines d’emplois', 'About ten companies of several hundred jobs',
   'head_office', 'legal_unit', 250, 999, 10, DATE '2024-11-12', 2);

-- One computation of every objective and indicator: queued, running, done or failed.
CREATE TABLE observatory_runs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reason text NOT NULL CHECK (reason IN ('import', 'demo', 'staff', 'start', 'cli')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  -- the date of the register data the results describe (the last import), null without one
  as_of date,
  demo boolean NOT NULL DEFAULT false,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  seconds double precision
);

-- What the last run found for each objective. Pages read this, never the register.
CREATE TABLE objective_results (
  objective_id integer PRIMARY KEY REFERENCES objectives (id) ON DELETE CASCADE,
  run_id integer NOT NULL REFERENCES observatory_runs (id),
  value integer NOT NULL,
  -- [{"on": "2026-04-30", "value": 3}, …]: the value at each import date
  history jsonb NOT NULL DEFAULT '[]',
  -- {"value": 4.2, "on": "2024-11-12", "method": "least_squares", "points": 3} or {"method": "none", "reason": …}
  projection jsonb NOT NULL DEFAULT '{}',
  computed_at timestamptz NOT NULL DEFAULT now()
);

-- Indicators, one row each: their data as computed by the last run.
CREATE TABLE observatory_indicators (
  key text PRIMARY KEY,
  run_id integer NOT NULL REFERENCES observatory_runs (id),
  data jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);

-- The organisations behind a figure ("objective:1", "high_growth:oecd", "funding:2025"), with
-- the number that put each there.
CREATE TABLE observatory_members (
  set_key text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  band text,
  exact integer,
  low integer,
  high integer,
  year integer,
  source text,
  observed_on date,
  detail jsonb,
  PRIMARY KEY (set_key, organisation_id)
);

-- The computation reads a rule's few candidate organisations through these instead of sorting
-- every observation: a band or an exact figure in range, and starts old enough for high growth.
CREATE INDEX headcount_observations_unit_band_idx ON headcount_observations (band)
  WHERE siret IS NULL;
CREATE INDEX headcount_observations_unit_exact_idx ON headcount_observations (exact)
  WHERE siret IS NULL AND exact IS NOT NULL;
CREATE INDEX headcount_observations_unit_year_idx ON headcount_observations (year)
  WHERE siret IS NULL;

-- The roadmap: dated milestones, their status and the evidence of it.
CREATE TABLE milestones (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  description_fr text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  -- the date the milestone is due; precision says how much of it the source gives
  due_on date NOT NULL,
  precision text NOT NULL DEFAULT 'day' CHECK (precision IN ('day', 'month', 'year')),
  -- planned: announced, not yet evidenced; done: evidence attached; late: due date passed
  -- without evidence of completion; unverified: announced, no evidence either way
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'late', 'unverified')),
  -- [{"label": "…", "url": "https://…"}]
  evidence jsonb NOT NULL DEFAULT '[]',
  note_fr text NOT NULL DEFAULT '',
  note_en text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The seed's roadmap (press item of 14 November 2014). It announces these; it evidences none of
-- them as done, and no later source is held here: they stay 'unverified' until staff attach
-- evidence.
INSERT INTO milestones (title_fr, title_en, description_fr, description_en, due_on, precision, status, note_fr, note_en)
VALUES
  ('Création de l’association', 'The association is created',
   'Une association porte le projet dès la fin de 2014, préfigurant une structure privée.',
   'An association carries the project from the end of 2014, ahead of a private structure.',
   DATE '2014-12-31', 'month', 'unverified',
   'Annoncé par le communiqué du 14 novembre 2014 ; aucune preuve de réalisation enregistrée.',
   'Announced by the press release of 14 November 2014; no evidence of completion recorded.'),
  ('Installation de l’équipe d’animation au bâtiment Totem', 'The animation team moves into the Totem building',
   'Bâtiment Totem, 650 m², Grenoble Chavant : espace ouvert au public, coworking et showrooms.',
   'Totem building, 650 m², Grenoble Chavant: a space open to the public, coworking and showrooms.',
   DATE '2015-01-31', 'month', 'unverified',
   'Annoncé par le communiqué du 14 novembre 2014 ; aucune preuve de réalisation enregistrée.',
   'Announced by the press release of 14 November 2014; no evidence of completion recorded.'),
  ('Création de la structure privée', 'The private structure is created',
   'La structure privée prend le relais de l’association.',
   'The private structure takes over from the association.',
   DATE '2015-06-30', 'month', 'unverified',
   'Annoncé par le communiqué du 14 novembre 2014 ; aucune preuve de réalisation enregistrée.',
   'Announced by the press release of 14 November 2014; no evidence of completion recorded.'),
  ('Accompagnement de la labellisation des accélérateurs', 'Accompanying the accelerators’ labelling',
   'Le hub accompagne les accélérateurs dans leur labellisation au cours de 2015.',
   'The hub accompanies the accelerators through their labelling during 2015.',
   DATE '2015-12-31', 'year', 'unverified',
   'Annoncé par le communiqué du 14 novembre 2014 ; aucune preuve de réalisation enregistrée.',
   'Announced by the press release of 14 November 2014; no evidence of completion recorded.');
