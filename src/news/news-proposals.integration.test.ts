import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { newsError } from './news.errors.ts';
import { newsTestbed } from './news.testing.ts';

describe.each(engines())('news over HTTP: members’ proposals on %s', (engine) => {
  const bed = newsTestbed(engine);
  const { withRole } = bed;
  let t: TestApp;
  let staff: TestClient;
  let visitor: TestClient;
  beforeAll(() => {
    ({ t, staff, visitor } = bed);
  });

  it('lets a member propose a draft for its organisation, which staff review', async () => {
    const { client: member, user } = await withRole('member');
    const page = await member.get('/actualites/proposer');
    expect(page.body).toContain('revendiquez d’abord la fiche');
    const org = await buildOrganisation(t.database.db, { name: 'Proposante' });
    await t.database.db
      .insertInto('organisation_members')
      .values({ organisation_id: org.id, user_id: user.id })
      .execute();
    await member.get('/actualites/proposer');
    const empty = await member.post('/actualites/proposer', {
      organisation: org.slug,
      locale: 'fr',
      title: 'Notre levée',
      summary: '',
      body_md: '',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Notre levée');
    const notMine = await member.post('/actualites/proposer', {
      organisation: 'someone-else',
      locale: 'fr',
      title: 'X',
      summary: '',
      body_md: 'Y',
    });
    expect(notMine.statusCode).toBe(422);
    const sent = await member.post('/actualites/proposer', {
      organisation: org.slug,
      locale: 'fr',
      title: 'Notre levée',
      summary: '',
      body_md: 'Nous levons.',
    });
    expect(sent.statusCode).toBe(303);
    expect((await member.follow(sent)).body).toContain('En attente de relecture');
    const queue = await staff.get('/admin/actualites?propositions=1');
    expect(queue.body).toContain('Notre levée');
    expect(queue.body).toContain('Proposition d’un membre');
    // nothing is public until staff publish it
    expect((await visitor.get('/actualites/notre-levee')).statusCode).toBe(404);
    expect((await member.get('/admin/actualites')).statusCode).toBe(403);
  });

  it('declines a proposal once: deciding it again answers 409, saying so', async () => {
    const queue = await staff.get('/admin/actualites?propositions=1');
    const action = /action="(\/admin\/actualites\/\d+\/refuser)"/.exec(queue.body)?.[1];
    expect(action).toBeDefined();
    const declined = await staff.post(String(action), {});
    expect(declined.statusCode).toBe(303);
    expect((await staff.follow(declined)).body).not.toContain('Notre levée');
    const again = await staff.post(String(action), {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(newsError.table.PROPOSAL_ALREADY_DECIDED.fr);
  });
});
