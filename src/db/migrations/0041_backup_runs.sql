-- The scheduled daily backup: one row per day, claimed by the process that makes that day's copy,
-- so that of several server processes only one writes it.
CREATE TABLE backup_runs (
  day date PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  file text,
  bytes bigint
);
