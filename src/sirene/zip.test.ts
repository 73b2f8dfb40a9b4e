import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsv } from './csv-stream.ts';
import { hostileZip } from './test-archives.ts';
import { ZipEntryWriter } from './zip.ts';

const TEXT = '"siren","name"\n"1","one"\n"2","two"\n';

describe('ZIP archives: what is refused before a byte of data is read', () => {
  let dir: string;
  let good: Buffer;
  /** where the entry's central directory header starts in `good` (one entry, no comment) */
  let central: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sirene-zip-'));
    const zip = new ZipEntryWriter(
      join(dir, 'good.zip'),
      'Stock.csv',
      new Date(Date.UTC(2026, 0, 1)),
    );
    zip.write(TEXT);
    await zip.close();
    good = await readFile(join(dir, 'good.zip'));
    central = good.length - 22 - (46 + 'Stock.csv'.length);
    expect(good.readUInt32LE(central)).toBe(0x02014b50);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** the good archive with its central directory changed */
  async function patched(name: string, change: (b: Buffer) => void): Promise<string> {
    const bytes = Buffer.from(good);
    change(bytes);
    await writeFile(join(dir, name), bytes);
    return join(dir, name);
  }

  it('reads a sound archive', async () => {
    const reader = await openCsv(join(dir, 'good.zip'));
    const names = [];
    for await (const r of reader.records()) names.push(r.values.name);
    expect(names).toEqual(['one', 'two']);
    expect(reader.bytesRead).toBe(reader.totalBytes);
  });

  it('refuses the 128-byte archive that claims a central directory of 4 GB, without reading it', async () => {
    const path = join(dir, 'hostile.zip');
    await writeFile(path, hostileZip());
    expect(hostileZip().length).toBe(128);
    await expect(openCsv(path)).rejects.toThrow(/^not a readable zip archive/);
  });

  it('refuses an entry that would come out far larger than it goes in (a zip bomb)', async () => {
    const path = await patched('bomb.zip', (b) => b.writeUInt32LE(0xf0000000, central + 24));
    await expect(openCsv(path)).rejects.toThrow(
      /Stock\.csv: refused, 4 026 531 840 bytes out of \d+/,
    );
  });

  it('stops an entry that comes out larger than it says', async () => {
    const path = await patched('liar.zip', (b) => b.writeUInt32LE(20, central + 24));
    const reader = await openCsv(path).catch((error: Error) => error);
    // the header already passes the 20 bytes announced: the open or the first rows fail
    const failure =
      reader instanceof Error
        ? reader
        : await (async () => {
            for await (const _ of reader.records());
          })().catch((error: Error) => error);
    expect(String(failure)).toMatch(/too many bytes in the stream/);
  });

  it('refuses an encrypted entry, and an entry whose data lies outside the file', async () => {
    const encrypted = await patched('encrypted.zip', (b) => {
      b.writeUInt16LE(b.readUInt16LE(central + 8) | 1, central + 8);
      b.writeUInt16LE(b.readUInt16LE(6) | 1, 6);
    });
    await expect(openCsv(encrypted)).rejects.toThrow(/Stock\.csv: encrypted entries are refused/);
    const outside = await patched('outside.zip', (b) => b.writeUInt32LE(1_000_000, central + 20));
    await expect(openCsv(outside)).rejects.toThrow(/Stock\.csv: .*beyond the end of the file/);
  });

  it('stops a gzip file once it has given more than the ratio allows', async () => {
    const rows = '"1","one"\n'.repeat(200_000); // 2 MB that compress to a few KB
    const path = join(dir, 'bomb.csv.gz');
    await writeFile(path, gzipSync(`"siren","name"\n${rows}`));
    const expansion = { ratio: 100, floor: 64 * 1024 };
    const reader = await openCsv(path, { expansion });
    let read = 0;
    const stopped = (async () => {
      for await (const _ of reader.records()) read++;
    })();
    await expect(stopped).rejects.toThrow(/^refused: this gzip file gives more than 100 times/);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(200_000);
    // the same file within a looser limit reads to the end
    const loose = await openCsv(path, { expansion: { ratio: 1000, floor: 64 * 1024 } });
    let all = 0;
    for await (const _ of loose.records()) all++;
    expect(all).toBe(200_000);
  });

  it('refuses a file that is no archive, and an archive without a CSV', async () => {
    const junk = join(dir, 'junk.zip');
    await writeFile(junk, Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(300, 7)]));
    await expect(openCsv(junk)).rejects.toThrow(/^not a readable zip archive/);
    const zip = new ZipEntryWriter(join(dir, 'none.zip'), 'readme.txt', new Date());
    zip.write('hello');
    await zip.close();
    await expect(openCsv(join(dir, 'none.zip'))).rejects.toThrow(/no \.csv entry/);
  });
});
