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

/** The kernel's high-water mark of this process's RSS since it started, MB. */
export function maxRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
