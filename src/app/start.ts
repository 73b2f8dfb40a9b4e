import { rmSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { dailyBackupTask } from '../backup/schedule.ts';
import { withAdvisoryLock } from '../db/advisory-lock.ts';
import type { Database } from '../db/engine.ts';
import { MIGRATION_LOCK } from '../db/migrate.ts';
import { type Config, displayHost } from '../kernel/config.ts';
import type { BackgroundTask } from '../kernel/module.ts';
import { createMailer } from '../mail/mailer.ts';
import {
  chooseWasmCompiler,
  openAppDatabase,
  SERVER_EMBEDDED_SETTINGS,
  serverPidFile,
} from './app-database.ts';
import { formatAccounts, loadDemo } from './demo.ts';
import { buildServer } from './server.ts';

export type Started = { app: FastifyInstance; database: Database; url: string };

/**
 * The whole start: database, migrations, the server and its capabilities, demo data on a first
 * embedded start, listening, then every capability's background work.
 */
export async function start(
  config: Config,
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<Started> {
  chooseWasmCompiler(config);
  const database = await openAppDatabase(config, { embeddedSettings: SERVER_EMBEDDED_SETTINGS });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    dataDir: config.dataDir,
    from: config.mailFrom,
  });
  let app: FastifyInstance | undefined;
  const tasks: BackgroundTask[] = [];
  try {
    app = await buildServer({ config, database, mailer });
    const modules = app.capabilities;
    // in this order: the background work finishes what it does, then the database goes
    app.addHook('onClose', async () => {
      for (const task of tasks) await task.stop();
      if (database.kind === 'pglite') rmSync(serverPidFile(config), { force: true });
      await database.close();
    });
    // Demo data: on the first embedded start unless TOTEM_DEMO=0; on a server only with TOTEM_DEMO=1.
    const wantDemo = config.demo ?? (database.kind === 'pglite' && database.created);
    if (wantDemo) {
      // under the migrations' lock: of two processes starting together, one loads it, the other
      // waits and finds it loaded
      const demo = await withAdvisoryLock(database, MIGRATION_LOCK, () =>
        loadDemo(database.db, modules, {
          withAccounts: database.kind === 'pglite',
          dataDir: config.dataDir,
        }),
      );
      if (demo.accounts.length > 0) {
        print('');
        print(formatAccounts(demo.accounts).trimEnd());
        print(`(written to ${demo.accountsFile}; shown only this once)`);
        print('');
      }
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if (app) await app.close();
    else await database.close();
    throw error;
  }
  const platformTasks = config.backup
    ? [dailyBackupTask({ db: database.db, dataDir: config.dataDir, ...config.backup })]
    : [];
  for (const task of [...app.capabilities.flatMap((m) => m.tasks ?? []), ...platformTasks]) {
    task.start(app.log);
    tasks.push(task);
  }
  if (database.kind === 'pglite') writeFileSync(serverPidFile(config), String(process.pid));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${displayHost(config.host)}:${port}`;
  if (!config.publicUrlSet) config.publicUrl = url;
  return { app, database, url };
}
