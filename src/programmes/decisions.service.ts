import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import { coreError, type FieldErrors } from '../kernel/errors.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import { type Locale, localePath } from '../kernel/locale.ts';
import { instantToParis } from '../kernel/paris-time.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import './addresses.ts';
import { type ApplicationRow, applicationsRepository } from './applications.repository.ts';
import { decisionsEn } from './decisions.en.ts';
import { decisionsFr } from './decisions.fr.ts';
import {
  addMonths,
  fillLetter,
  letterDate,
  letterPdf,
  letterTemplate,
  type Outcome,
} from './decisions.letter.ts';
import { rank } from './decisions.ranking.ts';
import {
  type DecisionRow,
  decisionsRepository,
  juryReviewsRepository,
  type LabelRow,
} from './decisions.repository.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import { programmesError, withDetails } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { programmesRepository } from './programmes.repository.ts';

const text = { fr: decisionsFr, en: decisionsEn };
export const REASONS_MAX = 10_000;

/** what staff decide, as the form or the API sends it */
export type DecisionInput = { decision: unknown; reasons: unknown };

export type Decided = { decision: DecisionRow; label: LabelRow | null };

/** the problems of a decision, one message per field */
function decisionProblems(input: DecisionInput, locale: Locale): FieldErrors {
  const p = text[locale].problems;
  const out: FieldErrors = {};
  if (input.decision !== 'accepted' && input.decision !== 'refused') out.decision = p.noOutcome;
  const reasons = typeof input.reasons === 'string' ? input.reasons.trim() : '';
  if (reasons === '') out.reasons = p.noReasons;
  else if ([...reasons].length > REASONS_MAX) out.reasons = p.reasonsTooLong(REASONS_MAX);
  return out;
}

/**
 * The jury's outcome: a call's ranking by the reviewers' results, the decision on an application
 * (its state, reasons, letter, label, audit entries and mails in one transaction), the letter's
 * download, and what the applicant reads of it.
 */
export function decisionsService(
  db: Kysely<DB>,
  deps: {
    storage: FileStorage;
    publicUrl: () => string;
    clock?: () => Date;
    /** tests read the PDF's text */
    compressLetters?: boolean;
  },
) {
  const clock = deps.clock ?? (() => new Date());
  const repo = decisionsRepository(db);

  async function application(id: number): Promise<ApplicationRow> {
    const row = await applicationsRepository(db).find(id);
    if (!row) throw coreError('NOT_FOUND');
    return row;
  }

  return {
    /** the call's applications with a submitted review, by mean result, with their decisions */
    async ranking(actor: Actor, callId: number) {
      authorize(actor, can.manage, undefined);
      const call = await programmesRepository(db).call(callId);
      if (!call) throw coreError('NOT_FOUND');
      const lines = rank(await juryReviewsRepository(db).callReviews(callId));
      const apps = new Map(
        (await juryReviewsRepository(db).applications(lines.map((l) => l.application_id))).map(
          (a) => [a.id, a],
        ),
      );
      return {
        call,
        lines: lines.flatMap((l) => {
          const a = apps.get(l.application_id);
          return a ? [{ ...l, application: a }] : [];
        }),
      };
    },

    /** what the decision's page shows: the application, the reviews, the decision if taken */
    async decisionPage(actor: Actor, id: number) {
      authorize(actor, can.manage, undefined);
      const row = await application(id);
      const [call, organisation, reviews, decision, label] = await Promise.all([
        programmesRepository(db).call(row.call_id),
        repo.organisation(row.organisation_id),
        juryReviewsRepository(db).reviews(id),
        repo.decision(id),
        repo.labelOf(id),
      ]);
      if (!call || !organisation) throw coreError('NOT_FOUND');
      const [line] = rank(
        reviews.map((r) => ({
          application_id: id,
          submitted: r.submitted_at !== null,
          abstain: r.abstain === true,
          result: r.result,
        })),
      );
      return {
        application: row,
        call,
        organisation,
        reviews,
        line: line ?? null,
        decision: decision ?? null,
        label: label ?? null,
      };
    },

    /**
     * Records the decision on a submitted application or one under review (a submitted one is
     * put under review first), in one transaction: the state and its history (the reasons as
     * its note; the history's trigger audits both), the decision with its letter (a PDF in the
     * file store, its SHA-256 kept), the label when accepted and the call confers one, their
     * audit entries, and the mail to the applicant and the organisation's verified members.
     * A second decision: ALREADY_DECIDED. No outcome or no reasons: DECISION_INVALID (422).
     */
    async decide(actor: Actor, id: number, input: DecisionInput, locale: Locale): Promise<Decided> {
      authorize(actor, can.manage, undefined);
      const user = requireUser(actor);
      const problems = decisionProblems(input, locale);
      if (Object.keys(problems).length > 0)
        throw withDetails(programmesError('DECISION_INVALID', undefined, problems), {
          fields: problems,
        });
      const outcome = input.decision as Outcome;
      const reasons = String(input.reasons).trim();
      let stored: string | null = null;
      try {
        return await db.transaction().execute(async (trx) => {
          const recorded = await recordDecision(
            trx,
            { ...deps, clock },
            {
              actorId: user.id,
              id,
              outcome,
              reasons,
              keep: (key) => {
                stored = key;
              },
            },
          );
          await mailDecision(trx, recorded, outcome, deps.publicUrl());
          return { decision: recorded.decision, label: recorded.label };
        });
      } catch (error) {
        // a letter written for a decision that did not commit is not kept
        if (stored) await deps.storage.delete(stored).catch(() => undefined);
        throw error;
      }
    },

    /** the decision's letter, for the organisation's verified members and staff */
    async letter(actor: Actor, id: number) {
      const user = requireUser(actor);
      const row = await application(id);
      const member = await directoryFactsRepository(db).isMember(user.id, row.organisation_id);
      authorize(actor, can.read, { member });
      const decision = await repo.decision(id);
      if (!decision?.letter_stored_name) throw coreError('NOT_FOUND');
      const stream = await deps.storage.get(decision.letter_stored_name);
      if (!stream) throw coreError('NOT_FOUND');
      const name = `decision-${(row.acknowledgement ?? String(id)).toLowerCase()}.pdf`;
      return { stream, name };
    },

    /** what the applicant reads once decided (the caller has checked who reads): no names */
    forApplicant: (id: number) => applicantDecision(db, id),
  };
}

