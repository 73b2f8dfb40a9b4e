import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { loadProgrammesDemo } from './programmes.demo.ts';

type CallJson = { id: number; slug: string; status: string; demo: boolean; closes_at: string };

/** The programmes' demo: a closed call of 2015 and an open one to try, both marked demo. */
describe.each(engines())('the programmes demo on %s', (engine) => {
  let t: TestApp;
  const now = new Date('2026-12-03T10:00:00Z');
  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadProgrammesDemo(t.database.db, now);
  });
  afterAll(async () => t?.close());

  async function calls(): Promise<CallJson[]> {
    const res = await t.app.inject('/api/v1/calls');
    expect(res.statusCode).toBe(200);
    return res.json().items;
  }

  it('opens a call to try and keeps the 2015 one closed, both said to be demonstration data', async () => {
    const items = await calls();
    expect(items.map((c) => [c.slug, c.status, c.demo])).toEqual([
      ['accelerateurs-demo', 'open', true],
      ['accelerateurs-2015', 'closed', true],
    ]);
    const open = items[0] as CallJson;
    expect(new Date(open.closes_at).getTime()).toBeGreaterThan(now.getTime());
  });

  it('gives the open call a form whose conditional field and group read as the API says', async () => {
    const open = (await calls())[0] as CallJson;
    const res = await t.app.inject({
      url: `/api/v1/calls/${open.id}/form`,
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(200);
    const fields = res.json().fields as { key: string; type: string; show_if?: unknown }[];
    expect(fields.map((f) => f.type)).toContain('siret');
    expect(fields.find((f) => f.key === 'investors')?.show_if).toEqual({
      field: 'has_investors',
      equals: true,
    });
    expect(fields.find((f) => f.key === 'team')?.type).toBe('group');
  });

  it('changes nothing when loaded again', async () => {
    await loadProgrammesDemo(t.database.db, new Date('2027-06-01T10:00:00Z'));
    expect((await calls()).length).toBe(2);
  });
});
