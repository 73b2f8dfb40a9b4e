-- The reminder of a draft, 48 hours before its call closes: when it was queued. A worker claims a
-- due draft by setting this (the row locked with SKIP LOCKED) in the transaction that queues its
-- mail, so that several server processes send it once, and a process that starts after the mark
-- still finds it due.
ALTER TABLE programme_applications ADD COLUMN reminder_sent_at timestamptz;

-- the drafts still to remind, by call: what the worker's claim reads
CREATE INDEX programme_applications_reminder_due ON programme_applications (call_id)
  WHERE state = 'draft' AND reminder_sent_at IS NULL;
