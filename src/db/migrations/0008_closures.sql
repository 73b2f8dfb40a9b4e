-- When an organisation or an establishment closed, as the register dates it: the start of the
-- period in which the legal unit is ceased (C) or the establishment closed (F), SIRENE's
-- `dateDebut` of that period. Null while open, and null when the register gives no date.
-- The observatory counts closures per year from these dates.
ALTER TABLE organisations ADD COLUMN closed_on date;
ALTER TABLE establishments ADD COLUMN closed_on date;
ALTER TABLE sirene_stage_units ADD COLUMN closed_on date;
ALTER TABLE sirene_stage_establishments ADD COLUMN closed_on date;
