import type { ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadTerritory, type TerritoryIndex } from '../hub/territory.service.ts';
import { heartbeat } from '../kernel/jobs.ts';
import { MissingColumnsError } from '../sirene/csv-stream.ts';
import {
  type FileProgress,
  FileReadError,
  type FileRole,
  type ReaderMessage,
  startFileReader,
} from './file-reader.ts';
import {
  type ImportFile,
  type ImportsRepository,
  importsRepository,
} from './imports.repository.ts';
import { type MergeCounts, mergeImport } from './merge.repository.ts';

/**
 * How the import command opens the embedded database: PGlite keeps PostgreSQL's shared buffers and
 * work areas inside the process, and an import that streams rows in and merges them once, in
 * sequential passes, needs few of them (the server's own settings are left alone).
 */
export const IMPORT_EMBEDDED_SETTINGS = {
  shared_buffers: '16MB',
  work_mem: '2MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
} as const;

/** staging statements under way at once */
const IN_FLIGHT = 3;
const PROGRESS_EVERY_MS = 1000;

export type ImportProgress = {
  /** reading the files into staging, then merging them into the register (one transaction) */
  phase: 'reading' | 'merging';
  file: 'establishments' | 'units';
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
  rowsPerSecond: number;
};

export type ImportSummary = MergeCounts & {
  importId: number;
  asOf: string;
  establishmentRowsRead: number;
  unitRowsRead: number;
  establishmentsInTerritory: number;
  unitsMatched: number;
  rejectedLines: number;
  rejections: { file: string; line: number; reason: string }[];
  seconds: number;
  /** reading the files into staging, and merging into the register */
  readSeconds: number;
  mergeSeconds: number;
};

export type ImportRequest = {
  establishmentsPath?: string;
  unitsPath?: string;
  allSectors?: boolean;
  /** the date the observations are dated (default: the latest processing date in the files) */
  asOf?: string;
  /** marks what this import creates as demonstration data */
  demo?: boolean;
  /** the smallest write into a table that builds its indexes again afterwards (tests set it) */
  bulkMinRows?: number;
  /** shown each message of the reading process, and the process (tests end it midway) */
  watchReader?: (message: ReaderMessage, child: ChildProcess) => void;
};

export function describeFiles(request: ImportRequest, sizes: Map<string, number>): ImportFile[] {
  const files: ImportFile[] = [];
  if (request.establishmentsPath) {
    const p = request.establishmentsPath;
    files.push({ role: 'establishments', path: p, name: basename(p), bytes: sizes.get(p) ?? 0 });
  }
  if (request.unitsPath) {
    const p = request.unitsPath;
    files.push({ role: 'units', path: p, name: basename(p), bytes: sizes.get(p) ?? 0 });
  }
  return files;
}

/** What reading the files counts, shared by both files, and what the merge and summary tell. */
type Reading = {
  importId: number;
  repo: ImportsRepository;
  started: number;
  bytesTotal: number;
  onProgress: (p: ImportProgress) => void;
  /** the latest processing date in the files */
  latest: string;
  establishmentRowsRead: number;
  unitRowsRead: number;
  inTerritory: number;
  unitsMatched: number;
  rejected: number;
  /** the bytes of the files read to the end */
  bytesBefore: number;
  lastBeat: number;
};

/**
 * Batches are written while the reading process parses the next ones, up to IN_FLIGHT at once
 * (PGlite's one connection takes them in turn); a failure surfaces at the next batch.
 */
function batchWriter() {
  const writing = new Set<Promise<void>>();
  let failure: unknown;
  return {
    async send(write: () => Promise<void>) {
      while (writing.size >= IN_FLIGHT) await Promise.race(writing);
      if (failure) throw failure;
      const written: Promise<void> = write().then(
        () => {
          writing.delete(written);
        },
        (error: unknown) => {
          failure ??= error;
          writing.delete(written);
        },
      );
      writing.add(written);
    },
    /** every batch written, or the first failure thrown */
    async finish() {
      await Promise.all(writing);
      if (failure) throw failure;
    },
    /** the batches under way, whatever becomes of them */
    settle: () => Promise.allSettled(writing),
  };
}

