/**
 * Runs the `totem` command as an operator does and watches the memory of every process it starts
 * (the launcher, the command, the file reader, tsx's compiler), from /proc: for the import's
 * memory test and the import benchmark.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOTEM = fileURLToPath(new URL('../../bin/totem.js', import.meta.url));

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

export interface WatchedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the command's peak memory, bounded from above (see `runTotemWatched`), MB */
  peakMB: number;
  /** each process seen, with its own peak */
  processes: { mb: number; name: string }[];
  /** from the start to the end of the command, seconds */
  seconds: number;
}

/**
 * Runs `totem ARGS` and watches every process of it. At each look (every 50 ms), the peaks
 * (VmHWM) of the processes alive then are added up: no instant's memory can be more than that
 * sum, so its largest value bounds the command's peak from above (a process that ended, as the
 * reader that checks the headers first, no longer counts).
 */
export async function runTotemWatched(args: string[], env: NodeJS.ProcessEnv): Promise<WatchedRun> {
  const started = performance.now();
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
  let seconds = 0;
  const exited = new Promise<number | null>((resolve) =>
    command.on('close', (code) => {
      seconds = (performance.now() - started) / 1000;
      resolve(code);
    }),
  );
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
  const code = await exited;
  return { code, stdout, stderr, peakMB, processes: [...peaks.values()], seconds };
}
