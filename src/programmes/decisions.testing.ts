import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { person } from '../../test/support/factories.ts';
import type { DB } from '../db/schema.ts';
import { type FileStorage, filesystemStorage } from '../kernel/file-storage.ts';
import type { Actor } from '../kernel/policy.ts';
import { decisionsService } from './decisions.service.ts';

/**
 * What the decisions' tests share. The jury's pages and services are another part's: here the
 * assignments and reviews are written straight into their tables, as those would leave them.
 */

/** one reviewer's review as a test wants it: submitted unless told, a result or an abstention */
export type ReviewSeed = {
  name?: string;
  result?: number | null;
  abstain?: boolean;
  submitted?: boolean;
  jury?: string;
  applicant?: string;
};

/** assigns a new reviewer per review to the application and records their review */
export async function giveJury(
  db: Kysely<DB>,
  applicationId: number,
  reviews: ReviewSeed[],
): Promise<Array<Actor & { kind: 'user' }>> {
  const reviewers: Array<Actor & { kind: 'user' }> = [];
  for (const seed of reviews) {
    const reviewer = await person(db, { role: 'reviewer' });
    if (seed.name)
      await db
        .updateTable('users')
        .set({ name: seed.name })
        .where('id', '=', reviewer.user.id)
        .execute();
    const assignment = await db
      .insertInto('programme_assignments')
      .values({
        application_id: applicationId,
        reviewer_id: reviewer.user.id,
        method: 'manual',
        assigned_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const submitted = seed.submitted ?? true;
    await db
      .insertInto('programme_reviews')
      .values({
        assignment_id: Number(assignment.id),
        scores: JSON.stringify({}),
        abstain: seed.abstain ?? false,
        result: seed.abstain ? null : (seed.result ?? null),
        comment_jury: seed.jury ?? '',
        comment_applicant: seed.applicant ?? '',
        submitted_at: submitted ? new Date() : null,
      })
      .execute();
    reviewers.push(reviewer);
  }
  return reviewers;
}

/** the call confers a label on acceptance (and, when given, has letters of its own) */
export async function callConfers(
  db: Kysely<DB>,
  callId: number,
  label: { fr: string; en: string; months?: number | null } | null,
  letters?: object,
) {
  await db
    .updateTable('programme_calls')
    .set({
      label_name_fr: label?.fr ?? null,
      label_name_en: label?.en ?? null,
      label_valid_months: label?.months ?? null,
      ...(letters ? { letter_templates: JSON.stringify(letters) } : {}),
    })
    .where('id', '=', callId)
    .execute();
}

/** a file store in a temporary folder, removed after the describe block */
export function temporaryStorage(): { storage: () => FileStorage } {
  let dir = '';
  let storage: FileStorage | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-decisions-'));
    storage = filesystemStorage(dir);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    storage() {
      if (!storage) throw new Error('storage not ready');
      return storage;
    },
  };
}

/** the decisions' service over a database, a store, and a clock */
export function decisionsOf(db: Kysely<DB>, storage: FileStorage, clock?: () => Date) {
  return decisionsService(db, {
    storage,
    publicUrl: () => 'https://totem.example',
    clock,
    compressLetters: false,
  });
}
