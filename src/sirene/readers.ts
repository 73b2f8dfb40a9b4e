/**
 * The SIRENE files as typed records: a CSV reader (`csv-stream.ts`) whose rows are turned into
 * establishments or units (`records.ts`), with, when the import says what it keeps, the byte
 * pre-filter (`line-filter.js`) dropping the other lines before they are split.
 */

import { availableParallelism } from 'node:os';
import { cell } from './cells.ts';
import {
  type BadLine,
  type CsvReader,
  type CsvReadOptions,
  MissingColumnsError,
  openCsv,
} from './csv-stream.ts';
import { type DropSpec, dropperFor, LatestValue, SirenTable } from './line-filter.js';
import {
  ESTABLISHMENT_REQUIRED,
  type EstablishmentRecord,
  establishmentIndex,
  isBadLine,
  toEstablishment,
  toUnit,
  UNIT_REQUIRED,
  type UnitRecord,
  unitIndex,
} from './records.ts';

export interface SireneReader<T> {
  readonly source: string;
  readonly header: readonly string[];
  readonly bytesRead: number;
  readonly totalBytes: number | null;
  /** bad lines of the CSV layer and rows rejected here, together */
  readonly badLineCount: number;
  readonly badLines: readonly BadLine[];
  /** well-formed rows turned down by `keep`, never built into records */
  readonly skipped: number;
  /** of these, the lines dropped from their bytes (`line-filter.js`), never even decoded */
  readonly dropped: number;
  /** the latest processing timestamp of every well-formed row, skipped ones included */
  readonly lastProcessedAt: string | null;
  records(): AsyncGenerator<T, void, undefined>;
  close(): Promise<void>;
}

export type SireneReadOptions<K = never> = Pick<
  CsvReadOptions,
  'onBadLine' | 'keepBadLines' | 'maxRecordLines'
> & {
  /**
   * Rows to build (a commune code for establishments, a SIREN for units): the others are checked
   * (a bad line is reported all the same) and counted, but not built — in a national file most
   * rows are outside the territory, and building a record costs as much as splitting the line.
   */
  keep?: (key: K) => boolean;
  /** worker threads of the pre-filter, and the file size from which they start */
  parallel?: { threads: number; minBytes: number; blockBytes?: number };
};

function typed<T extends { lastProcessedAt: string | null }, I, K>(
  csv: CsvReader,
  required: readonly string[],
  index: I,
  convert: (
    fields: readonly string[],
    line: number,
    ix: I,
    keep?: (key: K) => boolean,
  ) => T | BadLine | null,
  processedColumn: number,
  keep?: (key: K) => boolean,
  latest = new LatestValue(),
): SireneReader<T> {
  const missing = required.filter((c) => csv.columnIndex(c) < 0);
  if (missing.length > 0) throw new MissingColumnsError(csv.source, missing);
  let skipped = 0;
  return {
    source: csv.source,
    header: csv.header,
    get bytesRead() {
      return csv.bytesRead;
    },
    totalBytes: csv.totalBytes,
    get badLineCount() {
      return csv.badLineCount;
    },
    badLines: csv.badLines,
    get skipped() {
      return skipped + csv.dropped;
    },
    get dropped() {
      return csv.dropped;
    },
    get lastProcessedAt() {
      return latest.value;
    },
    async *records() {
      for await (const row of csv.rows()) {
        const record = convert(row.fields, row.line, index, keep);
        if (record === null) {
          skipped++;
          latest.offer(cell(row.fields, processedColumn));
        } else if (isBadLine(record)) {
          csv.reportBadLine(record);
        } else {
          latest.offer(record.lastProcessedAt);
          yield record;
        }
      }
    },
    close: () => csv.close(),
  };
}

