import { definePolicy, isStaff } from '../app/policy.ts';

export const adminPolicy = definePolicy({
  /** the back office: staff and administrators */
  viewDashboard: isStaff,
});
