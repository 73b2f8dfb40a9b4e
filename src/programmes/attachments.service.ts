import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { cleanFileName, type FileStorage } from '../kernel/file-storage.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { type ApplicationRow, applicationsRepository } from './applications.repository.ts';
import { checkAnswers, fieldEditable } from './applications.service.ts';
import { ACCEPTED, FileRefusal, receiveFile } from './attachment-files.ts';
import { type AttachmentRow, attachmentsRepository } from './attachments.repository.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import { type FormField, fileLimitBytes, storedFields } from './forms/definition.ts';
import { programmesEn } from './programmes.en.ts';
import { programmesError, withDetails } from './programmes.errors.ts';
import { programmesFr } from './programmes.fr.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { programmesRepository } from './programmes.repository.ts';

const text = { fr: programmesFr, en: programmesEn };

/** an upload as the routes read it: the uploader's name for it, and its bytes as they come */
export type Upload = { name: string; stream: Readable };

type Refused = keyof (typeof programmesFr)['attachments']['refused'];

/** FILE_REFUSED, with the field's message (the API's `fields`, the page's words) */
export function fileRefused(field: string, problem: Refused, locale: Locale, limit = 0) {
  const words = text[locale].attachments.refused;
  const message = problem === 'tooLarge' ? words.tooLarge(limit) : words[problem];
  const fields = { [field || 'file']: message };
  return withDetails(programmesError('FILE_REFUSED', message, fields), { fields });
}

/** the form's top-level file field of this key */
function fileField(fields: readonly FormField[], key: string): FormField | undefined {
  return fields.find((f) => f.key === key && f.type === 'file');
}

/** the application, for a member of its organisation (or staff, to read) */
async function application(
  on: Kysely<DB>,
  actor: Actor,
  id: number,
  rule: 'actFor' | 'read',
  lock = false,
) {
  const user = requireUser(actor);
  const repo = applicationsRepository(on);
  const row = await (lock ? repo.lock(id) : repo.find(id));
  if (!row) throw coreError('NOT_FOUND');
  const member = await directoryFactsRepository(on).isMember(user.id, row.organisation_id);
  authorize(actor, can[rule], { member });
  return { row, user };
}

async function formFields(on: Kysely<DB>, row: ApplicationRow) {
  const form = await programmesRepository(on).formVersion(row.call_id, row.form_version);
  if (!form) throw coreError('NOT_FOUND');
  return storedFields(form.fields);
}

/**
 * The files of applications: one per file field, kept in the file store under a key of ours,
 * recognised from their bytes, checked while they stream in; the field's answer names the file
 * (its id) and is written with it, in one transaction. Members of the organisation attach and
 * remove while the field is editable; they and staff download.
 */
