import { anyone, definePolicy, isStaff } from '../kernel/policy.ts';

export const observatoryPolicy = definePolicy({
  /** objectives, indicators, charts' data, the roadmap: public */
  view: anyone,
  /** objectives and milestones, and asking for a recomputation */
  manage: isStaff,
});
