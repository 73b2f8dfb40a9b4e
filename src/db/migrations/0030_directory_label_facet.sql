-- The directory's "Label" facet: which organisations hold a label of a programme today.
--
-- Labels (0029) belong to programmes; the directory's search reads one table. So organisations
-- carry the labels they hold as a column, `label_slugs` (sorted, distinct), written only by the
-- functions and triggers below, never by the code of programmes: a label granted, withdrawn,
-- edited or removed, or an organisation merged into another, writes the column of the
-- organisations concerned in the same transaction, and the facet counts (0007, 0018) and the
-- in-memory index (0011: change_xid) follow it as they follow any other column.
--
-- A label is held on a day while it is active, valid from that day or before, and not past its
-- valid_until (the Paris day, as programmes say "current"). The column holds the labels held on
-- ONE day for every organisation, the day kept in directory_labels_day; the directory moves that
-- day forward (directory_labels_refresh) before its first search of each new day in Paris, which
-- writes again the organisations whose labels began or ended meanwhile. So the facet counts stay
-- counts of one column, exact for that day, and nothing runs on a timer.
--
-- A label held by an organisation that was merged into another counts for the one kept (a merge
-- says both rows are one organisation); the merged row itself is not counted, as ever.

-- A label's key in the facet (and in the address, ?label=…): its French name as a slug, like the
-- directory's slugs ("Métropole French Tech" → "metropole-french-tech"), so that the rounds of
-- one label, one call a year, are one value of the facet.
CREATE FUNCTION label_slug(name text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(left(trim(BOTH '-' FROM
    regexp_replace(lower(unaccent(name)), '[^a-z0-9]+', '-', 'g')), 60), ''), 'label')
$$;

ALTER TABLE organisations ADD COLUMN label_slugs text[] NOT NULL DEFAULT '{}';
CREATE INDEX organisations_labels_idx ON organisations USING gin (label_slugs);
-- the few organisations holding a label, read again when the day changes
CREATE INDEX organisations_labelled_idx ON organisations (id) WHERE label_slugs <> '{}';
-- the organisations merged into one, read when its labels are worked out
CREATE INDEX organisations_merged_into_idx ON organisations (merged_into)
  WHERE merged_into IS NOT NULL;

-- The day the column's labels are held on (Paris). It only moves forward.
CREATE TABLE directory_labels_day (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  day date NOT NULL
);
INSERT INTO directory_labels_day (day) VALUES ((now() AT TIME ZONE 'Europe/Paris')::date);

