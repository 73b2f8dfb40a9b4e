import type { remindersFr } from './reminders.fr.ts';

/** The reminder of a draft, 48 hours before its call closes, in English. */
export const remindersEn: typeof remindersFr = {
  subject: (call) => `Reminder: your application to “${call}” is not submitted`,
  body: (p) =>
    `Hello ${p.name},\n\nThe application of ${p.organisation} to the call “${p.call}” is still a draft: it has not been submitted.\nThe call closes on ${p.closes} (Paris time). After that time, the draft can no longer be submitted.\n\nTo complete and submit it: ${p.link}\n\nThis reminder is sent only once.\n`,
};
