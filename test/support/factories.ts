import { randomInt } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB, Role } from '../../src/db/schema.ts';
import type { Actor } from '../../src/kernel/policy.ts';
import { slugify } from '../../src/kernel/slug.ts';
import { headcountBand } from '../../src/sirene/headcount.ts';

export type OrgInput = {
  name: string;
  kind?: string;
  status?: string;
  siren?: string | null;
  fields?: string[];
  tags?: string[];
  communes?: string[];
  band?: string | null;
  bandYear?: number | null;
  createdOn?: string | null;
  description?: string;
  restricted?: boolean;
  demo?: boolean;
  headOfficeInTerritory?: boolean;
};

/** The smallest valid organisation: a name is enough; everything else can be said. */
export async function buildOrganisation(
  db: Kysely<DB>,
  input: OrgInput,
): Promise<{ id: string; slug: string }> {
  const band = headcountBand(input.band ?? null);
  const slug = `${slugify(input.name)}-${randomInt(1e9)}`;
  const row = await db
    .insertInto('organisations')
    .values({
      slug,
      name: input.name,
      kind: input.kind ?? 'sme',
      status: input.status ?? 'active',
      siren: input.siren ?? null,
      field_slugs: input.fields ?? [],
      tags: input.tags ?? [],
      communes: input.communes ?? ['38185'],
      headcount_band: band ? (input.band ?? null) : null,
      headcount_min: band?.min ?? null,
      headcount_max: band?.max ?? null,
      headcount_year: band ? (input.bandYear ?? 2024) : null,
      headcount_source: band ? 'register' : null,
      created_on: input.createdOn ?? null,
      description_fr: input.description ?? '',
      restricted: input.restricted ?? false,
      is_demo: input.demo ?? false,
      head_office_in_territory: input.headOfficeInTerritory ?? true,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * Many organisations at once, each with a register headcount observation of its band (and a
 * funding round that year when asked): enough rows for the lists behind a figure, written a
 * few hundred per statement. Names repeat in threes, so that lists must order beyond the name.
 */
export async function buildManyOrganisations(
  db: Kysely<DB>,
  input: {
    count: number;
    prefix: string;
    band: string;
    fields?: string[];
    fundedOn?: string;
  },
): Promise<string[]> {
  const band = headcountBand(input.band);
  const ids: string[] = [];
  for (let start = 0; start < input.count; start += 500) {
    const size = Math.min(500, input.count - start);
    const rows = await db
      .insertInto('organisations')
      .values(
        Array.from({ length: size }, (_, k) => {
          const i = start + k;
          const name = `${input.prefix} ${String(Math.floor(i / 3)).padStart(5, '0')}`;
          return {
            slug: `${slugify(name)}-${i}-${randomInt(1e9)}`,
            name,
            kind: 'sme',
            field_slugs: input.fields ?? [],
            communes: ['38185'],
            headcount_band: input.band,
            headcount_min: band?.min ?? null,
            headcount_max: band?.max ?? null,
            headcount_year: 2024,
            headcount_source: 'register',
            head_office_in_territory: true,
          };
        }),
      )
      .returning('id')
      .execute();
    const batch = rows.map((r) => r.id);
    await db
      .insertInto('headcount_observations')
      .values(
        batch.map((id) => ({
          organisation_id: id,
          band: input.band,
          year: 2024,
          source: 'register',
          observed_on: '2025-06-30',
        })),
      )
      .execute();
    const fundedOn = input.fundedOn;
    if (fundedOn) {
      await db
        .insertInto('funding_rounds')
        .values(batch.map((id) => ({ organisation_id: id, announced_on: fundedOn, stage: 'seed' })))
        .execute();
    }
    ids.push(...batch);
  }
  return ids;
}

/**
 * Gives the account of this address a role (a sign-up makes a member), as an administrator
 * would; returns the account's id.
 */
export async function giveRole(db: Kysely<DB>, email: string, role: Role): Promise<string> {
  const row = await db
    .updateTable('users')
    .set({ role, updated_at: sql`now()` })
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new Error(`no account for ${email}`);
  return row.id;
}

let people = 0;

/** a person with a role (a verified address unless told), as a service sees them */
export async function person(
  db: Kysely<DB>,
  options: { role?: Role; verified?: boolean; locale?: 'fr' | 'en' } = {},
): Promise<Actor & { kind: 'user' }> {
  people += 1;
  const email = `applicant.${process.pid}.${people}.${randomInt(1e9)}@example.org`;
  const row = await db
    .insertInto('users')
    .values({
      email,
      name: `Personne ${people}`,
      role: options.role ?? 'member',
      locale: options.locale ?? 'fr',
      email_verified_at: options.verified === false ? null : new Date(),
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return {
    kind: 'user',
    via: 'session',
    user: {
      id: row.id,
      name: `Personne ${people}`,
      email,
      role: options.role ?? 'member',
      locale: options.locale ?? 'fr',
      createdAt: row.created_at,
      verified: options.verified !== false,
    },
  };
}