/** What the parent knows of the file being read, from the reading process's messages. */
function fileCounts(state: Reading) {
  const built = { establishments: 0, units: 0 };
  const skipped = { establishments: 0, units: 0 };
  let role: FileRole = 'establishments';
  /** bytes read of the file under way (those of the files read to the end are in bytesBefore) */
  let bytes = 0;
  return {
    get role() {
      return role;
    },
    get bytes() {
      return bytes;
    },
    take(p: FileProgress) {
      role = p.role;
      bytes = p.bytesRead;
      built[p.role] = p.built;
      skipped[p.role] = p.skipped;
      state.establishmentRowsRead = built.establishments + skipped.establishments;
      state.unitRowsRead = built.units + skipped.units;
      state.inTerritory = built.establishments;
      state.unitsMatched = built.units;
    },
    /** the file was read to the end */
    ended(p: FileProgress) {
      state.bytesBefore += p.bytesRead;
      bytes = 0;
    },
  };
}

/**
 * Reads the files in a process of their own (`file-reader.ts`): the establishments of the
 * territory, then the legal units the register wants. This process writes what it sends into
 * staging, a batch at a time, with the rejected lines, and says the progress.
 */
async function readFiles(state: Reading, request: ImportRequest, territory: TerritoryIndex) {
  const { repo, importId } = state;
  const reading = startFileReader({
    type: 'read',
    importId,
    ...(request.establishmentsPath ? { establishmentsPath: request.establishmentsPath } : {}),
    ...(request.unitsPath ? { unitsPath: request.unitsPath } : {}),
    communes: [...territory.communes.keys()],
  });
  const counts = fileCounts(state);
  const pending: { file: string; line: number; reason: string }[] = [];
  const flushRejections = () => repo.reject(importId, pending.splice(0));
  const tick = async (force = false) => {
    const now = Date.now();
    if (!force && now - state.lastBeat < PROGRESS_EVERY_MS) return;
    state.lastBeat = now;
    const bytesRead = state.bytesBefore + counts.bytes;
    const rowsRead = state.establishmentRowsRead + state.unitRowsRead;
    await repo.progress(importId, bytesRead, rowsRead);
    const seconds = Math.max(0.001, (now - state.started) / 1000);
    state.onProgress({
      phase: 'reading',
      file: counts.role,
      bytesRead,
      bytesTotal: state.bytesTotal,
      rowsRead,
      rowsPerSecond: rowsRead / seconds,
    });
  };
  const writer = batchWriter();
  // the heartbeat also beats while the reader turns down rows it never sends
  const beat = setInterval(() => {
    flushRejections()
      .then(() => tick())
      .catch(() => {});
  }, PROGRESS_EVERY_MS);
  try {
    if (request.unitsPath) {
      await repo.registerSirens((sirens) => reading.send({ type: 'sirens', sirens }));
      reading.send({ type: 'sirens-end' });
    }
    for await (const message of reading.messages) {
      request.watchReader?.(message, reading.child);
      if (message.type === 'batch') {
        counts.take(message);
        const { role, lines } = message;
        await writer.send(() => repo.stageLines(role, lines));
        reading.send({ type: 'ack' });
      } else if (message.type === 'progress') {
        counts.take(message);
      } else if (message.type === 'rejected') {
        // every rejected line is counted; only the first ones come with their details
        state.rejected += message.count;
        for (const bad of message.lines) pending.push({ file: message.role, ...bad });
        if (pending.length >= 1000) await flushRejections();
      } else if (message.type === 'file-end') {
        counts.take(message);
        await writer.finish();
        await flushRejections();
        const at = message.lastProcessedAt;
        if (at && at > state.latest) state.latest = at;
        await tick(true);
        counts.ended(message);
      }
    }
  } finally {
    clearInterval(beat);
    reading.stop();
    await writer.settle();
    // the first rejected lines of a file that stopped the import say why it stopped
    await flushRejections().catch(() => {});
  }
}

/**
 * Merges the staging rows into the register in one transaction, which also drops them and marks
 * the import done with its summary.
 */
