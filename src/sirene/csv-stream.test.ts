import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CsvReader, MissingColumnsError, openCsv, readCsv } from './csv-stream.ts';
import { Rng } from './sample/data.ts';
import { ZipEntryWriter } from './zip.ts';

/** Feeds text as Buffers cut at the given sizes (cycled), to cross every kind of boundary. */
async function* chunks(text: string, sizes: number[] = [1 << 16]) {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function readAll(reader: CsvReader) {
  const records = [];
  for await (const r of reader.records()) records.push(r);
  return { records, bad: [...reader.badLines] };
}

const read = async (text: string, options = {}, sizes?: number[]) =>
  readAll(await readCsv(chunks(text, sizes), options));

describe('CSV reading: fields, quoting and bad lines', () => {
  it('reads quoted and unquoted fields by header name, with physical line numbers', async () => {
    const { records, bad } = await read('"a","b","c"\n"1","x","y"\n2,,z\n');
    expect(bad).toEqual([]);
    expect(records).toEqual([
      { line: 2, values: { a: '1', b: 'x', c: 'y' } },
      { line: 3, values: { a: '2', b: null, c: 'z' } },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', async () => {
    const text = [
      '"siren","name","note"',
      '"1","SOCIETE ""ALPHA"", SAS","two',
      'lines"',
      '"2","A, B","three',
      '',
      'lines, with a blank one"',
      '"3","end",""""',
    ].join('\r\n');
    const { records, bad } = await read(text);
    expect(bad).toEqual([]);
    expect(records.map((r) => [r.line, r.values.name, r.values.note])).toEqual([
      [2, 'SOCIETE "ALPHA", SAS', 'two\nlines'],
      [4, 'A, B', 'three\n\nlines, with a blank one'],
      [7, 'end', '"'],
    ]);
  });

  it('turns [ND] and empty values into null, and leaves other text alone', async () => {
    const { records } = await read('"a","b","c","d"\n"[ND]","","[ND]x"," "\n');
    expect(records[0]?.values).toEqual({ a: null, b: null, c: '[ND]x', d: ' ' });
  });

  it('reports bad lines with their reasons and reads on', async () => {
    const text = [
      '"a","b","c"',
      '"1","x","y"', // 2 good
      '"2","x"', // 3 one field short
      '"3","SOCIETE "ALPHA" SAS","y"', // 4 inner quotes not doubled
      '"4","x","unterminated', // 5 quote never closed
      '"5","x","y"', // 6 good: read again after line 5 is dropped
      '"6",x"y,"z"', // 7 quote inside an unquoted field
      '"7","x","y","extra"', // 8 one field too many
      '"8","x","y"', // 9 good
      '"9","x","never closed at the end',
    ].join('\n');
    const { records, bad } = await read(text);
    expect(records.map((r) => r.line)).toEqual([2, 6, 9]);
    expect(bad.map((b) => [b.line, b.reason.split(':')[0]])).toEqual([
      [3, 'field count'],
      [4, 'broken quoting'],
      [5, 'unterminated quote'],
      [7, 'broken quoting'],
      [8, 'field count'],
      [10, 'unterminated quote'],
    ]);
    expect(bad[0]?.reason).toBe('field count: expected 3 fields, found 2');
  });

  it('gives up on a quoted value after maxRecordLines lines and reads the lines after it', async () => {
    const body = Array.from({ length: 8 }, (_, i) => `${i},plain`);
    const text = ['a,b', '"x,open', ...body].join('\n');
    const { records, bad } = await read(text, { maxRecordLines: 3 });
    expect(bad).toEqual([{ line: 2, reason: expect.stringMatching(/^unterminated quote/) }]);
    expect(records.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('calls onBadLine as it goes and counts past the kept list', async () => {
    const seen: number[] = [];
    const text = `a,b\n${Array.from({ length: 5 }, () => 'only-one').join('\n')}\n1,2\n`;
    const reader = await readCsv(chunks(text), {
      keepBadLines: 2,
      onBadLine: (b) => seen.push(b.line),
    });
    const { records, bad } = await readAll(reader);
    expect(records).toHaveLength(1);
    expect(seen).toEqual([2, 3, 4, 5, 6]);
    expect(bad).toHaveLength(2);
    expect(reader.badLineCount).toBe(5);
  });
});

describe('CSV reading: header, chunk boundaries and random fields', () => {
  it('fails before any record when required columns are missing, naming each', async () => {
    let pulled = 0;
    async function* source() {
      yield '"siren","nic","other"\n';
      pulled++;
      yield '"1","2","3"\n';
    }
    const opening = readCsv(source(), { required: ['siren', 'siret', 'nic', 'codeCommune'] });
    await expect(opening).rejects.toBeInstanceOf(MissingColumnsError);
    await expect(opening).rejects.toMatchObject({ missing: ['siret', 'codeCommune'] });
    await expect(opening).rejects.toThrow(/siret, codeCommune/);
    expect(pulled).toBe(0);
  });

  it('finds columns by name in any order and ignores unknown ones', async () => {
    const text = '"new2025","nic","siren","other"\n"x","00012","123","y"\n';
    const reader = await readCsv(chunks(text), { required: ['siren'], columns: ['nic', 'gone'] });
    const { records } = await readAll(reader);
    expect(records[0]?.values).toEqual({ siren: '123', nic: '00012' });
    expect(reader.header).toEqual(['new2025', 'nic', 'siren', 'other']);
  });

  it('reads the same whatever the chunk boundaries (UTF-8 split mid-character, BOM, CRLF)', async () => {
    const text =
      '\uFEFF"nom","ville"\r\n"Élodie","Saint-Martin-d’Hères"\r\n"Zoë, ""Z""","Échirolles\r\nCedex"\r\n';
    const whole = await read(text);
    expect(whole.records.map((r) => r.values)).toEqual([
      { nom: 'Élodie', ville: 'Saint-Martin-d’Hères' },
      { nom: 'Zoë, "Z"', ville: 'Échirolles\nCedex' },
    ]);
    for (const sizes of [[1], [2, 3], [7, 1, 13]]) {
      expect(await read(text, {}, sizes)).toEqual(whole);
    }
  });

  it('round-trips random fields through quoting (seeded property test)', async () => {
    const rng = new Rng(2024);
    const alphabet = ['a', 'Z', '9', ',', '"', '\n', ' ', 'é', '[ND]', '€'];
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + rng.int(5);
      const header = Array.from({ length: width }, (_, i) => `c${i}`);
      const rows = Array.from({ length: 1 + rng.int(6) }, () =>
        Array.from({ length: width }, () =>
          Array.from({ length: rng.int(6) }, () => rng.pick(alphabet)).join(''),
        ),
      );
      const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
      const text = [header, ...rows].map((r) => r.map(quote).join(',')).join('\n');
      const { records, bad } = await read(text, { maxRecordLines: 100 }, [1 + rng.int(40)]);
      expect(bad).toEqual([]);
      const expected = rows.map((r) =>
        Object.fromEntries(r.map((v, i) => [`c${i}`, v === '' || v === '[ND]' ? null : v])),
      );
      expect(records.map((r) => r.values)).toEqual(expected);
      // each record starts one line after the previous one ended
      let line = 2;
      records.forEach((r, i) => {
        expect(r.line).toBe(line);
        line += 1 + ((rows[i] as string[]).join('').match(/\n/g)?.length ?? 0);
      });
    }
  });

  it('fails clearly on an empty file or a broken header', async () => {
    await expect(readCsv(chunks(''))).rejects.toThrow(/empty file/);
    await expect(readCsv(chunks('"a"b",c\n1,2\n'))).rejects.toThrow(/header line 1/);
  });
});

describe('CSV reading: the length of a line is limited', () => {
  it('refuses a line of 8 MB with its number, having read one chunk of it', async () => {
    let pulled = 0;
    async function* source() {
      yield Buffer.from('"a","b"\n"1","2"\n"3","');
      for (let i = 0; i < 128; i++) {
        pulled++;
        yield Buffer.alloc(1 << 16, 0x78);
      }
      yield Buffer.from('"\n"4","5"\n');
    }
    const reader = await readCsv(source());
    await expect(readAll(reader)).rejects.toThrow(/^line 3: longer than 65 536 bytes/);
    expect(pulled).toBe(1);
  });

  it('refuses an ended line over the limit, counting bytes rather than characters', async () => {
    // 30 000 three-byte characters: 90 000 bytes in one chunk, the line break with them
    const text = `"a"\n"${'€'.repeat(30_000)}"\n`;
    await expect(read(text)).rejects.toThrow(/^line 2: longer than 65 536 bytes/);
  });

  it('reads a line just under the limit, however small the chunks it comes in', async () => {
    const value = 'y'.repeat(65_000);
    const { records, bad } = await read(`"a","b"\r\n"${value}","z"\r\n"2","3"\r\n`, {}, [7]);
    expect(bad).toEqual([]);
    expect(records.map((r) => [r.line, r.values.a?.length, r.values.b])).toEqual([
      [2, 65_000, 'z'],
      [3, 1, '3'],
    ]);
  });
});

describe('CSV files: plain, gzip and zip read alike', () => {
  let dir: string;
  const text = `"siren","name"\n"1","A, ""B"""\n"2","two\nlines"\n"3","[ND]"\nbroken"\n"4","ok"\n`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sirene-csv-'));
    await writeFile(join(dir, 'f.csv'), text);
    await writeFile(join(dir, 'f.csv.gz'), gzipSync(text));
    const zip = new ZipEntryWriter(
      join(dir, 'f.zip'),
      'data/f.csv',
      new Date(Date.UTC(2026, 3, 1)),
    );
    zip.write(text);
    await zip.close();
    await writeFile(join(dir, 'big64.zip'), zip64Archive('Stock.csv', Buffer.from(text)));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the same records, bad lines and progress for each', async () => {
    const plain = await openCsv(join(dir, 'f.csv'));
    const expected = await readAll(plain);
    expect(expected.records.map((r) => r.values.name)).toEqual([
      'A, "B"',
      'two\nlines',
      null,
      'ok',
    ]);
    expect(expected.bad).toEqual([{ line: 6, reason: expect.stringMatching(/^broken quoting/) }]);
    expect(plain.bytesRead).toBe(Buffer.byteLength(text));
    for (const name of ['f.csv.gz', 'f.zip', 'big64.zip']) {
      const reader = await openCsv(join(dir, name));
      expect(await readAll(reader)).toEqual(expected);
      expect(reader.bytesRead).toBe(reader.totalBytes);
    }
  });

  it('refuses other extensions and archives without a CSV', async () => {
    await expect(openCsv(join(dir, 'f.txt'))).rejects.toThrow(/\.csv, \.csv\.gz or \.zip/);
    const zip = new ZipEntryWriter(join(dir, 'none.zip'), 'readme.txt', new Date());
    zip.write('hello');
    await zip.close();
    await expect(openCsv(join(dir, 'none.zip'))).rejects.toThrow(/no \.csv entry/);
  });

  it('stops reading and releases the file when the consumer stops early', async () => {
    const reader = await openCsv(join(dir, 'f.csv.gz'));
    for await (const _ of reader.records()) break;
    await reader.close(); // closing twice is harmless
  });
});

/**
 * A stored (uncompressed) archive in ZIP64 form, as INSEE's 9 GB file needs: 0xFFFFFFFF in the
 * 32-bit size and offset fields, the real values in the ZIP64 extra field and end records.
 */
function zip64Archive(name: string, data: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const extra = Buffer.alloc(28);
  extra.writeUInt16LE(1, 0);
  extra.writeUInt16LE(24, 2);
  extra.writeBigUInt64LE(BigInt(data.length), 4); // uncompressed
  extra.writeBigUInt64LE(BigInt(data.length), 12); // compressed
  extra.writeBigUInt64LE(0n, 20); // local header offset
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 6);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(extra.length, 30);
  central.writeUInt32LE(0xffffffff, 42);
  const cdOffset = local.length + nameBytes.length + data.length;
  const cdSize = central.length + nameBytes.length + extra.length;
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeBigUInt64LE(1n, 24);
  end64.writeBigUInt64LE(1n, 32);
  end64.writeBigUInt64LE(BigInt(cdSize), 40);
  end64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, extra, end64, locator, end]);
}
