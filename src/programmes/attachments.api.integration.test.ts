import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import type { EngineKind } from '../db/engine.ts';
import { apiFixture } from './api.testing.ts';
import {
  fileParts,
  HTML,
  multipart,
  type Part,
  PDF,
  PNG,
  someone,
  storedFiles,
  zipBomb,
} from './attachments.testing.ts';

const FORM = [
  { key: 'project', type: 'text', label: 'Projet', required: true },
  { key: 'statuts', type: 'file', label: 'Statuts', required: true },
  { key: 'logo', type: 'file', label: 'Logo', max: 1 },
];

/** the whole server, the applicant's draft to a call with file fields, and how to upload to it */
function filesFixture(engine: EngineKind, slug: string) {
  const f = apiFixture(engine);
  const s = {
    f,
    callId: 0,
    appId: 0,
    /** an upload with a token (the applicant's unless another is given) */
    upload(parts: Part[], options: { token?: string; id?: number } = {}) {
      const { payload, contentType } = multipart(parts);
      return f.t.app.inject({
        method: 'POST',
        url: `/api/v1/applications/${options.id ?? s.appId}/files`,
        payload,
        headers: {
          authorization: `Bearer ${options.token ?? f.token}`,
          'content-type': contentType,
          'accept-language': 'fr',
        },
      });
    },
    async application() {
      return (await f.bearer('GET', `/api/v1/applications/${s.appId}`)).json();
    },
  };
  beforeAll(async () => {
    s.callId = await f.openCall(slug, 'FIC', { form: FORM });
    const started = await f.bearer('POST', `/api/v1/calls/${s.callId}/applications`, {
      organisation_siren: f.siren,
      answers: { project: 'Un projet' },
    });
    expect(started.statusCode, started.body).toBe(201);
    s.appId = started.json().id;
  });
  return s;
}

