const started = performance.now();

/** A progress line on stderr, stamped with the seconds since the run started. */
export function log(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(7);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}

export const mb = (bytes: number) => bytes / 1_048_576;

/** Seconds taken by `fn`, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t) / 1000, value };
}

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number ≥ 0, not ${raw}`);
  }
  return value;
}
