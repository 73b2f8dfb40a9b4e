import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../scripts/build-wasm.js';
import { MAX_RECORD_LINES } from './csv-parser.ts';
import { ESTABLISHMENT_HEADER, UNIT_HEADER } from './headers.ts';
import { establishments, units, WANTED } from './hostile-lines.testing.ts';
import { type DropSpec, dropperFor, judgeBlock, LatestValue, SirenTable } from './line-filter.js';
import { LineScanner } from './line-scan.js';
import { Rng } from './sample/data.ts';

const WINDOW = MAX_RECORD_LINES - 1;

/** lines a verdict drops: those it does not name, and those it names as dropped */
const droppedOf = ({ lines, read }: { lines: number; read: Int32Array }) =>
  lines - read.filter((v, i) => i % 4 === 3 && v === 0).length;

/** The lines after the header, ending with a line break, at `offset` bytes into their memory. */
function block(content: string, offset: number): Buffer {
  const body = Buffer.from(`${content.slice(content.indexOf('\n') + 1)}\n`);
  const memory = Buffer.alloc(offset + body.length + 7, 0x2c); // commas around: never read
  body.copy(memory, offset);
  return memory.subarray(offset, offset + body.length);
}

/** judgeBlock in JavaScript and in WebAssembly, each with its own latest processing time */
function bothWays(spec: DropSpec, header: readonly string[], bytes: Buffer, maxBytes = 65_536) {
  const inJs = new LatestValue();
  const inWasm = new LatestValue();
  const scanner = LineScanner.for(spec, header, inWasm, maxBytes);
  expect(scanner).toBeDefined();
  return {
    js: {
      ...judgeBlock(bytes, dropperFor(spec, header, inJs), WINDOW, maxBytes),
      latest: inJs.value,
    },
    wasm: {
      ...judgeBlock(bytes, dropperFor(spec, header, inWasm), WINDOW, maxBytes, scanner),
      latest: inWasm.value,
    },
  };
}

describe('the pre-filter in WebAssembly', () => {
  it('is the module its text assembles to', async () => {
    const committed = await readFile(new URL('./line-scan.wasm', import.meta.url));
    expect(Buffer.compare(await assemble(), committed)).toBe(0);
  });

  it('judges hostile establishment lines as the JavaScript dropper does', () => {
    const spec: DropSpec = { kind: 'establishments', communes: [...WANTED] };
    for (let seed = 1; seed <= 8; seed++) {
      const bytes = block(establishments(new Rng(300 + seed), 4000), seed);
      const { js, wasm } = bothWays(spec, ESTABLISHMENT_HEADER, bytes);
      expect(wasm).toEqual(js);
      // the block held lines of each kind: dropped, kept, and a processing time
      expect(js.lines).toBeGreaterThan(3900);
      expect(droppedOf(js)).toBeGreaterThan(1000);
      expect(droppedOf(js)).toBeLessThan(js.lines - 400);
      expect(js.latest).toBe('2026-01-05T10:00:00');
    }
  });

  it('judges hostile legal unit lines as the JavaScript dropper does', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const wanted = new Set<number>();
      const bytes = block(units(new Rng(400 + seed), 4000, wanted).replace(/^\ufeff/, ''), seed);
      const spec: DropSpec = { kind: 'units', sirens: SirenTable.of(wanted).memory };
      const { js, wasm } = bothWays(spec, UNIT_HEADER, bytes);
      expect(wasm).toEqual(js);
      expect(droppedOf(js)).toBeGreaterThan(1000);
      expect(droppedOf(js)).toBeLessThan(js.lines - 400);
    }
  });

  it('judges a block of more lines than a call holds, and leaves out an unfinished last line', () => {
    const spec: DropSpec = { kind: 'establishments', communes: ['38185'] };
    const rows = establishments(new Rng(9), 40_000);
    const bytes = block(rows, 0);
    const { js, wasm } = bothWays(spec, ESTABLISHMENT_HEADER, bytes);
    expect(wasm).toEqual(js);
    expect(js.lines).toBeGreaterThan(39_000);
    // the last line without its line break: neither way counts it
    const cut = bytes.subarray(0, bytes.length - 1);
    const unfinished = bothWays(spec, ESTABLISHMENT_HEADER, cut);
    expect(unfinished.wasm).toEqual(unfinished.js);
    expect(unfinished.js.lines).toBe(js.lines - 1);
  });

  it('never drops a La Poste line whose NIC holds a letter, though its SIRET sums as La Poste’s', () => {
    // 3 + 5 + 6 + ("c" read as a digit: 51) = 65, a multiple of 5: only the NIC's own check
    // refuses it; with "00001", 15: a valid La Poste SIRET
    const line = (nic: string) =>
      ESTABLISHMENT_HEADER.map((h) =>
        h === 'siren'
          ? '356000000'
          : h === 'nic'
            ? nic
            : h === 'siret'
              ? `356000000${nic}`
              : h === 'etatAdministratifEtablissement'
                ? 'A'
                : h === 'etablissementSiege'
                  ? 'false'
                  : h === 'codeCommuneEtablissement'
                    ? '75108'
                    : '',
      ).join(',');
    const spec: DropSpec = { kind: 'establishments', communes: ['38185'] };
    const bytes = block(`header\n${line('0000c')}\n${line('00001')}`, 1);
    const { js, wasm } = bothWays(spec, ESTABLISHMENT_HEADER, bytes);
    expect(wasm).toEqual(js);
    // the letter's line is read (and rejected by the full reader), the valid one dropped (both
    // named, as the first lines of a block are, with what was decided)
    expect([...js.read].filter((_, i) => i % 4 === 3)).toEqual([0, 1]);
  });

  it('never drops a line longer than the reader takes', () => {
    const spec: DropSpec = { kind: 'establishments', communes: [...WANTED] };
    const bytes = block(establishments(new Rng(11), 2000), 3);
    const { js, wasm } = bothWays(spec, ESTABLISHMENT_HEADER, bytes, 80);
    expect(wasm).toEqual(js);
    // every line that could be dropped is longer (53 commas, 28 digits of identifiers): none is
    expect(droppedOf(js)).toBe(0);
    expect(droppedOf(bothWays(spec, ESTABLISHMENT_HEADER, bytes).js)).toBeGreaterThan(500);
  });

  it('judges nothing it cannot name: a column missing, a commune not of five characters, too many fields', () => {
    const latest = new LatestValue();
    const communes = { kind: 'establishments', communes: ['38185'] } as const;
    const without = ESTABLISHMENT_HEADER.filter((h) => h !== 'codeCommuneEtablissement');
    expect(LineScanner.for(communes, without, latest, 65_536)).toBeUndefined();
    const odd = { kind: 'establishments', communes: ['381'] } as const;
    expect(LineScanner.for(odd, ESTABLISHMENT_HEADER, latest, 65_536)).toBeUndefined();
    const wide = [...ESTABLISHMENT_HEADER, ...Array.from({ length: 1000 }, (_, i) => `x${i}`)];
    expect(LineScanner.for(communes, wide, latest, 65_536)).toBeUndefined();
    expect(LineScanner.for(communes, ESTABLISHMENT_HEADER, latest, 65_536)).toBeDefined();
  });
});
