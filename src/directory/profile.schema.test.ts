import { describe, expect, it } from 'vitest';
import { selfDeclaredForm } from './profile.schema.ts';

const declared = (website: string) =>
  selfDeclaredForm.safeParse({
    version: '1',
    description_fr: '',
    description_en: '',
    website,
    tags: '',
    headcount: '',
    headcount_year: '',
  });

describe('a self-declared website', () => {
  it('is a web address that reads as the place it leads to', () => {
    expect(declared('https://alpes-informatique.example').success).toBe(true);
    expect(declared('').success).toBe(true);
  });

  it('refuses text reordered on screen, other schemes and addresses without a host', () => {
    for (const bad of [
      'https://\u202eelpmaxe.live',
      'https://good.example\u2067.evil',
      'javascript:alert(1)',
      'https:///x',
      '//evil.example',
    ]) {
      const parsed = declared(bad);
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toContain('urlInvalid');
    }
  });
});
