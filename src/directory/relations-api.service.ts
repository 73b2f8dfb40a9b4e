import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Actor } from '../kernel/policy.ts';
import { connectionsAccess, mayChangeRecord } from './connections.policy.ts';
import { connectionsRepository, type RelationRow } from './connections.repository.ts';
import type { DirectedType } from './connections.schema.ts';
import type { ConnectionsService } from './connections.service.ts';
import { directoryError } from './directory.errors.ts';
import { actsForOrganisation } from './directory.policy.ts';
import type { RelationType } from './directory.schema.ts';
import { organisationsRepository } from './organisations.repository.ts';

export type RelationApiInput = {
  kind: RelationType;
  /** the other organisation: its address (slug) or its SIREN */
  other: string;
  /** the other organisation is the subject ("other invests in us") */
  reverse: boolean;
  started_on: string | null;
  ended_on: string | null;
  note: string;
};

/** a relation as the API gives it: both sides by address */
export type RelationJson = {
  id: number;
  kind: string;
  from: string;
  to: string;
  started_on: string | null;
  ended_on: string | null;
  source: string;
  note: string | null;
};

/**
 * The directory's relations through the API, with the rules of the profile pages (staff, or a
 * verified member of one side; a member changes only what was self-declared): the service of
 * `connections.service.ts` records them, this one names the other side by slug or SIREN and
 * answers with coded errors.
 */
export function relationsApiService(db: Kysely<DB>, connections: ConnectionsService) {
  const repo = connectionsRepository(db);
  const orgs = organisationsRepository(db);

  function json(orgSlug: string, r: RelationRow): RelationJson {
    const [from, to] = r.reverse ? [r.other.slug, orgSlug] : [orgSlug, r.other.slug];
    return {
      id: Number(r.id),
      kind: r.type,
      from,
      to,
      started_on: r.started_on,
      ended_on: r.ended_on,
      source: r.source,
      note: r.note,
    };
  }

  return {
    /** an organisation's relations, either way (public, as on its profile) */
    async list(slug: string): Promise<RelationJson[]> {
      const org = await orgs.findBySlug(slug);
      if (!org || org.merged_into) throw coreError('NOT_FOUND');
      return (await repo.relationsOf(org.id)).map((r) => json(org.slug, r));
    },

    async create(actor: Actor, slug: string, input: RelationApiInput): Promise<RelationJson> {
      const { org } = await connections.editable(actor, slug);
      const other = await repo.bySlugOrSiren(input.other);
      if (!other) throw directoryError('RELATION_OTHER_UNKNOWN');
      if (other.id === org.id) throw directoryError('RELATION_SELF');
      const reverse = input.reverse && input.kind !== 'partner_of';
      const type = (reverse ? `${input.kind}:reverse` : input.kind) as DirectedType;
      const outcome = await connections.saveRelation(actor, slug, {
        type,
        other_id: [other.id],
        other_q: '',
        started_on: input.started_on,
        ended_on: input.ended_on,
        note: input.note,
        action: 'save',
      });
      if (!outcome.ok) {
        const problem = outcome.errors.other_q;
        if (problem === 'relationDuplicate') throw directoryError('RELATION_DUPLICATE');
        if (problem === 'organisationSelf') throw directoryError('RELATION_SELF');
        throw directoryError('RELATION_OTHER_UNKNOWN');
      }
      const saved = (await repo.relationsOf(org.id)).find(
        (r) => r.type === input.kind && r.other.id === other.id && r.reverse === reverse,
      );
      if (!saved) throw coreError('NOT_FOUND');
      return json(org.slug, saved);
    },

    /**
     * Removes a relation: staff, or a verified member of either side when it was self-declared
     * (what staff or the register recorded stays until staff change it).
     */
    async remove(actor: Actor, id: number): Promise<void> {
      const row = await repo.findRelation(id);
      if (!row) throw coreError('NOT_FOUND');
      let allowed = false;
      for (const side of [row.from_id, row.to_id]) {
        const access = connectionsAccess(actor, await actsForOrganisation(orgs, actor, side));
        if (access && mayChangeRecord(access, row.source)) allowed = true;
      }
      if (!allowed) throw coreError(actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      await repo.deleteRelation(id);
    },
  };
}

export type RelationsApiService = ReturnType<typeof relationsApiService>;
