import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { parisTomorrow } from '../kernel/paris-time.ts';
import { everyMail, type MailChoice } from '../mail/mail-choice.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { type ReminderWorkerOptions, startReminderPoller } from '../mail/reminder-poller.ts';
import { eventsEn } from './events.en.ts';
import { eventsFr } from './events.fr.ts';
import { registrationsRepository } from './registrations.repository.ts';

const texts = { fr: eventsFr.events, en: eventsEn.events };

/**
 * Sends one reminder the day before an event (Paris days) to each registered person, once, from
 * whichever process runs the task: each reminder is claimed and marked in one statement
 * (`FOR UPDATE SKIP LOCKED`, the condition checked again in the UPDATE) and its mail queued in
 * the same transaction, so two workers never send it twice and a crash sends it later.
 */
export async function sendOneReminder(
  db: Kysely<DB>,
  now: Date,
  publicUrl: () => string,
  mailOf: MailChoice = everyMail,
): Promise<string | null> {
  const { from, to } = parisTomorrow(now);
  return db.transaction().execute(async (trx) => {
    const due = await registrationsRepository(trx).claimReminder(from, to);
    if (!due) return null;
    // a guest's registration has no account, hence no choices: its mail carries the cancel link
    const choice = due.user_id ? await mailOf(due.user_id, 'event_reminders', trx) : undefined;
    if (choice && !choice.send) return due.id;
    const t = texts[due.locale];
    const title = due.locale === 'en' ? due.title_en : due.title_fr;
    const when = new Intl.DateTimeFormat(due.locale === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    }).format(due.starts_at);
    const base = `${publicUrl()}${due.locale === 'en' ? '/en/events' : '/agenda'}`;
    await queueMail(trx, {
      to: due.email,
      subject: t.mail.reminderSubject(title),
      text:
        t.mail.reminderBody({ name: due.name, title, when, link: `${base}/${due.slug}` }) +
        (choice?.footer ?? ''),
    });
    return due.id;
  });
}

/** the background task every server process runs: reminders due, every few minutes */
export function startReminderWorker(
  db: Kysely<DB>,
  log: { error(payload: object, message: string): void },
  options: ReminderWorkerOptions,
) {
  return startReminderPoller('event reminders', sendOneReminder, db, log, options);
}
