-- The organisations behind a figure belong to the run that computed them. A run adds its own and
-- removes those of the runs before the previous one, so a download that began on the previous
-- run's list reads it to the end, never a mix of two runs; a run whose organisations were removed
-- says so (`members_dropped`), and a download still reading it stops with an error instead of
-- ending short.
ALTER TABLE observatory_members ADD COLUMN run_id integer REFERENCES observatory_runs (id);
UPDATE observatory_members SET run_id = (SELECT run_id FROM observatory_indicators WHERE key = 'all');
-- organisations stored without the indicators of their run cannot be told apart: none are kept
DELETE FROM observatory_members WHERE run_id IS NULL;
ALTER TABLE observatory_members ALTER COLUMN run_id SET NOT NULL;
ALTER TABLE observatory_members DROP CONSTRAINT observatory_members_pkey;
ALTER TABLE observatory_members ADD PRIMARY KEY (set_key, run_id, organisation_id);

-- the lists' order within one run's figure: largest first, unknown sizes last, then by organisation
DROP INDEX observatory_members_list_idx;
CREATE INDEX observatory_members_list_idx
  ON observatory_members (set_key, run_id, (-coalesce(low, -1)), organisation_id);

ALTER TABLE observatory_runs ADD COLUMN members_dropped boolean NOT NULL DEFAULT false;
