import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { instantToParis, parisToInstant } from '../kernel/paris-time.ts';
import type { Actor } from '../kernel/policy.ts';
import type { EventsDeps } from './events.deps.ts';
import { eventsRepository } from './events.repository.ts';
import { exhibitionsRepository } from './exhibitions.repository.ts';
import { registrationsRepository } from './registrations.repository.ts';
import { tokenHash } from './registrations.service.ts';

/**
 * The events' demonstration. One event of the real hub, told as the seed tells it and nothing
 * more: in January 2015 the coordination team moved into the Totem (no day, no time, no
 * programme: shown as a month). Then a few demo meet-ups in the coming weeks (marked demo, their
 * organisers the directory's demo organisations, registration open, capacities from 30 to 100)
 * and a demo exhibition in the showroom, all booked through the venue's engine.
 */
const OPENING = {
  slug: 'installation-au-totem-2015',
  title_fr: 'Installation de l’équipe d’animation au Totem',
  title_en: 'The coordination team moves into the Totem',
  description_fr:
    'Janvier 2015 : installation dans le Bâtiment-Totem (bâtiment Pasteur « Orange », Grenoble Chavant) de l’équipe d’animation « Digital Grenoble » sur 650 m². Le bâtiment sera doté d’un espace ouvert au grand public, adossé à un espace de coworking et des espaces de showroom pour l’écosystème.\n\nSource : communiqué de presse Digital Grenoble du 14/11/2014.',
  description_en:
    'January 2015: the “Digital Grenoble” coordination team moves into the Totem building (the Pasteur “Orange” building, Grenoble Chavant), 650 m². The building is to have a space open to the public, next to a coworking space and showrooms for the ecosystem.\n\nSource: Digital Grenoble press release of 14/11/2014.',
};

const MEETUPS = [
  {
    slug: 'demo-meetup-ia-embarquee',
    fr: 'Démo : meetup IA embarquée',
    en: 'Demo: embedded AI meet-up',
    space: 'espace-public',
    capacity: 60,
    tags: ['meetup', 'ia'],
  },
  {
    slug: 'demo-pitch-startups',
    fr: 'Démo : soirée pitch des startups',
    en: 'Demo: start-up pitch evening',
    space: 'salle-evenements',
    capacity: 100,
    tags: ['pitch'],
  },
  {
    slug: 'demo-atelier-cybersecurite',
    fr: 'Démo : atelier cybersécurité',
    en: 'Demo: cybersecurity workshop',
    space: 'espace-public',
    capacity: 30,
    tags: ['atelier', 'cybersécurité'],
  },
];

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

export async function eventsDemo(db: Kysely<DB>, deps: EventsDeps, now = new Date()) {
  const repo = eventsRepository(db);
  if (await repo.find(OPENING.slug)) return;
  const opening = parisToInstant('2015-01-01T00:00');
  const february = parisToInstant('2015-02-01T00:00');
  if (!opening || !february) return;
  await repo.insert({
    ...OPENING,
    starts_at: opening,
    ends_at: february,
    date_precision: 'month',
    status: 'published',
  });
  const orgs = await deps.demoOrganisations(3);
  const staffId = await deps.demoStaff();
  const actor: Actor = {
    kind: 'user',
    user: {
      id: staffId,
      name: 'Équipe d’animation (démo)',
      email: 'demo-staff@totem.example',
      role: 'staff',
      locale: 'fr',
      createdAt: now,
      verified: true,
    },
  };
  const today = instantToParis(now).slice(0, 10);
  for (const [i, m] of MEETUPS.entries()) {
    // a Tuesday or a Thursday one, two and three weeks ahead, 18:00–20:00
    let day = addDays(today, 7 * (i + 1));
    while (weekday(day) !== 2 && weekday(day) !== 4) day = addDays(day, 1);
    const space = await deps.bookings.space(m.space).catch(() => undefined);
    if (!space) continue;
    await deps.bookings
      .bookWhole(
        actor,
        space.id,
        { day, start: '18:00', end: '20:00', purpose: m.fr, isDemo: true },
        async (trx, booking) => {
          const r = eventsRepository(trx);
          const id = await r.insert({
            slug: m.slug,
            title_fr: m.fr,
            title_en: m.en,
            description_fr: `Événement de démonstration : son programme, ses intervenants et ses organisateurs sont fictifs.\n\n- 18:00 accueil\n- 18:30 présentations\n- 19:30 échanges`,
            description_en: `A demonstration event: its programme, speakers and organisers are made up.\n\n- 18:00 welcome\n- 18:30 talks\n- 19:30 networking`,
            space_id: space.id,
            booking_id: booking.id,
            starts_at: booking.start,
            ends_at: booking.end,
            capacity: Math.min(m.capacity, space.capacity),
            tags: m.tags,
            field_slugs: [],
            accessibility_fr: 'Démo : accès de plain-pied, boucle magnétique sur demande.',
            accessibility_en: 'Demo: step-free access, hearing loop on request.',
            is_demo: true,
            created_by: staffId,
          });
          const org = orgs[i % Math.max(orgs.length, 1)];
          if (org) await r.setOrganisers(id, [org.id]);
          if (i === 0) {
            for (let k = 1; k <= 3; k++) {
              await registrationsRepository(trx).insert({
                eventId: id,
                userId: null,
                name: `Visiteur démo ${k}`,
                email: `demo-visiteur-${k}@totem.example`,
                status: 'registered',
                tokenHash: tokenHash(`demo-${id}-${k}`),
                locale: 'fr',
                isDemo: true,
              });
            }
          }
        },
      )
      // a demo that cannot be placed (the space taken, a closing) is left out, never forced
      .catch(() => undefined);
  }
  const showroom = await deps.bookings.space('showroom').catch(() => undefined);
  const org = orgs[0];
  if (showroom && org) {
    // Monday to Friday of next week: the demo showroom opens on weekdays only
    let from = addDays(today, 1);
    while (weekday(from) !== 1) from = addDays(from, 1);
    const to = addDays(from, 4);
    await deps.bookings
      .bookWhole(
        actor,
        showroom.id,
        { fromDay: from, toDay: addDays(to, 1), purpose: 'Démo : exposition', isDemo: true },
        (trx, booking) =>
          exhibitionsRepository(trx).insert({
            organisation_id: org.id,
            space_id: showroom.id,
            booking_id: booking.id,
            title_fr: `Démo : les produits de ${org.name}`,
            title_en: `Demo: ${org.name}’s products`,
            starts_on: from,
            ends_on: to,
            created_by: staffId,
            is_demo: true,
          }),
      )
      .catch(() => undefined);
  }
}
