import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/engine.ts';
import { startImportWorker } from '../imports/import.worker.ts';
import { createMailer } from '../mail/mailer.ts';
import { startPublicationWorker } from '../news/publication.worker.ts';
import { filesystemStorage } from '../news/storage/file-storage.ts';
import { observatoryJobs, recompute } from '../observatory/compute.service.ts';
import { observatoryRepository } from '../observatory/observatory.repository.ts';
import { indexedSearch } from '../search/index/search-index.service.ts';
import { openAppDatabase, serverPidFile } from './app-database.ts';
import { type Config, displayHost } from './config.ts';
import { formatAccounts, loadDemo } from './demo.ts';
import { buildServer } from './server.ts';

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
    // the observatory's figures, computed once the demo register is there
    if (demo.loaded) await recompute(database.db, 'demo');
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
  let app: FastifyInstance | undefined;
  let worker: ReturnType<typeof startImportWorker> | undefined;
  let publisher: ReturnType<typeof startPublicationWorker> | undefined;
  const jobs = observatoryJobs(database.db);
  try {
    app = await buildServer({ config, database, mailer });
    // in this order: the worker finishes its batch, then the database goes
    jobs.setLogger(app.log);
    app.addHook('onClose', async () => {
      await worker?.stop();
      await publisher?.stop();
      await jobs.idle();
      if (database.kind === 'pglite') rmSync(serverPidFile(config), { force: true });
      await database.close();
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if (app) await app.close();
    else await database.close();
    throw error;
  }
  // each finished import is followed by one recomputation of the observatory, in the background
  worker = startImportWorker(database.db, app.log, undefined, () => jobs.request('import'));
  // a database that never had its figures computed (a new server without demo data) gets them
  if (!(await observatoryRepository(database.db).runs()).done) jobs.request('start');
  // scheduled news: what fell due while the server was down goes out now
  publisher = startPublicationWorker(
    database.db,
    filesystemStorage(path.join(config.dataDir, 'files')),
    app.log,
  );
  // the directory's search index, built now rather than at the first search (until it is
  // there, a large register is searched with SQL)
  const log = app.log;
  indexedSearch(database.db)
    .build()
    .then(
      (built) => log.info({ organisations: built.index.size }, 'directory search index built'),
      (error: unknown) => log.warn({ err: error }, 'directory search index not built: SQL answers'),
    );
  if (database.kind === 'pglite') writeFileSync(serverPidFile(config), String(process.pid));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${displayHost(config.host)}:${port}`;
  if (!config.publicUrlSet) config.publicUrl = url;
  return { app, database, url };
}
