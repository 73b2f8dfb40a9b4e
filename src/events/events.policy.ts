import { anyone, definePolicy, isStaff, signedIn } from '../kernel/policy.ts';

/** Who may do what with events and exhibitions. */
export const eventsPolicy = definePolicy({
  /** the agenda, an event's page, its feeds, registering and cancelling by a link: anyone */
  read: anyone,
  register: anyone,
  /** a member asks for an event; staff approve it */
  request: signedIn,
  /** events, their registrations, check-in and exhibitions: staff */
  manage: isStaff,
});
