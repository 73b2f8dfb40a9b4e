import { readFileSync } from 'node:fs';
import { mb } from './log.ts';

export type RssReport = {
  /** RSS when sampling started, MB */
  startMB: number;
  /** highest RSS sampled while running, MB */
  peakMB: number;
  samples: number;
};

/**
 * Samples this process's resident set size every `everyMs` (and whenever `sample()` is called)
 * until `stop()`.
 */
export function rssSampler(everyMs = 50) {
  const start = process.memoryUsage.rss();
  let peak = start;
  let samples = 1;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    samples++;
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    sample,
    stop(): RssReport {
      clearInterval(timer);
      sample();
      return {
        startMB: Math.round(mb(start)),
        peakMB: Math.round(mb(peak)),
        samples,
      };
    },
  };
}

/**
 * The kernel's high-water mark of this process's RSS since it started, MB: `VmHWM` of
 * /proc/self/status where there is one. Not `getrusage`'s maxRSS, which a process started by
 * fork and exec inherits from its parent (a child of a 385 MB parent reads 385 MB while it holds
 * 39 MB), so that the figure of a benchmark's child would be its parent's.
 */
export function maxRssMB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Math.round(Number(hwm) / 1024);
  } catch {
    // not Linux: the resource usage, an upper bound
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
