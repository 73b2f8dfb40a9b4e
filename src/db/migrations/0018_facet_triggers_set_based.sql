-- The facet counts' statement triggers (migration 0007) built one array of every row a statement
-- wrote and passed it to directory_facet_apply: an import that creates a few hundred thousand
-- organisations held that array, and copies of it, in memory at once (on the embedded database,
-- memory its process never gives back). They now read their transition tables in one set-based
-- statement, grouped first by cell (what a filter can ask), whose sorts and hashes spill to disk
-- past work_mem. What they write is unchanged: each count and each cell once per statement, in key
-- order, and nothing when no facet value changed. One function serves the three triggers: only
-- the rows it reads differ (the new ones count +1, the old ones -1).

CREATE FUNCTION directory_facet_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols constant text :=
    'kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes';
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
        ) AS v(facet, value)
      GROUP BY v.facet, v.value
      HAVING sum(d.w) <> 0
      ORDER BY v.facet, v.value
      ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n
      RETURNING 1
    )
    INSERT INTO directory_facet_cells AS c (%1$s, n)
    SELECT %1$s, w FROM cells
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (%1$s) DO UPDATE SET n = c.n + EXCLUDED.n
  $sql$, cols, written);
  RETURN NULL;
END $$;

DROP TRIGGER organisations_facet_counts_insert ON organisations;
DROP TRIGGER organisations_facet_counts_update ON organisations;
DROP TRIGGER organisations_facet_counts_delete ON organisations;
CREATE TRIGGER organisations_facet_counts_insert AFTER INSERT ON organisations
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_counts_apply();
CREATE TRIGGER organisations_facet_counts_update AFTER UPDATE ON organisations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_counts_apply();
CREATE TRIGGER organisations_facet_counts_delete AFTER DELETE ON organisations
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION directory_facet_counts_apply();

-- no caller is left
DROP FUNCTION directory_facet_counts_insert();
DROP FUNCTION directory_facet_counts_update();
DROP FUNCTION directory_facet_counts_delete();
DROP FUNCTION directory_facet_apply(directory_facet_delta[]);
DROP TYPE directory_facet_delta;
