import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { matchesEtag } from '../../kernel/download.ts';

/**
 * written where a kept page's form carries its CSRF token, replaced by each visitor's own token
 * (random per process: no text a person writes on a page can hold it)
 */
export const CSRF_PLACEHOLDER = `csrf-${randomBytes(18).toString('base64url')}`;

export type Encoding = 'br' | 'gzip' | 'identity';

/** One page as rendered for visitors, with its compressed forms, made once. */
export type CachedPage = {
  type: string;
  /** the topics whose changes the page shows, the hub's first */
  topics: readonly string[];
  /** the versions of the page's topics when it was rendered (in the order of `topics`) */
  versions: readonly number[];
  /** the route that rendered it (its pattern, as the metrics name it) */
  route: string;
  /** its `Content-Disposition`, when the route gave one (a calendar file's name) */
  disposition: string | undefined;
  /** the HTTP date of its rendering */
  lastModified: string;
  /** holds forms: each visitor gets it with a token of their own (never compressed ahead) */
  withForms: boolean;
  bodies: Record<Encoding, Buffer>;
  etags: Record<Encoding, string>;
  size: number;
  /**
   * The headers the framework sent with this page from the cache, by variant (front.ts): the
   * front door sends the same without going through the framework.
   */
  heads: Map<string, OutgoingHttpHeaders>;
};

/**
 * How long a kept page may be served at most, written or not: what changes with time alone (an
 * event that passes, a call that closes, "in 3 days") is at most this late.
 */
export const KEPT_AT_MOST_MS = 60_000;

/**
 * The pages a process keeps, least recently used out first when they pass `maxBytes`, none longer
 * than `KEPT_AT_MOST_MS`.
 */
export function pageStore(maxBytes: number) {
  const pages = new LRUCache<string, CachedPage>({
    maxSize: Math.max(1, maxBytes),
    sizeCalculation: (page) => Math.max(1, page.size),
    ttl: KEPT_AT_MOST_MS,
  });
  return {
    get: (key: string) => pages.get(key),
    set(key: string, page: CachedPage) {
      if (maxBytes > 0 && page.size <= maxBytes) pages.set(key, page);
    },
    get bytes() {
      return pages.calculatedSize;
    },
  };
}

export type PageStore = ReturnType<typeof pageStore>;

/** A page's bytes made ready to serve: hashed once, compressed once (brotli and gzip). */
export function cachedPage(
  body: Buffer,
  type: string,
  kept: {
    topics: readonly string[];
    versions: readonly number[];
    route: string;
    disposition: string | undefined;
  },
): CachedPage {
  const withForms = body.includes(CSRF_PLACEHOLDER);
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const bodies: Record<Encoding, Buffer> = withForms
    ? { identity: body, br: body, gzip: body }
    : {
        identity: body,
        br: brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 6,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
        gzip: gzipSync(body, { level: 6 }),
      };
  return {
    type,
    topics: kept.topics,
    versions: kept.versions,
    route: kept.route,
    disposition: kept.disposition,
    lastModified: new Date().toUTCString(),
    withForms,
    bodies,
    // one strong validator per representation: the compressed bytes differ from the plain ones
    etags: { identity: `"${hash}"`, br: `"${hash}-br"`, gzip: `"${hash}-gz"` },
    size: withForms ? body.length : body.length + bodies.br.length + bodies.gzip.length,
    heads: new Map(),
  };
}

/**
 * The encoding a request accepts, best first: brotli, gzip, or none (an `Accept-Encoding` that
 * refuses one with q=0 is honoured).
 */
export function acceptedEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    quality.set(name, q === undefined ? 1 : Number(q));
  }
  const star = quality.get('*');
  const accepts = (name: string) => (quality.get(name) ?? star ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

/** the page's topics' versions now, in the order of its topics */
export function sameVersions(page: CachedPage, known: ReadonlyMap<string, number>): boolean {
  return page.topics.every((topic, i) => (known.get(topic) ?? 0) === page.versions[i]);
}

/**
 * true when a conditional request names what the browser holds already: one of the page's
 * validators, or else a date not before its rendering
 */
export function heldAlready(page: CachedPage, headers: IncomingHttpHeaders): boolean {
  const etagAsked = headers['if-none-match'];
  if (etagAsked) return matchesEtag(etagAsked, Object.values(page.etags));
  const since = headers['if-modified-since'];
  return since !== undefined && Date.parse(since) >= Date.parse(page.lastModified);
}
