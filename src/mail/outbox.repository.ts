import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutboxEntry } from './mailer.ts';

const ID = /^[0-9TZ-]+_[0-9a-f]{8}$/;

/** Reads the messages the outbox transport wrote (the folder is the store). */
export function outboxRepository(dir: string) {
  return {
    async list(limit = 200): Promise<OutboxEntry[]> {
      let files: string[];
      try {
        files = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const ids = files
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .filter((id) => ID.test(id))
        .sort()
        .reverse()
        .slice(0, limit);
      const entries = await Promise.all(ids.map((id) => this.find(id)));
      return entries.filter((e): e is OutboxEntry => e !== undefined);
    },

    async find(id: string): Promise<OutboxEntry | undefined> {
      if (!ID.test(id)) return undefined;
      try {
        return JSON.parse(await readFile(path.join(dir, `${id}.json`), 'utf8')) as OutboxEntry;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
