import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Actor } from '../kernel/policy.ts';
import {
  type ConnectionsAccess,
  connectionsAccess,
  mayChangeRecord,
} from './connections.policy.ts';
import {
  type ConnectionsRepository,
  connectionsRepository,
  type OrgRef,
  type RelationRow,
  type RoundRow,
} from './connections.repository.ts';
import {
  type DirectedType,
  type MessageKey,
  type RelationInput,
  type RoundInput,
  splitDirected,
} from './connections.schema.ts';
import { actsForOrganisation } from './directory.policy.ts';
import { type OrganisationRow, organisationsRepository } from './organisations.repository.ts';

/** what an organisation picker shows: what is chosen, and what a search found */
export type Picker = { chosen: OrgRef[]; matches: OrgRef[]; searched: boolean; query: string };

export type Outcome =
  | { ok: true }
  | { ok: false; errors: Partial<Record<string, MessageKey>>; picker: Picker };

const MATCHES = 8;

/** the relation as the profile's organisation says it ("invests_in:reverse": X invests in us) */
export function directedOf(row: { type: string; reverse: boolean }): DirectedType {
  return (
    row.reverse && row.type !== 'partner_of' ? `${row.type}:reverse` : row.type
  ) as DirectedType;
}

/** who may record ties of the organisation at this address: its members and staff */
function editing(db: Kysely<DB>) {
  const orgs = organisationsRepository(db);
  return async function editable(actor: Actor, slug: string) {
    const org = await orgs.findBySlug(slug);
    if (!org || org.merged_into) throw coreError('NOT_FOUND');
    const isMember = await actsForOrganisation(orgs, actor, org.id);
    const access = connectionsAccess(actor, isMember);
    if (!access) throw coreError('FORBIDDEN');
    if (actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
    return { org, access, userId: actor.user.id };
  };
}

type Editable = ReturnType<typeof editing>;

/** choosing organisations of the register in a form: what was ticked, what the text names */
function picking(repo: ConnectionsRepository) {
  /** what the ids chosen and the text typed name: the chosen ones checked, the text searched */
  async function pick(ids: string[], query: string, search: boolean): Promise<Picker> {
    const chosen = await repo.existing(ids);
    const matches =
      search && query !== ''
        ? (await repo.candidates(query, MATCHES)).filter((m) => !ids.includes(m.id))
        : [];
    return { chosen, matches, searched: search && query !== '', query };
  }

  /**
   * The one organisation a single-choice picker names: the one ticked, else the text when it
   * names exactly one (its address, its exact name, or the only match).
   */
  async function resolveOne(
    ids: string[],
    query: string,
  ): Promise<{ org?: OrgRef; error?: MessageKey; picker: Picker }> {
    if (ids.length > 0) {
      const picker = await pick(ids.slice(0, 1), '', false);
      const org = picker.chosen[0];
      return org ? { org, picker } : { error: 'organisationUnknown', picker };
    }
    if (query === '') return { error: 'organisationRequired', picker: await pick([], '', false) };
    const candidates = await repo.candidates(query, MATCHES);
    const exact = candidates.filter(
      (c) => c.name.toLowerCase() === query.toLowerCase() || query.endsWith(c.slug),
    );
    const only = exact.length === 1 ? exact[0] : candidates.length === 1 ? candidates[0] : null;
    const picker = { chosen: [], matches: candidates, searched: true, query };
    if (only) return { org: only, picker: { ...picker, chosen: [only], matches: [] } };
    return { error: candidates.length ? 'organisationAmbiguous' : 'organisationUnknown', picker };
  }

  return { pick, resolveOne };
}

type Picking = ReturnType<typeof picking>;

const sourceOf = (access: ConnectionsAccess) =>
  access === 'staff' ? ('staff' as const) : ('self' as const);

/** relations between the organisation and others, either way */
function relationRules(db: Kysely<DB>, editable: Editable, { resolveOne }: Picking) {
  const repo = connectionsRepository(db);

  async function relationOf(org: OrganisationRow, id: number) {
    const row = await repo.findRelation(id);
    if (!row || (row.from_id !== org.id && row.to_id !== org.id)) throw coreError('NOT_FOUND');
    return { ...row, reverse: row.from_id !== org.id };
  }

  return {
    async relationsPage(actor: Actor, slug: string) {
      const { org, access } = await editable(actor, slug);
      const relations = await repo.relationsOf(org.id);
      return {
        org,
        access,
        relations: relations.map((r) => ({ ...r, mayChange: mayChangeRecord(access, r.source) })),
      };
    },

    /** a relation to edit: the page's organisation must be one of its sides */
    async relationToEdit(
      actor: Actor,
      slug: string,
      id: number,
    ): Promise<{ org: OrganisationRow; relation: RelationRow }> {
      const { org, access } = await editable(actor, slug);
      const row = await relationOf(org, id);
      if (!mayChangeRecord(access, row.source)) throw coreError('FORBIDDEN');
      const [other] = await repo.existing([row.reverse ? row.from_id : row.to_id]);
      if (!other) throw coreError('NOT_FOUND');
      return { org, relation: { ...row, other, updated_at: new Date() } };
    },

    /** records a relation (new, or `id` changed); the errors say which field is wrong */
    async saveRelation(
      actor: Actor,
      slug: string,
      input: RelationInput,
      id?: number,
    ): Promise<Outcome> {
      const { org, access, userId } = await editable(actor, slug);
      if (id !== undefined) {
        const row = await relationOf(org, id);
        if (!mayChangeRecord(access, row.source)) throw coreError('FORBIDDEN');
      }
      const found = await resolveOne(input.other_id, input.other_q);
      if (!found.org) return { ok: false, errors: { other_q: found.error }, picker: found.picker };
      const other = found.org;
      if (other.id === org.id) {
        return { ok: false, errors: { other_q: 'organisationSelf' }, picker: found.picker };
      }
      const { type, reverse } = splitDirected(input.type);
      const [from, to] = reverse ? [other.id, org.id] : [org.id, other.id];
      const values = {
        from_id: from,
        to_id: to,
        type,
        started_on: input.started_on,
        ended_on: input.ended_on,
        note: input.note || null,
        source: sourceOf(access),
        by: userId,
      };
      const duplicate = () =>
        ({
          ok: false,
          errors: { other_q: 'relationDuplicate' },
          picker: found.picker,
        }) as const;
      return db.transaction().execute(async (trx) => {
        const tx = connectionsRepository(trx);
        if (await tx.relationExists(from, to, type, type === 'partner_of', id)) return duplicate();
        if (id === undefined) {
          if ((await tx.insertRelation(values)) === null) return duplicate();
        } else {
          await tx.updateRelation(id, values);
        }
        return { ok: true } as const;
      });
    },

    async removeRelation(actor: Actor, slug: string, id: number): Promise<void> {
      const { org, access } = await editable(actor, slug);
      const row = await relationOf(org, id);
      if (!mayChangeRecord(access, row.source)) throw coreError('FORBIDDEN');
      await repo.deleteRelation(id);
    },
  };
}

/** the organisation's funding rounds and their investors */
function roundRules(db: Kysely<DB>, editable: Editable, { pick }: Picking) {
  const repo = connectionsRepository(db);

  async function roundOf(org: OrganisationRow, id: number): Promise<RoundRow> {
    const row = await repo.findRound(id);
    if (!row || row.organisation_id !== org.id) throw coreError('NOT_FOUND');
    return row;
  }

  return {
    async roundsPage(actor: Actor, slug: string) {
      const { org, access } = await editable(actor, slug);
      const rounds = await repo.roundsOf(org.id);
      return {
        org,
        access,
        rounds: rounds.map((r) => ({ ...r, mayChange: mayChangeRecord(access, r.source) })),
      };
    },

    async roundToEdit(actor: Actor, slug: string, id: number) {
      const { org, access } = await editable(actor, slug);
      const round = await roundOf(org, id);
      if (!mayChangeRecord(access, round.source)) throw coreError('FORBIDDEN');
      return { org, round };
    },

    async saveRound(actor: Actor, slug: string, input: RoundInput, id?: number): Promise<Outcome> {
      const { org, access, userId } = await editable(actor, slug);
      if (id !== undefined) {
        const round = await roundOf(org, id);
        if (!mayChangeRecord(access, round.source)) throw coreError('FORBIDDEN');
      }
      const picker = await pick(input.investor_id, input.investor_q, false);
      const errors: Partial<Record<string, MessageKey>> = {};
      if (picker.chosen.length < input.investor_id.length) errors.investor_q = 'investorUnknown';
      else if (picker.chosen.some((o) => o.id === org.id)) errors.investor_q = 'investorSelf';
      const announced = input.announced_on;
      if (!announced) errors.announced_on = 'required';
      else if (await repo.roundExists(org.id, announced, input.stage, id)) {
        errors.announced_on = 'roundDuplicate';
      }
      if (!announced || Object.keys(errors).length > 0) return { ok: false, errors, picker };
      const values = {
        announced_on: announced,
        amount_eur: input.amount,
        stage: input.stage,
        source: sourceOf(access),
        investors: picker.chosen.map((o) => o.id),
        by: userId,
      };
      await db.transaction().execute(async (trx) => {
        const tx = connectionsRepository(trx);
        if (id === undefined) await tx.insertRound(org.id, values);
        else await tx.updateRound(id, values);
      });
      return { ok: true };
    },

    async removeRound(actor: Actor, slug: string, id: number): Promise<void> {
      const { org, access } = await editable(actor, slug);
      const round = await roundOf(org, id);
      if (!mayChangeRecord(access, round.source)) throw coreError('FORBIDDEN');
      await repo.deleteRound(id);
    },
  };
}

/**
 * Relations between organisations and funding rounds, recorded from the profile pages. Who may
 * change what is in connections.policy.ts; here are the checks against the register.
 */
export function connectionsService(db: Kysely<DB>) {
  const repo = connectionsRepository(db);
  const editable = editing(db);
  const pickers = picking(repo);
  return {
    editable,
    pick: pickers.pick,
    resolveOne: pickers.resolveOne,
    ...relationRules(db, editable, pickers),
    ...roundRules(db, editable, pickers),
  };
}

export type ConnectionsService = ReturnType<typeof connectionsService>;
