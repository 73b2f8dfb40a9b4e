import { describe, expect, it } from 'vitest';
import { parisClosing, reminderMail } from './reminders.worker.ts';

const due = {
  id: 42,
  organisation_id: 'o',
  applicant_id: 'u',
  call_title_fr: 'Appel d’été',
  call_title_en: 'Summer call',
  // 15:59 UTC in June is 17:59 in Paris (summer time)
  closes_at: new Date('2026-06-30T15:59:00Z'),
  organisation_name: 'Alpes Quantique',
};

describe('the reminder mail', () => {
  it('gives the closing in Paris time, summer or winter, in the language asked', () => {
    expect(parisClosing(due.closes_at, 'fr')).toBe('mardi 30 juin 2026 à 17:59');
    expect(parisClosing(due.closes_at, 'en')).toBe('Tuesday, 30 June 2026 at 17:59');
    expect(parisClosing(new Date('2026-01-15T23:30:00Z'), 'fr')).toBe(
      'vendredi 16 janvier 2026 à 00:30',
    );
  });

  it('links to the draft on the public address, English under /en, whatever its trailing slash', () => {
    const fr = reminderMail(
      due,
      { id: 'u1', email: 'a@example.org', name: 'Ana', locale: 'fr' },
      'https://hub.example/',
    );
    expect(fr.to).toBe('a@example.org');
    expect(fr.subject).toBe('Rappel : votre candidature à « Appel d’été » n’est pas déposée');
    expect(fr.text).toContain('Bonjour Ana,');
    expect(fr.text).toContain('La candidature de Alpes Quantique à l’appel « Appel d’été »');
    expect(fr.text).toContain('https://hub.example/candidatures/42\n');
    const en = reminderMail(
      due,
      { id: 'u2', email: 'b@example.org', name: 'Bo', locale: 'en' },
      'https://hub.example',
    );
    expect(en.subject).toBe('Reminder: your application to “Summer call” is not submitted');
    expect(en.text).toContain('https://hub.example/en/applications/42\n');
    expect(en.text).toContain('Tuesday, 30 June 2026 at 17:59 (Paris time)');
  });
});
