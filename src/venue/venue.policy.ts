import { anyone, definePolicy, isStaff, signedIn } from '../kernel/policy.ts';

/** Who may do what with the venue's pages and settings (the bookings' rules are the engine's). */
export const venuePolicy = definePolicy({
  /** the building, its spaces and their availability are public */
  read: anyone,
  /** the booking pages: a signed-in person (the engine checks who may book which space) */
  book: signedIn,
  /** the site, spaces, hours, closures, photos, plans and the occupancy: staff */
  manage: isStaff,
});
