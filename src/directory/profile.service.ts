import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type Actor, actsAsMember, authorize, isStaff } from '../kernel/policy.ts';
import { type ClaimNotice, claimRules } from './claims.service.ts';
import { directoryError } from './directory.errors.ts';
import { actsForOrganisation } from './directory.policy.ts';
import { duplicatesRepository } from './duplicates.repository.ts';
import {
  type OrganisationPatch,
  type OrganisationRow,
  organisationsRepository,
} from './organisations.repository.ts';
import type { SelfDeclared, StaffEdit } from './profile.schema.ts';

export {
  type Claimant,
  type ClaimNotice,
  emailMatchesWebsite,
  websiteDomain,
  websiteVouches,
} from './claims.service.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** the organisation at this address, unless it was merged away */
function loader(db: Kysely<DB>) {
  const orgs = organisationsRepository(db);
  return async function load(slug: string): Promise<OrganisationRow> {
    const org = await orgs.findBySlug(slug);
    if (!org || org.merged_into) throw coreError('NOT_FOUND');
    return org;
  };
}

/** editing a profile: members say what they know, staff also correct the register */
function editRules(db: Kysely<DB>, load: ReturnType<typeof loader>) {
  const orgs = organisationsRepository(db);
  return {
    /** staff, or a member of the organisation acting as one (its address verified) */
    async mayEdit(actor: Actor, org: OrganisationRow): Promise<boolean> {
      if (isStaff(actor)) return true;
      return actsForOrganisation(orgs, actor, org.id);
    },

    /**
     * Saves an edit made on the version the editor saw; a save against an older version is
     * STALE_VERSION and nothing is written. Changed fields record who said them.
     */
    async edit(
      actor: Actor,
      slug: string,
      input: SelfDeclared | StaffEdit,
    ): Promise<OrganisationRow> {
      if (actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
      const org = await load(slug);
      const staff = isStaff(actor);
      if (!staff) {
        authorize(actor, actsAsMember, { member: await orgs.isMember(org.id, actor.user.id) });
      }
      const source = staff ? 'staff' : 'self';
      const patch: OrganisationPatch = {
        description_fr: input.description_fr,
        description_en: input.description_en,
        website: input.website || null,
        tags: input.tags,
        field_slugs: input.fields,
      };
      if (staff && 'name' in input) {
        Object.assign(patch, {
          name: input.name,
          acronym: input.acronym || null,
          kind: input.kind,
          status: input.status,
        });
      }
      const provenance = { ...org.provenance };
      for (const [key, value] of Object.entries(patch)) {
        const before = org[key as keyof OrganisationRow];
        if (JSON.stringify(before ?? null) !== JSON.stringify(value ?? null)) {
          provenance[key] = { source, at: today() };
        }
      }
      patch.provenance = provenance;
      const expected = new Date(input.version);
      if (Number.isNaN(expected.getTime())) throw coreError('BAD_REQUEST');
      return db.transaction().execute(async (trx) => {
        const repo = organisationsRepository(trx);
        if (!(await repo.update(org.id, patch, expected))) throw directoryError('STALE_VERSION');
        if (input.headcount !== null) {
          await repo.declareHeadcount({
            organisationId: org.id,
            exact: input.headcount,
            year: input.headcount_year ?? new Date().getFullYear(),
            source,
            observedOn: today(),
          });
          // the search, its facets and its sort read the current headcount from the row
          await repo.refreshCurrentHeadcount(org.id);
        }
        const saved = await repo.findById(org.id);
        if (!saved) throw coreError('NOT_FOUND');
        return saved;
      });
    },
  };
}

/** Editing profiles, claiming them, merging duplicates: the rules, apart from HTTP. */
export function profileService(db: Kysely<DB>, notice?: ClaimNotice) {
  const orgs = organisationsRepository(db);
  const load = loader(db);
  return {
    load,
    ...editRules(db, load),
    ...claimRules(db, load, notice),

    /**
     * The duplicate keeps a pointer to the kept organisation and its address redirects there; its
     * relations, rounds, members, pending claims and establishments move to the kept one.
     */
    async merge(actor: Actor, slug: string, targetSlug: string): Promise<OrganisationRow> {
      if (!isStaff(actor)) throw coreError('FORBIDDEN');
      const duplicate = await load(slug);
      const target = await orgs.findBySlug(
        targetSlug.replace(/^.*\/annuaire\//, '').replace(/[/?#].*$/, ''),
      );
      if (!target || target.merged_into) throw directoryError('MERGE_TARGET_UNKNOWN');
      if (target.id === duplicate.id) throw directoryError('MERGE_INTO_ITSELF');
      if (actor.kind !== 'user') throw coreError('FORBIDDEN');
      await db.transaction().execute(async (trx) => {
        const duplicates = duplicatesRepository(trx);
        if (!(await duplicates.markMerged(duplicate.id, target.id))) throw coreError('NOT_FOUND');
        // what people recorded about the duplicate now belongs to the organisation kept
        await duplicates.moveTies(duplicate.id, target.id, actor.user.id);
        await duplicates.moveEstablishments(duplicate.id, target.id);
      });
      return target;
    },
  };
}

export type ProfileService = ReturnType<typeof profileService>;
