/**
 * A worker thread of the byte pre-filter (`drop-workers.ts`): given blocks of whole lines, it
 * answers for each line whether the dropper drops it, and the latest processing time among the
 * lines it dropped. The block goes back with the answer: the reading thread reads its lines.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { timestamp } from './cells.ts';
import { type DropSpec, dropperFor, LatestValue } from './line-filter.ts';

const LF = 10;
const CR = 13;

const { spec, header } = workerData as { spec: DropSpec; header: string[] };
const latest = new LatestValue(timestamp);
const drop = dropperFor(spec, header, latest);

parentPort?.on('message', (block: Uint8Array) => {
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const decisions: number[] = [];
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(LF, start);
    if (nl === -1) break;
    const end = nl > start && bytes[nl - 1] === CR ? nl - 1 : nl;
    decisions.push(drop?.(bytes, start, end) ? 1 : 0);
    start = nl + 1;
  }
  const answer = Uint8Array.from(decisions);
  parentPort?.postMessage({ block, decisions: answer, latest: latest.value }, [
    block.buffer as ArrayBuffer,
    answer.buffer,
  ]);
});
