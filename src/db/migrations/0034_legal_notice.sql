-- What the legal notice names, which staff edit in the hub's settings, and where the contact form
-- writes. The seed names the project and who carries it; it names neither a director of
-- publication nor a host: those stay empty (the page says they are not given yet) until staff
-- give them.
ALTER TABLE hub
  ADD COLUMN legal_publisher text NOT NULL DEFAULT '' CHECK (length(legal_publisher) <= 2000),
  ADD COLUMN legal_director text NOT NULL DEFAULT '' CHECK (length(legal_director) <= 200),
  ADD COLUMN legal_host text NOT NULL DEFAULT '' CHECK (length(legal_host) <= 2000),
  ADD COLUMN contact_email text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254);

UPDATE hub
SET legal_publisher = 'Digital Grenoble, projet French Tech porté par Grenoble-Alpes Métropole'
WHERE id = 1;
