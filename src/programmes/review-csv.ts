import type { CsvValue } from '../kernel/csv.ts';
import type { FormField } from './forms/definition.ts';
import type { ExportedApplication } from './review.repository.ts';

/**
 * The export of a call's applications: its fixed columns, then one per field of the call's latest
 * form (header: the French label and the key). An answer reads as in a spreadsheet: a choice by
 * its label, several joined by "; ", yes/no in words, a group as "Alice (CEO); Bob (CTO)", a
 * file by its name. An application on an older version leaves the fields it does not have empty.
 * Formulas are defused by the kernel's csvField.
 */
export const FIXED_COLUMNS = [
  'id',
  'acknowledgement',
  'organisation',
  'siren',
  'state',
  'submitted_at',
  'form_version',
] as const;

/** how a file answer is named (its reference, until attachments have names) */
export type FileName = (ref: string) => string;

const WORDS = { yes: 'oui', no: 'non' };

function optionLabel(field: FormField, value: unknown): string {
  const option = field.options?.find((o) => o.value === value);
  return option ? option.label.fr : String(value);
}

/** one answer as a cell: null when there is none */
export function answerCell(field: FormField, value: unknown, fileName?: FileName): CsvValue {
  if (value === undefined || value === null || value === '') return null;
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'choice':
      return optionLabel(field, value);
    case 'multiple_choice':
      return Array.isArray(value) ? value.map((v) => optionLabel(field, v)).join('; ') : null;
    case 'yes_no':
      return value === true ? WORDS.yes : value === false ? WORDS.no : String(value);
    case 'file':
      return fileName ? fileName(String(value)) : String(value);
    case 'group':
      return Array.isArray(value) ? groupCell(field, value, fileName) : null;
    default:
      return String(value);
  }
}

/** the rows of a group: each its first answer, the others in brackets; rows joined by "; " */
function groupCell(field: FormField, rows: unknown[], fileName?: FileName): string | null {
  const lines = rows.map((row) => {
    const answers = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
    const parts = (field.fields ?? [])
      .map((f) => answerCell(f, answers[f.key], fileName))
      .filter((p): p is string | number | boolean => p !== null)
      .map(String);
    const [first, ...rest] = parts;
    if (first === undefined) return '';
    return rest.length > 0 ? `${first} (${rest.join(', ')})` : first;
  });
  const text = lines.filter((l) => l !== '').join('; ');
  return text === '' ? null : text;
}

/** the header: the fixed columns, then "label (key)" for each field */
export function csvColumns(fields: readonly FormField[]): string[] {
  return [...FIXED_COLUMNS, ...fields.map((f) => `${f.label.fr} (${f.key})`)];
}

export function csvRow(
  a: ExportedApplication,
  fields: readonly FormField[],
  fileName?: FileName,
): CsvValue[] {
  const answers = a.answers ?? {};
  return [
    Number(a.id),
    a.acknowledgement,
    a.organisation_name,
    a.siren,
    a.state,
    a.submitted_at ? a.submitted_at.toISOString() : null,
    a.form_version,
    ...fields.map((f) => answerCell(f, answers[f.key], fileName)),
  ];
}
