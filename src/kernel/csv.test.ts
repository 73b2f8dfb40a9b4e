import { describe, expect, it } from 'vitest';
import { csvDocument, csvStream } from './csv.ts';

describe('CSV', () => {
  it('quotes what needs it, and defuses text a spreadsheet would run as a formula', () => {
    const csv = csvDocument(
      ['field', 'organisations'],
      [
        ['=HYPERLINK("http://evil.example","clic")', 3],
        ['Santé, numérique', 12],
        ['-2 employés', -1],
        [null, 0],
      ],
    );
    expect(csv).toBe(
      'field,organisations\r\n' +
        `"'=HYPERLINK(""http://evil.example"",""clic"")",3\r\n` +
        '"Santé, numérique",12\r\n' +
        `"'-2 employés",-1\r\n` +
        ',0\r\n',
    );
  });

  it('streams the byte-order mark and the header with the first batch, then one chunk per batch', async () => {
    async function* batches() {
      yield [{ n: 'a' }, { n: 'b,c' }];
      yield [];
      yield [{ n: 'd' }];
    }
    const chunks: string[] = [];
    for await (const chunk of csvStream(['name'], batches(), (r) => [r.n])) chunks.push(chunk);
    expect(chunks).toEqual(['\uFEFFname\r\na\r\n"b,c"\r\n', '', 'd\r\n']);
    const none: string[] = [];
    async function* empty() {}
    for await (const chunk of csvStream(['name'], empty(), () => [])) none.push(chunk);
    expect(none).toEqual(['\uFEFFname\r\n']);
  });
});
