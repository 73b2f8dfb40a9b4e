import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { newsError } from './news.errors.ts';
import { form, newsTestbed } from './news.testing.ts';

describe.each(engines())('news over HTTP: concurrent saves and revisions on %s', (engine) => {
  const bed = newsTestbed(engine);
  const { create, withRole } = bed;
  let staff: TestClient;
  beforeAll(() => {
    ({ staff } = bed);
  });

  it('refuses a save against an older version with 409, showing what changed, losing nothing', async () => {
    const id = await create({ title: 'Version de départ', slug: 'concurrence' });
    const other = (await withRole('staff')).client;
    await other.get(`/admin/actualites/${id}/fr`);
    expect(
      (
        await other.post(
          `/admin/actualites/${id}/fr`,
          form({ version: '1', title: 'Changé par l’autre', slug: 'concurrence' }),
        )
      ).statusCode,
    ).toBe(303);
    await staff.get(`/admin/actualites/${id}/fr`);
    const late = await staff.post(
      `/admin/actualites/${id}/fr`,
      form({ version: '1', title: 'Ma version', slug: 'concurrence', body_md: 'Mon long texte' }),
    );
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Quelqu’un a enregistré cet article');
    expect(late.body).toContain('fr.title');
    expect(late.body).toContain('Changé par l’autre');
    expect(late.body).toContain('Mon long texte');
    expect(late.body).toContain('name="version" value="2"');
    // sent again from that page, it saves
    expect(
      (
        await staff.post(
          `/admin/actualites/${id}/fr`,
          form({ version: '2', title: 'Ma version', slug: 'concurrence' }),
        )
      ).statusCode,
    ).toBe(303);
  });

  it('keeps every save as a revision that can be viewed and restored', async () => {
    const id = await create({ title: 'Premier titre', slug: 'revisions' });
    await staff.get(`/admin/actualites/${id}/fr`);
    await staff.post(
      `/admin/actualites/${id}/fr`,
      form({ version: '1', title: 'Second titre', slug: 'revisions' }),
    );
    const list = await staff.get(`/admin/actualites/${id}/revisions`);
    expect(list.body).toContain('Révision 2');
    expect(list.body).toContain('Révision 1');
    const first = await staff.get(`/admin/actualites/${id}/revisions/1`);
    expect(first.body).toContain('Premier titre');
    const restored = await staff.post(`/admin/actualites/${id}/revisions/1/restaurer`, {
      version: '2',
    });
    expect(restored.statusCode).toBe(303);
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    expect(editor.body).toContain('value="Premier titre"');
    expect((await staff.get(`/admin/actualites/${id}/revisions`)).body).toContain(
      'restauration de la révision 1',
    );
    // restoring on a stale page is a conflict, not a silent overwrite
    const stale = await staff.post(`/admin/actualites/${id}/revisions/2/restaurer`, {
      version: '2',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(newsError.table.STALE_VERSION.fr);
  });

  it('restores nothing when another article took the revision’s address since (409)', async () => {
    const id = await create({ title: 'Ancienne adresse', slug: 'adresse-convoitee' });
    await staff.get(`/admin/actualites/${id}/fr`);
    await staff.post(
      `/admin/actualites/${id}/fr`,
      form({ version: '1', title: 'Nouvelle adresse', slug: 'adresse-nouvelle' }),
    );
    await create({ title: 'L’autre', slug: 'adresse-convoitee' });
    await staff.get(`/en/admin/actualites/${id}/revisions`);
    const refused = await staff.post(`/en/admin/actualites/${id}/revisions/1/restaurer`, {
      version: '2',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(newsError.table.SLUG_TAKEN.en);
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    expect(editor.body).toContain('value="Nouvelle adresse"');
    expect(editor.body).toContain('name="version" value="2"');
    expect((await staff.get(`/admin/actualites/${id}/revisions`)).body).not.toContain(
      'restauration',
    );
  });
});
