import { describe, expect, it } from 'vitest';
import { csvLine } from '../kernel/csv.ts';
import { formDefinition } from './forms/definition.ts';
import type { ExportedApplication } from './review.repository.ts';
import { answerCell, csvColumns, csvRow } from './review-csv.ts';

const fields = formDefinition.parse([
  { key: 'project', type: 'text', label: { fr: 'Projet', en: 'Project' } },
  {
    key: 'needs',
    type: 'multiple_choice',
    label: 'Besoins',
    options: [
      { value: 'money', label: { fr: 'Financement', en: 'Funding' } },
      { value: 'desk', label: { fr: 'Bureau', en: 'Desk' } },
    ],
  },
  { key: 'incubated', type: 'yes_no', label: 'Incubé' },
  { key: 'staff', type: 'number', label: 'Salariés' },
  { key: 'deck', type: 'file', label: 'Présentation' },
  {
    key: 'founders',
    type: 'group',
    label: 'Fondateurs',
    fields: [
      { key: 'name', type: 'text', label: 'Nom' },
      { key: 'role', type: 'text', label: 'Rôle' },
    ],
  },
]);
const [project, needs, incubated, staff, deck, founders] = fields as [
  (typeof fields)[0],
  (typeof fields)[0],
  (typeof fields)[0],
  (typeof fields)[0],
  (typeof fields)[0],
  (typeof fields)[0],
];

describe('the export of applications', () => {
  it('names a column by the French label and the key, after the fixed ones', () => {
    expect(csvColumns(fields).slice(0, 8)).toEqual([
      'id',
      'acknowledgement',
      'organisation',
      'siren',
      'state',
      'submitted_at',
      'form_version',
      'Projet (project)',
    ]);
  });

  it('reads answers as people read them', () => {
    expect(answerCell(needs, ['money', 'desk'])).toBe('Financement; Bureau');
    expect(answerCell(incubated, true)).toBe('oui');
    expect(answerCell(incubated, false)).toBe('non');
    expect(answerCell(staff, 12)).toBe(12);
    expect(answerCell(deck, 'ref1')).toBe('ref1');
    expect(answerCell(deck, 'ref1', (ref) => `${ref}.pdf`)).toBe('ref1.pdf');
    expect(
      answerCell(founders, [
        { name: 'Alice', role: 'CEO' },
        { name: 'Bob', role: 'CTO' },
        { name: 'Chloé' },
      ]),
    ).toBe('Alice (CEO); Bob (CTO); Chloé');
    expect(answerCell(project, undefined)).toBeNull();
    expect(answerCell(founders, [])).toBeNull();
  });

  it('defuses a formula at the start of any cell', () => {
    for (const attack of [
      '=HYPERLINK("http://evil","x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\tx',
      '\rx',
    ]) {
      const row: ExportedApplication = {
        id: 1,
        organisation_id: 'o',
        organisation_name: attack,
        organisation_slug: 's',
        siren: null,
        state: 'submitted',
        acknowledgement: '2026-ACC-0001',
        submitted_at: new Date('2026-03-02T10:00:00Z'),
        form_version: 1,
        is_demo: false,
        answers: { project: attack },
      };
      const line = csvLine(csvRow(row, fields));
      // every cell that held the attack starts with a quote mark, inside the CSV quotes
      const quoted = `"'${attack.replace(/"/g, '""')}"`;
      expect(line.split(quoted).length - 1, attack).toBe(2);
      expect(line).toContain('2026-03-02T10:00:00.000Z');
    }
  });
});
