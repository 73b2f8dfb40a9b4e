import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildManyOrganisations } from '../../test/support/factories.ts';
import { AppError } from '../kernel/errors.ts';
import { recompute } from './compute.service.ts';
import { observatoryError } from './observatory.errors.ts';
import { observatoryRepository } from './observatory.repository.ts';
import { observatoryService } from './observatory.service.ts';

/** more than one batch of a download (1 000 rows) */
const MANY = 1100;

/** the organisation ids of a CSV download, in its order */
const csvIds = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.slice(0, l.indexOf(',')));

describe.each(engines())('a download across recomputations on %s', (engine) => {
  let t: TestApp;
  let champion: number;
  const visitor = () => new TestClient(t.app);
  const download = async () =>
    csvIds((await visitor().get(`/observatoire/objectifs/${champion}/organisations.csv`)).body);
  /** starts a download the way the CSV route does, and reads its first batch */
  const begin = async () => {
    const { batches } = await observatoryService(t.database.db).memberBatches(
      { objective: champion },
      'fr',
    );
    const reader = batches[Symbol.asyncIterator]();
    const first = await reader.next();
    if (first.done) throw new Error('the download is empty');
    return {
      first: first.value.map((m) => m.id),
      async rest() {
        const ids: string[] = [];
        for (let r = await reader.next(); !r.done; r = await reader.next()) {
          ids.push(...r.value.map((m) => m.id));
        }
        return ids;
      },
    };
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    await buildManyOrganisations(t.database.db, {
      count: MANY,
      prefix: 'Grande',
      band: '42',
      fields: ['objets-connectes'],
    });
    await recompute(t.database.db, 'staff');
    const list = (await visitor().get('/api/v1/objectives')).json() as {
      items: { id: number; value: number | null }[];
    };
    const found = list.items.find((i) => i.value === MANY);
    if (!found) throw new Error(`no objective counts ${MANY}`);
    champion = found.id;
  });
  afterAll(async () => t?.close());

  it('reads the run it began on to the end, though a recomputation changes the list meanwhile', async () => {
    const before = await download();
    expect(before).toHaveLength(MANY);

    const reading = await begin();
    expect(reading.first).toEqual(before.slice(0, 1000));
    // the register changes: half of the rows still to be read close, and newcomers count
    const unread = before.slice(1000);
    await t.database.db
      .updateTable('organisations')
      .set({ status: 'closed' })
      .where('id', 'in', unread.slice(0, 50))
      .execute();
    await buildManyOrganisations(t.database.db, {
      count: 300,
      prefix: 'Nouvelle',
      band: '42',
      fields: ['objets-connectes'],
    });
    await recompute(t.database.db, 'staff');

    expect([...reading.first, ...(await reading.rest())]).toEqual(before);
    // a download that begins now reads the new run
    const after = await download();
    expect(after).toHaveLength(MANY - 50 + 300);
    expect(after).not.toContain(unread[0]);
  });

  it('fails, rather than end short or mix two runs, when two recomputations pass during it', async () => {
    const reading = await begin();
    await recompute(t.database.db, 'staff');
    await recompute(t.database.db, 'staff');
    const error = await reading.rest().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(observatoryError.is(error, 'FIGURES_RECOMPUTED')).toBe(true);
    expect((error as AppError).status).toBe(409);
    // and the next download reads the last run whole
    expect(await download()).toHaveLength(MANY - 50 + 300);
  });

  it('lists the closures of a year whole, though organisations reopen between two batches', async () => {
    const ids = await buildManyOrganisations(t.database.db, {
      count: MANY,
      prefix: 'Fermée',
      band: '12',
    });
    // two closing dates, so that the batches follow the date and then the id
    await t.database.db
      .updateTable('organisations')
      .set({ status: 'closed', closed_on: '2023-06-30' })
      .where('id', 'in', ids.slice(0, 600))
      .execute();
    await t.database.db
      .updateTable('organisations')
      .set({ status: 'closed', closed_on: '2023-03-31' })
      .where('id', 'in', ids.slice(600))
      .execute();
    const url = '/observatoire/organisations.csv?ensemble=fermetures-2023';
    const before = csvIds((await visitor().get(url)).body);
    expect(before).toHaveLength(MANY);

    const { batches } = await observatoryService(t.database.db).memberBatches(
      { set: 'fermetures-2023' },
      'fr',
    );
    const reader = batches[Symbol.asyncIterator]();
    const first = await reader.next();
    const read = first.done ? [] : first.value.map((m) => m.id);
    expect(read).toEqual(before.slice(0, 1000));
    // ten organisations already read reopen: the rest of the list must not shift
    await t.database.db
      .updateTable('organisations')
      .set({ status: 'active', closed_on: null })
      .where('id', 'in', read.slice(0, 10))
      .execute();
    for (let r = await reader.next(); !r.done; r = await reader.next()) {
      read.push(...r.value.map((m) => m.id));
    }
    expect(read).toEqual(before);
  });

  it('fails, rather than end short, when the objective is deleted during it', async () => {
    const reading = await begin();
    await observatoryRepository(t.database.db).deleteObjective(champion);
    const error = await reading.rest().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(observatoryError.is(error, 'OBJECTIVE_DELETED')).toBe(true);
    expect((error as AppError).status).toBe(410);
  });
});
