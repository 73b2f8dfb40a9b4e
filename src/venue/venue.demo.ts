import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { plansRepository } from './plans.repository.ts';
import { type SpaceInput, spacesRepository } from './spaces.repository.ts';
import type { VenueDeps } from './venue.part.ts';

/**
 * The venue's demonstration: the Totem as the seed tells it (650 m², opened January 2015 in the
 * Pasteur "Orange" building at Grenoble Chavant, with a space open to the public, coworking and
 * showrooms). How the 650 m² are split between spaces, the meeting and event rooms, the hours,
 * the holidays and the plans are invented, and marked as demo.
 */

const base = {
  description_fr: '',
  description_en: '',
  accessibility_fr:
    'Démo : accès de plain-pied depuis la rue, ascenseur, toilettes adaptées au rez-de-chaussée.',
  accessibility_en:
    'Demo: step-free access from the street, lift, accessible toilets on the ground floor.',
  min_notice_minutes: 0,
  max_days_ahead: 90,
  max_upcoming_per_member: null,
  cancel_cutoff_minutes: 0,
  checkin_grace_minutes: null,
  active: true,
} satisfies Partial<SpaceInput>;

const SPACES: SpaceInput[] = [
  {
    ...base,
    slug: 'espace-public',
    kind: 'public_space',
    name_fr: 'Espace ouvert au public',
    name_en: 'Public space',
    description_fr: 'Le rez-de-chaussée ouvert au grand public : accueil, expositions, rencontres.',
    description_en: 'The ground floor open to the public: welcome desk, exhibitions, meet-ups.',
    area_m2: 200,
    capacity: 80,
    unit: 'slot',
    slot_minutes: 60,
    min_length: 60,
    max_length: 480,
    who_may_book: 'staff',
    allowance: null,
  },
  {
    ...base,
    slug: 'coworking',
    kind: 'coworking',
    name_fr: 'Coworking',
    name_en: 'Coworking',
    description_fr:
      'Le plateau de coworking adossé à l’espace public : postes libres à la journée.',
    description_en: 'The coworking floor next to the public space: hot desks by the day.',
    area_m2: 180,
    capacity: 24,
    unit: 'day',
    slot_minutes: null,
    min_length: 1,
    max_length: 5,
    who_may_book: 'members',
    max_upcoming_per_member: 10,
    allowance: 'coworking_days',
  },
  {
    ...base,
    slug: 'salle-belledonne',
    kind: 'meeting_room',
    name_fr: 'Salle Belledonne',
    name_en: 'Belledonne room',
    description_fr: 'Une salle de réunion de huit places avec écran.',
    description_en: 'A meeting room for eight with a screen.',
    area_m2: 20,
    capacity: 1,
    unit: 'slot',
    slot_minutes: 30,
    min_length: 30,
    max_length: 240,
    who_may_book: 'members',
    max_upcoming_per_member: 5,
    cancel_cutoff_minutes: 60,
    checkin_grace_minutes: 15,
    allowance: 'meeting_hours',
  },
  {
    ...base,
    slug: 'showroom',
    kind: 'showroom',
    name_fr: 'Showroom de l’écosystème',
    name_en: 'Ecosystem showroom',
    description_fr: 'Des vitrines pour les produits des entreprises de l’écosystème.',
    description_en: 'Showcases for the products of the ecosystem’s companies.',
    area_m2: 100,
    capacity: 30,
    unit: 'day',
    slot_minutes: null,
    min_length: 1,
    max_length: 14,
    who_may_book: 'staff',
    allowance: null,
  },
  {
    ...base,
    slug: 'salle-evenements',
    kind: 'event_room',
    name_fr: 'Salle d’événements',
    name_en: 'Event room',
    description_fr: 'Conférences et ateliers, jusqu’à cent personnes, sur demande.',
    description_en: 'Talks and workshops for up to a hundred people, on request.',
    area_m2: 120,
    capacity: 100,
    unit: 'slot',
    slot_minutes: 60,
    min_length: 60,
    max_length: 600,
    who_may_book: 'public_request',
    allowance: null,
  },
];

/** a few French public holidays of 2027, the whole site closed */
const HOLIDAYS: [string, string, string][] = [
  ['2027-01-01', 'Jour de l’an', 'New Year’s Day'],
  ['2027-03-29', 'Lundi de Pâques', 'Easter Monday'],
  ['2027-05-06', 'Ascension', 'Ascension Day'],
  ['2027-05-17', 'Lundi de Pentecôte', 'Whit Monday'],
  ['2027-07-14', 'Fête nationale', 'Bastille Day'],
  ['2027-11-01', 'Toussaint', 'All Saints’ Day'],
  ['2027-11-11', 'Armistice', 'Armistice Day'],
  ['2027-12-25', 'Noël', 'Christmas Day'],
];

export async function loadVenueDemo(
  db: Kysely<DB>,
  deps: Pick<VenueDeps, 'membershipsOf' | 'demoMember'>,
) {
  const spaces = spacesRepository(db);
  if (await spaces.site()) return;
  const siteId = await spaces.insertSite({
    slug: 'totem',
    name: 'Le Totem',
    address: 'Bâtiment Pasteur « Orange », Grenoble Chavant',
    area_m2: 650,
    opened_on: '2015-01-01',
    description_fr:
      'Le bâtiment totem de l’écosystème numérique grenoblois : 650 m² où s’est installée l’équipe d’animation en janvier 2015, avec un espace ouvert au grand public, adossé à un espace de coworking et des espaces de showroom pour l’écosystème.',
    description_en:
      'The landmark building of Grenoble’s digital ecosystem: 650 m² where the coordination team moved in January 2015, with a space open to the public, next to a coworking space and showrooms for the ecosystem.',
    default_coworking_days: 10,
    default_meeting_hours: 20,
    is_demo: true,
  });
  for (const [position, space] of SPACES.entries()) {
    const id = await spaces.insertSpace(siteId, { ...space, position, is_demo: true });
    await spaces.replaceHours(
      id,
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' })),
    );
  }
  for (const [day, fr, en] of HOLIDAYS)
    await spaces.insertClosure(siteId, {
      space_id: null,
      starts_on: day,
      ends_on: day,
      reason_fr: fr,
      reason_en: en,
    });
  const plans = plansRepository(db);
  await plans.insertPlan({
    slug: 'coworking-10-jours',
    name_fr: 'Coworking 10 jours/mois',
    name_en: 'Coworking 10 days/month',
    coworking_days: 10,
    meeting_hours: 4,
    is_demo: true,
  });
  const resident = await plans.insertPlan({
    slug: 'resident',
    name_fr: 'Résident',
    name_en: 'Resident',
    coworking_days: 22,
    meeting_hours: 40,
    is_demo: true,
  });
  // the demo member's first organisation holds the resident plan
  const [organisation] = await deps.membershipsOf(await deps.demoMember());
  if (organisation)
    await plans.insertHolder({
      organisation_id: organisation.id,
      plan_id: resident,
      starts_on: '2026-01-01',
      ends_on: null,
      created_by: null,
    });
}
