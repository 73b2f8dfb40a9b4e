/**
 * French typography: a no-break space (U+00A0) before a colon and inside « », a narrow no-break
 * space (U+202F) before ; ? and !, so that the sign never starts a line, and « » rather than
 * straight double quotes. The catalogues are written so (typography.test.ts checks every French
 * text); `frenchSpacing` applies the same spacing to text written by people (an article).
 */

export const NBSP = '\u00a0';
export const NARROW_NBSP = '\u202f';

/** replaces the ordinary space before : ; ? ! and inside « » with its no-break kind */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ :/g, `${NBSP}:`)
    .replace(/ ([;?!])/g, `${NARROW_NBSP}$1`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/ »/g, `${NBSP}»`);
}

/**
 * What is wrong in a French text, for the catalogues' test: a breakable space before : ; ? !
 * or inside « », a straight double quote outside `code` (an API's JSON example keeps its own).
 */
export function typographyFaults(text: string): string[] {
  const faults: string[] = [];
  const prose = text.replace(/`[^`]*`/g, '');
  for (const m of prose.matchAll(/ [:;?!]|« | »/g)) {
    const at = m.index ?? 0;
    faults.push(`a breakable space in “${prose.slice(Math.max(0, at - 12), at + 3)}”`);
  }
  if (prose.includes('"')) faults.push('a straight double quote (write « »)');
  return faults;
}
