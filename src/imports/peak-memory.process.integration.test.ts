import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase, engines } from '../../test/support/engines.ts';
import { openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import { writeNationalEstablishments } from '../sirene/sample/national.ts';

const TOTEM = fileURLToPath(new URL('../../bin/totem.js', import.meta.url));
/** the bound the command keeps to on the server, whatever the file's size and shape */
const PEAK_LIMIT_MB = 300;

/** the processes whose parent is `pid`, read from /proc */
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // the field after the command's closing parenthesis and the state is the parent's id
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) found.push(Number(entry));
  }
  return found;
}

/** a process's command line, shortened, to say which one took what */
async function processName(pid: number): Promise<string> {
  const line = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return line
    .split('\0')
    .filter(Boolean)
    .map((a) => path.basename(a))
    .join(' ')
    .slice(0, 80);
}

/** a process's peak resident memory so far (VmHWM), in MB, or undefined once it is gone */
async function highWaterMB(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

/**
 * Runs the command and watches every process of it (the launcher, the import, the reading
 * process, the compiler tsx starts). At each look, the peaks (VmHWM) of the processes alive then
 * are added up: no instant's memory can be more than that sum, so its largest value bounds the
 * command's peak from above (a process that ended, as the reader that checks the headers first,
 * no longer counts).
 */
async function runWatched(args: string[], env: NodeJS.ProcessEnv) {
  const command = spawn(process.execPath, [TOTEM, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  command.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  command.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => command.on('close', resolve));
  const peaks = new Map<number, { mb: number; name: string }>();
  let peakMB = 0;
  let running = true;
  void exited.then(() => {
    running = false;
  });
  while (running) {
    const pids = [command.pid as number];
    for (let i = 0; i < pids.length; i++) pids.push(...(await childrenOf(pids[i] as number)));
    let alive = 0;
    for (const pid of pids) {
      const mb = await highWaterMB(pid);
      if (mb === undefined) continue;
      alive += mb;
      const name = peaks.get(pid)?.name ?? (await processName(pid));
      peaks.set(pid, { mb, name });
    }
    peakMB = Math.max(peakMB, alive);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { code: await exited, stdout, stderr, peakMB, processes: [...peaks.values()] };
}

describe.skipIf(!engines().includes('postgres'))('the import command’s peak memory', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof createEmptyServerDatabase>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-peak-'));
    server = await createEmptyServerDatabase();
    const database = await openDatabase({ databaseUrl: server.url, poolSize: 1 });
    await migrate(database.db);
    await database.close();
  });
  afterAll(async () => {
    await server?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`imports a fully quoted file of a million rows under ${PEAK_LIMIT_MB} MB on the server`, async () => {
    // written streaming (about 290 MB on disk), 1 % of its rows in the territory
    const file = await writeNationalEstablishments({
      base: path.join(dir, 'StockEtablissement_utf8'),
      rows: 1_000_000,
      quoting: 'all',
    });
    const run = await runWatched(['import', 'sirene', '--establishments', file.path, '--json'], {
      ...process.env,
      DATABASE_URL: server.url,
      DATA_DIR: dir,
    });
    await rm(file.path);
    expect(run.stderr).not.toMatch(/heap out of memory/);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.establishmentRowsRead).toBe(1_000_000);
    expect(summary.establishmentsInTerritory).toBe(file.inTerritory);
    // the launcher, the import and its reading process, at least
    expect(run.processes.length).toBeGreaterThanOrEqual(3);
    const each = run.processes.map((p) => `${Math.round(p.mb)} MB ${p.name}`).join('\n');
    expect(run.peakMB, each).toBeLessThan(PEAK_LIMIT_MB);
  });
});
