-- Staff review applications: a correction request names the fields the applicant may change
-- and says why. They are kept on the application while it waits for the correction (the
-- history keeps the note for good); every other change of state clears them.
ALTER TABLE programme_applications
  ADD COLUMN correction_fields text[] NOT NULL DEFAULT '{}',
  ADD COLUMN correction_note text NOT NULL DEFAULT '' CHECK (length(correction_note) <= 5000),
  -- an application waiting for a correction knows which fields are open
  ADD CONSTRAINT programme_applications_correction_named
    CHECK (state <> 'correction_requested' OR cardinality(correction_fields) > 0);

-- the staff's list of a call: by state (its counts, its filter), newest first, and the CSV's
-- batches by id; the index of one live application per organisation leaves withdrawn ones out
CREATE INDEX programme_applications_call_state_idx
  ON programme_applications (call_id, state, id);
CREATE INDEX programme_applications_call_id_idx ON programme_applications (call_id, id);
