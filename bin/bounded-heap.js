/**
 * Commands that stream large files run in a process whose JavaScript heap is bounded (MB): left
 * alone, V8 lets collectable garbage grow to hundreds of megabytes before it collects, while what
 * an import really holds at once is a few tens of megabytes.
 */
export const HEAP_MB = { import: 192 };

/**
 * Node options of such a process, heap bound included. `--no-liftoff`: the embedded database's
 * WebAssembly is compiled once, by the optimising compiler, when it loads; by default V8 first
 * compiles all of it to baseline code, then compiles its busy functions again while the import runs
 * (in background threads whose memory the process keeps), and holds both — about 60 to 80 MB more
 * at the peak of a large import, for no faster import. The server's own engine never loads it.
 * `--max-semi-space-size=4` (MB): the young generation, where a stream's short-lived rows die, stays
 * small; by default it grows to 16 MB per semi-space and the heap to about 100 MB during a national
 * import, against about 40 MB with it.
 */
export function boundedNodeOptions(command) {
  const heapMB = HEAP_MB[command];
  return heapMB
    ? [`--max-old-space-size=${heapMB}`, '--max-semi-space-size=4', '--no-liftoff']
    : [];
}
