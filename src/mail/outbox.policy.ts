import { definePolicy, isAdmin } from '../kernel/policy.ts';

/** Mail holds reset links: only administrators read the outbox. */
export const outboxPolicy = definePolicy({
  read: isAdmin,
});
