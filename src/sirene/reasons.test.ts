import { describe, expect, it } from 'vitest';
import { UNTERMINATED_QUOTE } from './csv-parser.ts';
import { explainReason } from './reasons.ts';

describe('the reasons of rejected lines', () => {
  it('gives each kind of reason the reader words a code and French words', () => {
    const cases: [string, string, string][] = [
      [UNTERMINATED_QUOTE, 'UNTERMINATED_QUOTE', 'un guillemet ouvert n’est jamais refermé'],
      ['field count: expected 54 fields, found 53', 'FIELD_COUNT', '53 champs au lieu de 54'],
      [
        'invalid SIREN checksum: 000000001',
        'SIREN_CHECKSUM',
        'clé de contrôle du SIREN fausse : 000000001',
      ],
      ['invalid SIREN format: "12"', 'SIREN_FORMAT', 'SIREN mal formé : "12"'],
      [
        'SIRET "1" is not SIREN + NIC',
        'SIRET_NOT_SIREN_NIC',
        'le SIRET "1" n’est pas le SIREN suivi du NIC',
      ],
      [
        'invalid etatAdministratifEtablissement: "X"',
        'STATE',
        'état administratif inconnu (etatAdministratifEtablissement) : "X"',
      ],
    ];
    for (const [en, code, fr] of cases) {
      expect(explainReason(en)).toEqual({ code, en, fr });
    }
  });

  it('keeps words it does not know as they are', () => {
    expect(explainReason('something new')).toEqual({
      code: 'OTHER',
      en: 'something new',
      fr: 'something new',
    });
  });
});
