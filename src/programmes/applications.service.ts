import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type Locale, localePath } from '../kernel/locale.ts';
import './addresses.ts';
import { type Actor, authorize, requireUser, type SignedInUser } from '../kernel/policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import {
  type ApplicationRow,
  applicationsRepository,
  type HistoryRow,
} from './applications.repository.ts';
import { attachmentsRepository } from './attachments.repository.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import { eligibilityRules, type Ineligibility, ineligibilities } from './eligibility.ts';
import { storedFields } from './forms/definition.ts';
import { answerMessages } from './forms/messages.ts';
import { type Answers, type Mode, validateAnswers } from './forms/validate.ts';
import { programmesEn } from './programmes.en.ts';
import { programmesError, withDetails } from './programmes.errors.ts';
import { programmesFr } from './programmes.fr.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { type CallRow, programmesRepository } from './programmes.repository.ts';

const text = { fr: programmesFr, en: programmesEn };
const EDITABLE = new Set(['draft', 'correction_requested']);
const WITHDRAWABLE = new Set(['draft', 'submitted', 'under_review', 'correction_requested']);

/** an ineligibility in words */
export function reasonText(r: Ineligibility, locale: Locale): string {
  const t = text[locale].eligibility;
  switch (r.reason) {
    case 'wrong_kind':
      return t.wrong_kind(r.kinds.join(', '));
    case 'created_too_early':
      return t.created_too_early(r.year);
    case 'headcount_too_high':
      return t.headcount_too_high(r.max);
    default:
      return t[r.reason];
  }
}

/** the acknowledgement number: the call's opening year (Paris), its code, the count: 2026-ACC-0007 */
export function acknowledgementNumber(
  call: Pick<CallRow, 'opens_at' | 'reference_code'>,
  n: number,
) {
  const year = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
  }).format(call.opens_at);
  return `${year}-${call.reference_code}-${String(n).padStart(4, '0')}`;
}

/** submission is open until the closing, and until the grace's end for a draft started before it */
export function maySubmit(
  call: Pick<CallRow, 'closes_at' | 'grace_until'>,
  startedAt: Date,
  now: Date,
) {
  return now <= call.closes_at || (now <= call.grace_until && startedAt < call.closes_at);
}

/** what staff asked to correct, while the application waits for it */
export type Correction = { fields: string[]; note: string };

export type ApplicationView = ApplicationRow & {
  history: HistoryRow[];
  correction: Correction | null;
};

/** the correction asked of an application, while it waits for it (null otherwise) */
export function correctionOf(
  row: Pick<ApplicationRow, 'state' | 'correction_fields' | 'correction_note'>,
): Correction | null {
  return row.state === 'correction_requested'
    ? { fields: row.correction_fields, note: row.correction_note }
    : null;
}

/**
 * Whether the applicant may change a field's answer now: any field of a draft; while a correction
 * is asked, only the fields it names; nothing otherwise.
 */
export function fieldEditable(
  row: Pick<ApplicationRow, 'state' | 'correction_fields'>,
  key: string,
): boolean {
  if (row.state === 'draft') return true;
  return row.state === 'correction_requested' && row.correction_fields.includes(key);
}

/** the file answers that name no file of this field of this application (a message each) */
async function unknownFiles(
  trx: Kysely<DB>,
  applicationId: number | undefined,
  files: readonly { field: string; ref: string }[],
  locale: Locale,
): Promise<Record<string, string>> {
  const ids = files.map((f) => Number(f.ref)).filter((n) => Number.isSafeInteger(n) && n > 0);
  const found =
    applicationId === undefined
      ? []
      : await attachmentsRepository(trx).ofApplication(applicationId, ids);
  const fieldOf = new Map(found.map((a) => [String(a.id), a.field_key]));
  const out: Record<string, string> = {};
  for (const f of files) {
    // a group's row is not part of the file's field: rows may move, their files with them
    if (fieldOf.get(f.ref) !== f.field.replace(/\.\d+\./g, '.'))
      out[f.field] = text[locale].attachments.unknownFile;
  }
  return out;
}

/**
 * The answers checked against the form version, SIRETs looked up in the directory, files among
 * the application's own (none before it exists): ANSWERS_INVALID with a message per field.
 */
export async function checkAnswers(
  trx: Kysely<DB>,
  call: number,
  version: number,
  answers: unknown,
  mode: Mode,
  locale: Locale,
  applicationId?: number,
) {
  const form = await programmesRepository(trx).formVersion(call, version);
  if (!form) throw coreError('NOT_FOUND');
  const result = validateAnswers(storedFields(form.fields), answers, mode);
  const known = await directoryFactsRepository(trx).knownSirets(result.sirets.map((s) => s.siret));
  for (const s of result.sirets) {
    if (!known.has(s.siret)) result.issues.push({ field: s.field, code: 'unknown_siret' });
  }
  const files = await unknownFiles(trx, applicationId, result.files, locale);
  if (result.issues.length > 0 || Object.keys(files).length > 0) {
    const fields = { ...files, ...answerMessages(result.issues, text[locale]) };
    throw withDetails(programmesError('ANSWERS_INVALID', undefined, fields), { fields });
  }
  return result.answers;
}

