import type { Platform } from '../kernel/module.ts';
import type { VenueDeps, VenuePart } from './venue.part.ts';

/** the booking engine: rules, allowances, recurrence, waitlist, check-in, feeds and the API */
export function bookingsPart(_platform: Platform, _deps: VenueDeps): VenuePart {
  return {};
}