export function attachmentsService(
  db: Kysely<DB>,
  storage: FileStorage,
  clock: () => Date = () => new Date(),
) {
  async function attachFile(actor: Actor, id: number, key: string, upload: Upload, locale: Locale) {
    const { row } = await application(db, actor, id, 'actFor');
    const field = fileField(await formFields(db, row), key);
    if (!field) throw fileRefused(key, 'notFileField', locale);
    if (!fieldEditable(row, key)) throw programmesError('APPLICATION_NOT_DRAFT');
    const limit = fileLimitBytes(field);
    // our name for it: the application's folder, random letters (never the uploader's)
    const stored = `programmes/${id}/${randomBytes(12).toString('hex')}`;
    let received: Awaited<ReturnType<typeof receiveFile>>;
    try {
      received = await receiveFile(storage, stored, upload.stream, limit);
    } catch (error) {
      if (!(error instanceof FileRefusal)) throw error;
      throw fileRefused(key, error.problem, locale, limit / 1024 / 1024);
    }
    try {
      const done = await db.transaction().execute(async (trx) => {
        const { row: locked, user } = await application(trx, actor, id, 'actFor', true);
        if (!fieldEditable(locked, key)) throw programmesError('APPLICATION_NOT_DRAFT');
        const repo = attachmentsRepository(trx);
        const attachment = await repo.insert({
          application_id: id,
          field_key: key,
          original_name: cleanFileName(upload.name, ACCEPTED[received.mediaType].ext),
          stored_name: stored,
          media_type: received.mediaType,
          size: received.size,
          sha256: received.sha256,
          uploaded_by: user.id,
          uploaded_at: clock(),
        });
        const answers = await checkAnswers(
          trx,
          locked.call_id,
          locked.form_version,
          { ...locked.answers, [key]: String(attachment.id) },
          'draft',
          locale,
          id,
        );
        if (answers[key] !== String(attachment.id)) throw fileRefused(key, 'hidden', locale);
        const saved = await applicationsRepository(trx).saveAnswers(
          id,
          locked.version,
          answers,
          clock(),
        );
        if (!saved) throw programmesError('APPLICATION_NOT_DRAFT');
        // the file the field had, and any its answer no longer named
        const replaced = await repo.deleteOthers(id, key, attachment.id);
        return { attachment, application: saved, replaced };
      });
      for (const name of done.replaced) await storage.delete(name);
      return { attachment: done.attachment, application: done.application };
    } catch (error) {
      await storage.delete(stored);
      throw error;
    }
  }

  return {
    /**
     * Before a byte of an upload is read: the application exists, the person may attach to it,
     * it may change. The most bytes any of its file fields takes, for the upload's reader.
     */
    async prepare(actor: Actor, id: number): Promise<{ maxBytes: number }> {
      const { row } = await application(db, actor, id, 'actFor');
      if (row.state !== 'draft' && row.state !== 'correction_requested')
        throw programmesError('APPLICATION_NOT_DRAFT');
      const files = (await formFields(db, row)).filter((f) => f.type === 'file');
      return { maxBytes: Math.max(0, ...files.map(fileLimitBytes)) };
    },

    /**
     * Keeps a file for a field and makes it the field's answer, in one transaction that adds one
     * to the application's version (as a save does). The file replaced, if any, is deleted once
     * that is done. A refusal (FILE_REFUSED, with the field's message) leaves nothing: no row, no
     * file, the answers as they were.
     */
    async attach(actor: Actor, id: number, key: string, upload: Upload, locale: Locale) {
      try {
        return await attachFile(actor, id, key, upload, locale);
      } catch (error) {
        // refused before its end: nothing more of the upload is read
        upload.stream.destroy();
        throw error;
      }
    },

    /**
     * Removes a file of the application, and the answer that names it (adding one to the
     * version); the file itself once that is done.
     */
    async remove(actor: Actor, id: number, fileId: number) {
      const done = await db.transaction().execute(async (trx) => {
        const { row } = await application(trx, actor, id, 'actFor', true);
        const repo = attachmentsRepository(trx);
        const attachment = await repo.find(id, fileId);
        if (!attachment) throw coreError('NOT_FOUND');
        if (!fieldEditable(row, attachment.field_key))
          throw programmesError('APPLICATION_NOT_DRAFT');
        let saved = row;
        if (row.answers[attachment.field_key] === String(fileId)) {
          const answers = { ...row.answers };
          delete answers[attachment.field_key];
          saved =
            (await applicationsRepository(trx).saveAnswers(id, row.version, answers, clock())) ??
            row;
        }
        await repo.delete(id, fileId);
        return { attachment, application: saved };
      });
      await storage.delete(done.attachment.stored_name);
      return done;
    },

    /** a file for download: the organisation's members and staff */
    async open(
      actor: Actor,
      id: number,
      fileId: number,
    ): Promise<{ attachment: AttachmentRow; stream: Readable }> {
      await application(db, actor, id, 'read');
      const attachment = await attachmentsRepository(db).find(id, fileId);
      if (!attachment) throw coreError('NOT_FOUND');
      const stream = await storage.get(attachment.stored_name);
      if (!stream) throw coreError('NOT_FOUND');
      return { attachment, stream };
    },
  };
}

export type AttachmentsService = ReturnType<typeof attachmentsService>;