/** Typed establishments from an open CSV reader (e.g. `readCsv` over memory, in tests). */
export function establishmentsFrom(
  csv: CsvReader,
  keep?: (communeCode: string | null) => boolean,
): SireneReader<EstablishmentRecord> {
  const ix = establishmentIndex(csv.header);
  return typed(
    csv,
    ESTABLISHMENT_REQUIRED,
    ix,
    toEstablishment,
    ix.dateDernierTraitementEtablissement,
    keep,
  );
}

export function unitsFrom(
  csv: CsvReader,
  keep?: (siren: string) => boolean,
): SireneReader<UnitRecord> {
  const ix = unitIndex(csv.header);
  return typed(csv, UNIT_REQUIRED, ix, toUnit, ix.dateDernierTraitementUniteLegale, keep);
}

/**
 * The pre-filter of a large file, from 64 MB on, judges blocks of lines in WebAssembly
 * (`line-scan.js`) on worker threads: one per core but one (up to three), the reading thread
 * judging its share of the blocks beside them; on one core, the reading thread alone. Together
 * they do the reading's work, judging every line from its bytes, while the reading thread parses
 * only the lines kept (1 % of a national file) and the import writes them. Each worker costs
 * about 10 MB (plain JavaScript, no TypeScript loader: `line-filter.js`); on two cores, one
 * worker keeps the command's processes together under 300 MB.
 */
export const DEFAULT_PARALLEL = {
  threads: Math.min(3, availableParallelism() - 1),
  minBytes: 64 << 20,
};

/** The pre-filter's options of the CSV reader: line by line, and by blocks for a large file. */
function prefilter(
  spec: DropSpec,
  latest: LatestValue,
  parallel = DEFAULT_PARALLEL,
): Pick<CsvReadOptions, 'dropLines' | 'dropInWorkers'> {
  return {
    dropLines: (header) => dropperFor(spec, header, latest),
    dropInWorkers: { spec, ...parallel, onLatest: (value) => latest.offer(value) },
  };
}

/**
 * Opens a StockEtablissement file (.csv, .csv.gz or .zip); rejects when a used column is missing.
 * Given `communes`, it keeps the rows of those communes only, and drops the others from their
 * bytes (`line-filter.js`) without splitting them.
 */
export async function openEstablishments(
  path: string,
  options: SireneReadOptions<string | null> & { communes?: ReadonlySet<string> } = {},
): Promise<SireneReader<EstablishmentRecord>> {
  const { keep, communes, parallel, ...csv } = options;
  const latest = new LatestValue();
  const reader = await openCsv(path, {
    ...csv,
    required: ESTABLISHMENT_REQUIRED,
    ...(communes
      ? prefilter({ kind: 'establishments', communes: [...communes] }, latest, parallel)
      : {}),
  });
  const ix = establishmentIndex(reader.header);
  const kept = communes ? (c: string | null) => c !== null && communes.has(c) : keep;
  return typed(
    reader,
    ESTABLISHMENT_REQUIRED,
    ix,
    toEstablishment,
    ix.dateDernierTraitementEtablissement,
    kept,
    latest,
  );
}

/**
 * Opens a StockUniteLegale file (.csv, .csv.gz or .zip); rejects when a used column is missing.
 * Given `sirens`, it keeps those units only, and drops the others from their bytes.
 */
export async function openUnits(
  path: string,
  options: SireneReadOptions<string> & { sirens?: ReadonlySet<number> } = {},
): Promise<SireneReader<UnitRecord>> {
  const { keep, sirens, parallel, ...csv } = options;
  const latest = new LatestValue();
  const reader = await openCsv(path, {
    ...csv,
    required: UNIT_REQUIRED,
    ...(sirens
      ? prefilter({ kind: 'units', sirens: SirenTable.of(sirens).memory }, latest, parallel)
      : {}),
  });
  const ix = unitIndex(reader.header);
  const kept = sirens ? (siren: string) => sirens.has(Number(siren)) : keep;
  return typed(
    reader,
    UNIT_REQUIRED,
    ix,
    toUnit,
    ix.dateDernierTraitementUniteLegale,
    kept,
    latest,
  );
}
