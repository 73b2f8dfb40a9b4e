import { anyone, definePolicy } from '../kernel/policy.ts';

export const legalPolicy = definePolicy({
  /** the legal notice, the accessibility statement, the privacy page, the contact form */
  read: anyone,
  /** writing through the contact form (limited per client address) */
  contact: anyone,
});
