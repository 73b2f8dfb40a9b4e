/**
 * Child process of the directory benchmark: one import, measured in a process of its own so that
 * its peak memory is the import's. Either Totem's real path (checkSireneFiles, imports row,
 * runSireneImport) on PGlite or the server, or the DuckDB peer reading the same files. PGlite
 * keeps its data in a folder, as the command does (BENCH_PGLITE_MEMORY=1: in memory, where the
 * whole database adds to the process's memory).
 */
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../src/db/engine.ts';
import { migrate } from '../../src/db/migrate.ts';
import { importsRepository } from '../../src/imports/imports.repository.ts';
import {
  checkSireneFiles,
  describeFiles,
  IMPORT_EMBEDDED_SETTINGS,
  type ImportRequest,
  type ImportSummary,
  runSireneImport,
} from '../../src/imports/sirene-import.service.ts';
import { createTestDatabase } from '../../test/support/engines.ts';
import { serveOneTask } from '../lib/child.ts';
import { log } from '../lib/log.ts';
import { maxRssMB, type RssReport, rssSampler } from '../lib/rss.ts';

export type Files = { establishmentsPath: string; unitsPath: string };

export type ImportTask =
  | { kind: 'prepare'; dataDir: string }
  | ({ kind: 'totem'; engine: 'pglite'; dataDir: string } & Files)
  | ({ kind: 'totem'; engine: 'postgres'; databaseUrl: string } & Files)
  | ({ kind: 'duckdb'; communes: string[]; sectorCodes: string[] } & Files);

export type TotemImportResult = {
  engine: 'pglite' | 'postgres';
  seconds: number;
  /** reading both files into staging (first byte to the last progress report) */
  readSeconds: number;
  /** merge transaction, staging cleanup and VACUUM ANALYZE */
  mergeSeconds: number;
  rss: RssReport;
  /** the child's whole-life high-water mark (includes opening and migrating the database) */
  childMaxRssMB: number;
  databaseMB: number;
  summary: Omit<ImportSummary, 'rejections'>;
};

export type DuckdbImportResult = {
  engine: 'duckdb';
  version: string;
  threads: string;
  seconds: number;
  rss: RssReport;
  childMaxRssMB: number;
  counts: {
    establishmentsInTerritory: number;
    organisationsKept: number;
    establishmentsKept: number;
    unitsMatched: number;
  };
};

/**
 * Creates and migrates the embedded database in its folder, as the server's first start does
 * (PGlite's initdb alone takes hundreds of MB, once in the database's life), in its own process.
 */
async function prepareEmbedded(task: Extract<ImportTask, { kind: 'prepare' }>) {
  const started = performance.now();
  const database = await openDatabase({ dataDir: task.dataDir });
  await migrate(database.db);
  await database.close();
  return { seconds: (performance.now() - started) / 1000, childMaxRssMB: maxRssMB() };
}

export type PrepareResult = Awaited<ReturnType<typeof prepareEmbedded>>;

