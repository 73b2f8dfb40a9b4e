-- People paste a SIREN into the search box: the search text of an organisation now holds its SIREN
-- too (weight A, as its name), so that both the database's search and the in-process index,
-- which reads its lexemes from this column, find it. The trigger also runs when the SIREN changes,
-- and every organisation with a SIREN has its search text written again (by that trigger).
CREATE OR REPLACE FUNCTION organisations_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('french', unaccent(coalesce(NEW.name, '') || ' ' || coalesce(NEW.acronym, '') || ' ' || coalesce(NEW.siren, ''))), 'A') ||
    setweight(to_tsvector('french', unaccent(array_to_string(NEW.tags, ' '))), 'B') ||
    setweight(to_tsvector('french', unaccent(coalesce(NEW.description_fr, '') || ' ' || coalesce(NEW.description_en, ''))), 'C');
  RETURN NEW;
END $$;

DROP TRIGGER organisations_search_trg ON organisations;
CREATE TRIGGER organisations_search_trg
  BEFORE INSERT OR UPDATE OF name, acronym, siren, tags, description_fr, description_en
  ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_search_update();

UPDATE organisations SET siren = siren WHERE siren IS NOT NULL;
