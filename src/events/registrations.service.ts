import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import type { EventsDeps } from './events.deps.ts';
import { eventsEn } from './events.en.ts';
import { eventsError } from './events.errors.ts';
import { EMAIL } from './events.forms.ts';
import { eventsFr } from './events.fr.ts';
import { eventsPolicy as can } from './events.policy.ts';
import { type EventRow, eventsRepository } from './events.repository.ts';
import { registrationOpen } from './events.service.ts';
import { type RegistrationRow, registrationsRepository } from './registrations.repository.ts';

const texts = { fr: eventsFr.events, en: eventsEn.events };

/** the stored form of a cancel link's secret */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type Registered = {
  registration: RegistrationRow;
  /** the cancel link's secret: given once (in the answer and the mail), only its hash is kept */
  token: string;
};

const when = (e: Pick<EventRow, 'starts_at'>, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(e.starts_at);

/** the first person waiting gets the freed place, and a mail saying so (in the caller's transaction) */
async function promoteFirst(
  trx: Kysely<DB>,
  event: EventRow,
  now: Date,
  link: (path: string, locale: Locale) => string,
): Promise<RegistrationRow | null> {
  const r = registrationsRepository(trx);
  const next = await r.firstWaiting(event.id);
  if (!next) return null;
  await r.promote(next.id, now);
  const t = texts[next.locale];
  const title = next.locale === 'en' ? event.title_en : event.title_fr;
  await queueMail(trx, {
    to: next.email,
    subject: t.mail.promotedSubject(title),
    text: t.mail.promotedBody({
      name: next.name,
      title,
      when: when(event, next.locale),
      link: link(`/${event.slug}`, next.locale),
    }),
  });
  return next;
}

/** the mail of a registration: confirmed, or on the waiting list; both with the cancel link */
function confirmation(
  event: EventRow,
  p: { name: string; email: string; locale: Locale; full: boolean; token: string },
  link: (path: string, locale: Locale) => string,
) {
  const t = texts[p.locale];
  const title = p.locale === 'en' ? event.title_en : event.title_fr;
  const args = {
    name: p.name,
    title,
    when: when(event, p.locale),
    link: link(`/${event.slug}`, p.locale),
    cancel: link(`/desinscription/${p.token}`, p.locale),
  };
  return {
    to: p.email,
    subject: p.full ? t.mail.waitingSubject(title) : t.mail.confirmedSubject(title),
    text: p.full ? t.mail.waitingBody(args) : t.mail.confirmedBody(args),
  };
}

/**
 * Registrations: a visitor by name and e-mail, a member in one click. Capacity holds under
 * parallel registrations from any process: each registration locks its event's row
 * (`SELECT … FOR UPDATE`), then counts the places taken and writes, so the registrations of one
 * event follow each other (those of other events do not wait). A full event puts the person on
 * its waiting list when they asked for it; a cancellation promotes the first person waiting, in
 * the same transaction. Every mail is queued in the transaction of its change.
 */
export function registrationsService(db: Kysely<DB>, deps: EventsDeps) {
  const events = eventsRepository(db);
  const now = () => deps.clock?.() ?? new Date();
  const link = (path: string, locale: Locale) =>
    `${deps.publicUrl()}${locale === 'en' ? '/en/events' : '/agenda'}${path}`;

  async function published(id: string): Promise<EventRow> {
    const event = await events.find(id);
    if (event?.status !== 'published') throw eventsError('EVENT_NOT_FOUND');
    return event;
  }

  /**
   * Registers a person; a full event answers 409 EVENT_FULL, unless they asked for the waiting
   * list (`waitlist`), where they are then put. The same address registers once per event
   * (the database's unique index decides between two concurrent ones).
   */
  async function register(
    eventId: string,
    person: { name: string; email: string; userId?: string | null },
    options: { waitlist?: boolean; locale?: Locale; clientAddress?: string } = {},
  ): Promise<Registered> {
    const name = person.name.trim().slice(0, 200);
    const email = person.email.trim();
    if (name === '' || !EMAIL.test(email) || email.length > 320) {
      throw eventsError('EVENT_INVALID');
    }
    const event = await published(eventId);
    if (!registrationOpen(event, now())) throw eventsError('EVENT_REGISTRATION_CLOSED');
    if (options.clientAddress) {
      const gate = await deps.registrationGate(options.clientAddress);
      if (!gate.open) throw eventsError('EVENT_TOO_MANY_ATTEMPTS');
    }
    const locale = options.locale ?? 'fr';
    const token = randomBytes(32).toString('base64url');
    try {
      const registration = await db.transaction().execute(async (trx) => {
        await eventsRepository(trx).lock(event.id);
        const r = registrationsRepository(trx);
        if (await r.active(event.id, email)) throw eventsError('EVENT_ALREADY_REGISTERED');
        const taken = await r.count(event.id, 'registered');
        const full = taken >= event.capacity;
        if (full && !options.waitlist) throw eventsError('EVENT_FULL');
        const row = await r.insert({
          eventId: event.id,
          userId: person.userId ?? null,
          name,
          email,
          status: full ? 'waiting' : 'registered',
          tokenHash: tokenHash(token),
          locale,
        });
        await queueMail(trx, confirmation(event, { name, email, locale, full, token }, link));
        return row;
      });
      return { registration, token };
    } catch (error) {
      // two registrations of one address at once: the unique index refused the second
      if ((error as { code?: string }).code === '23505') {
        throw eventsError('EVENT_ALREADY_REGISTERED');
      }
      throw error;
    }
  }

  /** the registration a cancel link names, with its event (404 when none or already cancelled) */
  async function byToken(
    token: string,
  ): Promise<{ registration: RegistrationRow; event: EventRow }> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw eventsError('EVENT_REGISTRATION_NOT_FOUND');
    const registration = await registrationsRepository(db).byTokenHash(tokenHash(token));
    if (!registration || registration.status === 'cancelled') {
      throw eventsError('EVENT_REGISTRATION_NOT_FOUND');
    }
    const event = await events.find(registration.event_id);
    if (!event) throw eventsError('EVENT_REGISTRATION_NOT_FOUND');
    return { registration, event };
  }

  return {
    register,
    byToken,

    /** a member registers in one click, with the name and address of their account */
    async registerMember(actor: Actor, eventId: string, waitlist: boolean, locale: Locale) {
      const user = requireUser(actor);
      return register(
        eventId,
        { name: user.name, email: user.email, userId: user.id },
        { waitlist, locale },
      );
    },

    /**
     * Cancels by the link's secret: a registered person's place goes to the first person waiting
     * (exactly one, told by mail), under the event's lock, in one transaction.
     */
    async cancel(
      token: string,
      eventId?: string,
    ): Promise<{ promoted: RegistrationRow | null; event: EventRow }> {
      const found = await byToken(token);
      if (eventId !== undefined && found.event.id !== eventId && found.event.slug !== eventId) {
        throw eventsError('EVENT_REGISTRATION_NOT_FOUND');
      }
      const promoted = await db.transaction().execute(async (trx) => {
        await eventsRepository(trx).lock(found.event.id);
        const r = registrationsRepository(trx);
        const current = await r.byTokenHash(tokenHash(token));
        if (!current || current.status === 'cancelled') {
          throw eventsError('EVENT_REGISTRATION_NOT_FOUND');
        }
        await r.cancel(current.id, now());
        if (current.status !== 'registered' || found.event.status !== 'published') return null;
        if (found.event.starts_at <= now()) return null;
        return promoteFirst(trx, found.event, now(), link);
      });
      return { promoted, event: found.event };
    },

    /** staff: the registrations of an event (waiting ones last), searched by name or address */
    async list(actor: Actor, eventId: string, search = '') {
      authorize(actor, can.manage, undefined);
      const event = await events.find(eventId);
      if (!event) throw eventsError('EVENT_NOT_FOUND');
      return { event, registrations: await registrationsRepository(db).ofEvent(event.id, search) };
    },

    /** staff check a registered person in at the door (or undo it) */
    async checkIn(actor: Actor, eventId: string, registrationId: string, undo = false) {
      authorize(actor, can.manage, undefined);
      const event = await events.find(eventId);
      if (!event || !/^[0-9a-f-]{36}$/i.test(registrationId)) {
        throw eventsError('EVENT_REGISTRATION_NOT_FOUND');
      }
      const done = await registrationsRepository(db).checkIn(
        event.id,
        registrationId,
        undo ? null : now(),
      );
      if (!done) throw eventsError('EVENT_REGISTRATION_NOT_FOUND');
    },
  };
}

export type RegistrationsService = ReturnType<typeof registrationsService>;