/** the letter: filled from the call's template in the applicant's language, as a PDF */
async function writeLetter(
  trx: Kysely<DB>,
  compress: boolean,
  row: ApplicationRow,
  outcome: Outcome,
  reasons: string,
  today: string,
) {
  const r = decisionsRepository(trx);
  const [call, organisation, locale] = await Promise.all([
    r.callFacts(row.call_id),
    r.organisation(row.organisation_id),
    r.applicantLocale(row.applicant_id),
  ]);
  if (!call || !organisation) throw coreError('NOT_FOUND');
  const title = locale === 'en' ? call.title_en : call.title_fr;
  const letter = fillLetter(letterTemplate(call.letter_templates, locale, outcome), {
    organisation: organisation.name,
    appel: title,
    numero: row.acknowledgement ?? '',
    motifs: reasons,
    date: letterDate(today, locale),
  });
  const pdf = await letterPdf(text[locale].letterTitle(title), letter, {
    compress,
  });
  return { call, organisation, locale, pdf, title };
}

type RecordDeps = { storage: FileStorage; clock: () => Date; compressLetters?: boolean };

/** a decision recorded, with what its mail names */
type Recorded = Decided & {
  row: ApplicationRow;
  organisation: string;
  call: { title_fr: string; title_en: string };
};

/**
 * The decision in the caller's transaction, its mail aside (decide queues it; the demo's laureate
 * is told nothing): the state and its history, the letter, the decision's row, the label when
 * accepted and the call confers one, their audit entries. `actorId` null is the hub's team,
 * unnamed (the demo). `keep` learns the letter's key as soon as it is written, so that a caller
 * whose transaction fails deletes it.
 */
