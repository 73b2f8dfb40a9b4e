import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDownload } from './download.ts';
import { coreError } from './errors.ts';

/** a download that fails at its first chunk, or later, as an export whose query fails would */
async function* failing(after: number): AsyncGenerator<string> {
  for (let i = 0; i < after; i++) yield `line ${i}\r\n`;
  await new Promise((resolve) => setTimeout(resolve, 20));
  throw coreError('CONFLICT', 'the figures changed');
}

describe('a download written as it is read', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = Fastify({ logger: false });
    app.setErrorHandler(async (error, _request, reply) => {
      const status = (error as { status?: number }).status ?? 500;
      return reply.code(status).send({ error: (error as Error).message });
    });
    app.get<{ Querystring: { after: string } }>('/export', async (request, reply) =>
      sendDownload(reply, failing(Number(request.query.after)), {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="x.csv"',
      }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => app?.close());

  it('answers a failure of its first chunk with its own status, never a 200', async () => {
    const res = await fetch(`${base}/export?after=0`);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(await res.json()).toEqual({ error: 'the figures changed' });
  });

  it('cuts the transfer without its end when it fails later, so the client sees it failed', async () => {
    const res = await fetch(`${base}/export?after=3`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="x.csv"');
    await expect(res.text()).rejects.toThrow();
  });
});
