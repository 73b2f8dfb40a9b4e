import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { apiFixture } from './api.testing.ts';
import {
  fileParts,
  HTML,
  multipart,
  type Part,
  PDF,
  someone,
  storedFiles,
} from './attachments.testing.ts';

const FORM = [
  { key: 'project', type: 'text', label: 'Projet' },
  { key: 'statuts', type: 'file', label: 'Statuts' },
];

/** The routes the application's page posts to: a form's upload, its download, its removal. */
describe.each(engines())('files of applications, from the pages (%s)', (engine) => {
  const f = apiFixture(engine);
  let appId = 0;

  const token_ = (body: string): string => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

  /** the upload form as a browser sends it: its CSRF token first */
  const post = async (parts: Part[], csrf?: string, url = `/candidatures/${appId}/fichiers`) => {
    const token: string = csrf ?? token_((await f.client.get('/compte')).body);
    const { payload, contentType } = multipart([{ name: '_csrf', value: token }, ...parts]);
    return f.t.app.inject({
      method: 'POST',
      url,
      payload,
      remoteAddress: f.client.remoteAddress,
      headers: {
        'content-type': contentType,
        cookie: [...f.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
  };
  const application = async () => (await f.bearer('GET', `/api/v1/applications/${appId}`)).json();

  beforeAll(async () => {
    const callId = await f.openCall('appel-pages', 'PAG', { form: FORM });
    const started = await f.bearer('POST', `/api/v1/calls/${callId}/applications`, {
      organisation_siren: f.siren,
    });
    appId = started.json().id;
  });

  it('attaches from the form and goes back to the field with a notice', async () => {
    const res = await post(fileParts('statuts', 'Statuts.pdf', PDF));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toBe(`/candidatures/${appId}#champ-statuts`);
    expect(res.cookies.some((c) => c.name === 'totem_flash')).toBe(true);
    const answers = (await application()).answers;
    expect(answers.statuts).toMatch(/^\d+$/);
    const english = await post(
      fileParts('statuts', 'Statutes.pdf', PDF),
      undefined,
      `/en/applications/${appId}/fichiers`,
    );
    expect(english.headers.location).toBe(`/en/applications/${appId}#champ-statuts`);
  });

  it('downloads as an attachment, never sniffed nor kept', async () => {
    const fileId = (await application()).answers.statuts;
    const res = await f.client.get(`/candidatures/${appId}/fichiers/${fileId}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Statutes\.pdf"/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const stranger = await someone(f.t.app, f.t.database);
    const theirs = await stranger.client.get(`/candidatures/${appId}/fichiers/${fileId}`);
    expect(theirs.statusCode).toBe(403);
    expect(theirs.headers['content-type']).toContain('text/html');
  });

  it('says why a file is refused, on a page leading back to the field; nothing changes', async () => {
    const before = await application();
    const res = await post(fileParts('statuts', 'page.pdf', HTML));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Fichier refusé');
    expect(res.body).toContain('n’est pas un PDF ni une image (PNG, JPEG, WebP)');
    expect(res.body).toContain(`href="/candidatures/${appId}#champ-statuts"`);
    const after = await application();
    expect(after.version).toBe(before.version);
    expect(after.answers).toEqual(before.answers);
  });

  it('refuses an upload without its form’s token before reading the file', async () => {
    const before = await storedFiles(f.t.dataDir, appId);
    const res = await post(fileParts('statuts', 'x.pdf', PDF), 'not-a-token');
    expect(res.statusCode).toBe(403);
    expect(await storedFiles(f.t.dataDir, appId)).toEqual(before);
  });

  it('removes a file and its answer, back at the field', async () => {
    const fileId = (await application()).answers.statuts;
    const page = await f.client.get('/compte');
    const res = await f.client.post(`/candidatures/${appId}/fichiers/${fileId}/supprimer`, {
      _csrf: token_(page.body),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toBe(`/candidatures/${appId}#champ-statuts`);
    expect((await application()).answers.statuts).toBeUndefined();
    expect(await storedFiles(f.t.dataDir, appId)).toEqual([]);
    const gone = await f.client.get(`/candidatures/${appId}/fichiers/${fileId}`);
    expect(gone.statusCode).toBe(404);
  });
});
