import { anyone, definePolicy, isAdmin, isStaff } from '../kernel/policy.ts';

export const operationsPolicy = definePolicy({
  /**
   * /metrics: the route lets every request through to its own check, which asks for an
   * administrator or the configured token (a scraper is no person: it has no role)
   */
  scrape: anyone,
  /** who reads /metrics without the token */
  readMetrics: isAdmin,
  /** the jobs that failed: staff and administrators, as the back office */
  viewFailures: isStaff,
});
