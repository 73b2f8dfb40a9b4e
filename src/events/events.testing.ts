import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { connectionsService } from '../directory/connections.service.ts';
import { organisationLinks } from '../directory/organisation-links.service.ts';
import { bookingsService } from '../venue/bookings.service.ts';
import type { EventsDeps } from './events.deps.ts';
import type { EventInput } from './events.forms.ts';
import { eventsService } from './events.service.ts';
import { exhibitionsService } from './exhibitions.service.ts';
import { registrationsService } from './registrations.service.ts';

/** The events' services on one database, as app/modules.ts wires them (no rate limit unless told). */
export function eventsOn(
  db: Kysely<DB>,
  options: {
    clock?: () => Date;
    gate?: EventsDeps['registrationGate'];
    demoStaff?: () => Promise<string>;
    /** the hub's team, told of a member's proposal (as accounts give it in the app) */
    staff?: EventsDeps['staff'];
  } = {},
) {
  const bookings = bookingsService(db, {
    membershipsOf: async () => [],
    publicUrl: () => 'http://totem.test',
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const connections = connectionsService(db);
  const deps: EventsDeps = {
    bookings,
    // the building's name and address are the venue's to give: none here
    site: async () => undefined,
    picker: { resolveOne: connections.resolveOne },
    fields: async () => [
      { slug: 'numerique', name: 'Numérique' },
      { slug: 'sante', name: 'Santé' },
    ],
    registrationGate: options.gate ?? (async () => ({ open: true })),
    publicUrl: () => 'http://totem.test',
    staff: options.staff ?? (async () => []),
    demoOrganisations: organisationLinks(db).demoOrganisations,
    demoStaff: options.demoStaff ?? (async () => ''),
    ...(options.clock ? { clock: options.clock } : {}),
  };
  return {
    deps,
    bookings,
    events: eventsService(db, deps),
    registrations: registrationsService(db, deps),
    exhibitions: exhibitionsService(db, deps),
  };
}

/** an event's form as staff fill it: a day and times, a space, a capacity */
export function eventInput(space: string, day: string, more: Partial<EventInput> = {}): EventInput {
  return {
    slug: `evenement-${Math.floor(Math.random() * 1e9)}`,
    title_fr: 'Rencontre de test',
    title_en: 'Test meet-up',
    description_fr: 'Une **rencontre**.',
    description_en: 'A **meet-up**.',
    space,
    day,
    start: '18:00',
    end: '20:00',
    capacity: 20,
    registration_opens_at: null,
    registration_closes_at: null,
    price_fr: '',
    price_en: '',
    tags: ['test'],
    fields: ['numerique'],
    organisers: [],
    image_alt_fr: '',
    image_alt_en: '',
    accessibility_fr: '',
    accessibility_en: '',
    ...more,
  };
}

/** the Paris day `n` days after today, 'YYYY-MM-DD' */
export function daysAhead(n: number, from = new Date()): string {
  const d = new Date(from.getTime() + n * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}
