import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FileStorage } from '../kernel/file-storage.ts';
import { FileRefusal, receiveFile } from './attachment-files.ts';
import { formDefinition } from './forms/definition.ts';
import { validateAnswers } from './forms/validate.ts';

/** a store in memory: what was put, whole */
function memoryStorage() {
  const kept = new Map<string, Buffer>();
  const storage: FileStorage = {
    async put(key, content) {
      const chunks: Buffer[] = [];
      if (Buffer.isBuffer(content)) chunks.push(content);
      else for await (const c of content) chunks.push(Buffer.from(c));
      kept.set(key, Buffer.concat(chunks));
      return { bytes: kept.get(key)?.length ?? 0 };
    },
    async get(key) {
      const b = kept.get(key);
      return b ? Readable.from([b]) : null;
    },
    async stat(key) {
      const b = kept.get(key);
      return b ? { bytes: b.length } : null;
    },
    async delete(key) {
      kept.delete(key);
    },
  };
  return { storage, kept };
}

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(40),
  Buffer.from([0xff, 0xd9]),
]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x1a, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(20),
]);

describe('receiving a file', () => {
  it('recognises a JPEG and a WebP from their bytes, and keeps them whole with their hash', async () => {
    const { storage, kept } = memoryStorage();
    const jpeg = await receiveFile(storage, 'a', Readable.from([JPEG]), 1000);
    expect(jpeg).toMatchObject({ mediaType: 'image/jpeg', size: JPEG.length });
    expect(jpeg.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(kept.get('a')?.equals(JPEG)).toBe(true);
    const webp = await receiveFile(storage, 'b', Readable.from([WEBP]), 1000);
    expect(webp.mediaType).toBe('image/webp');
  });

  it('stops pulling a file at the first chunk over the limit, and keeps nothing', async () => {
    const { storage, kept } = memoryStorage();
    let pulled = 0;
    async function* big() {
      for (let i = 0; i < 1000; i++) {
        pulled += 1;
        yield i === 0 ? JPEG : Buffer.alloc(1024);
      }
    }
    const refused = await receiveFile(storage, 'c', Readable.from(big()), 10 * 1024).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(FileRefusal);
    expect((refused as FileRefusal).problem).toBe('tooLarge');
    expect(pulled).toBeLessThan(50);
    expect(kept.has('c')).toBe(false);
  });
});

describe('file fields', () => {
  it('take a size limit in MB, above 0 and at most 20', () => {
    const field = (max: number) => [{ key: 'doc', type: 'file', label: 'Doc', max }];
    expect(formDefinition.safeParse(field(5)).success).toBe(true);
    expect(formDefinition.safeParse(field(21)).success).toBe(false);
    expect(formDefinition.safeParse(field(0)).success).toBe(false);
  });

  it('answer a file by its id, as text or as a number', () => {
    const fields = formDefinition.parse([{ key: 'doc', type: 'file', label: 'Doc' }]);
    const result = validateAnswers(fields, { doc: 12 }, 'draft');
    expect(result.answers).toEqual({ doc: '12' });
    expect(result.files).toEqual([{ field: 'doc', ref: '12' }]);
    expect(validateAnswers(fields, { doc: -1 }, 'draft').issues).toEqual([
      { field: 'doc', code: 'not_file' },
    ]);
  });
});
