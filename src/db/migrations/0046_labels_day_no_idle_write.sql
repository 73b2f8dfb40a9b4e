-- The directory's reads move the labels' day (migration 0030) at each process's first read of a
-- day: `UPDATE directory_labels_day … WHERE day < on_day`, which changes no row on most calls. A
-- statement trigger fires all the same (0043): every server start, and every process once a day,
-- made every kept directory page out of date on every process for nothing. The day's row is now
-- read first and written only when the day moves.
CREATE OR REPLACE FUNCTION directory_labels_refresh(on_day date) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM directory_labels_day WHERE day < on_day) THEN
    RETURN 0;
  END IF;
  UPDATE directory_labels_day SET day = on_day WHERE day < on_day;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  RETURN directory_labels_recompute(ARRAY(
    SELECT organisation_id FROM labels WHERE organisation_id IS NOT NULL
    UNION
    SELECT id FROM organisations WHERE label_slugs <> '{}'));
END $$;
