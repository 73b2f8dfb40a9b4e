-- Observatory speed: indexes that let one recomputation read only what it needs.

-- The establishments' register observations by date, with what the jobs history sums: read by an
-- index-only scan at the import dates instead of the whole observation table.
CREATE INDEX headcount_observations_establishment_idx ON headcount_observations (observed_on, siret)
  INCLUDE (band, exact, year)
  WHERE siret IS NOT NULL AND source = 'register';

-- The few organisations merged into another, which every figure leaves out: found without
-- reading the register.
CREATE INDEX organisations_merged_idx ON organisations (id) WHERE merged_into IS NOT NULL;

-- Closed organisations by closure date: the closures of a year, and those without a date.
CREATE INDEX organisations_closed_idx ON organisations (closed_on) WHERE status = 'closed' AND merged_into IS NULL;

-- The territory's open establishments by commune and organisation: how many organisations each
-- commune has, counted in index order (no hash of a million groups), and their SIRETs for the
-- jobs history, without reading the establishments themselves.
CREATE INDEX establishments_territory_open_idx ON establishments (commune_code, organisation_id)
  INCLUDE (siret)
  WHERE status = 'open' AND in_territory;

-- What the organisation indicators group by (kind, status, creation and closure dates, the instant
-- they entered the directory, demo), read by an index-only scan instead of the register's rows.
CREATE INDEX organisations_indicators_idx ON organisations
  (kind, status, created_on, closed_on, ceased, is_demo, created_at)
  WHERE merged_into IS NULL;
