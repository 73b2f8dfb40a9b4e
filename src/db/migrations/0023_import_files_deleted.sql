-- An uploaded import's files are deleted some days after the import ended (IMPORT_FILES_KEEP_DAYS):
-- the import says when, and after how many days, so the back office can tell why they are gone.
ALTER TABLE imports
  ADD COLUMN files_deleted_at timestamptz,
  ADD COLUMN files_kept_days integer;
-- the files still kept of the imports that ended, looked for by every process's worker
CREATE INDEX imports_files_kept_idx ON imports (finished_at)
  WHERE files_deleted_at IS NULL AND status IN ('done', 'failed');
