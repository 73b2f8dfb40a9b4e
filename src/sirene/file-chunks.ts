/**
 * The bytes of a file as the CSV reader takes them: counted as they are read, handed on in pieces,
 * stopped past a limit, and a gzip stream cut short told apart from other failures.
 */

import type { Readable } from 'node:stream';

/** A compressed file that ends before its data does (a download cut short). */
export class TruncatedFileError extends Error {
  override name = 'TruncatedFileError';
  readonly code = 'TRUNCATED';
  readonly french =
    'fichier .gz tronqué : il s’arrête avant la fin de ses données compressées (un téléchargement interrompu ?)';
  constructor() {
    super(
      'truncated .gz file: it ends before the end of its compressed data (an interrupted download?)',
    );
  }
}

/** zlib's code when a gzip stream ends early */
const GZIP_CUT_SHORT = 'Z_BUF_ERROR';

/**
 * Counts what a stream gives as it is read (no listener of its own: the stream flows only as
 * fast as the reader pulls), and stops it once it gives more than `limit` bytes.
 */
export async function* counted(
  stream: Readable,
  count: (n: number) => void,
  limit = Number.POSITIVE_INFINITY,
  tooMuch = () => new Error('too much data'),
) {
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // a large read is handed on in pieces: the header is read from the first piece alone
      for (let at = 0; at < chunk.length; at += PIECE) {
        const piece = chunk.subarray(at, at + PIECE);
        total += piece.length;
        if (total > limit) throw tooMuch();
        count(piece.length);
        yield piece;
      }
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === GZIP_CUT_SHORT) throw new TruncatedFileError();
    throw error;
  }
}

/**
 * Bytes read from a file at a time (fewer, larger reads keep the disk ahead of the reader), and
 * the pieces they are handed on in (what the header's reading and the line limit see first).
 */
export const READ_CHUNK = 1 << 20;
export const PIECE = 1 << 16;
