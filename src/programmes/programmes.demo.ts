import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import { formDefinition } from './forms/definition.ts';
import { programmesRepository } from './programmes.repository.ts';

const PROGRAMME_SLUG = 'labellisation-accelerateurs';
const DAY_MS = 86_400_000;

/**
 * The accelerators' application form of the demo: what a hub would ask a structure that wants its
 * label. Its wording is made up for the demonstration, as are the calls' dates.
 */
const FORM = [
  {
    key: 'programme_name',
    type: 'text',
    label: { fr: 'Nom du programme d’accompagnement', en: 'Name of the support programme' },
    required: true,
    max_length: 120,
  },
  {
    key: 'siret',
    type: 'siret',
    label: { fr: 'SIRET de l’établissement porteur', en: 'SIRET of the applying establishment' },
    required: true,
  },
  {
    key: 'website',
    type: 'url',
    label: { fr: 'Site web', en: 'Website' },
  },
  {
    key: 'startups_per_year',
    type: 'number',
    label: { fr: 'Start-ups accompagnées par an', en: 'Start-ups supported each year' },
    required: true,
    min: 1,
    max: 500,
  },
  {
    key: 'support',
    type: 'multiple_choice',
    label: { fr: 'Accompagnement proposé', en: 'Support offered' },
    required: true,
    options: [
      { value: 'mentoring', label: { fr: 'Mentorat', en: 'Mentoring' } },
      { value: 'funding', label: { fr: 'Financement', en: 'Funding' } },
      { value: 'hosting', label: { fr: 'Hébergement', en: 'Hosting' } },
      { value: 'network', label: { fr: 'Mise en réseau', en: 'Networking' } },
    ],
  },
  {
    key: 'has_investors',
    type: 'yes_no',
    label: { fr: 'Des investisseurs sont-ils associés ?', en: 'Are investors involved?' },
    required: true,
  },
  {
    key: 'investors',
    type: 'long_text',
    label: { fr: 'Lesquels, et comment ?', en: 'Which ones, and how?' },
    required: true,
    max_length: 2000,
    show_if: { field: 'has_investors', equals: true },
  },
  {
    key: 'team',
    type: 'group',
    label: { fr: 'L’équipe', en: 'The team' },
    fields: [
      { key: 'name', type: 'text', label: { fr: 'Nom', en: 'Name' }, required: true },
      { key: 'role', type: 'text', label: { fr: 'Rôle', en: 'Role' }, required: true },
    ],
  },
  {
    key: 'project',
    type: 'long_text',
    label: { fr: 'Le projet, en quelques lignes', en: 'The project, in a few lines' },
    required: true,
    min_length: 50,
    max_length: 5000,
  },
];

/** the day `days` from `now`, at 08:00 UTC (09:00 or 10:00 in Paris) */
function dayFrom(now: Date, days: number): Date {
  const day = new Date(now.getTime() + days * DAY_MS);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8));
}

/**
 * The programmes' demo: "Labellisation des accélérateurs", owned by Digital Grenoble when the
 * directory's demo has it, with a call of 2015 (closed; the seed's roadmap has the hub supporting
 * accelerators towards a label during 2015, its dates here are made up) and a call open from a week
 * ago for two months, so that the demo can be tried, open to any active organisation of the
 * territory. Everything it adds is marked as demo. Loaded once: a second run changes nothing.
 */
export async function loadProgrammesDemo(db: Kysely<DB>, now: Date = new Date()): Promise<void> {
  const repo = programmesRepository(db);
  if (await repo.slugTaken('programmes', PROGRAMME_SLUG)) return;
  const fields = formDefinition.parse(FORM);
  const owner = await directoryFactsRepository(db).idBySlug('digital-grenoble');
  await db.transaction().execute(async (trx) => {
    const r = programmesRepository(trx);
    const programmeId = await r.insertProgramme({
      slug: PROGRAMME_SLUG,
      name_fr: 'Labellisation des accélérateurs',
      name_en: 'Accelerator labelling',
      description_fr:
        'Le hub accompagne les accélérateurs de son territoire vers un label : un dossier, puis un jury. (Programme de démonstration.)',
      description_en:
        'The hub supports the accelerators of its territory towards a label: an application, then a jury. (Demonstration programme.)',
      owner_organisation_id: owner ?? null,
      created_by: null,
      is_demo: true,
    });
    const calls = [
      {
        slug: 'accelerateurs-2015',
        reference_code: 'ACC15',
        title_fr: 'Appel 2015 : labellisation des accélérateurs',
        title_en: '2015 call: accelerator labelling',
        opens_at: new Date('2015-03-02T08:00:00Z'),
        closes_at: new Date('2015-05-29T16:00:00Z'),
        grace_until: new Date('2015-05-29T18:00:00Z'),
      },
      {
        slug: 'accelerateurs-demo',
        reference_code: 'ACC',
        title_fr: 'Appel ouvert : labellisation des accélérateurs (démonstration)',
        title_en: 'Open call: accelerator labelling (demonstration)',
        opens_at: dayFrom(now, -7),
        closes_at: dayFrom(now, 60),
        grace_until: new Date(dayFrom(now, 60).getTime() + 2 * 3_600_000),
      },
    ];
    for (const call of calls) {
      const callId = await r.insertCall({
        ...call,
        programme_id: programmeId,
        description_fr:
          'Pour les structures d’accompagnement actives du territoire. Dates et questions de démonstration.',
        description_en:
          'For the active support organisations of the territory. Demonstration dates and questions.',
        eligibility: JSON.stringify([{ rule: 'active' }, { rule: 'in_territory' }]),
        is_demo: true,
      });
      await r.addFormVersion(callId, fields, null);
    }
  });
}
