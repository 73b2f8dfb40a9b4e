import { anyone, definePolicy, isAdmin, signedIn } from '../kernel/policy.ts';

export const accountsPolicy = definePolicy({
  /** the sign-in, sign-up and reset forms */
  useForms: anyone,
  viewOwnAccount: signedIn,
  signOut: signedIn,
  /** create, list and revoke one's own API tokens */
  manageOwnTokens: signedIn,
  /** create accounts with a role (also from the command line) */
  grantRoles: isAdmin,
  /** the back office's accounts: roles, organisations, disabling (administrators, not staff) */
  manageUsers: isAdmin,
});
