import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  createPglite,
  type Database,
  type EngineKind,
  fromPglite,
  openDatabase,
} from '../../src/db/engine.ts';
import { migrate } from '../../src/db/migrate.ts';

/** The engines the integration tier runs on: PGlite always, the server when TEST_DATABASE_URL is set. */
export function engines(): EngineKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

let template: Promise<Blob> | undefined;

/** A migrated PGlite data folder, made once per worker and copied for every test database. */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const pglite = await createPglite({});
    const database = await fromPglite(pglite, true);
    await migrate(database.db);
    const blob = await pglite.dumpDataDir('none');
    await database.close();
    return blob;
  })();
  return template;
}

/**
 * A fresh, migrated database of the given engine, for one test file: an in-memory PGlite copied
 * from the template, or a new database on the server, dropped at close.
 */
export async function createTestDatabase(kind: EngineKind): Promise<Database> {
  if (kind === 'pglite') {
    return fromPglite(await createPglite({ loadDataDir: await pgliteTemplate() }), true);
  }
  const server = await createEmptyServerDatabase();
  const database = await openDatabase({ databaseUrl: server.url, poolSize: 5 });
  await migrate(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      await server.drop();
    },
  };
}

/** The server URL of a fresh empty database (for tests of migrations and start-up themselves). */
export async function createEmptyServerDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `totem_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * Two handles on one database: on the server, two pools (as two processes have); on PGlite, which
 * holds one connection, the same one twice.
 */
export async function twoConnections(engine: EngineKind): Promise<{
  first: Database;
  second: Database;
  close(): Promise<void>;
}> {
  if (engine === 'pglite') {
    const database = await createTestDatabase('pglite');
    return { first: database, second: database, close: () => database.close() };
  }
  const server = await createEmptyServerDatabase();
  const first = await openDatabase({ databaseUrl: server.url, poolSize: 3 });
  await migrate(first.db);
  const second = await openDatabase({ databaseUrl: server.url, poolSize: 3 });
  return {
    first,
    second,
    async close() {
      await first.close();
      await second.close();
      await server.drop();
    },
  };
}
