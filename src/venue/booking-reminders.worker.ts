import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { localePath } from '../kernel/locale.ts';
import { parisTomorrow } from '../kernel/paris-time.ts';
import { everyMail, type MailChoice } from '../mail/mail-choice.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { type ReminderWorkerOptions, startReminderPoller } from '../mail/reminder-poller.ts';
import { bookingRemindersRepository } from './booking-reminders.repository.ts';
import { bookingsEn } from './bookings.en.ts';
import { bookingsFr } from './bookings.fr.ts';
import { BOOKINGS_PATH } from './pages/common.tsx';
import { parisTime } from './venue-time.ts';

const texts = { fr: bookingsFr.bookings, en: bookingsEn.bookings };

/**
 * Reminds the requester of one confirmed booking starting tomorrow (Paris days), once, from
 * whichever process runs the task: the booking is claimed and marked in one statement and its
 * mail queued in the same transaction, so two workers never send it twice and a crash sends it
 * later. A person who turned booking reminders off is marked reminded and sent nothing.
 */
export async function remindOneBooking(
  db: Kysely<DB>,
  now: Date,
  publicUrl: () => string,
  mailOf: MailChoice = everyMail,
): Promise<string | null> {
  const { from, to } = parisTomorrow(now);
  return db.transaction().execute(async (trx) => {
    const due = await bookingRemindersRepository(trx).claim(from, to);
    if (!due) return null;
    const choice = await mailOf(due.user_id, 'booking_reminders', trx);
    if (!choice.send) return due.id;
    const t = texts[due.locale];
    const space = due.locale === 'en' ? due.space_en : due.space_fr;
    const day = new Intl.DateTimeFormat(due.locale === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'full',
      timeZone: 'Europe/Paris',
    }).format(due.start);
    const base = publicUrl().replace(/\/+$/, '');
    const page = `${base}${localePath(due.locale, BOOKINGS_PATH)}`;
    await queueMail(trx, {
      to: due.email,
      subject: t.reminderSubject(space),
      text:
        t.reminderBody({
          name: due.name,
          space,
          day,
          from: parisTime(due.start),
          to: parisTime(due.end),
          link: page,
          cancel: `${base}${localePath(due.locale, `${BOOKINGS_PATH}/${due.id}/annuler`)}`,
        }) + choice.footer,
    });
    return due.id;
  });
}

/** the background task every server process runs: the bookings of tomorrow, every few minutes */
export function startBookingReminderWorker(
  db: Kysely<DB>,
  log: { error(payload: object, message: string): void },
  options: ReminderWorkerOptions,
) {
  return startReminderPoller('booking reminders', remindOneBooking, db, log, options);
}
