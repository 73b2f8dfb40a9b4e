import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { headcountBand } from '../../src/directory/sirene/headcount.ts';
import { slugify } from '../../src/directory/slug.ts';

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
