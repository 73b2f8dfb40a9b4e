-- Two indexes that others already cover, and that every write to the register paid for:
-- (lower(name)) is the first column of (lower(name), id), and (headcount_min DESC NULLS LAST, id)
-- serves every range and order on headcount_min as well as (headcount_min) did.
DROP INDEX organisations_name_idx;
DROP INDEX organisations_headcount_idx;
