import { definePolicy, isStaff } from '../kernel/policy.ts';

export const importsPolicy = definePolicy({
  /** see the imports, and upload the official files */
  import: isStaff,
});
