-- A claim accepted at once (the address's domain is the organisation's website's) can be revoked
-- by staff or by the organisation's earlier members: the membership ends, and the claim says who
-- revoked it and when.
ALTER TABLE organisation_claims DROP CONSTRAINT organisation_claims_status_check;
ALTER TABLE organisation_claims ADD CONSTRAINT organisation_claims_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'revoked'));
ALTER TABLE organisation_claims
  ADD COLUMN revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN revoked_at timestamptz;
-- the claims queue and the profile's edit page list the recent automatic ones
CREATE INDEX organisation_claims_automatic_idx ON organisation_claims (organisation_id, decided_at)
  WHERE method = 'email_domain' AND status = 'approved';
