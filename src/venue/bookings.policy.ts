import { anyone, definePolicy, signedIn } from '../kernel/policy.ts';

/**
 * Who may use the booking engine's routes. Booking itself is judged by the space's rule
 * (`who_may_book`, in the service: members, staff, or requests); here only who reaches the route.
 */
export const bookingsPolicy = definePolicy({
  /** spaces, availability, times held, a space's public occupancy feed */
  view: anyone,
  /** a member's private feed: its secret address is the proof */
  feed: anyone,
  book: signedIn,
  cancel: signedIn,
});