async function totemImport(task: Extract<ImportTask, { kind: 'totem' }>) {
  let database: Database;
  if (task.engine === 'pglite' && process.env.BENCH_PGLITE_MEMORY === '1') {
    database = await createTestDatabase('pglite');
  } else if (task.engine === 'pglite') {
    // as `totem import` runs: the embedded database in its folder, opened as the command opens it
    database = await openDatabase({
      dataDir: task.dataDir,
      embeddedSettings: IMPORT_EMBEDDED_SETTINGS,
    });
    await migrate(database.db);
  } else {
    database = await openDatabase({ databaseUrl: task.databaseUrl, poolSize: 5 });
    await migrate(database.db);
  }
  try {
    const request: ImportRequest = {
      establishmentsPath: task.establishmentsPath,
      unitsPath: task.unitsPath,
    };
    const rss = rssSampler(50);
    const started = performance.now();
    let lastLog = 0;
    const sizes = await checkSireneFiles(request);
    const id = await importsRepository(database.db).create({
      files: describeFiles(request, sizes),
      options: {},
      status: 'running',
    });
    const summary = await runSireneImport(database.db, id, request, (p) => {
      rss.sample();
      const now = performance.now();
      if (now - lastLog <= 5000) return;
      lastLog = now;
      if (p.phase === 'merging') {
        log(`  ${task.engine}: merging ${p.rowsRead.toLocaleString('en')} rows into the register`);
      } else {
        const share = p.bytesTotal ? (100 * p.bytesRead) / p.bytesTotal : 0;
        log(
          `  ${task.engine}: ${p.file} ${share.toFixed(0)} %, ${p.rowsRead.toLocaleString('en')} rows, ` +
            `${Math.round(p.rowsPerSecond).toLocaleString('en')} rows/s, rss ${Math.round(process.memoryUsage.rss() / 1_048_576)} MB`,
        );
      }
    });
    const ended = performance.now();
    const memory = rss.stop();
    const size = await sql<{ bytes: number }>`
      SELECT pg_database_size(current_database())::bigint AS bytes`.execute(database.db);
    const { rejections: _, ...rest } = summary;
    return {
      engine: task.engine,
      seconds: (ended - started) / 1000,
      // the service's own split: progress reports go on during the merge (its heartbeat)
      readSeconds: summary.readSeconds,
      mergeSeconds: summary.mergeSeconds,
      rss: memory,
      childMaxRssMB: maxRssMB(),
      databaseMB: Math.round((size.rows[0]?.bytes ?? 0) / 1_048_576),
      summary: rest,
    } satisfies TotemImportResult;
  } finally {
    await database.close();
  }
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The peer: DuckDB reads the same two files with read_csv (every column as text, as Totem's reader
 * sees them) and keeps what Totem keeps — the territory's establishments, the SIRENs with one of
 * them in the sector selection (NAF rév. 2), and the legal units of the territory's SIRENs.
 */
async function duckdbImport(task: Extract<ImportTask, { kind: 'duckdb' }>) {
  // the lists come from the migrated database; checked here because they are spliced into SQL
  if (!task.communes.every((c) => /^[0-9][0-9AB][0-9]{3}$/.test(c))) throw new Error('commune');
  if (!task.sectorCodes.every((c) => /^[0-9]{2}\.[0-9]{2}[A-Z]$/.test(c))) throw new Error('NAF');
  // loaded here only: the children that run Totem's import never carry DuckDB's library
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const rss = rssSampler(50);
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const csv = (file: string) =>
      `read_csv(${quote(file)}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)`;
    const communes = task.communes.map(quote).join(', ');
    const sectors = task.sectorCodes.map(quote).join(', ');
    await connection.run(`
      CREATE TABLE territory AS
      SELECT * FROM ${csv(task.establishmentsPath)}
      WHERE codeCommuneEtablissement IN (${communes})`);
    rss.sample();
    await connection.run(`
      CREATE TABLE kept_sirens AS
      SELECT DISTINCT siren FROM territory
      WHERE nomenclatureActivitePrincipaleEtablissement = 'NAFRev2'
        AND activitePrincipaleEtablissement IN (${sectors})`);
    await connection.run(`
      CREATE TABLE units AS
      SELECT * FROM ${csv(task.unitsPath)}
      WHERE siren IN (SELECT siren FROM territory)`);
    rss.sample();
    const reader = await connection.runAndReadAll(`
      SELECT (SELECT count(*) FROM territory) AS establishments_in_territory,
             (SELECT count(*) FROM kept_sirens) AS organisations_kept,
             (SELECT count(*) FROM territory t WHERE t.siren IN (SELECT siren FROM kept_sirens))
               AS establishments_kept,
             (SELECT count(*) FROM units) AS units_matched,
             version() AS version,
             current_setting('threads')::VARCHAR AS threads`);
    const seconds = (performance.now() - started) / 1000;
    const row = reader.getRowObjects()[0] ?? {};
    const n = (v: unknown) => Number(v);
    return {
      engine: 'duckdb',
      version: String(row.version),
      threads: String(row.threads),
      seconds,
      rss: rss.stop(),
      childMaxRssMB: maxRssMB(),
      counts: {
        establishmentsInTerritory: n(row.establishments_in_territory),
        organisationsKept: n(row.organisations_kept),
        establishmentsKept: n(row.establishments_kept),
        unitsMatched: n(row.units_matched),
      },
    } satisfies DuckdbImportResult;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

serveOneTask<ImportTask, TotemImportResult | DuckdbImportResult | PrepareResult>((task) =>
  task.kind === 'duckdb'
    ? duckdbImport(task)
    : task.kind === 'prepare'
      ? prepareEmbedded(task)
      : totemImport(task),
);
