import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { CSV_BYTE_ORDER_MARK, csvDocument } from '../kernel/csv.ts';
import { occupancyService } from './occupancy.service.ts';
import { OccupancyPage } from './pages/admin/OccupancyPage.tsx';
import { ADMIN_PATH } from './pages/common.tsx';
import { parisToday, plusDays, weekMonday } from './spaces.calendar.ts';
import { venuePolicy as can } from './venue.policy.ts';

const WEEKS = 8;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** the month `n` months before 'YYYY-MM' */
function monthsBefore(month: string, n: number): string {
  const d = new Date(`${month}-15T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}

/** The staff's occupancy dashboard and its CSV of usage per organisation per month. */
export function occupancyRoutes(app: FastifyInstance, db: Kysely<DB>) {
  const occupancy = occupancyService(db);
  const staff = { config: { access: can.manage } };
  const path = `${ADMIN_PATH}/occupation`;

  app.get<{ Querystring: { semaine?: string } }>(path, staff, async (request, reply) => {
    // by default: the last four weeks and the next four
    const asked =
      typeof request.query?.semaine === 'string' ? weekMonday(request.query.semaine) : null;
    const first = asked ?? plusDays(parisToday(), -28);
    const [ctx, data] = await Promise.all([
      request.pageContext(),
      occupancy.weekly(request.actor, first, WEEKS),
    ]);
    return reply.html(OccupancyPage({ ctx, data }));
  });

  app.get<{ Querystring: { de?: string; a?: string } }>(
    `${path}.csv`,
    staff,
    async (request, reply) => {
      // by default: the twelve months up to this one
      const thisMonth = parisToday().slice(0, 7);
      const to = MONTH.test(request.query?.a ?? '') ? (request.query.a as string) : thisMonth;
      const typedFrom = request.query?.de ?? '';
      const from = MONTH.test(typedFrom) && typedFrom <= to ? typedFrom : monthsBefore(to, 11);
      const ctx = await request.pageContext();
      const rows = await occupancy.monthly(request.actor, from, to);
      const csv = csvDocument(
        ctx.t.venue.occupancy.csvHead,
        rows.map((r) => [
          r.month,
          r.organisation,
          r.coworkingDays,
          r.meetingHours,
          r.bookings,
          r.noShows,
        ]),
      );
      return reply
        .header('content-disposition', `attachment; filename="lieu-usage-${from}-${to}.csv"`)
        .header('cache-control', 'no-store')
        .type('text/csv; charset=utf-8')
        .send(`${CSV_BYTE_ORDER_MARK}${csv}`);
    },
  );
}
