import { csvField } from '../directory/export.ts';
import type { MemberItem } from './observatory.schema.ts';

/** the columns of a figure's organisations as CSV: who, and the number that put each there */
export const MEMBER_CSV_COLUMNS = [
  'id',
  'slug',
  'siren',
  'name',
  'kind',
  'status',
  'demo',
  'headcount_band',
  'headcount_exact',
  'headcount_low',
  'headcount_high',
  'headcount_year',
  'headcount_source',
  'observed_on',
  'url',
] as const;

export function memberCsvRow(m: MemberItem, publicUrl: string): string {
  const h = m.headcount;
  const values: (string | number | boolean | null)[] = [
    m.id,
    m.slug,
    m.siren,
    m.name,
    m.kind,
    m.status,
    m.demo,
    h.band,
    h.exact,
    h.low,
    h.high,
    h.year,
    h.source,
    h.observed_on,
    `${publicUrl}${m.url}`,
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * A figure's organisations as CSV, one chunk per batch: every row, however many, with memory
 * bounded by a batch.
 */
export async function* memberCsvChunks(
  batches: AsyncIterable<MemberItem[]>,
  publicUrl: string,
): AsyncGenerator<string> {
  // a byte-order mark so that spreadsheet software reads the accents as UTF-8
  yield `\uFEFF${MEMBER_CSV_COLUMNS.join(',')}\r\n`;
  for await (const batch of batches) yield batch.map((m) => memberCsvRow(m, publicUrl)).join('');
}
