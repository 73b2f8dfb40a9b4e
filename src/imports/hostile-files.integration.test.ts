import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
import { hostileZip } from '../sirene/test-archives.ts';
import { startImportWorker } from './import.worker.ts';
import { importsRepository } from './imports.repository.ts';
import { checkSireneFiles, describeFiles, runSireneImport } from './sirene-import.service.ts';

/** the imports form as a browser sends it: the token first, then the file */
function uploadForm(token: string, file: Buffer) {
  const boundary = `----totem${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="establishments"; filename="StockEtablissement_utf8.zip"\r\n` +
        'Content-Type: application/zip\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe.each(engines())('hostile import files on %s', (engine) => {
  const s = {} as { t: TestApp; staff: TestClient; token: string };
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    const email = uniqueEmail('staff');
    s.staff = await signUp(s.t.app, { email });
    const users = usersRepository(s.t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
    const page = await s.staff.get('/admin/imports');
    s.token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  });
  afterAll(() => s.t?.close());

  it('refuses at upload the 128-byte zip that claims a 4 GB central directory, and keeps serving', async () => {
    const { body, type } = uploadForm(s.token, hostileZip());
    const res = await s.t.app.inject({
      method: 'POST',
      url: '/admin/imports',
      payload: body,
      remoteAddress: s.staff.remoteAddress,
      headers: {
        'content-type': type,
        cookie: [...s.staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Ce fichier est refusé : not a readable zip archive');
    expect((await s.t.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('fails the import of such a file with its reason, and keeps serving', async () => {
    // a file queued before the check existed, or that changed since: the worker reads it anyway
    const dir = path.join(s.t.dataDir, 'imports', 'hostile');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'establishments.zip');
    await writeFile(file, hostileZip());
    const repo = importsRepository(s.t.database.db);
    const id = await repo.create({
      files: [{ role: 'establishments', path: file, name: 'etab.zip', bytes: 128 }],
      options: { origin: 'upload' },
    });
    const worker = startImportWorker(s.t.database.db, s.t.app.log, 3_600_000);
    expect(await worker.runOnce()).toBe(true);
    await worker.stop();
    const failed = await repo.find(id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/not a readable zip archive/);
    // staff read the file's own name, never where the server keeps it
    expect(failed?.error).not.toContain(s.t.dataDir);
    expect((await s.t.app.inject('/healthz')).statusCode).toBe(200);
    const page = await s.staff.get('/admin/imports');
    expect(page.body).toContain('Échec');
  });

  it('reads the files in a process of its own, whose death fails the import and nothing else', async () => {
    const sample = await writeSireneSample({
      directory: path.join(s.t.dataDir, 'imports', 'killed'),
      rows: 300,
      seed: 5,
    });
    const request = {
      establishmentsPath: sample.establishmentsPath,
      unitsPath: sample.unitsPath,
    };
    const repo = importsRepository(s.t.database.db);
    const organisations = async () =>
      (await s.t.database.db.selectFrom('organisations').select('id').execute()).length;
    const before = await organisations();
    const id = await repo.create({
      files: describeFiles(request, await checkSireneFiles(request)),
      options: { origin: 'upload' },
    });
    const readers = new Set<number | undefined>();
    const killed = runSireneImport(s.t.database.db, id, {
      ...request,
      // the reading process is ended by a signal once it has sent its first rows
      watchReader(message, child) {
        readers.add(child.pid);
        if (message.type === 'batch') child.kill('SIGKILL');
      },
    });
    await expect(killed).rejects.toThrow(
      /^Le fichier des établissements n’a pas pu être lu : le processus qui le lisait s’est arrêté \(signal SIGKILL\)\. The establishments file could not be read: the process reading it stopped \(signal SIGKILL\)\.$/,
    );
    expect([...readers]).toHaveLength(1);
    expect([...readers][0]).not.toBe(process.pid);
    expect(await organisations()).toBe(before);
    expect((await s.t.app.inject('/healthz')).statusCode).toBe(200);
    // the same files, read again by a process left alone, import
    await repo.clearStage(id);
    const summary = await runSireneImport(s.t.database.db, id, request);
    expect(summary.organisationsCreated).toBeGreaterThan(0);
  });
});
