/**
 * CSV as spreadsheets and scripts read it (RFC 4180, UTF-8 with a byte-order mark, CRLF), in one
 * place: every download of the site is written with these.
 */

export type CsvValue = string | number | boolean | null;

/**
 * One CSV field: quoted when needed, and a leading =, +, - or @ defused so that a spreadsheet
 * does not run a name as a formula.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** one line, its end included */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Put first, it makes spreadsheet software read the accents of a CSV file as UTF-8. */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

/** A whole small table as one document (without the byte-order mark). */
export function csvDocument(head: readonly string[], rows: readonly (readonly CsvValue[])[]) {
  return [head, ...rows].map(csvLine).join('');
}

/**
 * A CSV document streamed one chunk per batch of rows, after its byte-order mark and header: every
 * row, however many, with memory bounded by a batch.
 */
export async function* csvStream<T>(
  columns: readonly string[],
  batches: AsyncIterable<T[]>,
  row: (item: T) => readonly CsvValue[],
): AsyncGenerator<string> {
  // the header goes with the first batch: a download that fails at its first statement fails
  // before a byte is sent (see kernel/download.ts)
  let head = `${CSV_BYTE_ORDER_MARK}${csvLine(columns)}`;
  for await (const batch of batches) {
    yield head + batch.map((item) => csvLine(row(item))).join('');
    head = '';
  }
  if (head !== '') yield head;
}
