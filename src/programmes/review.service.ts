import type { Kysely } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';
import { coreError, type FieldErrors } from '../kernel/errors.ts';
import { type Locale, localePath } from '../kernel/locale.ts';
import './addresses.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { type ApplicationRow, applicationsRepository } from './applications.repository.ts';
import { type ApplicationView, correctionOf } from './applications.service.ts';
import { assignmentsService } from './assignments.service.ts';
import { attachmentsRepository } from './attachments.repository.ts';
import { type FormField, storedFields } from './forms/definition.ts';
import { programmesEn } from './programmes.en.ts';
import { programmesError, withDetails } from './programmes.errors.ts';
import { programmesFr } from './programmes.fr.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { type CallRow, programmesRepository } from './programmes.repository.ts';
import { PAGE_SIZE, type ReviewFilters, reviewRepository } from './review.repository.ts';

const text = { fr: programmesFr, en: programmesEn };
const CORRECTABLE = new Set<ApplicationState>(['submitted', 'under_review']);
export const NOTE_MAX = 5000;

/** what staff ask to correct, as the form posts it */
export type CorrectionInput = { fields: string[]; note: string };

/** the problems of a correction request, one message per field of the staff's form */
function correctionProblems(
  input: CorrectionInput,
  form: readonly FormField[],
  locale: Locale,
): FieldErrors {
  const p = text[locale].review.problems;
  const keys = new Set(form.map((f) => f.key));
  const out: FieldErrors = {};
  if (input.fields.length === 0) out.fields = p.noField;
  else if (!input.fields.every((k) => keys.has(k))) out.fields = p.unknownField;
  const note = input.note.trim();
  if (note === '') out.note = p.noNote;
  else if ([...note].length > NOTE_MAX) out.note = p.noteTooLong(NOTE_MAX);
  return out;
}

async function formOf(trx: Kysely<DB>, row: Pick<ApplicationRow, 'call_id' | 'form_version'>) {
  const form = await programmesRepository(trx).formVersion(row.call_id, row.form_version);
  if (!form) throw coreError('NOT_FOUND');
  return storedFields(form.fields);
}

/**
 * The staff's side of applications: a call's list (filtered, counted by state, a page at a time),
 * one application with its answers and history, putting it under review, asking its applicant for
 * a correction (the fields opened, the note, the mail, the history: one transaction), and the
 * export of a call's applications.
 */
