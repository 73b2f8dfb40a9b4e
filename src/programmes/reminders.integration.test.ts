import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import type { DB } from '../db/schema.ts';
import {
  applicationsFixture,
  FORM,
  HOUR,
  memberOrganisation,
  OPENS,
} from './programmes.testing.ts';
import { startRemindersWorker } from './reminders.worker.ts';

const silent = { error() {} };
const PUBLIC_URL = 'https://hub.example/';

type Fixture = ReturnType<typeof applicationsFixture>;

/** calls closing when a test says, drafts started when it says, workers on either connection */
function reminderHelpers(f: Fixture) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },

    /** a call opened on OPENS, closing at this instant (and two hours of grace) */
    async callClosing(closesAt: Date) {
      calls += 1;
      const call = await f.services().programmes.createCall(f.staff, {
        programmeId: f.programmeId,
        slug: `rappel-${calls}`,
        referenceCode: 'RAP',
        titleFr: `Appel à rappel ${calls}`,
        titleEn: `Reminder call ${calls}`,
        opensAt: OPENS,
        closesAt,
        graceUntil: new Date(closesAt.getTime() + 2 * HOUR),
        eligibility: [{ rule: 'active' }],
        form: FORM,
      });
      return call.id;
    },

    /** a draft of a new applicant's organisation, started at `at` */
    async draft(callId: number, at: Date, locale: 'fr' | 'en' = 'fr') {
      f.now = at;
      const actor = await person(f.db, { locale });
      const org = await memberOrganisation(f.db, actor);
      const started = await f
        .services()
        .applications.start(
          actor,
          { callId, organisationSiren: org.siren, answers: { project: 'Brouillon' } },
          'fr',
        );
      return { actor, org, id: started.id };
    },

    worker(on: Kysely<DB> = f.db) {
      return startRemindersWorker(on, silent, {
        publicUrl: () => PUBLIC_URL,
        clock: f.clock,
        start: 'never',
      });
    },

    /** the reminders queued, in order */
    reminders() {
      return f.db
        .selectFrom('mail_queue')
        .select(['to_address', 'subject', 'body'])
        .where((eb) =>
          eb.or([eb('subject', 'like', 'Rappel%'), eb('subject', 'like', 'Reminder%')]),
        )
        .orderBy('id')
        .execute();
    },
  };
}

