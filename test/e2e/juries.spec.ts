import { describe, expect, it } from 'vitest';
import { juryJourney, LABEL, ORGANISATION } from './juries.support.ts';
import { arrive, JOURNEY_TIMEOUT, pathOf, skipWithoutChromium } from './support.ts';

describe.skipIf(skipWithoutChromium)('a jury, from the reviews to the label', () => {
  const { the, a11y, signedIn, visit, score, mainText } = juryJourney();

  it(
    'two reviewers score (the second sees the first’s scores only after submitting), staff decide, the applicant downloads the letter, the laureate is listed',
    async () => {
      const w = the();
      const review = `/jury/candidatures/${w.applicationId}`;

      // the first reviewer saves, then submits
      const first = await signedIn(w.first);
      await visit(first, review);
      await score(
        first,
        { Innovation: '4', Équipe: '3' },
        'Prototype solide, équipe à étoffer.',
        'Enregistrer le brouillon',
      );
      await score(
        first,
        { Innovation: '4', Équipe: '3' },
        'Prototype solide, équipe à étoffer.',
        'Soumettre l’évaluation',
      );

      // the second sees none of it before submitting their own, then sees it
      const second = await signedIn(w.second);
      await visit(second, review);
      expect(await mainText(second)).not.toContain('Prototype solide');
      expect(await mainText(second)).not.toContain(w.first.name);
      await score(
        second,
        { Innovation: '5', Équipe: '2' },
        'Très innovant.',
        'Soumettre l’évaluation',
      );
      expect(await mainText(second)).toContain('Prototype solide');

      // staff: from the application's page to the decision, through the ranking
      const staff = await signedIn(w.staff);
      await visit(staff, `/admin/programmes/candidatures/${w.applicationId}`);
      await arrive(staff, () => staff.getByRole('link', { name: 'Classement de l’appel' }).click());
      await a11y().check(staff);
      expect(await mainText(staff)).toContain(ORGANISATION);
      await arrive(staff, () =>
        staff
          .getByRole('link', { name: new RegExp(`^Décider.*${ORGANISATION.slice(0, 10)}`) })
          .click(),
      );
      expect(pathOf(staff)).toBe(`/admin/programmes/candidatures/${w.applicationId}/decision`);
      await a11y().check(staff);
      expect(await mainText(staff)).toContain(w.first.name);
      await staff.getByLabel('Acceptée').check();
      await staff.getByLabel('Motifs').fill('Un prototype convaincant et une équipe engagée.');
      await arrive(staff, () =>
        staff.getByRole('button', { name: 'Enregistrer la décision et envoyer la lettre' }).click(),
      );
      await a11y().check(staff);
      expect(await mainText(staff)).toContain('Décision enregistrée');
      expect(await mainText(staff)).toContain(`Label conféré : ${LABEL}`);

      // the applicant reads the decision without the reviewers' names, and downloads the letter
      const applicant = await signedIn(w.applicant);
      await visit(applicant, `/candidatures/${w.applicationId}`);
      const seen = await mainText(applicant);
      expect(seen).toContain('Un prototype convaincant');
      expect(seen).not.toContain(w.first.name);
      expect(seen).not.toContain(w.second.name);
      expect(seen).not.toContain('Prototype solide');
      const href = await applicant
        .getByRole('link', { name: 'Télécharger la lettre de décision (PDF)' })
        .getAttribute('href');
      const letter = await applicant.request.get(new URL(href ?? '', applicant.url()).toString());
      expect(letter.status()).toBe(200);
      expect(letter.headers()['content-type']).toBe('application/pdf');
      expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');

      // the laureate is on the public list of labels
      await visit(applicant, '/labels');
      expect(await mainText(applicant)).toContain(ORGANISATION);
    },
    JOURNEY_TIMEOUT,
  );
});
