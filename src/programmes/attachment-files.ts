import { createHash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AttachmentMediaType } from '../db/schema.ts';
import type { FileStorage } from '../kernel/file-storage.ts';

/**
 * What an application's file may be, recognised from its first bytes (file-type), never from its
 * name or the browser's word: a PDF or an image. A ZIP (a zip bomb among them), an HTML page, an
 * office document are refused whatever they are called. file-type is loaded on the first file:
 * most processes never receive one.
 */
export const ACCEPTED: Record<AttachmentMediaType, { ext: string }> = {
  'application/pdf': { ext: 'pdf' },
  'image/png': { ext: 'png' },
  'image/jpeg': { ext: 'jpg' },
  'image/webp': { ext: 'webp' },
};

/** why a file is refused (the texts: attachments.fr.ts `refused`) */
export type FileProblem = 'type' | 'tooLarge' | 'empty' | 'brokenPdf';

export class FileRefusal extends Error {
  constructor(readonly problem: FileProblem) {
    super(`file refused: ${problem}`);
  }
}

export type ReceivedFile = { mediaType: AttachmentMediaType; size: number; sha256: string };

/** the bytes file-type reads to recognise any type it knows */
const HEAD = 4100;
/** a PDF ends with %%EOF within its last 1024 bytes (ISO 32000-1, 7.5.5) */
const TAIL = 1024;
const PDF_HEADER = /^%PDF-[12]\.\d/;

/**
 * Checks a file as it passes: held back until its first bytes tell its type (refused at once
 * when it is not one accepted), counted (refused at the first byte over the limit), hashed; a
 * PDF must begin with its header and end with its end marker; an empty file is refused. A
 * refusal is the stream's error, a FileRefusal.
 */
class FileCheck extends Transform {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail = Buffer.alloc(0);
  private size = 0;
  private readonly hash = createHash('sha256');
  mediaType: AttachmentMediaType | undefined;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.limit) return done(new FileRefusal('tooLarge'));
    this.hash.update(chunk);
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-TAIL);
    if (this.mediaType) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < HEAD) return done();
    this.recognise().then(() => done(), done);
  }

  override _flush(done: TransformCallback) {
    if (this.size === 0) return done(new FileRefusal('empty'));
    const end = this.mediaType ? Promise.resolve() : this.recognise();
    end.then(() => {
      if (this.mediaType === 'application/pdf' && !this.tail.includes('%%EOF'))
        return done(new FileRefusal('brokenPdf'));
      done();
    }, done);
  }

  /** the type, from the bytes held back; they go on once it is accepted */
  private async recognise() {
    const head = Buffer.concat(this.head);
    this.head = [];
    const { fileTypeFromBuffer } = await import('file-type');
    const found = await fileTypeFromBuffer(head.subarray(0, HEAD));
    const mime = found?.mime as AttachmentMediaType | undefined;
    if (!mime || !(mime in ACCEPTED)) throw new FileRefusal('type');
    if (mime === 'application/pdf' && !PDF_HEADER.test(head.subarray(0, 8).toString('latin1')))
      throw new FileRefusal('brokenPdf');
    this.mediaType = mime;
    this.push(head);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Writes an uploaded file under the key while checking it (FileCheck). A refusal stops reading
 * the upload there (its stream is destroyed: nothing more is read, nothing is buffered) and
 * leaves nothing in the store; it is thrown as a FileRefusal.
 */
export async function receiveFile(
  storage: FileStorage,
  key: string,
  source: Readable,
  limit: number,
): Promise<ReceivedFile> {
  const check = new FileCheck(limit);
  const [read, stored] = await Promise.allSettled([
    pipeline(source, check),
    storage.put(key, check),
  ]);
  if (read.status === 'rejected' || stored.status === 'rejected') {
    await storage.delete(key);
    const errors = [read, stored].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    throw errors.find((e) => e instanceof FileRefusal) ?? errors[0];
  }
  if (!check.mediaType) throw new FileRefusal('type');
  return { mediaType: check.mediaType, size: stored.value.bytes, sha256: check.digest() };
}
