-- Directory speed: counts kept up to date for the facets, and indexes for the sorts.

-- How many organisations (not merged into another) hold each value of each facet, plus the total
-- (facet 'total', value ''). The directory's page without a query or filter reads its facets here
-- instead of counting the whole register on every visit.
CREATE TABLE directory_facet_counts (
  facet text NOT NULL CHECK (facet IN ('total', 'kind', 'status', 'headcount', 'field', 'commune')),
  value text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (facet, value)
);

-- The register grouped by everything a filter without words can ask: one row per combination of
-- kind, status, headcount and the sets of fields and communes, with how many organisations (not
-- merged into another) have it. A search with filters only counts its facets over these rows.
CREATE TABLE directory_facet_cells (
  kind text NOT NULL,
  status text NOT NULL,
  headcount_band text,
  headcount_min integer,
  headcount_max integer,
  field_slugs text[] NOT NULL,
  communes text[] NOT NULL,
  n bigint NOT NULL
);
CREATE UNIQUE INDEX directory_facet_cells_key ON directory_facet_cells
  (kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes) NULLS NOT DISTINCT;
CREATE INDEX directory_facet_cells_fields_idx ON directory_facet_cells USING gin (field_slugs);
CREATE INDEX directory_facet_cells_communes_idx ON directory_facet_cells USING gin (communes);

-- Both are kept exact by the statement triggers below, whatever writes to organisations (imports,
-- profile edits, merges). `delta` holds the rows a statement added (+1) and removed (-1); each
-- count or cell is updated once per statement, in key order (two writers never wait on each other
-- in opposite orders), and a statement that changes no facet value touches nothing.
CREATE TYPE directory_facet_delta AS (
  w integer,
  kind text,
  status text,
  headcount_band text,
  headcount_min integer,
  headcount_max integer,
  field_slugs text[],
  communes text[]
);

CREATE FUNCTION directory_facet_apply(delta directory_facet_delta[]) RETURNS void
LANGUAGE sql AS $$
  WITH d AS (SELECT * FROM unnest(delta)),
  counted AS (
    INSERT INTO directory_facet_counts AS c (facet, value, n)
    SELECT v.facet, v.value, sum(d.w) FROM d,
      LATERAL (
        SELECT 'total', '' UNION ALL SELECT 'kind', d.kind UNION ALL SELECT 'status', d.status
        UNION ALL SELECT 'headcount', coalesce(d.headcount_band, 'unknown')
        UNION ALL SELECT 'field', f FROM unnest(d.field_slugs) AS f
        UNION ALL SELECT 'commune', m FROM unnest(d.communes) AS m
      ) AS v(facet, value)
    GROUP BY v.facet, v.value
    HAVING sum(d.w) <> 0
    ORDER BY v.facet, v.value
    ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n
    RETURNING 1
  )
  INSERT INTO directory_facet_cells AS c (kind, status, headcount_band, headcount_min,
    headcount_max, field_slugs, communes, n)
  SELECT kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes, sum(w)
  FROM d
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(w) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes)
  DO UPDATE SET n = c.n + EXCLUDED.n;
$$;

CREATE FUNCTION directory_facet_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM directory_facet_apply(ARRAY(
    SELECT ROW(1, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
               r.field_slugs, r.communes)::directory_facet_delta
    FROM new_rows r WHERE r.merged_into IS NULL));
  RETURN NULL;
END $$;

CREATE FUNCTION directory_facet_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM directory_facet_apply(ARRAY(
    SELECT ROW(1, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
               r.field_slugs, r.communes)::directory_facet_delta
    FROM new_rows r WHERE r.merged_into IS NULL
    UNION ALL
    SELECT ROW(-1, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
               r.field_slugs, r.communes)::directory_facet_delta
    FROM old_rows r WHERE r.merged_into IS NULL));
  RETURN NULL;
END $$;

CREATE FUNCTION directory_facet_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM directory_facet_apply(ARRAY(
    SELECT ROW(-1, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
               r.field_slugs, r.communes)::directory_facet_delta
    FROM old_rows r WHERE r.merged_into IS NULL));
  RETURN NULL;
END $$;

CREATE TRIGGER organisations_facet_counts_insert AFTER INSERT ON organisations
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_counts_insert();
CREATE TRIGGER organisations_facet_counts_update AFTER UPDATE ON organisations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_counts_update();
CREATE TRIGGER organisations_facet_counts_delete AFTER DELETE ON organisations
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_counts_delete();

-- the organisations already there
SELECT directory_facet_apply(ARRAY(
  SELECT ROW(1, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
             r.field_slugs, r.communes)::directory_facet_delta
  FROM organisations r WHERE r.merged_into IS NULL));

-- the sorts by headcount and by creation date, read in index order when nothing narrows the list
-- (the name sort has organisations_name_idx)
CREATE INDEX organisations_headcount_order_idx ON organisations (headcount_min DESC NULLS LAST, id);
CREATE INDEX organisations_created_order_idx ON organisations (created_on DESC NULLS LAST, id);

-- Staging rows are read again from the files whenever an import runs anew: they need no
-- write-ahead log (after a server crash they are emptied, and the import reads them again).
ALTER TABLE sirene_stage_establishments SET UNLOGGED;
ALTER TABLE sirene_stage_units SET UNLOGGED;
