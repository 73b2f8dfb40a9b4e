import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, requireUser } from '../kernel/policy.ts';
import {
  type ApplicationListing,
  applicantPagesRepository,
  type CallListing,
  type MemberOrganisation,
} from './applicant-pages.repository.ts';
import type { ApplicationsService, ApplicationView } from './applications.service.ts';
import { attachmentsRepository } from './attachments.repository.ts';
import { type ApplicantDecision, applicantDecision } from './decisions.service.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import {
  type EligibilityRule,
  eligibilityRules,
  type Ineligibility,
  ineligibilities,
} from './eligibility.ts';
import { type FormField, storedFields } from './forms/definition.ts';
import { programmesRepository } from './programmes.repository.ts';
import { type CallStatus, callStatus } from './programmes.service.ts';

/** how many closed calls the public list shows, the latest first */
const CLOSED_SHOWN = 10;

export type CallSummary = CallListing & { status: CallStatus };

/** an organisation of the person, facing a call: its application there, or why it may not apply */
export type ApplicantChoice = MemberOrganisation & {
  application: { id: number; state: string } | null;
  reasons: Ineligibility[];
};

export type CallPageData = {
  call: CallSummary;
  rules: EligibilityRule[];
  fields: FormField[];
  /** null: a visitor (the page asks them to sign in) */
  organisations: ApplicantChoice[] | null;
  /** the person's address is not verified yet: they may not act for an organisation */
  unverified: boolean;
};

/** a file attached to an application, as its pages show it */
export type AttachmentSummary = { id: number; field: string; name: string; size: number };

export type ApplicationPageData = {
  application: ApplicationView;
  files: AttachmentSummary[];
  call: CallSummary;
  fields: FormField[];
  organisation: { name: string; slug: string };
  /** the people in the history, by id */
  people: Map<string, string>;
  /** once decided: the outcome, its reasons, the jury's comments to the applicant (no names) */
  decision: ApplicantDecision | null;
};

/**
 * What the applicant's pages show: the calls, a call with what the person may do there, their
 * applications, one application with its form version. Acting (start, save, submit, withdraw) is
 * the applications' service.
 */
export function applicantService(
  db: Kysely<DB>,
  applications: ApplicationsService,
  clock: () => Date = () => new Date(),
) {
  const pages = applicantPagesRepository(db);
  const withStatus = (c: CallListing, now: Date): CallSummary => ({
    ...c,
    status: callStatus(c, now),
  });

  async function formOf(callId: number, version: number | null): Promise<FormField[]> {
    if (version === null) return [];
    const form = await programmesRepository(db).formVersion(callId, version);
    return form ? storedFields(form.fields) : [];
  }

  return {
    /** open and upcoming calls, the soonest to close first, then the latest closed ones */
    async list(): Promise<{ current: CallSummary[]; closed: CallSummary[] }> {
      const now = clock();
      const [current, closed] = await Promise.all([
        pages.callsClosingAfter(now),
        pages.callsClosedBefore(now, CLOSED_SHOWN),
      ]);
      return {
        current: current.map((c) => withStatus(c, now)),
        closed: closed.map((c) => withStatus(c, now)),
      };
    },

    async call(actor: Actor, slug: string): Promise<CallPageData> {
      const listing = await pages.callBySlug(slug);
      if (!listing) throw coreError('NOT_FOUND');
      const call = withStatus(listing, clock());
      const rules = eligibilityRules.parse(call.eligibility);
      const fields = await formOf(call.id, call.current_form_version);
      if (actor.kind !== 'user')
        return { call, rules, fields, organisations: null, unverified: false };
      const mine = await pages.memberOrganisations(actor.user.id);
      const live = await pages.liveApplications(
        call.id,
        mine.map((o) => o.id),
      );
      const facts = directoryFactsRepository(db);
      const organisations = await Promise.all(
        mine.map(async (o) => {
          const known = await facts.byId(o.id);
          return {
            ...o,
            application: live.get(o.id) ?? null,
            reasons: known ? ineligibilities(rules, known) : [],
          };
        }),
      );
      return { call, rules, fields, organisations, unverified: !actor.user.verified };
    },

    /** the applications of the organisations the person is a member of */
    mine(actor: Actor): Promise<ApplicationListing[]> {
      return pages.applicationsOfMember(requireUser(actor).id);
    },

    /** an application (read as the applications' service allows) with its call and form */
    async application(actor: Actor, id: number): Promise<ApplicationPageData> {
      const application = await applications.get(actor, id);
      const [listing, fields, organisation, files, decision] = await Promise.all([
        pages.callOf(application.call_id),
        formOf(application.call_id, application.form_version),
        pages.organisationName(application.organisation_id),
        attachmentsRepository(db).listed(id),
        applicantDecision(db, id),
      ]);
      if (!listing || !organisation) throw coreError('NOT_FOUND');
      const ids = application.history.flatMap((h) => (h.actor_id ? [h.actor_id] : []));
      return {
        application,
        call: withStatus(listing, clock()),
        fields,
        organisation,
        files: files.map((f) => ({
          id: Number(f.id),
          field: f.field_key,
          name: f.original_name,
          size: Number(f.size),
        })),
        people: await pages.peopleNames([...new Set(ids)]),
        decision,
      };
    },

    /** the call's title in a language */
    title: (call: Pick<CallListing, 'title_fr' | 'title_en'>, locale: Locale) =>
      locale === 'en' ? call.title_en : call.title_fr,
  };
}

export type ApplicantService = ReturnType<typeof applicantService>;
