/**
 * The reading process of an import (started by `file-reader.ts`): reads the files the parent
 * names and sends back, over its IPC channel, what the import keeps of them. It opens no database.
 */

import { basename } from 'node:path';
import { MissingColumnsError } from '../sirene/csv-stream.ts';
import { openEstablishments, openUnits, type SireneReader } from '../sirene/readers.ts';
import type { BadLine } from '../sirene/records.ts';
import type { FileRole, ParentMessage, ReaderMessage, ReadRequest } from './file-reader.ts';
import {
  REJECTION_LIMIT,
  rejectionsMessage,
  TooManyRejectionsError,
  tooManyRejections,
} from './rejection-limit.ts';
import {
  copyText,
  STAGE_ESTABLISHMENTS,
  STAGE_UNITS,
  stageEstablishment,
  stageUnit,
} from './staging-rows.ts';

/** rows per batch sent (one staging COPY each) */
const BATCH = 5000;
const PROGRESS_EVERY_MS = 250;

// the parent is gone (even killed with -9): nothing is left to read for
process.on('disconnect', () => process.exit(1));

const send = (message: ReaderMessage) =>
  new Promise<void>((resolve, reject) => {
    process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });

/** the parent's messages after the request: acknowledgements and the register's SIRENs */
const inbox = {
  acks: [] as (() => void)[],
  pendingAcks: 0,
  sirens: new Set<number>(),
  sirensEnd: undefined as (() => void) | undefined,
  sirensDone: false,
};

function ack(): Promise<void> {
  if (inbox.pendingAcks > 0) {
    inbox.pendingAcks--;
    return Promise.resolve();
  }
  return new Promise((resolve) => inbox.acks.push(resolve));
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'ack') {
    const waiting = inbox.acks.shift();
    if (waiting) waiting();
    else inbox.pendingAcks++;
  } else if (message.type === 'sirens') {
    for (const siren of message.sirens) inbox.sirens.add(siren);
  } else if (message.type === 'sirens-end') {
    inbox.sirensDone = true;
    inbox.sirensEnd?.();
  } else if (message.type === 'check') {
    run(message, () => check(message));
  } else if (message.type === 'read') {
    run(message, () => read(message));
  }
});

/** the reader's failures a script may tell apart (`--json`'s `code`) */
const FAILURE_CODES = ['TOO_MANY_REJECTIONS', 'TRUNCATED', 'LINE_TOO_LONG'];

/** The reason in both languages, when the reader gives its French words. */
function bilingual(error: unknown, message: string): { reason?: { fr: string; en: string } } {
  if (error instanceof TooManyRejectionsError) return { reason: error.reason };
  const french = (error as { french?: unknown }).french;
  return typeof french === 'string' ? { reason: { fr: french, en: message } } : {};
}

let current: FileRole | null = null;
/** details of rejected lines sent for this import (every rejected line is counted) */
let details = 0;

/**
 * Runs the request; a failure is told to the parent (a file named by its base name, never by
 * where the server keeps it), then the process ends.
 */
function run(request: ReadRequest, work: () => Promise<void>): void {
  const paths = [request.establishmentsPath, request.unitsPath].filter((p) => p !== undefined);
  work().then(
    () => process.exit(0),
    async (error: unknown) => {
      const missing = error instanceof MissingColumnsError ? [...error.missing] : undefined;
      let message = error instanceof Error ? error.message : String(error);
      for (const path of paths) message = message.replaceAll(path, basename(path));
      const reason = bilingual(error, message);
      const code = (error as { code?: unknown }).code;
      const known = typeof code === 'string' && FAILURE_CODES.includes(code);
      await send({
        type: 'failed',
        role: current,
        message,
        ...reason,
        ...(known ? { code } : {}),
        ...(missing ? { missing } : {}),
      });
      process.exit(1);
    },
  );
}

async function check(request: Extract<ReadRequest, { type: 'check' }>): Promise<void> {
  const sizes: [string, number][] = [];
  for (const [role, path] of [
    ['establishments', request.establishmentsPath],
    ['units', request.unitsPath],
  ] as const) {
    if (!path) continue;
    current = role;
    const reader = await (role === 'establishments' ? openEstablishments(path) : openUnits(path));
    sizes.push([path, reader.totalBytes ?? 0]);
    await reader.close();
  }
  current = null;
  await send({ type: 'checked', sizes });
}

