/**
 * The import's files are read apart from the process that holds the database (the web server,
 * or the import command): a child process of its own, with a bounded heap, opens and parses them,
 * and sends the staging rows it keeps as COPY text, its progress and its rejected lines. Whatever
 * a file does to that process (an abort, memory, a signal), the parent hears that it stopped and
 * fails the import; it keeps serving. The parent does every database write (PGlite lives in its
 * memory: the child could not open it).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BadLine } from '../sirene/csv-stream.ts';

export type FileRole = 'establishments' | 'units';

/** what the parent asks: a check of the files' headers, or the reading of their rows */
export type ReadRequest =
  | { type: 'check'; establishmentsPath?: string; unitsPath?: string }
  | {
      type: 'read';
      importId: number;
      establishmentsPath?: string;
      unitsPath?: string;
      /** the territory's communes: the establishments kept */
      communes: string[];
    };

/** what the parent sends after the request */
export type ParentMessage =
  | ReadRequest
  /** SIRENs the register holds (a page of them), wanted among the legal units */
  | { type: 'sirens'; sirens: number[] }
  | { type: 'sirens-end' }
  /** a batch was taken: the child may send the next */
  | { type: 'ack' };

export type FileProgress = { role: FileRole; bytesRead: number; built: number; skipped: number };

/** what the child sends */
export type ReaderMessage =
  | { type: 'checked'; sizes: [string, number][] }
  | ({ type: 'batch'; rows: number; lines: string } & FileProgress)
  | ({ type: 'progress' } & FileProgress)
  /** `count` lines rejected since the last message; the details of the first ones only */
  | { type: 'rejected'; role: FileRole; lines: BadLine[]; count: number }
  | ({ type: 'file-end'; lastProcessedAt: string | null } & FileProgress)
  | { type: 'done' }
  | {
      type: 'failed';
      role: FileRole | null;
      message: string;
      /** the reason in both languages, when the reader words it so */
      reason?: { fr: string; en: string };
      missing?: string[];
      /** a stable code of the failure, where the reader has one (TOO_MANY_REJECTIONS, TRUNCATED…) */
      code?: string;
    };

/** A file that could not be read: its role, the reason in both languages, missing columns. */
export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    readonly role: FileRole | null,
    /** the reader's own words (English, as the library says them), or a sentence in each language */
    readonly reason: string | { fr: string; en: string },
    readonly missing?: string[],
    readonly code?: string,
  ) {
    const fr = { establishments: 'des établissements', units: 'des unités légales' };
    const en = { establishments: 'establishments', units: 'legal units' };
    const why = typeof reason === 'string' ? { fr: reason, en: reason } : reason;
    super(
      role
        ? `Le fichier ${fr[role]} n’a pas pu être lu : ${why.fr}. The ${en[role]} file could not be read: ${why.en}.`
        : `Les fichiers n’ont pas pu être lus : ${why.fr}. The files could not be read: ${why.en}.`,
    );
  }
}

/** the heap of the reading process (MB): it holds a batch or three and the SIRENs wanted */
export const READER_HEAP_MB = 128;

const CHILD = fileURLToPath(new URL('./file-reader.child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export type FileReader = {
  /** the messages of the child, in order, until `done`; a failure or its death is thrown */
  messages: AsyncGenerator<ReaderMessage, void, undefined>;
  send(message: ParentMessage): void;
  /** ends the child if it still runs */
  stop(): void;
  child: ChildProcess;
};

/** Starts a reading process and sends it the request. */
export function startFileReader(request: ReadRequest): FileReader {
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${READER_HEAP_MB}`, '--max-semi-space-size=2', '--import', TSX, CHILD],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' },
  );
  const queue: ReaderMessage[] = [];
  let wake: (() => void) | undefined;
  let exit: string | undefined;
  // the file the child was reading when it stopped, named in the failure
  let role: FileRole | null = null;
  child.on('message', (message: ReaderMessage) => {
    queue.push(message);
    wake?.();
  });
  // 'close' rather than 'exit': it comes once the IPC channel is drained too, after the last message
  child.on('close', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
    wake?.();
  });
  child.on('error', (error) => {
    exit = error.message;
    wake?.();
  });
  child.send(request);

  async function* messages(): AsyncGenerator<ReaderMessage, void, undefined> {
    for (;;) {
      const message = queue.shift();
      if (message) {
        if (message.type === 'failed') {
          const reason = message.reason ?? message.message;
          throw new FileReadError(message.role, reason, message.missing, message.code);
        }
        if ('role' in message) role = message.role;
        yield message;
        if (message.type === 'done' || message.type === 'checked') return;
        continue;
      }
      if (exit !== undefined) {
        throw new FileReadError(role, {
          fr: `le processus qui le lisait s’est arrêté (${exit})`,
          en: `the process reading it stopped (${exit})`,
        });
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  }

  return {
    messages: messages(),
    send(message) {
      if (child.connected) child.send(message);
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    child,
  };
}
