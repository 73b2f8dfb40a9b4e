import type { Kysely } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import { luhnCheckDigit } from '../sirene/identifiers.ts';
import { applicationsRepository } from './applications.repository.ts';
import { acknowledgementNumber } from './applications.service.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import { formDefinition } from './forms/definition.ts';
import { loadJuriesDemo } from './juries.demo.ts';
import { acceptDemoLaureate } from './laureate.demo.ts';
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
 * Who the demo's applications are made by, from the capabilities that own people and members
 * (passed on in app/modules.ts): the demo member's account, and its attachment to an organisation.
 */
export type DemoPeople = {
  /** the id of the demo member's account (made when the accounts' demo did not) */
  applicant(): Promise<string>;
  /** makes the person a member of the organisation (nothing when already one) */
  attach(organisationId: string, userId: string): Promise<unknown>;
  /** the id of the demo reviewer's account, for the demo jury (juries.demo.ts) */
  reviewer?(): Promise<string>;
};

type DemoCall = { id: number; opens_at: Date; reference_code: string };
type DemoApplicant = { id: string; siren: string; siret: string | null };

/** an establishment of the organisation: the directory's, else its SIREN's first one, 00011 */
function siretOf(o: DemoApplicant): string {
  if (o.siret) return o.siret;
  const payload = `${o.siren}0001`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

const PROGRAMME_NAMES = ['Tremplin Alpes', 'Cap Amorçage', 'Envol Numérique', 'Rampe 2015'];

/** complete answers to the demo form, made up (and said to be) */
function answers(o: DemoApplicant, i: number): Record<string, unknown> {
  return {
    programme_name: `${PROGRAMME_NAMES[i] ?? 'Programme'} (démo)`,
    siret: siretOf(o),
    website: `https://accelerateur-${i + 1}.example`,
    startups_per_year: 8 + 4 * i,
    support: i % 2 === 0 ? ['mentoring', 'network'] : ['funding', 'hosting', 'mentoring'],
    has_investors: i % 2 === 1,
    ...(i % 2 === 1 ? { investors: 'Un fonds d’amorçage régional (démonstration).' } : {}),
    team: [
      { name: 'Camille Martin (démo)', role: 'Direction' },
      { name: 'Lou Bernard (démo)', role: 'Accompagnement' },
    ],
    project:
      'Un programme de six mois pour des start-ups en amorçage : mentorat, ateliers et mise en relation. Texte de démonstration.',
  };
}

/**
 * One demo application: started, then moved along `states` (each at its time), numbered when
 * submitted, each step in its history; no mail is queued. Returns its id.
 */
async function addApplication(
  trx: Kysely<DB>,
  a: {
    call: DemoCall;
    organisation: DemoApplicant;
    applicant: string;
    answers: Record<string, unknown>;
    startedAt: Date;
    steps: [ApplicationState, Date][];
  },
): Promise<number> {
  const repo = applicationsRepository(trx);
  const row = await repo.insert({
    call_id: a.call.id,
    form_version: 1,
    organisation_id: a.organisation.id,
    applicant_id: a.applicant,
    answers: a.answers,
    started_at: a.startedAt,
    is_demo: true,
  });
  await repo.record({
    application_id: row.id,
    from_state: null,
    to_state: 'draft',
    actor_id: a.applicant,
    at: a.startedAt,
  });
  let from: ApplicationState = 'draft';
  for (const [state, at] of a.steps) {
    const number =
      state === 'submitted'
        ? acknowledgementNumber(
            a.call,
            await programmesRepository(trx).nextAcknowledgement(a.call.id),
          )
        : undefined;
    await repo.changeState(row.id, state, at, number ? { acknowledgement: number } : undefined);
    await repo.record({
      application_id: row.id,
      from_state: from,
      to_state: state,
      actor_id: state === 'submitted' ? a.applicant : null,
      at,
    });
    from = state;
  }
  return row.id;
}

/**
 * The demo's applications, by the demo member for demo organisations only: to the open call a
 * draft, a submitted one and one under review; to the 2015 call a submitted one, as history.
 * Returns the 2015 one's id (the demo's laureate, accepted by laureate.demo.ts).
 */
async function addApplications(
  trx: Kysely<DB>,
  calls: { open: DemoCall; old: DemoCall },
  organisations: DemoApplicant[],
  applicant: string,
  now: Date,
): Promise<number | undefined> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const plans: { state: 'draft' | 'submitted' | 'under_review'; days: number[] }[] = [
    { state: 'draft', days: [2] },
    { state: 'submitted', days: [6, 5] },
    { state: 'under_review', days: [6, 4, 1] },
  ];
  for (const [i, plan] of plans.entries()) {
    const organisation = organisations[i];
    if (!organisation) break;
    const [started = 0, submitted = 0, reviewed = 0] = plan.days;
    const complete = answers(organisation, i);
    const steps: [ApplicationState, Date][] = [];
    if (plan.state !== 'draft') steps.push(['submitted', ago(submitted)]);
    if (plan.state === 'under_review') steps.push(['under_review', ago(reviewed)]);
    await addApplication(trx, {
      call: calls.open,
      organisation,
      applicant,
      // the draft is half written
      answers:
        plan.state === 'draft'
          ? { programme_name: complete.programme_name, siret: complete.siret }
          : complete,
      startedAt: ago(started),
      steps,
    });
  }
  const historic = organisations[3] ?? organisations[0];
  if (!historic) return undefined;
  return addApplication(trx, {
    call: calls.old,
    organisation: historic,
    applicant,
    answers: answers(historic, 3),
    startedAt: new Date('2015-04-10T09:00:00Z'),
    steps: [['submitted', new Date('2015-05-20T14:00:00Z')]],
  });
}

