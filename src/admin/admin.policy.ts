import { definePolicy, isAdmin } from '../app/policy.ts';

export const adminPolicy = definePolicy({
  viewDashboard: isAdmin,
});
