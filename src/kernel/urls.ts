import { BIDI_CONTROL, hasForbiddenCharacters } from './text.ts';

/**
 * Addresses people give (a website, a source's link) before Totem shows them as links. An
 * address is shown as typed, so it must read as the place it leads to: no characters that reorder
 * the text on screen (`https://\u202Eelpmaxe.live` reads as another site), no spaces, no
 * backslashes (which browsers read as slashes), no control characters.
 */
function readsAsItLeads(value: string): boolean {
  return !BIDI_CONTROL.test(value) && !hasForbiddenCharacters(value) && !/[\s\\]/.test(value);
}

/** an absolute http(s) address with a host (`https://hub.example/page`) */
export function isWebAddress(value: string): boolean {
  if (!readsAsItLeads(value) || !/^https?:\/\/[^/?#]/i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** a path of this site (`/annuaire/x`): one slash, then anything but another slash */
export function isSitePath(value: string): boolean {
  return readsAsItLeads(value) && /^\/(?![/])/.test(value);
}
