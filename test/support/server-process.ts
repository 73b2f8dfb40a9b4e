import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOTEM = fileURLToPath(new URL('../../bin/totem.js', import.meta.url));

/** A real `totem serve` in a process of its own, as an operator runs one behind a load balancer. */
export type ServerProcess = {
  url: string;
  /** the server's process id (to read its memory) */
  pid: number;
  /** the JSON log lines it wrote so far */
  logs: Record<string, unknown>[];
  /** resolves at the first log line the predicate accepts (or rejects after `timeoutMs`) */
  logged(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-process-'));
  const child: ChildProcess = spawn(process.execPath, [TOTEM, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      TOTEM_DEMO: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let output = '';
  let ready: (url: string) => void = () => {};
  let failed: (error: Error) => void = () => {};
  const started = new Promise<string>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      output += `${line}\n`;
      const at = /Totem is ready at (http:\/\/\S+)/.exec(line);
      if (at?.[1]) ready(at[1]);
      if (line.startsWith('{')) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.on('exit', (code) => failed(new Error(`the server exited (${code}):\n${output}`)));
  const url = await Promise.race([
    started,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000),
    ),
  ]);

  return {
    url,
    pid: child.pid ?? 0,
    logs,
    logged(predicate, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!logs.some(predicate)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`not logged within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
