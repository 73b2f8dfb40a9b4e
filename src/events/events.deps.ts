import type { Locale } from '../kernel/locale.ts';
import type { MailChoice } from '../mail/mail-choice.ts';
import type { BookingsService } from '../venue/bookings.service.ts';

/** what events need from other capabilities, passed in by app/modules.ts */
export type EventsDeps = {
  /** the venue's booking engine: an event (an exhibition) is a booking of its whole space */
  bookings: Pick<BookingsService, 'bookWhole' | 'change' | 'cancel' | 'spaces' | 'space'>;
  /** the building's name and address (the map link, the calendars' location) */
  site: () => Promise<{ name: string; address: string } | undefined>;
  /** the directory's organisation picker: the one organisation a text names */
  picker: {
    resolveOne(
      ids: string[],
      query: string,
    ): Promise<{ org?: { id: string; slug: string; name: string }; error?: string }>;
  };
  /** the hub's four fields, named in one language */
  fields: (locale: Locale) => Promise<{ slug: string; name: string }[]>;
  /**
   * the platform's limit on attempts per client address (the account forms' counters): open, or
   * closed for some seconds
   */
  registrationGate: (
    clientAddress: string,
  ) => Promise<{ open: true } | { open: false; retryAfter: number }>;
  publicUrl: () => string;
  /** the hub's team (active staff and administrators), told of a member's proposal */
  staff: () => Promise<{ email: string; locale: Locale }[]>;
  /** a few of the directory's demo organisations: the demo's organisers */
  demoOrganisations: (limit: number) => Promise<{ id: string; name: string }[]>;
  /** the demo staff account's id (made if missing): the demo's events are scheduled in its name */
  demoStaff: () => Promise<string>;
  /** whether a registered member receives reminders, and their unsubscribe line (accounts) */
  mailOf?: MailChoice;
  /** the time the module believes it is (tests move it) */
  clock?: () => Date;
};
