import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileStorage, filesystemStorage, readAll } from './file-storage.ts';

/**
 * The contract every file store keeps. One implementation today (a folder); another store
 * (S3-compatible) adds a line to IMPLEMENTATIONS and must pass the same tests.
 */
type Implementation = {
  name: string;
  open(): Promise<{ storage: FileStorage; close(): Promise<void>; root?: string }>;
};

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: 'filesystem',
    async open() {
      const root = await mkdtemp(path.join(tmpdir(), 'totem-files-'));
      return {
        storage: filesystemStorage(root),
        root,
        close: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
];

describe.each(IMPLEMENTATIONS)('file storage contract: $name', (impl) => {
  let storage: FileStorage;
  let close: () => Promise<void>;
  let root: string | undefined;

  beforeAll(async () => {
    const opened = await impl.open();
    storage = opened.storage;
    close = opened.close;
    root = opened.root;
  });
  afterAll(async () => close?.());

  it('gives back what was put, from a buffer or a stream', async () => {
    const bytes = Buffer.from('%PDF-1.4 contenu é', 'utf8');
    expect(await storage.put('a/one.pdf', bytes)).toEqual({ bytes: bytes.length });
    const fromStream = Buffer.alloc(200_000, 7);
    await storage.put(
      'a/two.bin',
      Readable.from([fromStream.subarray(0, 1000), fromStream.subarray(1000)]),
    );
    const one = await storage.get('a/one.pdf');
    const two = await storage.get('a/two.bin');
    expect(one && (await readAll(one))).toEqual(bytes);
    expect(two && (await readAll(two))).toEqual(fromStream);
    expect(await storage.stat('a/two.bin')).toEqual({ bytes: 200_000 });
  });

  it('replaces the content of a key that is put again', async () => {
    await storage.put('b/file', Buffer.from('first'));
    await storage.put('b/file', Buffer.from('second, longer'));
    const got = await storage.get('b/file');
    expect(got && (await readAll(got)).toString()).toBe('second, longer');
  });

  it('answers null for a key that does not exist, and deletes idempotently', async () => {
    expect(await storage.get('c/missing')).toBeNull();
    expect(await storage.stat('c/missing')).toBeNull();
    await storage.put('c/gone', Buffer.from('x'));
    await storage.delete('c/gone');
    await storage.delete('c/gone');
    expect(await storage.get('c/gone')).toBeNull();
  });

  it('refuses keys that could leave the store', async () => {
    for (const key of [
      '../outside',
      'a/../../outside',
      '/etc/passwd',
      'a/..',
      'A/Upper',
      '',
      'a//b',
      'a\\b',
    ]) {
      await expect(storage.put(key, Buffer.from('x')), key).rejects.toThrow(/key/);
      await expect(storage.get(key), key).rejects.toThrow(/key/);
    }
  });

  it('leaves no partial file when the stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(storage.put('d/broken', failing)).rejects.toThrow('connection lost');
    expect(await storage.stat('d/broken')).toBeNull();
    if (root) expect(await readdir(path.join(root, 'd'))).toEqual([]);
  });
});
