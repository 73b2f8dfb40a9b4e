-- What public pages show changes only through writes to these tables. Each group of tables (a
-- "topic": the directory, the news…) has a version, bumped in the transaction that writes to one
-- of its tables, so that a page cached by any server process is known to be out of date as soon
-- as that transaction commits, and not before.
--
-- A statement marks its topics in page_changes (once per transaction and topic); a deferred
-- trigger bumps the versions at commit, all together and in the order of their names, so that a
-- long transaction (an import) holds a version's row lock only while it commits, and two
-- transactions never wait on each other's versions in opposite orders. The same commit notifies
-- the channel page_versions (the embedded engine's process hears it before the commit returns).
CREATE TABLE page_versions (
  topic text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);

INSERT INTO page_versions (topic)
VALUES ('hub'), ('directory'), ('news'), ('observatory'), ('events'), ('venue'), ('programmes'),
  ('people');

-- No foreign key to page_versions: its check would share-lock the topic's row until the writing
-- transaction ends, and every other commit on that topic (which locks the row to bump it) would
-- wait for the longest transaction under way, an import's merge included.
CREATE TABLE page_changes (
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  topic text NOT NULL,
  PRIMARY KEY (txid, topic)
);

CREATE FUNCTION page_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO page_changes (topic)
  SELECT unnest(TG_ARGV)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE FUNCTION page_versions_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  topics text[];
BEGIN
  SELECT array_agg(topic ORDER BY topic) INTO topics
  FROM page_changes WHERE txid = pg_current_xact_id();
  IF topics IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM page_versions WHERE topic = ANY (topics) ORDER BY topic FOR NO KEY UPDATE;
  UPDATE page_versions SET version = version + 1 WHERE topic = ANY (topics);
  DELETE FROM page_changes WHERE txid = pg_current_xact_id();
  PERFORM pg_notify('page_versions', array_to_string(topics, ','));
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER page_versions_at_commit
AFTER INSERT ON page_changes
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION page_versions_bump();

-- the tables each topic's pages read
DO $$
DECLARE
  entry record;
BEGIN
  FOR entry IN
    SELECT * FROM (VALUES
      ('hub', 'hub'), ('hub_fields', 'hub'), ('sector_codes', 'hub'), ('headcount_bands', 'hub'),
      ('organisations', 'directory'), ('establishments', 'directory'),
      ('headcount_observations', 'directory'), ('organisation_relations', 'directory'),
      ('funding_rounds', 'directory'), ('funding_round_investors', 'directory'),
      ('organisation_members', 'directory'), ('organisation_slug_history', 'directory'),
      ('directory_facet_counts', 'directory'), ('directory_facet_cells', 'directory'),
      ('directory_labels_day', 'directory'), ('labels', 'directory'),
      ('news_categories', 'news'), ('news_articles', 'news'), ('news_files', 'news'),
      ('news_versions', 'news'), ('news_article_organisations', 'news'),
      ('objectives', 'observatory'), ('observatory_runs', 'observatory'),
      ('objective_results', 'observatory'), ('observatory_indicators', 'observatory'),
      ('observatory_members', 'observatory'), ('milestones', 'observatory'),
      ('events', 'events'), ('event_organisers', 'events'), ('event_registrations', 'events'),
      ('exhibitions', 'events'),
      ('venue_sites', 'venue'), ('venue_spaces', 'venue'), ('venue_space_hours', 'venue'),
      ('venue_closures', 'venue'), ('venue_space_photos', 'venue'),
      ('programmes', 'programmes'), ('programme_calls', 'programmes'),
      ('programme_form_versions', 'programmes'),
      ('users', 'people')
    ) AS t (table_name, topic)
  LOOP
    EXECUTE format(
      'CREATE TRIGGER page_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION page_changed(%L)',
      entry.table_name, entry.topic);
  END LOOP;
END;
$$;
