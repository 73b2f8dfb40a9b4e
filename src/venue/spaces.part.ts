import type { Platform } from '../kernel/module.ts';
import type { VenueDeps, VenuePart } from './venue.part.ts';

/** the site, its spaces and their rules; the public pages and the staff's settings */
export function spacesPart(_platform: Platform, _deps: VenueDeps): VenuePart {
  return {};
}
