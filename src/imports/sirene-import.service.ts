import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB, StageEstablishmentTable, StageUnitTable } from '../db/schema.ts';
import { loadTerritory, type TerritoryIndex } from '../hub/territory.service.ts';
import { heartbeat } from '../kernel/jobs.ts';
import {
  type BadLine,
  type EstablishmentRecord,
  openEstablishments,
  openUnits,
  type SireneReader,
  type UnitRecord,
  unitDisplayName,
} from '../sirene/records.ts';
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

/** rows per staging COPY */
const BATCH = 5000;
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
};

function stageEstablishment(importId: number, e: EstablishmentRecord): StageEstablishmentTable {
  const street = [e.streetNumber, e.streetType, e.streetName].filter(Boolean).join(' ');
  return {
    import_id: importId,
    line: e.line,
    siret: e.siret,
    siren: e.siren,
    name: e.usualName ?? e.signName,
    is_head_office: e.headOffice,
    status: e.state === 'A' ? 'open' : 'closed',
    street: street === '' ? null : street,
    postcode: e.postcode,
    commune_code: e.communeCode,
    commune_name: e.communeName,
    latitude: e.latitude,
    longitude: e.longitude,
    naf_code: e.activity,
    naf_nomenclature: e.activityNomenclature,
    headcount_band: e.headcountBand,
    headcount_year: e.headcountYear,
    created_on: e.createdOn,
    closed_on: e.state === 'F' ? e.stateSince : null,
    restricted: e.diffusion === 'P',
  };
}