/** the organisation an application is started for: by its id (the pages) or SIREN (the API) */
function organisationNamed(
  trx: Kysely<DB>,
  by: { organisationId?: string; organisationSiren?: string },
) {
  const facts = directoryFactsRepository(trx);
  return by.organisationId
    ? facts.byId(by.organisationId)
    : facts.bySiren(by.organisationSiren ?? '');
}

async function membership(trx: Kysely<DB>, user: SignedInUser, organisationId: string) {
  return { member: await directoryFactsRepository(trx).isMember(user.id, organisationId) };
}

async function view(trx: Kysely<DB>, row: ApplicationRow): Promise<ApplicationView> {
  return {
    ...row,
    history: await applicationsRepository(trx).history(row.id),
    correction: correctionOf(row),
  };
}

/**
 * While a correction is asked, the answers of the fields it does not name stay as they are: each
 * one that would change (compared once normalised) gets its message, and nothing is written.
 */
function onlyOpenFields(row: ApplicationRow, answers: Answers, locale: Locale) {
  if (row.state !== 'correction_requested') return;
  const fields: Record<string, string> = {};
  for (const key of new Set([...Object.keys(row.answers), ...Object.keys(answers)])) {
    if (fieldEditable(row, key)) continue;
    if (JSON.stringify(row.answers[key] ?? null) !== JSON.stringify(answers[key] ?? null))
      fields[key] = text[locale].review.problems.notOpen;
  }
  if (Object.keys(fields).length > 0)
    throw withDetails(programmesError('ANSWERS_INVALID', undefined, fields), { fields });
}

/**
 * Submits in one transaction: the application's row locked, every required field checked
 * against its form version, the deadline (with its grace), the state, the call's next
 * acknowledgement number, the history and the receipt mail — all or nothing. Submitting again
 * (a double click, two tabs, two processes) answers the same submission: the second waits for
 * the lock, then finds it submitted.
 */
async function submitApplication(
  db: Kysely<DB>,
  now: Date,
  actor: Actor,
  id: number,
  locale: Locale,
  publicUrl?: () => string,
): Promise<ApplicationView & { already: boolean }> {
  const user = requireUser(actor);
  return db.transaction().execute(async (trx) => {
    const repo = applicationsRepository(trx);
    const row = await repo.lock(id);
    if (!row) throw coreError('NOT_FOUND');
    authorize(actor, can.actFor, await membership(trx, user, row.organisation_id));
    if (row.state === 'submitted') return { ...(await view(trx, row)), already: true };
    if (!EDITABLE.has(row.state)) throw programmesError('APPLICATION_NOT_DRAFT');
    const programmes = programmesRepository(trx);
    const call = await programmes.call(row.call_id);
    if (!call) throw coreError('NOT_FOUND');
    // a correction is asked after the deadline, as often as not: it comes back whenever it is done
    const correcting = row.state === 'correction_requested';
    if (!correcting && !maySubmit(call, row.started_at, now)) throw programmesError('CALL_CLOSED');
    await checkAnswers(trx, row.call_id, row.form_version, row.answers, 'submit', locale, id);
    const number =
      row.acknowledgement ??
      acknowledgementNumber(call, await programmes.nextAcknowledgement(call.id));
    const submitted = await repo.changeState(
      id,
      'submitted',
      now,
      row.acknowledgement ? undefined : { acknowledgement: number },
    );
    await repo.record({
      application_id: id,
      from_state: row.state,
      to_state: 'submitted',
      actor_id: user.id,
      at: now,
    });
    const organisation = await directoryFactsRepository(trx).byId(row.organisation_id);
    const t = correcting ? text[user.locale].review.correctionReceipt : text[user.locale].receipt;
    const title = user.locale === 'en' ? call.title_en : call.title_fr;
    const at = new Intl.DateTimeFormat(user.locale === 'en' ? 'en-GB' : 'fr-FR', {
      timeZone: 'Europe/Paris',
      dateStyle: 'long',
      timeStyle: 'short',
    }).format(now);
    await queueMail(trx, {
      to: user.email,
      subject: t.subject(title, number),
      text: t
        .body({
          name: user.name,
          call: title,
          organisation: organisation?.name ?? '',
          number,
          at,
        })
        .concat(
          publicUrl
            ? `\n${text[user.locale].pages.follow(`${publicUrl()}${localePath(user.locale, `/candidatures/${id}`)}`)}\n`
            : '',
        ),
    });
    return { ...(await view(trx, submitted)), already: false };
  });
}

/** STALE_VERSION with the current version, and the fields whose stored answers differ from those sent */
function staleVersion(current: ApplicationRow, patch: object) {
  const sent = patch as Answers;
  const changed = Object.keys(sent).filter(
    (k) => JSON.stringify(current.answers[k] ?? null) !== JSON.stringify(sent[k]),
  );
  return withDetails(programmesError('STALE_VERSION'), {
    current_version: current.version,
    changed_fields: changed,
  });
}

