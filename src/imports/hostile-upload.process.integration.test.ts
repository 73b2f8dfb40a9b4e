import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase, engines } from '../../test/support/engines.ts';
import { fetchBrowser } from '../../test/support/fetch-browser.ts';
import { type ServerProcess, startServerProcess } from '../../test/support/server-process.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import { openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
import { hostileZip } from '../sirene/test-archives.ts';

const staff = { email: 'staff.uploads@example.org', password: 'hostile files, one server' };

/** a database of the engine with a staff account, and the environment of a server on it */
async function prepare(engine: string, dir: string) {
  const server = engine === 'postgres' ? await createEmptyServerDatabase() : undefined;
  const database = await openDatabase(
    server ? { databaseUrl: server.url, poolSize: 1 } : { dataDir: path.join(dir, 'db') },
  );
  try {
    await migrate(database.db);
    await usersRepository(database.db).create({
      email: staff.email,
      name: 'Équipe',
      passwordHash: await hashPassword(staff.password),
      role: 'staff',
    });
  } finally {
    await database.close();
  }
  return {
    env: (server ? { DATABASE_URL: server.url } : { DATA_DIR: dir }) as Record<string, string>,
    drop: () => server?.drop(),
  };
}

describe.each(engines())('hostile uploads to a running server on %s', (engine) => {
  const s = {} as { dir: string; server: ServerProcess; drop: () => unknown };
  beforeAll(async () => {
    s.dir = await mkdtemp(path.join(tmpdir(), 'totem-hostile-'));
    const prepared = await prepare(engine, s.dir);
    s.drop = prepared.drop;
    s.server = await startServerProcess(prepared.env);
  }, 120_000);
  afterAll(async () => {
    await s.server?.stop();
    await s.drop?.();
    if (s.dir) await rm(s.dir, { recursive: true, force: true });
  });

  it('refuses the 128-byte zip, fails an import whose line is 8 MB, and answers all along', async () => {
    const b = fetchBrowser(s.server.url);
    await b.get('/connexion');
    expect((await b.post('/connexion', staff)).status).toBe(303);
    await b.get('/admin/imports');

    const refused = await b.upload([
      { field: 'establishments', name: 'StockEtablissement_utf8.zip', content: hostileZip() },
    ]);
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('Ce fichier est refusé : not a readable zip archive');
    expect((await fetch(`${s.server.url}/healthz`)).status).toBe(200);

    // a header the check accepts, then a line of 8 MB: the import is queued, then fails
    const sample = await writeSireneSample({ directory: path.join(s.dir, 'sample'), rows: 10 });
    const header = (await readFile(sample.establishmentsPath, 'utf8')).split('\n')[0] ?? '';
    const long = Buffer.concat([
      Buffer.from(`${header}\n"`),
      Buffer.alloc(8 * 1_048_576, 0x78),
      Buffer.from('"\n'),
    ]);
    await b.get('/admin/imports');
    expect(
      (await b.upload([{ field: 'establishments', name: 'etab.csv', content: long }])).status,
    ).toBe(303);
    await s.server.logged((line) => line.msg === 'import failed', 60_000);
    expect((await fetch(`${s.server.url}/healthz`)).status).toBe(200);
    const page = await b.get('/admin/imports');
    expect(page.body).toContain('Échec');
    expect(page.body).toContain(
      'Le fichier des établissements n’a pas pu être lu : line 2: longer than 65 536 bytes.',
    );
  }, 120_000);
});
