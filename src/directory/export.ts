import type { OrganisationItem } from './directory.schema.ts';

const COLUMNS = [
  'id',
  'slug',
  'siren',
  'name',
  'kind',
  'status',
  'fields',
  'tags',
  'commune_codes',
  'commune_names',
  'headcount_band',
  'headcount_min',
  'headcount_max',
  'headcount_year',
  'headcount_source',
  'created_on',
  'restricted',
  'demo',
  'url',
] as const;

/**
 * One CSV field: quoted when needed, and a leading =, +, - or @ defused so that a spreadsheet
 * does not run a name as a formula.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Put first, it makes spreadsheet software read the accents of a CSV file as UTF-8. */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

/**
 * A CSV document streamed one chunk per batch of rows, after its byte-order mark and header: every
 * row, however many, with memory bounded by a batch.
 */
export async function* csvStream<T>(
  columns: readonly string[],
  batches: AsyncIterable<T[]>,
  row: (item: T) => string,
): AsyncGenerator<string> {
  yield `${CSV_BYTE_ORDER_MARK}${columns.join(',')}\r\n`;
  for await (const batch of batches) yield batch.map(row).join('');
}

export function csvRow(o: OrganisationItem, publicUrl: string): string {
  const values: (string | number | boolean | null)[] = [
    o.id,
    o.slug,
    o.siren,
    o.name,
    o.kind,
    o.status,
    o.fields.join('|'),
    o.tags.join('|'),
    o.communes.map((c) => c.code).join('|'),
    o.communes.map((c) => c.name).join('|'),
    o.headcount.band,
    o.headcount.min,
    o.headcount.max,
    o.headcount.year,
    o.headcount.source,
    o.created_on,
    o.restricted,
    o.demo,
    `${publicUrl}${o.url}`,
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}

/** the CSV export, one chunk per batch of rows */
export function csvChunks(
  batches: AsyncIterable<OrganisationItem[]>,
  publicUrl: string,
): AsyncGenerator<string> {
  return csvStream(COLUMNS, batches, (o) => csvRow(o, publicUrl));
}

/**
 * The JSON export: an array, streamed. A file leaves the site, so its `url` is the profile's full
 * address, as in the CSV, where a search answer gives the path.
 */
export async function* jsonChunks(
  batches: AsyncIterable<OrganisationItem[]>,
  publicUrl: string,
): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const items = batch.map((o) => JSON.stringify({ ...o, url: `${publicUrl}${o.url}` }));
    yield (first ? '\n' : ',\n') + items.join(',\n');
    first = false;
  }
  yield '\n]\n';
}
