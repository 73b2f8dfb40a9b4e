import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokensService } from '../src/accounts/api-tokens.service.ts';
import { hashPassword } from '../src/accounts/passwords.ts';
import { usersRepository } from '../src/accounts/users.repository.ts';
import { openDatabase } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { applicationsService } from '../src/programmes/applications.service.ts';
import { programmesService } from '../src/programmes/programmes.service.ts';
import { FORM, HOUR, memberOrganisation } from '../src/programmes/programmes.testing.ts';
import { createEmptyServerDatabase } from './support/engines.ts';
import { buildOrganisation, person } from './support/factories.ts';
import { HttpClient } from './support/http-client.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

/**
 * Totem as it runs behind a load balancer: two server processes on one PostgreSQL database. What
 * one process writes, the other shows at its next request — its search index included, which each
 * process keeps in its own memory and brings up to date from the database before each search.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

type Found = { total: number; items: { slug: string; name: string }[] };

describe.skipIf(!serverUrl)('two server processes on one PostgreSQL database', () => {
  let database: { url: string; drop: () => Promise<void> };
  let first: ServerProcess;
  let second: ServerProcess;
  const staff = { email: 'staff.processes@example.org', password: 'two processes, one base' };
  let edited: { id: string; slug: string };
  let duplicate: { id: string; slug: string };
  let kept: { id: string; slug: string };

  const search = async (server: ServerProcess, q: string): Promise<Found> => {
    const res = await fetch(`${server.url}/api/v1/organisations?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Found;
  };

  beforeAll(async () => {
    database = await createEmptyServerDatabase();
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    try {
      await migrate(db.db);
      const user = await usersRepository(db.db).create({
        email: staff.email,
        name: 'Équipe',
        passwordHash: await hashPassword(staff.password),
        role: 'staff',
      });
      if (!user) throw new Error('staff account not created');
      edited = await buildOrganisation(db.db, { name: 'Lumière Quantique' });
      duplicate = await buildOrganisation(db.db, { name: 'Capteurs Nordiques Doublon' });
      kept = await buildOrganisation(db.db, { name: 'Capteurs Nordiques' });
    } finally {
      await db.close();
    }
    const env = { DATABASE_URL: database.url, SEARCH_INDEX_MIN_ORGANISATIONS: '0' };
    [first, second] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    // the second process answers from its index, built at its start
    await second.logged((l) => l.msg === 'directory search index built');
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  it('finds, through the second process, a profile edited through the first, at its next request', async () => {
    expect((await search(second, 'quantique')).items.map((i) => i.name)).toEqual([
      'Lumière Quantique',
    ]);
    expect((await search(second, 'zephyrine')).total).toBe(0);

    const browser = new HttpClient(first.url);
    await browser.get('/connexion');
    const signedIn = await browser.post('/connexion', staff);
    expect(signedIn.status).toBe(303);
    const form = await browser.get(`/annuaire/${edited.slug}/modifier`);
    expect(form.status).toBe(200);
    const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const saved = await browser.post(`/annuaire/${edited.slug}/modifier`, {
      version,
      name: 'Zéphyrine Quantique',
      acronym: '',
      kind: 'startup',
      status: 'active',
      description_fr: '',
      description_en: '',
      website: '',
      tags: '',
      headcount: '',
      headcount_year: '',
    });
    expect(saved.status).toBe(303);

    const found = await search(second, 'zephyrine');
    expect(found.items.map((i) => i.name)).toEqual(['Zéphyrine Quantique']);
    expect((await search(second, 'lumiere')).total).toBe(0);
  });

  it('forgets, through the second process, an organisation merged through the first', async () => {
    const before = await search(second, 'capteurs nordiques');
    expect(before.items.map((i) => i.slug).sort()).toEqual([duplicate.slug, kept.slug].sort());

    const browser = new HttpClient(first.url);
    await browser.get('/connexion');
    expect((await browser.post('/connexion', staff)).status).toBe(303);
    await browser.get(`/annuaire/${duplicate.slug}/modifier`);
    const merged = await browser.post(`/annuaire/${duplicate.slug}/fusionner`, {
      target: kept.slug,
    });
    expect(merged.status).toBe(303);

    const after = await search(second, 'capteurs nordiques');
    expect(after.items.map((i) => i.slug)).toEqual([kept.slug]);
    expect(after.total).toBe(1);
    // and its old address leads to the organisation kept, on either process
    const moved = await new HttpClient(second.url).get(`/annuaire/${duplicate.slug}`);
    expect(moved.status).toBe(301);
    expect(moved.location).toBe(`/annuaire/${kept.slug}`);
  });
});

describe.skipIf(!serverUrl)('two server processes starting together on a new database', () => {
  let database: { url: string; drop: () => Promise<void> };
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createEmptyServerDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it('both start, and the demo data is loaded once', async () => {
    const env = { DATABASE_URL: database.url, TOTEM_DEMO: '1' };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    for (const server of servers) {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    }
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
    try {
      const seeded = await db.db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('slug', '=', 'digital-grenoble')
        .executeTakeFirstOrThrow();
      expect(Number(seeded.n)).toBe(1);
      const news = await db.db
        .selectFrom('news_articles')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(news.n)).toBe(1);
      // the programmes' demo applications, once, by demo organisations only
      const applications = await db.db
        .selectFrom('programme_applications as a')
        .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
        .select(['a.state', 'a.is_demo', 'o.is_demo as organisation_is_demo'])
        .orderBy('a.id')
        .execute();
      expect(applications.map((a) => [a.state, a.is_demo, a.organisation_is_demo])).toEqual([
        ['draft', true, true],
        ['submitted', true, true],
        ['under_review', true, true],
        ['accepted', true, true],
      ]);
    } finally {
      await db.close();
    }
  });
});

/**
 * A database for the two-process programmes tests: a member with a personal token and a complete
 * draft on a call open for ten more days, and another member's draft on a call closing in 40 hours.
 */
