import type { CapabilityModule } from '../kernel/module.ts';
import type { MailChoice } from '../mail/mail-choice.ts';

/**
 * The venue is built from two parts: the spaces (the site, its spaces and their rules, the public
 * pages, the staff's settings and dashboard) and the bookings (the booking engine, its API, its
 * worker, its feeds). Each part gives the pieces of a module it owns; `venue.module.ts` joins them.
 */
export type VenuePart = Pick<
  CapabilityModule,
  | 'text'
  | 'flash'
  | 'errors'
  | 'nav'
  | 'englishNames'
  | 'admin'
  | 'access'
  | 'routes'
  | 'tasks'
  | 'demo'
>;

/** the venue's needs from other capabilities, passed in by app/modules.ts */
export type VenueDeps = {
  /** the organisations a user is a member of (their allowances draw on them) */
  membershipsOf: (userId: string) => Promise<{ id: string; slug: string; name: string }[]>;
  /**
   * the directory's organisation picker, for the staff's forms that name an organisation (who
   * holds a plan): `resolveOne(ids ticked, text typed)` gives the one organisation they name
   */
  picker: {
    resolveOne(
      ids: string[],
      query: string,
    ): Promise<{
      org?: { id: string; slug: string; name: string };
      error?: string;
      picker: unknown;
    }>;
  };
  /** the demo member account's id (made if missing): demo bookings are made in its name */
  demoMember: () => Promise<string>;
  /** a few of the directory's demo organisations: demo bookings are made for them only */
  demoOrganisations: (limit: number) => Promise<{ id: string; name: string }[]>;
  /** whether a person receives booking reminders, and the mail's unsubscribe line (accounts) */
  mailOf?: MailChoice;
};