-- The labels an organisation holds on a day, its own and those of the organisations merged into
-- it (to the end of the chains; UNION stops on a loop).
CREATE FUNCTION organisation_label_slugs(org uuid, on_day date) RETURNS text[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE family(id) AS (
    SELECT org
    UNION
    SELECT o.id FROM organisations o JOIN family f ON o.merged_into = f.id
  )
  SELECT coalesce(array_agg(DISTINCT label_slug(l.name_fr) ORDER BY label_slug(l.name_fr)), '{}')
  FROM labels l JOIN family f ON l.organisation_id = f.id
  WHERE l.status = 'active' AND l.valid_from <= on_day
    AND (l.valid_until IS NULL OR l.valid_until >= on_day)
$$;

-- Writes the labels of the organisations `ids` and of those they were merged into (to the end),
-- on the kept day; a row whose labels did not change is not written. The day's row is read with
-- a share lock: a refresh moving the day waits for this transaction, then reads what it wrote.
CREATE FUNCTION directory_labels_recompute(ids uuid[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  on_day date;
  written integer;
BEGIN
  SELECT day INTO on_day FROM directory_labels_day FOR SHARE;
  WITH RECURSIVE heads(id) AS (
    SELECT DISTINCT x FROM unnest(ids) AS x WHERE x IS NOT NULL
    UNION
    SELECT o.merged_into FROM organisations o JOIN heads h ON o.id = h.id
    WHERE o.merged_into IS NOT NULL
  ), computed AS (
    SELECT h.id, organisation_label_slugs(h.id, on_day) AS slugs FROM heads h
  )
  UPDATE organisations o SET label_slugs = c.slugs
  FROM computed c
  WHERE o.id = c.id AND o.label_slugs IS DISTINCT FROM c.slugs;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END $$;

-- Moves the day forward (never back: processes whose clocks differ by a moment do not undo each
-- other) and writes again every organisation holding or having held a label. Returns the rows
-- written; 0 when the day was already there (another process moved it).
CREATE FUNCTION directory_labels_refresh(on_day date) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  UPDATE directory_labels_day SET day = on_day WHERE day < on_day;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  RETURN directory_labels_recompute(ARRAY(
    SELECT organisation_id FROM labels WHERE organisation_id IS NOT NULL
    UNION
    SELECT id FROM organisations WHERE label_slugs <> '{}'));
END $$;

-- Whatever writes labels (a decision, a withdrawal, the demo, staff by hand): the holders before
-- and after the statement are written again, once per statement.
CREATE FUNCTION labels_directory_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM directory_labels_recompute(ARRAY(SELECT organisation_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM directory_labels_recompute(ARRAY(SELECT organisation_id FROM old_rows));
  ELSE
    PERFORM directory_labels_recompute(ARRAY(
      SELECT organisation_id FROM new_rows UNION SELECT organisation_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER labels_directory_insert AFTER INSERT ON labels
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION labels_directory_sync();
CREATE TRIGGER labels_directory_update AFTER UPDATE ON labels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION labels_directory_sync();
CREATE TRIGGER labels_directory_delete AFTER DELETE ON labels
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION labels_directory_sync();

-- A merge (or its undoing): the organisation kept now holds the duplicate's labels too.
CREATE FUNCTION organisations_merged_labels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM directory_labels_recompute(ARRAY[NEW.merged_into, OLD.merged_into]);
  RETURN NULL;
END $$;
CREATE TRIGGER organisations_merged_labels AFTER UPDATE OF merged_into ON organisations
  FOR EACH ROW WHEN (OLD.merged_into IS DISTINCT FROM NEW.merged_into)
  EXECUTE FUNCTION organisations_merged_labels();

-- ───────────── the facet counts (0007, 0018) with the labels ─────────────
ALTER TABLE directory_facet_counts DROP CONSTRAINT directory_facet_counts_facet_check;
ALTER TABLE directory_facet_counts ADD CONSTRAINT directory_facet_counts_facet_check
  CHECK (facet IN ('total', 'kind', 'status', 'headcount', 'field', 'commune', 'label'));

-- every cell so far holds organisations without a label
ALTER TABLE directory_facet_cells ADD COLUMN label_slugs text[] NOT NULL DEFAULT '{}';
DROP INDEX directory_facet_cells_key;
CREATE UNIQUE INDEX directory_facet_cells_key ON directory_facet_cells
  (kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes, label_slugs)
  NULLS NOT DISTINCT;
CREATE INDEX directory_facet_cells_labels_idx ON directory_facet_cells USING gin (label_slugs);

-- as in 0018, with the labels: a column of the cells and a facet of the counts
CREATE OR REPLACE FUNCTION directory_facet_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols constant text :=
    'kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes, label_slugs';
  added constant text := format('SELECT 1 AS w, %s FROM new_rows WHERE merged_into IS NULL', cols);
  removed constant text :=
    format('SELECT -1 AS w, %s FROM old_rows WHERE merged_into IS NULL', cols);
  written text := CASE TG_OP
    WHEN 'INSERT' THEN added
    WHEN 'DELETE' THEN removed
    ELSE added || ' UNION ALL ' || removed
  END;
BEGIN
  -- dynamic, because a transition table exists only for the operations that have it
  EXECUTE format($sql$
    WITH cells AS MATERIALIZED (
      SELECT sum(d.w) AS w, %1$s FROM (%2$s) d
      GROUP BY %1$s
      HAVING sum(d.w) <> 0
    ), counted AS (
      INSERT INTO directory_facet_counts AS c (facet, value, n)
      SELECT v.facet, v.value, sum(d.w) FROM cells d,
        LATERAL (
          SELECT 'total', '' UNION ALL SELECT 'kind', d.kind UNION ALL SELECT 'status', d.status
          UNION ALL SELECT 'headcount', coalesce(d.headcount_band, 'unknown')
          UNION ALL SELECT 'field', f FROM unnest(d.field_slugs) AS f
          UNION ALL SELECT 'commune', m FROM unnest(d.communes) AS m
          UNION ALL SELECT 'label', l FROM unnest(d.label_slugs) AS l
        ) AS v(facet, value)
      GROUP BY v.facet, v.value
      HAVING sum(d.w) <> 0
      ORDER BY v.facet, v.value
      ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n
      RETURNING 1
    )
    INSERT INTO directory_facet_cells AS c (%1$s, n)
    SELECT %1$s, w FROM cells
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (%1$s) DO UPDATE SET n = c.n + EXCLUDED.n
  $sql$, cols, written);
  RETURN NULL;
END $$;

-- the labels already granted
SELECT directory_labels_recompute(ARRAY(SELECT organisation_id FROM labels));