async function twoDrafts(url: string) {
  const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    await migrate(db.db);
    const member = await person(db.db);
    const token = (await apiTokensService(db.db).create(member.user.id, 'deux processus')).secret;
    const org = await memberOrganisation(db.db, member);
    const staff = await person(db.db, { role: 'staff' });
    const programmes = programmesService(db.db);
    const programmeId = await programmes.createProgramme(staff, {
      slug: 'deux-processus',
      nameFr: 'Deux processus',
      nameEn: 'Two processes',
    });
    const now = Date.now();
    const call = await programmes.createCall(staff, {
      programmeId,
      slug: 'appel-deux-processus',
      referenceCode: 'DEUX',
      titleFr: 'Appel à deux processus',
      titleEn: 'Two-process call',
      opensAt: new Date(now - 24 * HOUR),
      closesAt: new Date(now + 10 * 24 * HOUR),
      graceUntil: new Date(now + 10 * 24 * HOUR),
      eligibility: [{ rule: 'active' }],
      form: FORM,
    });
    const draft = await applicationsService(db.db).start(
      member,
      { callId: call.id, organisationSiren: org.siren, answers: { project: 'Complet' } },
      'fr',
    );
    // another call closes in 40 hours: its draft is due for its reminder as the servers start
    const closing = await programmes.createCall(staff, {
      programmeId,
      slug: 'appel-bientot-clos',
      referenceCode: 'CLOS',
      titleFr: 'Appel bientôt clos',
      titleEn: 'Call closing soon',
      opensAt: new Date(now - 24 * HOUR),
      closesAt: new Date(now + 40 * HOUR),
      graceUntil: new Date(now + 40 * HOUR),
      eligibility: [{ rule: 'active' }],
      form: FORM,
    });
    const late = await person(db.db);
    const lateOrg = await memberOrganisation(db.db, late);
    const started = await applicationsService(db.db).start(
      late,
      { callId: closing.id, organisationSiren: lateOrg.siren, answers: {} },
      'fr',
    );
    return {
      token,
      applicationId: draft.id,
      email: member.user.email,
      lateDraft: { id: started.id, email: late.user.email },
    };
  } finally {
    await db.close();
  }
}

