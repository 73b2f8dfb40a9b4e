-- An erased account stays as a pseudonym (what must keep pointing to someone still does: a jury's
-- decision, an article's author, the audit log), marked with the time of its erasure.
ALTER TABLE users ADD COLUMN erased_at timestamptz;
