import { definePolicy, isStaff } from '../kernel/policy.ts';

export const adminPolicy = definePolicy({
  /** the back office: staff and administrators */
  viewDashboard: isStaff,
});
