import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { type JsonSchema, schemaErrors } from '../../test/support/json-schema.ts';
import type { DB } from '../db/schema.ts';
import { organisationsRepository } from './organisations.repository.ts';

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>;
};

/** the schema the served document gives an answer of a route, for one status and media type */
function responseSchema(doc: Doc, path: string, status: string, type = 'application/json') {
  const content = doc.paths[path]?.get?.responses[status]?.content as
    | Record<string, { schema: JsonSchema }>
    | undefined;
  return content?.[type]?.schema;
}

/**
 * A start-up with every part of its answer filled in: an establishment, a register band and a
 * declared figure, a relation, a funding round with an investor.
 */
async function documentedStartup(db: Kysely<DB>): Promise<{ id: string; slug: string }> {
  const startup = await buildOrganisation(db, {
    name: 'Optique Documentée',
    kind: 'startup',
    band: '02',
    createdOn: '2019-05-02',
    fields: ['photonique'],
    tags: ['lidar'],
  });
  const fund = await buildOrganisation(db, { name: 'Fonds Documenté', kind: 'investor' });
  await db
    .insertInto('establishments')
    .values({
      siret: '12345678900011',
      organisation_id: startup.id,
      is_head_office: true,
      status: 'open',
      commune_code: '38185',
      latitude: 45.19,
      longitude: 5.72,
      headcount_band: '02',
      headcount_year: 2024,
    } as never)
    .execute();
  await db
    .insertInto('headcount_observations')
    .values([
      {
        organisation_id: startup.id,
        band: '02',
        year: 2024,
        source: 'register',
        observed_on: '2025-01-31',
      },
      {
        organisation_id: startup.id,
        exact: 7,
        year: 2026,
        source: 'self',
        observed_on: '2026-02-01',
      },
    ])
    .execute();
  await organisationsRepository(db).refreshCurrentHeadcount(startup.id);
  await db
    .insertInto('organisation_relations')
    .values({
      from_id: fund.id,
      to_id: startup.id,
      type: 'invests_in',
      started_on: '2021-01-01',
      source: 'staff',
    })
    .execute();
  const round = await db
    .insertInto('funding_rounds')
    .values({
      organisation_id: startup.id,
      announced_on: '2022-03-01',
      amount_eur: 1_500_000,
      stage: 'seed',
      source: 'self',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('funding_round_investors')
    .values({ round_id: round.id, investor_id: fund.id })
    .execute();
  return startup;
}

describe.each(engines())('the directory’s API against its OpenAPI document on %s', (engine) => {
  let t: TestApp;
  let doc: Doc & JsonSchema;
  let startup: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp(engine);
    startup = await documentedStartup(t.database.db);
    doc = (await t.app.inject('/api/openapi.json')).json();
  });
  afterAll(async () => t?.close());

  it('documents what every directory route of /api/v1 answers', () => {
    const directoryPaths = Object.keys(doc.paths).filter((p) =>
      p.startsWith('/api/v1/organisations'),
    );
    expect(directoryPaths.sort()).toEqual([
      '/api/v1/organisations',
      '/api/v1/organisations.csv',
      '/api/v1/organisations.json',
      '/api/v1/organisations/{slug}',
      '/api/v1/organisations/{slug}/relations',
    ]);
    expect(responseSchema(doc, '/api/v1/organisations/{slug}/relations', '200')).toBeDefined();
    expect(doc.paths['/api/v1/relations/{id}']).toBeDefined();
    const item = responseSchema(doc, '/api/v1/organisations/{slug}', '200');
    const properties = item?.properties as Record<string, JsonSchema>;
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining([
        'id',
        'slug',
        'headcount',
        'headcount_history',
        'establishments',
        'relations',
        'funding_rounds',
      ]),
    );
    const headcount = (properties.headcount?.properties ?? {}) as Record<string, JsonSchema>;
    expect(JSON.stringify(headcount.source)).toContain('"self"');
    expect(responseSchema(doc, '/api/v1/organisations/{slug}', '404')).toBeDefined();
    expect(responseSchema(doc, '/api/v1/organisations', '200')).toBeDefined();
    expect(responseSchema(doc, '/api/v1/organisations.json', '200')?.type).toBe('array');
    expect(responseSchema(doc, '/api/v1/organisations.csv', '200', 'text/csv')?.type).toBe(
      'string',
    );
  });

  it('answers an organisation as the document says, with every part filled in', async () => {
    const res = await t.app.inject(`/api/v1/organisations/${startup.slug}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.headcount).toEqual({ band: null, min: 7, max: 7, year: 2026, source: 'self' });
    expect(body.establishments).toHaveLength(1);
    expect(body.relations).toHaveLength(1);
    expect(body.funding_rounds[0].investors).toHaveLength(1);
    const schema = responseSchema(doc, '/api/v1/organisations/{slug}', '200') as JsonSchema;
    expect(schemaErrors(body, schema, doc)).toEqual([]);
    // the check can fail: a source the API never gives, a field it does not have
    const altered = { ...body, headcount: { ...body.headcount, source: 'rumour' }, extra: 1 };
    expect(schemaErrors(altered, schema, doc)).toEqual([
      '$.headcount.source: matches 0 of the anyOf options',
      '$.extra: not in the schema',
    ]);
  });

  it('answers an unknown organisation, a search and a JSON export as the document says', async () => {
    const missing = await t.app.inject('/api/v1/organisations/nobody-here');
    expect(missing.statusCode).toBe(404);
    const notFound = responseSchema(doc, '/api/v1/organisations/{slug}', '404') as JsonSchema;
    expect(schemaErrors(missing.json(), notFound, doc)).toEqual([]);

    const found = await t.app.inject('/api/v1/organisations?q=documentee');
    expect(found.json().total).toBe(1);
    const list = responseSchema(doc, '/api/v1/organisations', '200') as JsonSchema;
    expect(schemaErrors(found.json(), list, doc)).toEqual([]);

    const exported = await t.app.inject('/api/v1/organisations.json?q=optique');
    expect(exported.json()).toHaveLength(1);
    const rows = responseSchema(doc, '/api/v1/organisations.json', '200') as JsonSchema;
    expect(schemaErrors(exported.json(), rows, doc)).toEqual([]);
  });

  it('documents the refusal of a search whose filters are malformed', async () => {
    const refused = await t.app.inject('/api/v1/organisations?headcount_min=many');
    expect(refused.statusCode).toBe(400);
    const error = responseSchema(doc, '/api/v1/organisations', '400') as JsonSchema;
    expect(error).toBeDefined();
    expect(schemaErrors(refused.json(), error, doc)).toEqual([]);
  });
});
