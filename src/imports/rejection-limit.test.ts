import { describe, expect, it } from 'vitest';
import { REJECTION_LIMIT, rejectionsMessage, tooManyRejections } from './rejection-limit.ts';

describe('how many rejected lines an import survives', () => {
  it('stops when the first 1 000 lines are all rejected, not before', () => {
    expect(tooManyRejections(999, 999)).toBe(false);
    expect(tooManyRejections(REJECTION_LIMIT.firstLines, REJECTION_LIMIT.firstLines)).toBe(true);
    expect(tooManyRejections(1000, 999)).toBe(false);
  });

  it('stops past 100 000 lines once more than 5 % are rejected', () => {
    expect(tooManyRejections(99_999, 20_000)).toBe(false);
    expect(tooManyRejections(100_000, 5000)).toBe(false);
    expect(tooManyRejections(100_000, 5001)).toBe(true);
    expect(tooManyRejections(2_000_000, 100_000)).toBe(false);
  });

  it('says the share and the most frequent first reasons, in French then English', () => {
    const lines = [
      { line: 2, reason: 'invalid SIREN checksum: 000000001' },
      { line: 3, reason: 'field count: expected 54 fields, found 53' },
      { line: 4, reason: 'invalid SIREN checksum: 000000002' },
    ];
    const error = rejectionsMessage(100_000, 98_000, lines);
    expect(error.code).toBe('TOO_MANY_REJECTIONS');
    expect(error.reason.fr).toBe(
      'ce fichier ne ressemble pas à un stock SIRENE : 98 % de lignes rejetées (98000 sur 100000 lues), premières raisons : clé de contrôle du SIREN fausse : 000000001 ; 53 champs au lieu de 54',
    );
    expect(error.reason.en).toContain('this does not look like a SIRENE stock file: 98% of lines');
    expect(rejectionsMessage(100_000, 5_400, lines).reason.fr).toContain(': 5,4 % de lignes');
  });
});
