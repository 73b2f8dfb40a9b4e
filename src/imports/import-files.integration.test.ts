import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
import { deleteExpiredImportFiles } from './import-files.ts';
import { type ImportRow, importsRepository } from './imports.repository.ts';

const DAY = 86_400_000;
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe.each(engines())('uploaded import files kept for a while on %s', (engine) => {
  const s = {} as { t: TestApp; staff: TestClient; outside: string };
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    s.outside = await mkdtemp(path.join(tmpdir(), 'totem-cli-files-'));
    const email = uniqueEmail('staff');
    s.staff = await signUp(s.t.app, { email });
    const users = usersRepository(s.t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
  });
  afterAll(async () => {
    await s.t?.close();
    if (s.outside) await rm(s.outside, { recursive: true, force: true });
  });

  /** an import of one file, as an upload leaves it (or the command, with a file of its own) */
  async function anImport(
    label: string,
    state: { status: ImportRow['status']; finishedDaysAgo?: number; origin?: 'upload' | 'cli' },
  ) {
    const dir =
      state.origin === 'cli' ? s.outside : path.join(s.t.dataDir, 'imports', `${label}-upload`);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${label}.csv`);
    await writeFile(file, '"siren"\n');
    const repo = importsRepository(s.t.database.db);
    const id = await repo.create({
      files: [{ role: 'units', path: file, name: `${label}.csv`, bytes: 8 }],
      options: { origin: state.origin ?? 'upload' },
    });
    const finished =
      state.finishedDaysAgo === undefined
        ? null
        : new Date(Date.now() - state.finishedDaysAgo * DAY);
    await s.t.database.db
      .updateTable('imports')
      .set({
        status: state.status,
        finished_at: finished,
        created_at: new Date(Date.now() - 30 * DAY),
        started_at: state.status === 'queued' ? null : new Date(Date.now() - 30 * DAY),
      })
      .where('id', '=', id)
      .execute();
    return { id, file, dir };
  }

  it('deletes the files of imports that ended over the kept time, never those of queued or running ones', async () => {
    const done = await anImport('done', { status: 'done', finishedDaysAgo: 8 });
    const failed = await anImport('failed', { status: 'failed', finishedDaysAgo: 7.5 });
    const recent = await anImport('recent', { status: 'done', finishedDaysAgo: 6 });
    const queued = await anImport('queued', { status: 'queued' });
    const running = await anImport('running', { status: 'running' });
    const command = await anImport('command', {
      status: 'done',
      finishedDaysAgo: 30,
      origin: 'cli',
    });
    const { db } = s.t.database;

    expect(await deleteExpiredImportFiles(db, s.t.dataDir, 7)).toBe(2);
    for (const gone of [done, failed]) {
      expect(await exists(gone.file)).toBe(false);
      expect(await exists(gone.dir)).toBe(false);
    }
    for (const kept of [recent, queued, running, command])
      expect(await exists(kept.file)).toBe(true);
    // done once: the next round finds nothing more to do
    expect(await deleteExpiredImportFiles(db, s.t.dataDir, 7)).toBe(0);

    // three days later, the recent one's time is up too; the queued and running ones stay
    const later = new Date(Date.now() + 3 * DAY);
    expect(await deleteExpiredImportFiles(db, s.t.dataDir, 7, later)).toBe(1);
    expect(await exists(recent.file)).toBe(false);
    for (const kept of [queued, running, command]) expect(await exists(kept.file)).toBe(true);

    const repo = importsRepository(db);
    expect((await repo.find(done.id))?.files_deleted_at).toBeInstanceOf(Date);
    expect((await repo.find(queued.id))?.files_deleted_at).toBeNull();
    expect((await repo.find(command.id))?.files_deleted_at).toBeNull();
  });

  it('says in the list that an import’s file was deleted, and after how long, in both languages', async () => {
    await anImport('shown', { status: 'done', finishedDaysAgo: 2 });
    expect(await deleteExpiredImportFiles(s.t.database.db, s.t.dataDir, 1)).toBe(1);
    const fr = await s.staff.get('/admin/imports');
    expect(fr.body).toContain('fichier supprimé après 1 jour');
    expect(fr.body).toContain('fichier supprimé après 7 jours');
    const en = await s.staff.get('/en/admin/imports');
    expect(en.body).toContain('file deleted after 1 day');
    expect(en.body).toContain('file deleted after 7 days');
  });
});
