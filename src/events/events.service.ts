import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize, isStaff, requireUser } from '../kernel/policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { eventChecks, spaceTaken } from './events.checks.ts';
import { eventDecisions } from './events.decisions.ts';
import type { EventsDeps } from './events.deps.ts';
import { eventsEn } from './events.en.ts';
import { eventsError } from './events.errors.ts';
import type { EventInput } from './events.forms.ts';
import { eventsFr } from './events.fr.ts';
import { eventsPolicy as can } from './events.policy.ts';
import {
  type EventFilter,
  type EventRow,
  eventsRepository,
  type Organiser,
} from './events.repository.ts';

const _texts = { fr: eventsFr.events, en: eventsEn.events };

/** an event as pages and the API show it: its places left (`remaining`) beside its capacity */
export type EventView = EventRow & { remaining: number };

export const viewOf = (row: EventRow): EventView => ({
  ...row,
  remaining: Math.max(0, row.capacity - row.registered),
});

/** whether registration is open now: published, of the future, within its window, with places */
export function registrationOpen(e: EventRow, now: Date): boolean {
  if (e.status !== 'published' || e.capacity <= 0 || e.date_precision !== 'time') return false;
  if (e.registration_opens_at && now < e.registration_opens_at) return false;
  const closes = e.registration_closes_at ?? e.starts_at;
  return now < closes && now < e.starts_at;
}

/** A member's proposal told to the team, each in their language, in the proposal's transaction. */
async function tellTeam(
  trx: Kysely<DB>,
  team: { email: string; locale: Locale }[],
  input: EventInput,
  by: string,
  publicUrl: string,
): Promise<void> {
  for (const member of team) {
    const t = member.locale === 'en' ? eventsEn.events : eventsFr.events;
    const title = member.locale === 'en' ? input.title_en : input.title_fr;
    const path = member.locale === 'en' ? '/en/admin/evenements' : '/admin/evenements';
    await queueMail(trx, {
      to: member.email,
      subject: t.mail.proposedSubject(title),
      text: t.mail.proposedBody({ title, by, link: publicUrl + path }),
    });
  }
}

/**
 * Events: staff create, edit and cancel them (each holds its space as a booking of the whole
 * space, through the venue's engine, so the database refuses an event over another booking);
 * members ask for one, which holds nothing until staff approve it (it is booked then). Every
 * function takes the actor first when someone acts.
 */
export function eventsService(db: Kysely<DB>, deps: EventsDeps) {
  const repo = eventsRepository(db);
  const now = () => deps.clock?.() ?? new Date();

  async function find(idOrSlug: string): Promise<EventRow> {
    const row = await repo.find(idOrSlug);
    if (!row) throw eventsError('EVENT_NOT_FOUND');
    return row;
  }

  const { check, valuesOf } = eventChecks(repo, deps);

  const timeOf = (input: EventInput) => ({ day: input.day, start: input.start, end: input.end });

  return {
    find,

    /** a published event (staff also see the others); 404 otherwise */
    async get(actor: Actor, idOrSlug: string): Promise<EventView> {
      const row = await repo.find(idOrSlug);
      if (!row || (row.status !== 'published' && !isStaff(actor))) {
        throw eventsError('EVENT_NOT_FOUND');
      }
      return viewOf(row);
    },

    /** published events: upcoming by start, or past latest first */
    list: async (filter: EventFilter): Promise<EventView[]> =>
      (await repo.list(filter)).map(viewOf),

    /** every event staff look after: asked for, upcoming, past and cancelled */
    async staffList(actor: Actor): Promise<EventView[]> {
      authorize(actor, can.manage, undefined);
      const rows = await repo.list({
        statuses: ['requested', 'published', 'cancelled', 'declined'],
        limit: 500,
      });
      return rows.map(viewOf).sort((a, b) => b.starts_at.getTime() - a.starts_at.getTime());
    },

    organisers: () => repo.organisers(),
    ofOrganisation: (organisationId: string) => repo.ofOrganisation(organisationId),

    /**
     * Staff create an event: its space is booked whole for its time in the same transaction as
     * the event is written (both or neither). A member's request holds nothing: `requested`.
     */
    async create(actor: Actor, input: EventInput): Promise<EventRow> {
      const user = requireUser(actor);
      authorize(actor, can.request, undefined);
      const checked = await check(input);
      const values = {
        ...valuesOf(input, checked),
        image_key: null,
        image_type: null,
        created_by: user.id,
      };
      if (!isStaff(actor)) {
        const team = await deps.staff();
        const id = await db.transaction().execute(async (trx) => {
          const r = eventsRepository(trx);
          const eventId = await r.insert({ ...values, status: 'requested', requested_by: user.id });
          await r.setOrganisers(eventId, checked.organisers);
          await tellTeam(trx, team, input, user.name, deps.publicUrl());
          return eventId;
        });
        return find(id);
      }
      try {
        const id = await deps.bookings.bookWhole(
          actor,
          checked.space.id,
          { ...timeOf(input), purpose: input.title_fr },
          async (trx, booking) => {
            const r = eventsRepository(trx);
            const eventId = await r.insert({
              ...values,
              starts_at: booking.start,
              ends_at: booking.end,
              booking_id: booking.id,
            });
            await r.setOrganisers(eventId, checked.organisers);
            return eventId;
          },
        );
        return find(id);
      } catch (error) {
        throw spaceTaken(error);
      }
    },

    /**
     * Staff edit an event. A new space books it whole there and cancels the old booking, a new
     * time moves the booking; either in the transaction that writes the event (all or nothing),
     * refused if the time is taken.
     */
    async update(actor: Actor, id: string, input: EventInput): Promise<EventRow> {
      authorize(actor, can.manage, undefined);
      const event = await find(id);
      const checked = await check(input, event.id);
      const bookingId = event.booking_id;
      const moved =
        event.starts_at.getTime() !== checked.starts.getTime() ||
        event.ends_at.getTime() !== checked.ends.getTime();
      const write = async (trx: Kysely<DB>, booking: string | null) => {
        const r = eventsRepository(trx);
        await r.update(event.id, { ...valuesOf(input, checked), booking_id: booking });
        await r.setOrganisers(event.id, checked.organisers);
      };
      try {
        if (event.status === 'published' && bookingId && event.space_id !== checked.space.id) {
          await deps.bookings.bookWhole(
            actor,
            checked.space.id,
            { ...timeOf(input), purpose: input.title_fr, replacing: bookingId },
            (trx, booking) => write(trx, booking.id),
          );
        } else if (event.status === 'published' && bookingId && moved) {
          await deps.bookings.change(actor, bookingId, timeOf(input), (trx) =>
            write(trx, bookingId),
          );
        } else {
          await db.transaction().execute((trx) => write(trx, bookingId));
        }
      } catch (error) {
        throw spaceTaken(error);
      }
      return find(event.id);
    },

    ...eventDecisions(db, deps, find),

    /** the hub's fields, for the forms and the filters */
    fields: (locale: Locale) => deps.fields(locale),
    /** the spaces an event may hold, for the form */
    spaces: () => deps.bookings.spaces(),
    site: () => deps.site(),
    now,
  };
}

export type EventsService = ReturnType<typeof eventsService>;
export type { EventRow, Organiser };
