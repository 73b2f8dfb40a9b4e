import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends a download written as it is read (an export of thousands of rows), so that a failure
 * never passes for a complete file:
 * - the first chunk is read before anything is sent, so what fails at once (a query, a missing
 *   figure) answers with its own status and message, not with a 200;
 * - a failure after that cuts the transfer without its end (chunked encoding): clients report the
 *   download as failed (curl exits 18, browsers say "failed") instead of keeping a short file.
 */
export async function sendDownload(
  reply: FastifyReply,
  chunks: AsyncIterable<string>,
  /** the download's own headers (type, disposition), set once its first chunk is there */
  headers: Record<string, string>,
): Promise<FastifyReply> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  reply.headers(headers);
  async function* rest(): AsyncGenerator<string> {
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
