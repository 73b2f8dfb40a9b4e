import { describe, expect, it } from 'vitest';
import {
  addMonths,
  fillLetter,
  letterDate,
  letterPdf,
  letterTemplate,
} from './decisions.letter.ts';
import { rank } from './decisions.ranking.ts';

const values = {
  organisation: 'Robotique Alpes',
  appel: 'Accélérateurs 2026',
  numero: '2026-ACC-0003',
  motifs: 'Un projet {date} solide.',
  date: '11 avril 2026',
};

describe('decision letters', () => {
  it('fills every known placeholder once, leaves unknown ones, never refills a value', () => {
    expect(
      fillLetter('{organisation} / {appel} / {numero} / {motifs} / {date} / {autre}', values),
    ).toBe(
      'Robotique Alpes / Accélérateurs 2026 / 2026-ACC-0003 / Un projet {date} solide. / 11 avril 2026 / {autre}',
    );
  });

  it('takes the call’s template in the language, else the platform’s', () => {
    const own = { fr: { accepted: 'Bravo {organisation}', refused: '  ' } };
    expect(letterTemplate(own, 'fr', 'accepted')).toBe('Bravo {organisation}');
    expect(letterTemplate(own, 'fr', 'refused')).toContain('n’a pas été retenue');
    expect(letterTemplate(own, 'en', 'accepted')).toContain('is accepted');
    expect(letterTemplate({}, 'en', 'refused')).toContain('was not selected');
    expect(letterTemplate('nonsense', 'fr', 'accepted')).toContain('est acceptée');
  });

  it('writes the date in the language, and adds months to the last day of shorter months', () => {
    expect(letterDate('2026-04-11', 'fr')).toBe('11 avril 2026');
    expect(letterDate('2026-04-11', 'en')).toBe('11 April 2026');
    expect(addMonths('2026-04-11', 24)).toBe('2028-04-11');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('makes a PDF', async () => {
    const pdf = await letterPdf('Décision — Appel', 'Le 11 avril 2026\n\nMadame, Monsieur,', {
      compress: false,
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-8).toString()).toContain('%%EOF');
  });
});

describe('the ranking', () => {
  const review = (application_id: number, result: number | null, more = {}) => ({
    application_id,
    submitted: true,
    abstain: result === null,
    result,
    ...more,
  });

  it('orders by mean, leaves out abstentions and unsubmitted reviews, puts all-abstained last', () => {
    const lines = rank([
      review(1, 2),
      review(1, 4),
      review(1, null),
      review(2, 5),
      review(2, 1, { submitted: false }),
      review(3, null),
      review(4, 3, { submitted: false }),
    ]);
    expect(lines.map((l) => [l.application_id, l.mean, l.spread, l.abstentions])).toEqual([
      [2, 5, 0, 0],
      [1, 3, 2, 1],
      [3, null, null, 1],
    ]);
    expect(lines[0]).toMatchObject({ submitted: 1, assigned: 2, deviation: 0 });
  });
});
