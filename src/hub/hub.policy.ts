import { anyone, definePolicy, isStaff } from '../app/policy.ts';

export const hubPolicy = definePolicy({
  view: anyone,
  /** territory, sector selection */
  editSettings: isStaff,
});
