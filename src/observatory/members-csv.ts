import { type CsvValue, csvStream } from '../kernel/csv.ts';
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

export function memberCsvRow(m: MemberItem, publicUrl: string): CsvValue[] {
  const h = m.headcount;
  return [
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
}

/**
 * A figure's organisations as CSV, one chunk per batch: every row, however many, with memory
 * bounded by a batch.
 */
export function memberCsvChunks(
  batches: AsyncIterable<MemberItem[]>,
  publicUrl: string,
): AsyncGenerator<string> {
  return csvStream(MEMBER_CSV_COLUMNS, batches, (m) => memberCsvRow(m, publicUrl));
}
