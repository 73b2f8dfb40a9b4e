-- Relations and funding rounds edited from the profile pages: who recorded them, when they last
-- changed, and dates that make sense.

ALTER TABLE organisation_relations
  ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT organisation_relations_dates_check
    CHECK (started_on IS NULL OR ended_on IS NULL OR ended_on >= started_on);

ALTER TABLE funding_rounds
  ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  -- one hundred billion euros: far above any round ever announced, below any typing slip's reach
  ADD CONSTRAINT funding_rounds_amount_plausible CHECK (amount_eur IS NULL OR amount_eur <= 100000000000);

CREATE INDEX funding_rounds_org_idx ON funding_rounds (organisation_id, announced_on);
CREATE INDEX funding_round_investors_investor_idx ON funding_round_investors (investor_id);
