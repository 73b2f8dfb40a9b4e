import { anyone, definePolicy, isStaff, signedIn } from '../kernel/policy.ts';

export const directoryPolicy = definePolicy({
  search: anyone,
  viewProfile: anyone,
  export: anyone,
  /** a member of the organisation (checked by the service) or staff */
  edit: signedIn,
  claim: signedIn,
  moderate: isStaff,
});
