/**
 * A worker thread of the byte-level pre-filter (plain JavaScript: a worker thread does not load
 * TypeScript). Given a block of whole lines of a StockEtablissement file, it walks the bytes once,
 * finds each line's commune column without building any string, and sends back the lines of the
 * territory, whole, for the main thread to parse fully.
 */
import { parentPort, workerData } from 'node:worker_threads';

const { communeColumn, communes } = workerData;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;

/** a commune code as a number (digits, and A or B for Corsica's 2A and 2B); -1 when it is none */
function codeOf(bytes, start, end) {
  if (end - start !== 5) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    const d = c >= 48 && c <= 57 ? c - 48 : c === 65 ? 10 : c === 66 ? 11 : -1;
    if (d < 0) return -1;
    n = n * 12 + d;
  }
  return n;
}
const wanted = new Set(communes.map((c) => codeOf(Buffer.from(c), 0, 5)));

parentPort.on('message', (bytes) => {
  const length = bytes.length;
  const kept = [];
  let size = 0;
  let lines = 0;
  let lineStart = 0;
  let field = 0;
  let fieldStart = 0;
  let inQuotes = false;
  let match = false;
  for (let i = 0; i < length; i++) {
    const c = bytes[i];
    if (inQuotes) {
      if (c === QUOTE) inQuotes = false; // a doubled quote opens again at once
      continue;
    }
    if (c === QUOTE) {
      inQuotes = true;
    } else if (c === COMMA || c === LF) {
      if (field === communeColumn) {
        const quoted = bytes[fieldStart] === QUOTE;
        match = wanted.has(codeOf(bytes, quoted ? fieldStart + 1 : fieldStart, quoted ? i - 1 : i));
      }
      if (c === COMMA) {
        field++;
        fieldStart = i + 1;
      } else {
        lines++;
        if (match) {
          kept.push(bytes.subarray(lineStart, i + 1));
          size += i + 1 - lineStart;
        }
        match = false;
        field = 0;
        lineStart = i + 1;
        fieldStart = i + 1;
      }
    }
  }
  const out = Buffer.concat(kept, size);
  const copy = new Uint8Array(out.length);
  copy.set(out);
  parentPort.postMessage({ lines, kept: copy }, [copy.buffer]);
});