function stageUnit(importId: number, u: UnitRecord): StageUnitTable {
  return {
    import_id: importId,
    line: u.line,
    siren: u.siren,
    name: unitDisplayName(u),
    acronym: u.acronym,
    legal_category: u.legalCategory,
    naf_code: u.activity,
    company_category: u.companyCategory,
    created_on: u.createdOn,
    closed_on: u.state === 'C' ? u.stateSince : null,
    ceased: u.state === 'C',
    restricted: u.diffusion === 'P',
    sole_trader: u.soleTrader,
    headcount_band: u.headcountBand,
    headcount_year: u.headcountYear,
    head_office_nic: u.headOfficeNic,
  };
}

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
 * Batches are written while the next ones are parsed, up to IN_FLIGHT at once (the server works
 * on other cores; PGlite's one connection takes them in turn); a failure surfaces at the next
 * batch.
 */
function batchWriter<T>(stage: (batch: T[]) => Promise<void>) {
  const writing = new Set<Promise<void>>();
  let failure: unknown;
  return {
    async send(rows: T[]) {
      while (writing.size >= IN_FLIGHT) await Promise.race(writing);
      if (failure) throw failure;
      const write: Promise<void> = stage(rows).then(
        () => {
          writing.delete(write);
        },
        (error: unknown) => {
          failure ??= error;
          writing.delete(write);
        },
      );
      writing.add(write);
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

/** Reads one file into staging, a batch at a time, saying its progress and its rejected lines. */
async function drain<T>(
  state: Reading,
  role: 'establishments' | 'units',
  open: (onBadLine: (bad: BadLine) => void) => Promise<SireneReader<T>>,
  stage: (batch: T[]) => Promise<void>,
) {
  const { repo, importId } = state;
  const pending: BadLine[] = [];
  const reader = await open((bad) => {
    state.rejected++;
    pending.push(bad);
  });
  const flushRejections = async () => {
    const rows = pending.splice(0).map((b) => ({ file: role, line: b.line, reason: b.reason }));
    await repo.reject(importId, rows);
  };
  // rows read in this file: those built into records and those the reader turned down
  let built = 0;
  const count = () => {
    const n = built + reader.skipped;
    if (role === 'establishments') state.establishmentRowsRead = n;
    else state.unitRowsRead = n;
  };
  const tick = async (force = false) => {
    const now = Date.now();
    if (!force && now - state.lastBeat < PROGRESS_EVERY_MS) return;
    state.lastBeat = now;
    count();
    const bytesRead = state.bytesBefore + reader.bytesRead;
    const rowsRead = state.establishmentRowsRead + state.unitRowsRead;
    await repo.progress(importId, bytesRead, rowsRead);
    const seconds = Math.max(0.001, (now - state.started) / 1000);
    state.onProgress({
      phase: 'reading',
      file: role,
      bytesRead,
      bytesTotal: state.bytesTotal,
      rowsRead,
      rowsPerSecond: rowsRead / seconds,
    });
  };
  let batch: T[] = [];
  const writer = batchWriter(stage);
  // the heartbeat also beats while the reader turns down rows it never yields
  const beat = setInterval(() => {
    flushRejections()
      .then(() => tick())
      .catch(() => {});
  }, PROGRESS_EVERY_MS);
  try {
    for await (const record of reader.records()) {
      built++;
      batch.push(record);
      if (batch.length >= BATCH) {
        await writer.send(batch);
        batch = [];
      }
      if (built % 4096 === 0 && pending.length > 0) await flushRejections();
    }
    await writer.send(batch);
    await writer.finish();
    await flushRejections();
    const at = reader.lastProcessedAt;
    if (at && at > state.latest) state.latest = at;
    await tick(true);
    state.bytesBefore += reader.bytesRead;
  } finally {
    clearInterval(beat);
    await writer.settle();
    await reader.close();
  }
}

/** Reads the establishments (the territory's), then the legal units the register wants. */
async function readFiles(state: Reading, request: ImportRequest, territory: TerritoryIndex) {
  const { repo, importId } = state;
  // the SIRENs whose legal units the import keeps: those of the territory's establishments, and
  // those the register holds; a SIREN is nine digits, kept as a number (a small integer in V8,
  // so a set of them takes a fraction of the memory of strings)
  const wanted = new Set<number>();

  if (request.establishmentsPath) {
    const path = request.establishmentsPath;
    await drain(
      state,
      'establishments',
      (onBadLine) =>
        openEstablishments(path, {
          onBadLine,
          keepBadLines: 0,
          keep: (commune) => commune !== null && territory.communes.has(commune),
        }),
      async (batch) => {
        state.inTerritory += batch.length;
        for (const e of batch) wanted.add(Number(e.siren));
        await repo.stageEstablishments(batch.map((e) => stageEstablishment(importId, e)));
      },
    );
  }

  if (request.unitsPath) {
    await repo.registerSirens((sirens) => {
      for (const siren of sirens) wanted.add(siren);
    });
    const path = request.unitsPath;
    await drain(
      state,
      'units',
      (onBadLine) =>
        openUnits(path, {
          onBadLine,
          keepBadLines: 0,
          keep: (siren) => wanted.has(Number(siren)),
        }),
      async (batch) => {
        state.unitsMatched += batch.length;
        await repo.stageUnits(batch.map((u) => stageUnit(importId, u)));
      },
    );
  }

  // the merge reads the SIRENs from the staging tables: the set (hundreds of thousands of numbers on
  // a national file) is let go before it, rather than held through the longest phase
  wanted.clear();
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
  await readFiles(state, request, territory);
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
 * Opens each file and reads its header, without writing anything: a missing column, a missing
 * file or an unknown extension stops the import here, named.
 */
export async function checkSireneFiles(request: ImportRequest): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (!request.establishmentsPath && !request.unitsPath) {
    throw new Error('Give --establishments FILE, --units FILE, or both.');
  }
  if (request.establishmentsPath) {
    const reader = await openEstablishments(request.establishmentsPath);
    sizes.set(request.establishmentsPath, reader.totalBytes ?? 0);
    await reader.close();
  }
  if (request.unitsPath) {
    const reader = await openUnits(request.unitsPath);
    sizes.set(request.unitsPath, reader.totalBytes ?? 0);
    await reader.close();
  }
  return sizes;
}
