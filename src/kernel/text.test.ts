import { describe, expect, it } from 'vitest';
import { hasForbiddenCharacters, holdsForbiddenCharacters } from './text.ts';

describe('text from outside', () => {
  it('accepts what people type, tabs and line breaks included, in any script', () => {
    for (const text of [
      'Société Générale d’Électronique',
      'ligne 1\r\nligne 2\tfin',
      'مرحبا ‏بالعالم',
      '株式会社 😀 ŉ ⑴',
      '',
    ]) {
      expect(hasForbiddenCharacters(text), text).toBe(false);
    }
  });

  it('refuses NUL, other control characters, lone surrogates and non-characters', () => {
    for (const text of [
      'a\u0000b',
      '\u0007',
      'x\u001b[31m',
      '\u007f',
      '\u0085',
      'a\ud800',
      '\udc00b',
      '\uffff',
    ]) {
      expect(hasForbiddenCharacters(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('looks into parsed queries, forms and JSON bodies, keys included', () => {
    expect(holdsForbiddenCharacters({ q: 'ok', tags: ['a', 'b'] })).toBe(false);
    expect(holdsForbiddenCharacters({ tags: ['a', 'b\u0000'] })).toBe(true);
    expect(holdsForbiddenCharacters({ 'x\u0000': 'a' })).toBe(true);
    expect(holdsForbiddenCharacters({ a: { b: { c: '\u0001' } } })).toBe(true);
    expect(holdsForbiddenCharacters(undefined)).toBe(false);
    expect(holdsForbiddenCharacters(42)).toBe(false);
  });
});
