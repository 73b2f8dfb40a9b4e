import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize, isStaff } from '../kernel/policy.ts';
import type { Mailer } from '../mail/mailer.ts';
import { localePath } from '../web/i18n/index.ts';
import { claimsRepository } from './claims.repository.ts';
import { directoryEn } from './directory.en.ts';
import { directoryError } from './directory.errors.ts';
import { directoryFr } from './directory.fr.ts';
import { directoryPolicy as can } from './directory.policy.ts';
import { type OrganisationRow, organisationsRepository } from './organisations.repository.ts';

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

/**
 * Whether the website can vouch for an address: it came from the hub's team or the register,
 * never from the organisation's members themselves (a member who set the website would choose
 * the domain that lets anyone of it in). A website whose source is unknown does not vouch.
 */
export function websiteVouches(org: Pick<OrganisationRow, 'website' | 'provenance'>): boolean {
  const source = org.provenance.website?.source;
  return org.website !== null && (source === 'staff' || source === 'register');
}

/** the person behind an account, as a decision's mail needs them (from the accounts' service) */
export type Claimant = { name: string; email: string; locale: Locale };

/** how a claim's author, the hub's team and an organisation's members hear of claims */
export type ClaimNotice = {
  mailer: Mailer;
  publicUrl: () => string;
  hubName: () => Promise<string>;
  userById: (id: string) => Promise<Claimant | undefined>;
  /** the hub's team (staff and administrators), who hear of every automatic membership */
  staff: () => Promise<Claimant[]>;
};

/** an automatic claim's window on the claims queue and the edit page */
const RECENT_DAYS = 30;
const recent = () => new Date(Date.now() - RECENT_DAYS * 86_400_000);

const textOf = (locale: Locale) => (locale === 'fr' ? directoryFr : directoryEn);

/** the mails of claims; a decision or a membership stands when its mail fails */
function claimMails(db: Kysely<DB>, n: ClaimNotice) {
  const orgs = organisationsRepository(db);
  const link = (locale: Locale, path: string) => `${n.publicUrl()}${localePath(locale, path)}`;
  async function send(to: Claimant, subject: string, text: string): Promise<boolean> {
    try {
      await n.mailer.send({ to: to.email, subject, text });
      return true;
    } catch {
      return false;
    }
  }
  return {
    /** the decision, by e-mail in the person's language */
    async decision(
      decided: { organisation_id: string; user_id: string },
      decision: 'approve' | 'reject',
    ): Promise<boolean> {
      const [user, org] = await Promise.all([
        n.userById(decided.user_id),
        orgs.findById(decided.organisation_id),
      ]);
      if (!user || !org) return false;
      const t = textOf(user.locale).accountOrganisations;
      return send(
        user,
        t.decidedSubject(await n.hubName(), org.name),
        decision === 'approve'
          ? t.approvedBody(user.name, org.name, link(user.locale, `/annuaire/${org.slug}`))
          : t.rejectedBody(user.name, org.name),
      );
    },

    /**
     * A membership given at once: the hub's team (to its claims queue) and the organisation's
     * members from before (to the profile's edit page) hear of it, each in their language, with
     * where to revoke it. One mail per address.
     */
    async automatic(org: OrganisationRow, newcomer: Claimant, earlierMembers: string[]) {
      const hub = await n.hubName();
      const told = new Set<string>([newcomer.email.toLowerCase()]);
      const tell = async (to: Claimant, path: string) => {
        if (told.has(to.email.toLowerCase())) return;
        told.add(to.email.toLowerCase());
        const t = textOf(to.locale).claim;
        const body = t.automaticBody(
          to.name,
          newcomer.name,
          newcomer.email,
          org.name,
          link(to.locale, path),
        );
        await send(to, t.automaticSubject(hub, org.name), body);
      };
      for (const member of earlierMembers) {
        const person = await n.userById(member);
        if (person) await tell(person, `/annuaire/${org.slug}/modifier`);
      }
      for (const person of await n.staff()) await tell(person, '/admin/revendications');
    },
  };
}

/**
 * Claims: joining an organisation at once by a verified address on the domain of a website the
 * hub's team or the register gave, or after staff approve; revoking a membership given at once.
 */
export function claimRules(
  db: Kysely<DB>,
  load: (slug: string) => Promise<OrganisationRow>,
  notice?: ClaimNotice,
) {
  const orgs = organisationsRepository(db);
  const claims = claimsRepository(db);
  const mails = notice ? claimMails(db, notice) : undefined;

  /** a membership given at once, in one transaction; the id of its claim */
  async function joinAtOnce(org: OrganisationRow, userId: string, message: string) {
    return db.transaction().execute(async (trx) => {
      const id = await claimsRepository(trx).create({
        organisationId: org.id,
        userId,
        method: 'email_domain',
        status: 'approved',
        message,
      });
      await organisationsRepository(trx).addMember(org.id, userId);
      return id;
    });
  }

  return {
    /**
     * Immediate when the address is verified, its domain is the website's, and the website came
     * from the hub's team or the register (then the team and the earlier members are told);
     * otherwise waits for staff. An unverified address claims nothing (ADDRESS_NOT_VERIFIED).
     */
    async claim(
      actor: Actor,
      slug: string,
      message: string,
    ): Promise<'member' | 'pending' | 'already'> {
      if (actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
      if (!actor.user.verified) throw directoryError('ADDRESS_NOT_VERIFIED');
      const org = await load(slug);
      if (await orgs.isMember(org.id, actor.user.id)) return 'already';
      if (emailMatchesWebsite(actor.user.email, org.website) && websiteVouches(org)) {
        const earlier = await claims.memberIds(org.id);
        await joinAtOnce(org, actor.user.id, message);
        await mails?.automatic(org, actor.user, earlier);
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

    /** the automatic memberships of the last 30 days, for the claims queue (staff) */
    recentAutomaticClaims: () => claims.recentAutomatic(recent()),

    /** those of one organisation that this person may revoke, for its edit page */
    async revocableClaims(actor: Actor, org: OrganisationRow) {
      if (actor.kind !== 'user') return [];
      const since = (await claims.memberSince(org.id, actor.user.id)) ?? null;
      const rows = await claims.recentAutomatic(recent(), org.id);
      return rows.filter(
        (c) =>
          c.decided_at !== null &&
          can.revokeClaim(actor, { memberSince: since, claimedAt: c.decided_at }),
      );
    },

    /**
     * Ends a membership given at once, and records who revoked it and when: staff, or a member
     * of its organisation from before it (for a profile's address, the claim must be of that
     * organisation). CLAIM_NOT_REVOCABLE when it is not an automatic membership in force.
     */
    async revokeClaim(actor: Actor, id: number, slug?: string): Promise<void> {
      if (actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
      const claim = await claims.automatic(id);
      const org = slug === undefined ? undefined : await load(slug);
      if (!claim?.decided_at || (org && claim.organisation_id !== org.id)) {
        throw directoryError('CLAIM_NOT_REVOCABLE');
      }
      const since = (await claims.memberSince(claim.organisation_id, actor.user.id)) ?? null;
      authorize(actor, can.revokeClaim, { memberSince: since, claimedAt: claim.decided_at });
      const revoked = await db
        .transaction()
        .execute((trx) => claimsRepository(trx).revoke(claim.id, actor.user.id));
      if (!revoked) throw directoryError('CLAIM_NOT_REVOCABLE');
    },

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
      await mails?.decision(decided, decision);
    },
  };
}
