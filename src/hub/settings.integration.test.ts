import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import { settingsRepository } from './settings.repository.ts';
import { parseSectorLines } from './settings.schema.ts';
import { loadTerritory } from './territory.service.ts';

describe('sector lines', () => {
  it('read codes with their fields, and name the lines to correct', () => {
    const known = new Set(['sante-numerique', 'objets-connectes']);
    const { sectors, problems } = parseSectorLines(
      '62.01Z\n2660Z: sante-numerique, objets-connectes\n# a comment\n\n99.99\n62.02A: nowhere\n62.01Z',
      known,
    );
    expect(sectors).toEqual([
      { code: '62.01Z', fields: [] },
      { code: '26.60Z', fields: ['sante-numerique', 'objets-connectes'] },
    ]);
    expect(problems).toEqual(['5: 99.99', '6: nowhere']);
  });
});

describe.each(engines())('territory and sectors in the back office (%s)', (engine) => {
  let t: TestApp;
  let staff: TestClient;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const email = uniqueEmail('staff');
    staff = await signUp(t.app, { email });
    const users = usersRepository(t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
  });
  afterAll(async () => t?.close());

  it('shows the default territory and the ICT selection', async () => {
    const page = await staff.get('/admin/parametres');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('200040715, 200018166');
    expect(page.body).toContain('Grenoble-Alpes-Métropole');
    expect(page.body).toContain('63.12Z: connaissance-clients');
  });

  it('refuses unknown EPCI codes and bad lines, keeping what was typed', async () => {
    const res = await staff.post('/admin/parametres', {
      epci: '200040715, 999999999',
      sectors: '62.01Z\nnonsense',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Codes EPCI inconnus : 999999999.');
    expect(res.body).toContain('Lignes à corriger : 2: nonsense.');
    expect(res.body).toContain('200040715, 999999999');
    const sectors = await settingsRepository(t.database.db).sectorCodes();
    expect(sectors).toHaveLength(25);
  });

  it('saves a new territory and selection, which the import then uses', async () => {
    const page = await staff.get('/admin/parametres');
    const fields =
      /<textarea id="field-fields"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1] ?? '';
    expect(fields).toContain('sante-numerique | Santé numérique | Digital health');
    const dropped = await staff.post('/admin/parametres', {
      epci: '200040715',
      sectors: '62.01Z',
      fields: 'objets-connectes | Objets connectés | Connected objects',
    });
    expect(dropped.statusCode).toBe(422);
    expect(dropped.body).toContain('ne peut pas être retiré');
    const res = await staff.post('/admin/parametres', {
      epci: '200040715',
      sectors: '62.01Z\n26.60Z: sante-numerique, medtech',
      fields: `${fields.replace(/&#x27;|&amp;/g, (m) => (m === '&amp;' ? '&' : "'"))}\nmedtech | Technologies médicales | Medical technology`,
    });
    expect(res.statusCode).toBe(303);
    const territory = await loadTerritory(t.database.db);
    expect(territory.epci).toEqual(['200040715']);
    expect(territory.communes.size).toBe(49);
    expect(await settingsRepository(t.database.db).sectorCodes()).toEqual([
      { code: '26.60Z', field_slugs: ['sante-numerique', 'medtech'] },
      { code: '62.01Z', field_slugs: [] },
    ]);
  });
});
