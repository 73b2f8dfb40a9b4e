import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends a download written as it is read (an export of thousands of rows, a stored file), so that a failure
 * never passes for a complete file:
 * - the first chunk is read before anything is sent, so what fails at once (a query, a missing
 *   figure) answers with its own status and message, not with a 200;
 * - a failure after that cuts the transfer without its end (chunked encoding): clients report the
 *   download as failed (curl exits 18, browsers say "failed") instead of keeping a short file.
 */
export async function sendDownload(
  reply: FastifyReply,
  chunks: AsyncIterable<string | Uint8Array>,
  /** the download's own headers (type, disposition), set once its first chunk is there */
  headers: Record<string, string>,
): Promise<FastifyReply> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  reply.headers(headers);
  async function* rest(): AsyncGenerator<string | Uint8Array> {
    if (!first.done) yield first.value;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const body = Readable.from(rest());
  body.on('error', (error) => {
    reply.log.error({ err: error }, 'download cut short');
    reply.raw.destroy(error);
  });
  return reply.send(body);
}

/**
 * Content-Disposition with both forms of the name (RFC 6266): an ASCII fallback, and the exact
 * name percent-encoded as UTF-8 in filename* (RFC 8187).
 */
export function contentDisposition(name: string, kind: 'inline' | 'attachment'): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A public file that never changes under its validator (a news file, a space's photo): when the
 * browser's `If-None-Match` names it, a 304 (the file's stream, opened already, closed unread);
 * otherwise null, and the route sends the file with the same `ETag` and `Cache-Control`.
 */
export function answerHeldFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: { etag: string; cacheControl: string; stream: Readable },
): FastifyReply | null {
  if (!matchesEtag(request.headers['if-none-match'], [file.etag])) return null;
  file.stream.destroy();
  return reply
    .code(304)
    .header('etag', file.etag)
    .header('cache-control', file.cacheControl)
    .send();
}

/** true when an If-None-Match header names one of these validators (weak or strong, or `*`) */
export function matchesEtag(header: string | undefined, etags: Iterable<string>): boolean {
  if (!header) return false;
  const known = new Set(etags);
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || known.has(t);
  });
}
