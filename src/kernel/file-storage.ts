import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where uploaded files live. Keys are chosen by the application (never a user's file name); an
 * S3-compatible store can implement the same four operations, and passes the same contract suite
 * (file-storage.integration.test.ts).
 */
export interface FileStorage {
  /** writes the whole stream under the key (replacing what was there); returns the byte count */
  put(key: string, content: Readable | Buffer): Promise<{ bytes: number }>;
  /** a stream of the content, or null when there is no such key */
  get(key: string): Promise<Readable | null>;
  /** null when there is no such key */
  stat(key: string): Promise<{ bytes: number } | null>;
  /** removing a key that does not exist is not an error */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,100}(\/[a-z0-9][a-z0-9._-]{0,100}){0,4}$/;

/** A key is a few lower-case segments: no "..", no absolute path, nothing a name could smuggle. */
export function assertKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..' || s.includes('..'))) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}

/** Files in a folder (DATA_DIR/files). Written to a temporary name, then renamed: never half a file. */
export function filesystemStorage(root: string): FileStorage {
  const pathOf = (key: string) => {
    assertKey(key);
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error('key outside the store');
    return full;
  };
  return {
    async put(key, content) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.${Date.now()}.part`;
      try {
        if (Buffer.isBuffer(content)) {
          const out = createWriteStream(temporary);
          await new Promise<void>((resolve, reject) => {
            out.on('error', reject);
            out.end(content, resolve);
          });
        } else {
          await pipeline(content, createWriteStream(temporary));
        }
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { bytes: (await stat(target)).size };
    },
    async get(key) {
      const target = pathOf(key);
      try {
        await stat(target);
      } catch {
        return null;
      }
      return createReadStream(target);
    },
    async stat(key) {
      try {
        const s = await stat(pathOf(key));
        return s.isFile() ? { bytes: s.size } : null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** Reads a stream to the end (for small files and tests). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The name shown and offered on download for an uploaded file: the last segment of what was
 * uploaded (a "../" or a folder is dropped), letters, digits and a few signs kept, shortened,
 * with the extension given (the detected type's, never the uploader's).
 */
export function cleanFileName(uploaded: string, ext: string): string {
  const last = uploaded.split(/[\\/]/).pop() ?? '';
  const stem = last
    .normalize('NFC')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} _()-]/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^[\s._-]+|[\s._-]+$/g, '')
    .slice(0, 100);
  return `${stem || 'fichier'}.${ext}`;
}
