-- Observatory speed: the jobs history joins each establishment's register observations to the
-- territory's open establishments in SIRET order, both read by index-only scans (a merge join),
-- instead of hashing every open establishment of the territory at each recomputation.

-- The establishments' register observations by SIRET, then date, with what the history sums
-- (replaces the index by date, which only the history read).
DROP INDEX headcount_observations_establishment_idx;
CREATE INDEX headcount_observations_establishment_idx ON headcount_observations (siret, observed_on)
  INCLUDE (band, exact)
  WHERE siret IS NOT NULL AND source = 'register';

-- The territory's open establishments by SIRET, with their organisation (to leave out merged ones).
CREATE INDEX establishments_territory_open_siret_idx ON establishments (siret)
  INCLUDE (organisation_id)
  WHERE status = 'open' AND in_territory;
