#!/usr/bin/env -S node --max-semi-space-size=2
// The `totem` command: TypeScript sources run through tsx, so there is no build step.
// `--max-semi-space-size=2` (MB, here and in `npm start`): V8's young generation stays small. By
// default it grows to 16 MB per half and stays so once a burst of pages has grown it: an idle
// server held about 50 MB more (bench `memory`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { boundedNodeOptions } from './bounded-heap.js';

const CHILD = 'TOTEM_BOUNDED_HEAP';

const options = boundedNodeOptions(process.argv[2] ?? '');
const bounded = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) =>
  a.startsWith('--max-old-space-size'),
);

if (options.length > 0 && !bounded && !process.env[CHILD]) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...options, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, [CHILD]: '1' } },
  );
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  if (process.env[CHILD] && process.channel) {
    // the command that started this process is gone (killed, even with -9): stop as it did
    process.channel.unref();
    process.on('disconnect', () => process.exit(137));
  }
  // React and the libraries read it: their production builds, smaller and faster
  process.env.NODE_ENV ??= 'production';
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
