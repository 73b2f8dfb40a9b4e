import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, twoConnections } from '../../test/support/engines.ts';
import type { Database } from '../db/engine.ts';
import { verifyBackup } from './backup.service.ts';
import { runDailyBackup } from './schedule.ts';

describe.each(engines())('the daily backup on %s', (engine) => {
  let first: Database;
  let second: Database;
  let close: () => Promise<void>;
  let dir: string;
  let dataDir: string;
  beforeAll(async () => {
    ({ first, second, close } = await twoConnections(engine));
    dir = await mkdtemp(path.join(tmpdir(), 'totem-daily-'));
    dataDir = await mkdtemp(path.join(tmpdir(), 'totem-daily-data-'));
  });
  afterAll(async () => {
    await close?.();
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  /** one process's round at a given instant, keeping 3 copies from 03:00 (Paris) */
  const round = (database: Database, at: string) =>
    runDailyBackup({
      db: database.db,
      dataDir,
      dir: path.join(dir, 'copies'),
      keep: 3,
      hour: 3,
      now: () => new Date(at),
    });
  const copies = async () => (await readdir(path.join(dir, 'copies')).catch(() => [])).sort();

  it('waits for its hour, then two processes on the same day make one copy', async () => {
    // 02:30 in Paris (winter time, UTC+1): not yet
    expect(await round(first, '2026-01-10T01:30:00Z')).toBeNull();
    expect(await copies()).toEqual([]);
    // 03:30: both processes look at once; one writes the copy
    const outcomes = await Promise.all([
      round(first, '2026-01-10T02:30:00Z'),
      round(second, '2026-01-10T02:30:00Z'),
    ]);
    expect(outcomes.filter((o) => o !== null)).toHaveLength(1);
    expect(await copies()).toEqual(['totem-2026-01-10.backup']);
    // later that day: nothing more
    expect(await round(second, '2026-01-10T20:00:00Z')).toBeNull();
    expect(await copies()).toEqual(['totem-2026-01-10.backup']);
    // the copy is a whole backup
    await expect(
      verifyBackup(path.join(dir, 'copies', 'totem-2026-01-10.backup')),
    ).resolves.toMatchObject({
      engine,
    });
  });

  it('keeps the most recent copies only', async () => {
    for (const day of ['11', '12', '13', '14']) {
      const outcome = await round(day === '12' ? second : first, `2026-01-${day}T05:00:00Z`);
      expect(outcome?.file).toContain(`2026-01-${day}`);
    }
    expect(await copies()).toEqual([
      'totem-2026-01-12.backup',
      'totem-2026-01-13.backup',
      'totem-2026-01-14.backup',
    ]);
  });

  it('gives the day back when the copy fails, and makes it at the next round', async () => {
    const blocked = path.join(dir, 'blocked');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(blocked, 'a file where the folder should be');
    const failing = runDailyBackup({
      db: first.db,
      dataDir,
      dir: blocked,
      keep: 3,
      hour: 3,
      now: () => new Date('2026-01-15T05:00:00Z'),
    });
    await expect(failing).rejects.toThrow();
    const outcome = await round(second, '2026-01-15T06:00:00Z');
    expect(outcome?.file).toContain('2026-01-15');
  });
});
