import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, type KyselyPlugin, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { embeddedBulkCopy, registerBulkCopy, serverBulkCopy } from './bulk-copy.ts';
import type { DB } from './schema.ts';

export type EngineKind = 'pglite' | 'postgres';

/** the connections of the node-postgres pool: open, idle, and requests waiting for one */
export type PoolFigures = { total: number; idle: number; waiting: number };

/**
 * What lies under a Kysely handle opened here, for the few tools that speak to the engine itself
 * (a backup's COPY streams): the server's pool, or PGlite and the pool of its one connection.
 */
export type RawEngine =
  | { kind: 'postgres'; pool: pg.Pool }
  | { kind: 'pglite'; pglite: PGlite; pool: pg.Pool };

const rawEngines = new WeakMap<Kysely<DB>, RawEngine>();

/** the engine under a handle opened by `openDatabase` (or `fromPglite`) */
export function rawEngineOf(db: Kysely<DB>): RawEngine | undefined {
  return rawEngines.get(db);
}

export type Database = {
  db: Kysely<DB>;
  kind: EngineKind;
  /** the pool's connections now (PGlite's is a pool of one) */
  pool(): PoolFigures;
  /** true when this process created the embedded data folder (first start) */
  created: boolean;
  /**
   * The embedded engine only: calls `onPayload` with each notification of `channel`, in this
   * process, before the statement that committed it returns (PGlite has one session, which hears
   * its own notifications). The server's processes each query instead (src/app/page-cache/).
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<void>;
  /** throws when the database cannot answer */
  ping(): Promise<void>;
  close(): Promise<void>;
};

// Dates of the register are `date` columns: keep them as 'YYYY-MM-DD' strings, never shift them
// through a local-time Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// bigint counts fit in a JS number for everything Totem counts.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export type OpenOptions = {
  databaseUrl?: string | undefined;
  /** folder of the embedded database, or 'memory://' */
  dataDir?: string;
  poolSize?: number;
  /**
   * PostgreSQL settings for this process's PGlite only, given at its start and never written to
   * the data folder (PGlite keeps every buffer and work area inside the process).
   */
  embeddedSettings?: Readonly<Record<string, string>>;
};

/**
 * Opens the database. PGlite and the PostgreSQL server are both reached through node-postgres, so
 * Kysely sees one dialect; PGlite's pool holds a single connection.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
    });
    let closing = false;
    // An idle connection the server ends (a restart, an administrator, a dropped database) is
    // reported by the pool, which replaces it at the next query: say so instead of crashing.
    pool.on('error', (error: Error & { code?: string }) => {
      if (closing) return;
      process.emitWarning(
        `an idle database connection ended: ${error.message}`,
        'DatabaseWarning',
        error.code,
      );
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    registerBulkCopy(db, serverBulkCopy(pool));
    rawEngines.set(db, { kind: 'postgres', pool });
    return {
      db,
      kind: 'postgres',
      created: false,
      pool: () => poolFigures(pool),
      ping: () => ping(db),
      close: () => {
        closing = true;
        return db.destroy();
      },
    };
  }
  const dataDir = options.dataDir ?? 'memory://';
  const inMemory = dataDir.startsWith('memory://');
  let created = inMemory;
  if (!inMemory) {
    created = !existsSync(path.join(dataDir, 'PG_VERSION'));
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await createPglite({
    dataDir: inMemory ? undefined : dataDir,
    ...(options.embeddedSettings ? { settings: options.embeddedSettings } : {}),
  });
  return fromPglite(pglite, created);
}

/**
 * A PGlite instance with the extensions Totem's migrations use. PGlite is loaded here, when it is
 * used: a process on the server never pays for its code.
 */
export async function createPglite(options: {
  dataDir?: string | undefined;
  loadDataDir?: Blob;
  settings?: Readonly<Record<string, string>>;
}): Promise<PGlite> {
  const [{ PGlite }, { unaccent }, { pg_trgm }, { btree_gist }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/btree_gist'),
  ]);
  const { settings, ...rest } = options;
  return PGlite.create({
    ...rest,
    extensions: { unaccent, pg_trgm, btree_gist },
    // start parameters, unlike PGlite's `postgresqlconf`, which rewrites postgresql.conf for good
    ...(settings
      ? {
          startParams: [
            ...PGlite.defaultStartParams,
            ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
          ],
        }
      : {}),
  });
}

/**
 * PGlite runs each statement inside this process, and a chain of statements (an import's merge)
 * resolves from one to the next without the process looking at its sockets: a visitor's request
 * for a page kept in memory waited for the whole chain (38 s on a 200 000-row import). After each
 * statement, the process now answers what arrived meanwhile before it sends the next.
 */
const answersBetweenStatements: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await new Promise((resolve) => setImmediate(resolve));
    return args.result;
  },
};

/** Wraps a PGlite instance (owned by the result: closed with it) behind node-postgres and Kysely. */
export async function fromPglite(pglite: PGlite, created: boolean): Promise<Database> {
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins: [answersBetweenStatements],
  });
  registerBulkCopy(db, embeddedBulkCopy(pglite, pool));
  rawEngines.set(db, { kind: 'pglite', pglite, pool });
  return {
    db,
    kind: 'pglite',
    created,
    listen: async (channel, onPayload) => {
      await pglite.listen(channel, onPayload);
    },
    pool: () => poolFigures(pool),
    ping: () => ping(db),
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

function poolFigures(pool: pg.Pool): PoolFigures {
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

async function ping(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
