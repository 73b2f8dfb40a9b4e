import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { auditService } from '../audit/audit.service.ts';
import { insertLabel, labelsFixture } from './labels.testing.ts';

describe.each(engines())('labels: withdrawal by staff (%s)', (engine) => {
  const f = labelsFixture(engine);
  let id = 0;
  const state = () =>
    f.db
      .selectFrom('labels')
      .select(['status', 'withdrawn_reason', 'withdrawn_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const entries = () => auditService(f.db).ofSubject('label', id);

  beforeAll(async () => {
    id = await insertLabel(f.db, {
      organisationId: f.winner.organisationId,
      callId: f.callId,
      applicationId: f.winner.applicationId,
      validFrom: '2024-01-15',
    });
  });

  it('lists the labels for staff only', async () => {
    const list = await f.staff.get('/admin/programmes/labels');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/admin/programmes/labels/${id}"`);
    expect((await f.member.get('/admin/programmes/labels')).statusCode).toBe(403);
    expect((await f.member.get(`/admin/programmes/labels/${id}`)).statusCode).toBe(403);
  });

  it('refuses a withdrawal without a reason: the form again with a message, nothing written', async () => {
    await f.staff.get(`/admin/programmes/labels/${id}`);
    const res = await f.staff.post(`/admin/programmes/labels/${id}/retrait`, { reason: '   ' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Donnez le motif du retrait.');
    expect((await state()).status).toBe('active');
    expect((await entries()).map((e) => e.action)).toEqual(['conferred']);
  });

  it('refuses a member (403), nothing written', async () => {
    await f.member.get('/labels');
    const res = await f.member.post(`/admin/programmes/labels/${id}/retrait`, { reason: 'Non' });
    expect(res.statusCode).toBe(403);
    expect((await state()).status).toBe('active');
  });

  it('withdraws with a reason, in the audit log, then answers 409 to a second one', async () => {
    await f.staff.get(`/admin/programmes/labels/${id}`);
    const res = await f.staff.post(`/admin/programmes/labels/${id}/retrait`, {
      reason: '  Engagements non tenus  ',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/programmes/labels/${id}`);
    const row = await state();
    expect(row.status).toBe('withdrawn');
    expect(row.withdrawn_reason).toBe('Engagements non tenus');
    expect(row.withdrawn_by).not.toBeNull();
    const log = await entries();
    expect(log.map((e) => e.action)).toEqual(['conferred', 'withdrawn']);
    expect(log[1]).toMatchObject({
      before: { status: 'active' },
      after: { status: 'withdrawn', reason: 'Engagements non tenus' },
    });
    const application = await auditService(f.db).ofApplication(f.winner.applicationId);
    expect(application.some((e) => e.subject_type === 'label')).toBe(true);
    const verified = await auditService(f.db).verify();
    expect(verified.ok).toBe(true);

    const page = await f.staff.follow(res);
    expect(page.body).toContain('Le label a été retiré.');
    expect(page.body).not.toContain('name="reason"');
    const again = await f.staff.post(`/admin/programmes/labels/${id}/retrait`, {
      reason: 'Encore',
    });
    expect(again.statusCode).toBe(409);
    expect((await entries()).length).toBe(2);
    // the public page tells the reason, and not who withdrew it
    const pub = await f.outsider.get(`/labels/${id}`);
    expect(pub.body).toContain('Engagements non tenus');
    expect(pub.body).toContain('par l’équipe du hub');
  });
});
