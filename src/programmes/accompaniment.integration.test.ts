import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { auditService } from '../audit/audit.service.ts';
import { accompanimentService } from './accompaniment.service.ts';
import { labelsFixture, laureate } from './labels.testing.ts';

describe.each(engines())('accompaniment of laureates (%s)', (engine) => {
  const f = labelsFixture(engine);
  const page = () => `/admin/programmes/candidatures/${f.winner.applicationId}/accompagnement`;
  const milestones = () =>
    f.db
      .selectFrom('accompaniment_milestones')
      .selectAll()
      .where('application_id', '=', f.winner.applicationId)
      .orderBy('id')
      .execute();

  it('lets staff add a milestone; refuses an incomplete one with its messages, nothing written', async () => {
    const form = await f.staff.get(page());
    expect(form.statusCode).toBe(200);
    const bad = await f.staff.post(page(), {
      title: ' ',
      description: 'gardé',
      due_on: '2026-02-30',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Donnez un intitulé au jalon.');
    expect(bad.body).toContain('Saisissez une date au format AAAA-MM-JJ.');
    expect(bad.body).toContain('gardé');
    expect(await milestones()).toEqual([]);

    const ok = await f.staff.post(page(), {
      title: 'Premier comité',
      description: 'Point d’étape',
      due_on: '2020-01-10',
    });
    expect(ok.statusCode).toBe(303);
    const [m] = await milestones();
    expect(m).toMatchObject({ title: 'Premier comité', due_on: '2020-01-10', status: 'planned' });
    const log = await auditService(f.db).ofSubject('milestone', String(m?.id));
    expect(log.map((e) => e.action)).toEqual(['added']);
  });

  it('shows a late milestone to the laureate’s members, refuses others (403) and visitors', async () => {
    const res = await f.member.get(`/candidatures/${f.winner.applicationId}/accompagnement`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Premier comité');
    expect(res.body).toContain('En retard');
    // members read: no staff form
    expect(res.body).not.toContain('/admin/programmes/jalons/');
    const application = await f.member.get(`/candidatures/${f.winner.applicationId}`);
    expect(application.body).toContain(`/candidatures/${f.winner.applicationId}/accompagnement`);
    const other = await f.outsider.get(`/candidatures/${f.winner.applicationId}/accompagnement`);
    expect(other.statusCode).toBe(403);
    const visitor = await f.t.app.inject({
      method: 'GET',
      url: `/candidatures/${f.winner.applicationId}/accompagnement`,
    });
    expect(visitor.statusCode).toBe(401);
    expect((await f.member.post(page(), { title: 'x', due_on: '2030-01-01' })).statusCode).toBe(
      403,
    );
  });

  it('counts late milestones on the staff’s dashboard and lists them', async () => {
    const home = await f.staff.get('/admin');
    expect(home.statusCode).toBe(200);
    expect(home.body).toMatch(/\d+ jalons? en retard/);
    expect(home.body).not.toContain('Aucun jalon en retard.');
    const late = await f.staff.get('/admin/programmes/accompagnement');
    expect(late.body).toContain('Premier comité');
    expect(late.body).toContain('Lauréat Alpha');
  });

  it('links the staff’s page of a laureate to its accompaniment', async () => {
    const res = await f.staff.get(`/admin/programmes/candidatures/${f.winner.applicationId}`);
    expect(res.body).toContain(`href="${page()}"`);
  });

  it('marks done, reopens, moves the due date; each change audited once', async () => {
    const [m] = await milestones();
    const id = m?.id ?? 0;
    await f.staff.get(page());
    const done = await f.staff.post(`/admin/programmes/jalons/${id}`, { action: 'done' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(page());
    await f.staff.post(`/admin/programmes/jalons/${id}`, { action: 'done' });
    expect((await milestones())[0]?.status).toBe('done');
    await f.staff.post(`/admin/programmes/jalons/${id}`, { action: 'reopen' });
    const due = await f.staff.post(`/admin/programmes/jalons/${id}`, {
      action: 'due',
      due_on: '2099-05-01',
    });
    expect(due.statusCode).toBe(303);
    const bad = await f.staff.post(`/admin/programmes/jalons/${id}`, {
      action: 'due',
      due_on: 'x',
    });
    expect(bad.statusCode).toBe(422);
    expect((await milestones())[0]).toMatchObject({ status: 'planned', due_on: '2099-05-01' });
    const log = await auditService(f.db).ofSubject('milestone', id);
    expect(log.map((e) => [e.action, e.after])).toEqual([
      ['added', { title: 'Premier comité', due_on: '2020-01-10', status: 'planned' }],
      ['status', { status: 'done' }],
      ['status', { status: 'planned' }],
      ['due_changed', { due_on: '2099-05-01' }],
    ]);
    expect((await auditService(f.db).verify()).ok).toBe(true);
    expect(
      (await f.member.post(`/admin/programmes/jalons/${id}`, { action: 'done' })).statusCode,
    ).toBe(403);
  });

  it('computes late in Paris time: due on the 10th is late from midnight in Paris', async () => {
    const [m] = await milestones();
    await f.db
      .updateTable('accompaniment_milestones')
      .set({ due_on: '2026-06-10' })
      .where('id', '=', m?.id ?? 0)
      .execute();
    const at = (iso: string) => accompanimentService(f.db, () => new Date(iso));
    // 23:30 on 10 June in Paris (summer time, UTC+2): still due today
    const before = await at('2026-06-10T21:30:00Z').view(f.staffActor, f.winner.applicationId);
    expect(before.milestones[0]?.late).toBe(false);
    // 00:30 on 11 June in Paris, still the 10th in UTC: late
    const after = await at('2026-06-10T22:30:00Z').view(f.staffActor, f.winner.applicationId);
    expect(after.today).toBe('2026-06-11');
    expect(after.milestones[0]?.late).toBe(true);
    expect(await at('2026-06-10T22:30:00Z').lateCount()).toBeGreaterThanOrEqual(1);
  });

  it('refuses milestones on an application that is not accepted (409)', async () => {
    const pending = await laureate(f.db, f.staffActor, f.callId, 'En examen SAS', false);
    const url = `/admin/programmes/candidatures/${pending.applicationId}/accompagnement`;
    await f.staff.get('/admin');
    const res = await f.staff.post(url, { title: 'Jalon', due_on: '2030-01-01' });
    expect(res.statusCode).toBe(409);
    expect((await f.staff.get(url)).statusCode).toBe(409);
  });
});
