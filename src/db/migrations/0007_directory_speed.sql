-- Directory speed: the counts of the landing page kept up to date, and the index the name sort uses.

-- How many organisations (not merged into another) hold each value of each facet, plus the total
-- (facet 'total', value ''). The directory's page without a query or filter reads its facets here
-- instead of counting the whole register on every visit. Kept exact by the statement triggers
-- below, whatever writes to organisations (imports, profile edits, merges).
CREATE TABLE directory_facet_counts (
  facet text NOT NULL CHECK (facet IN ('total', 'kind', 'status', 'headcount', 'field', 'commune')),
  value text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (facet, value)
);

-- The facet values of a set of organisation rows, each with a weight (+1 added, -1 removed).
CREATE FUNCTION directory_facet_values(weight integer, kind text, status text, band text,
  fields text[], communes text[])
RETURNS TABLE (facet text, value text, d integer) LANGUAGE sql IMMUTABLE AS $$
  SELECT 'total', '', weight
  UNION ALL SELECT 'kind', kind, weight
  UNION ALL SELECT 'status', status, weight
  UNION ALL SELECT 'headcount', coalesce(band, 'unknown'), weight
  UNION ALL SELECT 'field', f, weight FROM unnest(fields) AS f
  UNION ALL SELECT 'commune', c, weight FROM unnest(communes) AS c
$$;

-- One statement updates each count once, in key order (two writers never wait on each other in
-- opposite orders); an update that changes no facet value touches no count.
CREATE FUNCTION directory_facet_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO directory_facet_counts AS c (facet, value, n)
  SELECT v.facet, v.value, sum(v.d) FROM new_rows r,
    directory_facet_values(1, r.kind, r.status, r.headcount_band, r.field_slugs, r.communes) v
  WHERE r.merged_into IS NULL
  GROUP BY v.facet, v.value
  ORDER BY v.facet, v.value
  ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION directory_facet_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO directory_facet_counts AS c (facet, value, n)
  SELECT v.facet, v.value, sum(v.d) FROM (
      SELECT 1 AS w, r.kind, r.status, r.headcount_band, r.field_slugs, r.communes
      FROM new_rows r WHERE r.merged_into IS NULL
      UNION ALL
      SELECT -1, r.kind, r.status, r.headcount_band, r.field_slugs, r.communes
      FROM old_rows r WHERE r.merged_into IS NULL
    ) x,
    directory_facet_values(x.w, x.kind, x.status, x.headcount_band, x.field_slugs, x.communes) v
  GROUP BY v.facet, v.value
  HAVING sum(v.d) <> 0
  ORDER BY v.facet, v.value
  ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION directory_facet_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO directory_facet_counts AS c (facet, value, n)
  SELECT v.facet, v.value, sum(v.d) FROM old_rows r,
    directory_facet_values(-1, r.kind, r.status, r.headcount_band, r.field_slugs, r.communes) v
  WHERE r.merged_into IS NULL
  GROUP BY v.facet, v.value
  ORDER BY v.facet, v.value
  ON CONFLICT (facet, value) DO UPDATE SET n = c.n + EXCLUDED.n;
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

INSERT INTO directory_facet_counts (facet, value, n)
SELECT v.facet, v.value, sum(v.d) FROM organisations r,
  directory_facet_values(1, r.kind, r.status, r.headcount_band, r.field_slugs, r.communes) v
WHERE r.merged_into IS NULL
GROUP BY v.facet, v.value;
