-- Files attached to an application: a file answer names one of these by its id. The type is the
-- one read from the bytes (never the uploader's word), the name is the uploader's, cleaned and
-- shortened, and the stored name is ours (a random key of the file store).

CREATE TABLE programme_attachments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES programme_applications (id),
  -- the form's key of the file field (a group's field: group.key, without the row)
  field_key text NOT NULL CHECK (field_key ~ '^[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62})?$'),
  original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 120),
  stored_name text NOT NULL UNIQUE CHECK (length(stored_name) BETWEEN 1 AND 300),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg',
    'image/webp')),
  size bigint NOT NULL CHECK (size > 0 AND size <= 20 * 1024 * 1024),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX programme_attachments_application_idx
  ON programme_attachments (application_id, field_key);
