import { describe, expect, it } from 'vitest';
import { NAF_SUBCLASS_COUNT, nafLabel, nafText, normaliseNafCode } from './naf.ts';

describe('NAF rév. 2 labels', () => {
  it('names every one of the 732 sub-classes', () => {
    expect(NAF_SUBCLASS_COUNT).toBe(732);
  });

  it('gives the French label of a sub-class', () => {
    expect(nafText('62.02A', 'fr')).toBe('62.02A — Conseil en systèmes et logiciels informatiques');
    expect(nafLabel('62.02B', 'fr')?.label).toBe(
      'Tierce maintenance de systèmes et d’applications informatiques',
    );
  });

  it('gives the English label of its NACE class in English, marked as English', () => {
    expect(nafLabel('62.02A', 'en')).toEqual({
      code: '62.02A',
      label: 'Computer consultancy activities',
      lang: 'en',
    });
  });

  it('falls back to the French label, marked as French, where no English one is known', () => {
    expect(nafLabel('01.11Z', 'en')).toEqual({
      code: '01.11Z',
      label:
        "Culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses",
      lang: 'fr',
    });
  });

  it('reads a code typed without its dot or in lower case', () => {
    expect(normaliseNafCode(' 6202a ')).toBe('62.02A');
    expect(nafLabel('6201z', 'fr')?.label).toBe('Programmation informatique');
  });

  it('knows nothing of a code that is not NAF rév. 2, and shows it as it is', () => {
    expect(nafLabel('99.99Q', 'fr')).toBeNull();
    expect(nafLabel('hello', 'fr')).toBeNull();
    expect(nafText('72.2Z', 'fr')).toBe('72.2Z');
  });
});