/** Files of applications over the API: attached, replaced, downloaded, refused. */
describe.each(engines())('files of applications, by the API (%s)', (engine) => {
  const s = filesFixture(engine, 'appel-fichiers');
  const { f, upload, application } = s;

  it('attaches a PDF and a PNG found by their bytes; the answers name them; they download as they were', async () => {
    const before = await application();
    const pdf = await upload(fileParts('statuts', '../../Statuts signés.exe', PDF, 'text/html'));
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json()).toEqual({
      id: expect.any(Number),
      field: 'statuts',
      name: 'Statuts signés.pdf',
      size: PDF.length,
      media_type: 'application/pdf',
      version: before.version + 1,
    });
    const png = await upload(fileParts('logo', 'logo', PNG, 'application/octet-stream'));
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ media_type: 'image/png', name: 'logo.png' });
    const now = await application();
    expect(now.version).toBe(before.version + 2);
    expect(now.answers).toEqual({
      project: 'Un projet',
      statuts: String(pdf.json().id),
      logo: String(png.json().id),
    });
    const file = await f.bearer('GET', `/api/v1/applications/${s.appId}/files/${pdf.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toContain('no-store');
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="Statuts signes\.pdf"/,
    );
    expect(await storedFiles(f.t.dataDir, s.appId)).toHaveLength(2);
  });

  it('replaces a field’s file: the old one is gone, row and bytes', async () => {
    const old = (await application()).answers.statuts;
    const again = await upload(fileParts('statuts', 'statuts-v2.pdf', PDF));
    expect(again.statusCode, again.body).toBe(201);
    expect((await application()).answers.statuts).toBe(String(again.json().id));
    const gone = await f.bearer('GET', `/api/v1/applications/${s.appId}/files/${old}`);
    expect(gone.statusCode).toBe(404);
    expect(await storedFiles(f.t.dataDir, s.appId)).toHaveLength(2);
  });

  const refusals: [string, Part[], string][] = [
    [
      'a zip bomb named .pdf',
      fileParts('statuts', 'rapport.pdf', zipBomb()),
      'n’est pas un PDF ni une image',
    ],
    [
      'an HTML page named .png',
      fileParts('logo', 'logo.png', HTML, 'image/png'),
      'n’est pas un PDF ni une image',
    ],
    ['an empty file', fileParts('statuts', 'vide.pdf', Buffer.alloc(0)), 'est vide'],
    [
      'a truncated PDF header',
      fileParts('statuts', 'coupe.pdf', Buffer.from('%PDF-')),
      'incomplet ou abîmé',
    ],
    [
      'a PDF cut before its end',
      fileParts('statuts', 'coupe.pdf', PDF.subarray(0, 60)),
      'incomplet ou abîmé',
    ],
    ['a file for a text field', fileParts('project', 'projet.pdf', PDF), 'n’attend pas de fichier'],
    ['a file for no field', fileParts('nothing', 'x.pdf', PDF), 'n’attend pas de fichier'],
    [
      'the file before the field',
      [
        { name: 'file', filename: 'x.pdf', content: PDF },
        { name: 'field', value: 'statuts' },
      ],
      'doit donner le champ',
    ],
    ['no file', [{ name: 'field', value: 'statuts' }], 'Choisissez un fichier'],
  ];

  it.each(refusals)(
    'refuses %s with a message, keeping the draft as it was',
    async (_, parts, words) => {
      const before = await application();
      const files = await storedFiles(f.t.dataDir, s.appId);
      const res = await upload(parts);
      expect(res.statusCode, res.body).toBe(422);
      const error = res.json().error;
      expect(error.code).toBe('FILE_REFUSED');
      expect(Object.values(error.fields).join(' ')).toContain(words);
      const after = await application();
      expect(after.version).toBe(before.version);
      expect(after.answers).toEqual(before.answers);
      expect(await storedFiles(f.t.dataDir, s.appId)).toEqual(files);
    },
  );

  it('stops reading a file over its field’s limit, as it streams, and keeps nothing', async () => {
    const before = await application();
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024);
    async function* huge() {
      yield PDF.subarray(0, 9);
      // 30 MB announced, far over the field's 1 MB
      for (let i = 0; i < 480; i++) {
        sent += chunk.length;
        yield chunk;
      }
    }
    const res = await upload(fileParts('logo', 'gros.pdf', huge));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.fields.logo).toContain('dépasse 1 Mo');
    expect(sent).toBeLessThan(4 * 1024 * 1024);
    expect((await application()).version).toBe(before.version);
    expect(await storedFiles(f.t.dataDir, s.appId)).toHaveLength(2);
  });
});

/** Files of applications over the API: kept to their own application and people, then submitted. */
describe.each(engines())('files of applications, whose they are (%s)', (engine) => {
  const s = filesFixture(engine, 'appel-fichiers-acces');
  const { f, upload, application } = s;
  beforeAll(async () => {
    expect((await upload(fileParts('statuts', 's.pdf', PDF))).statusCode).toBe(201);
    expect((await upload(fileParts('logo', 'logo.png', PNG))).statusCode).toBe(201);
  });

  it('refuses an answer naming another application’s file, or none', async () => {
    const other = await someone(f.t.app, f.t.database);
    const theirs = await f.t.app.inject({
      method: 'POST',
      url: `/api/v1/calls/${s.callId}/applications`,
      payload: { organisation_siren: other.siren, answers: { project: 'Autre' } },
      headers: { authorization: `Bearer ${other.token}` },
    });
    const theirId = theirs.json().id;
    const attached = await upload(fileParts('statuts', 's.pdf', PDF), {
      token: other.token,
      id: theirId,
    });
    expect(attached.statusCode, attached.body).toBe(201);
    const before = await application();
    for (const ref of [String(attached.json().id), '999999', (await application()).answers.logo]) {
      const res = await f.t.app.inject({
        method: 'PATCH',
        url: `/api/v1/applications/${s.appId}`,
        payload: { answers: { statuts: ref }, version: before.version },
        headers: { authorization: `Bearer ${f.token}` },
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.fields.statuts).toContain('n’est pas joint à ce champ');
    }
    expect((await application()).version).toBe(before.version);
  });

  it('keeps files to the organisation’s members and staff', async () => {
    const fileId = (await application()).answers.statuts;
    const url = `/api/v1/applications/${s.appId}/files/${fileId}`;
    const stranger = await someone(f.t.app, f.t.database);
    const asStranger = await f.t.app.inject({
      url,
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(asStranger.statusCode).toBe(403);
    const attach = await upload(fileParts('statuts', 's.pdf', PDF), { token: stranger.token });
    expect(attach.statusCode).toBe(403);
    const staff = await someone(f.t.app, f.t.database, { role: 'staff', organisation: false });
    const asStaff = await f.t.app.inject({
      url,
      headers: { authorization: `Bearer ${staff.token}` },
    });
    expect(asStaff.statusCode).toBe(200);
    expect(asStaff.rawPayload.equals(PDF)).toBe(true);
    const staffAttach = await upload(fileParts('statuts', 's.pdf', PDF), { token: staff.token });
    expect(staffAttach.statusCode).toBe(403);
    expect((await f.t.app.inject({ url })).statusCode).toBe(401);
    const unknown = await f.bearer('GET', `/api/v1/applications/${s.appId}/files/999999`);
    expect(unknown.statusCode).toBe(404);
  });

  it('submits with its files; a submitted application takes no more', async () => {
    const submitted = await f.bearer('POST', `/api/v1/applications/${s.appId}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().state).toBe('submitted');
    const late = await upload(fileParts('logo', 'logo.png', PNG));
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APPLICATION_NOT_DRAFT');
  });

  it('documents its routes', async () => {
    const doc = (await f.t.app.inject('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/applications/{id}/files'].post.summary).toContain('Attach a file');
    expect(doc.paths['/api/v1/applications/{id}/files/{fileId}'].get).toBeDefined();
  });
});
