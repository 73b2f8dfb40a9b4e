import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { bookingsPart } from './bookings.part.ts';
import { bookingsService } from './bookings.service.ts';
import { spacesPart } from './spaces.part.ts';
import { spacesRepository } from './spaces.repository.ts';
import type { VenueDeps, VenuePart } from './venue.part.ts';

/** The venue: the hub's building, its spaces and their bookings (README.md). */
export function venueModule(platform: Platform, deps: VenueDeps) {
  const parts = [spacesPart(platform, deps), bookingsPart(platform, deps)];
  // what other capabilities use: the booking engine (an event books its space through it)
  const api = {
    bookings: bookingsService(platform.db, {
      membershipsOf: deps.membershipsOf,
      publicUrl: platform.publicUrl,
    }),
    /** the building (its name and address), if it is described */
    site: () => spacesRepository(platform.db).site(),
  };
  return { name: 'venue', api, ...joinParts(parts) } satisfies CapabilityModule & {
    api: unknown;
  };
}

function joinParts(parts: VenuePart[]): Omit<CapabilityModule, 'name'> {
  const each = <K extends keyof VenuePart>(key: K) =>
    parts.flatMap((p) => (p[key] === undefined ? [] : [p[key] as NonNullable<VenuePart[K]>]));
  const merged = <K extends 'flash' | 'errors' | 'englishNames' | 'access'>(key: K) =>
    Object.assign({}, ...each(key)) as NonNullable<VenuePart[K]>;
  return {
    text: {
      fr: Object.assign({}, ...each('text').map((t) => t.fr)),
      en: Object.assign({}, ...each('text').map((t) => t.en)),
    },
    flash: merged('flash'),
    errors: merged('errors'),
    englishNames: merged('englishNames'),
    access: merged('access'),
    nav: each('nav').flat(),
    admin: each('admin').flat(),
    tasks: each('tasks').flat(),
    async routes(app) {
      for (const routes of each('routes')) await routes(app);
    },
    async demo(options) {
      const accounts = [];
      // in order: the spaces before the bookings made in them
      for (const demo of each('demo')) accounts.push(...((await demo(options)) ?? []));
      return accounts;
    },
  };
}
