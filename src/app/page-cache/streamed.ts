import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { matchesEtag } from '../../kernel/download.ts';

/** what a 304 repeats of a streamed answer */
type Streamed = { tag: string; type: string; disposition: string | undefined };

/**
 * The answers a route the cache serves streams (an export of the directory, a figure's
 * organisations): too large to keep, yet public and written only with their topics. Their
 * validator is made of what they show — the address, the language, the topics' versions and the
 * day (their file names carry the date) — so a browser or a proxy asking again gets a 304 without
 * the export being read again, on any process, while nothing it shows was written.
 */
export function streamedAnswers(max = 1_000) {
  const known = new LRUCache<string, Streamed>({ max });
  /**
   * the validator of the answer at `key` under these versions, today (sent weak, `W/` before it:
   * it is not a hash of the bytes)
   */
  const tagOf = (key: string, versions: readonly number[]) => {
    const day = new Date().toISOString().slice(0, 10);
    const hash = createHash('sha256').update(`${key}\n${versions.join('.')}\n${day}`);
    return `"s-${hash.digest('base64url').slice(0, 27)}"`;
  };
  return {
    /**
     * What to repeat in a 304, when this process streamed the answer at `key` and the request
     * names its validator under these versions (hashed only then: a page's miss costs nothing)
     */
    held(key: string, versions: readonly number[], ifNoneMatch: string | undefined) {
      const entry = ifNoneMatch ? known.get(key) : undefined;
      if (!entry) return undefined;
      const tag = tagOf(key, versions);
      return entry.tag === tag && matchesEtag(ifNoneMatch, [tag]) ? entry : undefined;
    },
    /** notes an answer streamed under these versions; returns its validator */
    remember(key: string, versions: readonly number[], sent: Omit<Streamed, 'tag'>): string {
      const tag = tagOf(key, versions);
      known.set(key, { ...sent, tag });
      return tag;
    },
  };
}

export type StreamedAnswers = ReturnType<typeof streamedAnswers>;
