-- The lists behind a figure, in their order: largest first (unknown sizes last), then by
-- organisation. A page is read along this index and only its rows are joined to organisations;
-- a CSV download reads it in batches, each starting after the last row of the one before.
CREATE INDEX observatory_members_list_idx
  ON observatory_members (set_key, (-coalesce(low, -1)), organisation_id);
