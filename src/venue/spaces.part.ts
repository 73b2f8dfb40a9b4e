import path from 'node:path';
import { filesystemStorage } from '../kernel/file-storage.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { type Availability, bookingsService } from './bookings.service.ts';
import { occupancyRoutes } from './occupancy.routes.ts';
import { plansFlash, plansRoutes } from './plans.routes.ts';
import { plansService } from './plans.service.ts';
import { bookingPagesAccess, spacesAccess } from './spaces.access.ts';
import { venueAdminFlash, venueAdminRoutes } from './spaces.admin.routes.ts';
import type { AvailabilityEntry } from './spaces.grid.ts';
import { venueBookingFlash, venueMemberRoutes } from './spaces.member.routes.ts';
import { venuePublicRoutes } from './spaces.routes.ts';
import { spacesService } from './spaces.service.ts';
import { staffBookingsFlash, staffBookingsRoutes } from './staff-bookings.routes.ts';
import { loadVenueDemo } from './venue.demo.ts';
import { venueEn } from './venue.en.ts';
import { venueError } from './venue.errors.ts';
import { venueFr } from './venue.fr.ts';
import type { VenueDeps, VenuePart } from './venue.part.ts';

/** the engine's availability as the grid's cells: one per slot, or one per day */
export function entriesOf(a: Availability): AvailabilityEntry[] {
  const capacity = a.space.capacity;
  return a.days.flatMap((d) =>
    a.space.unit === 'day'
      ? [{ day: d.day, free: d.free, capacity, closed: d.closed, past: d.past }]
      : d.slots.map((s) => ({
          day: d.day,
          start: s.start,
          end: s.end,
          free: s.free,
          capacity,
          closed: d.closed,
          past: s.past,
        })),
  );
}

/** the site, its spaces and their rules; the public pages and the staff's settings */
export function spacesPart(platform: Platform, deps: VenueDeps): VenuePart {
  // the same folder as the other capabilities' files, under keys of its own (venue/<space>/…)
  const storage = filesystemStorage(path.join(platform.config.dataDir, 'files'));
  const spaces = spacesService(platform.db, storage);
  const bookings = bookingsService(platform.db, {
    membershipsOf: deps.membershipsOf,
    publicUrl: platform.publicUrl,
  });
  const plans = plansService(platform.db, deps.picker);
  return {
    text: { fr: { venue: venueFr }, en: { venue: venueEn } },
    flash: { ...venueAdminFlash, ...venueBookingFlash, ...plansFlash, ...staffBookingsFlash },
    errors: venueError.table,
    nav: [
      { path: '/lieu', label: (t) => t.venue.nav, order: 35 },
    ] satisfies CapabilityModule['nav'],
    englishNames: {
      '/lieu': '/venue',
      '/lieu/reservations': '/venue/bookings',
      '/lieu/espaces': '/venue/spaces',
      '/admin/lieu': '/admin/venue',
      '/admin/lieu/reservations': '/admin/venue/bookings',
    },
    admin: [
      {
        path: '/admin/lieu',
        title: (t) => t.venue.admin.title,
        intro: (t) => t.venue.admin.intro,
        order: 60,
      },
      {
        path: '/admin/lieu/reservations',
        title: (t) => t.venue.staffBookings.title,
        intro: (t) => t.venue.staffBookings.intro,
        order: 60,
      },
      {
        path: '/admin/lieu/occupation',
        title: (t) => t.venue.occupancy.title,
        intro: (t) => t.venue.occupancy.intro,
        order: 61,
      },
    ],
    access: { ...spacesAccess, ...bookingPagesAccess },
    routes(app) {
      venuePublicRoutes(app, {
        spaces,
        availability: async (id, from, to) => entriesOf(await bookings.availability(id, from, to)),
      });
      venueMemberRoutes(app, { spaces, bookings });
      venueAdminRoutes(app, spaces);
      plansRoutes(app, plans);
      occupancyRoutes(app, platform.db);
      staffBookingsRoutes(app, bookings);
    },
    async demo() {
      await loadVenueDemo(platform.db, deps);
      return undefined;
    },
  };
}
