import { describe, expect, it } from 'vitest';
import {
  formatSiren,
  formatSiret,
  identifierProblem,
  isLuhnValid,
  isValidSiren,
  isValidSiret,
  LA_POSTE_SIREN,
  luhnCheckDigit,
} from './identifiers.ts';
import { Rng } from './sample/data.ts';

describe('SIREN and SIRET check digits', () => {
  it('accepts published identifiers and rejects a changed digit', () => {
    // INSEE's own SIREN and its head office SIRET
    expect(isValidSiren('120027016')).toBe(true);
    expect(isValidSiret('12002701600563')).toBe(true);
    expect(isValidSiren('120027017')).toBe(false);
    expect(isValidSiret('12002701600564')).toBe(false);
  });

  it('checks the format too: 9 and 14 digits, nothing else', () => {
    expect(isValidSiren('12002701')).toBe(false);
    expect(isValidSiren('12002701a')).toBe(false);
    expect(isValidSiren(' 120027016')).toBe(false);
    expect(isValidSiret('1200270160056')).toBe(false);
  });

  it('computes the digit that makes any payload valid (seeded property)', () => {
    const rng = new Rng(99);
    for (let i = 0; i < 2000; i++) {
      const length = 1 + rng.int(16);
      const payload = Array.from({ length }, () => String(rng.int(10))).join('');
      const digit = luhnCheckDigit(payload);
      expect(isLuhnValid(payload + digit)).toBe(true);
      // exactly one digit works: Luhn catches every single-digit error
      expect(isLuhnValid(payload + String((Number(digit) + 1 + rng.int(9)) % 10))).toBe(false);
    }
  });

  it("accepts La Poste's establishments by digit sum (a multiple of 5), not Luhn", () => {
    expect(isValidSiren(LA_POSTE_SIREN)).toBe(true);
    const siret = `${LA_POSTE_SIREN}00001`; // digits sum to 15
    expect(isLuhnValid(siret)).toBe(false);
    expect(isValidSiret(siret)).toBe(true);
    expect(isValidSiret(`${LA_POSTE_SIREN}00002`)).toBe(false);
    expect(isValidSiret(`${LA_POSTE_SIREN}00048`)).toBe(true); // head office, Luhn-valid too
    // the exception belongs to La Poste alone: digits summing to 25, Luhn-invalid
    expect(isLuhnValid('12002701600006')).toBe(false);
    expect(isValidSiret('12002701600006')).toBe(false);
  });

  it('says what is wrong with a (siren, nic, siret) triple', () => {
    expect(identifierProblem('120027016', '00563', '12002701600563')).toBeNull();
    expect(identifierProblem('120027017', '00563', '12002701700563')).toMatch(
      /^invalid SIREN checksum/,
    );
    expect(identifierProblem('12002701', '00563', '1200270100563')).toMatch(
      /^invalid SIREN format/,
    );
    expect(identifierProblem('120027016', '563', '120027016563')).toMatch(/^invalid NIC/);
    expect(identifierProblem('120027016', '00563', '12002701600564')).toMatch(/not SIREN \+ NIC/);
    expect(identifierProblem('120027016', '00564', '12002701600564')).toMatch(
      /^invalid SIRET checksum/,
    );
  });
});

describe('identifiers as they are printed', () => {
  it('groups a SIREN by three and a SIRET by three then five, with narrow no-break spaces', () => {
    expect(formatSiren('552100554')).toBe('552\u202f100\u202f554');
    expect(formatSiret('55210055400012')).toBe('552\u202f100\u202f554\u202f00012');
  });

  it('leaves anything else as it is', () => {
    expect(formatSiren('55210055')).toBe('55210055');
    expect(formatSiret('552 100 554 00012')).toBe('552 100 554 00012');
  });
});
