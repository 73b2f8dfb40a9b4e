import { describe, expect, it } from 'vitest';
import { toCsv } from './charts.tsx';

describe("a chart's CSV", () => {
  it('quotes what needs it, and defuses text a spreadsheet would run as a formula', () => {
    const csv = toCsv(
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
});
