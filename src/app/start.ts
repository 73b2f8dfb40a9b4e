import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Database, openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import { formatAccounts, loadDemo } from '../demo/demo.service.ts';
import { createMailer } from '../mail/mailer.ts';
import type { Config } from './config.ts';
import { buildServer } from './server.ts';

export function embeddedDir(config: Config): string {
  return path.join(config.dataDir, 'db');
}

/** Opens the database the server uses (creating and migrating it when needed). */
export async function openAppDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: embeddedDir(config),
  });
  try {
    await migrate(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export type Started = { app: FastifyInstance; database: Database; url: string };

/** The whole start: database, migrations, demo data on a first embedded start, HTTP server. */
export async function start(
  config: Config,
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<Started> {
  const database = await openAppDatabase(config);
  // Demo data: on the first embedded start unless TOTEM_DEMO=0; on a server only with TOTEM_DEMO=1.
  const wantDemo = config.demo ?? (database.kind === 'pglite' && database.created);
  if (wantDemo) {
    const demo = await loadDemo(database.db, {
      withAccounts: database.kind === 'pglite',
      dataDir: config.dataDir,
    });
    if (demo.accounts.length > 0) {
      print('');
      print(formatAccounts(demo.accounts).trimEnd());
      print(`(written to ${demo.accountsFile}; shown only this once)`);
      print('');
    }
  }
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    dataDir: config.dataDir,
    from: config.mailFrom,
  });
  const app = await buildServer({ config, database, mailer });
  app.addHook('onClose', async () => database.close());
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  return { app, database, url };
}
