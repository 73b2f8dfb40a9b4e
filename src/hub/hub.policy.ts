import { anyone, definePolicy, isStaff } from '../kernel/policy.ts';

export const hubPolicy = definePolicy({
  view: anyone,
  /** territory, sector selection */
  editSettings: isStaff,
});
