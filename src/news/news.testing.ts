import { afterAll, beforeAll, expect } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { giveRole } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';

/** What the HTTP tests of news share: an app per engine, its people, and the forms they send. */

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** an article form as the editor sends it, with what the test says */
export function form(over: Record<string, string> = {}): Record<string, string> {
  return {
    version: '0',
    title: 'Un titre',
    slug: '',
    summary: 'Le chapeau.',
    body_md: 'Le texte, avec un [lien](https://example.org).',
    category: 'actualites',
    tags: 'label, french tech',
    organisations: '',
    cover_file: '',
    cover_alt: '',
    state: 'draft',
    publish_at: '',
    ...over,
  };
}

/** a multipart body of one text field and one file, as a browser sends the upload form */
function multipart(
  file: { name: string; content: Buffer; type?: string },
  title: string,
  token: string,
) {
  const boundary = `----totem${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The whole server on a fresh database of one engine for the describe block that calls it, with a
 * staff member and a visitor; its helpers write as staff through the editor.
 */
export function newsTestbed(engine: EngineKind) {
  let app: TestApp | undefined;
  let staffClient: TestClient | undefined;
  let visitorClient: TestClient | undefined;

  const bed = {
    get t(): TestApp {
      if (!app) throw new Error('the test app did not start');
      return app;
    },
    get staff(): TestClient {
      if (!staffClient) throw new Error('no staff client');
      return staffClient;
    },
    get visitor(): TestClient {
      if (!visitorClient) throw new Error('no visitor');
      return visitorClient;
    },

    /** a new account with this role, signed in */
    async withRole(role: 'staff' | 'member') {
      const email = uniqueEmail(role);
      const client = await signUp(bed.t.app, { email });
      const user = { id: await giveRole(bed.t.database.db, email, role) };
      return { client, user };
    },

    /** creates an article through the editor; returns its id */
    async create(over: Record<string, string> = {}): Promise<number> {
      await bed.staff.get('/admin/actualites/nouveau');
      const res = await bed.staff.post('/admin/actualites/nouveau', form(over));
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      const id = Number(/\/admin\/actualites\/(\d+)\/fr$/.exec(String(res.headers.location))?.[1]);
      expect(id).toBeGreaterThan(0);
      return id;
    },

    /** sends a file through the editor's upload form (its token first, as the browser does) */
    async upload(
      id: number,
      file: { name: string; content: Buffer; type?: string },
      title = '',
      forgedToken?: string,
    ) {
      const page = await bed.staff.get(`/admin/actualites/${id}/fr`);
      const action = /action="([^"]*\/fichiers\?[^"]*)"/
        .exec(page.body)?.[1]
        ?.replace(/&amp;/g, '&');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      if (!action || !token) throw new Error('no upload form');
      expect(action).not.toContain('_csrf');
      const { body, contentType } = multipart(file, title, forgedToken ?? token);
      return bed.t.app.inject({
        method: 'POST',
        url: action,
        payload: body,
        headers: {
          'content-type': contentType,
          cookie: [...bed.staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
    },
  };

  beforeAll(async () => {
    app = await createTestApp(engine, { NEWS_FILE_MAX_MB: '0.05' });
    staffClient = (await bed.withRole('staff')).client;
    visitorClient = new TestClient(app.app);
  });
  afterAll(async () => app?.close());

  return bed;
}
