import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { ConflictType } from '../db/juries.schema.ts';
import type { DB } from '../db/schema.ts';
import { coreError, type FieldErrors } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize, isReviewerOrStaff, requireUser } from '../kernel/policy.ts';
import { assignmentsRepository } from './assignments.repository.ts';
import { programmesJuriesEn } from './juries.en.ts';
import { programmesJuriesFr } from './juries.fr.ts';
import type { OrganisationPicker, OwnerPicker } from './programmes-admin.service.ts';

const text = { fr: programmesJuriesFr, en: programmesJuriesEn };
export const CONFLICT_TYPES: readonly ConflictType[] = [
  'employee',
  'investor',
  'adviser',
  'family',
  'other',
];
export const NOTE_MAX = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** what the declaration form posts: the picker's ticked ids and text, the type, the note */
export type DeclarationInput = { ids: string[]; query: string; type: string; note: string };

/** the form refused: a message per field, and the picker as it should show again */
export type DeclarationRefusal = { errors: FieldErrors; picker: OwnerPicker };

/**
 * A reviewer's own declarations of conflicts of interest (reviewers and staff): listed, added
 * with an organisation chosen by the directory's picker, removed. Each appended to the audit log.
 */
export function declarationsService(db: Kysely<DB>, picker: OrganisationPicker) {
  const repo = assignmentsRepository(db);

  function reviewer(actor: Actor) {
    authorize(actor, isReviewerOrStaff, undefined);
    return requireUser(actor);
  }

  return {
    list(actor: Actor) {
      return repo.declarations(reviewer(actor).id);
    },

    async pick(ids: string[], query: string, search: boolean): Promise<OwnerPicker> {
      const found = await picker.pick(
        ids.filter((id) => UUID.test(id)),
        query.trim().slice(0, 200),
        search,
      );
      return { ...found, query };
    },

    /** records a declaration, or says what to correct (nothing written) */
    async declare(
      actor: Actor,
      input: DeclarationInput,
      locale: Locale,
    ): Promise<{ ok: true } | ({ ok: false } & DeclarationRefusal)> {
      const user = reviewer(actor);
      const p = text[locale].declarations.problems;
      const errors: FieldErrors = {};
      const ids = input.ids.filter((id) => UUID.test(id));
      const found =
        ids.length === 0 && input.query.trim() === ''
          ? { picker: await picker.pick([], '', false) }
          : await picker.resolveOne(ids, input.query.trim().slice(0, 200));
      const org = 'org' in found ? found.org : undefined;
      if (!org) errors.organisation_q = p.organisation;
      const type = CONFLICT_TYPES.find((t) => t === input.type);
      if (!type) errors.type = p.type;
      const note = input.note.trim();
      if ([...note].length > NOTE_MAX) errors.note = p.note;
      const shown = { ...found.picker, query: input.query };
      if (!org || !type || Object.keys(errors).length > 0) {
        return { ok: false, errors, picker: shown };
      }
      return db.transaction().execute(async (trx) => {
        const row = await assignmentsRepository(trx).declare({
          userId: user.id,
          organisationId: org.id,
          type,
          note,
        });
        if (!row) return { ok: false, errors: { organisation_q: p.duplicate }, picker: shown };
        await appendAudit(trx, {
          actorId: user.id,
          subjectType: 'conflict_declaration',
          subjectId: row.id,
          action: 'declared',
          after: { user: user.id, organisation: { id: org.id, name: org.name }, type, note },
        });
        return { ok: true } as const;
      });
    },

    async remove(actor: Actor, id: number): Promise<void> {
      const user = reviewer(actor);
      await db.transaction().execute(async (trx) => {
        const row = await assignmentsRepository(trx).undeclare(id, user.id);
        if (!row) throw coreError('NOT_FOUND');
        await appendAudit(trx, {
          actorId: user.id,
          subjectType: 'conflict_declaration',
          subjectId: id,
          action: 'removed',
          before: {
            user: user.id,
            organisation: row.organisation_id,
            type: row.type,
            note: row.note,
          },
        });
      });
    },
  };
}

export type DeclarationsService = ReturnType<typeof declarationsService>;
