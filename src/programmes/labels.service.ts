import type { Kysely } from 'kysely';
import { appendAudit, auditService, type NamedAuditRow } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { labelsError, parisDay } from './labels.errors.ts';
import { type LabelFilters, type LabelRow, labelsRepository } from './labels.repository.ts';
import { programmesPolicy as can } from './programmes.policy.ts';

export type { LabelRow } from './labels.repository.ts';

/** where a label stands on a day: held, past its validity, or withdrawn */
export type LabelStanding = 'current' | 'expired' | 'withdrawn';

export function standingOf(label: LabelRow, today: string): LabelStanding {
  if (label.status === 'withdrawn') return 'withdrawn';
  if (label.valid_until !== null && label.valid_until < today) return 'expired';
  return 'current';
}

/** The laureates' list: held labels, then the archive of expired ones, then the withdrawn. */
export type LaureatesList = { current: LabelRow[]; expired: LabelRow[]; withdrawn: LabelRow[] };

export type LabelPage = { label: LabelRow; standing: LabelStanding; history: NamedAuditRow[] };

const MAX_REASON = 5000;

/**
 * Labels conferred by accepted applications (decisions write them) or recorded from a past round:
 * the public list, a label's page with its history from the audit log, the API's list, an
 * organisation's labels for its profile, and their withdrawal by staff with a written reason.
 */
export function labelsService(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  const labels = labelsRepository(db);
  const today = () => parisDay(clock());
  return {
    today,

    async laureates(): Promise<LaureatesList> {
      const day = today();
      const out: LaureatesList = { current: [], expired: [], withdrawn: [] };
      for (const label of await labels.all()) out[standingOf(label, day)].push(label);
      return out;
    },

    async page(id: number): Promise<LabelPage> {
      const label = await labels.byId(id);
      if (!label) throw coreError('NOT_FOUND');
      const history = await auditService(db).ofSubject('label', id);
      return { label, standing: standingOf(label, today()), history };
    },

    /** the API's list: an organisation's (by its slug), held today only when asked */
    list(filters: { organisation?: string; active?: boolean }): Promise<LabelRow[]> {
      const query: LabelFilters = {};
      if (filters.organisation !== undefined) query.organisation = filters.organisation;
      if (filters.active) query.activeOn = today();
      return labels.all(query);
    },

    /** the labels' names, by the slug the directory's label facet gives them */
    async facetNames() {
      return (await labels.facetNames()).map((r) => ({
        slug: r.slug,
        name: { fr: r.name_fr, en: r.name_en },
        isDemo: r.is_demo,
      }));
    },

    /** an organisation's labels for its profile: held ones first, then the others, newest first */
    async ofOrganisation(organisationId: string) {
      const day = today();
      return (await labels.ofOrganisation(organisationId)).map((label) => ({
        label,
        standing: standingOf(label, day),
      }));
    },

    /**
     * Withdraws a label (staff): a written reason is required (nothing written without one); a
     * withdrawn label stays withdrawn (409). The change and its audit entry commit together.
     */
    async withdraw(actor: Actor, id: number, reasonInput: string): Promise<void> {
      authorize(actor, can.manage, undefined);
      const user = requireUser(actor);
      const reason = reasonInput.trim();
      if (reason === '' || reason.length > MAX_REASON) {
        const problem = reason === '' ? 'required' : 'too_long';
        throw labelsError('WITHDRAWAL_INVALID', undefined, { reason: problem });
      }
      await db.transaction().execute(async (trx) => {
        const repo = labelsRepository(trx);
        const row = await repo.lockState(id);
        if (!row) throw coreError('NOT_FOUND');
        if (row.status === 'withdrawn') throw labelsError('LABEL_WITHDRAWN');
        await repo.withdraw(id, { by: user.id, reason });
        await appendAudit(trx, {
          actorId: user.id,
          subjectType: 'label',
          subjectId: id,
          applicationId: row.application_id,
          action: 'withdrawn',
          before: { status: 'active' },
          after: { status: 'withdrawn', reason },
        });
      });
    },
  };
}

export type LabelsService = ReturnType<typeof labelsService>;
