-- Staging rows now arrive by COPY, in bulk. A unique key would make one repeated line fail the
-- whole load, and every index slows it: the staging tables keep none. A repeated SIRET or SIREN
-- within a file is settled by the merge (the earliest line wins), hence the line number.
ALTER TABLE sirene_stage_establishments DROP CONSTRAINT sirene_stage_establishments_pkey;
DROP INDEX sirene_stage_establishments_siren_idx;
ALTER TABLE sirene_stage_establishments ADD COLUMN line bigint NOT NULL DEFAULT 0;
ALTER TABLE sirene_stage_units DROP CONSTRAINT sirene_stage_units_pkey;
ALTER TABLE sirene_stage_units ADD COLUMN line bigint NOT NULL DEFAULT 0;
