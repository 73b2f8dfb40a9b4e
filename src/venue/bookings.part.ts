import { everyone, signedInOnly } from '../kernel/access.ts';
import type { BackgroundTask, Platform } from '../kernel/module.ts';
import { bookingsApiRoutes } from './api.routes.ts';
import { startBookingReminderWorker } from './booking-reminders.worker.ts';
import { bookingsDemo } from './bookings.demo.ts';
import { bookingsEn } from './bookings.en.ts';
import { bookingsError } from './bookings.errors.ts';
import { bookingsFr } from './bookings.fr.ts';
import { bookingsService } from './bookings.service.ts';
import { startCheckinWorker } from './checkin.worker.ts';
import { icalRoutes } from './ical.routes.ts';
import { feedsService } from './ical.service.ts';
import type { VenueDeps, VenuePart } from './venue.part.ts';

/** the booking engine: rules, allowances, recurrence, waitlist, check-in, feeds and the API */
export function bookingsPart(platform: Platform, deps: VenueDeps): VenuePart {
  const engineDeps = { membershipsOf: deps.membershipsOf, publicUrl: platform.publicUrl };
  const bookings = bookingsService(platform.db, engineDeps);
  const feeds = feedsService(platform.db, engineDeps);
  let worker: ReturnType<typeof startCheckinWorker> | undefined;
  const checkin: BackgroundTask = {
    name: 'venue check-in and waitlist',
    start(log) {
      worker = startCheckinWorker(platform.db, log, { publicUrl: platform.publicUrl });
    },
    async stop() {
      await worker?.stop();
    },
  };
  let reminderWorker: ReturnType<typeof startBookingReminderWorker> | undefined;
  const reminders: BackgroundTask = {
    name: 'booking reminders',
    start(log) {
      reminderWorker = startBookingReminderWorker(platform.db, log, {
        publicUrl: platform.publicUrl,
        mailOf: deps.mailOf,
      });
    },
    async stop() {
      await reminderWorker?.stop();
    },
  };
  return {
    text: { fr: bookingsFr, en: bookingsEn },
    errors: bookingsError.table,
    access: {
      'GET /api/v1/spaces': everyone,
      'GET /api/v1/spaces/:id/availability': everyone,
      'GET /api/v1/spaces/:id/bookings': everyone,
      'POST /api/v1/spaces/:id/bookings': signedInOnly,
      'DELETE /api/v1/bookings/:id': signedInOnly,
      'GET /lieu/agenda/:token.ics': everyone,
      'GET /lieu/espaces/:slug/occupation.ics': everyone,
    },
    tasks: [checkin, reminders],
    routes(app) {
      bookingsApiRoutes(app, bookings);
      icalRoutes(app, feeds);
    },
    async demo() {
      await bookingsDemo(platform.db, deps);
      return [];
    },
  };
}
