import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { signUp, type TestClient, uniqueEmail } from '../../test/support/app.ts';
import { giveRole } from '../../test/support/factories.ts';
import type { Database } from '../db/engine.ts';
import { memberOrganisation } from './programmes.testing.ts';

/** What the tests of applications' files share: files made here, bodies as a browser sends them. */

/** a small PDF that readers open: its header, a catalogue, an empty page tree, its end */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/** a PNG of one pixel */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export const HTML = Buffer.from(
  '<!doctype html><html><body><script>alert(1)</script></body></html>',
);

/** a ZIP of one entry a few kilobytes long that inflates to 50 MB of zeros */
export function zipBomb(): Buffer {
  const inflated = 50 * 1024 * 1024;
  const data = deflateRawSync(Buffer.alloc(inflated), { level: 9 });
  const name = Buffer.from('zeros.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(0, 14); // crc (not checked by what reads the type)
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(inflated, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(inflated, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

export type Part =
  | { name: string; value: string }
  | {
      name: string;
      filename: string;
      content: Buffer | (() => AsyncGenerator<Buffer>);
      type?: string;
    };

const BOUNDARY = '----totemfiles7MA4YWxkTrZu0gW';

/** a multipart body, its parts in the order given (a file's content may be a generator: streamed) */
export function multipart(parts: readonly Part[]): { payload: Readable; contentType: string } {
  async function* body(): AsyncGenerator<Buffer> {
    for (const p of parts) {
      if ('value' in p) {
        yield Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`,
        );
        continue;
      }
      yield Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/pdf'}\r\n\r\n`,
      );
      if (Buffer.isBuffer(p.content)) yield p.content;
      else yield* p.content();
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${BOUNDARY}--\r\n`);
  }
  return {
    payload: Readable.from(body(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

/** a file's parts: the field named first, then the file */
export function fileParts(
  field: string,
  filename: string,
  content: Buffer | (() => AsyncGenerator<Buffer>),
  type?: string,
): Part[] {
  return [
    { name: 'field', value: field },
    { name: 'file', filename, content, ...(type ? { type } : {}) },
  ];
}

/** the files kept for an application in the test app's store */
export async function storedFiles(dataDir: string, applicationId: number): Promise<string[]> {
  return readdir(path.join(dataDir, 'files', 'programmes', String(applicationId))).catch(() => []);
}

/** a person signed in, with a personal token; a member of a new organisation unless told */
export async function someone(
  app: FastifyInstance,
  database: Database,
  options: { role?: 'staff'; organisation?: boolean } = {},
): Promise<{ client: TestClient; token: string; siren: string; csrf: () => Promise<string> }> {
  const email = uniqueEmail(options.role ?? 'member');
  const client = await signUp(app, { email });
  const id = await giveRole(database.db, email, options.role ?? 'member');
  const siren =
    options.organisation === false
      ? ''
      : (await memberOrganisation(database.db, { kind: 'user', user: { id } } as never)).siren;
  await client.get('/compte');
  const token = (await client.json('POST', '/api/v1/me/tokens', { name: 'fichiers' })).json().token;
  /** a CSRF token of the person's session, as a page's form carries it */
  const csrf = async () => {
    const page = await client.get('/compte');
    const found = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!found) throw new Error('no form on the account page');
    return found;
  };
  return { client, token, siren, csrf };
}
