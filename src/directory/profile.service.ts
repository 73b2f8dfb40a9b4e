import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, isStaff } from '../kernel/policy.ts';
import type { Mailer } from '../mail/mailer.ts';
import { localePath } from '../web/i18n/index.ts';
import { claimsRepository } from './claims.repository.ts';
import { directoryEn } from './directory.en.ts';
import { directoryError } from './directory.errors.ts';
import { directoryFr } from './directory.fr.ts';
import { duplicatesRepository } from './duplicates.repository.ts';
import {
  type OrganisationPatch,
  type OrganisationRow,
  organisationsRepository,
} from './organisations.repository.ts';
import type { SelfDeclared, StaffEdit } from './profile.schema.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** The host of a website, without "www.", lower-case; null when it is not a web address. */
export function websiteDomain(website: string | null): string | null {
  if (!website) return null;
  try {
    return new URL(website).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** An address proves an organisation when its domain is the website's, or a subdomain of it. */
export function emailMatchesWebsite(email: string, website: string | null): boolean {
  const site = websiteDomain(website);
  const domain = email.split('@')[1]?.toLowerCase();
  if (!site || !domain || !site.includes('.')) return false;
  return domain === site || domain.endsWith(`.${site}`);
}

/** the person behind an account, as a decision's mail needs them (from the accounts' service) */
export type Claimant = { name: string; email: string; locale: Locale };

/** how a claim's author hears of the decision */
export type ClaimNotice = {
  mailer: Mailer;
  publicUrl: () => string;
  hubName: () => Promise<string>;
  userById: (id: string) => Promise<Claimant | undefined>;
};

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
    async mayEdit(actor: Actor, org: OrganisationRow): Promise<boolean> {
      if (isStaff(actor)) return true;
      return actor.kind === 'user' && orgs.isMember(org.id, actor.user.id);
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
      if (!staff && !(await orgs.isMember(org.id, actor.user.id))) throw coreError('FORBIDDEN');
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

/** claims: joining an organisation at once by its website's domain, or after staff approve */
function claimRules(db: Kysely<DB>, load: ReturnType<typeof loader>, notice?: ClaimNotice) {
  const orgs = organisationsRepository(db);
  const claims = claimsRepository(db);

  /** the decision, by e-mail in the person's language; the decision stands if the mail fails */
  async function tellClaimant(
    n: ClaimNotice,
    decided: { organisation_id: string; user_id: string },
    decision: 'approve' | 'reject',
  ): Promise<boolean> {
    const [user, org] = await Promise.all([
      n.userById(decided.user_id),
      orgs.findById(decided.organisation_id),
    ]);
    if (!user || !org) return false;
    const t = (user.locale === 'fr' ? directoryFr : directoryEn).accountOrganisations;
    const link = `${n.publicUrl()}${localePath(user.locale, `/annuaire/${org.slug}`)}`;
    try {
      await n.mailer.send({
        to: user.email,
        subject: t.decidedSubject(await n.hubName(), org.name),
        text:
          decision === 'approve'
            ? t.approvedBody(user.name, org.name, link)
            : t.rejectedBody(user.name, org.name),
      });
      return true;
    } catch {
      return false;
    }
  }

  return {
    /** immediate when the e-mail's domain is the website's; otherwise waits for staff */
    async claim(
      actor: Actor,
      slug: string,
      message: string,
    ): Promise<'member' | 'pending' | 'already'> {
      if (actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
      const org = await load(slug);
      if (await orgs.isMember(org.id, actor.user.id)) return 'already';
      if (emailMatchesWebsite(actor.user.email, org.website)) {
        await db.transaction().execute(async (trx) => {
          await claimsRepository(trx).create({
            organisationId: org.id,
            userId: actor.user.id,
            method: 'email_domain',
            status: 'approved',
            message,
          });
          await organisationsRepository(trx).addMember(org.id, actor.user.id);
        });
        return 'member';
      }
      if (await claims.pendingFor(org.id, actor.user.id)) return 'pending';
      await claims.create({
        organisationId: org.id,
        userId: actor.user.id,
        method: 'staff',
        status: 'pending',
        message,
      });
      return 'pending';
    },

    pendingClaims: () => claims.pending(),

    /** for the account page: the organisations a person speaks for, and those it asked to join */
    async organisationsOf(userId: string) {
      const [member, pending] = await Promise.all([
        orgs.memberships(userId),
        claims.pendingOf(userId),
      ]);
      return [
        ...member.map((o) => ({ slug: o.slug, name: o.name, pending: false })),
        ...pending.map((o) => ({ slug: o.slug, name: o.name, pending: true })),
      ];
    },

    async decideClaim(actor: Actor, id: number, decision: 'approve' | 'reject'): Promise<void> {
      if (actor.kind !== 'user' || !isStaff(actor)) throw coreError('FORBIDDEN');
      const decided = await db.transaction().execute(async (trx) => {
        const decided = await claimsRepository(trx).decide(
          id,
          decision === 'approve' ? 'approved' : 'rejected',
          actor.user.id,
        );
        if (!decided) throw directoryError('CLAIM_ALREADY_DECIDED');
        if (decision === 'approve') {
          await organisationsRepository(trx).addMember(decided.organisation_id, decided.user_id);
        }
        return decided;
      });
      if (notice) await tellClaimant(notice, decided, decision);
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
