-- The facet counts' statement triggers (migration 0007) built one array of every row a statement
-- wrote and passed it to directory_facet_apply: an import that creates a few hundred thousand
-- organisations held that array, and copies of it, in memory at once (on the embedded database,
-- memory its process never gives back). They now read their transition tables in one set-based
-- statement, grouped first by cell (what a filter can ask), whose sorts and hashes spill to disk
-- past work_mem. What they write is unchanged: each count and each cell once per statement, in key
-- order, and nothing when no facet value changed.

CREATE OR REPLACE FUNCTION directory_facet_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH cells AS MATERIALIZED (
    SELECT count(*) AS w, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
           r.field_slugs, r.communes
    FROM new_rows r WHERE r.merged_into IS NULL
    GROUP BY 2, 3, 4, 5, 6, 7, 8
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
    ORDER BY v.facet, v.value
    ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n
    RETURNING 1
  )
  INSERT INTO directory_facet_cells AS c (kind, status, headcount_band, headcount_min,
    headcount_max, field_slugs, communes, n)
  SELECT kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes, w
  FROM cells
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes)
  DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION directory_facet_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH cells AS MATERIALIZED (
    SELECT sum(d.w) AS w, d.kind, d.status, d.headcount_band, d.headcount_min, d.headcount_max,
           d.field_slugs, d.communes
    FROM (
      SELECT 1 AS w, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
             r.field_slugs, r.communes
      FROM new_rows r WHERE r.merged_into IS NULL
      UNION ALL
      SELECT -1, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
             r.field_slugs, r.communes
      FROM old_rows r WHERE r.merged_into IS NULL
    ) d
    GROUP BY 2, 3, 4, 5, 6, 7, 8
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
  INSERT INTO directory_facet_cells AS c (kind, status, headcount_band, headcount_min,
    headcount_max, field_slugs, communes, n)
  SELECT kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes, w
  FROM cells
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes)
  DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION directory_facet_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH cells AS MATERIALIZED (
    SELECT -count(*) AS w, r.kind, r.status, r.headcount_band, r.headcount_min, r.headcount_max,
           r.field_slugs, r.communes
    FROM old_rows r WHERE r.merged_into IS NULL
    GROUP BY 2, 3, 4, 5, 6, 7, 8
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
    ORDER BY v.facet, v.value
    ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n
    RETURNING 1
  )
  INSERT INTO directory_facet_cells AS c (kind, status, headcount_band, headcount_min,
    headcount_max, field_slugs, communes, n)
  SELECT kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes, w
  FROM cells
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (kind, status, headcount_band, headcount_min, headcount_max, field_slugs, communes)
  DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- no caller is left
DROP FUNCTION directory_facet_apply(directory_facet_delta[]);
DROP TYPE directory_facet_delta;
