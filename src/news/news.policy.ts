import { anyone, definePolicy, isStaff, signedIn } from '../kernel/policy.ts';

export const newsPolicy = definePolicy({
  read: anyone,
  /** a file of a published article for anyone, of any article for staff (checked by the service) */
  download: anyone,
  /** a member of an organisation (checked by the service) */
  propose: signedIn,
  write: isStaff,
  review: isStaff,
});
