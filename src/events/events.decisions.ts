import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { spaceTaken } from './events.checks.ts';
import type { EventsDeps } from './events.deps.ts';
import { eventsEn } from './events.en.ts';
import { eventsError } from './events.errors.ts';
import { eventsFr } from './events.fr.ts';
import { eventsPolicy as can } from './events.policy.ts';
import { type EventRow, eventsRepository } from './events.repository.ts';
import { registrationsRepository } from './registrations.repository.ts';

const texts = { fr: eventsFr.events, en: eventsEn.events };

/** staff's decisions on an event: approve or decline a member's request, cancel a published one */
export function eventDecisions(
  db: Kysely<DB>,
  deps: EventsDeps,
  find: (id: string) => Promise<EventRow>,
) {
  return {
    /** staff approve a member's request: the space is booked then (or the approval refused) */
    async approve(actor: Actor, id: string): Promise<EventRow> {
      authorize(actor, can.manage, undefined);
      const event = await find(id);
      if (event.status !== 'requested' || !event.space_id) throw eventsError('EVENT_NOT_REQUESTED');
      try {
        await deps.bookings.bookWhole(
          actor,
          event.space_id,
          { startAt: event.starts_at, endAt: event.ends_at, purpose: event.title_fr },
          async (trx, booking) => {
            await eventsRepository(trx).update(event.id, {
              status: 'published',
              booking_id: booking.id,
            });
            await tellRequester(trx, event, 'approved', deps.publicUrl());
          },
        );
      } catch (error) {
        throw spaceTaken(error);
      }
      return find(event.id);
    },

    async decline(actor: Actor, id: string): Promise<void> {
      authorize(actor, can.manage, undefined);
      const event = await find(id);
      if (event.status !== 'requested') throw eventsError('EVENT_NOT_REQUESTED');
      await db.transaction().execute(async (trx) => {
        await eventsRepository(trx).setStatus(event.id, 'declined');
        await tellRequester(trx, event, 'declined', deps.publicUrl());
      });
    },

    /** staff cancel an event: its space is freed and everyone registered is told (mail) */
    async cancel(actor: Actor, id: string): Promise<void> {
      authorize(actor, can.manage, undefined);
      const event = await find(id);
      if (event.status !== 'published') throw eventsError('EVENT_NOT_FOUND');
      if (event.booking_id) await deps.bookings.cancel(actor, event.booking_id);
      await db.transaction().execute(async (trx) => {
        await eventsRepository(trx).setStatus(event.id, 'cancelled');
        const people = await registrationsRepository(trx).ofEvent(event.id);
        for (const p of people) {
          const t = texts[p.locale];
          const title = p.locale === 'en' ? event.title_en : event.title_fr;
          await queueMail(trx, {
            to: p.email,
            subject: t.mail.cancelledSubject(title),
            text: t.mail.cancelledBody({ name: p.name, title }),
          });
        }
      });
    },
  };
}

/** The member who proposed an event is told staff's decision, in its transaction. */
async function tellRequester(
  trx: Kysely<DB>,
  event: EventRow,
  decision: 'approved' | 'declined',
  publicUrl: string,
): Promise<void> {
  const who = await eventsRepository(trx).requester(event.id);
  if (!who) return;
  const t = texts[who.locale];
  const title = who.locale === 'en' ? event.title_en : event.title_fr;
  const link = `${publicUrl}${who.locale === 'en' ? '/en/events' : '/agenda'}/${event.slug}`;
  await queueMail(trx, {
    to: who.email,
    subject:
      decision === 'approved' ? t.mail.approvedSubject(title) : t.mail.declinedSubject(title),
    text:
      decision === 'approved'
        ? t.mail.approvedBody({ name: who.name, title, link })
        : t.mail.declinedBody({ name: who.name, title }),
  });
}