/**
 * The programmes' demo: "Labellisation des accélérateurs", owned by Digital Grenoble when the
 * directory's demo has it, with a call of 2015 (closed; the seed's roadmap has the hub supporting
 * accelerators towards a label during 2015, its dates here are made up) and a call open from a week
 * ago for two months, so that the demo can be tried, open to any active organisation of the
 * territory; and, when the directory holds demo organisations and `people` is given, a few
 * applications of theirs by the demo member (addApplications), the 2015 one accepted, with its
 * letter in `files` and its accompaniment (laureate.demo.ts), when `files` is given. Everything
 * it adds is marked as demo. Loaded once: a second run changes nothing.
 */
export async function loadProgrammesDemo(
  db: Kysely<DB>,
  now: Date = new Date(),
  people?: DemoPeople,
  files?: FileStorage,
): Promise<void> {
  await loadAcceleratorsDemo(db, now, people, files);
  // the 2014 French Tech round (the seed's facts) and the demo jury of the open call
  await loadJuriesDemo(db, people);
}

async function loadAcceleratorsDemo(
  db: Kysely<DB>,
  now: Date,
  people?: DemoPeople,
  files?: FileStorage,
) {
  const repo = programmesRepository(db);
  if (await repo.slugTaken('programmes', PROGRAMME_SLUG)) return;
  const facts = directoryFactsRepository(db);
  const owner = await facts.idBySlug('digital-grenoble');
  const organisations = people ? await facts.demoApplicants(4) : [];
  let applicant: string | undefined;
  if (people && organisations.length > 0) {
    applicant = await people.applicant();
    for (const o of organisations) await people.attach(o.id, applicant);
  }
  // the laureate's letter, deleted if the demo's transaction does not commit
  let letter: string | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      const laureate = await addProgramme(
        trx,
        now,
        owner,
        applicant ? { applicant, organisations } : undefined,
      );
      if (laureate !== undefined && files) {
        await acceptDemoLaureate(trx, files, laureate, (key) => {
          letter = key;
        });
      }
    });
  } catch (error) {
    if (letter) await files?.delete(letter).catch(() => undefined);
    throw error;
  }
}

/**
 * The programme, its two calls and, with an applicant, the demo's applications; returns the
 * 2015 application's id when there is one.
 */
async function addProgramme(
  trx: Kysely<DB>,
  now: Date,
  owner: string | undefined,
  by: { applicant: string; organisations: DemoApplicant[] } | undefined,
): Promise<number | undefined> {
  const fields = formDefinition.parse(FORM);
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
  const made: DemoCall[] = [];
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
    made.push({ id: callId, opens_at: call.opens_at, reference_code: call.reference_code });
  }
  const [old, open] = made;
  if (!by || !old || !open) return undefined;
  return addApplications(trx, { open, old }, by.organisations, by.applicant, now);
}
