import type { Kysely } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import { type EligibilityRule, eligibilityRules } from './eligibility.ts';
import type { FormField } from './forms/definition.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import type { CallRow } from './programmes.repository.ts';
import { type CallStatus, callStatus, type ProgrammesService } from './programmes.service.ts';
import type { AdminMessageKey } from './programmes-admin.forms.ts';
import {
  type OwnerRef,
  type ProgrammeRow,
  programmesAdminRepository,
} from './programmes-admin.repository.ts';

/** what the owner's picker shows: the one chosen, and what a search found */
export type OwnerPicker = {
  chosen: OwnerRef[];
  matches: OwnerRef[];
  searched: boolean;
  query: string;
};

export type AdminCall = CallRow & {
  status: CallStatus;
  /** the call's applications by state (absent: none) */
  counts: Partial<Record<ApplicationState, number>>;
};

export type AdminProgramme = ProgrammeRow & { owner: OwnerRef | undefined; calls: AdminCall[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Choosing an organisation of the register, as the directory does it on its own forms (from its
 * module's `api.picker`): what the ids ticked and the text typed name.
 */
export type OrganisationPicker = {
  pick(ids: string[], query: string, search: boolean): Promise<Omit<OwnerPicker, 'query'>>;
  resolveOne(
    ids: string[],
    query: string,
  ): Promise<{ org?: OwnerRef; error?: string; picker: Omit<OwnerPicker, 'query'> }>;
};

/**
 * What the staff's set-up pages read: the programmes with their calls and counts, a call to edit,
 * its form with the versions its applications are on, and the owner an organisation picker names.
 * Writing goes through `programmes.service.ts`.
 */
export function programmesAdminService(
  db: Kysely<DB>,
  programmes: ProgrammesService,
  picker: OrganisationPicker,
  clock: () => Date = () => new Date(),
) {
  const repo = programmesAdminRepository(db);

  async function programmeList(ids?: number[]): Promise<AdminProgramme[]> {
    const [list, calls, counts] = await Promise.all([
      repo.programmes(),
      programmes.calls(),
      repo.applicationCounts(),
    ]);
    const chosen = ids ? list.filter((p) => ids.includes(p.id)) : list;
    const owners = await repo.organisations(
      chosen.map((p) => p.owner_organisation_id).filter((o): o is string => o !== null),
    );
    const now = clock();
    return chosen.map((p) => ({
      ...p,
      owner: owners.find((o) => o.id === p.owner_organisation_id),
      calls: calls
        .filter((c) => Number(c.programme_id) === p.id)
        .sort((a, b) => b.opens_at.getTime() - a.opens_at.getTime())
        .map((c) => ({
          ...c,
          id: Number(c.id),
          status: callStatus(c, now),
          counts: Object.fromEntries(
            counts.filter((n) => n.callId === Number(c.id)).map((n) => [n.state, n.n]),
          ),
        })),
    }));
  }

  /** the one owner ticked (an id of the register, or nothing) */
  const owned = (ids: string[]) => ids.filter((id) => UUID.test(id)).slice(0, 1);

  async function pick(ids: string[], query: string, search: boolean): Promise<OwnerPicker> {
    const picked = await picker.pick(owned(ids), query.trim(), search);
    return { ...picked, query };
  }

  return {
    async overview(actor: Actor): Promise<AdminProgramme[]> {
      authorize(actor, can.manage, undefined);
      return programmeList();
    },

    async programme(actor: Actor, id: number): Promise<AdminProgramme> {
      authorize(actor, can.manage, undefined);
      const [found] = await programmeList([id]);
      if (!found) throw coreError('NOT_FOUND');
      return found;
    },

    /** a call, its programme, its rules, and whether its reference code may still change */
    async call(actor: Actor, callId: number) {
      authorize(actor, can.manage, undefined);
      const call = await programmes.call(callId);
      const programme = await repo.programme(Number(call.programme_id));
      if (!programme) throw coreError('NOT_FOUND');
      const rules: EligibilityRule[] = eligibilityRules.catch([]).parse(call.eligibility);
      const [acknowledgements, submitted] = await Promise.all([
        repo.acknowledgementsIssued(callId),
        repo.submittedCount(callId),
      ]);
      return {
        call: { ...call, id: Number(call.id) },
        programme,
        rules,
        acknowledgements,
        submitted,
      };
    },

    /** a call's current form and how many of its applications are on each version */
    async form(actor: Actor, callId: number) {
      const found = await this.call(actor, callId);
      const form: { version: number; fields: FormField[] } | null =
        found.call.current_form_version === null ? null : await programmes.currentForm(callId);
      const versions = await repo.versionCounts(callId);
      return { ...found, form, versions };
    },

    /** what the picker shows for the ids ticked and the text typed (searched when asked) */
    pick,

    /**
     * The owner a picker names: the one ticked, else the text when it names exactly one (its
     * SIREN, its address, its exact name, or the only match); no owner when both are empty.
     */
    async resolveOwner(
      ids: string[],
      query: string,
    ): Promise<{ owner: OwnerRef | null; error?: AdminMessageKey; picker: OwnerPicker }> {
      const q = query.trim();
      if (ids.length === 0 && q === '') return { owner: null, picker: await pick([], '', false) };
      if (ids.length > 0 && owned(ids).length === 0)
        return { owner: null, error: 'owner_unknown', picker: await pick([], '', false) };
      const found = await picker.resolveOne(owned(ids), q);
      const shown = { ...found.picker, query };
      if (found.org) return { owner: found.org, picker: shown };
      const error = found.error === 'organisationAmbiguous' ? 'owner_ambiguous' : 'owner_unknown';
      return { owner: null, error, picker: shown };
    },
  };
}

export type ProgrammesAdminService = ReturnType<typeof programmesAdminService>;
