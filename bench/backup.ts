/**
 * A backup and a restore of the demo (`npm run bench -- backup`), on PGlite and, when
 * TEST_DATABASE_URL is set, on the server: BENCH_RUNS of each, timed, and the file's size. Its
 * peer in the same run, on PGlite, is PGlite's own copy of its data folder (`dumpDataDir`,
 * gzipped), the other design considered: it needs the database to itself as well, and restores
 * only on PGlite. Its limit: a restore of the demo within RESTORE_LIMIT_MS.
 * Writes bench/results/backup.json. A goal missed is reported, never an exit code.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDemo } from '../src/app/demo.ts';
import { createBackup, restoreBackup } from '../src/backup/backup.service.ts';
import { type EngineKind, rawEngineOf } from '../src/db/engine.ts';
import { createTestApp } from '../test/support/app.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { summarize } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

const RESTORE_LIMIT_MS = 10_000;

export async function run(): Promise<void> {
  const runs = envInt('BENCH_RUNS', 5);
  const kinds: EngineKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const results: Record<string, unknown> = {};
  const rows: (string | number)[][] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'totem-bench-backup-'));
  try {
    for (const engine of kinds) {
      const t = await createTestApp(engine);
      try {
        await loadDemo(t.database.db, t.app.capabilities, {
          withAccounts: true,
          dataDir: t.dataDir,
        });
        const out = path.join(dir, `${engine}.backup`);
        const backups: number[] = [];
        const restores: number[] = [];
        let rowsBacked = 0;
        let files = 0;
        for (let i = 0; i < runs; i++) {
          let start = performance.now();
          const manifest = await createBackup({ db: t.database.db, dataDir: t.dataDir, out });
          backups.push(performance.now() - start);
          rowsBacked = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
          files = manifest.files.count;
          start = performance.now();
          await restoreBackup({ db: t.database.db, dataDir: t.dataDir, from: out });
          restores.push(performance.now() - start);
        }
        const bytes = (await stat(out)).size;
        const backup = summarize(backups);
        const restore = summarize(restores);
        const entry: Record<string, unknown> = {
          rows: rowsBacked,
          files,
          bytes,
          backupMs: backup,
          restoreMs: restore,
          goal: {
            what: `restore p50 within ${RESTORE_LIMIT_MS} ms`,
            met: restore.p50 <= RESTORE_LIMIT_MS,
          },
        };
        rows.push([engine, 'backup (Totem format)', backup.p50, backup.max, bytes]);
        rows.push([engine, 'restore (Totem format)', restore.p50, restore.max, '']);
        const raw = rawEngineOf(t.database.db);
        if (raw?.kind === 'pglite') {
          const dumps: number[] = [];
          let size = 0;
          for (let i = 0; i < runs; i++) {
            const start = performance.now();
            const blob = await raw.pglite.dumpDataDir('gzip');
            dumps.push(performance.now() - start);
            size = blob.size;
          }
          const dump = summarize(dumps);
          entry.peer = { what: 'PGlite dumpDataDir(gzip), database only', ms: dump, bytes: size };
          rows.push([engine, 'peer: dumpDataDir (gzip, no files)', dump.p50, dump.max, size]);
        }
        results[engine] = entry;
        log(`${engine}: ${rowsBacked} rows, ${files} files`);
      } finally {
        await t.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const file = await writeResults('backup', { machine: machine(), results });
  process.stdout.write(
    `${formatTable('Backup of the demo (ms, bytes)', ['engine', 'what', 'p50', 'max', 'bytes'], rows)}\n`,
  );
  log(`written ${file}`);
}
