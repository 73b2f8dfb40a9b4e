import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokensService } from '../src/accounts/api-tokens.service.ts';
import { auditService } from '../src/audit/audit.service.ts';
import { openDatabase } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { applicationsService } from '../src/programmes/applications.service.ts';
import { programmesService } from '../src/programmes/programmes.service.ts';
import { FORM, HOUR, memberOrganisation } from '../src/programmes/programmes.testing.ts';
import { createEmptyServerDatabase } from './support/engines.ts';
import { person } from './support/factories.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const DRAFTS = 50;

/** a call with fifty drafts of fifty organisations, one member in all of them, and their token */
async function fiftyDrafts(url: string): Promise<{ token: string; ids: number[] }> {
  const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    await migrate(db.db);
    const member = await person(db.db);
    const token = (await apiTokensService(db.db).create(member.user.id, 'journal')).secret;
    const staff = await person(db.db, { role: 'staff' });
    const programmes = programmesService(db.db);
    const programmeId = await programmes.createProgramme(staff, {
      slug: 'journal',
      nameFr: 'Journal',
      nameEn: 'Log',
    });
    const now = Date.now();
    const call = await programmes.createCall(staff, {
      programmeId,
      slug: 'appel-journal',
      referenceCode: 'JRNL',
      titleFr: 'Appel du journal',
      titleEn: 'Call of the log',
      opensAt: new Date(now - 24 * HOUR),
      closesAt: new Date(now + 10 * 24 * HOUR),
      graceUntil: new Date(now + 10 * 24 * HOUR),
      eligibility: [{ rule: 'active' }],
      form: FORM,
    });
    const applications = applicationsService(db.db);
    const ids: number[] = [];
    for (let i = 0; i < DRAFTS; i += 1) {
      const org = await memberOrganisation(db.db, member);
      const draft = await applications.start(
        member,
        { callId: call.id, organisationSiren: org.siren, answers: { project: `Projet ${i}` } },
        'fr',
      );
      ids.push(draft.id);
    }
    return { token, ids };
  } finally {
    await db.close();
  }
}

/**
 * The audit log as Totem runs: two server processes on one database, each appending to the one
 * chain while the other does. Fifty drafts are withdrawn at once, half through each process
 * (withdrawals share no row: submissions would wait for each other on their call's counter).
 */
describe.skipIf(!serverUrl)('the audit log, written by two server processes at once', () => {
  let database: { url: string; drop: () => Promise<void> };
  const servers: ServerProcess[] = [];
  let token = '';
  let ids: number[] = [];

  beforeAll(async () => {
    database = await createEmptyServerDatabase();
    ({ token, ids } = await fiftyDrafts(database.url));
    const env = { DATABASE_URL: database.url };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it('stays one valid chain, one entry per change, in the order of the commits', async () => {
    const answers = await Promise.all(
      ids.map((id, i) =>
        fetch(`${servers[i % 2]?.url}/api/v1/applications/${id}/withdraw`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));

    const db = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
    try {
      // fifty starts, then fifty withdrawals
      expect(await auditService(db.db).verify()).toMatchObject({ ok: true, count: 2 * DRAFTS });
      const withdrawals = await db.db
        .selectFrom('audit_log')
        .select(['application_id', 'after'])
        .where('action', '=', 'state')
        .orderBy('seq')
        .execute();
      expect(withdrawals.map((s) => s.application_id).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        ids,
      );
      expect(new Set(withdrawals.map((s) => (s.after as { state: string }).state))).toEqual(
        new Set(['withdrawn']),
      );
    } finally {
      await db.close();
    }
  }, 120_000);
});
