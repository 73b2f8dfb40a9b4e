import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { reviewsRepository } from './reviews.repository.ts';
import { juryFixture } from './reviews.testing.ts';

describe.each(engines())('the jury’s pages (%s)', (engine) => {
  const f = juryFixture(engine);
  const page = (id: number) => `/jury/candidatures/${id}`;

  it('lists a reviewer’s assignments and opens only those', async () => {
    const app = await f.application();
    const list = await f.clients.a.get('/jury');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="${page(app.id)}"`);
    expect(list.body).toContain('À faire');
    expect(list.body).toContain('href="/jury/conflits"');
    const mine = await f.clients.a.get(page(app.id));
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Robots lunaires');
    expect(mine.body).toContain('name="scores.impact"');
    // a reviewer not assigned, a member: refused; staff read it without a form of their own
    expect((await f.clients.c.get(page(app.id))).statusCode).toBe(403);
    expect((await f.clients.member.get(page(app.id))).statusCode).toBe(403);
    expect((await f.clients.c.get('/jury')).body).not.toContain(page(app.id));
    const staff = await f.clients.staff.get(page(app.id));
    expect(staff.statusCode).toBe(200);
    expect(staff.body).not.toContain('name="scores.impact"');
    // in English, at its English address
    const en = await f.clients.a.get(`/en/jury/applications/${app.id}`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Comment to the jury');
  });

  it('hides the others’ scores until the reviewer submits, then names them', async () => {
    const app = await f.application();
    await f.clients.a.get(page(app.id));
    const submitted = await f.clients.a.post(page(app.id), {
      'scores.impact': '8',
      'scores.team': '3',
      comment_jury: 'Avis secret de A',
      comment_applicant: 'Bon dossier',
      version: '0',
      intent: 'submit',
    });
    expect(submitted.statusCode).toBe(303);
    expect((await f.clients.a.follow(submitted)).body).toContain('Évaluation soumise.');
    const before = await f.clients.b.get(page(app.id));
    expect(before.body).not.toContain('Avis secret de A');
    expect(before.body).not.toContain(f.names.a);
    expect(before.body).toContain('s’affichent une fois votre évaluation soumise');
    const done = await f.clients.b.post(page(app.id), {
      'scores.impact': '5',
      'scores.team': '5',
      version: '0',
      intent: 'submit',
    });
    expect(done.statusCode).toBe(303);
    const after = await f.clients.b.get(page(app.id));
    expect(after.body).toContain('Avis secret de A');
    expect(after.body).toContain(f.names.a);
    expect(after.body).toContain('6,333');
    expect((await f.clients.b.get('/jury')).body).toContain('Soumise');
  });

  it('shows refused scores next to their input with what was typed, nothing written', async () => {
    const app = await f.application();
    await f.clients.a.get(page(app.id));
    const res = await f.clients.a.post(page(app.id), {
      'scores.impact': '12',
      'scores.team': 'trois',
      comment_jury: 'Mon texte',
      version: '0',
      intent: 'submit',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Une note de 0 à 10.');
    expect(res.body).toContain('Une note entière.');
    expect(res.body).toContain('Mon texte');
    expect(res.body).toMatch(
      /name="scores.team"[^>]*value="trois"|value="trois"[^>]*name="scores.team"/,
    );
    expect(await reviewsRepository(f.t.database.db).review(app.a)).toBeUndefined();
  });

  it('shows a save over a newer version with the input kept and the stored one', async () => {
    const app = await f.application();
    await f.clients.a.get(page(app.id));
    const first = await f.clients.a.post(page(app.id), {
      'scores.impact': '4',
      comment_jury: 'Version enregistrée',
      version: '0',
      intent: 'save',
    });
    expect(first.statusCode).toBe(303);
    await f.clients.a.get(page(app.id));
    const stale = await f.clients.a.post(page(app.id), {
      'scores.impact': '9',
      comment_jury: 'Ma nouvelle saisie',
      version: '0',
      intent: 'save',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Ma nouvelle saisie');
    expect(stale.body).toContain('Version enregistrée');
    expect(stale.body).toContain('name="version" value="1"');
    const stored = await reviewsRepository(f.t.database.db).review(app.a);
    expect(stored?.comment_jury).toBe('Version enregistrée');
    // saving again from that page overwrites knowingly
    const again = await f.clients.a.post(page(app.id), {
      'scores.impact': '9',
      comment_jury: 'Ma nouvelle saisie',
      version: '1',
      intent: 'save',
    });
    expect(again.statusCode).toBe(303);
  });

  it('lets the application’s jury and staff discuss it, and nobody else', async () => {
    const app = await f.application();
    const to = `${page(app.id)}/discussion`;
    await f.clients.a.get(page(app.id));
    expect((await f.clients.a.post(to, { message: 'Qui connaît ce marché ?' })).statusCode).toBe(
      303,
    );
    await f.clients.staff.get(page(app.id));
    expect((await f.clients.staff.post(to, { message: 'Réponse de l’équipe' })).statusCode).toBe(
      303,
    );
    const read = await f.clients.b.get(page(app.id));
    expect(read.body).toContain('Qui connaît ce marché ?');
    expect(read.body).toContain('Réponse de l’équipe');
    const empty = await f.clients.b.post(to, { message: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Écrivez un message.');
    await f.clients.c.get('/jury');
    expect((await f.clients.c.post(to, { message: 'Intrus' })).statusCode).toBe(403);
    await f.clients.member.get('/compte');
    expect((await f.clients.member.post(to, { message: 'Intrus' })).statusCode).toBe(403);
    const posts = await reviewsRepository(f.t.database.db).posts(app.id);
    expect(posts.map((p) => p.body)).toEqual(['Qui connaît ce marché ?', 'Réponse de l’équipe']);
  });
});
