import type { Kysely } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';

/** a call as its public pages show it, with its programme and the programme's owner */
export type CallListing = {
  id: number;
  slug: string;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  opens_at: Date;
  closes_at: Date;
  grace_until: Date;
  eligibility: unknown;
  current_form_version: number | null;
  is_demo: boolean;
  programme_name_fr: string;
  programme_name_en: string;
  programme_description_fr: string;
  programme_description_en: string;
  owner_name: string | null;
  owner_slug: string | null;
};

/** an application as its applicant's list shows it */
export type ApplicationListing = {
  id: number;
  state: ApplicationState;
  acknowledgement: string | null;
  started_at: Date;
  submitted_at: Date | null;
  updated_at: Date;
  is_demo: boolean;
  call_slug: string;
  call_title_fr: string;
  call_title_en: string;
  closes_at: Date;
  organisation_name: string;
};

/** an organisation a person may apply for: they are its member */
export type MemberOrganisation = { id: string; name: string; slug: string; siren: string | null };

/** What the applicant's pages read: calls with their programme, a person's applications. */
export function applicantPagesRepository(db: Kysely<DB>) {
  const calls = () =>
    db
      .selectFrom('programme_calls as c')
      .innerJoin('programmes as p', 'p.id', 'c.programme_id')
      .leftJoin('organisations as o', 'o.id', 'p.owner_organisation_id')
      .select([
        'c.id',
        'c.slug',
        'c.title_fr',
        'c.title_en',
        'c.description_fr',
        'c.description_en',
        'c.opens_at',
        'c.closes_at',
        'c.grace_until',
        'c.eligibility',
        'c.current_form_version',
        'c.is_demo',
        'p.name_fr as programme_name_fr',
        'p.name_en as programme_name_en',
        'p.description_fr as programme_description_fr',
        'p.description_en as programme_description_en',
        'o.name as owner_name',
        'o.slug as owner_slug',
      ]);
  return {
    /** the calls closing after `since`, the soonest to close first */
    callsClosingAfter(since: Date): Promise<CallListing[]> {
      return calls()
        .where('c.closes_at', '>', since)
        .orderBy('c.closes_at')
        .orderBy('c.id')
        .execute();
    },

    /** the calls closed before `before`, the latest first */
    callsClosedBefore(before: Date, limit: number): Promise<CallListing[]> {
      return calls()
        .where('c.closes_at', '<=', before)
        .orderBy('c.closes_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(limit)
        .execute();
    },

    callBySlug(slug: string): Promise<CallListing | undefined> {
      return calls().where('c.slug', '=', slug).executeTakeFirst();
    },

    /** the organisations this person is a member of (those merged away are gone) */
    memberOrganisations(userId: string): Promise<MemberOrganisation[]> {
      return db
        .selectFrom('organisation_members as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .where('m.user_id', '=', userId)
        .where('o.merged_into', 'is', null)
        .select(['o.id', 'o.name', 'o.slug', 'o.siren'])
        .orderBy('o.name')
        .execute();
    },

    /** the live applications of these organisations to a call: organisation → application */
    async liveApplications(callId: number, organisationIds: readonly string[]) {
      if (organisationIds.length === 0) return new Map<string, { id: number; state: string }>();
      const rows = await db
        .selectFrom('programme_applications')
        .select(['id', 'organisation_id', 'state'])
        .where('call_id', '=', callId)
        .where('organisation_id', 'in', [...organisationIds])
        .where('state', '<>', 'withdrawn')
        .execute();
      return new Map(rows.map((r) => [r.organisation_id, { id: Number(r.id), state: r.state }]));
    },

    /** the applications of the organisations this person is a member of, the latest first */
    applicationsOfMember(userId: string): Promise<ApplicationListing[]> {
      return db
        .selectFrom('programme_applications as a')
        .innerJoin('organisation_members as m', (j) =>
          j.onRef('m.organisation_id', '=', 'a.organisation_id').on('m.user_id', '=', userId),
        )
        .innerJoin('programme_calls as c', 'c.id', 'a.call_id')
        .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
        .select([
          'a.id',
          'a.state',
          'a.acknowledgement',
          'a.started_at',
          'a.submitted_at',
          'a.updated_at',
          'a.is_demo',
          'c.slug as call_slug',
          'c.title_fr as call_title_fr',
          'c.title_en as call_title_en',
          'c.closes_at',
          'o.name as organisation_name',
        ])
        .orderBy('a.updated_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(200)
        .execute();
    },

    /** the names of the people in an application's history */
    async peopleNames(ids: readonly string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    async organisationName(id: string): Promise<{ name: string; slug: string } | undefined> {
      return db
        .selectFrom('organisations')
        .select(['name', 'slug'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async callOf(callId: number): Promise<CallListing | undefined> {
      return calls().where('c.id', '=', callId).executeTakeFirst();
    },
  };
}
