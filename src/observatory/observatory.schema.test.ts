import { describe, expect, it } from 'vitest';
import { parseEvidence } from './observatory.schema.ts';

describe("a milestone's evidence", () => {
  it('takes web addresses and paths of this site, one per line, with a label', () => {
    expect(
      parseEvidence('Communiqué | https://www.grenoble.fr/label\n/actualites/grenoble-labellisee'),
    ).toEqual([
      { label: 'Communiqué', url: 'https://www.grenoble.fr/label' },
      { label: '/actualites/grenoble-labellisee', url: '/actualites/grenoble-labellisee' },
    ]);
  });

  it('refuses a link that leads to another host while looking like a path, or reads reordered', () => {
    for (const bad of [
      'Preuve | //evil.example',
      '/\\evil.example',
      'https://\u202eelpmaxe.live',
      'javascript:alert(1)',
    ]) {
      expect(parseEvidence(bad), bad).toBeNull();
    }
  });
});