describe.each(engines())('reminders 48 hours before the closing (%s)', (engine) => {
  const f = applicationsFixture(engine);
  const h = reminderHelpers(f);
  const { callClosing, draft, worker, reminders } = h;

  it('sends one reminder per draft with two workers on two connections, none for submitted, withdrawn, later or closed calls; never twice', async () => {
    const T = new Date('2026-03-12T10:00:00Z');
    const soon = await callClosing(new Date(T.getTime() + 47 * HOUR));
    const later = await callClosing(new Date(T.getTime() + 72 * HOUR));
    const closed = await callClosing(new Date(T.getTime() - HOUR));
    const before = new Date(T.getTime() - 5 * 24 * HOUR);
    const drafts = [];
    for (let i = 0; i < 6; i++) drafts.push(await draft(soon, before));
    const submitted = await draft(soon, before);
    await f.services().applications.submit(submitted.actor, submitted.id, 'fr');
    const withdrawn = await draft(soon, before);
    await f.services().applications.withdraw(withdrawn.actor, withdrawn.id);
    const tooEarly = await draft(later, before);
    const tooLate = await draft(closed, before);

    f.now = T;
    const a = worker(f.env.first.db);
    const b = worker(f.env.second.db);
    const [byA, byB] = await Promise.all([a.drain(), b.drain()]);
    const reminded = [...byA, ...byB].map((o) => o.applicationId).sort((x, y) => x - y);
    expect(reminded).toEqual(drafts.map((d) => d.id).sort((x, y) => x - y));
    const mails = await reminders();
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      drafts.map((d) => d.actor.user.email).sort(),
    );
    for (const nobody of [submitted, withdrawn, tooEarly, tooLate]) {
      expect(mails.some((m) => m.to_address === nobody.actor.user.email)).toBe(false);
    }
    // the submitted one has its receipt, and nothing else
    expect(await f.queued(submitted.actor)).toHaveLength(1);

    // another pass, an hour later, on both: nothing new
    f.now = new Date(T.getTime() + HOUR);
    expect([...(await a.drain()), ...(await b.drain())]).toEqual([]);
    expect(await reminders()).toHaveLength(drafts.length);

    // a draft started within the 48 hours is reminded at the next round, once
    const lastMinute = await draft(soon, new Date(T.getTime() + 2 * HOUR));
    expect((await a.drain()).map((o) => o.applicationId)).toEqual([lastMinute.id]);
    expect(await b.drain()).toEqual([]);
    expect(await reminders()).toHaveLength(drafts.length + 1);
  });

  it('sends, at a start 30 hours before the closing, the reminder whose mark passed while the server was down', async () => {
    const closes = new Date('2026-03-25T17:00:00Z');
    const call = await callClosing(closes);
    const waiting = await draft(call, new Date(closes.getTime() - 10 * 24 * HOUR));
    // the server was down at closes − 48 h: its first round is 18 hours late
    f.now = new Date(closes.getTime() - 30 * HOUR);
    const outcomes = await worker().drain();
    expect(outcomes).toEqual([{ applicationId: waiting.id, to: [waiting.actor.user.email] }]);
    const row = await f.db
      .selectFrom('programme_applications')
      .select(['reminder_sent_at', 'state', 'version'])
      .where('id', '=', waiting.id)
      .executeTakeFirstOrThrow();
    // marked at the worker's time; the draft itself is unchanged (its version too)
    expect(row).toEqual({ reminder_sent_at: f.now, state: 'draft', version: 1 });
    f.now = new Date(closes.getTime() - HOUR);
    expect(await worker().drain()).toEqual([]);
    expect(
      (await reminders()).filter((m) => m.to_address === waiting.actor.user.email),
    ).toHaveLength(1);
  });

  it('writes in each person’s language, with the closing in Paris and a link to the draft, to the verified members only', async () => {
    // 16:00 UTC on 20 March 2026 is 17:00 in Paris (winter time)
    const closes = new Date('2026-03-20T16:00:00Z');
    const call = await callClosing(closes);
    const english = await draft(call, new Date('2026-03-10T09:00:00Z'), 'en');
    const colleague = await person(f.db, { locale: 'fr' });
    const unverified = await person(f.db, { verified: false });
    await f.db
      .insertInto('organisation_members')
      .values([
        { organisation_id: english.org.id, user_id: colleague.user.id },
        { organisation_id: english.org.id, user_id: unverified.user.id },
      ])
      .execute();
    f.now = new Date(closes.getTime() - 40 * HOUR);
    const outcomes = await worker().drain();
    expect(outcomes).toEqual([
      { applicationId: english.id, to: [english.actor.user.email, colleague.user.email] },
    ]);
    const mails = (await reminders()).filter((m) =>
      [english.actor.user.email, colleague.user.email, unverified.user.email].includes(
        m.to_address,
      ),
    );
    expect(mails).toHaveLength(2);
    const [en, fr] = mails;
    expect(en?.to_address).toBe(english.actor.user.email);
    expect(en?.subject).toBe(
      `Reminder: your application to “Reminder call ${h.calls}” is not submitted`,
    );
    expect(en?.body).toContain('Friday, 20 March 2026 at 17:00 (Paris time)');
    expect(en?.body).toContain(`https://hub.example/en/applications/${english.id}\n`);
    expect(fr?.to_address).toBe(colleague.user.email);
    expect(fr?.subject).toBe(
      `Rappel : votre candidature à « Appel à rappel ${h.calls} » n’est pas déposée`,
    );
    expect(fr?.body).toContain('vendredi 20 mars 2026 à 17:00 (heure de Paris)');
    expect(fr?.body).toContain(`https://hub.example/candidatures/${english.id}\n`);
  });
});