/**
 * Reads one file: batches of staging rows, one at a time past the parent's acknowledgement.
 *
 * Each kept row becomes its COPY line at once, stored as UTF-8 bytes: a record's values are
 * slices of the 64 KB piece of the file they were read from, and V8 keeps that whole piece alive
 * as long as one slice of it lives. When 1 % of a national file is kept, the 5 000 records of a
 * batch came from 500 000 lines, and held a few hundred megabytes of the file between them: the
 * reading process ran out of memory. Bytes hold only the row.
 */
async function drain<T>(
  role: FileRole,
  open: (onBadLine: (bad: BadLine) => void) => Promise<SireneReader<T>>,
  toLine: (record: T) => string,
): Promise<void> {
  current = role;
  /** details not sent yet, and how many lines were rejected since the last message */
  let rejected: BadLine[] = [];
  let uncounted = 0;
  /** this file's rejected lines, and the details of its first ones (for the stop's message) */
  let fileRejected = 0;
  const firstOfFile: BadLine[] = [];
  let built = 0;
  let reader: SireneReader<T> | undefined;
  const onBadLine = (bad: BadLine) => {
    fileRejected++;
    uncounted++;
    if (details < REJECTION_LIMIT.details || firstOfFile.length < 100) {
      // the reason's words are copied out of the line they quote, which holds a piece of the file
      const kept = { line: bad.line, reason: Buffer.from(bad.reason).toString() };
      if (details < REJECTION_LIMIT.details) {
        details++;
        rejected.push(kept);
      }
      if (firstOfFile.length < 100) firstOfFile.push(kept);
    }
    const read = built + (reader?.skipped ?? 0) + fileRejected;
    if (tooManyRejections(read, fileRejected)) {
      throw rejectionsMessage(read, fileRejected, firstOfFile);
    }
  };
  reader = await open(onBadLine);
  const progress = () => ({
    role,
    bytesRead: reader?.bytesRead ?? 0,
    built,
    skipped: reader?.skipped ?? 0,
  });
  const flush = async () => {
    if (uncounted > 0) {
      const lines = rejected;
      const count = uncounted;
      rejected = [];
      uncounted = 0;
      await send({ type: 'rejected', role, lines, count });
    }
  };
  // progress while rows are turned down without a batch to carry it
  const timer = setInterval(() => {
    flush()
      .then(() => send({ type: 'progress', ...progress() }))
      .catch(() => {});
  }, PROGRESS_EVERY_MS);
  try {
    let batch: Buffer[] = [];
    const sendBatch = async () => {
      await flush();
      const lines = Buffer.concat(batch).toString('utf8');
      const rows = batch.length;
      batch = [];
      await send({ type: 'batch', rows, lines, ...progress() });
      await ack();
    };
    for await (const record of reader.records()) {
      built++;
      batch.push(Buffer.from(toLine(record), 'utf8'));
      if (batch.length >= BATCH) await sendBatch();
    }
    if (batch.length > 0) await sendBatch();
    await flush();
    await send({ type: 'file-end', lastProcessedAt: reader.lastProcessedAt, ...progress() });
  } finally {
    clearInterval(timer);
    // the details of a file stopped midway are told too: they say why it stopped
    await flush().catch(() => {});
    await reader.close();
  }
}

async function read(request: Extract<ReadRequest, { type: 'read' }>): Promise<void> {
  const { importId } = request;
  const communes = new Set(request.communes);
  // the SIRENs whose legal units the import keeps: those of the territory's establishments and
  // those the register holds (numbers: a set of them takes a fraction of the memory of strings)
  const wanted = inbox.sirens;
  if (request.establishmentsPath) {
    const path = request.establishmentsPath;
    await drain(
      'establishments',
      (onBadLine) =>
        openEstablishments(path, {
          onBadLine,
          keepBadLines: 0,
          communes,
        }),
      (e) => {
        wanted.add(Number(e.siren));
        return copyText(STAGE_ESTABLISHMENTS, [stageEstablishment(importId, e)]);
      },
    );
  }
  if (request.unitsPath) {
    if (!inbox.sirensDone) {
      await new Promise<void>((resolve) => {
        inbox.sirensEnd = resolve;
      });
    }
    const path = request.unitsPath;
    await drain(
      'units',
      (onBadLine) =>
        openUnits(path, {
          onBadLine,
          keepBadLines: 0,
          sirens: wanted,
        }),
      (u) => copyText(STAGE_UNITS, [stageUnit(importId, u)]),
    );
  }
  current = null;
  await send({ type: 'done' });
}
