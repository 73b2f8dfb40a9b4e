// @ts-check
/**
 * A worker thread of the byte pre-filter (`drop-workers.ts`): given blocks of whole lines, it
 * answers how many lines each holds, which of them the reading thread must read
 * (`judgeBlock`, the lines judged in WebAssembly: `line-scan.js`), and the latest processing
 * time among the lines it dropped. The block lies in memory shared with the reading thread.
 * Plain JavaScript: no TypeScript loader in a worker (`line-filter.js`).
 */

import { parentPort, workerData } from 'node:worker_threads';
import { dropperFor, judgeBlock, LatestValue } from './line-filter.js';
import { LineScanner } from './line-scan.js';

/** @type {{ spec: import('./line-filter.js').DropSpec, header: string[], window: number, maxBytes: number }} */
const { spec, header, window, maxBytes } = workerData;
const latest = new LatestValue();
const drop = dropperFor(spec, header, latest);
const scanner = drop && LineScanner.for(spec, header, latest, maxBytes);

parentPort?.on('message', (/** @type {Uint8Array} */ block) => {
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const { lines, read } = judgeBlock(bytes, drop, window, maxBytes, scanner);
  parentPort?.postMessage({ lines, read, latest: latest.value }, [
    /** @type {ArrayBuffer} */ (read.buffer),
  ]);
});
