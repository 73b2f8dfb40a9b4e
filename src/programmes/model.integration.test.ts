import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { Database } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';

/** What the database itself refuses, whatever code writes to it. */
describe.each(engines())('the programmes’ tables (%s)', (engine) => {
  let database: Database;
  let db: Kysely<DB>;
  let callId: number;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.db;
    const user = await db
      .insertInto('users')
      .values({ email: 'model@example.org', name: 'Modèle' })
      .returning('id')
      .executeTakeFirstOrThrow();
    userId = user.id;
    const programme = await db
      .insertInto('programmes')
      .values({ slug: 'modele', name_fr: 'Modèle', name_en: 'Model' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const call = await db
      .insertInto('programme_calls')
      .values({
        programme_id: programme.id,
        slug: 'appel-modele',
        reference_code: 'MOD',
        title_fr: 'Appel',
        title_en: 'Call',
        opens_at: '2026-01-01T00:00:00Z',
        closes_at: '2026-02-01T00:00:00Z',
        grace_until: '2026-02-01T01:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    callId = call.id;
    await db
      .insertInto('programme_form_versions')
      .values({ call_id: callId, number: 1, fields: JSON.stringify([]) })
      .execute();
  });
  afterAll(async () => database?.close());

  const newApplication = async () => {
    const org = await buildOrganisation(db, { name: 'Candidate Modèle' });
    return db
      .insertInto('programme_applications')
      .values({ call_id: callId, form_version: 1, organisation_id: org.id, applicant_id: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
  };

  it('refuses a call that closes before it opens, or a grace period ending before the closing', async () => {
    const base = {
      programme_id: (await db.selectFrom('programmes').select('id').executeTakeFirstOrThrow()).id,
      reference_code: 'BAD',
      title_fr: 'x',
      title_en: 'x',
    };
    await expect(
      db
        .insertInto('programme_calls')
        .values({
          ...base,
          slug: 'a-l-envers',
          opens_at: '2026-02-01T00:00:00Z',
          closes_at: '2026-01-01T00:00:00Z',
          grace_until: '2026-02-01T00:00:00Z',
        })
        .execute(),
    ).rejects.toThrow(/check/);
    await expect(
      db
        .insertInto('programme_calls')
        .values({
          ...base,
          slug: 'grace-courte',
          opens_at: '2026-01-01T00:00:00Z',
          closes_at: '2026-02-01T00:00:00Z',
          grace_until: '2026-01-31T00:00:00Z',
        })
        .execute(),
    ).rejects.toThrow(/check/);
  });

  it('refuses a state that is not one, a transition the states do not have, and a second number', async () => {
    const app = await newApplication();
    const set = (values: Record<string, unknown>) =>
      db.updateTable('programme_applications').set(values).where('id', '=', app.id).execute();
    await expect(set({ state: 'approved' })).rejects.toThrow(/check|no transition/);
    // accepted straight from a draft: no such transition
    await expect(set({ state: 'accepted' })).rejects.toThrow(/no transition/);
    // submitted without a number
    await expect(set({ state: 'submitted' })).rejects.toThrow(/check/);
    await set({ state: 'submitted', acknowledgement: '2026-MOD-0001', submitted_at: new Date() });
    await expect(set({ acknowledgement: '2026-MOD-0002' })).rejects.toThrow(/submitted once/);
    await expect(set({ form_version: 2 })).rejects.toThrow();
    // another application of the call cannot take the same number
    const other = await newApplication();
    await expect(
      db
        .updateTable('programme_applications')
        .set({ state: 'submitted', acknowledgement: '2026-MOD-0001', submitted_at: new Date() })
        .where('id', '=', other.id)
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it('keeps one live application per organisation and call, and one submission in the history', async () => {
    const app = await newApplication();
    const row = await db
      .selectFrom('programme_applications')
      .select('organisation_id')
      .where('id', '=', app.id)
      .executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('programme_applications')
        .values({
          call_id: callId,
          form_version: 1,
          organisation_id: row.organisation_id,
          applicant_id: userId,
        })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    const submitted = {
      application_id: app.id,
      from_state: 'draft',
      to_state: 'submitted',
    } as const;
    await db.insertInto('programme_application_history').values(submitted).execute();
    await expect(
      db.insertInto('programme_application_history').values(submitted).execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });
});
