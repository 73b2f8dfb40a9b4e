/**
 * What text Totem accepts from outside, in one place. People type letters, digits, punctuation,
 * spaces, tabs and line breaks; they never type a NUL, another control character, a lone half
 * of a surrogate pair or a non-character. Such text only comes from a tool or an attack, and it
 * breaks what stores or shows it (PostgreSQL refuses a NUL in text): the server refuses a request
 * that carries any, in its address, its query or its form, before a route reads it.
 */
// C0 controls but tab, line feed and carriage return; DEL and the C1 controls; non-characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Characters that reorder what follows them on screen (right-to-left overrides and isolates):
 * legitimate in running text in some scripts, never in an address or an identifier, where they
 * make `https://\u202Eelpmaxe.live` read as another site.
 */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** whether a string holds a character no person types */
export function hasForbiddenCharacters(text: string): boolean {
  return CONTROL.test(text) || LONE_SURROGATE.test(text);
}

/** whether any string in a parsed query, form or JSON body (at any depth) holds one */
export function holdsForbiddenCharacters(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return hasForbiddenCharacters(value);
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => holdsForbiddenCharacters(v, depth + 1));
  return Object.entries(value).some(
    ([k, v]) => hasForbiddenCharacters(k) || holdsForbiddenCharacters(v, depth + 1),
  );
}