describe.skipIf(!serverUrl)(
  'one draft submitted at the same instant to two server processes',
  () => {
    let database: { url: string; drop: () => Promise<void> };
    const servers: ServerProcess[] = [];
    let token = '';
    let applicationId = 0;
    let email = '';
    let lateDraft = { id: 0, email: '' };

    beforeAll(async () => {
      database = await createEmptyServerDatabase();
      ({ token, applicationId, email, lateDraft } = await twoDrafts(database.url));
      const env = { DATABASE_URL: database.url };
      servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    });

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await database?.drop();
    });

    it('answers 200 with one acknowledgement on both, and records one submission, one history entry and one receipt', async () => {
      const submit = (server: ServerProcess) =>
        fetch(`${server.url}/api/v1/applications/${applicationId}/submit`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        });
      const answers = await Promise.all(servers.map(submit));
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const bodies = (await Promise.all(answers.map((r) => r.json()))) as {
        state: string;
        acknowledgement: string;
      }[];
      const year = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        year: 'numeric',
      }).format(new Date(Date.now() - 24 * HOUR));
      expect(bodies.map((b) => [b.state, b.acknowledgement])).toEqual([
        ['submitted', `${year}-DEUX-0001`],
        ['submitted', `${year}-DEUX-0001`],
      ]);

      const db = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
      try {
        const application = await db.db
          .selectFrom('programme_applications')
          .select(['state', 'acknowledgement', 'call_id'])
          .where('id', '=', applicationId)
          .executeTakeFirstOrThrow();
        expect(application.state).toBe('submitted');
        const counter = await db.db
          .selectFrom('programme_calls')
          .select('acknowledgements_issued')
          .where('id', '=', application.call_id)
          .executeTakeFirstOrThrow();
        expect(counter.acknowledgements_issued).toBe(1);
        const history = await db.db
          .selectFrom('programme_application_history')
          .select(['from_state', 'to_state'])
          .where('application_id', '=', applicationId)
          .orderBy('id')
          .execute();
        expect(history).toEqual([
          { from_state: null, to_state: 'draft' },
          { from_state: 'draft', to_state: 'submitted' },
        ]);
        const receipts = await db.db
          .selectFrom('mail_queue')
          .select('subject')
          .where('to_address', '=', email)
          .execute();
        expect(receipts.map((r) => r.subject)).toEqual([
          `Candidature reçue — Appel à deux processus (${year}-DEUX-0001)`,
        ]);
      } finally {
        await db.close();
      }
    });

    it('reminds the draft of a call closing in 40 hours once, though both processes look for it as they start', async () => {
      const db = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
      try {
        const reminders = () =>
          db.db
            .selectFrom('mail_queue')
            .select(['subject', 'body'])
            .where('to_address', '=', lateDraft.email)
            .execute();
        // the first rounds run as the processes start; wait for the mail the round queues
        for (let i = 0; i < 300 && (await reminders()).length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const mails = await reminders();
        expect(mails.map((m) => m.subject)).toEqual([
          'Rappel : votre candidature à « Appel bientôt clos » n’est pas déposée',
        ]);
        // the link is on the address of the process that sent it
        const link = new RegExp(`(http://\\S+)/candidatures/${lateDraft.id}\\n`).exec(
          mails[0]?.body ?? '',
        );
        expect(servers.map((server) => server.url)).toContain(link?.[1]);
        const row = await db.db
          .selectFrom('programme_applications')
          .select(['state', 'reminder_sent_at'])
          .where('id', '=', lateDraft.id)
          .executeTakeFirstOrThrow();
        expect(row.state).toBe('draft');
        expect(row.reminder_sent_at).not.toBeNull();
        // both processes polled since they started: still one
        expect(await reminders()).toHaveLength(1);
      } finally {
        await db.close();
      }
    });
  },
);
