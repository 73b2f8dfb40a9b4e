import { fork } from 'node:child_process';

/**
 * Runs one task in a child Node process (with tsx), so that what it measures — time, and above
 * all memory — is its own. The child answers with one IPC message; it is killed after
 * `timeoutMs`. `nodeOptions` go to its Node process (a heap bound, as a command has it).
 */
export function runInChild<T>(
  modulePath: string,
  task: unknown,
  timeoutMs: number,
  nodeOptions: string[] = [],
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = fork(modulePath, [], {
      execArgv: [...nodeOptions, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: { ok: true; value: T } | { ok: false; error: string } | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${modulePath} took more than ${timeoutMs / 1000} s; killed`));
    }, timeoutMs);
    child.on('message', (m) => {
      answer = m as typeof answer;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.ok) resolve(answer.value);
      else if (answer) reject(new Error(answer.error));
      else reject(new Error(`child ${modulePath} ended (${signal ?? code}) without an answer`));
    });
    child.send(task as object);
  });
}

/** In the child: handles the one task it is sent, answers, and exits. */
export function serveOneTask<I, O>(handle: (task: I) => Promise<O>): void {
  process.once('message', (task) => {
    handle(task as I).then(
      (value) => process.send?.({ ok: true, value }, () => process.exit(0)),
      (error: unknown) => {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.send?.({ ok: false, error: text }, () => process.exit(1));
      },
    );
  });
}
