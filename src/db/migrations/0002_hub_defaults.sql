-- The hub's default configuration: every new database starts with it. It is not demo data: the
-- seed document states all of it (Digital Grenoble, labelled French Tech on 12 November 2014, its
-- territory and its four fields of development). Staff change it in the back office.
INSERT INTO hub (id, name, tagline_fr, tagline_en, territory_epci, labelled_on)
VALUES (
  1,
  'Digital Grenoble',
  'L’écosystème numérique de la métropole grenobloise et du Grésivaudan, labellisé French Tech.',
  'The digital ecosystem of the Grenoble metropolis and the Grésivaudan, with the French Tech label.',
  ARRAY['200040715', '200018166'],
  DATE '2014-11-12'
);

INSERT INTO hub_fields (slug, name_fr, name_en, description_fr, description_en, position) VALUES
  ('objets-connectes', 'Objets connectés', 'Connected objects',
   'La capacité à développer des objets connectés, à puces et à logiciels.',
   'The capacity to develop connected objects, with chips and software.', 1),
  ('connaissance-clients', 'Connaissance des clients par l’informatique', 'Knowing customers through IT',
   'La capacité des fournisseurs à connaître les besoins de leurs clients par l’informatique (par exemple Spartoo).',
   'Suppliers’ capacity to know their customers’ needs through IT (for example Spartoo).', 2),
  ('energie-numerique', 'Énergie numérique', 'Digital energy',
   'Le secteur de l’énergie numérique.', 'The digital energy sector.', 3),
  ('sante-numerique', 'Santé numérique', 'Digital health',
   'Le secteur de la santé numérique.', 'The digital health sector.', 4);