async function mergeStaged(
  db: Kysely<DB>,
  state: Reading,
  request: ImportRequest,
  read: { asOf: string; readSeconds: number },
): Promise<ImportSummary> {
  const { repo, importId } = state;
  const { asOf } = read;
  // The merge is one transaction, which may last a while: beside it the job keeps its heartbeat
  // (on the server through another connection; PGlite's single one takes the beat after it) and
  // the caller hears that it is merging. One beat at a time, never a queue of them.
  await repo.beatWhileMerging(importId);
  const beat = heartbeat(() => repo.beatWhileMerging(importId), PROGRESS_EVERY_MS);
  const merging = setInterval(() => {
    const rowsRead = state.establishmentRowsRead + state.unitRowsRead;
    const seconds = Math.max(0.001, (Date.now() - state.started) / 1000);
    state.onProgress({
      phase: 'merging',
      file: request.unitsPath ? 'units' : 'establishments',
      bytesRead: state.bytesBefore,
      bytesTotal: state.bytesTotal,
      rowsRead,
      rowsPerSecond: rowsRead / seconds,
    });
  }, PROGRESS_EVERY_MS);
  return db
    .transaction()
    .execute(async (trx) => {
      const merged = await mergeImport(trx, {
        importId,
        asOf,
        allSectors: request.allSectors ?? false,
        demo: request.demo ?? false,
        ...(request.bulkMinRows === undefined ? {} : { bulkMinRows: request.bulkMinRows }),
      });
      const job = importsRepository(trx);
      await job.dropStage(importId);
      const summary: ImportSummary = {
        importId,
        asOf,
        establishmentRowsRead: state.establishmentRowsRead,
        unitRowsRead: state.unitRowsRead,
        establishmentsInTerritory: state.inTerritory,
        unitsMatched: state.unitsMatched,
        rejectedLines: state.rejected,
        rejections: [],
        seconds: 0,
        readSeconds: read.readSeconds,
        mergeSeconds: 0,
        ...merged,
      };
      await job.finish(importId, {
        asOf,
        summary,
        rowsRead: state.establishmentRowsRead + state.unitRowsRead,
        bytesRead: state.bytesBefore,
      });
      return summary;
    })
    .finally(() => {
      clearInterval(merging);
      beat.stop();
    });
}

/**
 * Reads the official files with constant memory into staging rows (only the territory's), then
 * merges them into the register in one transaction. A crash while reading leaves the register
 * untouched; running the same import again reads again and completes it.
 */
export async function runSireneImport(
  db: Kysely<DB>,
  importId: number,
  request: ImportRequest,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportSummary> {
  const started = Date.now();
  const repo = importsRepository(db);
  await repo.clearStage(importId);
  const territory = await loadTerritory(db);
  const state: Reading = {
    importId,
    repo,
    started,
    bytesTotal: (await repo.find(importId))?.bytes_total ?? 0,
    onProgress,
    latest: '',
    establishmentRowsRead: 0,
    unitRowsRead: 0,
    inTerritory: 0,
    unitsMatched: 0,
    rejected: 0,
    bytesBefore: 0,
    lastBeat: 0,
  };
  try {
    await readFiles(state, request, territory);
  } catch (error) {
    // nothing of a file that could not be read is merged, nor kept in staging
    await repo.dropStage(importId).catch(() => {});
    throw error;
  }
  const readSeconds = (Date.now() - started) / 1000;
  const asOf =
    request.asOf ??
    (state.latest ? state.latest.slice(0, 10) : new Date().toISOString().slice(0, 10));
  const counts = await mergeStaged(db, state, request, { asOf, readSeconds });
  const mergeSeconds = (Date.now() - started) / 1000 - readSeconds;
  await repo.vacuum();
  const rejections = await repo.rejections(importId, 100);
  return {
    ...counts,
    rejections: rejections.map((r) => ({ ...r, line: Number(r.line) })),
    seconds: (Date.now() - started) / 1000,
    mergeSeconds,
  };
}

/**
 * Opens each file and reads its header, in a reading process of its own, without writing
 * anything: a missing column, a missing file, an unknown extension or an archive that is refused
 * stops the import here, named.
 */
export async function checkSireneFiles(request: ImportRequest): Promise<Map<string, number>> {
  if (!request.establishmentsPath && !request.unitsPath) {
    throw new Error('Give --establishments FILE, --units FILE, or both.');
  }
  const reading = startFileReader({
    type: 'check',
    ...(request.establishmentsPath ? { establishmentsPath: request.establishmentsPath } : {}),
    ...(request.unitsPath ? { unitsPath: request.unitsPath } : {}),
  });
  try {
    for await (const message of reading.messages) {
      if (message.type === 'checked') return new Map(message.sizes);
    }
    throw new FileReadError(null, 'no answer from the reading process');
  } catch (error) {
    if (error instanceof FileReadError && error.missing) {
      const path = error.role === 'units' ? request.unitsPath : request.establishmentsPath;
      throw new MissingColumnsError(path ?? '', error.missing);
    }
    throw error;
  } finally {
    reading.stop();
  }
}
