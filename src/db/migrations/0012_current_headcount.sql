-- The current headcount of an organisation, by one rule wherever it is needed: its latest
-- legal-unit observation by date; on the same day the hub's team (staff) first, then the
-- organisation itself (self), then the register. A band gives its range. An exact figure is its
-- own range (min = max = the figure); `band` then holds the INSEE band the figure falls in, the
-- value the search's headcount facet groups by (42 counts under 12, "20 to 49"), and the pages and
-- the API say the figure, with no band.
CREATE VIEW current_headcounts AS
SELECT DISTINCT ON (h.organisation_id)
  h.organisation_id,
  h.exact,
  CASE WHEN h.exact IS NULL THEN h.band ELSE fb.code END AS band,
  CASE WHEN h.exact IS NULL THEN b.min_staff ELSE h.exact END AS min_staff,
  CASE WHEN h.exact IS NULL THEN b.max_staff ELSE h.exact END AS max_staff,
  h.year,
  h.source,
  h.observed_on
FROM headcount_observations h
LEFT JOIN headcount_bands b ON h.exact IS NULL AND b.code = h.band
LEFT JOIN headcount_bands fb ON h.exact IS NOT NULL AND h.exact >= fb.min_staff
  AND (fb.max_staff IS NULL OR h.exact <= fb.max_staff)
WHERE h.siret IS NULL
ORDER BY h.organisation_id, h.observed_on DESC,
  CASE h.source WHEN 'staff' THEN 0 WHEN 'self' THEN 1 ELSE 2 END;

-- Headcounts declared before this rule left the register's value in the columns the search
-- reads: they now say the latest declaration.
UPDATE organisations o SET
  headcount_band = c.band, headcount_min = c.min_staff, headcount_max = c.max_staff,
  headcount_year = c.year, headcount_source = c.source
FROM current_headcounts c
WHERE c.organisation_id = o.id AND c.source <> 'register'
  AND (o.headcount_band, o.headcount_min, o.headcount_max, o.headcount_year, o.headcount_source)
      IS DISTINCT FROM (c.band, c.min_staff, c.max_staff, c.year, c.source);