/**
 * Applications: a draft started for an organisation one is a member of (when the call is open and
 * the organisation eligible), answers saved over the version read, a submission in one
 * transaction, a withdrawal. Every refusal is a coded error; the answers' problems come with a
 * message per field in the language asked.
 */
/**
 * …with the site's address when the receipts it mails link to the application (a server's; the
 * tests' services may go without).
 */
export function applicationsService(
  db: Kysely<DB>,
  clock: () => Date = () => new Date(),
  publicUrl?: () => string,
) {
  return {
    async start(
      actor: Actor,
      input: {
        callId: number;
        organisationSiren?: string;
        organisationId?: string;
        answers: unknown;
      },
      locale: Locale,
    ): Promise<ApplicationView> {
      const user = requireUser(actor);
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const call = await programmesRepository(trx).call(input.callId);
        if (!call || call.current_form_version === null) throw coreError('NOT_FOUND');
        if (now < call.opens_at) throw programmesError('CALL_NOT_OPEN');
        if (now > call.closes_at) throw programmesError('CALL_CLOSED');
        const organisation = await organisationNamed(trx, input);
        if (!organisation) throw programmesError('ORGANISATION_UNKNOWN');
        if (!can.actFor(actor, await membership(trx, user, organisation.id)))
          throw programmesError('NOT_A_MEMBER');
        const reasons = ineligibilities(eligibilityRules.parse(call.eligibility), organisation);
        if (reasons.length > 0) {
          const words = reasons.map((r) => reasonText(r, locale));
          throw withDetails(programmesError('NOT_ELIGIBLE', words.join(' ')), { reasons: words });
        }
        const repo = applicationsRepository(trx);
        const existing = await repo.live(call.id, organisation.id);
        if (existing)
          throw withDetails(programmesError('APPLICATION_EXISTS'), {
            application_id: Number(existing.id),
          });
        const answers = await checkAnswers(
          trx,
          call.id,
          call.current_form_version,
          input.answers ?? {},
          'draft',
          locale,
        );
        const row = await repo.insert({
          call_id: call.id,
          form_version: call.current_form_version,
          organisation_id: organisation.id,
          applicant_id: user.id,
          answers,
          started_at: now,
          is_demo: organisation.isDemo,
        });
        await repo.record({
          application_id: row.id,
          from_state: null,
          to_state: 'draft',
          actor_id: user.id,
          at: now,
        });
        return view(trx, row);
      });
    },

    async get(actor: Actor, id: number): Promise<ApplicationView> {
      const user = requireUser(actor);
      const row = await applicationsRepository(db).find(id);
      if (!row) throw coreError('NOT_FOUND');
      authorize(actor, can.read, await membership(db, user, row.organisation_id));
      return view(db, row);
    },

    /**
     * Merges answers into the draft (a key given replaces its answer, null removes it), over the
     * version the client read: another save since answers STALE_VERSION with the current version
     * and the fields whose stored answers differ from those sent. Invalid answers write nothing.
     */
    async save(
      actor: Actor,
      id: number,
      input: { answers: unknown; version: number },
      locale: Locale,
    ) {
      const user = requireUser(actor);
      const repo = applicationsRepository(db);
      const row = await repo.find(id);
      if (!row) throw coreError('NOT_FOUND');
      authorize(actor, can.actFor, await membership(db, user, row.organisation_id));
      if (!EDITABLE.has(row.state)) throw programmesError('APPLICATION_NOT_DRAFT');
      const patch = input.answers;
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        await checkAnswers(db, row.call_id, row.form_version, patch, 'draft', locale, id);
        throw coreError('BAD_REQUEST');
      }
      const merged: Answers = { ...row.answers };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      const answers = await checkAnswers(
        db,
        row.call_id,
        row.form_version,
        merged,
        'draft',
        locale,
        id,
      );
      onlyOpenFields(row, answers, locale);
      const saved = await repo.saveAnswers(id, input.version, answers, clock());
      if (saved) return view(db, saved);
      const current = await repo.find(id);
      if (!current || !EDITABLE.has(current.state)) throw programmesError('APPLICATION_NOT_DRAFT');
      throw staleVersion(current, patch);
    },

    submit: (actor: Actor, id: number, locale: Locale) =>
      submitApplication(db, clock(), actor, id, locale, publicUrl),

    async withdraw(actor: Actor, id: number): Promise<ApplicationView> {
      const user = requireUser(actor);
      return db.transaction().execute(async (trx) => {
        const repo = applicationsRepository(trx);
        const row = await repo.lock(id);
        if (!row) throw coreError('NOT_FOUND');
        authorize(actor, can.actFor, await membership(trx, user, row.organisation_id));
        if (row.state === 'withdrawn') return view(trx, row);
        if (!WITHDRAWABLE.has(row.state)) throw programmesError('NOT_WITHDRAWABLE');
        const now = clock();
        const withdrawn = await repo.changeState(id, 'withdrawn', now);
        await repo.record({
          application_id: id,
          from_state: row.state,
          to_state: 'withdrawn',
          actor_id: user.id,
          at: now,
        });
        return view(trx, withdrawn);
      });
    },
  };
}

export type ApplicationsService = ReturnType<typeof applicationsService>;