export async function recordDecision(
  trx: Kysely<DB>,
  deps: RecordDeps,
  input: {
    actorId: string | null;
    id: number;
    outcome: Outcome;
    reasons: string;
    keep: (key: string) => void;
  },
): Promise<Recorded> {
  const { actorId, id, outcome, reasons, keep } = input;
  const applications = applicationsRepository(trx);
  const r = decisionsRepository(trx);
  const row = await applications.lock(id);
  if (!row) throw coreError('NOT_FOUND');
  if (await r.decision(id)) throw programmesError('ALREADY_DECIDED');
  if (row.state !== 'submitted' && row.state !== 'under_review')
    throw programmesError('NOT_DECIDABLE');
  const now = deps.clock();
  if (row.state === 'submitted') {
    await applications.changeState(id, 'under_review', now);
    await applications.record({
      application_id: id,
      from_state: 'submitted',
      to_state: 'under_review',
      actor_id: actorId,
      at: now,
    });
  }
  await applications.changeState(id, outcome, now);
  await applications.record({
    application_id: id,
    from_state: 'under_review',
    to_state: outcome,
    actor_id: actorId,
    at: now,
    note: reasons,
  });
  const today = instantToParis(now).slice(0, 10);
  const letter = await writeLetter(trx, deps.compressLetters ?? true, row, outcome, reasons, today);
  const stored = `programmes/${id}/decision-${randomBytes(12).toString('hex')}.pdf`;
  keep(stored);
  await deps.storage.put(stored, letter.pdf);
  const sha256 = createHash('sha256').update(letter.pdf).digest('hex');
  const decision = await r.insertDecision({
    application_id: id,
    decision: outcome,
    reasons,
    decided_by: actorId,
    decided_at: now,
    letter_locale: letter.locale,
    letter_stored_name: stored,
    letter_sha256: sha256,
    is_demo: row.is_demo,
  });
  await appendAudit(trx, {
    actorId: actorId,
    subjectType: 'decision',
    subjectId: id,
    applicationId: id,
    action: 'recorded',
    after: { decision: outcome, reasons, letter_sha256: sha256 },
  });
  let label: LabelRow | null = null;
  const { call } = letter;
  if (outcome === 'accepted' && call.label_name_fr && call.label_name_en) {
    label = await r.insertLabel({
      name_fr: call.label_name_fr,
      name_en: call.label_name_en,
      organisation_id: row.organisation_id,
      call_id: row.call_id,
      application_id: id,
      valid_from: today,
      valid_until:
        call.label_valid_months === null ? null : addMonths(today, call.label_valid_months),
      is_demo: row.is_demo,
    });
    await appendAudit(trx, {
      actorId: actorId,
      subjectType: 'label',
      subjectId: label.id,
      applicationId: id,
      action: 'conferred',
      after: {
        name_fr: label.name_fr,
        organisation_id: row.organisation_id,
        valid_from: label.valid_from,
        valid_until: label.valid_until,
      },
    });
  }
  return { decision, label, row, organisation: letter.organisation.name, call };
}

/**
 * What the applicant's page shows once decided: the outcome, its reasons, the jury's comments to
 * the applicant without who wrote them, the label, and whether there is a letter. The caller
 * has checked who reads (the applicant's service); null before a decision.
 */
export async function applicantDecision(db: Kysely<DB>, id: number) {
  const repo = decisionsRepository(db);
  const decision = await repo.decision(id);
  if (!decision) return null;
  const [comments, label] = await Promise.all([
    juryReviewsRepository(db).commentsToApplicant(id),
    repo.labelOf(id),
  ]);
  return {
    decision: decision.decision,
    reasons: decision.reasons,
    decided_at: decision.decided_at,
    letter: decision.letter_stored_name !== null,
    comments,
    label: label ?? null,
  };
}

/** the mail of the decision, each person in their language, with the link to the letter */
async function mailDecision(
  trx: Kysely<DB>,
  { row, organisation, call }: Recorded,
  outcome: Outcome,
  publicUrl: string,
) {
  const people = await decisionsRepository(trx).recipients(row.applicant_id, row.organisation_id);
  for (const person of people) {
    const locale: Locale = person.locale === 'en' ? 'en' : 'fr';
    const t = text[locale];
    const title = locale === 'en' ? call.title_en : call.title_fr;
    const number = row.acknowledgement ?? '';
    await queueMail(trx, {
      to: person.email,
      subject: t.mail.subject(title, number),
      text: t.mail.body({
        name: person.name,
        organisation,
        call: title,
        number,
        outcome: t.outcomes[outcome].toLowerCase(),
        link: `${publicUrl}${localePath(locale, `/candidatures/${row.id}`)}`,
      }),
    });
  }
}

export type DecisionsService = ReturnType<typeof decisionsService>;
export type ApplicantDecision = NonNullable<Awaited<ReturnType<typeof applicantDecision>>>;
