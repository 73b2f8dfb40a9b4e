import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { apiFixture } from './api.testing.ts';
import { fileParts, multipart, PDF } from './attachments.testing.ts';
import { reviewService } from './review.service.ts';

const FORM = [
  { key: 'project', type: 'text', label: 'Projet', required: true },
  { key: 'budget', type: 'number', label: 'Budget' },
  { key: 'statuts', type: 'file', label: 'Statuts' },
];

/** The application's page with the other parts: a file question, a correction asked by staff. */
describe.each(engines())('an application’s page, its files and a correction (%s)', (engine) => {
  const f = apiFixture(engine);

  async function draft(slug: string) {
    await f.openCall(slug, 'FIL', { form: FORM });
    await f.client.get(`/appels/${slug}`);
    const res = await f.client.post(`/appels/${slug}/candidater`, {
      organisation: f.organisationId,
    });
    return Number(/\/candidatures\/(\d+)/.exec(String(res.headers.location))?.[1]);
  }

  /** what a browser sends for the page's upload form: its fields in the page's order */
  async function upload(id: number, html: string) {
    const form = /<form id="upload-statuts"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const field = /name="field" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const { payload, contentType } = multipart([
      { name: '_csrf', value: token },
      { name: 'field', value: field },
      ...fileParts('statuts', 'Statuts signés.pdf', PDF).filter((p) => p.name === 'file'),
    ]);
    return f.t.app.inject({
      method: 'POST',
      url: `/candidatures/${id}/fichiers`,
      payload,
      remoteAddress: f.client.remoteAddress,
      headers: {
        'content-type': contentType,
        cookie: [...f.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
  }

  it('puts the upload form before the answers’ form, attaches, links and removes the file', async () => {
    const id = await draft('avec-fichier');
    const page = await f.client.get(`/candidatures/${id}`);
    const uploadAt = page.body.indexOf('id="upload-statuts"');
    expect(uploadAt).toBeGreaterThan(0);
    expect(uploadAt).toBeLessThan(page.body.indexOf('id="application-form"'));
    const input = /<input[^>]*type="file"[^>]*>/.exec(page.body)?.[0] ?? '';
    expect(input).toContain('name="file"');
    expect(input).toContain('form="upload-statuts"');

    const attached = await upload(id, page.body);
    expect(attached.statusCode, attached.body.slice(0, 200)).toBe(303);
    const after = await f.client.get(`/candidatures/${id}`);
    const link = /href="(\/candidatures\/\d+\/fichiers\/(\d+))"[^>]*>([^<]+)</.exec(after.body);
    expect(link?.[3]).toMatch(/^Statuts sign.*\.pdf$/);
    const download = await f.client.get(link?.[1] ?? '');
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);

    // saving the answers leaves the file's answer as it is
    const version = Number(/name="version" value="(\d+)"/.exec(after.body)?.[1]);
    const saved = await f.client.post(`/candidatures/${id}`, {
      version: String(version),
      'a.project': 'Avec statuts',
    });
    expect(saved.statusCode).toBe(303);
    const json = (await f.bearer('GET', `/api/v1/applications/${id}`)).json();
    expect(json.answers).toEqual({ project: 'Avec statuts', statuts: link?.[2] });

    const removeForm = new RegExp(`action="(/candidatures/${id}/fichiers/${link?.[2]}/supprimer)"`);
    const removeAt = removeForm.exec((await f.client.get(`/candidatures/${id}`)).body)?.[1];
    expect(removeAt).toBeDefined();
    expect((await f.client.post(removeAt ?? '', {})).statusCode).toBe(303);
    const gone = await f.client.get(`/candidatures/${id}`);
    expect(gone.body).not.toContain('Statuts sign');
  });

  it('opens only the fields a correction names, keeps the others, and resubmits with the same number', async () => {
    const id = await draft('correction');
    let page = await f.client.get(`/candidatures/${id}`);
    let version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const submitted = await f.client.post(`/candidatures/${id}`, {
      version,
      intent: 'submit',
      'a.project': 'Premier jet',
      'a.budget': '1000',
    });
    expect(submitted.statusCode).toBe(303);
    const before = (await f.bearer('GET', `/api/v1/applications/${id}`)).json();
    expect(before.state).toBe('submitted');

    await reviewService(f.t.database.db, {
      publicUrl: () => 'http://totem.test',
    }).requestCorrection(
      f.staff,
      id,
      { fields: ['budget'], note: 'Le budget doit être en euros hors taxes.' },
      'fr',
    );
    page = await f.client.get(`/candidatures/${id}`);
    expect(page.body).toContain('Le budget doit être en euros hors taxes.');
    expect(page.body).toContain('name="a.budget"');
    expect(page.body).not.toContain('name="a.project"');
    expect(page.body).toContain('Premier jet');
    version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';

    // a project sent anyway (a forged form) is not the page's: it is not read
    const corrected = await f.client.post(`/candidatures/${id}`, {
      version,
      intent: 'submit',
      'a.budget': '1200',
      'a.project': 'Changé en douce',
    });
    expect(corrected.statusCode).toBe(303);
    const after = (await f.bearer('GET', `/api/v1/applications/${id}`)).json();
    expect(after.state).toBe('submitted');
    expect(after.acknowledgement).toBe(before.acknowledgement);
    expect(after.answers).toEqual({ project: 'Premier jet', budget: 1200 });
  });
});
