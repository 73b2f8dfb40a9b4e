import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { organisationsRepository } from './organisations.repository.ts';

const SEED_NOTE = { source: 'staff', at: '2014-11-14' };

/**
 * The organisations the seed document names, with only the facts it gives (its press item of
 * 14 November 2014): who carries the hub, its partners, the research centre its pilot founded,
 * and the company it cites as an example. They are real, so not marked as demo; nothing about
 * them is invented (no size, no date the document does not state).
 */
const SEED_ORGANISATIONS = [
  {
    slug: 'digital-grenoble',
    name: 'Digital Grenoble',
    kind: 'association',
    description_fr:
      'Le projet French Tech grenoblois, labellisé le 12 novembre 2014. Une association le porte dès la fin de 2014, préfigurant la structure privée de juin 2015.',
    description_en:
      'The Grenoble French Tech project, labelled on 12 November 2014. An association carries it from the end of 2014, ahead of the private structure of June 2015.',
  },
  {
    slug: 'grenoble-alpes-metropole',
    name: 'Grenoble-Alpes Métropole',
    kind: 'local_authority',
    siren: '200040715',
    description_fr: 'Porte le projet Digital Grenoble.',
    description_en: 'Carries the Digital Grenoble project.',
  },
  {
    slug: 'communaute-de-communes-le-gresivaudan',
    name: 'Communauté de communes Le Grésivaudan',
    kind: 'local_authority',
    siren: '200018166',
    description_fr: 'Partenaire du projet Digital Grenoble.',
    description_en: 'Partner of the Digital Grenoble project.',
  },
  {
    slug: 'cci-de-grenoble',
    name: 'Chambre de Commerce et d’Industrie de Grenoble',
    acronym: 'CCI de Grenoble',
    kind: 'other',
    description_fr: 'Associée au projet Digital Grenoble.',
    description_en: 'Associated with the Digital Grenoble project.',
  },
  {
    slug: 'inria-grenoble',
    name: 'Centre de recherche Inria de Grenoble',
    kind: 'higher_education_research',
    description_fr: 'Centre de recherche dont le fondateur pilote le projet Digital Grenoble.',
    description_en: 'Research centre whose founder pilots the Digital Grenoble project.',
  },
  {
    slug: 'spartoo',
    name: 'Spartoo',
    kind: 'other',
    field_slugs: ['connaissance-clients'],
    tags: ['e-commerce'],
    description_fr:
      'Citée par le communiqué comme exemple de fournisseur qui connaît les besoins de ses clients par l’informatique.',
    description_en:
      'Cited by the press release as an example of a supplier knowing its customers through IT.',
  },
] as const;

const SEED_RELATIONS: [from: string, type: string, to: string][] = [
  ['grenoble-alpes-metropole', 'partner_of', 'digital-grenoble'],
  ['communaute-de-communes-le-gresivaudan', 'partner_of', 'digital-grenoble'],
  ['cci-de-grenoble', 'partner_of', 'digital-grenoble'],
];

/** Demo data of the directory: the organisations the seed names, and their relations. */
export async function loadDirectoryDemo(db: Kysely<DB>) {
  const orgs = organisationsRepository(db);
  const ids = new Map<string, string>();
  for (const o of SEED_ORGANISATIONS) {
    const provenance = Object.fromEntries(
      ['name', 'kind', 'description_fr', 'description_en'].map((k) => [k, SEED_NOTE]),
    );
    ids.set(o.slug, await orgs.insert({ ...o, provenance, communes: [] } as never));
  }
  for (const [from, type, to] of SEED_RELATIONS) {
    const fromId = ids.get(from);
    const toId = ids.get(to);
    if (fromId && toId) await orgs.addRelation({ fromId, toId, type });
  }
}