export function reviewService(
  db: Kysely<DB>,
  deps: { publicUrl: () => string; clock?: () => Date },
) {
  const clock = deps.clock ?? (() => new Date());
  const repo = reviewRepository(db);

  async function callOf(actor: Actor, callId: number): Promise<CallRow> {
    authorize(actor, can.manage, undefined);
    const call = await programmesRepository(db).call(callId);
    if (!call) throw coreError('NOT_FOUND');
    return call;
  }

  return {
    async list(actor: Actor, callId: number, filters: ReviewFilters, page: number) {
      const call = await callOf(actor, callId);
      const { rows, counts } = await repo.page(callId, filters, page);
      const total = filters.state
        ? (counts[filters.state] ?? 0)
        : Object.values(counts).reduce((a, b) => a + b, 0);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      return { call, rows, counts, total, page, pages };
    },

    async detail(actor: Actor, id: number) {
      authorize(actor, can.manage, undefined);
      const row = await applicationsRepository(db).find(id);
      if (!row) throw coreError('NOT_FOUND');
      const [call, fields, organisation, history, files, assignments] = await Promise.all([
        programmesRepository(db).call(row.call_id),
        formOf(db, row),
        repo.organisation(row.organisation_id),
        repo.history(id),
        attachmentsRepository(db).listed(id),
        assignmentsService(db).list(actor, id),
      ]);
      if (!call || !organisation) throw coreError('NOT_FOUND');
      return {
        application: { ...row, correction: correctionOf(row) },
        call,
        fields,
        organisation,
        history,
        /** the files attached, by their id as a file answer names them */
        files: new Map(files.map((f) => [String(f.id), f.original_name])),
        /** its assignments with a conflict found since they were made (juries) */
        flaggedAssignments: assignments.filter((a) => a.flagged.length > 0).length,
      };
    },

    /** submitted → under review; again on one under review answers it as it is */
    async startReview(actor: Actor, id: number): Promise<ApplicationRow> {
      authorize(actor, can.manage, undefined);
      const user = requireUser(actor);
      return db.transaction().execute(async (trx) => {
        const applications = applicationsRepository(trx);
        const row = await applications.lock(id);
        if (!row) throw coreError('NOT_FOUND');
        if (row.state === 'under_review') return row;
        if (row.state !== 'submitted') throw programmesError('NOT_REVIEWABLE');
        const now = clock();
        const changed = await applications.changeState(id, 'under_review', now);
        await applications.record({
          application_id: id,
          from_state: row.state,
          to_state: 'under_review',
          actor_id: user.id,
          at: now,
        });
        return changed;
      });
    },

    /**
     * Asks the applicant for a correction of the fields named, with a note: the state, the fields
     * opened, the history (with the note) and the mail to the applicant, in their language, in
     * one transaction. No field or no note: 422 with a message for each, nothing written.
     */
    async requestCorrection(
      actor: Actor,
      id: number,
      input: CorrectionInput,
      locale: Locale,
    ): Promise<ApplicationView> {
      authorize(actor, can.manage, undefined);
      const user = requireUser(actor);
      return db.transaction().execute(async (trx) => {
        const applications = applicationsRepository(trx);
        const row = await applications.lock(id);
        if (!row) throw coreError('NOT_FOUND');
        if (!CORRECTABLE.has(row.state)) throw programmesError('NOT_CORRECTABLE');
        const form = await formOf(trx, row);
        const problems = correctionProblems(input, form, locale);
        if (Object.keys(problems).length > 0)
          throw withDetails(programmesError('CORRECTION_INVALID', undefined, problems), {
            fields: problems,
          });
        const fields = form.map((f) => f.key).filter((k) => input.fields.includes(k));
        const note = input.note.trim();
        const now = clock();
        const changed = await applications.changeState(id, 'correction_requested', now, undefined, {
          fields,
          note,
        });
        await applications.record({
          application_id: id,
          from_state: row.state,
          to_state: 'correction_requested',
          actor_id: user.id,
          at: now,
          note,
        });
        await mailCorrection(trx, changed, form, deps.publicUrl());
        return {
          ...changed,
          history: await applications.history(id),
          correction: correctionOf(changed),
        };
      });
    },

    /** the call, the fields of its latest form (one column each), and the matching applications */
    async export(actor: Actor, callId: number, filters: ReviewFilters) {
      const call = await callOf(actor, callId);
      const latest =
        call.current_form_version === null
          ? undefined
          : await programmesRepository(db).formVersion(callId, call.current_form_version);
      const fields = latest ? storedFields(latest.fields) : [];
      return { call, fields, batches: repo.batches(callId, filters) };
    },
  };
}

/** the mail asking the applicant for the correction, with the link to their application */
async function mailCorrection(
  trx: Kysely<DB>,
  row: ApplicationRow,
  form: readonly FormField[],
  publicUrl: string,
) {
  const review = reviewRepository(trx);
  const [applicant, organisation, call] = await Promise.all([
    review.applicant(row.applicant_id),
    review.organisation(row.organisation_id),
    programmesRepository(trx).call(row.call_id),
  ]);
  if (!applicant || !call) return;
  const locale: Locale = applicant.locale === 'en' ? 'en' : 'fr';
  const t = text[locale].review.correctionMail;
  const title = locale === 'en' ? call.title_en : call.title_fr;
  const number = row.acknowledgement ?? '';
  const labels = form
    .filter((f) => row.correction_fields.includes(f.key))
    .map((f) => f.label[locale]);
  await queueMail(trx, {
    to: applicant.email,
    subject: t.subject(title, number),
    text: t.body({
      name: applicant.name,
      organisation: organisation?.name ?? '',
      call: title,
      number,
      fields: labels.join(', '),
      note: row.correction_note,
      link: `${publicUrl}${localePath(locale, `/candidatures/${row.id}`)}`,
    }),
  });
}

export type ReviewService = ReturnType<typeof reviewService>;
