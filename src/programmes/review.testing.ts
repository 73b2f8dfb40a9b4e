import { afterAll, beforeAll } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { giveRole, person } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { applicationsService } from './applications.service.ts';
import { programmesService } from './programmes.service.ts';
import { FORM, HOUR, memberOrganisation } from './programmes.testing.ts';

/** a malicious answer, for the export */
export const ATTACK = '=HYPERLINK("http://evil.example","cliquez")';

/**
 * What the review pages' tests share: the whole server on one engine, a staff member signed in,
 * an open call whose form gained a field in its second version, and applications of named
 * organisations: alpha (submitted, a formula for a project, two founders), beta (submitted),
 * draft (a draft, "Gamma 100%"), delta (submitted on the second version, with the new field).
 */
class ReviewPagesFixture {
  t!: TestApp;
  staff!: TestClient;
  callId = 0;
  ids = { alpha: 0, beta: 0, draft: 0, delta: 0 };

  /** the staff's list of the call */
  list() {
    return `/admin/programmes/appels/${this.callId}/candidatures`;
  }

  /** an application of a new organisation of this name, submitted unless told */
  async apply(name: string, answers: object, submit = true) {
    const db = this.t.database.db;
    const actor = await person(db);
    const org = await memberOrganisation(db, actor, { name });
    const applications = applicationsService(db);
    const draft = await applications.start(
      actor,
      { callId: this.callId, organisationSiren: org.siren, answers },
      'fr',
    );
    if (submit) await applications.submit(actor, draft.id, 'fr');
    return draft.id;
  }

  async setUp(engine: EngineKind) {
    this.t = await createTestApp(engine);
    const db = this.t.database.db;
    const email = uniqueEmail('staff');
    this.staff = await signUp(this.t.app, { email });
    await giveRole(db, email, 'staff');
    const staffActor = await person(db, { role: 'staff' });
    const programmes = programmesService(db);
    const programmeId = await programmes.createProgramme(staffActor, {
      slug: 'revue',
      nameFr: 'Programme',
      nameEn: 'Programme',
    });
    const now = Date.now();
    this.callId = (
      await programmes.createCall(staffActor, {
        programmeId,
        slug: 'appel-revue',
        referenceCode: 'REV',
        titleFr: 'Appel revue',
        titleEn: 'Review call',
        opensAt: new Date(now - 24 * HOUR),
        closesAt: new Date(now + 24 * HOUR),
        graceUntil: new Date(now + 48 * HOUR),
        eligibility: [{ rule: 'active' }],
        form: FORM,
      })
    ).id;
    this.ids.alpha = await this.apply('Alpha Robotique', {
      project: ATTACK,
      founders: [{ name: 'Alice' }, { name: 'Bob' }],
    });
    this.ids.beta = await this.apply('Beta Labs', { project: 'Labs' });
    this.ids.draft = await this.apply('Gamma 100%', { project: 'Brouillon' }, false);
    // a newer version of the form adds a field: the older applications keep theirs
    await programmes.editForm(staffActor, this.callId, [
      ...FORM,
      { key: 'website', type: 'url', label: { fr: 'Site web', en: 'Website' } },
    ]);
    this.ids.delta = await this.apply('Delta', {
      project: 'Nouveau',
      website: 'https://delta.example',
    });
  }
}

/** the fixture, set up and closed by the describe block's hooks */
export function reviewPagesFixture(engine: EngineKind): ReviewPagesFixture {
  const f = new ReviewPagesFixture();
  beforeAll(async () => f.setUp(engine));
  afterAll(async () => f.t?.close());
  return f;
}
